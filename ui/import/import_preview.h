// What the import page shows before anything is written: each file parsed on its own
// (first rows only) and the roles auto-detection would give its columns. Plain engine
// calls, no widgets, so the preview job can run on a worker thread.
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

inline constexpr std::size_t preview_rows = 200;

struct FilePreview {
    QString path;
    twinbench::ParsedFile parsed;
    std::vector<twinbench::Role> roles;  // detected, one per column of parsed.table
    QString error;                       // the engine's message when the file cannot be read
    bool ok() const { return error.isEmpty(); }
};

// Parses the first rows of every file (a file that cannot be read gets its error, the
// others still preview) and detects roles over all of them at once: a unique role such as
// furnace_temp goes to one column of the whole import, as the importer does.
// Throws twinbench::Cancelled when progress returns false.
std::vector<FilePreview> previewFiles(const QStringList& paths, const std::string& timeZone,
                                      const twinbench::ProgressCallback& progress);

// A column role as the engineer left it in the preview.
struct PreviewRole {
    std::string column;
    twinbench::Role role = twinbench::Role::none;
    twinbench::Role detected = twinbench::Role::none;
};

// The --map overrides that make the import assign exactly the roles shown: every shown
// role, plus `none` where the engineer cleared a detected one. The time axis is left out
// (each file keeps its own). A name seen twice counts once, as in the importer.
std::vector<std::pair<twinbench::Role, std::string>> roleOverrides(const std::vector<PreviewRole>& roles);

}  // namespace twinbench::ui
