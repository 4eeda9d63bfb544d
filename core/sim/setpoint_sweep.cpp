#include "sim/setpoint_sweep.h"

#include <cmath>

#include "sim/simulation_steps.h"

namespace twinbench {

namespace steps = simulation_steps;

struct SetpointSweep::State {
    const PlantTwin& twin;
    SimulationInputs inputs;  // with the setpoint series at reference_degC
    double reference_degC = 0.0;
    steps::StateArrays state;
    steps::StateTotals totals;
    Eigen::ArrayXd unit_response;  // furnace degC per degC of setpoint, per step

    State(const PlantTwin& t, const SimulationInputs& in) : twin(t), inputs(in) {
        steps::check_inputs(twin, inputs);
        reference_degC = inputs.setpoint_degC.empty() ? 0.0 : inputs.setpoint_degC.front();
        std::fill(inputs.setpoint_degC.begin(), inputs.setpoint_degC.end(), reference_degC);
        totals = steps::run_state_pass(twin, inputs, {}, state, nullptr);
        const auto& f = twin.furnace;
        // The response to +1 degC wherever the operator's setpoint applies: its steady
        // state moves by g, and so does the start when it follows the first setpoint.
        const Eigen::ArrayXd steady_state = f.setpoint_gain * state.operator_setpoint;
        furnace_response(f, inputs.step_min,
                         totals.initial_at_steady_state ? f.setpoint_gain : 0.0,
                         steady_state, unit_response);
    }
};

SetpointSweep::SetpointSweep(const PlantTwin& twin, const SimulationInputs& inputs)
    : state_(std::make_unique<const State>(twin, inputs)) {}

SetpointSweep::~SetpointSweep() = default;

Kpis SetpointSweep::at(double setpoint_degC) const {
    const State& s = *state_;
    if (s.inputs.steps() == 0) return {};
    thread_local Eigen::ArrayXd furnace;
    furnace = s.state.furnace + (setpoint_degC - s.reference_degC) * s.unit_response;
    const auto sums = steps::run_outcome_pass(s.twin, s.inputs, {}, s.state, furnace,
                                              s.totals.all_counted, steps::thread_outcome_arrays());
    return steps::kpis_from(s.twin, s.inputs, s.totals, sums);
}

}  // namespace twinbench
