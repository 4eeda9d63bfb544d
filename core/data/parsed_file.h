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
#include "data/format_overrides.h"
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

// A line before the table (an export's preamble): not data, but kept with its text so
// nothing of the file vanishes unseen.
struct SkippedLine {
    std::string file;
    std::int64_t line = 0;  // 1-based physical line
    std::string raw;        // cut to 1,000 characters
};

// A numeric column whose numbers read two ways ("1.234": 1.234, or 1234 with '.' grouping
// thousands) with nothing in the file to tell which (number_format.h).
struct AmbiguousNumbers {
    std::string column;
    std::size_t position = 0;  // 0-based index of the column
    std::string example;     // the first such cell
    std::int64_t line = 0;   // its line
};

struct ParsedFileInfo {
    std::string file;
    std::string encoding;   // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1252", ...
    bool gzip = false;
    char delimiter = ',';
    // The file's decimal mark: the one its columns' numbers decide (a column may still
    // decide its own when the file mixes them; a note says so), '.' when nothing does.
    char decimal_mark = '.';
    // Separators that grouped thousands in the numbers read ("." "," " " "'"), "" = none.
    std::string thousands;
    // The settings the engineer gave for this file (FormatOverrides::given), "" = none.
    std::string given;
    bool has_header = true;
    std::int64_t header_line = 1;  // 0 when there is no header
    // The header is wider than the rows: missing trailing fields were read as missing values.
    bool rows_drop_trailing_fields = false;
    std::string time_column;       // "" when the rows have no timestamps
    std::optional<TimestampFormat> timestamp_format;
    std::string time_zone;  // zone used for naive local times ("" when absolute or none)
    std::size_t rows_read = 0;
    std::size_t rows_rejected = 0;
};

struct ParseOptions {
    std::string time_zone;  // "" = UTC for parsing; the importer passes the resolved zone
    FormatOverrides overrides;
    // A numeric column whose numbers read two ways and nothing in the file tells which:
    // false = throw UsageError naming the column and --decimal (the importer asks rather
    // than guesses); true = read it with '.' and list it in ParsedFile::ambiguous_numbers
    // (the GUI preview marks the column and asks for the decimal mark).
    bool allow_ambiguous_numbers = false;
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
    std::vector<SkippedLine> skipped;  // lines before the table, in file order
    std::vector<AmbiguousNumbers> ambiguous_numbers;  // only with allow_ambiguous_numbers
    std::vector<ImportNote> notes;
};

// Throws BadInputError (file, line, column, reason) when the file cannot be read as a
// table at all: missing, empty, binary, truncated gzip, header but no rows, a line before
// the header that reads like a data row... UsageError for an ambiguous number column (see
// allow_ambiguous_numbers) or an override that cannot work.
ParsedFile parse_file(const std::filesystem::path& path, const ParseOptions& options);
// The same on text already decoded (fuzz targets, tests).
ParsedFile parse_decoded_text(DecodedText decoded, const std::string& file_name, const ParseOptions& options);

}  // namespace twinbench
