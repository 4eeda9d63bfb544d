#include "data/cell_parsing.h"

#include <fast_float/fast_float.h>

#include <array>
#include <cmath>
#include <string>

namespace twinbench {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

constexpr std::array<std::string_view, 15> missing_tokens = {
    "na", "n/a", "nan", "null", "none", "-", "--", "?", "n.a.", "k.a.", "(null)", "nil", "missing", "n.v.", "#nv"};

// What Excel and LibreOffice write for a failed formula, in English and German: the
// cell has no value, the rest of the row is good.
constexpr std::array<std::string_view, 17> spreadsheet_errors = {
    "#n/a",  "#nv",   "#value!", "#wert!", "#ref!", "#bezug!", "#div/0!", "#num!", "#zahl!",
    "#name?", "#null!", "#leer!", "#spill!", "#überlauf!", "#calc!", "err:502", "err:504"};

struct BooleanWord {
    std::string_view word;
    bool value;
};
constexpr std::array<BooleanWord, 16> boolean_words = {{
    {"true", true},  {"false", false}, {"yes", true}, {"no", false},  {"ja", true},
    {"nein", false}, {"oui", true},    {"non", false}, {"on", true},  {"off", false},
    {"ok", true},    {"nok", false},   {"pass", true}, {"fail", false}, {"wahr", true},
    {"falsch", false},
}};

}  // namespace

std::string_view trim_cell(std::string_view cell) {
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.remove_prefix(1);
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.remove_suffix(1);
    return cell;
}

bool is_spreadsheet_error(std::string_view cell) {
    if (cell.size() < 4 || cell.size() > 11) return false;
    for (const auto token : spreadsheet_errors)
        if (iequals(cell, token)) return true;
    return false;
}

bool is_missing_token(std::string_view cell) {
    if (cell.empty()) return true;
    if (cell.size() > 11) return false;
    // Hot path: numbers and most labels start with a character no token starts with.
    const char first = cell[0];
    if ((first >= '0' && first <= '9') || first == '+' || first == '.') return false;
    if (first == '-' && cell.size() > 1 && cell[1] != '-') return false;
    for (const auto token : missing_tokens)
        if (iequals(cell, token)) return true;
    return (first == '#' || first == 'E' || first == 'e') && is_spreadsheet_error(cell);
}

ParsedNumber parse_number(std::string_view cell, char decimal_mark) {
    ParsedNumber result;
    if (cell.empty()) return result;
    const char* first = cell.data();
    const char* last = cell.data() + cell.size();
    if (*first == '+') ++first;  // fast_float takes '-' only
    if (first == last) return result;
    // fast_float reads "inf"/"nan" too; a plant export should not, so insist on a digit
    // or a decimal mark up front.
    const char lead = *first == '-' && first + 1 < last ? first[1] : *first;
    if (!(lead >= '0' && lead <= '9') && lead != decimal_mark) {
        const std::string_view rest(first, static_cast<std::size_t>(last - first));
        if (iequals(rest, "inf") || iequals(rest, "-inf") || iequals(rest, "infinity") ||
            iequals(rest, "-infinity") || iequals(rest, "1.#inf"))
            result.status = NumberStatus::not_finite;
        return result;
    }
    double value = 0.0;
    const fast_float::parse_options options(fast_float::chars_format::general, decimal_mark);
    const auto answer = fast_float::from_chars_advanced(first, last, value, options);
    if (answer.ec != std::errc() || answer.ptr != last) {
        if (answer.ec == std::errc::result_out_of_range) result.status = NumberStatus::not_finite;
        return result;
    }
    if (!std::isfinite(value)) {
        result.status = NumberStatus::not_finite;
        return result;
    }
    result.status = NumberStatus::ok;
    result.value = value;
    return result;
}

std::optional<bool> parse_boolean_word(std::string_view cell) {
    if (cell.size() > 6) return std::nullopt;
    for (const auto& [word, value] : boolean_words)
        if (iequals(cell, word)) return value;
    return std::nullopt;
}

}  // namespace twinbench
