#include "live/training_best_response.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "opt/graph_optimizer.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"

namespace twinbench {

SignalFrame frame_from_step(const SignalFrame& frame, std::size_t first) {
    SignalFrame f = frame;
    const auto cut = [first](auto& v) {
        if (v.size() > first)
            v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(first));
        else
            v.clear();
    };
    cut(f.time_s);
    cut(f.local_hour);
    cut(f.weekend);
    cut(f.table_row);
    for (auto& s : f.series) cut(s.values);
    return f;
}

double outcome_figure(const GraphOutcome& outcome, const std::string& name) {
    if (const auto it = outcome.outputs.find(name); it != outcome.outputs.end()) return it->second;
    if (const auto it = outcome.kpis.find(name); it != outcome.kpis.end()) return it->second;
    if (name.starts_with("rate(") && name.ends_with(")"))
        if (const auto it = outcome.rates.find(name.substr(5, name.size() - 6));
            it != outcome.rates.end())
            return it->second;
    return std::numeric_limits<double>::quiet_NaN();
}

namespace {

constexpr const char* fault_free_kpi = "distance_from_fault_free";

// Mean and standard deviation of the finite values.
std::pair<double, double> mean_and_sd(const std::vector<double>& values) {
    double sum = 0.0, squares = 0.0;
    std::size_t n = 0;
    for (const double v : values)
        if (std::isfinite(v)) {
            sum += v;
            squares += v * v;
            ++n;
        }
    if (n < 2) return {n == 1 ? sum : std::numeric_limits<double>::quiet_NaN(), 0.0};
    const double mean = sum / static_cast<double>(n);
    return {mean, std::sqrt(std::max(0.0, (squares - sum * mean) / static_cast<double>(n - 1)))};
}

// sum over outputs of |mean(Y) - fault-free mean| / sd of Y over the history; nullopt when
// no output has both.
std::optional<KpiDefinition> distance_from_fault_free(const TwinStudy& study,
                                                      const std::vector<std::string>& outputs,
                                                      const SignalFrame& fault_free) {
    std::string expression;
    for (const auto& o : outputs) {
        const FrameSignal* history = study.history.find(o);
        const FrameSignal* undisturbed = fault_free.find(o);
        if (history == nullptr || undisturbed == nullptr) continue;
        const double sd = mean_and_sd(history->values).second;
        const double target = mean_and_sd(undisturbed->values).first;
        if (!(sd > 0.0) || !std::isfinite(target)) continue;
        if (!expression.empty()) expression += " + ";
        expression += fmt::format("abs(mean({}) - ({:.17g})) / {:.17g}", quote_name(o), target, sd);
    }
    if (expression.empty()) return std::nullopt;
    return KpiDefinition{fault_free_kpi, expression};
}

}  // namespace

