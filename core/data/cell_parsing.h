// Reading single cells the way plant exports write them: numbers with '.' or ',' as the
// decimal mark, the many spellings of "no value", and yes/no flags in several languages.
#pragma once

#include <optional>
#include <string_view>

namespace twinbench {

std::string_view trim_cell(std::string_view cell);

// Empty, NA, N/A, NaN, null, -, --, ?, and spreadsheet errors (case-insensitive).
bool is_missing_token(std::string_view trimmed_cell);
// #DIV/0!, #WERT!, #N/A, #NV, Err:502, ...: a formula that failed in Excel or LibreOffice.
bool is_spreadsheet_error(std::string_view trimmed_cell);

enum class NumberStatus { ok, not_a_number, not_finite };

struct ParsedNumber {
    NumberStatus status = NumberStatus::not_a_number;
    double value = 0.0;
};

// Parses a trimmed cell. Accepts a leading '+', exponents, and the given decimal mark.
ParsedNumber parse_number(std::string_view trimmed_cell, char decimal_mark);

// true/false, yes/no, ja/nein, oui/non, on/off, ok/nok, pass/fail (case-insensitive);
// nullopt when the cell is none of these. 0/1 are handled as numbers by the caller.
std::optional<bool> parse_boolean_word(std::string_view trimmed_cell);

}  // namespace twinbench
