#include "data/column_number_formats.h"

#include <optional>

#include <fmt/format.h>

#include "data/cell_parsing.h"
#include "data/column_inference.h"

namespace twinbench {

ColumnNumberFormats choose_number_formats(const std::vector<std::vector<std::string>>& samples,
                                          const std::vector<std::int64_t>& sample_lines,
                                          const std::vector<std::string>& names, const FormatOverrides& overrides,
                                          const DecimalRescan& rescan) {
    const std::size_t ncols = names.size();
    const std::uint8_t allowed = overrides.thousands.value_or(all_thousands_separators);
    const auto format_with = [&](char mark) { return NumberFormat::with_grouping(mark, allowed); };
    ColumnNumberFormats result;
    // Thousands grouped by '.' leave ',' as the decimal mark, and the other way round.
    std::optional<char> forced = overrides.decimal_mark;
    if (!forced && overrides.thousands == thousands_dot) forced = ',';
    if (!forced && overrides.thousands == thousands_comma) forced = '.';
    if (forced) {
        result.formats.assign(ncols, format_with(*forced));
        result.file_mark = *forced;
        return result;
    }
    std::vector<DecimalMarkTally> tallies(ncols, DecimalMarkTally(allowed));
    for (std::size_t c = 0; c < ncols; ++c)
        for (std::size_t r = 0; r < samples[c].size(); ++r)
            if (!is_missing_token(samples[c][r])) tallies[c].add(samples[c][r], sample_lines[r]);
    // Which columns hold numbers, each read its own way for now.
    std::vector<bool> numbers(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
        const char own = tallies[c].evidence() == DecimalEvidence::comma ? ',' : '.';
        numbers[c] = infer_column_type(samples[c], names[c], format_with(own)).type == ColumnType::numeric;
    }
    auto marks = decide_decimal_marks(tallies, numbers);
    if (!marks.file_mark) {
        // Nothing in the first rows decides for the number columns that do not decide
        // themselves; the rest of the file may (a "1.234" column with a "20,5" further down).
        std::vector<std::size_t> undecided;
        for (std::size_t c = 0; c < ncols; ++c) {
            const auto evidence = tallies[c].evidence();
            if (numbers[c] && evidence != DecimalEvidence::point && evidence != DecimalEvidence::comma)
                undecided.push_back(c);
        }
        if (!undecided.empty()) {
            rescan(undecided, tallies);
            marks = decide_decimal_marks(tallies, numbers);
        }
    }
    std::string point_columns, comma_columns;
    for (std::size_t c = 0; c < ncols; ++c) {
        if (!marks.marks[c] && numbers[c])
            result.ambiguous.push_back(
                {names[c], c, tallies[c].ambiguous_example(), tallies[c].ambiguous_example_line()});
        result.formats.push_back(format_with(marks.marks[c].value_or('.')));
        if (!numbers[c]) continue;
        const auto evidence = tallies[c].evidence();
        if (evidence != DecimalEvidence::point && evidence != DecimalEvidence::comma) continue;
        auto& list = evidence == DecimalEvidence::point ? point_columns : comma_columns;
        list += (list.empty() ? "'" : ", '") + names[c] + "'";
    }
    result.file_mark = marks.file_mark.value_or('.');
    if (marks.mixed)
        result.mixed_note = fmt::format(
            "the columns write numbers two ways: {} with a decimal comma, {} with a decimal point; each column "
            "is read its own way",
            comma_columns, point_columns);
    return result;
}

std::string ambiguous_numbers_message(const std::string& file, const std::vector<AmbiguousNumbers>& ambiguous) {
    const auto& a = ambiguous.front();
    const char mark = a.example.find(',') != std::string::npos ? ',' : '.';
    const auto as_mark = parse_number(a.example, NumberFormat::with_grouping(mark));
    const auto as_group = parse_number(a.example, NumberFormat::with_grouping(mark == ',' ? '.' : ','));
    std::string others;
    for (std::size_t i = 1; i < ambiguous.size(); ++i)
        others += fmt::format("{}'{}'", i == 1 ? "" : ", ", ambiguous[i].column);
    return fmt::format(
        "{}:{}:{}: the numbers of column '{}'{} read two ways: '{}' is {} with '{}' as the decimal mark, or {} "
        "with '{}' grouping thousands, and nothing else in the file tells which; say which with --decimal . or "
        "--decimal , (in the workbench: Decimal mark on the Import page)",
        file, a.line, a.position + 1, a.column, others.empty() ? "" : " (and of " + others + ")", a.example,
        as_mark.value, mark, as_group.value, mark);
}

}  // namespace twinbench
