#include "sim/scenario.h"

#include <algorithm>
#include <cmath>

#include <date/tz.h>
#include <fast_float/fast_float.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/typed_number.h"

namespace twinbench {
namespace {

constexpr const char* known_controls =
    "speed, setpoint, material, maintenance_interval, check_interval";

double parse_number(std::string_view text, const std::string& context) {
    double v = 0.0;
    if (text.size() > 1 && text.front() == '+')
        text.remove_prefix(1);  // "+5": from_chars takes no plus
    const auto* end = text.data() + text.size();
    const auto r = fast_float::from_chars(text.data(), end, v);
    if (r.ec != std::errc{} || r.ptr != end || !std::isfinite(v))
        throw UsageError(fmt::format("'{}': '{}' is not a number", context, text));
    return v;
}

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

std::map<std::string, double> parse_mix(const std::string& text, const std::string& context) {
    std::map<std::string, double> mix;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto comma = std::min(text.find(',', pos), text.size());
        const std::string part = trim(text.substr(pos, comma - pos));
        const auto colon = part.find(':');
        if (colon == std::string::npos) {
            mix[part] = 1.0;
        } else {
            mix[trim(part.substr(0, colon))] = parse_number(trim(part.substr(colon + 1)), context);
        }
        pos = comma + 1;
    }
    return mix;
}

// Local minute of the day in the zone, for daily schedules.
int local_minute(const date::time_zone* zone, double utc_s) {
    const date::sys_seconds tp{std::chrono::seconds{static_cast<std::int64_t>(std::floor(utc_s))}};
    const auto local = zone->to_local(tp);
    const auto day = date::floor<date::days>(local);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
}

bool in_window(const ControlChange& c, int minute) {
    if (c.from_min < 0) return true;
    if (c.from_min < c.to_min) return minute >= c.from_min && minute < c.to_min;
    if (c.from_min > c.to_min) return minute >= c.from_min || minute < c.to_min;
    return false;
}

double changed(const ControlChange& c, double base) {
    switch (c.op) {
        case ChangeOp::set:
            return c.value;
        case ChangeOp::add:
            return base + c.value;
        case ChangeOp::percent:
            return base * (1.0 + c.value / 100.0);
    }
    return base;
}

// Reassigns runs of one grade so that the steps per grade follow the shares: each run goes
// to the grade furthest behind its share so far. Deterministic. Consecutive batches of one
// grade form one run, which can last days; runs are cut into pieces of at most
// max_piece_min so the shares hold over short horizons too.
constexpr double max_piece_min = 240.0;

void apply_mix(const ControlChange& c, const PlantTwin& twin, SimulationInputs& in) {
    std::vector<double> share(twin.core.grade_labels.size(), 0.0);
    double total = 0.0;
    for (const auto& [label, s] : c.mix) {
        const int g = twin.core.grade_index(label);
        if (g < 0)
            throw UsageError(fmt::format("material '{}' is not a grade the models know (known: {})",
                                         label, fmt::join(twin.core.grade_labels, ", ")));
        if (!(s >= 0.0))
            throw UsageError(fmt::format("material share of '{}' must not be negative", label));
        share[static_cast<std::size_t>(g)] = s;
        total += s;
    }
    if (!(total > 0.0)) throw UsageError("material mix: the shares must add up to more than 0");
    for (auto& s : share) s /= total;
    std::vector<double> assigned(share.size(), 0.0);
    double done = 0.0;
    std::size_t i = 0;
    const std::size_t n = in.steps();
    while (i < n) {
        std::size_t j = i + 1;
        const auto max_steps =
            std::max<std::size_t>(1, static_cast<std::size_t>(max_piece_min / in.step_min));
        while (j < n && in.grade[j] == in.grade[i] && j - i < max_steps) ++j;
        const auto len = static_cast<double>(j - i);
        std::size_t best = 0;
        double best_deficit = -1e300;
        for (std::size_t g = 0; g < share.size(); ++g) {
            if (share[g] <= 0.0) continue;
            const double deficit = share[g] * (done + len) - assigned[g];
            if (deficit > best_deficit) {
                best_deficit = deficit;
                best = g;
            }
        }
        std::fill(in.grade.begin() + static_cast<std::ptrdiff_t>(i),
                  in.grade.begin() + static_cast<std::ptrdiff_t>(j),
                  static_cast<std::int16_t>(best));
        assigned[best] += len;
        done += len;
        i = j;
    }
}

ChangeOp op_from_name(const std::string& name, const std::string& source) {
    if (name == "set") return ChangeOp::set;
    if (name == "add") return ChangeOp::add;
    if (name == "percent") return ChangeOp::percent;
    throw BadInputError({source, 0, 0},
                        fmt::format("change op '{}' is not one of set, add, percent", name));
}

const char* op_name(ChangeOp op) {
    switch (op) {
        case ChangeOp::set:
            return "set";
        case ChangeOp::add:
            return "add";
        case ChangeOp::percent:
            return "percent";
    }
    return "set";
}

}  // namespace

