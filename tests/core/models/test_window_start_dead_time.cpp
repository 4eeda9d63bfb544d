// A dead time at the start of a simulated window: the model reads the plant as it was at the
// window's first step, not "missing". Found on a 240-day furnace line whose scrap model reads
// the furnace temperature 10 minutes earlier: its first 10 steps were NaN, and with them the
// week's scrap rate, throughput and energy per part of every what-if.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "models/regressor_design.h"
#include "models/static_output_model.h"

namespace twinbench {
namespace {

SignalFrame ramp_frame() {
    SignalFrame frame;
    frame.step_min = 1.0;
    for (int k = 0; k < 8; ++k) frame.time_s.push_back(60.0 * k);
    FrameSignal furnace;
    furnace.name = "Furnace";
    furnace.values = {180, 181, 182, 183, 184, 185, 186, 187};
    frame.add(furnace);
    FrameSignal parts;
    parts.name = "Parts";
    parts.values = std::vector<double>(8, 4.0);
    frame.add(parts);
    return frame;
}

std::vector<Regressor> lagged_furnace(int lag_steps) {
    Regressor linear = Regressor::of(Regressor::Kind::linear, "Furnace");
    linear.lag_steps = lag_steps;
    Regressor square = Regressor::of(Regressor::Kind::square, "Furnace");
    square.lag_steps = lag_steps;
    square.center = 183.0;
    return {Regressor::of(Regressor::Kind::intercept), linear, square};  // intercept, b1 T(k-lag), b2 (T(k-lag) - 183)^2
}

TEST(WindowStartDeadTime, AFitHasNoRowBeforeTheFirstStep) {
    const SignalFrame frame = ramp_frame();
    const BoundDesign design(lagged_furnace(3), frame);
    std::vector<double> x(design.size());
    EXPECT_FALSE(design.row(2, x.data()));
    ASSERT_TRUE(design.row(3, x.data()));
    EXPECT_DOUBLE_EQ(x[1], 180.0);
    std::vector<double> eta(frame.steps(), 0.0);
    design.accumulate(1, 1.0, eta);
    EXPECT_TRUE(std::isnan(eta[0]));
    EXPECT_DOUBLE_EQ(eta[3], 180.0);
}

TEST(WindowStartDeadTime, ASimulationHoldsTheFirstStepBeforeTheWindow) {
    const SignalFrame frame = ramp_frame();
    const BoundDesign design(lagged_furnace(3), frame, 1.0, BoundDesign::BeforeStart::hold_first);
    std::vector<double> eta(frame.steps(), 0.0);
    for (std::size_t j = 0; j < design.size(); ++j) design.accumulate(j, j == 2 ? 0.5 : 1.0, eta);
    for (std::size_t k = 0; k < frame.steps(); ++k) {
        const double seen = k >= 3 ? 180.0 + static_cast<double>(k - 3) : 180.0;
        EXPECT_DOUBLE_EQ(eta[k], 1.0 + seen + 0.5 * (seen - 183.0) * (seen - 183.0)) << "step " << k;
    }
}

TEST(WindowStartDeadTime, AScrapModelFromASteadyStartGivesEveryStepOfTheWindow) {
    StaticOutputModel::Spec spec;
    spec.output = "Scrap";
    spec.kind = OutputKind::count;
    spec.total_signal = "Parts";
    spec.regressors = lagged_furnace(3);
    spec.coefficients = Eigen::Vector3d(-20.0, 0.09, 0.02);
    spec.step_min = 1.0;
    const StaticOutputModel model(spec);
    const SignalFrame frame = ramp_frame();
    std::vector<double> scrap(frame.steps());
    model.simulate(frame, scrap);
    EXPECT_TRUE(std::isnan(scrap[2])) << "a window whose controls change at its start: unknown before the dead time";
    EXPECT_FALSE(std::isnan(scrap[3]));
    model.simulate_from_window_start(frame, scrap);
    for (std::size_t k = 0; k < frame.steps(); ++k) {
        const double seen = k >= 3 ? 180.0 + static_cast<double>(k - 3) : 180.0;
        const double eta = -20.0 + 0.09 * seen + 0.02 * (seen - 183.0) * (seen - 183.0);
        EXPECT_NEAR(scrap[k], 4.0 / (1.0 + std::exp(-eta)), 1e-9) << "step " << k;
    }
}

}  // namespace
}  // namespace twinbench
