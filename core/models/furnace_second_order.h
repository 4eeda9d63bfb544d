// Second-order grey-box furnace temperature model (issue 4, model 1, "second-order where
// the data asks for it"): two first-order lags in cascade with the steady state of the
// first-order model,
//
//   u      = g * SP + b_load * load + b_amb * Tamb + c          (steady state, degC)
//   dx/dt  = (u - x) / tau1      furnace air / heater lag (the slower one, tau1 >= tau2)
//   dT/dt  = (x - T) / tau2      thermocouple / wall lag; T is what the historian records
//
// discretised exactly for inputs held over each sampling step dt (zero-order hold, the
// same assumption as the first-order model's a = exp(-dt / tau)):
//
//   a1 = exp(-dt / tau1), a2 = exp(-dt / tau2), c12 = tau1 (a1 - a2) / (tau1 - tau2)
//   x[k+1] = u[k] + a1 (x[k] - u[k])
//   T[k+1] = u[k] + a2 (T[k] - u[k]) + c12 (x[k] - u[k])
//
// (c12 -> dt/tau e^(-dt/tau) when tau1 = tau2.) As tau2 -> 0 this becomes the first-order
// model, so the two are nested. A simulation starts at rest: x[0] = T[0] (no heat flowing
// into the sensor), which is all a single temperature reading can tell.
#pragma once

#include <vector>

#include "models/furnace_inputs.h"

namespace twinbench {

struct FurnaceSecondOrderState {
    double air_degC = 0.0;      // x: the hidden first lag
    double furnace_degC = 0.0;  // T: the measured furnace temperature

    // At rest at the measured temperature (the start of every simulation).
    static FurnaceSecondOrderState at_rest(double furnace_degC) {
        return {furnace_degC, furnace_degC};
    }
};

struct FurnaceSecondOrderModel {
    double step_min = 1.0;  // sampling step dt of the data it was fitted on
    double tau1_min = 0.0;  // furnace air / heater lag (the longer one)
    double tau2_min = 0.0;  // thermocouple / wall lag
    double setpoint_gain = 0.0;
    double load_sensitivity = 0.0;  // degC per part/min (negative: sag)
    double ambient_sensitivity = 0.0;
    double offset_degC = 0.0;

    double steady_state_degC(double setpoint_degC, double load_parts_per_min,
                             double ambient_degC) const;
    // T[0] = initial_degC (at rest), T[k+1] from the state and inputs[k]: same length as
    // the inputs. A NaN input makes the rest NaN. Throws std::invalid_argument when the
    // input series differ in length or a time constant is not positive.
    std::vector<double> simulate(double initial_degC, const FurnaceInputs& inputs) const;
};

// The per-step update with its coefficients computed once: what a simulator calls in
// its inner loop. Throws std::invalid_argument unless dt, tau1 and tau2 are positive.
class FurnaceSecondOrderStep {
  public:
    explicit FurnaceSecondOrderStep(const FurnaceSecondOrderModel& model);

    FurnaceSecondOrderState step(const FurnaceSecondOrderState& state, double setpoint_degC,
                                 double load_parts_per_min, double ambient_degC) const;

    double a1() const { return a1_; }
    double a2() const { return a2_; }
    double c12() const { return c12_; }

  private:
    FurnaceSecondOrderModel model_;
    double a1_ = 0.0, a2_ = 0.0, c12_ = 0.0;
};

// c12 of the cascade from the per-step decays a1, a2 in (0, 1) (either order), and its
// partial derivatives d c12 / d a1, d c12 / d a2 (for the output-error Jacobian). Stable
// for a1 == a2 and for a2 -> 0.
struct CascadeCoupling {
    double c12 = 0.0;
    double d_a1 = 0.0;
    double d_a2 = 0.0;
};
CascadeCoupling cascade_coupling(double a1, double a2);

}  // namespace twinbench
