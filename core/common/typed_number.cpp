#include "common/typed_number.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

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
    // Only a plain decimal number: no hex, inf or nan that strtod would take.
    const char first = *start;
    if (!(std::isdigit(static_cast<unsigned char>(first)) != 0 || first == '.' || first == '-' || first == '+'))
        return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(start, &end);
    if (end == start || !std::isfinite(v)) return std::nullopt;
    for (const char* p = start; p != end; ++p)
        if (*p == 'x' || *p == 'X' || *p == 'n' || *p == 'N' || *p == 'i' || *p == 'I') return std::nullopt;
    std::string unit(end);
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())) != 0) unit.erase(0, 1);
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back())) != 0) unit.pop_back();
    if (!unit.empty() && std::isdigit(static_cast<unsigned char>(unit.front())) != 0) return std::nullopt;
    for (const char c : unit)
        if (!unit_char(static_cast<unsigned char>(c))) return std::nullopt;
    return TypedNumber{v, unit};
}

}  // namespace twinbench
