// Transport delays (issue 4, model 5): synthetic series with a known dead time, the
// reference plant's setpoint -> furnace answer, and a plant whose scrap follows the
// furnace temperature one residence time late (built from the plant's own truth
// functions), recovered against that residence time.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "common/error.h"
#include "full_plant_table.h"
#include "models/defect_model.h"
#include "models/model_fitting.h"
#include "models/transport_delay.h"
#include "sample/reference_plant.h"

namespace twinbench {
namespace {

struct Series {
    std::vector<double> t, x, y;
};

// x: a slowly wandering process signal with occasional steps (AR(1) + steps), 1-minute
// rows with a few gaps; y answers x after dead_steps through a first-order lag (decay a;
// a = 0 is a pure delay), plus white measurement noise on both.
Series synthetic(std::size_t n, std::size_t dead_steps, double a, std::uint64_t seed,
                 bool related = true) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> z(0.0, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> x(n), y(n, 0.0);
    double level = 0.0, ar = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        if (u(rng) < 0.01) level += 5.0 * z(rng);
        ar = 0.9 * ar + z(rng);
        x[k] = level + ar;
    }
    std::vector<double> driver = x;
    if (!related) {  // an independent copy of the same kind of signal
        level = ar = 0.0;
        for (std::size_t k = 0; k < n; ++k) {
            if (u(rng) < 0.01) level += 5.0 * z(rng);
            ar = 0.9 * ar + z(rng);
            driver[k] = level + ar;
        }
    }
    for (std::size_t k = 1; k < n; ++k) {
        const double in = k - 1 >= dead_steps ? driver[k - 1 - dead_steps] : 0.0;
        y[k] = a * y[k - 1] + (1.0 - a) * in;
    }
    Series s;
    for (std::size_t k = 0; k < n; ++k) {
        if (k % 997 < 5) continue;  // gaps: missing rows
        s.t.push_back(1.7e9 + 60.0 * static_cast<double>(k));
        s.x.push_back(x[k] + 0.3 * z(rng));
        s.y.push_back(y[k] + 0.3 * z(rng));
    }
    return s;
}

TEST(TransportDelay, RecoversAPureDelay) {
    const Series s = synthetic(20000, 6, 0.0, 1);
    // y[k] = x[k - 1 - 6]: seven steps between a change and its answer.
    const TransportDelay d = estimate_transport_delay(s.t, s.x, s.y);
    std::printf("pure delay: %g min, r %.3f, next %.3f at %g min, band %.3f: %s\n", d.delay_min,
                d.correlation, d.next_peak_correlation, d.next_peak_delay_min, d.significance_band,
                d.confidence().c_str());
    EXPECT_DOUBLE_EQ(d.step_min, 1.0);
    EXPECT_DOUBLE_EQ(d.delay_min, 7.0);
    EXPECT_GT(d.correlation, 0.5);
    EXPECT_TRUE(d.significant);
    EXPECT_TRUE(d.distinct);
    EXPECT_EQ(d.lags_min.size(), 61u);  // 0..60 min
}

TEST(TransportDelay, DeadTimeBeforeAFirstOrderLag) {
    // Dead time 12 steps, then a first-order lag (tau ~ 4.5 steps): the answer starts
    // 13 steps after the change and then decays, which is one lobe, not a second peak.
    const Series s = synthetic(40000, 12, 0.8, 2);
    const TransportDelay d = estimate_transport_delay(s.t, s.x, s.y);
    std::printf("dead time + lag: %g min, r %.3f, next %.3f at %g min, band %.3f: %s\n",
                d.delay_min, d.correlation, d.next_peak_correlation, d.next_peak_delay_min,
                d.significance_band, d.confidence().c_str());
    EXPECT_DOUBLE_EQ(d.delay_min, 13.0);
    EXPECT_TRUE(d.significant);
    EXPECT_TRUE(d.distinct);
}

TEST(TransportDelay, UnrelatedSignalsAreNotSignificant) {
    const Series s = synthetic(20000, 6, 0.0, 3, false);
    const TransportDelay d = estimate_transport_delay(s.t, s.x, s.y);
    std::printf("unrelated: %g min, r %.4f, band %.4f: %s\n", d.delay_min, d.correlation,
                d.significance_band, d.confidence().c_str());
    EXPECT_FALSE(d.significant);
    EXPECT_NE(d.confidence().find("not significant"), std::string::npos);
}

TEST(TransportDelay, BadInputIsAModelError) {
    EXPECT_THROW(estimate_transport_delay({0.0, 60.0}, {1.0}, {1.0, 2.0}), ModelError);
    EXPECT_THROW(estimate_transport_delay({0.0, 0.0, 0.0}, {1.0, 2.0, 3.0}, {1.0, 2.0, 3.0}),
                 ModelError);
    const Series s = synthetic(100, 2, 0.0, 4);  // far fewer than 200 pairs
    EXPECT_THROW(estimate_transport_delay(s.t, s.x, s.y), ModelError);
    TransportDelayOptions o;
    o.min_lag_min = 10.0;
    o.max_lag_min = 5.0;
    const Series big = synthetic(2000, 2, 0.0, 5);
    EXPECT_THROW(estimate_transport_delay(big.t, big.x, big.y, o), ModelError);
    EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
}

// The reference plant: the furnace air answers a setpoint change at the next step (the
// generator's first-order law has no dead time, T[k+1] from SP[k]).
TEST(TransportDelay, FurnaceAnswersTheSetpointAtTheNextStep) {
    const auto c = test::full_plant_case(1, 90);
    const TransportDelay d =
        estimate_transport_delay(c.table.time_s, c.table.find("Furnace setpoint")->values,
                                 c.table.find("Furnace temperature")->values);
    std::printf("setpoint -> furnace: %g min, r %.3f, next %.3f at %g min, band %.3f: %s\n",
                d.delay_min, d.correlation, d.next_peak_correlation, d.next_peak_delay_min,
                d.significance_band, d.confidence().c_str());
    EXPECT_DOUBLE_EQ(d.delay_min, 1.0);
    EXPECT_GT(d.correlation, 0.0);
    EXPECT_TRUE(d.significant);
}

// A plant whose parts carry the furnace's history: the core at the exit is heated by the
// furnace air of one residence time (L / v) earlier. The defect probability is computed
// from it with the plant's truth functions (no binomial noise, so that 90 days suffice);
// the estimate must match the residence time. Rows around speed changes are left out
// (see below).
TEST(TransportDelay, ScrapFollowsTheFurnaceOneResidenceTimeLater) {
    const auto c = test::full_plant_case(2, 90);
    const auto& run = c.run;
    const auto& truth = c.scenario.truth;
    const std::size_t n = run.steps();
    std::vector<double> p(n, std::nan("")), residence;
    for (std::size_t i = 0; i < n; ++i) {
        const double v = run.speed_actual_m_per_min[i];
        if (run.state[i] != LineState::running || !(v > 0.0)) continue;
        const double r = residence_time_min(truth, v);
        const auto back = static_cast<std::size_t>(std::llround(r / run.step_minutes));
        if (back + 2 > i) continue;
        // Speed and grade changes move the scrap at once (speed term, grade offset) while
        // the furnace also moves (load): at lag 0, a common cause, not the furnace's
        // effect. Rows are kept where one grade ran at one speed over the whole passage.
        bool steady = true;
        for (std::size_t j = i - back - 2; j < i && steady; ++j)
            steady = run.state[j] == LineState::running && run.speed_actual_m_per_min[j] == v &&
                     c.scenario.inputs.grade[j] == c.scenario.inputs.grade[i];
        if (!steady) continue;
        residence.push_back(r);
        // The part entered at the ambient temperature of its entry time.
        const double core = core_temperature_degC(truth, run.furnace_true_degC[i - back],
                                                  c.scenario.inputs.ambient_degC[i - back], v,
                                                  c.scenario.inputs.grade[i]);
        // Humidity and wear at fixed values: their minute-to-minute noise would hide the
        // furnace's part of the scrap rate, which is what this test is about.
        p[i] = defect_probability(truth, core, 50.0, 20.0, v, c.scenario.inputs.grade[i]);
    }
    std::nth_element(residence.begin(),
                     residence.begin() + static_cast<std::ptrdiff_t>(residence.size() / 2),
                     residence.end());
    const double median_residence = residence[residence.size() / 2];
    // With the true furnace air temperature as the input the answer is clear.
    const TransportDelay d = estimate_transport_delay(c.table.time_s, run.furnace_true_degC, p);
    std::printf(
        "true furnace -> scrap probability: %g min (median residence %.2f min), r %.3f, next %.3f "
        "at %g min, "
        "band %.3f: %s\n",
        d.delay_min, median_residence, d.correlation, d.next_peak_correlation,
        d.next_peak_delay_min, d.significance_band, d.confidence().c_str());
    EXPECT_NEAR(d.delay_min, median_residence, 1.0);
    EXPECT_LT(d.correlation, 0.0);  // hotter (toward the 168 degC optimum from ~165) -> less scrap
    EXPECT_TRUE(d.significant);
    EXPECT_TRUE(d.distinct);
    // The thermocouple's noise (1.5 degC per reading) swamps the minute-to-minute changes
    // the delay is read from: the peak collapses to the noise (on this seed 9 min, r -0.013
    // just above the band of 0.010 - a marginal peak 3 min off the residence time, which
    // fit only offers to the defect model, where the hold-out decides).
    const TransportDelay m =
        estimate_transport_delay(c.table.time_s, c.table.find("Furnace temperature")->values, p);
    std::printf("measured furnace -> scrap probability: %g min, r %.4f, band %.4f: %s\n",
                m.delay_min, m.correlation, m.significance_band, m.confidence().c_str());
    EXPECT_LT(std::abs(m.correlation), std::abs(d.correlation));
}

}  // namespace
}  // namespace twinbench

