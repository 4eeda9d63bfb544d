// How a column of a plant export writes its numbers: the decimal mark ('.' or ',') and the
// characters that group thousands (',' '.' space, no-break spaces, apostrophes). Decided
// per column from the cells, never by a vote: "20,5" can only be a decimal comma (its group
// has one digit), "185.3" only a decimal point, and a column whose every cell reads both
// ways with different values ("1.234": 1.234 or 1234) takes the file's decision or, when
// nothing in the file tells, is reported as ambiguous so the engineer says which.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinbench {

// Thousands separators, as bits of NumberFormat::grouping.
enum ThousandsSeparator : std::uint8_t {
    thousands_comma = 1,       // 1,234.5
    thousands_dot = 2,         // 1.234,5
    thousands_space = 4,       // 1 234,5 (space, no-break space U+00A0, narrow U+202F, thin U+2009)
    thousands_apostrophe = 8,  // 1'234.5 (also U+2019)
};
inline constexpr std::uint8_t all_thousands_separators =
    thousands_comma | thousands_dot | thousands_space | thousands_apostrophe;

struct NumberFormat {
    char decimal_mark = '.';
    // Separators accepted between groups of exactly three digits; 0 = no grouping.
    std::uint8_t grouping = 0;

    // `decimal_mark` with every separator that is not the decimal mark itself (restricted
    // to `allowed`, the engineer's --thousands).
    static NumberFormat with_grouping(char decimal_mark,
                                      std::uint8_t allowed = all_thousands_separators);
};

enum class NumberStatus : std::uint8_t { ok, not_a_number, not_finite };

// 16 bytes, so it comes back in registers: it is built once per cell of millions of rows.
struct ParsedNumber {
    NumberStatus status = NumberStatus::not_a_number;
    std::uint8_t grouping_used = 0;  // the separator that grouped thousands, 0 if none
    double value = 0.0;
};

// Parses a trimmed cell: a leading '+' or '-', digits grouped by threes with one of the
// format's separators (the first group 1-3 digits, not starting with 0, the others exactly
// three; no exponent then), the decimal mark, exponents. inf/Infinity/1.#INF are not finite.
ParsedNumber parse_number(std::string_view trimmed_cell, const NumberFormat& format);

// The separator's spelling for reports and the project ("," "." " " "'"); "" for none.
std::string thousands_separator_names(std::uint8_t grouping);
// "," "." "space" "'" (also "apostrophe", "none") -> bits; nullopt for anything else.
std::optional<std::uint8_t> thousands_separator_from_name(std::string_view name);

// What one column's cells say about its decimal mark.
enum class DecimalEvidence {
    point,        // some cells only read with '.', none only with ','
    comma,        // the other way round
    irrelevant,   // every cell reads the same either way (integers, "1 234")
    ambiguous,    // cells read both ways with different values and nothing decides
};

// Tallies cells (non-missing, trimmed) of one column under both readings.
class DecimalMarkTally {
  public:
    // allowed: the separators that may group thousands (all unless --thousands says).
    explicit DecimalMarkTally(std::uint8_t allowed = all_thousands_separators);
    void add(std::string_view trimmed_cell, std::int64_t line);

    DecimalEvidence evidence() const;
    std::size_t cells() const { return cells_; }
    // Cells that are numbers under the given mark (finite or not).
    std::size_t numbers(char decimal_mark) const;
    // The first cell whose value depends on the reading, with its line (for messages).
    const std::string& ambiguous_example() const { return example_; }
    std::int64_t ambiguous_example_line() const { return example_line_; }

  private:
    NumberFormat point_, comma_;
    std::size_t cells_ = 0, point_only_ = 0, comma_only_ = 0, both_same_ = 0, both_differ_ = 0;
    std::string example_;
    std::int64_t example_line_ = 0;
};

// The decimal mark of every column of one file: a column's own evidence first; for the
// columns without any, the file's (the mark every decided number column agrees on).
struct DecimalMarks {
    std::vector<std::optional<char>> marks;  // per column; nullopt = nothing decides
    std::optional<char> file_mark;           // the decided number columns all agree on it
    bool mixed = false;                      // they do not: each column keeps its own
};
// `numbers`: per column, whether it holds numbers (only those take part).
DecimalMarks decide_decimal_marks(const std::vector<DecimalMarkTally>& tallies,
                                  const std::vector<bool>& numbers);

}  // namespace twinbench
