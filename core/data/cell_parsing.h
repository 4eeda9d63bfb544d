// Reading single cells the way plant exports write them: the many spellings of "no value"
// and yes/no flags in several languages (numbers: number_format.h).
#pragma once

#include <optional>
#include <string_view>

namespace twinbench {

std::string_view trim_cell(std::string_view cell);

// Empty, NA, N/A, NaN, -nan, 1.#QNAN, -1.#IND, <NA>, #NA, null, None, -, --, ?, and
// spreadsheet errors (case-insensitive).
bool is_missing_token(std::string_view trimmed_cell);
// #DIV/0!, #WERT!, #N/A, #NV, Err:502, ...: a formula that failed in Excel or LibreOffice.
bool is_spreadsheet_error(std::string_view trimmed_cell);

// true/false, yes/no, ja/nein, oui/non, on/off, ok/nok, pass/fail (case-insensitive);
// nullopt when the cell is none of these. 0/1 are handled as numbers by the caller.
std::optional<bool> parse_boolean_word(std::string_view trimmed_cell);

}  // namespace twinbench
