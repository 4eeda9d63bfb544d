#include "data/cell_parsing.h"

#include <array>
#include <cmath>
#include <string>

#include "common/ascii_text.h"

namespace twinbench {
namespace {

// Besides the spreadsheets' words: what C runtimes print for NaN ("-nan", MSVC's "1.#QNAN"
// and "-1.#IND"), pandas' "<NA>", R's "NA" and the "#N/A N/A" of some exporters.
constexpr std::array<std::string_view, 24> missing_tokens = {
    "na",    "n/a",     "nan",    "null",  "none",   "-",       "--",      "?",
    "n.a.",  "k.a.",    "(null)", "nil",   "missing", "n.v.",   "#nv",     "#na",
    "<na>",  "-nan",    "+nan",   "1.#qnan", "-1.#qnan", "1.#ind", "-1.#ind", "#n/a n/a"};

// What Excel and LibreOffice write for a failed formula, in English and German: the
// cell has no value, the rest of the row is good.
constexpr std::array<std::string_view, 17> spreadsheet_errors = {
    "#n/a",  "#nv",   "#value!", "#wert!", "#ref!", "#bezug!", "#div/0!", "#num!", "#zahl!",
    "#name?", "#null!", "#leer!", "#spill!", "#überlauf!", "#calc!", "err:502", "err:504"};

// Whether any token or spreadsheet error starts with this (lower-case) character: most
// labels ("Produktion", "RUN") are told apart by their first letter alone.
constexpr std::array<bool, 256> token_first_characters = [] {
    std::array<bool, 256> first{};
    const auto mark = [&](std::string_view token) {
        const auto c = static_cast<unsigned char>(token.front());
        first[c] = true;
        if (c >= 'a' && c <= 'z') first[c - 'a' + 'A'] = true;
    };
    for (const auto token : missing_tokens) mark(token);
    for (const auto token : spreadsheet_errors) mark(token);
    return first;
}();

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
        if (ascii_iequals(cell, token)) return true;
    return false;
}

bool is_missing_token(std::string_view cell) {
    if (cell.empty()) return true;
    if (cell.size() > 11) return false;
    // Hot path: numbers and most labels start with a character no token starts with
    // ("1.#QNAN", "-1.#IND" and "-nan" are the exceptions, told by their '#' or 'n').
    const char first = cell[0];
    const auto digit = [](char c) { return static_cast<unsigned char>(c - '0') <= 9; };
    if (digit(first)) {
        if (cell.size() < 4 || cell[2] != '#') return false;  // not MSVC's "1.#QNAN", "1.#IND"
    } else if (first == '-' || first == '+') {
        if (cell.size() < 2) return first == '-';
        const char second = cell[1];
        if (digit(second)) {
            if (cell.size() < 5 || cell[3] != '#') return false;  // not "-1.#IND"
        } else if (second != '-' && second != 'n' && second != 'N') {
            return false;
        }
    } else if (!token_first_characters[static_cast<unsigned char>(first)]) {
        return false;
    }
    for (const auto token : missing_tokens)
        if (ascii_iequals(cell, token)) return true;
    return (first == '#' || first == 'E' || first == 'e') && is_spreadsheet_error(cell);
}

std::optional<bool> parse_boolean_word(std::string_view cell) {
    if (cell.size() > 6) return std::nullopt;
    for (const auto& [word, value] : boolean_words)
        if (ascii_iequals(cell, word)) return value;
    return std::nullopt;
}

}  // namespace twinbench
