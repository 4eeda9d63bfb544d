// Simulation inputs on a coarser time grid, for the profiler grid that has to be redrawn
// within a frame (150 horizon simulations): `factor` steps become one. Disturbances,
// controls and prices are averaged; grade, stop and recorded maintenance take the value
// that most of the merged steps have, so the running share stays close to the original.
// The furnace dynamics stay exact per step (a = exp(-dt / tau)); what is lost is detail
// below the coarse step, which the KPIs of a week hardly see (the benchmark reports the
// difference).
#pragma once

#include "sim/simulation_inputs.h"

namespace twinbench {

// factor <= 1 returns the inputs unchanged.
SimulationInputs coarsen_inputs(const SimulationInputs& inputs, int factor);

}  // namespace twinbench
