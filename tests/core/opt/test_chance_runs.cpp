// The chance constraints' runs: drawn once, they give exactly run_monte_carlo's runs for
// the seed (so the quantile statement is the one the optimiser always made), and the
// prefixes that stop early decide every setting of a grid as all the runs do.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "opt/chance_runs.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/sample_study.h"

namespace twinbench {
namespace {

SimulationInputs at(SimulationInputs in, double speed, double setpoint) {
    std::fill(in.speed_m_per_min.begin(), in.speed_m_per_min.end(), speed);
    std::fill(in.setpoint_degC.begin(), in.setpoint_degC.end(), setpoint);
    return in;
}

ChanceBound bound(const char* kpi, bool at_most, double value, double probability) {
    return {static_cast<std::size_t>(kpi_index(kpi)), at_most, value, probability};
}

TEST(ChanceRuns, AllRunsGiveRunMonteCarlosQuantiles) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 48.0, ReplayControls::median,
                                        s.study->tariff);
    // P(scrap_rate>0.02)<=0.05 and P(throughput_per_h<200)<=0.1: the 95 % and 10 % quantiles.
    const std::vector<ChanceBound> bounds{bound("scrap_rate", true, 0.02, 0.05),
                                          bound("throughput_per_h", false, 200.0, 0.1)};
    const ChanceRuns runs(s.study->twin, w.inputs, 120, 7, bounds);
    for (const auto& [speed, setpoint] : {std::pair{1.8, 195.0}, std::pair{2.2, 203.0}}) {
        const auto in = at(w.inputs, speed, setpoint);
        MonteCarloOptions mc;
        mc.runs = 120;
        mc.seed = 7;
        const auto reference = run_monte_carlo(s.study->twin, in, mc).runs;
        const auto e = runs.estimate(in, bounds, false);
        EXPECT_EQ(e.runs_used, 120);
        ASSERT_EQ(e.quantile.size(), 2u);
        EXPECT_EQ(e.quantile[0], kpi_quantile(reference, 0.95).scrap_rate) << speed;
        EXPECT_EQ(e.quantile[1], kpi_quantile(reference, 0.1).throughput_per_h) << speed;
        // Beyond the memory budget the runs are drawn at each evaluation: the same numbers.
        const ChanceRuns unstored(s.study->twin, w.inputs, 120, 7, bounds, 0.0);
        const auto again = unstored.estimate(in, bounds, false);
        EXPECT_EQ(again.quantile, e.quantile) << speed;
    }
}

TEST(ChanceRuns, PrefixesDecideEverySettingAsAllRunsDo) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 48.0, ReplayControls::median,
                                        s.study->tariff);
    int settings = 0, early = 0;
    long long runs_used = 0;
    for (const double limit : {0.015, 0.02, 0.03}) {
        const std::vector<ChanceBound> bounds{bound("scrap_rate", true, limit, 0.05)};
        const ChanceRuns runs(s.study->twin, w.inputs, 200, 1, bounds);
        for (int i = 0; i < 9; ++i)
            for (int j = 0; j < 9; ++j) {
                const auto in = at(w.inputs, 1.6 + 0.1 * i, 180.0 + 25.0 * j / 8.0);
                const auto all = runs.estimate(in, bounds, false);
                const auto adaptive = runs.estimate(in, bounds, true);
                ++settings;
                runs_used += adaptive.runs_used;
                if (adaptive.runs_used < 200) {
                    ++early;
                    EXPECT_EQ(adaptive.quantile[0] > limit, all.quantile[0] > limit)
                        << "speed " << 1.6 + 0.1 * i << ", setpoint " << 180.0 + 25.0 * j / 8.0
                        << ": prefix quantile " << adaptive.quantile[0] << " vs " << all.quantile[0]
                        << " over all runs, bound " << limit;
                } else {
                    EXPECT_EQ(adaptive.quantile[0], all.quantile[0]);
                }
            }
    }
    std::printf("%d of %d settings decided by a prefix; %.1f runs per setting instead of 200\n",
                early, settings, static_cast<double>(runs_used) / settings);
    // Most of a grid is far from the bound: the prefixes must save most of the runs.
    EXPECT_GT(early, settings / 2);
}

}  // namespace
}  // namespace twinbench
