#include "data/number_format.h"

#include <fast_float/fast_float.h>

#include <array>
#include <cmath>

#include "common/ascii_text.h"

namespace twinbench {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Spellings of "not finite" that are not numbers to fast_float's reading here: a plant
// export that writes them has a broken value, which is reported, not read as missing.
bool is_infinity_spelling(std::string_view cell) {
    if (!cell.empty() && (cell.front() == '-' || cell.front() == '+')) cell.remove_prefix(1);
    return ascii_iequals(cell, "inf") || ascii_iequals(cell, "infinity") || ascii_iequals(cell, "1.#inf");
}

struct Separator {
    std::uint8_t kind = 0;
    std::size_t length = 0;
};

// The thousands separator at p, if any (UTF-8: the no-break spaces and U+2019 are several
// bytes).
Separator separator_at(const char* p, const char* last) {
    switch (*p) {
        case ',':
            return {thousands_comma, 1};
        case '.':
            return {thousands_dot, 1};
        case ' ':
            return {thousands_space, 1};
        case '\'':
            return {thousands_apostrophe, 1};
        default:
            break;
    }
    const auto rest = static_cast<std::size_t>(last - p);
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    if (rest >= 2 && byte(0) == 0xC2 && byte(1) == 0xA0) return {thousands_space, 2};  // U+00A0
    if (rest >= 3 && byte(0) == 0xE2 && byte(1) == 0x80) {
        if (byte(2) == 0xAF || byte(2) == 0x89) return {thousands_space, 3};  // U+202F, U+2009
        if (byte(2) == 0x99) return {thousands_apostrophe, 3};                // U+2019
    }
    return {};
}

// "1.234.567,5" with '.' grouping and ',' as the decimal mark: every group after the first
// has exactly three digits and one separator is used throughout. Called only when the
// plain reading failed, so the common cell never gets here (and it is kept out of line so
// the plain reading stays small enough to inline fast_float).
[[gnu::noinline]] ParsedNumber parse_grouped(const char* p, const char* last, const NumberFormat& format) {
    ParsedNumber result;
    std::array<char, 64> buffer{};
    std::size_t n = 0;
    const auto put = [&](char c) {
        if (n >= buffer.size()) return false;
        buffer[n++] = c;
        return true;
    };
    if (*p == '-') {
        put('-');
        ++p;
    }
    const char* group = p;
    while (p < last && is_digit(*p))
        if (!put(*p++)) return result;
    const auto first_group = static_cast<std::size_t>(p - group);
    if (first_group == 0 || first_group > 3 || *group == '0') return result;
    std::uint8_t used = 0;
    while (p < last) {
        const Separator s = separator_at(p, last);
        if (s.kind == 0 || (format.grouping & s.kind) == 0) break;
        if (used != 0 && s.kind != used) return result;  // "1,234 567": not one convention
        used = s.kind;
        p += s.length;
        for (int k = 0; k < 3; ++k) {
            if (p >= last || !is_digit(*p)) return result;
            if (!put(*p++)) return result;
        }
        if (p < last && is_digit(*p)) return result;  // a group of four
    }
    if (used == 0) return result;
    if (p < last && *p == format.decimal_mark) {
        ++p;
        if (!put('.')) return result;
        while (p < last && is_digit(*p))
            if (!put(*p++)) return result;
    }
    if (p != last) return result;
    result = parse_number(std::string_view(buffer.data(), n), NumberFormat{'.', 0});
    if (result.status == NumberStatus::ok) result.grouping_used = used;
    return result;
}

}  // namespace

NumberFormat NumberFormat::with_grouping(char decimal_mark, std::uint8_t allowed) {
    NumberFormat format;
    format.decimal_mark = decimal_mark;
    const std::uint8_t own = decimal_mark == ',' ? thousands_comma : decimal_mark == '.' ? thousands_dot : 0;
    format.grouping = static_cast<std::uint8_t>(allowed & ~own);
    return format;
}

ParsedNumber parse_number(std::string_view cell, const NumberFormat& format) {
    ParsedNumber result;
    if (cell.empty()) return result;
    const char* first = cell.data();
    const char* last = cell.data() + cell.size();
    if (*first == '+') ++first;  // fast_float takes '-' only
    if (first == last) return result;
    // fast_float reads "inf"/"nan" too; a plant export should not, so insist on a digit
    // or a decimal mark up front.
    const char lead = *first == '-' && first + 1 < last ? first[1] : *first;
    if (!is_digit(lead) && lead != format.decimal_mark) {
        if (is_infinity_spelling(cell)) result.status = NumberStatus::not_finite;
        return result;
    }
    double value = 0.0;
    const fast_float::parse_options options(fast_float::chars_format::general, format.decimal_mark);
    const auto answer = fast_float::from_chars_advanced(first, last, value, options);
    if (answer.ec == std::errc() && answer.ptr == last) {
        if (!std::isfinite(value)) {
            result.status = NumberStatus::not_finite;
            return result;
        }
        result.status = NumberStatus::ok;
        result.value = value;
        return result;
    }
    if (answer.ec == std::errc::result_out_of_range) {
        result.status = NumberStatus::not_finite;
        return result;
    }
    if (format.grouping != 0 && is_digit(lead)) {
        result = parse_grouped(first, last, format);
        if (result.status != NumberStatus::not_a_number) return result;
    }
    if (is_infinity_spelling(cell)) result.status = NumberStatus::not_finite;
    return result;
}

