// Everything a simulation run is driven by, one value per time step: the disturbances
// (ambient, humidity, material grade, unplanned stops, replayed from the data), the
// controls (setpoint, speed) and the electricity price. Built by replay.h from the
// latest window of the data, changed by scenarios (scenario.h), stepped by simulator.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace twinbench {

struct SimulationInputs {
    double step_min = 1.0;
    std::vector<double> time_s;  // UTC seconds of each step start (regular grid)

    // Disturbances.
    std::vector<double> ambient_degC;
    std::vector<double> humidity_pct;
    std::vector<std::int16_t> grade;  // index into PlantTwin::core.grade_labels, -1 unknown
    // -1: the line runs unless maintenance is due; otherwise the line is stopped for a
    // reason outside the model (an unplanned stop as recorded) and this is the index into
    // stop_labels (its base load).
    std::vector<std::int16_t> stop;
    std::vector<std::string> stop_labels;
    // 1 where the data shows maintenance; used instead of the wear law when
    // maintenance_as_recorded (the back-test replays what happened).
    std::vector<std::uint8_t> maintenance_recorded;
    bool maintenance_as_recorded = false;
    // Other numeric inputs of the defect model (DefectTwin::factor_columns), per step.
    std::vector<std::vector<double>> factors;

    // Controls.
    std::vector<double> setpoint_degC;
    std::vector<double> speed_m_per_min;

    // Tariff price of each step (currency per kWh).
    std::vector<double> price_per_kwh;

    // Preventive maintenance after this many running minutes since the last one (NaN:
    // only when the wear limit is reached).
    double maintenance_interval_running_min = std::numeric_limits<double>::quiet_NaN();
    // Manual core-temperature check interval (hours): sets the soft-sensor error band.
    double check_interval_h = 24.0;

    // State at the first step.
    double initial_furnace_degC = std::numeric_limits<double>::quiet_NaN();  // NaN: steady state
    double initial_wear_pct = 0.0;
    double initial_running_min_since_maintenance = 0.0;
    // Minutes already spent in a maintenance that is under way at the start (NaN: none).
    double initial_maintenance_elapsed_min = std::numeric_limits<double>::quiet_NaN();

    std::size_t steps() const { return time_s.size(); }
};

}  // namespace twinbench