std::string control_name(Control c) {
    switch (c) {
        case Control::speed:
            return "speed";
        case Control::setpoint:
            return "setpoint";
        case Control::material:
            return "material";
        case Control::maintenance_interval:
            return "maintenance_interval";
        case Control::check_interval:
            return "check_interval";
        case Control::signal:
            return "signal";
    }
    return "speed";
}

std::string control_name(const ControlChange& c) {
    return c.control == Control::signal ? c.signal : control_name(c.control);
}

Control control_from_name(const std::string& name) {
    for (Control c : {Control::speed, Control::setpoint, Control::material,
                      Control::maintenance_interval, Control::check_interval})
        if (control_name(c) == name) return c;
    throw UsageError(
        fmt::format("'{}' is not a control; the controls are {}", name, known_controls));
}

ControlChange parse_set_argument(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError(fmt::format(
            "--set '{}': use ROLE=VALUE, ROLE=+DELTA, ROLE=-DELTA or ROLE=+P% (e.g. speed=+5%, "
            "setpoint=+2, setpoint=190@06:00-14:00, material=A:0.7,B:0.3)",
            text));
    ControlChange c;
    const std::string name = trim(text.substr(0, eq));
    try {
        c.control = control_from_name(name);
    } catch (const UsageError&) {
        c.control = Control::signal;
        c.signal = name;
    }
    std::string value = trim(text.substr(eq + 1));
    if (c.control == Control::material) {
        c.mix = parse_mix(value, text);
        return c;
    }
    if (const auto at = value.find('@'); at != std::string::npos) {
        const std::string window = value.substr(at + 1);
        const auto dash = window.find('-');
        if (dash == std::string::npos)
            throw UsageError(fmt::format("--set '{}': the window is HH:MM-HH:MM", text));
        try {
            c.from_min = tariff_clock_minutes(window.substr(0, dash));
            c.to_min = tariff_clock_minutes(window.substr(dash + 1));
        } catch (const BadInputError&) {
            throw UsageError(
                fmt::format("--set '{}': the window is HH:MM-HH:MM (local plant time)", text));
        }
        value = trim(value.substr(0, at));
    }
    if (c.control == Control::signal && !value.empty() && value.front() != '+' && value.front() != '-' &&
        value.back() != '%') {
        // A categorical control's level ("Load_Type=Maximum_Load"), unless it reads as a number.
        double v = 0.0;
        const auto r = fast_float::from_chars(value.data(), value.data() + value.size(), v);
        if (r.ec != std::errc{} || r.ptr != value.data() + value.size()) {
            c.level = value;
            return c;
        }
    }
    if (!value.empty() && value.back() == '%') {
        if (value.front() != '+' && value.front() != '-')
            throw UsageError(fmt::format("--set '{}': a percentage needs a sign (+5%)", text));
        c.op = ChangeOp::percent;
        c.value = parse_number(value.substr(0, value.size() - 1), text);
    } else if (value.front() == '+' || value.front() == '-') {
        c.op = ChangeOp::add;
        c.value = parse_number(value, text);
    } else {
        c.op = ChangeOp::set;
        c.value = parse_number(value, text);
    }
    return c;
}

