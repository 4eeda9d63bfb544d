#include "data/role_detection.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "data/header_units.h"
#include "data/name_words.h"

namespace twinbench {
namespace {

using name_words::any_prefix;
using name_words::any_suffix;
using name_words::any_word;
using name_words::contains;

bool is_temperature(const RoleCandidate& c, const std::string& words) {
    return c.unit == "°C" || c.unit == "K" || c.unit == "°F" ||
           contains(words, {"temp", "température", "temperatura"});
}

int score(const RoleCandidate& c, Role role) {
    const std::string words = lowercase_words(c.name);
    const bool numeric = c.type == ColumnType::numeric;
    const bool temperature = numeric && is_temperature(c, words);
    const bool setpoint_word = any_word(words, {"setpoint", "sp", "soll", "sollwert", "consigne", "set"}) ||
                               contains(words, {"setpoint", "sollwert", "set point"});
    switch (role) {
        case Role::time:
            return c.is_time_axis ? 10 : 0;
        case Role::speed: {
            if (!numeric || c.unit == "rpm") return 0;
            const bool speed_word = contains(words, {"speed", "geschwindigkeit", "vitesse", "velocidad", "velocity"});
            const bool line_unit = c.unit == "m/min" || c.unit == "m/s" || c.unit == "mm/s";
            if (speed_word && line_unit) return 4;
            if (speed_word && any_word(words, {"line", "conveyor", "belt", "band", "linie"})) return 3;
            return line_unit ? 2 : (speed_word && c.unit.empty() ? 2 : 0);
        }
        case Role::setpoint:
            return numeric && setpoint_word ? (temperature ? 4 : 2) : 0;
        case Role::furnace_temp:
            if (!temperature || setpoint_word) return 0;
            if (any_prefix(words, {"furnace", "oven", "ofen", "kiln", "four", "horno", "zone", "chamber",
                                   "kammer", "process", "prozess", "dryer", "trockner", "cure", "curing"}))
                return 3;
            return 1;
        case Role::ambient_temp:
            return temperature && !setpoint_word &&
                           any_prefix(words, {"ambient", "air", "umgebung", "hall", "outdoor", "außen", "aussen",
                                              "room", "raum", "outside", "luft"})
                       ? 3 : 0;
        case Role::core_temp_check:
            return temperature && !setpoint_word &&
                           any_prefix(words, {"core", "kern", "part", "teil", "check", "manual", "hand", "probe",
                                              "pyrometer", "pièce", "piece"})
                       ? 3 : 0;
        case Role::humidity:
            return numeric && (any_prefix(words, {"humidity", "feuchte", "feuchtigkeit", "luftfeuchte", "humidité",
                                                  "humedad"}) || any_word(words, {"rh"}))
                       ? 3 : 0;
        case Role::material:
            if (c.type != ColumnType::categorical || (c.distinct_fraction > 0.5 && c.distinct_levels > 20)) return 0;
            if (any_prefix(words, {"material", "grade", "sorte", "werkstoff", "alloy", "legierung", "matériau"}))
                return 3;
            return any_word(words, {"type", "typ", "product", "produkt", "quality", "qualität"}) &&
                           !any_word(words, {"load", "day", "week"})
                       ? 2 : 0;
        case Role::produced:
            if (!numeric || any_prefix(words, {"scrap", "reject", "ausschuss", "defect", "bad", "nok", "nio"}))
                return 0;
            if (any_prefix(words, {"produced", "production", "produziert", "output", "parts", "teile", "stück",
                                   "stueck", "pieces", "throughput", "good"}))
                return c.unit == "count" ? 4 : 3;
            return c.unit == "count" ? 2 : 0;
        case Role::scrap:
            return numeric && !c.zero_one_only &&
                           any_prefix(words, {"scrap", "scrapped", "reject", "rejected", "ausschuss", "defective",
                                              "defects", "nio", "rebut", "rebuts", "nok"})
                       ? 4 : 0;
        case Role::defect: {
            const bool flag = c.type == ColumnType::boolean || c.zero_one_only;
            return flag && any_prefix(words, {"defect", "failure", "fail", "fehler", "faulty", "ng", "nok", "nio",
                                              "reject", "scrap", "ausschuss", "bad"})
                       ? 3 : 0;
        }
        case Role::energy:
            if (!numeric) return 0;
            if (c.unit == "kWh" || c.unit == "Wh" || c.unit == "MWh") return 4;
            return any_prefix(words, {"energy", "energie", "énergie", "consumption", "verbrauch"}) ? 2 : 0;
        case Role::state:
            if (c.type != ColumnType::categorical && c.type != ColumnType::boolean) return 0;
            return any_word(words, {"state", "status", "zustand", "betriebszustand", "mode", "modus", "running",
                                    "betrieb", "état"}) && !any_word(words, {"week", "day", "weekday"})
                       ? 3 : 0;
        case Role::factor:
            // Wear drives scrap and maintenance; other numeric columns stay unassigned
            // until the engineer maps them (an ID or a leaked label must not become a
            // predictor by accident).
            // German compounds put the head noun last: "Bandverschleiß" is belt wear.
            return numeric && (any_prefix(words, {"wear", "verschleiß", "verschleiss", "abnutzung", "usure"}) ||
                               any_suffix(words, {"verschleiß", "verschleiss", "abnutzung"}))
                       ? 2 : 0;
        case Role::control:
        case Role::disturbance:
        case Role::output:
        case Role::context:
        case Role::none:
            return 0;
    }
    return 0;
}

}  // namespace

RoleCandidate role_candidate(const Column& column, bool is_time_axis) {
    RoleCandidate candidate{column.name, column.unit, column.type, is_time_axis, false};
    candidate.distinct_levels = column.levels.size();
    if (column.type == ColumnType::categorical && !column.codes.empty())
        candidate.distinct_fraction =
            static_cast<double>(column.levels.size()) / static_cast<double>(column.codes.size());
    if (column.type == ColumnType::numeric)
        candidate.zero_one_only = std::all_of(column.values.begin(), column.values.end(),
                                              [](double v) { return std::isnan(v) || v == 0.0 || v == 1.0; });
    return candidate;
}

std::vector<Role> detect_roles(const std::vector<RoleCandidate>& columns) {
    struct Match {
        int score;
        std::size_t column;
        Role role;
    };
    std::vector<Match> matches;
    for (std::size_t i = 0; i < columns.size(); ++i)
        for (const Role role : all_roles) {
            const int s = score(columns[i], role);
            if (s >= 2 || (s >= 1 && role == Role::furnace_temp)) matches.push_back({s, i, role});
        }
    // Best evidence first; among equals, the earlier column (historians list key tags first).
    std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.score > b.score; });
    std::vector<Role> roles(columns.size(), Role::none);
    std::vector<bool> taken(std::size(all_roles), false);
    for (const auto& m : matches) {
        const auto role_index = static_cast<std::size_t>(m.role);
        if (roles[m.column] != Role::none || taken[role_index]) continue;
        roles[m.column] = m.role;
        taken[role_index] = true;
    }
    return roles;
}

}  // namespace twinbench
