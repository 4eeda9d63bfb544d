// Sniffs how a delimited export is laid out: the delimiter, the lines of preamble before
// the header, whether there is a header at all, and whether the rows leave out their empty
// trailing fields (a header wider than the data). The engineer's overrides (--delimiter,
// --header-line) replace what would be sniffed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace twinbench {

struct DialectOverrides {
    std::optional<char> delimiter;
    std::optional<std::int64_t> header_line;  // 1-based; 0 = the file has no header
};

struct CsvDialect {
    char delimiter = ',';
    std::size_t field_count = 1;        // modal number of fields per data line
    std::int64_t first_table_line = 1;  // 1-based line of the header (or first row)
    bool has_header = true;
    // The header has more fields than most rows: the export leaves out empty trailing
    // fields, so a short row's missing fields are missing values (as pandas and
    // spreadsheets read it), not a damaged row.
    bool rows_drop_trailing_fields = false;
    // A line before the table that has the data's shape and reads like a data row (its
    // numbers and times where the rows have them): 1-based, 0 = none. Skipping it would
    // lose a row, so the parser refuses the file.
    std::int64_t skipped_line_like_data = 0;
};

// Looks at the first lines of UTF-8 text (without BOM).
CsvDialect sniff_dialect(std::string_view text, const DialectOverrides& overrides = {});

}  // namespace twinbench
