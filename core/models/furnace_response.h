// The furnace temperature's response to its steady state, step by step: the one chain of
// dependent steps in a simulation of the furnace line. Shared by the simulator
// (sim/simulation_steps.h) and the typed furnace temperature model
// (furnace_output_models.h), so both give the same values for the same inputs.
#pragma once

#include <Eigen/Core>

#include "models/furnace_template_parts.h"

namespace twinbench {

// The furnace temperature at each step start from T[0] = initial_degC (second order: at
// rest there), the steady state of each step given: first order T[k+1] = a T[k] + (1 - a)
// u[k]; second order, the two-lag cascade. Linear in (initial_degC, steady_state).
void furnace_response(const FurnaceTwin& furnace, double step_min, double initial_degC,
                      const Eigen::ArrayXd& steady_state_degC, Eigen::ArrayXd& furnace_degC);

}  // namespace twinbench
