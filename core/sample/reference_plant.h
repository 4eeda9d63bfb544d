// The TRUE reference plant: time-stepped dynamics of the curing furnace line driven by
// PlantInputs. It produces the hidden truth behind the sample data and is re-run by
// what-if checks with changed controls and the same disturbances and seed. The
// formulas are listed in plant_truth.h.
//
// Determinism: the result depends only on (truth, inputs, seed). Measurement noise and
// the per-part defect draws come from counter-based random numbers keyed by step (and
// part) index, so a run with other controls sees the same noise and the same part
// uniforms (common random numbers): differences come from the physics only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "sample/plant_inputs.h"
#include "sample/plant_truth.h"

namespace twinbench {

enum class LineState : std::uint8_t { running = 0, stopped = 1, maintenance = 2 };

// "RUN", "STOP", "MAINT" as the historian writes them.
std::string_view line_state_code(LineState state);

// --- The physics, one formula each (used by the simulation and by tests/checks) ---
double residence_time_min(const PlantTruth& truth, double speed_m_per_min);
double parts_per_min(const PlantTruth& truth, double speed_m_per_min);
double furnace_steady_state_degC(const PlantTruth& truth, double setpoint_degC,
                                 double ambient_degC, double parts_per_min);
// Core temperature of a part leaving the furnace after a residence at speed_m_per_min
// in air at furnace_degC, having entered at ambient_degC.
double core_temperature_degC(const PlantTruth& truth, double furnace_degC, double ambient_degC,
                             double speed_m_per_min, int grade);
// The core-window law (whatever truth.scrap_model says).
double defect_logit(const PlantTruth& truth, double core_degC, double humidity_pct,
                    double wear_pct, double speed_m_per_min, int grade);
double defect_probability(const PlantTruth& truth, double core_degC, double humidity_pct,
                          double wear_pct, double speed_m_per_min, int grade);
double wear_rate_pct_per_min(const PlantTruth& truth, double speed_m_per_min);

// The direct scrap law (plant_truth.h, DirectScrapTruth): best furnace air temperature
// for a residence time and grade, and the logit at a furnace air temperature. Use
// whatever truth.scrap_model says; these ignore it.
double direct_scrap_furnace_optimum_degC(const PlantTruth& truth, double residence_min,
                                         int grade);
double direct_defect_logit(const PlantTruth& truth, double furnace_degC, double humidity_pct,
                           double wear_pct, double speed_m_per_min, int grade);

// The plant's own defect probability for a part leaving now, by truth.scrap_model: the
// core-window law on the core temperature, or the direct law on the furnace air
// temperature and residence time. What simulate_plant uses.
double part_defect_probability(const PlantTruth& truth, double furnace_degC,
                               double ambient_degC, double humidity_pct, double wear_pct,
                               double speed_m_per_min, int grade);

struct StepEnergy {
    double parts_kwh = 0.0;  // heat taken by the parts
    double loss_kwh = 0.0;   // furnace losses to ambient
    double base_kwh = 0.0;   // drives, fans, controls
    double total_kwh() const { return parts_kwh + loss_kwh + base_kwh; }
};
StepEnergy step_energy(const PlantTruth& truth, LineState state, double parts_per_min,
                       double core_degC, double furnace_degC, double ambient_degC,
                       double minutes);

struct PlantEvent {
    enum class Kind { maintenance, stop };
    Kind kind = Kind::stop;
    UtcSeconds start_utc = 0;
    UtcSeconds end_utc = 0;      // exclusive
    std::size_t first_step = 0;
    std::size_t end_step = 0;    // exclusive
};

struct PlantRun {
    UtcSeconds start_utc = 0;
    int step_minutes = 1;

    // Per step, values at the step start (temperatures, wear) or totals over the step
    // (produced, scrap, energy).
    std::vector<LineState> state;
    std::vector<double> speed_actual_m_per_min;    // 0 when not running
    std::vector<double> setpoint_effective_degC;   // standby while cleaning
    std::vector<double> furnace_true_degC;
    std::vector<double> furnace_measured_degC;     // thermocouple = true + noise
    std::vector<double> ambient_measured_degC;
    std::vector<double> humidity_measured_pct;
    // Core temperature of a part leaving now at the set speed (also while stopped, as
    // the value the soft sensor should estimate).
    std::vector<double> core_true_degC;
    std::vector<double> defect_probability;
    std::vector<std::int32_t> produced;
    std::vector<std::int32_t> scrap;
    std::vector<double> energy_kwh;
    std::vector<double> energy_measured_kwh;  // meter reading = true * (1 + relative noise)
    std::vector<double> energy_parts_kwh;
    std::vector<double> energy_loss_kwh;
    std::vector<double> energy_base_kwh;
    std::vector<double> wear_pct;

    std::vector<PlantEvent> events;       // maintenance and unplanned stops, by time
    std::vector<MaterialBatch> batches;   // copied from the inputs

    std::size_t steps() const { return state.size(); }
    UtcSeconds time_utc(std::size_t i) const {
        return start_utc + static_cast<UtcSeconds>(i) * step_minutes * 60;
    }
};

// Throws std::invalid_argument when the input series have different lengths.
PlantRun simulate_plant(const PlantTruth& truth, const PlantInputs& inputs, std::uint64_t seed);

// The inputs of a run that continues `run` (of `full`) from step `first` on: the steps
// from there, and the line as it was at that step (furnace temperature, wear, a maintenance
// in progress). What a what-if from a moment of the history replays the true line from.
// Throws std::out_of_range when first is not a step of run.
PlantInputs continued_inputs(const PlantInputs& full, const PlantRun& run, std::size_t first);

// KPIs with the meaning of the `simulate` JSON keys (PRODUCT.md section 3).
struct PlantKpis {
    double hours = 0.0;
    std::int64_t produced = 0;
    std::int64_t scrapped = 0;
    std::int64_t good = 0;
    double throughput_per_h = 0.0;      // good parts per hour
    double scrap_rate = 0.0;            // scrap / produced
    double energy_kwh = 0.0;
    double energy_kwh_per_part = 0.0;   // per good part
    double energy_cost = 0.0;           // EUR with the time-of-use tariff
    double core_temp_c = 0.0;           // mean over produced parts
    double availability = 0.0;          // share of time running
    int maintenance_count = 0;          // maintenance events starting in the window
};

// KPIs over steps [first, last).
PlantKpis summarize_run(const PlantTruth& truth, const PlantInputs& inputs, const PlantRun& run,
                        std::size_t first = 0,
                        std::size_t last = std::numeric_limits<std::size_t>::max());

}  // namespace twinbench
