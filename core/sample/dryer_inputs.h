// Exogenous series of the reference spray dryer on a regular UTC time grid: the operators'
// controls (inlet air temperature setpoint and feed rate, changed in steps a few times a
// day), the disturbances nobody sets (feed solids per feed tank with drift, ambient air
// humidity and temperature with daily and weather cycles) and the lab's sampling times.
// Everything the true dryer (dryer_plant.h) does not decide itself. What-if checks copy a
// DryerInputs, change inlet_setpoint_degC or feed_rate_kg_per_h and simulate again: the
// disturbances, the lab schedule and all noise stay the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/dryer_truth.h"
#include "sample/sample_clock.h"

namespace twinbench {

// Statistics of the disturbances and of the operators' habits. Not dryer physics, but
// written to truth.json too so that the data can be explained.
struct DryerInputProfile {
    // Outside air (the dryer draws it through a filter): annual cosine (coldest late
    // January), daily cosine and an AR(1) "weather" anomaly on hourly knots.
    double ambient_annual_mean_degC = 10.5;
    double ambient_annual_amplitude_degC = 7.0;
    double ambient_coldest_day_of_year = 20.0;
    double ambient_daily_amplitude_degC = 4.0;
    double ambient_daily_peak_hour_local = 15.0;
    double ambient_weather_sd_degC = 3.0;
    double ambient_weather_correlation_h = 48.0;

    // Absolute humidity of the outside air: higher in warm seasons and warm weather, a
    // small daily cycle, its own weather anomaly; clipped to [min, max].
    double humidity_mean_g_per_kg = 7.5;
    double humidity_ambient_ref_degC = 10.0;
    double humidity_per_seasonal_degC_g_per_kg = 0.3;
    double humidity_per_weather_degC_g_per_kg = 0.25;
    double humidity_daily_amplitude_g_per_kg = 0.6;
    double humidity_daily_peak_hour_local = 14.0;
    double humidity_weather_sd_g_per_kg = 1.8;
    double humidity_weather_correlation_h = 30.0;
    double humidity_min_g_per_kg = 2.5;
    double humidity_max_g_per_kg = 15.0;

    // Feed tanks (evaporator concentrate): uniform length in [min, max] hours on a
    // 5-minute raster; solids uniform in [min, max] at the switch, drifting linearly by
    // up to +-drift over the tank (settling, evaporator load).
    double tank_min_h = 2.5;
    double tank_max_h = 5.0;
    double tank_solids_min_pct = 44.5;
    double tank_solids_max_pct = 51.5;
    double tank_solids_drift_max_pct = 0.6;

    // Operators: changes at Poisson times (whole minutes). A change either sets a new
    // production rate (feed) with the inlet setpoint from their rule of thumb plus
    // judgement, or trims the feed, or trims the inlet setpoint. The rule aims the outlet
    // air at outlet_aim for an assumed solids, humidity and ambient. The trims keep the
    // two controls from moving in lockstep (identifiable gains), within a band.
    double control_changes_per_day = 4.0;
    double new_rate_probability = 0.2;
    double feed_trim_probability = 0.4;
    double feed_min_kg_per_h = 800.0;
    double feed_max_kg_per_h = 1200.0;
    double feed_raster_kg_per_h = 10.0;
    double feed_trim_min_kg_per_h = 20.0;
    double feed_trim_max_kg_per_h = 60.0;
    double inlet_min_degC = 170.0;
    double inlet_max_degC = 210.0;
    double operator_inlet_sd_degC = 5.0;
    double inlet_trim_max_degC = 6.0;
    // Trims stay within this distance of the aim (by the rule's estimate of the outlet).
    double operator_outlet_band_degC = 11.0;
    double outlet_aim_degC = 87.0;
    double assumed_solids_pct = 48.0;
    double assumed_humidity_g_per_kg = 8.0;
    double assumed_ambient_degC = 10.0;

    // Lab samples of the powder: about every two hours, irregular.
    double lab_gap_mean_min = 120.0;
    double lab_gap_sd_min = 20.0;
    double lab_gap_min_min = 60.0;
    double lab_gap_max_min = 200.0;
};

struct FeedTank {
    sample::UtcSeconds start_utc = 0;
    std::string id;                  // "FT2-0417"
    double solids_start_pct = 48.0;  // true solids at the switch
    double solids_end_pct = 48.0;    // true solids when the next tank starts
};

struct DryerInputs {
    sample::UtcSeconds start_utc = 0;
    int step_minutes = 1;

    // One value per step; step i covers [time_utc(i), time_utc(i) + step).
    std::vector<double> inlet_setpoint_degC;        // control
    std::vector<double> feed_rate_kg_per_h;         // control
    std::vector<double> feed_solids_pct;            // disturbance (true value)
    std::vector<double> ambient_humidity_g_per_kg;  // disturbance (true value)
    std::vector<double> ambient_temp_degC;          // disturbance (true value)

    // When the lab takes a powder sample: step starts, ascending. Times, not indices,
    // so that a window cut out of the inputs keeps its samples.
    std::vector<sample::UtcSeconds> lab_sample_utc;
    std::vector<FeedTank> feed_tanks;

    std::size_t steps() const { return inlet_setpoint_degC.size(); }
    sample::UtcSeconds time_utc(std::size_t i) const {
        return start_utc + static_cast<sample::UtcSeconds>(i) * step_minutes * 60;
    }
    double step_min() const { return static_cast<double>(step_minutes); }
};

// Throws twinbench::UsageError for days < 1, step_minutes outside 1..1440 or an unknown
// time zone in truth.
DryerInputs generate_dryer_inputs(const DryerTruth& truth, sample::UtcSeconds start_utc, int days,
                                  int step_minutes, std::uint64_t seed,
                                  const DryerInputProfile& profile = {});

// The inlet setpoint of the operators' rule of thumb: the one whose steady outlet air
// temperature is outlet_aim_degC for the feed at the assumed solids, humidity and ambient
// (not clamped).
double rule_of_thumb_inlet_setpoint_degC(const DryerTruth& truth, double feed_kg_per_h,
                                         const DryerInputProfile& profile);

nlohmann::json to_json(const DryerInputProfile& profile);

}  // namespace twinbench
