// The setpoint sweep (one state pass, the furnace linear in the setpoint) must give the
// KPIs of a full simulation at every setpoint: over a week with maintenance (where the
// learned maintenance setpoint profile overrides the operator's), from a recorded start
// temperature and from the steady state of the first setpoint; and the profile grid's
// setpoint column, which uses it, must equal simulate() point by point.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/replay.h"
#include "sim/sample_study.h"
#include "sim/sensitivity.h"
#include "sim/setpoint_sweep.h"
#include "sim/simulator.h"

namespace twinbench {
namespace {

void expect_same_kpis(const Kpis& sweep, const Kpis& full, double setpoint) {
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) {
        const double a = kpi_value(sweep, k), b = kpi_value(full, k);
        ASSERT_TRUE(std::isfinite(b)) << kpi_keys[k];
        EXPECT_NEAR(a, b, 1e-9 * std::max(1.0, std::abs(b)))
            << kpi_keys[k] << " at setpoint " << setpoint;
    }
    EXPECT_EQ(sweep.maintenance_count, full.maintenance_count);
    EXPECT_DOUBLE_EQ(sweep.hours, full.hours);
}

Kpis simulate_at(const PlantTwin& twin, SimulationInputs inputs, double setpoint) {
    std::fill(inputs.setpoint_degC.begin(), inputs.setpoint_degC.end(), setpoint);
    return simulate(twin, inputs).kpis;
}

TEST(SetpointSweep, EqualsFullSimulationAtEverySetpoint) {
    const auto& s = test::sample_study();
    const auto& twin = s.study->twin;
    ASSERT_FALSE(twin.maintenance_setpoint_degC.empty())
        << "the sample plant's maintenance profile is what this test exercises";
    auto w =
        replay_latest_window(s.study->table, twin, 168.0, ReplayControls::median, s.study->tariff);
    const double median = w.inputs.setpoint_degC.front();
    ASSERT_GT(simulate(twin, w.inputs).kpis.maintenance_count, 0);
    for (const bool steady_start : {false, true}) {
        if (steady_start) w.inputs.initial_furnace_degC = std::numeric_limits<double>::quiet_NaN();
        const SetpointSweep sweep(twin, w.inputs);
        for (const double v : {median - 15.0, median - 2.5, median, median + 7.0, median + 20.0}) {
            SCOPED_TRACE(steady_start ? "steady start" : "recorded start");
            expect_same_kpis(sweep.at(v), simulate_at(twin, w.inputs, v), v);
        }
    }
}

TEST(SetpointSweep, SetpointMovesTheKpis) {
    // Guards against a sweep that ignores its argument.
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 48.0, ReplayControls::median,
                                        s.study->tariff);
    const SetpointSweep sweep(s.study->twin, w.inputs);
    const double v = w.inputs.setpoint_degC.front();
    EXPECT_GT(sweep.at(v + 10.0).energy_kwh, sweep.at(v).energy_kwh);
    EXPECT_GT(sweep.at(v + 10.0).core_temp_c, sweep.at(v).core_temp_c + 5.0);
}

TEST(ProfileTraces, SetpointColumnEqualsSimulatePointByPoint) {
    const auto& s = test::sample_study();
    const auto& twin = s.study->twin;
    const auto w =
        replay_latest_window(s.study->table, twin, 168.0, ReplayControls::median, s.study->tariff);
    const double v = w.inputs.setpoint_degC.front();
    const std::vector<ProfileAxis> axes = {{Control::setpoint, v - 10.0, v + 10.0},
                                           {Control::speed, 1.6, 2.6}};
    const auto traces = profile_traces(twin, w.inputs, axes, 7, 2);
    ASSERT_EQ(traces.size(), 2u);
    for (std::size_t p = 0; p < traces[0].x.size(); ++p)
        expect_same_kpis(traces[0].kpis[p], simulate_at(twin, w.inputs, traces[0].x[p]),
                         traces[0].x[p]);
    // The speed column still simulates (setpoint as replayed).
    SimulationInputs fast = w.inputs;
    std::fill(fast.speed_m_per_min.begin(), fast.speed_m_per_min.end(), traces[1].x.back());
    expect_same_kpis(traces[1].kpis.back(), simulate(twin, fast).kpis, v);
}

TEST(SpeedSetpointMap, EveryCellEqualsSimulate) {
    const auto& s = test::sample_study();
    const auto& twin = s.study->twin;
    const auto w =
        replay_latest_window(s.study->table, twin, 72.0, ReplayControls::median, s.study->tariff);
    const double v = w.inputs.setpoint_degC.front();
    const std::vector<double> speeds = {1.7, 2.1, 2.5, 2.9};
    const std::vector<double> setpoints = {v - 8.0, v, v + 8.0};
    const auto map = speed_setpoint_map(twin, w.inputs, speeds, setpoints, 2);
    ASSERT_EQ(map.size(), speeds.size() * setpoints.size());
    for (std::size_t row = 0; row < setpoints.size(); ++row)
        for (std::size_t col = 0; col < speeds.size(); ++col) {
            SimulationInputs cell = w.inputs;
            std::fill(cell.speed_m_per_min.begin(), cell.speed_m_per_min.end(), speeds[col]);
            std::fill(cell.setpoint_degC.begin(), cell.setpoint_degC.end(), setpoints[row]);
            SCOPED_TRACE(testing::Message() << "speed " << speeds[col]);
            expect_same_kpis(map[row * speeds.size() + col], simulate(twin, cell).kpis,
                             setpoints[row]);
        }
    // Rows are setpoints: a hotter furnace costs energy at every speed.
    for (std::size_t col = 0; col < speeds.size(); ++col)
        EXPECT_GT(map[2 * speeds.size() + col].energy_kwh, map[col].energy_kwh);
}

TEST(Kpis, EnergyCostIsInThePlantsCurrency) {
    const auto cost = static_cast<std::size_t>(kpi_index("energy_cost"));
    EXPECT_EQ(kpi_unit(cost, "CHF"), "CHF");
    EXPECT_EQ(kpi_unit(cost, ""), "currency units");
    EXPECT_EQ(kpi_unit(static_cast<std::size_t>(kpi_index("energy_kwh")), "CHF"), "kWh");
}

}  // namespace
}  // namespace twinbench
