// One what-if question about any process, answered end to end (issue 14 item 7): the
// baseline ("if nothing changes": the latest window with the disturbances replayed and
// the controls at their median), the scenario on top of it, the outputs simulated over
// the graph in order (the furnace template's physics for its outputs), the engineer's
// KPIs, Monte Carlo bands (parameter draws from every model's covariance plus each
// output's residual noise), the limits' time-to-limit, extrapolation flags and the trust
// verdict of every model the numbers come from. The CLI prints it, the report quotes it;
// the shape of PRODUCT.md's `simulate` JSON (sections 3 and 4).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/progress.h"
#include "sim/kpi_definition.h"
#include "sim/scenario.h"
#include "sim/twin_study.h"
#include "sim/what_if.h"

namespace twinbench {

struct TwinWhatIfOptions {
    int runs = 1;  // > 1: Monte Carlo bands
    std::uint64_t seed = 1;
    int threads = 0;
    // Per-item data (no time axis): the horizon in rows (0 = the last 20 %).
    std::size_t horizon_rows = 0;
    std::vector<KpiDefinition> extra_kpis;  // --kpi, on top of the stored ones
    ProgressCallback progress;
};

// One simulated horizon of the graph.
struct GraphOutcome {
    SignalFrame frame;                       // inputs and simulated outputs
    std::map<std::string, double> outputs;   // mean of each output over the horizon
    std::map<std::string, double> rates;     // count outputs: sum / sum of the total
    std::map<std::string, double> kpis;
};

class KpiSet;
// Means, rates and KPIs of a simulated frame (kpis may be null).
GraphOutcome graph_outcome(const TwinStudy& study, SignalFrame frame, const KpiSet* kpis);

struct OutcomeBand {
    std::map<std::string, double> outputs, rates, kpis;
};

// Puts the Monte Carlo median in place of each figure the band has; returns the figures
// it replaced.
OutcomeBand use_median_as_headline(GraphOutcome& headline, const OutcomeBand& p50);

struct TwinWhatIfResult {
    Scenario scenario;
    std::optional<WhatIfResult> furnace;  // the template's KPIs, limits, flags
    GraphOutcome baseline, result;
    std::optional<OutcomeBand> p10, p50, p90;
    // With runs > 1 the headline (baseline and result: outputs, rates, KPIs) is the median
    // of the Monte Carlo runs, so it lies inside P10-P90; these keep the single run at the
    // parameter estimates. The frames stay the single run.
    std::optional<OutcomeBand> baseline_p50, deterministic_baseline, deterministic;
    int runs = 1;
    std::vector<LimitCrossing> limits;            // on graph outputs
    std::vector<ExtrapolationFlag> extrapolation;  // of graph controls
    std::map<std::string, TrustVerdict> trust;     // of every modelled output
    std::vector<std::string> warnings;
};

// Throws UsageError for an unknown control or limit series, a broken KPI expression
// (with its position), a horizon longer than the data; ModelError when the twin cannot
// simulate (naming what to map).
TwinWhatIfResult run_twin_what_if(const TwinStudy& study, const Scenario& scenario,
                                  const TwinWhatIfOptions& options = {});

struct TwinBacktest {
    std::optional<BacktestResult> furnace;
    std::map<std::string, double> simulated, actual;  // outputs: mean over the steps measured
    std::map<std::string, std::size_t> compared;      // steps compared per output
    std::vector<std::string> warnings;
};
TwinBacktest run_twin_backtest(const TwinStudy& study, double horizon_h, std::size_t horizon_rows = 0);

// The units a --limit on this twin's series is written in: the furnace template's series,
// then each output of the graph in its column's unit (a 0/1 output's probability a share).
// The study must outlive the function.
LimitSeriesUnits limit_units(const TwinStudy& study);

// The first crossing and the worst value of each limit over a simulated frame's series
// (limits on series the frame lacks are left out). Also the live twin's time-to-limit.
std::vector<LimitCrossing> graph_limit_crossings(const std::vector<SeriesLimit>& limits, const SignalFrame& frame);

// The furnace template's simulated series (and its inputs: speed, setpoint as simulated)
// written into the graph frame under their columns, so the other outputs see the furnace
// as simulated. What run_twin_what_if does for its frames; the training plant too.
void write_furnace_series(const TwinStudy& study, const SimulationInputs& inputs, const SimulationSeries& series,
                          SignalFrame& frame);

nlohmann::json to_json(const TwinWhatIfResult& r);
nlohmann::json to_json(const TwinBacktest& r);

}  // namespace twinbench
