// Import of plant exports (CSV/TSV/semicolon, any common encoding, optionally gzip) into
// a dataset of the project. Files with the same columns are appended into one source
// (historian exports split by month); files with other columns become further sources
// of the same dataset (manual checks, maintenance log, batch list), aligned to the main
// source by time when read for modelling.
//
// Bad rows never vanish: each is kept with file, line and reason. A file that cannot be
// read at all throws BadInputError (exit 3). The whole import is one transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/progress.h"
#include "data/parsed_file.h"
#include "data/roles.h"

namespace twinbench {

class Project;

struct ImportOptions {
    std::vector<std::filesystem::path> files;
    // Default: the main source's file name without extension (the largest table with a
    // time axis; for monthly exports, the name their files share).
    std::string dataset;
    // --map ROLE=COLUMN (the column's name as listed, or its header as written); the
    // repeatable roles (control, disturbance, output, factor) may be given several times.
    // Always wins over the proposal.
    std::vector<std::pair<Role, std::string>> role_overrides;
    // IANA zone for naive local timestamps; "" = the machine's zone (recorded in the project).
    std::string time_zone;
    // Value of the state column that means "running"; "" = the most frequent value.
    std::string running_state;
    // --encoding, --delimiter, --decimal, --thousands, --header-line: for every file.
    FormatOverrides overrides;
    ProgressCallback progress;  // may be empty
};

struct ImportedColumn {
    std::string source;
    std::string name;
    std::string unit;
    ColumnType type = ColumnType::numeric;
    Role role = Role::none;
    // What the importer proposed from the name, unit and movement (role_proposal.h) and
    // why, in one line; when --map set the role, the reason says so and quotes the proposal.
    Role proposed_role = Role::none;
    std::string role_reason;
    // Cells read as missing (empty, NA, NaN, -nan, 1.#QNAN, #N/A, ...) in the rows imported.
    std::size_t missing = 0;
};

struct ImportResult {
    std::string dataset;
    std::size_t rows_imported = 0;
    std::size_t rows_rejected = 0;
    std::vector<ImportedColumn> columns;
    std::vector<RejectedRow> rejected;  // every rejected row, in file order
    std::vector<SkippedLine> skipped;   // lines before each file's table, in file order
    std::vector<ImportNote> notes;      // DST handling, renamed columns, detected dialect...
    std::vector<ParsedFileInfo> files;
};

// Parses, checks and stores the files in one transaction; on any exception the project is
// unchanged. Throws BadInputError, UsageError (bad --map, a setting that cannot work, a
// number column that reads two ways: it names the column and --decimal), ProjectError,
// Cancelled.
ImportResult import_files(Project& project, const ImportOptions& options);

}  // namespace twinbench
