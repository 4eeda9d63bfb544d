// A furnace model of order 2 (two lags in cascade, chosen by the fit where the data asks
// for it) must be simulated as the model defines it: the twin reads it from the fit JSON,
// the simulator's furnace series equals FurnaceSecondOrderModel::simulate on the same
// inputs, the setpoint sweep still equals full simulations, and Monte Carlo draws the
// second time constant too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "models/furnace_second_order.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/sample_study.h"
#include "sim/setpoint_sweep.h"
#include "sim/simulator.h"
#include "sim/study.h"

namespace twinbench {
namespace {

// The sample plant's stored models with the temperature model turned into a two-lag one
// (as the fit writes it: order 2, a sixth term tau2, a 6 x 6 covariance).
nlohmann::json second_order_models(double tau1_min, double tau2_min) {
    nlohmann::json models = test::sample_study().study->models;
    auto& t = models.at("temperature");
    t["order"] = 2;
    for (auto& term : t["terms"])
        if (term.value("name", "") == "tau") term["estimate"] = tau1_min;
    t["terms"].push_back({{"name", "tau2"}, {"estimate", tau2_min}, {"std_error", 0.5}});
    nlohmann::json cov = nlohmann::json::array();
    for (int r = 0; r < 6; ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (int c = 0; c < 6; ++c) row.push_back(r == c ? (r == 5 ? 0.25 : 1e-4) : 0.0);
        cov.push_back(row);
    }
    t["covariance"] = cov;
    return models;
}

TEST(SecondOrderFurnaceSimulation, TwinReadsTheOrderFromTheFit) {
    const auto& s = test::sample_study();
    const PlantTwin first = build_twin(s.study->models, s.study->table, s.study->dataset.time_zone);
    EXPECT_FALSE(first.furnace.second_order());
    const PlantTwin second =
        build_twin(second_order_models(24.0, 6.0), s.study->table, s.study->dataset.time_zone);
    ASSERT_TRUE(second.furnace.second_order());
    EXPECT_DOUBLE_EQ(second.furnace.tau_min, 24.0);
    EXPECT_DOUBLE_EQ(second.furnace.tau2_min, 6.0);
    EXPECT_EQ(second.furnace.covariance.rows(), 6);
}

TEST(SecondOrderFurnaceSimulation, FurnaceSeriesEqualsTheModelsOwnSimulation) {
    const auto& s = test::sample_study();
    const PlantTwin twin =
        build_twin(second_order_models(24.0, 6.0), s.study->table, s.study->dataset.time_zone);
    const auto w =
        replay_latest_window(s.study->table, twin, 72.0, ReplayControls::median, s.study->tariff);
    SimulationOptions o;
    o.keep_series = true;
    const auto r = simulate(twin, w.inputs, o);
    ASSERT_GT(r.kpis.maintenance_count, 0) << "the window should include a maintenance";

    FurnaceSecondOrderModel m;
    m.step_min = w.inputs.step_min;
    m.tau1_min = twin.furnace.tau_min;
    m.tau2_min = twin.furnace.tau2_min;
    m.setpoint_gain = twin.furnace.setpoint_gain;
    m.load_sensitivity = twin.furnace.load_sensitivity_degC_per_part_per_min;
    m.ambient_sensitivity = twin.furnace.ambient_sensitivity;
    m.offset_degC = twin.furnace.offset_degC;
    FurnaceInputs in;
    in.setpoint_degC = r.series.setpoint_degC;  // effective: the maintenance profile included
    in.ambient_degC = w.inputs.ambient_degC;
    for (const double parts : r.series.produced)
        in.load_parts_per_min.push_back(parts / w.inputs.step_min);
    const auto expected = m.simulate(r.series.furnace_degC.front(), in);
    ASSERT_EQ(expected.size(), r.series.furnace_degC.size());
    for (std::size_t k = 0; k < expected.size(); ++k)
        ASSERT_NEAR(r.series.furnace_degC[k], expected[k], 1e-9) << "step " << k;

    // And it differs from the first-order twin: the second lag slows every change.
    const auto first = simulate(s.study->twin, w.inputs, o);
    double largest = 0.0;
    for (std::size_t k = 0; k < expected.size(); ++k)
        largest = std::max(largest, std::abs(first.series.furnace_degC[k] - expected[k]));
    EXPECT_GT(largest, 0.5);
}

TEST(SecondOrderFurnaceSimulation, SetpointSweepEqualsFullSimulation) {
    const auto& s = test::sample_study();
    const PlantTwin twin =
        build_twin(second_order_models(24.0, 6.0), s.study->table, s.study->dataset.time_zone);
    auto w =
        replay_latest_window(s.study->table, twin, 168.0, ReplayControls::median, s.study->tariff);
    for (const bool steady_start : {false, true}) {
        if (steady_start) w.inputs.initial_furnace_degC = NAN;
        const SetpointSweep sweep(twin, w.inputs);
        for (const double dv : {-12.0, 0.0, 9.0}) {
            const double v = w.inputs.setpoint_degC.front() + dv;
            SimulationInputs full = w.inputs;
            std::fill(full.setpoint_degC.begin(), full.setpoint_degC.end(), v);
            const Kpis a = sweep.at(v), b = simulate(twin, full).kpis;
            for (std::size_t k = 0; k < kpi_keys.size(); ++k)
                EXPECT_NEAR(kpi_value(a, k), kpi_value(b, k),
                            1e-9 * std::max(1.0, std::abs(kpi_value(b, k))))
                    << kpi_keys[k] << " at " << v << (steady_start ? " (steady start)" : "");
        }
    }
}

TEST(SecondOrderFurnaceSimulation, MonteCarloDrawsTheSecondTimeConstant) {
    const auto& s = test::sample_study();
    const PlantTwin twin =
        build_twin(second_order_models(24.0, 6.0), s.study->table, s.study->dataset.time_zone);
    std::mt19937_64 rng(7);
    double lowest = 1e9, highest = 0.0;
    for (int i = 0; i < 200; ++i) {
        const double tau2 = perturbed_twin(twin, rng).furnace.tau2_min;
        lowest = std::min(lowest, tau2);
        highest = std::max(highest, tau2);
    }
    // sd 0.5 min: 200 draws span well over 1 min, and stay positive.
    EXPECT_GT(highest - lowest, 1.0);
    EXPECT_GT(lowest, 0.0);
}

}  // namespace
}  // namespace twinbench
