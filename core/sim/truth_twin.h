// The reference plant's TRUE model in the shape of a fitted twin, and its exogenous inputs
// as simulation inputs. With these the optimiser and the what-if checks can be run on the
// exact model that generated the sample data: the optimum they find must be the plant's
// own, which tests check against an exhaustive search of the reference plant simulator.
#pragma once

#include <cstddef>

#include "sample/plant_inputs.h"
#include "sample/plant_truth.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

// State labels are the historian's ("RUN", "STOP", "MAINT"); the part core has no bias;
// covariances are empty (the truth is exact). Throws ModelError for a plant with the
// direct scrap law (sample variant direct-scrap), which the twin cannot express.
PlantTwin twin_from_truth(const PlantTruth& truth);

// Steps [first, last) of the plant inputs with the wear at the window start.
SimulationInputs inputs_from_plant(const PlantTruth& truth, const PlantInputs& inputs,
                                   std::size_t first, std::size_t last, double initial_wear_pct);

}  // namespace twinbench
