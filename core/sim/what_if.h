// One what-if question answered end to end: the baseline ("everything stays the same"),
// the scenario on top of it, optionally Monte Carlo bands, the limits' time-to-limit and
// whether each control leaves the data's operating envelope. The shape of PRODUCT.md's
// `simulate` JSON; the CLI prints it, the workbench draws it, the report quotes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kpis.h"
#include "sim/replay.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "sim/study.h"

namespace twinbench {

struct LimitCrossing {
    SeriesLimit limit;
    bool crossed = false;
    double time_s = 0.0;  // first crossing (UTC)
    double hours_from_start = 0.0;
    double worst = 0.0;  // most extreme value of the series
};

// A control's scenario range against the data's envelope.
struct ExtrapolationFlag {
    std::string control;
    std::string unit;
    double scenario_min = 0.0, scenario_max = 0.0;
    double data_min = 0.0, data_max = 0.0;
    bool inside = true;
    double beyond = 0.0;  // how far outside (in the control's unit), 0 inside
    std::string message;  // "inside the data" / "extrapolating by 0.12 m/min above the highest
                          // speed in the data"
};

struct WhatIfOptions {
    int runs = 1;  // > 1: Monte Carlo bands
    std::uint64_t seed = 1;
    int threads = 0;  // 0 = all cores
    bool keep_series = true;
};

struct KpiBand {
    Kpis p10, p50, p90;
};

struct WhatIfResult {
    Scenario scenario;
    ReplayWindow window;  // baseline inputs, envelope, actual KPIs
    SimulationInputs scenario_inputs;
    SimulationResult baseline;
    SimulationResult result;
    std::optional<KpiBand> band;  // scenario, with runs > 1
    // With runs > 1 the headline KPIs of baseline.kpis and result.kpis are the Monte Carlo
    // medians (common random numbers, so their difference is the change the runs agree on)
    // and always lie inside P10-P90; these keep the single run at the parameter estimates.
    std::optional<Kpis> deterministic_baseline, deterministic;
    std::vector<LimitCrossing> limits;
    std::vector<ExtrapolationFlag> extrapolation;
    std::vector<std::string> warnings;
};

WhatIfResult run_what_if(const Study& study, const Scenario& scenario,
                         const WhatIfOptions& options = {});

// The headline of a KPI set when Monte Carlo runs were drawn: the median of the runs in
// place of the single run at the parameter estimates (which a nonlinear model such as the
// scrap probability can put outside its own P10-P90), the totals behind the rates kept.
void use_median_as_headline(Kpis& headline, const Kpis& p50);

struct BacktestResult {
    ReplayWindow window;
    SimulationResult simulated;
    std::vector<std::string> warnings;
};
// The latest horizon replayed with the controls as recorded; KPIs over the steps with data.
BacktestResult run_backtest(const Study& study, double horizon_h);

// For the furnace and core temperatures only the steps where the line runs count (not stops
// or maintenance, where the furnace idles on standby), both for the first crossing and for
// the worst value; wear and the hourly scrap rate count at every step.
std::vector<LimitCrossing> find_limit_crossings(const std::vector<SeriesLimit>& limits,
                                                const SimulationInputs& inputs,
                                                const SimulationSeries& series);
std::vector<ExtrapolationFlag> extrapolation_flags(const ReplayWindow& window,
                                                   const SimulationInputs& inputs);
// One control's scenario range against its data range, with the message in words.
ExtrapolationFlag extrapolation_flag(const std::string& control, const std::string& unit, double scenario_min,
                                     double scenario_max, double data_min, double data_max);

nlohmann::json to_json(const WhatIfResult& r);
// One limit's crossing: series, min/max, crossed, worst and, when crossed, when. Without a
// time axis (per-item rows) the crossing is at a row: `row_from_start` instead of time.
nlohmann::json to_json(const LimitCrossing& c, bool timed = true);
nlohmann::json to_json(const ExtrapolationFlag& f);
nlohmann::json to_json(const BacktestResult& r);

}  // namespace twinbench
