// Decision support for any process (issue 14 item 7): the constant settings of the
// process graph's numeric controls that minimise (or maximise) an output's mean or a KPI
// over the horizon, subject to constraints on outputs and KPIs, among them chance
// constraints over Monte Carlo runs (P(NOX>50)<=0.05), each control within its bounds
// (by default the data's range: the twin does not extrapolate unless asked).
//
// As the furnace optimiser does it: a scan of the controls' box (a grid for up to two
// controls, a Latin hypercube beyond) on the deterministic twin finds the basin, COBYLA
// (NLopt, derivative-free, inequality constraints) polishes the best points with every
// constraint. A chance constraint is the (1 - p) quantile of its figure over runs drawn
// once (common random numbers: every setting sees the same parameter draws and noise), so
// it is as smooth in the settings as the twin is.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/progress.h"

#include "opt/optimizer.h"
#include "sim/kpi_definition.h"
#include "sim/twin_study.h"

namespace twinbench {

struct GraphOptimizeOptions {
    std::string objective;  // an output (its mean over the horizon), a count's rate or a KPI
    bool maximize = false;
    std::vector<KpiConstraint> constraints;  // on outputs, rates and KPIs by name
    // Controls to set (default: every numeric control of the graph) and their bounds
    // (default: the data's range).
    std::vector<std::string> controls;
    std::map<std::string, std::pair<double, double>> bounds;
    std::vector<KpiDefinition> kpis;  // --kpi, on top of the stored ones
    double horizon_h = 168.0;
    std::size_t horizon_rows = 0;  // per-item data
    int runs = 100;                // behind chance constraints
    std::uint64_t seed = 1;
    int scan_points = 64;  // beyond two controls
    double tolerance = 1e-4;  // relative, on the normalised controls
    // A plant of the caller's own instead of the history's latest window (the training
    // session's best response, live/training_best_response.h): the process simulated with
    // the given settings (every optimised control), outputs filled, over the stretch the
    // objective is judged on. The controls' bounds still default to the data's range.
    // Empty: the latest horizon of the history, as `optimize` runs it. Chance constraints
    // need the history's window (UsageError with a plant of one's own).
    std::function<SignalFrame(const std::map<std::string, double>&)> simulate_settings;
    // Where the search starts and what "baseline" means in the result, per control (the
    // others: the window's median). With simulate_settings: the settings the caller holds.
    std::map<std::string, double> baseline;
    // Called after each evaluation of the twin with a rough share done; false cancels
    // (Cancelled thrown), so a GUI's cancel lands within one evaluation.
    ProgressCallback progress;
};

struct ConstraintResult {
    KpiConstraint constraint;
    double value = 0.0;  // the figure, or for a chance constraint its (1 - p) quantile
    bool met = false;
};

struct GraphOptimizeResult {
    std::map<std::string, double> settings, baseline_settings;
    std::map<std::string, double> figures, baseline_figures;  // outputs, rates and KPIs
    std::vector<ConstraintResult> constraints;
    double objective = 0.0, baseline_objective = 0.0;
    bool constraints_met = false;
    std::string message;  // how close it came, when the constraints cannot be met
    int evaluations = 0;
    std::map<std::string, TrustVerdict> trust;
    std::vector<std::string> warnings;
};

// Throws UsageError for an unknown objective, constraint or control name (listing the
// known ones) or inverted bounds; ModelError when the twin has no output model.
GraphOptimizeResult optimize_graph_controls(const TwinStudy& study, const GraphOptimizeOptions& options);

// PRODUCT.md's `optimize` keys: settings, kpis (the figures), constraints_met, pareto
// (empty here), plus baseline, constraints and trust.
nlohmann::json to_json(const GraphOptimizeResult& r);

}  // namespace twinbench
