// The shipped 90-day reference plant imported, fitted and opened as a simulation study
// (once per test binary: import and fit take about a second), next to its truth: the
// generator's parameters and inputs rebuilt from truth/truth.json, so tests can re-run
// the true plant with the same disturbances.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "data/importer.h"
#include "data/project.h"
#include "models/model_fitting.h"
#include "sample/plant_export.h"
#include "sim/study.h"
#include "support/temp_dir.h"

namespace twinbench::test {

struct SampleStudy {
    TempDir dir;
    std::filesystem::path project_path;
    std::unique_ptr<Study> study;
    SampleScenario truth;
    PlantRun true_run;  // the whole 90 days of the true plant
};

inline const SampleStudy& sample_study() {
    static const std::unique_ptr<SampleStudy> s = [] {
        auto out = std::make_unique<SampleStudy>();
        const auto plant_dir = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
        out->project_path = out->dir / "plant.twin";
        {
            Project project(out->project_path, Project::Mode::create_if_missing);
            ImportOptions options;
            for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
                if (entry.is_regular_file() && entry.path().extension() == ".gz")
                    options.files.push_back(entry.path());
            std::sort(options.files.begin(), options.files.end());
            options.dataset = "plant";
            options.time_zone = "Europe/Berlin";
            import_files(project, options);
            const auto dataset = project.dataset("plant");
            store_models(project, dataset.id,
                         fit_all_models(project.read_dataset(dataset), dataset.time_zone));
        }
        Project project(out->project_path, Project::Mode::read_only);
        out->study = std::make_unique<Study>(open_study(project, "plant"));
        std::ifstream in(plant_dir / "truth" / "truth.json");
        out->truth = sample_scenario_from_truth_json(nlohmann::json::parse(in));
        out->true_run = simulate_plant(out->truth.truth, out->truth.inputs, out->truth.seed);
        return out;
    }();
    return *s;
}

}  // namespace twinbench::test
