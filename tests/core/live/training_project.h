// Plants for the training-mode tests: the generated spray dryer (generic roles) and the
// furnace sample line, imported and fitted once per test binary (generated_process.h),
// and a fresh copy of a plant's project per test, so that the training datasets a session
// adds stay with that test.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../sim/generated_process.h"
#include "data/project.h"
#include "live/training_session.h"
#include "support/temp_dir.h"

namespace twinbench::test {

inline std::filesystem::path copy_of_project(const GeneratedTwin& g, const TempDir& dir) {
    const auto to = dir / "plant.twin";
    std::filesystem::copy_file(g.project_path, to,
                               std::filesystem::copy_options::overwrite_existing);
    return to;
}

// A plant's project copied into a folder of the test's own, open for writing.
struct PlantCopy {
    TempDir dir;
    Project project;
    explicit PlantCopy(const GeneratedTwin& g)
        : project(copy_of_project(g, dir), Project::Mode::open_existing) {}
};

// A scripted session of the latest `hours` of the data, played as fast as it goes.
inline TrainingSetup scripted_session(double hours, std::vector<std::string> faults = {}) {
    TrainingSetup setup;
    setup.plant.duration_h = hours;
    setup.plant.speed = 0.0;
    for (const auto& f : faults) setup.plant.faults.push_back(parse_training_fault(f));
    return setup;
}

// Every row the plant hands out, as numbers by column (NaN where a row has no cell).
struct PlayedRows {
    std::vector<double> time_s;
    std::map<std::string, std::vector<double>> values;
};

inline PlayedRows play_all(TrainingPlant& plant) {
    PlayedRows out;
    while (!plant.finished()) {
        const LiveBatch batch = plant.poll(std::chrono::milliseconds{0});
        for (const auto& row : batch.rows) {
            const std::size_t k = out.time_s.size();
            out.time_s.push_back(*row.time_utc_s);
            for (const auto& cell : row.cells) {
                auto& v = out.values[cell.column];
                v.resize(k + 1, std::nan(""));
                v[k] = cell.number ? *cell.number : std::nan("");
            }
        }
    }
    for (auto& [name, v] : out.values) v.resize(out.time_s.size(), std::nan(""));
    return out;
}

}  // namespace twinbench::test
