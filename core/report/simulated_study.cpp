#include "report/simulated_study.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.h"
#include "opt/optimizer.h"
#include "report/graph_forecast.h"
#include "report/number_format.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/scenario_store.h"
#include "sim/study.h"
#include "sim/twin_study.h"
#include "sim/what_if.h"

namespace twinbench::report {
namespace {

const char* const degc =
    "\xC2\xB0"
    "C";

std::string control_unit(Control c) {
    switch (c) {
        case Control::speed:
            return "m/min";
        case Control::setpoint:
            return degc;
        case Control::maintenance_interval:
        case Control::check_interval:
            return "h";
        case Control::material:
        case Control::signal:  // a graph control: its unit comes from its column
            return "";
    }
    return "";
}

std::string clock_text(int minutes) {
    return fmt::format("{:02d}:{:02d}", minutes / 60, minutes % 60);
}

ScenarioSetting setting_of(const ControlChange& c, const ReplayWindow& window) {
    ScenarioSetting s{control_name(c), "", control_unit(c.control), std::nullopt};
    if (c.control == Control::material) {
        for (const auto& [grade, share] : c.mix)
            s.value += fmt::format("{}{} {}", s.value.empty() ? "" : ", ", grade,
                                   format_percent(share, 0));
    } else {
        const double base = c.control == Control::speed      ? window.baseline_speed_m_per_min
                            : c.control == Control::setpoint ? window.baseline_setpoint_degC
                                                             : NAN;
        switch (c.op) {
            case ChangeOp::set:
                s.value = fmt::format("= {:g}", c.value);
                s.number = c.value;
                break;
            case ChangeOp::add:
                s.value = fmt::format("{:+g}", c.value);
                if (std::isfinite(base)) s.number = base + c.value;
                break;
            case ChangeOp::percent:
                s.value = fmt::format("{:+g} %", c.value);
                if (std::isfinite(base)) s.number = base * (1.0 + c.value / 100.0);
                break;
        }
    }
    if (c.from_min >= 0 && c.to_min >= 0)
        s.value += " daily " + clock_text(c.from_min) + "-" + clock_text(c.to_min);
    return s;
}

// Hourly means of a per-step series on the band's hour grid.
std::vector<double> hourly(const std::vector<double>& step_time_s,
                           const std::vector<double>& values, const std::vector<double>& hours) {
    std::vector<double> sum(hours.size(), 0.0), n(hours.size(), 0.0);
    if (hours.empty()) return {};
    for (std::size_t i = 0; i < step_time_s.size() && i < values.size(); ++i) {
        if (!std::isfinite(values[i])) continue;
        const auto h =
            static_cast<std::ptrdiff_t>(std::floor((step_time_s[i] - hours.front()) / 3600.0));
        if (h < 0 || static_cast<std::size_t>(h) >= hours.size()) continue;
        sum[static_cast<std::size_t>(h)] += values[i];
        n[static_cast<std::size_t>(h)] += 1.0;
    }
    std::vector<double> out(hours.size());
    for (std::size_t i = 0; i < hours.size(); ++i) out[i] = n[i] > 0 ? sum[i] / n[i] : NAN;
    return out;
}

Chart series_chart(const std::string& title, const std::string& label, const std::string& unit,
                   const std::string& zone, const std::vector<double>& hours,
                   const std::vector<double>& baseline, const std::vector<double>& scenario,
                   const SeriesBand* band, const std::vector<SeriesLimit>& limits,
                   const std::string& series_key, const std::vector<LimitCrossing>& crossings) {
    Chart c;
    c.title = title;
    c.x = {"Time", "", true, zone};
    c.y = {label, unit, false, ""};
    if (band != nullptr && !band->time_s.empty())
        c.series.push_back(
            {"scenario P10-P90", SeriesKind::band, band->time_s, band->p10, band->p90, 1});
    c.series.push_back({"baseline", SeriesKind::line, hours, baseline, {}, 5});
    c.series.push_back({"scenario", SeriesKind::line, hours, scenario, {}, 1});
    for (const auto& l : limits) {
        if (l.series != series_key) continue;
        if (l.max)
            c.lines.push_back(
                {"limit " + format_significant(*l.max, 4) + " " + unit, *l.max, false, true});
        if (l.min)
            c.lines.push_back(
                {"limit " + format_significant(*l.min, 4) + " " + unit, *l.min, false, true});
    }
    for (const auto& x : crossings)
        if (x.crossed && x.limit.series == series_key)
            c.lines.push_back({"limit reached", x.time_s, true, true});
    c.caption = fmt::format("Hourly means over the horizon{}; dashed red: limits.",
                            band ? ", band: P10-P90 of the Monte Carlo runs" : "");
    c.export_series = true;
    return c;
}

std::string limit_text(const SeriesLimit& l) {
    std::string out = l.series;
    if (l.max) out += " <= " + format_significant(*l.max, 4);
    if (l.min) out += std::string(l.max ? "," : "") + " >= " + format_significant(*l.min, 4);
    return out;
}

ScenarioSection simulate_one(const Study& study, const Scenario& scenario,
                             const StudyReportOptions& options) {
    ScenarioSection s;
    s.name = scenario.name;
    s.note = scenario.note;
    s.runs = options.runs;
    s.seed = options.seed;
    s.time_zone = study.dataset.time_zone;
    s.horizon = scenario.horizon_h >= 48 && std::fmod(scenario.horizon_h, 24.0) == 0.0
                    ? fmt::format("{} d", scenario.horizon_h / 24.0)
                    : fmt::format("{} h", format_significant(scenario.horizon_h, 3));
    WhatIfOptions what_if;
    what_if.runs = 1;  // the bands come from the run below, with the series bands too
    what_if.seed = options.seed;
    WhatIfResult r = run_what_if(study, scenario, what_if);
    const std::string& currency = study.tariff.settings().currency;
    for (const auto& c : scenario.changes) s.settings.push_back(setting_of(c, r.window));

    std::optional<MonteCarloResult> mc;
    if (options.runs > 1) {
        MonteCarloOptions m;
        m.runs = options.runs;
        m.seed = options.seed;
        m.bands = true;
        mc = run_monte_carlo(study.twin, r.scenario_inputs, m);
        // The headline is the median of the runs, as in `simulate --runs` and on the tiles.
        m.bands = false;
        use_median_as_headline(r.baseline.kpis, run_monte_carlo(study.twin, r.window.inputs, m).p50);
        use_median_as_headline(r.result.kpis, mc->p50);
    }
    for (std::size_t i = 0; i < kpi_keys.size(); ++i)
        s.kpis.push_back(kpi_row(std::string(kpi_keys[i]), kpi_value(r.baseline.kpis, i),
                                 kpi_value(r.result.kpis, i), mc ? kpi_value(mc->p10, i) : NAN,
                                 mc ? kpi_value(mc->p90, i) : NAN, currency));

    const std::string zone = study.dataset.time_zone;
    std::vector<double> hours;
    if (mc && !mc->core_degC.time_s.empty()) {
        hours = mc->core_degC.time_s;
    } else {
        for (double t = r.window.start_s; t < r.window.end_s; t += 3600.0) hours.push_back(t);
    }
    const auto& t = r.scenario_inputs.time_s;
    const auto& base = r.baseline.series;
    const auto& scen = r.result.series;
    const auto* band = mc ? &*mc : nullptr;
    s.charts.push_back(
        series_chart("Part core temperature", "Core temperature", degc, zone, hours,
                     hourly(t, base.core_degC, hours), hourly(t, scen.core_degC, hours),
                     band ? &band->core_degC : nullptr, scenario.limits, "core_temp", r.limits));
    s.charts.push_back(series_chart(
        "Furnace temperature", "Furnace temperature", degc, zone, hours,
        hourly(t, base.furnace_degC, hours), hourly(t, scen.furnace_degC, hours),
        band ? &band->furnace_degC : nullptr, scenario.limits, "furnace_temp", r.limits));
    s.charts.push_back(
        series_chart("Conveyor wear", "Wear", "%", zone, hours, hourly(t, base.wear_pct, hours),
                     hourly(t, scen.wear_pct, hours), nullptr, scenario.limits, "wear", r.limits));
    for (const auto& x : r.limits) {
        if (x.crossed)
            s.events.push_back({limit_text(x.limit) + ": reached", x.time_s, x.hours_from_start});
        else
            s.events.push_back({limit_text(x.limit) + ": not reached (most extreme " +
                                    format_significant(x.worst, 4) + ")",
                                NAN, NAN});
    }
    for (const auto& f : r.extrapolation)
        if (!f.inside) s.extrapolation_warnings.push_back(f.message);
    for (const auto& w : r.warnings)
        if (std::none_of(r.extrapolation.begin(), r.extrapolation.end(),
                         [&](const auto& f) { return f.message == w; }))
            s.notes.push_back(w);
    return s;
}

RecommendationSection optimise(const Study& study, const StudyReportOptions& options) {
    const auto window = replay_latest_window(study.table, study.twin, options.horizon_h,
                                             ReplayControls::median, study.tariff);
    OptimizeOptions o;
    o.objective = parse_objective(options.objective);
    o.objective.maximize = options.maximize;
    for (const auto& c : options.constraints) o.constraints.push_back(parse_constraint(c));
    for (const auto& e : window.envelope) {
        if (e.control == "speed")
            std::tie(o.bounds.speed_min, o.bounds.speed_max) = std::pair{e.min, e.max};
        if (e.control == "setpoint")
            std::tie(o.bounds.setpoint_min, o.bounds.setpoint_max) = std::pair{e.min, e.max};
    }
    o.seed = options.seed;
    const OptimizeResult r = optimize_controls(study.twin, window.inputs, o);
    return recommendation_section(r, o, options.objective, options.constraints, study.tariff.settings().currency);
}

}  // namespace

RecommendationSection recommendation_section(const OptimizeResult& r, const OptimizeOptions& o,
                                             const std::string& objective, const std::vector<std::string>& constraints,
                                             const std::string& currency) {
    RecommendationSection rec;
    rec.objective = (o.objective.maximize ? "maximise " : "minimise ") + objective;
    rec.constraints = constraints;
    rec.constraints_met = r.best.constraints_met;
    rec.seed = o.seed;
    rec.settings.push_back({"speed",
                            "optimised within " + format_significant(o.bounds.speed_min, 3) + "-" +
                                format_significant(o.bounds.speed_max, 3),
                            "m/min", r.best.speed_m_per_min});
    rec.settings.push_back({"setpoint",
                            "optimised within " + format_significant(o.bounds.setpoint_min, 4) +
                                "-" + format_significant(o.bounds.setpoint_max, 4),
                            degc, r.best.setpoint_degC});
    for (std::size_t i = 0; i < kpi_keys.size(); ++i)
        rec.kpis.push_back(kpi_row(std::string(kpi_keys[i]), kpi_value(r.baseline, i),
                                   kpi_value(r.best.kpis, i), NAN, NAN, currency));
    if (!r.best.constraints_met && !r.message.empty()) rec.warnings.push_back(r.message);
    if (!r.pareto.empty()) {
        const auto objective_index =
            o.objective.terms.size() == 1 ? kpi_index(o.objective.terms.front().kpi) : -1;
        const auto other = kpi_index(r.pareto_kpi);
        if (objective_index >= 0 && other >= 0) {
            const auto xi = static_cast<std::size_t>(other),
                       yi = static_cast<std::size_t>(objective_index);
            const auto x_row = kpi_row(r.pareto_kpi, 1, 1, 1, 1, currency),
                       y_row = kpi_row(o.objective.terms.front().kpi, 1, 1, 1, 1, currency);
            // kpi_row of 1 gives the display scale (100 for fractions shown in %).
            const double xs = x_row.baseline, ys = y_row.baseline;
            Chart c;
            c.title = "Trade-off: " + y_row.label + " against " + x_row.label;
            c.x = {x_row.label, x_row.unit, false, ""};
            c.y = {y_row.label, y_row.unit, false, ""};
            ChartSeries front{"Pareto front", SeriesKind::line, {}, {}, {}, 0};
            for (const auto& p : r.pareto) {
                front.x.push_back(kpi_value(p.kpis, xi) * xs);
                front.y.push_back(kpi_value(p.kpis, yi) * ys);
            }
            ChartSeries points = front;
            points.name = "evaluated settings";
            points.kind = SeriesKind::points;
            c.series = {front,
                        points,
                        {"recommended",
                         SeriesKind::points,
                         {kpi_value(r.best.kpis, xi) * xs},
                         {kpi_value(r.best.kpis, yi) * ys},
                         {},
                         2},
                        {"baseline",
                         SeriesKind::points,
                         {kpi_value(r.baseline, xi) * xs},
                         {kpi_value(r.baseline, yi) * ys},
                         {},
                         5}};
            c.caption =
                "Each point is the best objective reachable under a tighter bound on the other "
                "KPI.";
            rec.pareto = c;
        }
    }
    return rec;
}

SimulatedStudy simulate_for_report(const Project& project, const DatasetInfo& dataset,
                                   const StudyReportOptions& options) {
    SimulatedStudy out;
    auto stored = twinbench::stored_scenarios(project, dataset);
    std::vector<Scenario> chosen;
    if (options.scenario_names.empty()) {
        if (options.simulate_stored_scenarios) chosen = stored;
    } else {
        for (const auto& name : options.scenario_names) {
            const auto it = std::find_if(stored.begin(), stored.end(),
                                         [&](const auto& s) { return s.name == name; });
            if (it == stored.end()) {
                std::string known;
                for (const auto& s : stored) known += (known.empty() ? "" : ", ") + s.name;
                throw UsageError(fmt::format(
                    "no scenario '{}' in dataset '{}' ({}); store one with simulate "
                    "--save-scenario",
                    name, dataset.name, known.empty() ? "none stored" : "stored: " + known));
            }
            chosen.push_back(*it);
        }
    }
    std::optional<TwinStudy> twin;
    std::string why_not;
    try {
        twin = open_twin_study(project, dataset.name);
    } catch (const ModelError& e) {
        why_not = e.what();
    }
    // The furnace template's own study where it is mapped (its physics, tariff and KPIs),
    // the process graph's session for any other process.
    const Study* study = twin && twin->furnace ? &*twin->furnace : nullptr;
    const auto section_of = [&](const Scenario& scenario) {
        if (!twin) throw ModelError(why_not);
        return study != nullptr ? simulate_one(*study, scenario, options)
                                : graph_scenario_section(*twin, scenario, options.runs, options.seed);
    };
    const Scenario unchanged = nothing_changes_scenario(stored);
    try {
        out.forecast = as_forecast(section_of(unchanged));
    } catch (const Error& e) {
        out.forecast = as_forecast(ScenarioSection{});
        out.forecast.name = unchanged.name;
        out.forecast.notes.push_back(std::string("The forecast could not be simulated: ") + e.what());
    }
    chosen.insert(chosen.end(), options.unsaved_scenarios.begin(), options.unsaved_scenarios.end());
    for (const auto& scenario : chosen) {
        try {
            out.scenarios.push_back(section_of(scenario));
        } catch (const ModelError& e) {
            ScenarioSection s;
            s.name = scenario.name;
            s.note = scenario.note;
            s.notes.push_back(std::string("This scenario could not be simulated: ") + e.what());
            out.scenarios.push_back(std::move(s));
        }
    }
    if (!options.objective.empty()) {
        // Like a scenario, an optimisation the models cannot support is reported with the
        // reason instead of costing the whole report.
        try {
            if (study == nullptr)
                throw ModelError(twin ? "the report's optimisation covers the furnace template; for this process run "
                                        "the optimiser on the What-if page or twinbench-cli optimize"
                                      : why_not);
            out.recommendation = optimise(*study, options);
        } catch (const ModelError& e) {
            RecommendationSection r;
            r.objective = (options.maximize ? "maximise " : "minimise ") + options.objective;
            r.constraints = options.constraints;
            r.evaluated = false;
            r.seed = options.seed;
            r.warnings.push_back(std::string("The optimisation could not run: ") + e.what());
            out.recommendation = std::move(r);
        }
    }
    return out;
}

}  // namespace twinbench::report
