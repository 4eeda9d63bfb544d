#include "sim/twin_what_if.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "data/robust_stats.h"
#include "sim/graph_monte_carlo.h"
#include "sim/graph_scenario.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"

namespace twinbench {
namespace {

bool is_furnace_series(const std::string& name) {
    return name == "furnace_temp" || name == "core_temp" || name == "wear" || name == "scrap_rate";
}

const GraphSignal* signal_with_role(const ProcessGraph& graph, Role role) {
    for (const auto& s : graph.all_signals())
        if (s.role == role) return &s;
    return nullptr;
}

// A change naming the column of a furnace control goes to the template (and a furnace
// control's name to the column, when there is no template).
Scenario resolved(const Scenario& scenario, const TwinStudy& study) {
    Scenario out = scenario;
    for (auto& c : out.changes) {
        if (c.control == Control::signal && study.furnace) {
            const GraphSignal* s = study.graph.find(c.signal);
            if (s != nullptr && (s->role == Role::speed || s->role == Role::setpoint) && c.level.empty()) {
                c.control = s->role == Role::speed ? Control::speed : Control::setpoint;
                c.signal.clear();
            }
        } else if (!study.furnace && (c.control == Control::speed || c.control == Control::setpoint)) {
            if (const GraphSignal* s =
                    signal_with_role(study.graph, c.control == Control::speed ? Role::speed : Role::setpoint)) {
                c.signal = s->name;
                c.control = Control::signal;
            }
        }
    }
    return out;
}

// The scenario the furnace template runs: its own changes and its own limits.
Scenario furnace_part(const Scenario& scenario) {
    Scenario f = scenario;
    std::erase_if(f.changes, [](const ControlChange& c) { return c.control == Control::signal; });
    std::erase_if(f.limits, [](const SeriesLimit& l) { return !is_furnace_series(l.series); });
    return f;
}

std::vector<std::string> output_names(const TwinStudy& study) { return study.graph.outputs(); }

std::vector<std::string> frame_names(const SignalFrame& frame) {
    std::vector<std::string> names;
    for (const auto& s : frame.series) names.push_back(s.name);
    return names;
}

void check_limits(const Scenario& scenario, const TwinStudy& study, const SignalFrame& frame) {
    for (const auto& l : scenario.limits) {
        if (study.furnace && is_furnace_series(l.series)) continue;
        if (frame.find(l.series) != nullptr && study.graph.find(l.series) != nullptr) continue;
        std::string names = study.furnace ? "furnace_temp, core_temp, wear, scrap_rate" : "";
        for (const auto& o : output_names(study)) names += (names.empty() ? "" : ", ") + o;
        throw UsageError(fmt::format("--limit '{}': '{}' is not a simulated series; limits take {}", l.series, l.series,
                                     names.empty() ? "outputs, and this twin has none" : names));
    }
}

}  // namespace

LimitSeriesUnits limit_units(const TwinStudy& study) {
    return [&study](const std::string& series) -> std::optional<LimitSeriesUnit> {
        if (study.furnace && is_furnace_series(series)) return furnace_limit_unit(series);
        const GraphSignal* signal = study.graph.find(series);
        if (signal == nullptr) return std::nullopt;
        return LimitSeriesUnit{signal->unit, signal->output_kind == OutputKind::binary};
    };
}

void write_furnace_series(const TwinStudy& study, const SimulationInputs& in, const SimulationSeries& series,
                          SignalFrame& frame) {
    const auto put = [&](Role role, const std::vector<double>& values) {
        const GraphSignal* s = signal_with_role(study.graph, role);
        if (s == nullptr || values.size() != frame.steps()) return;
        if (FrameSignal* f = frame.find(s->name)) f->values = values;
    };
    put(Role::speed, in.speed_m_per_min);
    put(Role::setpoint, in.setpoint_degC);
    put(Role::furnace_temp, series.furnace_degC);
    put(Role::produced, series.produced);
    put(Role::scrap, series.scrap);
    put(Role::energy, series.energy_kwh);
    put(Role::core_temp_check, series.core_degC);
    if (!study.furnace->twin.wear_column.empty())
        if (FrameSignal* f = frame.find(study.furnace->twin.wear_column); f != nullptr && series.wear_pct.size() == frame.steps())
            f->values = series.wear_pct;
}

std::vector<LimitCrossing> graph_limit_crossings(const std::vector<SeriesLimit>& limits, const SignalFrame& frame) {
    std::vector<LimitCrossing> out;
    for (const auto& limit : limits) {
        const FrameSignal* s = frame.find(limit.series);
        if (s == nullptr) continue;
        LimitCrossing c;
        c.limit = limit;
        c.worst = limit.max ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < s->values.size(); ++k) {
            const double v = s->values[k];
            if (!std::isfinite(v)) continue;
            c.worst = limit.max ? std::max(c.worst, v) : std::min(c.worst, v);
            const bool over = (limit.max && v > *limit.max) || (limit.min && v < *limit.min);
            if (over && !c.crossed) {
                c.crossed = true;
                c.time_s = frame.has_time() ? frame.time_s[k] : static_cast<double>(k);
                c.hours_from_start = frame.has_time() ? (frame.time_s[k] - frame.time_s.front()) / 3600.0
                                                      : static_cast<double>(k);
            }
        }
        out.push_back(c);
    }
    return out;
}