BestResponse find_best_response(const TrainingPlant& plant, const TrainingObjective& objective,
                                double from_s) {
    BestResponse best;
    best.maximize = objective.maximize;
    const std::vector<std::string> outputs = plant.study().graph.outputs();
    const auto from_step = static_cast<std::size_t>(
        std::max(0.0, std::round((from_s - plant.start_s()) / plant.step_s())));
    if (objective.objective.empty())
        best.objective_kpi = distance_from_fault_free(
            plant.study(), outputs, frame_from_step(plant.process(from_s, false), from_step));
    // The study scored with the default's KPI beside its own.
    TwinStudy scored_study;
    if (best.objective_kpi) {
        scored_study = plant.study();
        scored_study.kpis.push_back(*best.objective_kpi);
    }
    const TwinStudy& study = best.objective_kpi ? scored_study : plant.study();
    if (!objective.objective.empty()) {
        best.objective = objective.objective;
        best.objective_source = "the session's objective";
    } else if (best.objective_kpi) {
        best.objective = best.objective_kpi->name;
        best.maximize = false;
        best.objective_source =
            "the twin's default: the settings that bring each output closest to the fault-free "
            "run (its mean from the first fault on, in units of its spread over the history)";
    } else if (!outputs.empty()) {
        // The Live page's recommendation panel offers the graph's outputs first, minimised.
        best.objective = outputs.front();
        best.maximize = false;
        best.objective_source =
            "the live recommendation's default: the process graph's first output, minimised";
    }
    if (best.objective.empty()) {
        best.note = "the process graph has no output to judge a response by";
        return best;
    }
    const double from_min = static_cast<double>(from_step) * plant.step_min();

    // A control that is frozen or tripped from the first fault on does not answer: it is
    // not the optimiser's to set (the plant keeps its fault whatever the setting).
    GraphOptimizeOptions options;
    for (const auto& c : plant.controls()) {
        const bool fixed = std::any_of(
            plant.options().faults.begin(), plant.options().faults.end(),
            [&](const TrainingFault& f) {
                return f.signal == c && (f.kind == FaultKind::frozen || f.kind == FaultKind::trip) &&
                       f.at_min <= from_min + 1e-9;
            });
        if (fixed) {
            best.fixed_controls.push_back(c);
            continue;
        }
        options.controls.push_back(c);
        // The settings as they stood at the first fault: the moves made before it.
        double held = plant.control_value(c);
        for (auto m = plant.moves().rbegin(); m != plant.moves().rend(); ++m)
            if (m->control == c && m->time_s >= from_s) held = m->previous;
        best.held_settings[c] = held;
    }
    if (options.controls.empty()) {
        best.note = "every control is frozen or tripped from the first fault on: there is nothing "
                    "to set";
        return best;
    }
    std::vector<std::string> known;
    for (const auto& s : study.history.series) known.push_back(s.name);
    for (const auto& o : outputs)
        if (std::find(known.begin(), known.end(), o) == known.end()) known.push_back(o);
    const KpiSet kpis(study.kpis, known);
    if (!objective.objective.empty()) {
        // The session's names checked here, in the trainer's words, before any search.
        const GraphOutcome probe = graph_outcome(
            study, frame_from_step(plant.process(from_s, true), from_step), &kpis);
        std::vector<std::string> figures;
        for (const auto& [name, v] : probe.outputs) figures.push_back(name);
        for (const auto& [name, v] : probe.rates) figures.push_back("rate(" + name + ")");
        for (const auto& [name, v] : probe.kpis) figures.push_back(name);
        std::vector<std::string> asked{objective.objective};
        for (const auto& c : objective.constraints) asked.push_back(c.kpi);
        for (const auto& name : asked)
            if (std::find(figures.begin(), figures.end(), name) == figures.end())
                throw UsageError(fmt::format(
                    "the training objective or constraint '{}' is not an output, rate or KPI of "
                    "the twin; name one of: {}",
                    name, fmt::format("{}", fmt::join(figures, ", "))));
    }
    options.objective = best.objective;
    options.maximize = best.maximize;
    options.constraints = objective.constraints;
    options.baseline = best.held_settings;
    // The whole session's window; its ranges are the controls' envelopes over the history.
    options.horizon_h = static_cast<double>(plant.steps()) * plant.step_min() / 60.0;
    options.simulate_settings = [&](const std::map<std::string, double>& settings) {
        return frame_from_step(plant.process_with_settings(from_s, settings, from_s, true),
                               from_step);
    };
    GraphOptimizeResult r;
    try {
        r = optimize_graph_controls(study, options);
    } catch (const UsageError& e) {
        if (!objective.objective.empty()) throw;  // the session asked for something impossible
        best.note = e.what();
        return best;
    } catch (const ModelError& e) {
        best.note = e.what();
        return best;
    }
    if (!std::isfinite(r.objective)) {
        best.note = fmt::format(
            "the twin gives no value for '{}' from the first fault on (a stretch shorter than the "
            "model's dead times)",
            best.objective);
        return best;
    }
    best.found = true;
    best.settings = r.settings;
    best.objective_value = r.objective;
    best.constraints_met = r.constraints_met;
    best.evaluations = r.evaluations;
    if (!r.constraints_met) best.note = r.message;
    // The envelopes the optimiser searched: its default bounds, the data's range.
    WindowSpec spec;
    spec.horizon_h = options.horizon_h;
    for (const auto& range : graph_window(study.history, study.graph, spec).controls)
        if (best.settings.count(range.name) != 0) {
            best.units[range.name] = range.unit;
            best.envelope[range.name] = {range.min, range.max};
        }
    best.outcome = graph_outcome(study, options.simulate_settings(best.settings), &kpis);
    return best;
}

}  // namespace twinbench
