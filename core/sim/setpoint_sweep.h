// KPIs of many constant furnace setpoints, everything else as in one set of inputs: the
// setpoint column of a profile grid. The line's states, wear and maintenance do not depend
// on the setpoint, and the furnace temperature is linear in it (first-order dynamics, the
// maintenance profile overriding the operator's setpoint where it does), so the
// step-by-step state pass runs once and each setpoint costs only the vectorised outcome
// pass: T(v) = T(v0) + (v - v0) R, R the furnace's response to a unit setpoint change.
#pragma once

#include <memory>

#include "sim/kpis.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

class SetpointSweep {
  public:
    // Keeps references to twin and inputs: both must outlive the sweep. Throws
    // std::invalid_argument like simulate() for inconsistent inputs.
    SetpointSweep(const PlantTwin& twin, const SimulationInputs& inputs);
    ~SetpointSweep();
    SetpointSweep(const SetpointSweep&) = delete;
    SetpointSweep& operator=(const SetpointSweep&) = delete;

    // The KPIs simulate() gives with the setpoint series filled with setpoint_degC.
    // Safe to call from several threads at once.
    Kpis at(double setpoint_degC) const;

  private:
    struct State;
    std::unique_ptr<const State> state_;
};

}  // namespace twinbench
