// The shipped 90-day sample plant (sample_data/plant) imported like a user would and every
// model fitted and stored, once per test binary: importing and fitting take about a second,
// and the report and simulation tests share the one project. Tests that change it work on
// a copy of project_path.
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "data/importer.h"
#include "data/project.h"
#include "models/model_fitting.h"
#include "support/temp_dir.h"

namespace twinbench::test {

inline std::filesystem::path sample_plant_dir() {
    return std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
}

struct SamplePlant {
    TempDir dir;
    std::filesystem::path project_path;  // dataset "plant", zone Europe/Berlin
    ImportResult imported;
    FitAllResult fitted;

    SamplePlant() : project_path(dir / "plant.twin") {
        Project project(project_path, Project::Mode::create_if_missing);
        ImportOptions options;
        for (const auto& entry : std::filesystem::directory_iterator(sample_plant_dir()))
            if (entry.is_regular_file() && entry.path().extension() == ".gz")
                options.files.push_back(entry.path());
        std::sort(options.files.begin(), options.files.end());
        options.dataset = "plant";
        options.time_zone = "Europe/Berlin";
        imported = import_files(project, options);
        const auto dataset = project.dataset("plant");
        fitted = fit_all_models(project.read_dataset(dataset), dataset.time_zone);
        store_models(project, dataset.id, fitted);
    }

    // The stored fit JSON of one model ("temperature").
    const nlohmann::json& model(const std::string& key) const {
        for (const auto& m : fitted.models)
            if (m.key == key) return m.json;
        throw std::runtime_error("model not fitted: " + key);
    }
};

inline const SamplePlant& sample_plant() {
    static const auto plant = std::make_unique<SamplePlant>();
    return *plant;
}

// A copy of the sample plant's project in `dir`, for a test that changes it.
inline std::filesystem::path sample_plant_copy(const TempDir& dir) {
    const auto path = dir / "plant.twin";
    std::filesystem::copy_file(sample_plant().project_path, path);
    return path;
}

}  // namespace twinbench::test
