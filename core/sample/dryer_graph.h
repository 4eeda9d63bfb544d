// The true process graph of the reference spray dryer, as truth.json records it: which
// column is a control, a disturbance or an output (the roles a correct engineer would
// declare, by the names `import` lists), each output's kind (continuous, sparse, count,
// count out of a total), and the causal edges with their form, gain at the reference
// operating point, time constant and dead time where they apply.
#pragma once

#include <nlohmann/json.hpp>

#include "sample/dryer_truth.h"

namespace twinbench {

// File names of the dryer sample (the hidden truth goes into truth/).
inline constexpr const char* dryer_historian_file = "historian.csv";
inline constexpr const char* dryer_lab_file = "lab_moisture.csv";
inline constexpr const char* dryer_bagging_file = "bagging_15min.csv";

// Gains per step of step_minutes (the gas energy is per step).
nlohmann::json dryer_graph_json(const DryerTruth& truth, int step_minutes);

}  // namespace twinbench
