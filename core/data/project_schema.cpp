#include "data/project_schema.h"

#include <string>

#include "data/project.h"
#include "data/sqlite_statement.h"

namespace twinbench {
namespace {

// Version 1. Column values live in column_chunk as little-endian arrays (float64 for
// numeric, boolean and timestamp columns; int32 level codes for categorical ones).
constexpr char schema_v1[] = R"sql(
CREATE TABLE project_meta(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL);
CREATE TABLE dataset(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    time_zone TEXT NOT NULL DEFAULT '',
    running_state TEXT NOT NULL DEFAULT '',
    created_utc TEXT NOT NULL);
CREATE TABLE source(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    time_column TEXT NOT NULL DEFAULT '',
    row_count INTEGER NOT NULL DEFAULT 0,
    signature TEXT NOT NULL,
    UNIQUE(dataset_id, name));
CREATE TABLE source_file(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    delimiter TEXT NOT NULL,
    decimal_mark TEXT NOT NULL,
    timestamp_format TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    first_row INTEGER NOT NULL,
    rows_imported INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    imported_utc TEXT NOT NULL);
CREATE TABLE column_info(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    header TEXT NOT NULL,
    unit TEXT NOT NULL,
    type TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'none',
    UNIQUE(source_id, name));
CREATE TABLE column_level(
    column_id INTEGER NOT NULL REFERENCES column_info(id) ON DELETE CASCADE,
    code INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY(column_id, code)) WITHOUT ROWID;
CREATE TABLE column_chunk(
    column_id INTEGER NOT NULL REFERENCES column_info(id) ON DELETE CASCADE,
    first_row INTEGER NOT NULL,
    row_count INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(column_id, first_row)) WITHOUT ROWID;
CREATE TABLE rejected_row(
    id INTEGER PRIMARY KEY,
    source_file_id INTEGER NOT NULL REFERENCES source_file(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    reason TEXT NOT NULL,
    raw TEXT NOT NULL);
CREATE TABLE import_note(
    id INTEGER PRIMARY KEY,
    source_file_id INTEGER NOT NULL REFERENCES source_file(id) ON DELETE CASCADE,
    message TEXT NOT NULL);
CREATE TABLE condition(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    rule TEXT NOT NULL,
    UNIQUE(dataset_id, name));
CREATE TABLE model(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    fitted_utc TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    UNIQUE(dataset_id, kind));
CREATE TABLE scenario(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    spec_json TEXT NOT NULL,
    UNIQUE(dataset_id, name));
CREATE TABLE result(
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER REFERENCES scenario(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    json TEXT NOT NULL);
CREATE INDEX rejected_row_by_file ON rejected_row(source_file_id, line);
CREATE INDEX source_by_dataset ON source(dataset_id, position);
)sql";

// Version 2: how each file was read, so a re-import reads it the same way (the thousands
// separator, the header line, the settings the engineer gave), and the lines skipped
// before a file's table, kept with their text. header_line is NULL for files imported by
// version 1, which did not record it.
constexpr char schema_v2[] = R"sql(
ALTER TABLE source_file ADD COLUMN thousands TEXT NOT NULL DEFAULT '';
ALTER TABLE source_file ADD COLUMN header_line INTEGER;
ALTER TABLE source_file ADD COLUMN given TEXT NOT NULL DEFAULT '';
CREATE TABLE skipped_line(
    id INTEGER PRIMARY KEY,
    source_file_id INTEGER NOT NULL REFERENCES source_file(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    raw TEXT NOT NULL);
CREATE INDEX skipped_line_by_file ON skipped_line(source_file_id, line);
)sql";

}  // namespace

void migrate_project_schema(sqlite3* db, int from_version) {
    // Each step takes the file from version N to N+1 inside the caller's transaction.
    if (from_version < 1) {
        exec_sql(db, schema_v1);
        Statement meta(db, "INSERT INTO project_meta(key, value) VALUES (?1, ?2)");
        meta.bind(1, "created_by").bind(2, std::string("Twinbench ") + TWINBENCH_VERSION).run();
    }
    if (from_version < 2) exec_sql(db, schema_v2);
    set_integer_pragma(db, "user_version", project_schema_version);
    set_integer_pragma(db, "application_id", project_application_id);
}

}  // namespace twinbench
