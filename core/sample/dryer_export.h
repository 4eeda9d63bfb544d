// `twinbench-cli sample DIR --template dryer`: simulates the reference spray dryer and
// writes its data in the shapes a dairy's systems export it (a 1-minute historian with a
// few planted defects, the lab's sparse moisture results, the bagging line's 15-minute
// counts) plus the hidden truth (truth/truth.json with the parameters, the process graph
// and the planted defects; truth/truth_series.csv; truth/truth_bagging.csv). Same
// options, same bytes, on every platform.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/dryer_inputs.h"
#include "sample/dryer_plant.h"
#include "sample/dryer_truth.h"
#include "sample/sample_file_info.h"

namespace twinbench {

struct DryerSampleOptions {
    int days = 60;
    std::uint64_t seed = 1;
    int step_minutes = 1;
    std::string start_local = "2026-03-02T00:00";  // wall time in time_zone
    std::string time_zone = "Europe/Amsterdam";
    // The bagging file stamps each 15-minute count at the interval's end ("Interval end"),
    // as many historians write totals, instead of at its start.
    bool bags_stamped_at_end = false;
};

// Everything write_dryer_sample simulates: re-run simulate_dryer(truth, inputs, seed)
// with changed controls in `inputs` for what-if ground truth.
struct DryerScenario {
    DryerTruth truth;
    DryerInputs inputs;
    std::uint64_t seed = 1;
};

struct DryerSampleSummary {
    std::filesystem::path dir;
    std::vector<SampleFileInfo> files;
    std::int64_t steps = 0;           // simulated intervals
    std::int64_t historian_rows = 0;  // rows written (the gap removed)
    std::int64_t lab_samples = 0;
    std::int64_t bag_intervals = 0;
    DryerOutputMeans means;   // of the true run over the whole period
    int planted_defects = 0;  // gap + stuck stretch + malformed cells
};

// Defined in dryer_scenario.cpp.
// Throws twinbench::UsageError for invalid options (days < 1, step outside 1..1440,
// malformed start, unknown zone).
DryerScenario make_dryer_scenario(const DryerSampleOptions& options);

// The options and scenario recorded in a truth.json written by write_dryer_sample (the
// recorded truth wins over this build's defaults). Throws twinbench::BadInputError when
// keys are missing or the file is not a dryer's truth.
DryerSampleOptions dryer_options_from_truth_json(const nlohmann::json& truth_json);
DryerScenario dryer_scenario_from_truth_json(const nlohmann::json& truth_json);

// Creates dir if needed and writes the sample files into it (overwriting). Throws
// twinbench::UsageError for invalid options, twinbench::ProjectError on I/O failure.
DryerSampleSummary write_dryer_sample(const std::filesystem::path& dir,
                                      const DryerSampleOptions& options);

}  // namespace twinbench
