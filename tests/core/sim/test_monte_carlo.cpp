// Monte Carlo: reproducible for a seed whatever the number of threads, ordered quantiles,
// bands that widen with the parameter uncertainty, and no spread at all for an exact
// model without process noise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sample/plant_export.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/sample_study.h"
#include "sim/truth_twin.h"

namespace twinbench {
namespace {

TEST(MonteCarlo, ReproducibleForASeedWhateverTheThreads) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 48.0, ReplayControls::median,
                                        s.study->tariff);
    MonteCarloOptions o;
    o.runs = 64;
    o.seed = 42;
    o.threads = 1;
    const auto one = run_monte_carlo(s.study->twin, w.inputs, o);
    o.threads = 2;
    const auto two = run_monte_carlo(s.study->twin, w.inputs, o);
    ASSERT_EQ(one.runs.size(), 64u);
    for (std::size_t r = 0; r < one.runs.size(); ++r)
        EXPECT_EQ(to_json(one.runs[r]), to_json(two.runs[r]));
    o.seed = 43;
    const auto other = run_monte_carlo(s.study->twin, w.inputs, o);
    EXPECT_NE(to_json(other.p50), to_json(one.p50));
}

TEST(MonteCarlo, QuantilesAreOrderedAndBracketTheDeterministicRun) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 168.0,
                                        ReplayControls::median, s.study->tariff);
    MonteCarloOptions o;
    o.runs = 400;
    o.bands = true;
    const auto mc = run_monte_carlo(s.study->twin, w.inputs, o);
    const auto det = simulate(s.study->twin, w.inputs).kpis;
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) {
        const double p10 = kpi_value(mc.p10, k), p50 = kpi_value(mc.p50, k),
                     p90 = kpi_value(mc.p90, k);
        EXPECT_LE(p10, p50) << kpi_keys[k];
        EXPECT_LE(p50, p90) << kpi_keys[k];
        EXPECT_GE(kpi_value(det, k), p10 - 1e-9 - 0.002 * std::abs(p10)) << kpi_keys[k];
        EXPECT_LE(kpi_value(det, k), p90 + 1e-9 + 0.002 * std::abs(p90)) << kpi_keys[k];
    }
    // The scrap rate is the uncertain one: the fitted coefficients and the scatter of the count.
    EXPECT_GT(mc.p90.scrap_rate - mc.p10.scrap_rate, 0.02 * mc.p50.scrap_rate);
    ASSERT_EQ(mc.furnace_degC.time_s.size(), 168u);
    for (std::size_t h = 0; h < 168; ++h) EXPECT_LE(mc.core_degC.p10[h], mc.core_degC.p90[h]);
}

TEST(MonteCarlo, ExactModelHasNoParameterSpread) {
    SampleOptions options;
    options.days = 3;
    const auto sc = make_sample_scenario(options);
    const PlantTwin twin = twin_from_truth(sc.truth);  // no covariances, no bias walk
    const auto inputs = inputs_from_plant(sc.truth, sc.inputs, 0, sc.inputs.steps(), 0.0);
    MonteCarloOptions o;
    o.runs = 50;
    const auto mc = run_monte_carlo(twin, inputs, o);
    EXPECT_DOUBLE_EQ(mc.p10.energy_kwh, mc.p90.energy_kwh);
    EXPECT_DOUBLE_EQ(mc.p10.core_temp_c, mc.p90.core_temp_c);
    // Only the binomial scatter of the scrap count remains.
    EXPECT_LT(mc.p10.scrap_rate, mc.p90.scrap_rate);
}

TEST(MonteCarlo, ProgressReportsEveryRunAndCancelStopsEarly) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 24.0, ReplayControls::median,
                                        s.study->tariff);
    MonteCarloOptions o;
    o.runs = 40;
    o.threads = 2;
    std::vector<double> seen;
    o.progress = [&](double fraction, std::string_view) {
        seen.push_back(fraction);
        return true;
    };
    const auto all = run_monte_carlo(s.study->twin, w.inputs, o);
    ASSERT_EQ(seen.size(), 40u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    // Same runs with and without a callback.
    MonteCarloOptions plain = o;
    plain.progress = nullptr;
    EXPECT_EQ(to_json(run_monte_carlo(s.study->twin, w.inputs, plain).p50), to_json(all.p50));

    int calls = 0;
    o.progress = [&](double, std::string_view) { return ++calls < 5; };
    EXPECT_THROW(run_monte_carlo(s.study->twin, w.inputs, o), Cancelled);
    // The runs already under way finish (one per thread); no new one starts.
    EXPECT_GE(calls, 5);
    EXPECT_LE(calls, 5 + o.threads);
}

}  // namespace
}  // namespace twinbench