namespace twinbench {
namespace {

// fit reports the delays, and offers a clear furnace -> scrap delay to the defect model,
// which keeps it only when the hold-out log loss improves.
TEST(TransportDelay, FitJsonReportsDelaysAndTheDefectLagChoice) {
    const auto c = test::full_plant_case(1, 60);
    const auto j = fit_all_models(c.table, "Europe/Berlin").to_json();
    ASSERT_TRUE(j["transport_delays"].is_array());
    ASSERT_GE(j["transport_delays"].size(), 2u);
    const auto& sp = j["transport_delays"][0];
    EXPECT_EQ(sp["from"], "Furnace setpoint");
    EXPECT_EQ(sp["to"], "Furnace temperature");
    EXPECT_DOUBLE_EQ(sp["delay_min"].get<double>(), 1.0);
    EXPECT_TRUE(sp["significant"].get<bool>());
    const auto& scrap = j["transport_delays"][1];
    EXPECT_EQ(scrap["from"], "Furnace temperature");
    EXPECT_EQ(scrap["to"], "Parts scrapped / Parts produced");
    std::printf("furnace -> scrap rate on the plant: %s min, %s\n",
                scrap["delay_min"].dump().c_str(), scrap["confidence"].get<std::string>().c_str());
    const auto& defect = j["models"]["defect"];
    if (defect.contains("core_temperature_lag_test")) {
        const auto& t = defect["core_temperature_lag_test"];
        std::printf("defect lag test: %s\n", t.dump().c_str());
        const bool better =
            t["log_loss_lagged"].get<double>() < t["log_loss_same_row"].get<double>();
        EXPECT_EQ(t["used"].get<bool>(), better);
        EXPECT_DOUBLE_EQ(defect["core_temperature_lag_min"].get<double>(),
                         better ? t["lag_min"].get<double>() : 0.0);
    } else {
        EXPECT_DOUBLE_EQ(defect["core_temperature_lag_min"].get<double>(), 0.0);
    }
}

TEST(TransportDelay, DefectModelCoreLagShiftsTheSeries) {
    const auto c = test::full_plant_case(4, 30);
    DefectModelOptions same, lagged;
    same.core_temperature_column = lagged.core_temperature_column = "True core";
    lagged.core_temperature_lag_min = 6.0;
    Table t = c.table;
    t.columns.push_back(test::numeric_column("True core", Role::none, c.run.core_true_degC));
    const auto a = fit_defect_model(t, same);
    const auto b = fit_defect_model(t, lagged);
    for (std::size_t i = 6; i < 1000; ++i)
        EXPECT_EQ(b.core_temperature_degC[i], a.core_temperature_degC[i - 6]);
    EXPECT_TRUE(std::isnan(b.core_temperature_degC[5]));
    // The plant's scrap follows the core of the same minute: the lag makes it worse.
    std::printf("hold-out log loss: same row %.6f, 6 min earlier %.6f\n", a.test.log_loss,
                b.test.log_loss);
    EXPECT_LT(a.test.log_loss, b.test.log_loss);
}

}  // namespace
}  // namespace twinbench
