// `twinbench-cli sample DIR`: simulates the reference plant and writes its data in the
// shapes plants export (historian split by month with planted defects, manual checks,
// maintenance log, batch list) plus the hidden truth (truth.json, truth_series.csv).
// Same options, same bytes, on every platform.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/plant_inputs.h"
#include "sample/plant_truth.h"
#include "sample/reference_plant.h"

namespace twinbench {

struct SampleOptions {
    int days = 90;
    std::uint64_t seed = 1;
    int step_minutes = 1;
    std::string start_local = "2026-02-16T00:00";  // wall time in time_zone
    std::string time_zone = "Europe/Berlin";
};

struct SampleFileInfo {
    std::string name;        // file name inside the sample directory
    std::int64_t rows = 0;   // data rows (header excluded)
    std::uintmax_t bytes = 0;
};

struct SampleSummary {
    std::filesystem::path dir;
    std::vector<SampleFileInfo> files;
    std::int64_t steps = 0;            // simulated intervals
    std::int64_t historian_rows = 0;   // rows written (gaps removed)
    PlantKpis kpis;                    // of the true run over the whole period
    int planted_defects = 0;           // gaps + stuck + spikes + malformed + dropout cells
};

// Everything write_sample_plant simulates: re-run simulate_plant(truth, inputs, seed)
// with changed controls in `inputs` for what-if ground truth.
struct SampleScenario {
    PlantTruth truth;
    PlantInputs inputs;
    std::uint64_t seed = 1;
};

// Defined in plant_scenario.cpp.
// Throws twinbench::UsageError for invalid options (days < 1, step outside 1..1440,
// malformed start, unknown zone).
SampleScenario make_sample_scenario(const SampleOptions& options);

// The options and scenario recorded in a truth.json written by write_sample_plant.
// Throws twinbench::BadInputError when keys are missing.
SampleOptions sample_options_from_truth_json(const nlohmann::json& truth_json);
SampleScenario sample_scenario_from_truth_json(const nlohmann::json& truth_json);

// Creates dir if needed and writes the sample files into it (overwriting). Throws
// twinbench::UsageError for invalid options, twinbench::ProjectError on I/O failure.
SampleSummary write_sample_plant(const std::filesystem::path& dir, const SampleOptions& options);

}  // namespace twinbench
