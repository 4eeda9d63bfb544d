// The furnace template's scrap where no manual checks let the soft sensor estimate the
// part core temperature: the defect probability of every step from the direct model
// (DefectTwin::direct), fed with the simulated furnace temperature and wear and the
// inputs (speed as residence time per metre, humidity, grade, other factors).
#pragma once

#include <Eigen/Core>

#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

// p: one probability per step (resized). Throws ModelError when the model reads a signal
// the simulation does not have.
void direct_scrap_probability(const PlantTwin& twin, const SimulationInputs& in, const Eigen::ArrayXd& furnace_degC,
                              const Eigen::ArrayXd& wear_pct, Eigen::ArrayXd& p);

}  // namespace twinbench