GraphOutcome graph_outcome(const TwinStudy& study, SignalFrame frame, const KpiSet* kpis) {
    GraphOutcome o;
    for (const auto& output : study.graph.outputs()) {
        const FrameSignal* s = frame.find(output);
        if (s == nullptr) continue;
        o.outputs[output] = mean(s->values);
        const GraphSignal& g = *study.graph.find(output);
        if (g.output_kind == OutputKind::count)
            if (const FrameSignal* total = frame.find(g.total)) {
                double hits = 0.0, items = 0.0;
                for (std::size_t k = 0; k < frame.steps(); ++k)
                    if (std::isfinite(s->values[k]) && std::isfinite(total->values[k])) {
                        hits += s->values[k];
                        items += total->values[k];
                    }
                o.rates[output] = items > 0.0 ? hits / items : nan;
            }
    }
    if (kpis != nullptr && !kpis->kpis().empty()) {
        std::vector<std::span<const double>> series;
        for (const auto& name : kpis->signals_used()) series.emplace_back(frame.at(name).values);
        std::vector<double> values(kpis->kpis().size());
        kpis->evaluate(series, frame.has_time() ? frame.hours() : nan, values);
        for (std::size_t i = 0; i < values.size(); ++i) o.kpis[kpis->kpis()[i].name()] = values[i];
    }
    o.frame = std::move(frame);
    return o;
}

OutcomeBand use_median_as_headline(GraphOutcome& headline, const OutcomeBand& p50) {
    OutcomeBand single{headline.outputs, headline.rates, headline.kpis};
    const auto take = [](std::map<std::string, double>& to, const std::map<std::string, double>& from) {
        for (auto& [name, value] : to)
            if (const auto it = from.find(name); it != from.end()) value = it->second;
    };
    take(headline.outputs, p50.outputs);
    take(headline.rates, p50.rates);
    take(headline.kpis, p50.kpis);
    return single;
}

