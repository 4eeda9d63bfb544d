// The report's link to the simulation layer: the forecast "if nothing changes" and the
// scenarios stored in the project are
// simulated (core/sim: baseline replay, scenario, Monte Carlo bands, time-to-limit,
// extrapolation flags) and, when an objective is given, the optimiser (core/opt) is run,
// each result turned into the report's ScenarioSection / RecommendationSection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/project.h"
#include "opt/optimizer.h"
#include "report/scenario_section.h"
#include "sim/scenario.h"

namespace twinbench::report {

struct StudyReportOptions {
    std::vector<std::string> scenario_names;  // empty = every stored scenario
    int runs = 100;                           // Monte Carlo runs per scenario (P10-P90)
    std::uint64_t seed = 1;
    // Optimisation (the recommendation chapter) when objective is not empty:
    // "energy_kwh_per_part" or "0.7*energy_cost+0.3*scrap_rate", with KPI constraints
    // ("scrap_rate<=0.02").
    std::string objective;
    bool maximize = false;
    std::vector<std::string> constraints;
    double horizon_h = 168.0;  // of the optimisation
    // false: the caller has its scenarios (the workbench's what-if page); only the forecast
    // (and the optimisation, when asked) is simulated.
    bool simulate_stored_scenarios = true;
    // Scenarios that are not stored (the workbench's current What-if settings), simulated
    // and reported after the stored ones under their own name.
    std::vector<Scenario> unsaved_scenarios;
};

struct SimulatedStudy {
    // "If nothing changes" (graph_forecast.h), in every report: for the furnace template and
    // any other process; a section that says why when the models cannot simulate.
    ScenarioSection forecast;
    std::vector<ScenarioSection> scenarios;
    std::optional<RecommendationSection> recommendation;
};

// Throws UsageError for an unknown scenario name (listing the stored ones) or a bad
// objective/constraint. A scenario the models cannot simulate becomes a section that
// says why, so the rest of the report is still written.
// The recommendation chapter of a furnace optimisation already run (the workbench's
// last one, or the report's own): settings, KPIs against the baseline, the Pareto chart.
// objective: as typed ("energy_kwh_per_part"); constraints as typed.
RecommendationSection recommendation_section(const OptimizeResult& result, const OptimizeOptions& options,
                                             const std::string& objective, const std::vector<std::string>& constraints,
                                             const std::string& currency);

SimulatedStudy simulate_for_report(const Project& project, const DatasetInfo& dataset,
                                   const StudyReportOptions& options);

}  // namespace twinbench::report
