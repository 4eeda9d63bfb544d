#include "sim/what_if.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.h"
#include "common/json_number.h"
#include "common/time_format.h"
#include "sim/monte_carlo.h"

namespace twinbench {
namespace {

// The hourly scrap rate, or the series value per step.
std::vector<double> limit_series(const std::string& name, const SimulationInputs& in,
                                 const SimulationSeries& s) {
    if (name == "furnace_temp") return s.furnace_degC;
    if (name == "core_temp") return s.core_degC;
    if (name == "wear") return s.wear_pct;
    if (name == "scrap_rate") {
        // Rolling one-hour rate: single steps with 4 parts are too noisy to judge.
        const auto window =
            std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(60.0 / in.step_min)));
        std::vector<double> out(s.scrap.size(), NAN);
        double p = 0.0, sc = 0.0;
        for (std::size_t i = 0; i < s.scrap.size(); ++i) {
            p += s.produced[i];
            sc += s.scrap[i];
            if (i >= window) {
                p -= s.produced[i - window];
                sc -= s.scrap[i - window];
            }
            if (i + 1 >= window && p > 0.0) out[i] = sc / p;
        }
        return out;
    }
    throw UsageError(fmt::format(
        "limit on '{}': the series with limits are furnace_temp, core_temp, wear, scrap_rate",
        name));
}

}  // namespace

std::vector<LimitCrossing> find_limit_crossings(const std::vector<SeriesLimit>& limits,
                                                const SimulationInputs& in,
                                                const SimulationSeries& s) {
    std::vector<LimitCrossing> out;
    for (const auto& limit : limits) {
        const auto series = limit_series(limit.series, in, s);
        LimitCrossing c{limit};
        c.worst = limit.max ? -INFINITY : INFINITY;
        // A temperature limit is a limit of production: while the line is stopped or in
        // maintenance the furnace idles on standby and no part leaves it. (The conveyor's
        // wear is its state whatever the line does; scrap has no rate without parts.)
        const bool production_only = limit.series == "furnace_temp" || limit.series == "core_temp";
        for (std::size_t i = 0; i < series.size(); ++i) {
            const double v = series[i];
            if (!std::isfinite(v)) continue;
            if (production_only && i < s.state.size() && s.state[i] != SimulatedState::running)
                continue;
            c.worst = limit.max ? std::max(c.worst, v) : std::min(c.worst, v);
            const bool over = (limit.max && v > *limit.max) || (limit.min && v < *limit.min);
            if (over && !c.crossed) {
                c.crossed = true;
                c.time_s = in.time_s[i];
                c.hours_from_start = (in.time_s[i] - in.time_s.front()) / 3600.0;
            }
        }
        out.push_back(c);
    }
    return out;
}

std::vector<ExtrapolationFlag> extrapolation_flags(const ReplayWindow& window,
                                                   const SimulationInputs& in) {
    std::vector<ExtrapolationFlag> out;
    for (const auto& e : window.envelope) {
        const auto& v = e.control == "speed" ? in.speed_m_per_min : in.setpoint_degC;
        if (v.empty() || !std::isfinite(e.min)) continue;
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        out.push_back(extrapolation_flag(e.control, e.unit, *lo, *hi, e.min, e.max));
    }
    return out;
}

ExtrapolationFlag extrapolation_flag(const std::string& control, const std::string& unit, double scenario_min,
                                     double scenario_max, double data_min, double data_max) {
    ExtrapolationFlag f;
    f.control = control;
    f.unit = unit;
    f.scenario_min = scenario_min;
    f.scenario_max = scenario_max;
    f.data_min = data_min;
    f.data_max = data_max;
    const double above = f.scenario_max - data_max, below = data_min - f.scenario_min;
    f.beyond = std::max({above, below, 0.0});
    f.inside = f.beyond <= 0.0;
    const double range = data_max - data_min;
    if (f.inside) {
        f.message = fmt::format("{}: inside the data ({:.4g} to {:.4g}{}{})", control, data_min, data_max,
                                unit.empty() ? "" : " ", unit);
    } else {
        f.message = fmt::format(
            "{}: extrapolating by {:.3g}{}{} {} the {} in the data{}", control, f.beyond, unit.empty() ? "" : " ", unit,
            above >= below ? "above" : "below", above >= below ? "highest" : "lowest",
            range > 0.0 ? fmt::format(" ({:.0f} % of its range)", 100.0 * f.beyond / range) : "");
    }
    return f;
}

