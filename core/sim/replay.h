// "What happens if everything stays the same?" (PRODUCT.md section 3): the disturbances of
// the latest horizon-long window of the data are replayed on a regular time grid, with
// the controls held at their median over that window (the baseline) or as recorded (the
// back-test). Also what the data says about the controls' operating envelope and about
// the furnace setpoint during maintenance, which the twin needs to simulate maintenance
// that the data did not have at that time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/table.h"
#include "models/tariff.h"
#include "sim/kpis.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

enum class ReplayControls { median, recorded };

// Operating envelope of one control over the whole dataset (running rows for speed,
// non-maintenance rows for the setpoint).
struct ControlEnvelope {
    std::string control;  // "speed", "setpoint"
    std::string column;
    std::string unit;
    double min = 0.0, p01 = 0.0, median = 0.0, p99 = 0.0, max = 0.0;
};

struct ReplayWindow {
    SimulationInputs inputs;
    std::vector<std::uint8_t> has_data;  // per step: a data row fell on it
    double start_s = 0.0, end_s = 0.0;   // UTC; end exclusive
    double baseline_setpoint_degC = 0.0;
    double baseline_speed_m_per_min = 0.0;
    // KPIs as recorded over the steps with data (metered energy, counted scrap, the
    // mean manual core check as core_temp_c).
    Kpis actual;
    std::vector<ControlEnvelope> envelope;
    std::vector<std::string> notes;  // e.g. steps without data carried forward
};

// Throws UsageError when the horizon is not positive or longer than the data, ModelError
// naming the role to map when a column the twin needs is missing.
ReplayWindow replay_latest_window(const Table& table, const PlantTwin& twin, double horizon_h,
                                  ReplayControls controls, const TimeOfUseTariff& tariff);

// Median furnace setpoint by minute since a maintenance started (10-minute bins), where
// it does not follow the operator setpoint (cleaning at standby); NaN bins follow the
// operator. Empty when the data has no maintenance.
std::vector<double> learn_maintenance_setpoint(const Table& table, const PlantTwin& twin,
                                               double bin_min);

// The median row spacing in minutes (the grid the data was logged on); ModelError without
// a time axis.
double median_step_min(const Table& table);

}  // namespace twinbench
