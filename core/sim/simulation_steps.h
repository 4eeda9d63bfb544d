// The simulator's two passes (see simulator.h), shared by simulate() and SetpointSweep:
//   1. state pass, step by step: what carries a state from one step to the next (line
//      state, maintenance, wear) and the furnace's drive, then the furnace's first-order
//      response (the one chain of dependent steps);
//   2. outcome pass, over whole arrays in cache-sized blocks (vectorised): what follows
//      from the state without feeding back: the part core temperature at the exit, its
//      scrap probability, the interval energy and its cost, and their sums.
// Internal to core/sim.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "models/furnace_response.h"
#include "sim/simulator.h"

namespace twinbench::simulation_steps {

// Per-step results of the state pass.
struct StateArrays {
    Eigen::ArrayXd furnace;        // degC at the step start
    Eigen::ArrayXd furnace_drive;  // steady state the furnace heads for in the step, degC
    // 1 where the step's setpoint is the operator's (0: the maintenance profile's).
    Eigen::ArrayXd operator_setpoint;
    Eigen::ArrayXd wear, produced, exit_factor, base_kw;
    Eigen::ArrayXd counted;  // 1 where the step counts in the KPIs (only with a mask)

    void resize(Eigen::Index n);
};

struct StateTotals {
    std::size_t counted = 0, running_counted = 0;
    int maintenance_starts = 0;
    std::vector<double> maintenance_start_s;
    bool all_counted = true;
    double initial_furnace_degC = 0.0;
    bool initial_at_steady_state = false;  // the start follows the first setpoint
};

// Fills `state` (resized to the inputs) and, when `series` is given, its state and
// setpoint series. The inputs must have been checked (check_inputs).
StateTotals run_state_pass(const PlantTwin& twin, const SimulationInputs& in,
                           const SimulationOptions& options, StateArrays& state,
                           SimulationSeries* series);

// Work arrays of the outcome pass.
struct OutcomeArrays {
    Eigen::ArrayXd core, logit, p, scrap, energy, cost;
    void resize(Eigen::Index n);
};

struct OutcomeSums {
    double produced = 0.0, scrap = 0.0, scrap_variance = 0.0, energy = 0.0, cost = 0.0,
           core_parts = 0.0;
};

OutcomeSums run_outcome_pass(const PlantTwin& twin, const SimulationInputs& in,
                             const SimulationOptions& options, const StateArrays& state,
                             const Eigen::ArrayXd& furnace, bool all_counted, OutcomeArrays& out);

Kpis kpis_from(const PlantTwin& twin, const SimulationInputs& in, const StateTotals& totals,
               const OutcomeSums& sums);

void check_inputs(const PlantTwin& twin, const SimulationInputs& in);

// Work buffers of the calling thread, kept between calls: a drag or a profile grid runs
// hundreds of simulations in a row, and fresh 10,000-step arrays would cost page faults.
StateArrays& thread_state_arrays();
OutcomeArrays& thread_outcome_arrays();

}  // namespace twinbench::simulation_steps