WhatIfResult run_what_if(const Study& study, const Scenario& scenario,
                         const WhatIfOptions& options) {
    for (const auto& c : scenario.changes)
        if (c.control == Control::signal)
            throw UsageError(fmt::format("'{}' is not a control; the controls are speed, setpoint, material, "
                                         "maintenance_interval, check_interval",
                                         c.signal));
    WhatIfResult r;
    r.scenario = scenario;
    r.window = replay_latest_window(study.table, study.twin, scenario.horizon_h,
                                    ReplayControls::median, study.tariff);
    r.scenario_inputs = r.window.inputs;
    apply_scenario(scenario, study.twin, study.tariff, r.scenario_inputs);
    SimulationOptions so;
    so.keep_series = options.keep_series || !scenario.limits.empty();
    r.baseline = simulate(study.twin, r.window.inputs, so);
    r.result = simulate(study.twin, r.scenario_inputs, so);
    if (options.runs > 1) {
        MonteCarloOptions mc;
        mc.runs = options.runs;
        mc.seed = options.seed;
        mc.threads = options.threads;
        const auto m = run_monte_carlo(study.twin, r.scenario_inputs, mc);
        r.band = KpiBand{m.p10, m.p50, m.p90};
        const auto b = run_monte_carlo(study.twin, r.window.inputs, mc);
        r.deterministic_baseline = r.baseline.kpis;
        r.deterministic = r.result.kpis;
        use_median_as_headline(r.baseline.kpis, b.p50);
        use_median_as_headline(r.result.kpis, m.p50);
    }
    r.limits = find_limit_crossings(scenario.limits, r.scenario_inputs, r.result.series);
    r.extrapolation = extrapolation_flags(r.window, r.scenario_inputs);
    r.warnings = study.twin.warnings;
    for (const auto& n : r.window.notes) r.warnings.push_back(n);
    for (const auto& f : r.extrapolation)
        if (!f.inside) r.warnings.push_back(f.message);
    return r;
}

void use_median_as_headline(Kpis& headline, const Kpis& p50) {
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) kpi_ref(headline, k) = kpi_value(p50, k);
}

BacktestResult run_backtest(const Study& study, double horizon_h) {
    BacktestResult r;
    r.window = replay_latest_window(study.table, study.twin, horizon_h, ReplayControls::recorded,
                                    study.tariff);
    SimulationOptions so;
    so.kpi_mask = &r.window.has_data;
    r.simulated = simulate(study.twin, r.window.inputs, so);
    r.warnings = study.twin.warnings;
    for (const auto& n : r.window.notes) r.warnings.push_back(n);
    return r;
}

nlohmann::json to_json(const WhatIfResult& r) {
    nlohmann::json j;
    j["baseline"] = to_json(r.baseline.kpis);
    j["scenario"] = to_json(r.result.kpis);
    if (r.band) {
        j["p10"] = to_json(r.band->p10);
        j["p50"] = to_json(r.band->p50);
        j["p90"] = to_json(r.band->p90);
    }
    if (r.deterministic) {
        j["headline"] = "median of the Monte Carlo runs";
        j["deterministic"] = {{"baseline", to_json(*r.deterministic_baseline)},
                              {"scenario", to_json(*r.deterministic)}};
    }
    j["name"] = r.scenario.name;
    j["horizon_h"] = r.scenario.horizon_h;
    j["window"] = {{"start", format_utc_iso(r.window.start_s)},
                   {"end", format_utc_iso(r.window.end_s)}};
    j["baseline_controls"] = {{"speed", json_number(r.window.baseline_speed_m_per_min)},
                              {"setpoint", json_number(r.window.baseline_setpoint_degC)}};
    j["maintenance"] = {{"baseline", r.baseline.kpis.maintenance_count},
                        {"scenario", r.result.kpis.maintenance_count}};
    j["limits"] = nlohmann::json::array();
    for (const auto& c : r.limits) j["limits"].push_back(to_json(c));
    j["extrapolation"] = nlohmann::json::array();
    for (const auto& f : r.extrapolation) j["extrapolation"].push_back(to_json(f));
    j["warnings"] = r.warnings;
    return j;
}

nlohmann::json to_json(const LimitCrossing& c, bool timed) {
    nlohmann::json j{{"series", c.limit.series}, {"crossed", c.crossed}, {"worst", json_number(c.worst)}};
    if (c.limit.min) j["min"] = *c.limit.min;
    if (c.limit.max) j["max"] = *c.limit.max;
    if (c.crossed) {
        if (timed) {
            j["time"] = format_utc_iso(c.time_s);
            j["hours_from_start"] = c.hours_from_start;
        } else {
            j["row_from_start"] = c.hours_from_start;
        }
    }
    return j;
}

nlohmann::json to_json(const ExtrapolationFlag& f) {
    return {{"control", f.control},           {"inside", f.inside},           {"beyond", f.beyond},
            {"scenario_min", f.scenario_min}, {"scenario_max", f.scenario_max}, {"data_min", f.data_min},
            {"data_max", f.data_max},         {"message", f.message}};
}

nlohmann::json to_json(const BacktestResult& r) {
    nlohmann::json j;
    j["simulated"] = to_json(r.simulated.kpis);
    j["actual"] = to_json(r.window.actual);
    j["window"] = {{"start", format_utc_iso(r.window.start_s)},
                   {"end", format_utc_iso(r.window.end_s)}};
    nlohmann::json rel = nlohmann::json::object();
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) {
        const double a = kpi_value(r.window.actual, k), s = kpi_value(r.simulated.kpis, k);
        rel[std::string(kpi_keys[k])] = json_number(std::isfinite(a) && a != 0.0 ? (s - a) / a : NAN);
    }
    j["relative_error"] = rel;
    j["warnings"] = r.warnings;
    return j;
}

}  // namespace twinbench