std::string thousands_separator_names(std::uint8_t grouping) {
    std::string names;
    if (grouping & thousands_comma) names += ',';
    if (grouping & thousands_dot) names += '.';
    if (grouping & thousands_space) names += ' ';
    if (grouping & thousands_apostrophe) names += '\'';
    return names;
}

std::optional<std::uint8_t> thousands_separator_from_name(std::string_view name) {
    if (name == ",") return thousands_comma;
    if (name == ".") return thousands_dot;
    if (name == " " || ascii_iequals(name, "space")) return thousands_space;
    if (name == "'" || ascii_iequals(name, "apostrophe")) return thousands_apostrophe;
    if (ascii_iequals(name, "none")) return std::uint8_t{0};
    return std::nullopt;
}

DecimalMarkTally::DecimalMarkTally(std::uint8_t allowed)
    : point_(NumberFormat::with_grouping('.', allowed)), comma_(NumberFormat::with_grouping(',', allowed)) {}

void DecimalMarkTally::add(std::string_view cell, std::int64_t line) {
    ++cells_;
    const auto point = parse_number(cell, point_);
    const auto comma = parse_number(cell, comma_);
    const bool as_point = point.status != NumberStatus::not_a_number;
    const bool as_comma = comma.status != NumberStatus::not_a_number;
    if (as_point && as_comma) {
        if (point.status == comma.status && point.value == comma.value) {
            ++both_same_;
        } else {
            ++both_differ_;
            if (example_.empty()) {
                example_ = std::string(cell.substr(0, 40));
                example_line_ = line;
            }
        }
    } else if (as_point) {
        ++point_only_;
    } else if (as_comma) {
        ++comma_only_;
    }
}

std::size_t DecimalMarkTally::numbers(char decimal_mark) const {
    return both_same_ + both_differ_ + (decimal_mark == ',' ? comma_only_ : point_only_);
}

DecimalEvidence DecimalMarkTally::evidence() const {
    if (point_only_ > 0 && comma_only_ == 0) return DecimalEvidence::point;
    if (comma_only_ > 0 && point_only_ == 0) return DecimalEvidence::comma;
    if (point_only_ > 0 && comma_only_ > 0) {
        // Cells of both kinds: the reading that makes the column numbers (the type's 90 %
        // rule) wins; the other cells will be reported as not numbers.
        const auto enough = [&](std::size_t n) { return 10 * n >= 9 * cells_; };
        const bool point = enough(numbers('.')), comma = enough(numbers(','));
        if (point && !comma) return DecimalEvidence::point;
        if (comma && !point) return DecimalEvidence::comma;
        if (!point && !comma) return DecimalEvidence::irrelevant;  // not a number column
        return DecimalEvidence::ambiguous;
    }
    return both_differ_ == 0 ? DecimalEvidence::irrelevant : DecimalEvidence::ambiguous;
}

DecimalMarks decide_decimal_marks(const std::vector<DecimalMarkTally>& tallies,
                                  const std::vector<bool>& numbers) {
    DecimalMarks result;
    result.marks.resize(tallies.size());
    bool point = false, comma = false;
    for (std::size_t c = 0; c < tallies.size(); ++c) {
        if (!numbers[c]) continue;
        const auto evidence = tallies[c].evidence();
        point |= evidence == DecimalEvidence::point;
        comma |= evidence == DecimalEvidence::comma;
    }
    if (point != comma) result.file_mark = point ? '.' : ',';
    result.mixed = point && comma;
    for (std::size_t c = 0; c < tallies.size(); ++c) {
        switch (tallies[c].evidence()) {
            case DecimalEvidence::point:
                result.marks[c] = '.';
                break;
            case DecimalEvidence::comma:
                result.marks[c] = ',';
                break;
            case DecimalEvidence::irrelevant:
                // Every value reads the same either way; the file's mark keeps the column
                // consistent with its neighbours for rows after the sample.
                result.marks[c] = result.file_mark.value_or('.');
                break;
            case DecimalEvidence::ambiguous:
                if (result.file_mark) result.marks[c] = *result.file_mark;
                break;
        }
    }
    return result;
}

}  // namespace twinbench
