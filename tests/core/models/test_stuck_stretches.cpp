// A stuck sensor's stretch leaves a model's fit (models/stuck_stretches.h): the steps where
// the audit finds the furnace thermocouple frozen become missing in the fit's frame, the
// rest of that signal and the other signals stay as measured.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "models/signal_frame.h"
#include "models/stuck_stretches.h"

namespace twinbench {
namespace {

Column numeric_column(const std::string& name, Role role, std::vector<double> values) {
    Column c;
    c.name = name;
    c.header = name;
    c.unit = "°C";
    c.role = role;
    c.values = std::move(values);
    return c;
}

TEST(StuckStretches, TheAuditsFlatlinesLeaveTheFitAndNothingElse) {
    constexpr std::size_t rows = 2000, stuck_from = 700, stuck_to = 900;  // 200 minutes frozen
    Table table;
    table.name = "line";
    std::mt19937_64 rng(5);
    std::normal_distribution<double> noise(0.0, 1.5);
    std::vector<double> furnace(rows), ambient(rows);
    for (std::size_t k = 0; k < rows; ++k) {
        table.time_s.push_back(1.7e9 + 60.0 * static_cast<double>(k));
        furnace[k] = 180.0 + 5.0 * std::sin(static_cast<double>(k) / 90.0) + noise(rng);
        ambient[k] = 15.0 + noise(rng);
    }
    for (std::size_t k = stuck_from; k < stuck_to; ++k) furnace[k] = 183.21;
    table.columns.push_back(numeric_column("Furnace", Role::furnace_temp, furnace));
    table.columns.push_back(numeric_column("Ambient", Role::ambient_temp, ambient));

    SignalFrame frame = history_frame(table, {"Furnace", "Ambient"}, "");
    ASSERT_EQ(frame.steps(), rows);
    const auto masked = drop_stuck_stretches(table, {"Furnace", "Ambient"}, frame);
    ASSERT_EQ(masked.size(), 2u);
    EXPECT_EQ(masked[0], stuck_to - stuck_from);
    EXPECT_EQ(masked[1], 0u);
    const auto& f = frame.at("Furnace").values;
    for (std::size_t k = 0; k < rows; ++k) {
        const bool stuck = k >= stuck_from && k < stuck_to;
        EXPECT_EQ(std::isnan(f[k]), stuck) << "step " << k;
        if (!stuck) {
            EXPECT_DOUBLE_EQ(f[k], furnace[k]);
        }
    }
    for (double v : frame.at("Ambient").values) EXPECT_FALSE(std::isnan(v));
}

}  // namespace
}  // namespace twinbench
