// The report's sections for any process graph (the generic what-if session,
// sim/twin_what_if.h): a scenario against the baseline, every output and KPI with its
// P10-P90 and the trust verdict of the model it comes from; and the forecast "if nothing
// changes" that every report carries, for the furnace template and any other process.
#pragma once

#include <cstdint>
#include <vector>

#include "report/scenario_section.h"
#include "sim/scenario.h"
#include "sim/twin_study.h"

namespace twinbench::report {

// Throws what run_twin_what_if throws (UsageError, ModelError).
ScenarioSection graph_scenario_section(const TwinStudy& study, const Scenario& scenario, int runs,
                                       std::uint64_t seed);

// The scenario "if nothing changes": no control moved, the limits the engineer declared
// in the stored scenarios watched (time-to-limit), over the stored scenarios' first
// horizon (else the session's default).
Scenario nothing_changes_scenario(const std::vector<Scenario>& stored);

// A scenario section of the unchanged process turned into the forecast: one value per
// KPI (no change column), the band named as the forecast's, the duplicate scenario line
// dropped from the charts.
ScenarioSection as_forecast(ScenarioSection section);

}  // namespace twinbench::report
