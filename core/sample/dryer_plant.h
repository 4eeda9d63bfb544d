// The TRUE reference spray dryer: time-stepped dynamics driven by DryerInputs. It produces
// the hidden truth behind the dryer sample and is re-run by what-if checks with changed
// controls and the same disturbances and seed. The formulas are listed in dryer_truth.h.
//
// Determinism: the result depends only on (truth, inputs, seed). Sensor noise, the lab's
// error and the per-bag off-spec draws come from counter-based random numbers keyed by
// step, bagging interval and bag, or lab sample, so a run with other controls sees the
// same noise and the same bag uniforms (common random numbers): differences come from the
// physics only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "sample/dryer_inputs.h"
#include "sample/dryer_truth.h"

namespace twinbench {

// --- The physics, one formula each (used by the simulation and by tests/checks) ---
double water_load_kg_per_h(double feed_kg_per_h, double solids_pct);
double outlet_steady_state_degC(const DryerTruth& truth, double inlet_setpoint_degC,
                                double water_load_kg_per_h, double humidity_g_per_kg,
                                double ambient_degC);
double residual_moisture_pct(const DryerTruth& truth, double outlet_degC, double humidity_g_per_kg,
                             double solids_pct);
double powder_rate_kg_per_h(double feed_kg_per_h, double solids_pct, double moisture_pct);
double offspec_logit(const DryerTruth& truth, double moisture_pct);
double offspec_probability(const DryerTruth& truth, double moisture_pct);

struct DryerStepEnergy {
    double air_kwh = 0.0;     // heating the dry air from ambient to the inlet temperature
    double vapour_kwh = 0.0;  // heating the water vapour the ambient air carries
    double base_kwh = 0.0;    // pilot flame and casing losses
    double total_kwh() const { return air_kwh + vapour_kwh + base_kwh; }
};
DryerStepEnergy dryer_step_energy(const DryerTruth& truth, double inlet_setpoint_degC,
                                  double ambient_degC, double humidity_g_per_kg, double minutes);

// Steps of one bagging interval: bag_interval_min rounded to whole steps (at least 1).
std::size_t bag_interval_steps(const DryerTruth& truth, int step_minutes);

// One bagging interval [first_step, end_step).
struct BagInterval {
    std::size_t first_step = 0;
    std::size_t end_step = 0;          // exclusive
    double powder_kg = 0.0;            // powder made in the interval
    double moisture_pct = 0.0;         // powder-weighted mean moisture (the bags' moisture)
    double offspec_probability = 0.0;  // of each bag filled in the interval
    std::int32_t bags_filled = 0;
    std::int32_t bags_offspec = 0;
};

struct LabSample {
    std::size_t step = 0;
    sample::UtcSeconds time_utc = 0;
    double moisture_true_pct = 0.0;
    double moisture_measured_pct = 0.0;  // true + lab error
};

struct DryerRun {
    sample::UtcSeconds start_utc = 0;
    int step_minutes = 1;

    // Per step: temperatures and moisture at the step start, energy and powder over it.
    std::vector<double> inlet_setpoint_degC;  // copied from the inputs
    std::vector<double> feed_rate_kg_per_h;   // copied from the inputs
    std::vector<double> water_load_kg_per_h;
    std::vector<double> outlet_steady_degC;  // where the outlet would settle (no delays)
    std::vector<double> outlet_true_degC;
    std::vector<double> outlet_measured_degC;
    std::vector<double> moisture_true_pct;
    std::vector<double> powder_kg_per_h;
    std::vector<double> gas_air_kwh;
    std::vector<double> gas_vapour_kwh;
    std::vector<double> gas_base_kwh;
    std::vector<double> gas_true_kwh;      // air + vapour + base
    std::vector<double> gas_measured_kwh;  // meter = true * (1 + relative noise)
    std::vector<double> solids_measured_pct;
    std::vector<double> humidity_measured_g_per_kg;
    std::vector<double> ambient_measured_degC;

    std::vector<BagInterval> bags;  // consecutive intervals from step 0; the last may be short
    std::vector<LabSample> lab;     // the inputs' lab samples that fall inside the run

    std::size_t steps() const { return outlet_true_degC.size(); }
    sample::UtcSeconds time_utc(std::size_t i) const {
        return start_utc + static_cast<sample::UtcSeconds>(i) * step_minutes * 60;
    }
};

// The dryer has run with the first step's inputs for a long time before step 0 (every
// path at its steady state, the inputs before step 0 equal to step 0's). Throws
// std::invalid_argument when the input series have different lengths or step_minutes < 1.
DryerRun simulate_dryer(const DryerTruth& truth, const DryerInputs& inputs, std::uint64_t seed);

// Noise-free means of the outputs over steps [first, last), the what-if truth. Bagging
// intervals count when their first step lies in the window.
struct DryerOutputMeans {
    std::size_t steps = 0;
    std::size_t bag_intervals = 0;
    double outlet_air_temp_degC = 0.0;
    double residual_moisture_pct = 0.0;  // over every step (not only the lab's)
    double gas_energy_kwh_per_step = 0.0;
    double powder_kg_per_h = 0.0;
    double bags_filled_per_interval = 0.0;
    double bags_offspec_expected_per_interval = 0.0;  // sum p * bags / intervals
    double offspec_rate_expected = 0.0;               // sum p * bags / sum bags
    double bags_offspec_drawn_per_interval = 0.0;     // the binomial draws, for comparison
};
DryerOutputMeans dryer_output_means(const DryerRun& run, std::size_t first = 0,
                                    std::size_t last = std::numeric_limits<std::size_t>::max());

// The means keyed by the output's column name as `import` lists it ("Outlet air temp",
// "Residual moisture", "Gas energy", "Bags filled", "Bags off-spec" (expected count per
// interval)), for tests of the generic engine that never saw the dryer's names.
std::map<std::string, double> output_means_by_column(const DryerOutputMeans& means);

}  // namespace twinbench
