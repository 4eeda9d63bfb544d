// Sniffs how a delimited export is written: delimiter, decimal mark, lines of preamble
// before the header, and whether there is a header at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace twinbench {

struct CsvDialect {
    char delimiter = ',';
    char decimal_mark = '.';
    std::size_t field_count = 1;      // modal number of fields per line
    std::int64_t first_table_line = 1;  // 1-based line of the header (or first row)
    bool has_header = true;
};

// Looks at the first lines of UTF-8 text (without BOM).
CsvDialect sniff_dialect(std::string_view text);

// True for cells such as "12", "-0.5", "1e-3", "12,5" (with decimal_mark ',').
bool looks_numeric(std::string_view cell, char decimal_mark);

}  // namespace twinbench