TwinWhatIfResult run_twin_what_if(const TwinStudy& study, const Scenario& scenario_in,
                                  const TwinWhatIfOptions& options) {
    const Scenario scenario = resolved(scenario_in, study);
    check_scenario_controls(scenario, study.graph, study.furnace_controls());
    TwinWhatIfResult r;
    r.scenario = scenario;
    r.runs = std::max(1, options.runs);
    WindowSpec spec;
    spec.horizon_h = scenario.horizon_h;
    spec.rows = options.horizon_rows;
    if (study.furnace) {
        WhatIfOptions f;
        f.runs = options.runs;
        f.seed = options.seed;
        f.threads = options.threads;
        f.keep_series = true;
        r.furnace = run_what_if(*study.furnace, furnace_part(scenario), f);
        spec.time_s = r.furnace->window.inputs.time_s;
    }
    const GraphWindow window = graph_window(study.history, study.graph, spec);
    check_limits(scenario, study, window.baseline);

    SignalFrame base = window.baseline;
    SignalFrame changed = window.baseline;
    apply_graph_scenario(scenario, study.graph, changed);
    if (r.furnace) {
        write_furnace_series(study, r.furnace->window.inputs, r.furnace->baseline.series, base);
        write_furnace_series(study, r.furnace->scenario_inputs, r.furnace->result.series, changed);
    }
    std::vector<KpiDefinition> definitions = study.kpis;
    for (const auto& k : options.extra_kpis) {
        std::erase_if(definitions, [&](const KpiDefinition& d) { return d.name == k.name; });
        definitions.push_back(k);
    }
    std::vector<std::string> known = frame_names(base);
    for (const auto& o : study.graph.outputs())
        if (std::find(known.begin(), known.end(), o) == known.end()) known.push_back(o);
    const KpiSet kpis(definitions, known);

    simulate_graph(study.twin, base);
    simulate_graph(study.twin, changed);
    r.limits = graph_limit_crossings(
        [&] {
            std::vector<SeriesLimit> l = scenario.limits;
            std::erase_if(l, [&](const SeriesLimit& x) { return study.furnace && is_furnace_series(x.series); });
            return l;
        }(),
        changed);
    for (const auto& range : window.controls) {
        if (range.categorical || !std::isfinite(range.min)) continue;
        const GraphSignal* g = study.graph.find(range.name);
        if (study.furnace && g != nullptr && (g->role == Role::speed || g->role == Role::setpoint))
            continue;  // the template flags its own controls, over its running rows

        const auto& v = changed.at(range.name).values;
        std::vector<double> finite;
        copy_finite(v, finite);
        if (finite.empty()) continue;
        const auto [lo, hi] = std::minmax_element(finite.begin(), finite.end());
        r.extrapolation.push_back(extrapolation_flag(range.name, range.unit, *lo, *hi, range.min, range.max));
    }
    if (r.runs > 1 && !study.twin.models.empty()) {
        GraphMonteCarloOptions mc;
        mc.runs = r.runs;
        mc.seed = options.seed;
        mc.threads = options.threads;
        mc.progress = options.progress;
        const GraphMonteCarloResult bands = run_graph_monte_carlo(study, changed, kpis, mc);
        r.p10 = bands.p10;
        r.p50 = bands.p50;
        r.p90 = bands.p90;
        mc.progress = nullptr;
        r.baseline_p50 = run_graph_monte_carlo(study, base, kpis, mc).p50;
    }
    r.baseline = graph_outcome(study, std::move(base), &kpis);
    r.result = graph_outcome(study, std::move(changed), &kpis);
    // When runs are drawn, the headline is their median (the template's KPIs already are).
    if (r.p50 && r.baseline_p50) {
        r.deterministic_baseline = use_median_as_headline(r.baseline, *r.baseline_p50);
        r.deterministic = use_median_as_headline(r.result, *r.p50);
    }
    for (const auto& m : study.twin.models) r.trust[m->output()] = m->report().trust;
    r.warnings = study.twin.warnings;
    r.warnings.insert(r.warnings.end(), study.notes.begin(), study.notes.end());
    // The template's replay already reports its gaps.
    if (!r.furnace) r.warnings.insert(r.warnings.end(), window.notes.begin(), window.notes.end());
    for (const auto& f : r.extrapolation)
        if (!f.inside) r.warnings.push_back(f.message);
    for (const auto& [output, verdict] : r.trust)
        if (verdict.level == TrustVerdict::Level::not_trusted)
            r.warnings.push_back(fmt::format("'{}' comes from a model that is {}", output, verdict.message));
    return r;
}

TwinBacktest run_twin_backtest(const TwinStudy& study, double horizon_h, std::size_t horizon_rows) {
    TwinBacktest r;
    WindowSpec spec;
    spec.horizon_h = horizon_h;
    spec.rows = horizon_rows;
    if (study.furnace) r.furnace = run_backtest(*study.furnace, horizon_h);
    const GraphWindow window = graph_window(study.history, study.graph, spec);
    SignalFrame frame = window.recorded;
    simulate_graph(study.twin, frame);
    for (const auto& m : study.twin.models) {
        const auto& simulated = frame.at(m->output()).values;
        const auto& actual = window.recorded.at(m->output()).values;
        double s = 0.0, a = 0.0;
        std::size_t n = 0;
        for (std::size_t k = 0; k < simulated.size(); ++k)
            if (std::isfinite(simulated[k]) && std::isfinite(actual[k])) {
                s += simulated[k];
                a += actual[k];
                ++n;
            }
        r.compared[m->output()] = n;
        r.simulated[m->output()] = n > 0 ? s / static_cast<double>(n) : nan;
        r.actual[m->output()] = n > 0 ? a / static_cast<double>(n) : nan;
    }
    r.warnings = study.twin.warnings;
    r.warnings.insert(r.warnings.end(), window.notes.begin(), window.notes.end());
    return r;
}

}  // namespace twinbench
