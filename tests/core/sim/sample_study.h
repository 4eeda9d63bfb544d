// The shipped 90-day reference plant (support/sample_plant.h: imported and fitted once per
// test binary) opened as a simulation study, next to its truth: the generator's parameters
// and inputs rebuilt from truth/truth.json, so tests can re-run the true plant with the
// same disturbances.
#pragma once

#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "data/project.h"
#include "sample/plant_export.h"
#include "sim/study.h"
#include "support/sample_plant.h"

namespace twinbench::test {

struct SampleStudy {
    const TempDir& dir;  // the folder of the shared project
    std::filesystem::path project_path;
    std::unique_ptr<Study> study;
    SampleScenario truth;
    PlantRun true_run;  // the whole 90 days of the true plant
};

inline const SampleStudy& sample_study() {
    static const std::unique_ptr<SampleStudy> s = [] {
        const SamplePlant& plant = sample_plant();
        Project project(plant.project_path, Project::Mode::read_only);
        std::ifstream in(sample_plant_dir() / "truth" / "truth.json");
        auto truth = sample_scenario_from_truth_json(nlohmann::json::parse(in));
        auto true_run = simulate_plant(truth.truth, truth.inputs, truth.seed);
        return std::unique_ptr<SampleStudy>(new SampleStudy{
            plant.dir, plant.project_path, std::make_unique<Study>(open_study(project, "plant")),
            std::move(truth), std::move(true_run)});
    }();
    return *s;
}

}  // namespace twinbench::test
