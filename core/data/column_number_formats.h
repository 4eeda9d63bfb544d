// Each column's number format for one file (number_format.h): the engineer's --decimal or
// --thousands over everything; else a column's own cells; else the mark the file's decided
// number columns agree on, after a look at the rest of the file when the first rows
// decide nothing. A number column that still reads two ways is listed, never guessed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/format_overrides.h"
#include "data/number_format.h"
#include "data/parsed_file.h"

namespace twinbench {

struct ColumnNumberFormats {
    std::vector<NumberFormat> formats;        // one per column
    char file_mark = '.';                     // ParsedFileInfo::decimal_mark
    std::vector<AmbiguousNumbers> ambiguous;  // number columns nothing decides
    std::string mixed_note;                   // "" unless the columns disagree
};

// samples[c]: the trimmed sample cells of column c, one per sampled row (missing tokens
// included); sample_lines: each sampled row's line. rescan(columns, tallies) re-tallies
// the given columns over the whole file (called at most once).
using DecimalRescan = std::function<void(const std::vector<std::size_t>&, std::vector<DecimalMarkTally>&)>;
ColumnNumberFormats choose_number_formats(const std::vector<std::vector<std::string>>& samples,
                                          const std::vector<std::int64_t>& sample_lines,
                                          const std::vector<std::string>& names, const FormatOverrides& overrides,
                                          const DecimalRescan& rescan);

// "FILE:LINE:COL: the numbers of column 'X' read two ways: '1.234' is 1.234 with '.' as the
// decimal mark, or 1234 with '.' grouping thousands ...; say which with --decimal".
std::string ambiguous_numbers_message(const std::string& file, const std::vector<AmbiguousNumbers>& ambiguous);

}  // namespace twinbench
