// Time-stepped simulation of the fitted plant (the twin): per step the furnace follows
// its first-order dynamics toward the steady state of setpoint, load and ambient; the
// parts leaving the furnace have the core temperature of the exit physics; the scrap
// model gives their defect probability; the energy balance gives the interval energy and
// the tariff its cost; the conveyor wears while running and the line stops for
// maintenance when the wear limit (or the preventive interval) is reached.
//
// Deterministic: produced and scrap are expected values (parts per step times the
// defect probability), so two runs with different controls differ by the physics only.
// Monte Carlo (monte_carlo.h) adds parameter and process uncertainty on top.
//
// Speed matters: a slider drag re-simulates every frame and a profile grid runs 150
// simulations. So the work is split in two passes (simulation_steps.h): the step-by-step
// state (maintenance, wear, furnace), which caches exp and pow on the few values speed and
// grade take, then everything that follows from the state over whole arrays, vectorised.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/kpis.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

enum class SimulatedState : std::uint8_t { running = 0, stopped = 1, maintenance = 2 };

struct SimulationSeries {
    std::vector<double> furnace_degC;  // at the step start
    std::vector<double> core_degC;     // of a part leaving at the step start
    std::vector<double> defect_probability;
    std::vector<double> produced;  // parts in the step (expected)
    std::vector<double> scrap;     // expected scrapped parts in the step
    std::vector<double> energy_kwh;
    std::vector<double> cost;
    std::vector<double> wear_pct;  // at the step start
    std::vector<SimulatedState> state;
    std::vector<double> setpoint_degC;  // effective (standby during maintenance)
};

struct SimulationOptions {
    bool keep_series = false;
    // Steps that count in the KPIs (e.g. the back-test's steps with recorded data);
    // nullptr = all.
    const std::vector<std::uint8_t>* kpi_mask = nullptr;
    // Added to the core temperature of each step (Monte Carlo bias walk); nullptr = 0.
    const std::vector<double>* core_bias_offset_degC = nullptr;
};

struct SimulationResult {
    Kpis kpis;
    SimulationSeries series;                  // filled when keep_series
    std::vector<double> maintenance_start_s;  // UTC seconds of each maintenance start
    double expected_scrap_variance = 0.0;     // sum of n p (1 - p) over counted steps
};

// Throws std::invalid_argument when the input series differ in length.
SimulationResult simulate(const PlantTwin& twin, const SimulationInputs& inputs,
                          const SimulationOptions& options = {});

}  // namespace twinbench
