// The engineer's word on how export files are written (import --encoding, --delimiter,
// --decimal, --thousands, --header-line; the same settings on the GUI's import page): each
// setting given replaces what the importer would detect, and is recorded with the file so
// that a re-import reads it the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace twinbench {

struct FormatOverrides {
    std::string encoding;                     // "" = detect; any name iconv knows
    std::optional<char> delimiter;
    std::optional<char> decimal_mark;         // '.' or ','
    std::optional<std::uint8_t> thousands;    // ThousandsSeparator bits; 0 = no grouping
    std::optional<std::int64_t> header_line;  // 1-based; 0 = the file has no header

    bool any() const {
        return !encoding.empty() || delimiter || decimal_mark || thousands || header_line;
    }
    // The settings given, as recorded with each file and as the command line takes them
    // ("--encoding cp1255 --delimiter ':'"); "" = none given.
    std::string given() const;
};

// Throws UsageError naming the option when a setting cannot work: an unknown encoding,
// a decimal mark other than '.' or ',', thousands grouped by the decimal mark itself, a
// delimiter that is a quote or a line end, a negative header line.
void check_overrides(const FormatOverrides& overrides);

// The command line's spellings: a delimiter is one character or tab, space, comma,
// semicolon, pipe, colon ("\t" too); a decimal mark '.' or ',' (point, comma); thousands
// ',' '.' "'" space, none (or their names). Each throws UsageError naming the option.
char delimiter_from_text(std::string_view text);
char decimal_mark_from_text(std::string_view text);
std::uint8_t thousands_from_text(std::string_view text);

}  // namespace twinbench