std::optional<LimitSeriesUnit> furnace_limit_unit(const std::string& series) {
    if (series == "furnace_temp" || series == "core_temp") return LimitSeriesUnit{"°C", false};
    if (series == "wear") return LimitSeriesUnit{"%", false};
    if (series == "scrap_rate") return LimitSeriesUnit{"", true};
    return std::nullopt;
}

SeriesLimit parse_limit_argument(const std::string& text, const LimitSeriesUnits& units) {
    SeriesLimit l;
    for (const char* op : {"<=", ">="}) {
        const auto pos = text.find(op);
        if (pos == std::string::npos) continue;
        l.series = trim(text.substr(0, pos));
        const std::string value_text = trim(text.substr(pos + 2));
        const auto typed = parse_typed_number(value_text);
        if (!typed)
            throw UsageError(fmt::format("--limit '{}': '{}' is not a number (write e.g. {}{}210 or {}{}3%)", text,
                                         value_text, l.series, op, l.series, op));
        std::optional<LimitSeriesUnit> unit = units ? units(l.series) : std::nullopt;
        // A column without a unit says nothing to check the typed one against.
        if (unit && !unit->share && unit->unit.empty()) unit.reset();
        double v = typed->value;
        if (typed->percent()) {
            if (!unit || unit->share) {
                v = typed->as_fraction();
            } else if (unit->unit != "%") {
                throw UsageError(fmt::format("--limit '{}': {} is in {}, not a share: write the limit without '%'", text,
                                             l.series, unit->unit));
            }
        } else if (!typed->unit.empty() && unit) {
            if (unit->share)
                throw UsageError(fmt::format("--limit '{}': {} is a share: write it in % ({}{}3%) or as a fraction",
                                             text, l.series, l.series, op));
            if (typed->unit != unit->unit)
                throw UsageError(
                    fmt::format("--limit '{}': {} is in {}, not in {}", text, l.series, unit->unit, typed->unit));
        } else if (unit && unit->share && std::abs(v) > 1.0) {
            throw UsageError(fmt::format("--limit '{}': {} is a share: {:g} reads as {:g} %; write {:g}% for {:g} percent",
                                         text, l.series, v, 100.0 * v, v, v));
        }
        (std::string_view(op) == "<=" ? l.max : l.min) = v;
        return l;
    }
    throw UsageError(
        fmt::format("--limit '{}': use SERIES<=VALUE or SERIES>=VALUE (furnace_temp, core_temp, "
                    "wear, scrap_rate, or an output of the process; a share may be written in %: scrap_rate<=3%)",
                    text));
}

Scenario scenario_from_json(const nlohmann::json& j, const std::string& source) {
    const auto bad = [&](const std::string& what) { return BadInputError({source, 0, 0}, what); };
    if (!j.is_object())
        throw bad(
            "a scenario is a JSON object with name, changes and optional note, tariff, limits");
    Scenario s;
    try {
        s.name = j.at("name").get<std::string>();
        s.note = j.value("note", "");
        s.horizon_h = j.value("horizon_h", 168.0);
        if (!(s.horizon_h > 0.0) || s.horizon_h > 24.0 * 366.0)
            throw bad("horizon_h must be between 0 and one year");
        for (const auto& c : j.value("changes", nlohmann::json::array())) {
            ControlChange change;
            const std::string name = c.at("control").get<std::string>();
            try {
                change.control = control_from_name(name);
            } catch (const UsageError&) {
                change.control = Control::signal;
                change.signal = name;
            }
            if (change.control == Control::signal && c.contains("level")) {
                change.level = c.at("level").get<std::string>();
                if (c.contains("from") || c.contains("to")) {
                    change.from_min = tariff_clock_minutes(c.at("from").get<std::string>());
                    change.to_min = tariff_clock_minutes(c.at("to").get<std::string>());
                }
            } else if (change.control == Control::material) {
                for (const auto& [label, share] : c.at("mix").items())
                    change.mix[label] = share.get<double>();
            } else {
                change.op = op_from_name(c.value("op", "set"), source);
                change.value = c.at("value").get<double>();
                if (!std::isfinite(change.value)) throw bad("change value must be finite");
                if (c.contains("from") || c.contains("to")) {
                    change.from_min = tariff_clock_minutes(c.at("from").get<std::string>());
                    change.to_min = tariff_clock_minutes(c.at("to").get<std::string>());
                }
            }
            s.changes.push_back(std::move(change));
        }
        if (j.contains("tariff")) s.tariff = tariff_from_json(j.at("tariff")).settings();
        for (const auto& l : j.value("limits", nlohmann::json::array())) {
            SeriesLimit limit;
            limit.series = l.at("series").get<std::string>();
            if (l.contains("min")) limit.min = l.at("min").get<double>();
            if (l.contains("max")) limit.max = l.at("max").get<double>();
            s.limits.push_back(std::move(limit));
        }
    } catch (const nlohmann::json::exception& e) {
        throw bad(fmt::format(
            "scenario JSON: {} (keys: name, note, horizon_h, changes, tariff, limits)", e.what()));
    }
    if (s.name.empty()) throw bad("the scenario needs a non-empty name");
    return s;
}

