// `twinbench-cli sample DIR`: simulates the reference plant and writes its data in the
// shapes plants export (historian split by month with planted defects, manual checks,
// maintenance log, batch list) plus the hidden truth (truth.json, truth_series.csv).
// Same options, same bytes, on every platform.
//
// Variants (issue 14 item 9) give plants the models were not designed around, each with
// its truth: no manual core-temperature checks, scrap driven directly by the furnace air
// temperature and the residence time, constants drawn from a physics seed, and a German
// historian export of an "independent" line. The default options write the designed
// plant's files byte for byte as before the variants existed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/historian_style.h"
#include "sample/plant_inputs.h"
#include "sample/plant_truth.h"
#include "sample/reference_plant.h"
#include "sample/sample_file_info.h"

namespace twinbench {

struct SampleOptions {
    int days = 90;
    std::uint64_t seed = 1;
    int step_minutes = 1;
    std::string start_local = "2026-02-16T00:00";  // wall time in time_zone
    std::string time_zone = "Europe/Berlin";

    // Variant features, orthogonal; apply_sample_variant sets them from a name.
    std::string variant = "standard";  // the name, recorded in truth.json
    bool manual_checks = true;         // false: manual_checks.csv is not written
    ScrapModel scrap_model = ScrapModel::core_window;
    // Set: the plant's constants are drawn from this seed (plant_physics.h); unset: the
    // designed constants.
    std::optional<std::uint64_t> physics_seed;
    ExportStyle export_style = ExportStyle::standard;
};

// The physics seed of the "independent" and "perturbed" variants when none is given.
inline constexpr std::uint64_t default_variant_physics_seed = 14;

// Sets the variant features of `options` from a name or a comma-separated list of names:
//   standard      the designed plant (nothing changed)
//   no-checks     manual_checks.csv is not written
//   direct-scrap  scrap model direct (furnace air temperature and residence time)
//   perturbed     constants drawn from the physics seed (default_variant_physics_seed
//                 unless options.physics_seed is already set)
//   german        German historian export (ExportStyle::german)
//   independent   all four, and the time zone Europe/Vienna: another line of the same
//                 kind, exported by another historian
// A physics seed already set in options is kept. Throws UsageError naming an unknown
// name and listing the known ones.
void apply_sample_variant(SampleOptions& options, std::string_view names);

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
