// Building model-test tables straight from a reference-plant run (core/sample): a numeric
// column with a role, and the daily manual core-temperature checks a plant would take.
#pragma once

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "data/table.h"
#include "sample/reference_plant.h"

namespace twinbench::test {

inline Column numeric_column(const std::string& name, Role role, std::vector<double> values) {
    Column c;
    c.name = c.header = name;
    c.type = ColumnType::numeric;
    c.role = role;
    c.values = std::move(values);
    return c;
}

// Manual checks as the plant does them (plant_side_files.cpp): once a day at a random
// day-shift time (06:15-13:45 local, here taken as UTC+1), postponed up to an hour while
// the line stands, value = true core + N(0, sd^2).
inline std::vector<double> daily_checks(const PlantRun& run, double sd, std::uint64_t seed) {
    std::mt19937_64 rng(seed * 7919 + 17);
    std::uniform_int_distribution<int> minute(5 * 60 + 15, 12 * 60 + 45);
    std::normal_distribution<double> noise(0.0, sd);
    std::vector<double> checks(run.steps(), std::numeric_limits<double>::quiet_NaN());
    const std::size_t per_day = 1440 / static_cast<std::size_t>(run.step_minutes);
    for (std::size_t day = 0; day * per_day < run.steps(); ++day) {
        std::size_t step = day * per_day + static_cast<std::size_t>(minute(rng)) /
                                               static_cast<std::size_t>(run.step_minutes);
        const std::size_t limit = step + 60;
        while (step < run.steps() && step < limit && run.state[step] != LineState::running) ++step;
        if (step >= run.steps() || run.state[step] != LineState::running) continue;
        checks[step] = run.core_true_degC[step] + noise(rng);
    }
    return checks;
}

}  // namespace twinbench::test
