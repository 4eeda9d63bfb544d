#include "data/format_overrides.h"

#include <fmt/format.h>

#include "common/ascii_text.h"
#include "common/error.h"
#include "data/named_encoding.h"
#include "data/number_format.h"

namespace twinbench {
namespace {

std::string delimiter_text(char c) {
    switch (c) {
        case '\t':
            return "tab";
        case ' ':
            return "space";
        default:
            return fmt::format("'{}'", c);
    }
}

std::string thousands_text(std::uint8_t bits) {
    if (bits == 0) return "none";
    const std::string names = thousands_separator_names(bits);
    return names == " " ? "space" : fmt::format("'{}'", names);
}

}  // namespace

std::string FormatOverrides::given() const {
    std::string text;
    const auto add = [&](std::string_view option, const std::string& value) {
        text += fmt::format("{}--{} {}", text.empty() ? "" : " ", option, value);
    };
    if (!encoding.empty()) add("encoding", encoding);
    if (delimiter) add("delimiter", delimiter_text(*delimiter));
    if (decimal_mark) add("decimal", fmt::format("'{}'", *decimal_mark));
    if (thousands) add("thousands", thousands_text(*thousands));
    if (header_line) add("header-line", std::to_string(*header_line));
    return text;
}

void check_overrides(const FormatOverrides& overrides) {
    if (!overrides.encoding.empty()) check_encoding_name(overrides.encoding);
    if (overrides.decimal_mark && *overrides.decimal_mark != '.' && *overrides.decimal_mark != ',')
        throw UsageError(fmt::format("--decimal '{}': the decimal mark is '.' or ','", *overrides.decimal_mark));
    if (overrides.decimal_mark && overrides.thousands) {
        const std::uint8_t own = *overrides.decimal_mark == '.' ? thousands_dot : thousands_comma;
        if (*overrides.thousands & own)
            throw UsageError(fmt::format("--thousands '{0}' with --decimal '{0}': a number cannot group its "
                                         "thousands with its decimal mark",
                                         *overrides.decimal_mark));
    }
    if (overrides.delimiter) {
        const char d = *overrides.delimiter;
        if (d == '"' || d == '\r' || d == '\n' || d == '\0')
            throw UsageError("--delimiter: a quote or a line end cannot separate fields; name the character "
                             "between the fields (for example ';' or tab)");
    }
    if (overrides.header_line && *overrides.header_line < 0)
        throw UsageError("--header-line: give the line number of the header (1 = the first line), or 0 when the "
                         "file has no header");
}

char delimiter_from_text(std::string_view text) {
    const std::string name = ascii_lower(text);
    if (name == "tab" || name == "\\t" || text == "\t") return '\t';
    if (name == "space" || text == " ") return ' ';
    if (name == "comma") return ',';
    if (name == "semicolon") return ';';
    if (name == "pipe") return '|';
    if (name == "colon") return ':';
    if (text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80) return text[0];
    throw UsageError(fmt::format("--delimiter '{}': give one character (such as ';' or ':') or tab, space, "
                                 "comma, semicolon, pipe, colon",
                                 text));
}

char decimal_mark_from_text(std::string_view text) {
    const std::string name = ascii_lower(text);
    if (text == "." || name == "point" || name == "dot") return '.';
    if (text == "," || name == "comma") return ',';
    throw UsageError(fmt::format("--decimal '{}': the decimal mark is '.' or ','", text));
}

std::uint8_t thousands_from_text(std::string_view text) {
    const std::string name = ascii_lower(text);
    if (name == "comma") return thousands_comma;
    if (name == "point" || name == "dot") return thousands_dot;
    if (const auto bits = thousands_separator_from_name(text)) return *bits;
    throw UsageError(fmt::format("--thousands '{}': give ',' '.' \"'\" space, or none", text));
}

}  // namespace twinbench
