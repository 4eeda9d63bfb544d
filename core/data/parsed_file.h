// One plant export parsed into a columnar table: what was detected about the file
// (encoding, delimiter, decimal mark, header, timestamp format), the rows that could not
// be used (with line and reason) and notes for the import report. No project involved,
// so the GUI can preview a file before importing it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "data/table.h"
#include "data/text_decoding.h"
#include "data/timestamp_parser.h"

namespace twinbench {

struct RejectedRow {
    std::string file;
    std::int64_t line = 0;  // 1-based physical line where the row starts
    std::string reason;
    std::string raw;  // the row's text (cut to 1,000 characters)
};

struct ImportNote {
    std::string file;
    std::string message;  // a sentence for the engineer, e.g. "3 rows fell in the skipped DST hour ..."
};

struct ParsedFileInfo {
    std::string file;
    std::string encoding;   // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1252", ...
    bool gzip = false;
    char delimiter = ',';
    char decimal_mark = '.';
    bool has_header = true;
    std::int64_t header_line = 1;  // 0 when there is no header
    std::string time_column;       // "" when the rows have no timestamps
    std::optional<TimestampFormat> timestamp_format;
    std::string time_zone;  // zone used for naive local times ("" when absolute or none)
    std::size_t rows_read = 0;
    std::size_t rows_rejected = 0;
};

struct ParseOptions {
    std::string time_zone;  // "" = UTC for parsing; the importer passes the resolved zone
    // Column to use as the time axis; "" = detect (first timestamp column).
    std::string time_column;
    std::size_t max_rows = 0;  // 0 = all; the GUI preview reads only the first rows
    // ParsedFile::row_lines is filled only when asked: the importer does not need it, and
    // for 10,000,000 rows it is 80 MB.
    bool keep_row_lines = true;
    ProgressCallback progress;
};

struct ParsedFile {
    ParsedFileInfo info;
    Table table;  // table.name = file stem; time_s filled when a time column was found
    // Physical line (1-based) where each imported row starts, to point back into the file
    // (empty when ParseOptions::keep_row_lines is false).
    std::vector<std::int64_t> row_lines;
    std::vector<RejectedRow> rejected;
    std::vector<ImportNote> notes;
};

// Throws BadInputError (file, line, column, reason) when the file cannot be read as a
// table at all: missing, empty, binary, truncated gzip, header but no rows...
ParsedFile parse_file(const std::filesystem::path& path, const ParseOptions& options);
// The same on text already decoded (fuzz targets, tests).
ParsedFile parse_decoded_text(DecodedText decoded, const std::string& file_name, const ParseOptions& options);

}  // namespace twinbench
