#include "common/typed_number.h"

#include <cctype>
#include <cmath>

#include <fast_float/fast_float.h>

namespace twinbench {

namespace {

bool unit_char(unsigned char c) {
    // Letters, the per-cent and slash signs, and any byte of a UTF-8 sequence (°, µ, ·, ³).
    return std::isalpha(c) != 0 || c == '%' || c == '/' || c == ' ' || c == '_' || c == '2' || c == '3' ||
           c >= 0x80;
}

}  // namespace

std::optional<TypedNumber> parse_typed_number(const std::string& text) {
    std::size_t begin = 0;
    while (begin < text.size() && std::isspace(static_cast<unsigned char>(text[begin])) != 0) ++begin;
    if (begin == text.size()) return std::nullopt;
    const char* start = text.c_str() + begin;
    // Only a plain decimal number: no hex, inf or nan.
    const char first = *start;
    if (!(std::isdigit(static_cast<unsigned char>(first)) != 0 || first == '.' || first == '-' || first == '+'))
        return std::nullopt;
    // fast_float, not strtod: the GUI runs under the user's locale (Qt sets it), where
    // strtod would read "0.03" as 0 under a decimal comma.
    const char* number = first == '+' ? start + 1 : start;
    if (number != start && (*number == '+' || *number == '-')) return std::nullopt;
    double v = 0.0;
    const auto parsed = fast_float::from_chars(number, text.c_str() + text.size(), v);
    if (parsed.ec != std::errc{} || !std::isfinite(v)) return std::nullopt;
    const char* end = parsed.ptr;
    for (const char* p = start; p != end; ++p)
        if (*p == 'x' || *p == 'X' || *p == 'n' || *p == 'N' || *p == 'i' || *p == 'I') return std::nullopt;
    std::string unit(end, text.c_str() + text.size());
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())) != 0) unit.erase(0, 1);
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back())) != 0) unit.pop_back();
    if (!unit.empty() && std::isdigit(static_cast<unsigned char>(unit.front())) != 0) return std::nullopt;
    for (const char c : unit)
        if (!unit_char(static_cast<unsigned char>(c))) return std::nullopt;
    return TypedNumber{v, unit};
}

}  // namespace twinbench
