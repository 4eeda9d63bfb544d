#include "models/furnace_second_order.h"

#include <cmath>
#include <stdexcept>

namespace twinbench {
namespace {

// E(d) = (e^d - 1) / d and its derivative, with the series near 0 where both formulas
// cancel (tau1 close to tau2).
struct DividedExp {
    double e = 1.0;
    double de = 0.5;
};

DividedExp divided_exp(double d) {
    if (std::abs(d) < 1e-3)
        return {1.0 + d * (0.5 + d * (1.0 / 6.0 + d / 24.0)),
                0.5 + d * (1.0 / 3.0 + d * (0.125 + d / 30.0))};
    const double em1 = std::expm1(d);
    return {em1 / d, (d * (em1 + 1.0) - em1) / (d * d)};
}

}  // namespace

// With L = ln a: c12 = -L2 q, q = (a1 - a2) / (L1 - L2) = a2 E(L1 - L2), which is the
// continuous-time tau1 (a1 - a2) / (tau1 - tau2) since tau = -dt / L.
CascadeCoupling cascade_coupling(double a1, double a2) {
    // A lag so far below the step that its decay underflows (ln a = -inf): the limits of
    // the formula. Without the sensor lag T[k+1] = x[k+1]; without the air lag x = u at
    // once and the sensor alone lags.
    if (!(a2 > 0.0)) return {a1, 1.0, 0.0};
    if (!(a1 > 0.0)) return {0.0, 0.0, 0.0};
    const double l1 = std::log(a1);
    const double l2 = std::log(a2);
    const DividedExp de = divided_exp(l1 - l2);
    const double q = a2 * de.e;
    CascadeCoupling c;
    c.c12 = -l2 * q;
    // dq/dL1 = a2 E', dq/dL2 = a2 (E - E'); d/da = (1/a) d/dL.
    c.d_a1 = -l2 * a2 * de.de / a1;
    c.d_a2 = -de.e - l2 * (de.e - de.de);
    return c;
}

double FurnaceSecondOrderModel::steady_state_degC(double setpoint_degC, double load_parts_per_min,
                                                  double ambient_degC) const {
    return setpoint_gain * setpoint_degC + load_sensitivity * load_parts_per_min +
           ambient_sensitivity * ambient_degC + offset_degC;
}

FurnaceSecondOrderStep::FurnaceSecondOrderStep(const FurnaceSecondOrderModel& model)
    : model_(model) {
    if (!(model.step_min > 0.0 && model.tau1_min > 0.0 && model.tau2_min > 0.0))
        throw std::invalid_argument(
            "second-order furnace model: step and both time constants must be positive");
    a1_ = std::exp(-model.step_min / model.tau1_min);
    a2_ = std::exp(-model.step_min / model.tau2_min);
    c12_ = cascade_coupling(a1_, a2_).c12;
}

FurnaceSecondOrderState FurnaceSecondOrderStep::step(const FurnaceSecondOrderState& state,
                                                     double setpoint_degC,
                                                     double load_parts_per_min,
                                                     double ambient_degC) const {
    const double u = model_.steady_state_degC(setpoint_degC, load_parts_per_min, ambient_degC);
    const double dx = state.air_degC - u;
    return {u + a1_ * dx, u + a2_ * (state.furnace_degC - u) + c12_ * dx};
}

std::vector<double> FurnaceSecondOrderModel::simulate(double initial_degC,
                                                      const FurnaceInputs& inputs) const {
    const std::size_t n = inputs.size();
    if (inputs.load_parts_per_min.size() != n || inputs.ambient_degC.size() != n)
        throw std::invalid_argument("furnace simulation: input series differ in length");
    const FurnaceSecondOrderStep stepper(*this);
    std::vector<double> out(n);
    if (n == 0) return out;
    FurnaceSecondOrderState state = FurnaceSecondOrderState::at_rest(initial_degC);
    out[0] = initial_degC;
    for (std::size_t k = 0; k + 1 < n; ++k) {
        state = stepper.step(state, inputs.setpoint_degC[k], inputs.load_parts_per_min[k],
                             inputs.ambient_degC[k]);
        out[k + 1] = state.furnace_degC;
    }
    return out;
}

}  // namespace twinbench
