#include "models/term_names.h"

#include <array>
#include <utility>

namespace twinbench {
namespace {

// The furnace template's parameter keys (temperature, soft sensor, scrap, energy and
// throughput models) in words.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> known_keys{{
    {"tau", "Time constant"},
    {"tau2", "Time constant (thermocouple)"},
    {"setpoint_gain", "Setpoint gain"},
    {"load_sensitivity", "Load sensitivity"},
    {"ambient_sensitivity", "Ambient sensitivity"},
    {"offset", "Offset"},
    {"core_temp", "Core temperature"},
    {"(Intercept)", "Intercept"},
    {"Intercept", "Intercept"},
    {"parts", "Energy per part"},
    {"loss", "Heat loss"},
    {"base", "Base load"},
    {"pitch", "Part pitch"},
    {"wear_rate_ref", "Wear rate at the reference speed"},
    {"wear_speed_exponent", "Wear speed exponent"},
    {"speed_ref", "Reference speed"},
    {"wear_limit", "Wear limit"},
    {"wear_after_maintenance", "Wear after maintenance"},
    {"maintenance_duration", "Maintenance duration"},
    {"unplanned_stops", "Unplanned stops"},
    {"unplanned_stop_mean", "Unplanned stop, mean length"},
    {"unplanned_stop_fraction", "Unplanned stop share"},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

std::string plain(std::string_view name) {
    name = trim(name);
    for (const auto& [key, words] : known_keys)
        if (name == key) return std::string(words);
    // I(x ** 2): the square of x.
    if (name.size() > 8 && name.substr(0, 2) == "I(" && name.back() == ')') {
        const std::string_view inner = name.substr(2, name.size() - 3);
        if (const auto power = inner.find("**"); power != std::string_view::npos && trim(inner.substr(power + 2)) == "2")
            return plain(inner.substr(0, power)) + "²";
        return plain(inner);
    }
    // name[T.level] (patsy's treatment coding) or name[level]: a level of a category.
    if (const auto open = name.rfind('['); open != std::string_view::npos && name.back() == ']' && open > 0) {
        std::string_view level = name.substr(open + 1, name.size() - open - 2);
        if (level.substr(0, 2) == "T.") level.remove_prefix(2);
        return plain(name.substr(0, open)) + " = " + std::string(level);
    }
    return std::string(name);
}

}  // namespace

std::string readable_term_name(std::string_view stored_name) {
    // a:b (patsy's interaction), each side made plain.
    std::string out;
    std::size_t start = 0;
    while (true) {
        const auto colon = stored_name.find(':', start);
        const std::string_view part = stored_name.substr(start, colon == std::string_view::npos ? colon : colon - start);
        out += (out.empty() ? "" : " × ") + plain(part);
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    return out;
}

}  // namespace twinbench
