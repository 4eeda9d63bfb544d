// Time-to-limit as an engineer means it: a limit on the furnace or core temperature is a
// limit of production. While the line is stopped or in maintenance the furnace idles on its
// standby setpoint and no part leaves it, so a "core temperature at least 160 °C" limit is
// not reached by a standby stop.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/what_if.h"

namespace twinbench {
namespace {

struct StopRun {
    SimulationInputs inputs;
    SimulationSeries series;
};

// Six one-minute steps: running at 170 °C core, a stop (standby, the core cools to 120 °C),
// then running again at 168 °C and a maintenance step at 110 °C.
StopRun run_with_a_stop() {
    StopRun r;
    r.inputs.step_min = 1.0;
    using S = SimulatedState;
    const std::vector<S> states = {S::running, S::running, S::stopped, S::stopped, S::running, S::maintenance};
    const std::vector<double> core = {170.0, 171.0, 130.0, 120.0, 168.0, 110.0};
    const std::vector<double> furnace = {190.0, 191.0, 150.0, 140.0, 189.0, 120.0};
    for (std::size_t i = 0; i < states.size(); ++i) {
        r.inputs.time_s.push_back(1.8e9 + 60.0 * static_cast<double>(i));
        r.series.state.push_back(states[i]);
        r.series.core_degC.push_back(core[i]);
        r.series.furnace_degC.push_back(furnace[i]);
        r.series.produced.push_back(states[i] == S::running ? 4.0 : 0.0);
        r.series.scrap.push_back(0.0);
        r.series.wear_pct.push_back(10.0);
    }
    return r;
}

TEST(LimitCrossings, StopsAndMaintenanceDoNotReachAProductionLimit) {
    const StopRun r = run_with_a_stop();
    const auto crossings = find_limit_crossings(
        {{"core_temp", 160.0, std::nullopt}, {"furnace_temp", 180.0, std::nullopt}}, r.inputs, r.series);
    ASSERT_EQ(crossings.size(), 2u);
    for (const auto& c : crossings) {
        EXPECT_FALSE(c.crossed) << c.limit.series << " crossed after " << c.hours_from_start << " h";
        // The worst value is the worst while producing.
        EXPECT_EQ(c.worst, c.limit.series == "core_temp" ? 168.0 : 189.0) << c.limit.series;
    }
}

TEST(LimitCrossings, WearCountsAtEveryStep) {
    StopRun r = run_with_a_stop();
    r.series.wear_pct[3] = 51.0;  // reached at the step start of a stopped step
    const auto crossings = find_limit_crossings({{"wear", std::nullopt, 50.0}}, r.inputs, r.series);
    ASSERT_EQ(crossings.size(), 1u);
    EXPECT_TRUE(crossings[0].crossed);
    EXPECT_DOUBLE_EQ(crossings[0].hours_from_start, 3.0 / 60.0);
}

TEST(LimitCrossings, RunningStepsStillCross) {
    StopRun r = run_with_a_stop();
    r.series.core_degC[4] = 158.0;  // running again, but too cold
    const auto crossings = find_limit_crossings({{"core_temp", 160.0, std::nullopt}}, r.inputs, r.series);
    ASSERT_EQ(crossings.size(), 1u);
    EXPECT_TRUE(crossings[0].crossed);
    EXPECT_DOUBLE_EQ(crossings[0].hours_from_start, 4.0 / 60.0);
    EXPECT_EQ(crossings[0].worst, 158.0);
}

}  // namespace
}  // namespace twinbench
