// Exogenous series of the reference plant on a regular UTC time grid: the disturbances
// (ambient temperature, humidity, material grade by batch), the operator's controls
// (furnace setpoint and line speed, changed in steps a few times a day), unplanned
// stops and the tariff calendar. Everything the true plant (reference_plant.h) does not
// decide itself. What-if checks copy a PlantInputs, change setpoint_degC or
// speed_m_per_min and simulate again: the disturbances stay the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/plant_truth.h"
#include "sample/sample_clock.h"

namespace twinbench {

using sample::UtcSeconds;

struct MaterialBatch {
    UtcSeconds start_utc = 0;
    std::string id;  // "CH26-0412"
    int grade = 0;   // 0 = A, 1 = B, 2 = C
};

// Statistics of the disturbances and of the operators' habits. Not plant physics,
// but written to truth.json too so that the data can be explained.
struct InputProfile {
    // Hall temperature: annual cosine (coldest mid January), daily cosine, and a
    // "weather" AR(1) anomaly on hourly knots.
    double ambient_annual_mean_degC = 16.0;
    double ambient_annual_amplitude_degC = 6.0;
    double ambient_coldest_day_of_year = 15.0;
    double ambient_daily_amplitude_degC = 2.5;
    double ambient_daily_peak_hour_local = 15.0;
    double ambient_weather_sd_degC = 2.0;
    double ambient_weather_correlation_h = 36.0;

    // Relative humidity: daily cosine (most humid early morning), weather anomaly,
    // a little drier when the hall is warmer than usual; clipped to [min, max].
    double humidity_mean_pct = 60.0;
    double humidity_daily_amplitude_pct = 10.0;
    double humidity_daily_peak_hour_local = 5.0;
    double humidity_weather_sd_pct = 10.0;
    double humidity_weather_correlation_h = 18.0;
    double humidity_per_ambient_anomaly_pct_per_degC = -1.5;
    double humidity_min_pct = 25.0;
    double humidity_max_pct = 90.0;

    // Batches: uniform length in [min, max] hours on a 15-minute raster.
    double batch_min_h = 4.0;
    double batch_max_h = 16.0;
    double grade_weights[material_grade_count] = {0.6, 0.3, 0.1};

    // Operators: control changes at Poisson times; a change either picks a new speed
    // with the setpoint from the rule of thumb (plus judgement noise), or tweaks the
    // setpoint. At a batch start they re-apply the rule for the new grade with some
    // probability. The rule assumes a hall temperature of operator_assumed_ambient.
    double control_changes_per_day = 3.0;
    double new_speed_probability = 0.6;
    double speed_min_m_per_min = 1.6;
    double speed_max_m_per_min = 2.4;
    double speed_raster_m_per_min = 0.05;
    double setpoint_min_degC = 175.0;
    double setpoint_max_degC = 205.0;
    double operator_setpoint_sd_degC = 4.0;
    double operator_tweak_max_degC = 4.0;
    double operator_assumed_ambient_degC = 15.0;
    double batch_change_reapply_probability = 0.6;

    // Unplanned stops: Poisson, log-normal duration.
    double stops_per_day = 1.3;
    double stop_median_min = 15.0;
    double stop_sigma_log = 0.8;
    double stop_min_min = 3.0;
    double stop_max_min = 180.0;

    // Conveyor wear at the start of the data, uniform in [0, max].
    double initial_wear_max_pct = 70.0;
};

struct PlantInputs {
    UtcSeconds start_utc = 0;
    int step_minutes = 1;

    // One value per step; step i covers [time_utc(i), time_utc(i) + step).
    std::vector<double> ambient_degC;
    std::vector<double> humidity_pct;
    std::vector<std::uint8_t> grade;
    std::vector<double> setpoint_degC;    // operator setpoint (controls)
    std::vector<double> speed_m_per_min;  // operator speed setting (controls)
    std::vector<std::uint8_t> stop_requested;  // unplanned stop covers the step start
    std::vector<std::uint8_t> peak_tariff;     // 1 when the step starts in peak hours

    double initial_wear_pct = 0.0;
    // The true furnace air temperature at the first step; NaN: the line has been running
    // with the first step's settings for a long time (their steady state). A run that
    // continues another one (a what-if from a moment of the history) starts where it was.
    double initial_furnace_degC = std::numeric_limits<double>::quiet_NaN();
    // The minutes of a maintenance already done at the first step, for a run that continues
    // another from inside one (the cleaning, then the warm-up, finish first); NaN: none in
    // progress.
    double initial_maintenance_elapsed_min = std::numeric_limits<double>::quiet_NaN();
    std::vector<MaterialBatch> batches;

    std::size_t steps() const { return ambient_degC.size(); }
    UtcSeconds time_utc(std::size_t i) const {
        return start_utc + static_cast<UtcSeconds>(i) * step_minutes * 60;
    }
    double step_min() const { return static_cast<double>(step_minutes); }
};

// Throws twinbench::UsageError for days < 1, step_minutes outside 1..1440 or an unknown
// time zone in truth.
PlantInputs generate_inputs(const PlantTruth& truth, UtcSeconds start_utc, int days,
                            int step_minutes, std::uint64_t seed,
                            const InputProfile& profile = {});

// The setpoint an operator's rule of thumb gives for a speed and grade: the one whose
// steady furnace temperature brings the core to core_aim_degC at the assumed ambient.
double rule_of_thumb_setpoint_degC(const PlantTruth& truth, double speed_m_per_min, int grade,
                                   double assumed_ambient_degC, double core_aim_degC);

nlohmann::json to_json(const InputProfile& profile);

}  // namespace twinbench
