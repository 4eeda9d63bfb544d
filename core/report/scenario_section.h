// The scenario and recommendation chapters of the report. The simulation layer (core/sim,
// core/opt) results are turned into these structs (simulated_study.h); the report only
// lays them out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/report_document.h"

namespace twinbench::report {

struct ScenarioSetting {
    std::string name;   // role or parameter ("speed", "setpoint")
    std::string value;  // as the user gave it: "+10 %", "175", "median of the window"
    std::string unit;
    std::optional<double> number;  // the absolute value used, when known
};

// One KPI of PRODUCT.md's simulate keys, baseline against scenario. NaN = not available
// (p10/p90 need --runs > 1).
struct KpiRow {
    std::string key;  // "throughput_per_h"
    std::string label;
    std::string unit;
    double baseline = 0.0;
    double scenario = 0.0;
    double p10 = 0.0;
    double p90 = 0.0;
    int decimals = 2;
    // The trust verdict of the model the figure comes from ("trusted", "caution",
    // "not_trusted"); "" where none applies (a KPI of several models, the furnace template).
    std::string trust;
};

// A process limit crossed in the simulated horizon ("wear reaches its limit after 3.2 d").
struct LimitEvent {
    std::string what;
    double time_s = 0.0;   // UTC seconds; NaN when only the delay is known
    double after_h = 0.0;  // hours after the horizon start; NaN when unknown
};

struct ScenarioSection {
    // The forecast "if nothing changes": one value per KPI, no baseline to compare with.
    bool forecast = false;
    std::string name;
    std::string note;  // the engineer's note: what the scenario asks
    std::vector<ScenarioSetting> settings;
    std::string horizon;  // "7 d"
    int runs = 1;
    std::uint64_t seed = 0;
    std::vector<KpiRow> kpis;
    std::vector<Chart> charts;  // time series with P10-P90 bands and limits
    std::vector<LimitEvent> events;
    std::string time_zone;  // the dataset's, for the events' local times
    // Plain words: "line speed 4.8 m/min is above the 4.2 m/min seen in the data".
    std::vector<std::string> extrapolation_warnings;
    std::vector<std::string> notes;  // other remarks of the simulation (data carried forward)
};

struct RecommendationSection {
    std::string objective;  // "minimize energy_kwh_per_part"
    std::vector<ScenarioSetting> settings;
    std::vector<std::string> constraints;  // "scrap_rate <= 0.02"
    bool constraints_met = true;
    bool evaluated = true;  // false: the optimiser could not run (see warnings)
    std::vector<KpiRow> kpis;
    std::optional<Chart> pareto;
    std::uint64_t seed = 0;
    std::vector<std::string> warnings;
};

// Label, unit and decimals of PRODUCT.md's simulate KPI keys; unknown keys keep their key
// as label. Money is in `currency`, the tariff's ("EUR", "CHF"); "" = "currency units".
KpiRow kpi_row(const std::string& key, double baseline, double scenario, double p10, double p90,
               const std::string& currency);

// Appends chapter `chapter` ("4") with one sub-section per scenario; an explanatory
// paragraph when there is none.
void append_scenario_chapter(ReportDocument& document, const std::string& chapter,
                             const std::vector<ScenarioSection>& scenarios);
// Appends chapter `chapter` with the forecast "if nothing changes" (graph_forecast.h):
// its settings are none, its key figures one value each with P10-P90, its charts and
// time-to-limit events as a scenario's.
void append_forecast_chapter(ReportDocument& document, const std::string& chapter, const ScenarioSection& forecast);
void append_recommendation_chapter(ReportDocument& document, const std::string& chapter,
                                   const RecommendationSection& recommendation);

}  // namespace twinbench::report