nlohmann::json to_json(const Scenario& s) {
    nlohmann::json j{{"name", s.name}, {"note", s.note}, {"horizon_h", s.horizon_h}};
    j["changes"] = nlohmann::json::array();
    for (const auto& c : s.changes) {
        nlohmann::json cj{{"control", control_name(c)}};
        if (!c.level.empty()) {
            cj["level"] = c.level;
        } else if (c.control == Control::material) {
            cj["mix"] = c.mix;
        } else {
            cj["op"] = op_name(c.op);
            cj["value"] = c.value;
        }
        if (c.control != Control::material && c.from_min >= 0) {
            cj["from"] = tariff_clock_text(c.from_min);
            cj["to"] = tariff_clock_text(c.to_min);
        }
        j["changes"].push_back(cj);
    }
    if (s.tariff) j["tariff"] = to_json(TimeOfUseTariff(*s.tariff));
    j["limits"] = nlohmann::json::array();
    for (const auto& l : s.limits) {
        nlohmann::json lj{{"series", l.series}};
        if (l.min) lj["min"] = *l.min;
        if (l.max) lj["max"] = *l.max;
        j["limits"].push_back(lj);
    }
    return j;
}

void apply_scenario(const Scenario& s, const PlantTwin& twin, const TimeOfUseTariff& tariff,
                    SimulationInputs& in) {
    const date::time_zone* zone = date::locate_zone(tariff.settings().time_zone);
    for (const auto& c : s.changes) {
        switch (c.control) {
            case Control::speed:
            case Control::setpoint: {
                auto& series = c.control == Control::speed ? in.speed_m_per_min : in.setpoint_degC;
                for (std::size_t i = 0; i < in.steps(); ++i)
                    if (in_window(c, c.from_min < 0 ? 0 : local_minute(zone, in.time_s[i])))
                        series[i] = changed(c, series[i]);
                if (c.control == Control::speed &&
                    std::any_of(series.begin(), series.end(), [](double v) { return !(v > 0.0); }))
                    throw UsageError("the changed line speed must stay above 0 m/min");
                break;
            }
            case Control::material:
                apply_mix(c, twin, in);
                break;
            case Control::maintenance_interval: {
                const double base_h = std::isfinite(in.maintenance_interval_running_min)
                                          ? in.maintenance_interval_running_min / 60.0
                                          : NAN;
                const double h = c.op == ChangeOp::set ? c.value : changed(c, base_h);
                if (!(h > 0.0))
                    throw UsageError(
                        "maintenance_interval is in running hours and must be positive");
                in.maintenance_interval_running_min = h * 60.0;
                break;
            }
            case Control::check_interval: {
                const double h = changed(c, in.check_interval_h);
                if (!(h > 0.0)) throw UsageError("check_interval is in hours and must be positive");
                in.check_interval_h = h;
                break;
            }
            case Control::signal:
                break;  // a control of the process graph: graph_scenario.h
        }
    }
    if (s.tariff) {
        const TimeOfUseTariff changed_tariff(*s.tariff);
        for (std::size_t i = 0; i < in.steps(); ++i)
            in.price_per_kwh[i] = changed_tariff.price_at(in.time_s[i]);
    }
}

}  // namespace twinbench
