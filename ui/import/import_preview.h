// What the import page shows before anything is written: each file parsed on its own
// (first rows only) and the roles the importer proposes for its columns, with the reason.
// Plain engine calls, no widgets, so the preview job can run on a worker thread.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <QString>

#include "common/progress.h"
#include "data/parsed_file.h"
#include "data/roles.h"

namespace twinbench::ui {

// Rows shown in the preview table.
inline constexpr std::size_t preview_rows = 200;
// Rows parsed for the preview's role detection: more than are shown, because some roles
// depend on the values (a scrap count that is 0 or 1 for the first hour looks like a 0/1
// defect flag).
inline constexpr std::size_t preview_detection_rows = 5000;

struct FilePreview {
    QString path;
    twinbench::ParsedFile parsed;  // the first preview_rows rows
    std::vector<twinbench::Role> roles;  // proposed, one per column of parsed.table
    // Why each role was proposed, one line per column ("changes in 12 steps and holds
    // between them: set by an operator -> control"), for a tooltip or a column of the page.
    std::vector<std::string> roleReasons;
    QString error;                       // the engine's message when the file cannot be read
    bool ok() const { return error.isEmpty(); }
};

// Parses the first rows of every file (a file that cannot be read gets its error, the
// others still preview) and detects roles over all of them at once: a unique role such as
// furnace_temp goes to one column of the whole import, as the importer does. A number
// column that reads two ways is listed in parsed.ambiguous_numbers (the importer would
// ask for the decimal mark), not an error. Throws twinbench::Cancelled when progress
// returns false.
std::vector<FilePreview> previewFiles(const QStringList& paths, const std::string& timeZone,
                                      const twinbench::FormatOverrides& overrides,
                                      const twinbench::ProgressCallback& progress);

// The first number column of the previews that reads two ways, as a sentence for the
// engineer ("... choose the decimal mark under File format"); empty when there is none.
QString ambiguousNumbersMessage(const std::vector<const FilePreview*>& previews);

// A column role as the engineer left it in the preview.
struct PreviewRole {
    std::string column;
    twinbench::Role role = twinbench::Role::none;
    twinbench::Role detected = twinbench::Role::none;
    bool edited = false;  // the engineer picked this role
};

// The --map overrides for the roles the engineer picked, as on the command line. The
// rest is left to the importer's detection over the whole files (the preview sees only
// their first rows); a unique role picked here is taken from whichever column the
// detection gave it to. The time axis is left out (each file keeps its own). A name seen
// twice counts once, as in the importer.
std::vector<std::pair<twinbench::Role, std::string>> roleOverrides(const std::vector<PreviewRole>& roles);

}  // namespace twinbench::ui
