// Schema of the .twin file and its forward migrations (docs/FILE_FORMAT.md).
#pragma once

#include <sqlite3.h>

namespace twinbench {

// 'TWNB': lets Twinbench tell its own files from other SQLite databases.
inline constexpr int project_application_id = 0x54574E42;

// Brings a database at `from_version` (0 = new, empty) up to project_schema_version.
void migrate_project_schema(sqlite3* db, int from_version);

}  // namespace twinbench
