#include "data/header_units.h"

#include <array>
#include <utility>

#include "common/ascii_text.h"
#include "data/cell_parsing.h"

namespace twinbench {
namespace {

struct UnitSpelling {
    std::string_view spelling;  // lower case, spaces removed
    std::string_view unit;
};

constexpr std::array<UnitSpelling, 30> unit_spellings = {{
    {"°c", "°C"},     {"degc", "°C"},   {"deg.c", "°C"},  {"celsius", "°C"}, {"gradc", "°C"},
    {"c", "°C"},      {"°f", "°F"},     {"degf", "°F"},   {"f", "°F"},       {"k", "K"},
    {"kelvin", "K"},  {"%", "%"},       {"%rh", "%"},     {"%r.h.", "%"},    {"percent", "%"},
    {"pct", "%"},     {"m/min", "m/min"}, {"m·min⁻¹", "m/min"}, {"mpm", "m/min"}, {"m/s", "m/s"},
    {"mm/s", "mm/s"}, {"kwh", "kWh"},   {"wh", "Wh"},     {"mwh", "MWh"},    {"kw", "kW"},
    {"rpm", "rpm"},   {"1/min", "rpm"}, {"count", "count"}, {"pcs", "count"}, {"stk", "count"},
}};

// Units written as a name suffix without brackets: "Usage_kWh", "Power_kW".
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> suffix_units = {{
    {"_kwh", "kWh"}, {"_mwh", "MWh"}, {"_wh", "Wh"}, {"_degc", "°C"}, {"_pct", "%"},
}};

}  // namespace

std::string normalise_unit(std::string_view unit) {
    std::string compact;
    for (const char c : trim_cell(unit))
        if (c != ' ') compact.push_back(c);
    const std::string key = ascii_lower(compact);
    for (const auto& [spelling, normal] : unit_spellings)
        if (key == spelling) return std::string(normal);
    return std::string(trim_cell(unit));
}

NameAndUnit split_header(std::string_view header) {
    header = trim_cell(header);
    NameAndUnit result;
    if (!header.empty() && (header.back() == ']' || header.back() == ')')) {
        const char open = header.back() == ']' ? '[' : '(';
        const auto at = header.rfind(open);
        if (at != std::string_view::npos && at > 0) {
            const auto inside = header.substr(at + 1, header.size() - at - 2);
            // "(2)" from duplicate names, or a long parenthetical remark, is not a unit.
            const bool plausible = !inside.empty() && inside.size() <= 12 &&
                                   inside.find_first_not_of("0123456789") != std::string_view::npos;
            if (plausible) {
                result.name = std::string(trim_cell(header.substr(0, at)));
                result.unit = normalise_unit(inside);
                if (!result.name.empty()) return result;
            }
        }
    }
    result.name = std::string(header);
    const std::string low = ascii_lower(header);
    for (const auto& [suffix, unit] : suffix_units)
        if (low.size() > suffix.size() && low.ends_with(suffix)) result.unit = std::string(unit);
    return result;
}

std::string lowercase_words(std::string_view name) {
    // Splits on non-letters and on camelCase boundaries; non-ASCII bytes are kept so that
    // German or French words still match their keywords.
    std::string out;
    char previous = ' ';
    for (const char c : name) {
        const bool upper = c >= 'A' && c <= 'Z';
        const bool letter = upper || (c >= 'a' && c <= 'z') || (static_cast<unsigned char>(c) >= 0x80);
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !digit) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            if (upper && previous >= 'a' && previous <= 'z' && !out.empty() && out.back() != ' ')
                out.push_back(' ');
            out.push_back(upper ? static_cast<char>(c - 'A' + 'a') : c);
        }
        previous = c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace twinbench
