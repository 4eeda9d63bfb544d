// Monte Carlo: reproducible for a seed whatever the number of threads, ordered quantiles,
// bands that widen with the parameter uncertainty, and no spread at all for an exact
// model without process noise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
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

TEST(MonteCarlo, SpacingTheCoreChecksWidensTheCoreAndScrapBands) {
    // Between manual checks the core-temperature estimate is off by the error the fit's
    // check-interval curve measured for that spacing (and the bias walks); a check resets
    // it. Daily checks keep the estimate tighter than one check a week.
    const auto& s = test::sample_study();
    const auto& core = s.study->twin.core;
    ASSERT_GE(core.check_interval_h.size(), 2u);
    ASSERT_GT(core.soft_sensor_error_degC(168.0), core.soft_sensor_error_degC(24.0));
    auto w = replay_latest_window(s.study->table, s.study->twin, 168.0, ReplayControls::median,
                                  s.study->tariff);
    MonteCarloOptions o;
    o.runs = 300;
    o.seed = 5;
    o.bands = true;
    const auto width_at_end = [](const SeriesBand& b) {
        return b.p90[b.p90.size() - 2] - b.p10[b.p10.size() - 2];
    };
    w.inputs.check_interval_h = 24.0;
    const auto daily = run_monte_carlo(s.study->twin, w.inputs, o);
    w.inputs.check_interval_h = 168.0;
    const auto weekly = run_monte_carlo(s.study->twin, w.inputs, o);
    std::printf(
        "estimate error sd %.2f degC (daily checks) vs %.2f (weekly); core band at hour 166 "
        "%.2f vs %.2f degC; scrap P10-P90 %.4f-%.4f vs %.4f-%.4f\n",
        core.soft_sensor_error_degC(24.0), core.soft_sensor_error_degC(168.0),
        width_at_end(daily.core_degC), width_at_end(weekly.core_degC), daily.p10.scrap_rate,
        daily.p90.scrap_rate, weekly.p10.scrap_rate, weekly.p90.scrap_rate);
    // Near the end of the week: the band follows the curve's error (P10-P90 = 2.56 sd).
    EXPECT_LT(width_at_end(daily.core_degC), 0.85 * width_at_end(weekly.core_degC));
    EXPECT_LT(daily.p90.core_temp_c - daily.p10.core_temp_c,
              weekly.p90.core_temp_c - weekly.p10.core_temp_c);
    EXPECT_LT(daily.p90.scrap_rate - daily.p10.scrap_rate,
              weekly.p90.scrap_rate - weekly.p10.scrap_rate);
    // Scrap is convex around its optimum core temperature: a looser estimate costs scrap.
    EXPECT_LT(daily.p50.scrap_rate, weekly.p50.scrap_rate);
}

TEST(MonteCarlo, SoftSensorErrorFollowsTheCheckIntervalCurve) {
    CoreTwin c;
    c.check_interval_h = {24.0, 72.0, 168.0};
    c.check_interval_rmse_degC = {2.0, 2.6, 4.0};
    EXPECT_DOUBLE_EQ(c.soft_sensor_error_degC(8.0), 2.0);   // flat below the first point
    EXPECT_DOUBLE_EQ(c.soft_sensor_error_degC(48.0), 2.3);  // linear in between
    EXPECT_DOUBLE_EQ(c.soft_sensor_error_degC(168.0), 4.0);
    EXPECT_NEAR(c.soft_sensor_error_degC(264.0), 4.0 + 1.4, 1e-12);  // the last slope on
    EXPECT_DOUBLE_EQ(CoreTwin{}.soft_sensor_error_degC(24.0), 0.0);  // no curve, no error
    // Scored against held-out checks, the check noise comes off in quadrature.
    c.check_noise_sd_degC = 1.6;
    EXPECT_NEAR(c.soft_sensor_error_degC(168.0), std::sqrt(16.0 - 2.56), 1e-12);
    EXPECT_DOUBLE_EQ(c.soft_sensor_error_degC(8.0), std::sqrt(4.0 - 2.56));
    c.check_noise_sd_degC = 3.0;  // noisier than the curve: no error left, never NaN
    EXPECT_DOUBLE_EQ(c.soft_sensor_error_degC(24.0), 0.0);
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
