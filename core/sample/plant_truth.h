// The true parameters of the reference curing furnace line (PRODUCT.md section 1).
// Units are part of every name. The sample generator writes them to truth.json so that
// tests can check that fitted models recover them, and later what-if checks re-run the
// true plant (reference_plant.h) with these values.
//
// The model, in one place:
//   residence_min        = furnace_length_m / speed
//   parts_per_min        = speed / part_pitch_m                        (while running)
//   furnace steady state = setpoint_gain * setpoint
//                          + ambient_gain * (ambient - ambient_ref)
//                          - load_sag * parts_per_min
//   furnace temperature  : first order toward the steady state, time constant tau
//   core temperature     = T_f - (T_f - ambient) * exp(-residence / tau_part[grade])
//   logit p(defect)      = b0 + b1*Tc + b2*Tc^2 + b_h*humidity + b_wear*wear
//                          + b_speed*speed + b_grade[grade]
//     window form        = L_min + k * ((Tc - Tc_opt) / half_width)^2 + b_h*humidity + ...
//                          with Tc_opt = -b1 / (2 b2), k = b2 * half_width^2 (the logit
//                          rise at the edge of the target window), L_min = b0 - b2*Tc_opt^2
//   energy kWh / interval = parts_per_min * dt * c_part * (Tc - ambient) / 3600
//                          + loss_kW_per_K * (T_f - ambient) * dt / 60
//                          + base_load_kW[state] * dt / 60
//   wear %/min           = w0 * (speed / speed_ref)^alpha (while running); at the wear
//                          limit the line stops for cleaning (furnace at standby) and
//                          warm-up, then wear is reset.
//
// Scrap model variant `direct` (ScrapModel::direct, issue 14 item 9): the defect
// probability is driven by the furnace air temperature and the residence time instead of
// the core temperature (DirectScrapTruth below). The core temperature is still computed
// for the energy balance.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace twinbench {

inline constexpr int material_grade_count = 3;

// 'A', 'B', 'C' for 0, 1, 2.
char material_grade_letter(int grade);
// -1 when the letter is not a grade.
int material_grade_from_letter(char letter);

struct GradeTruth {
    // Time constant of the part core heating toward the furnace air (thicker or denser
    // material heats more slowly).
    double part_heating_tau_min = 2.5;
    // b_grade: additive term of the defect logit.
    double defect_logit_offset = 0.0;
};

// Which law turns the process conditions into the true defect probability.
enum class ScrapModel : std::uint8_t {
    core_window,  // logit in the part core temperature (the designed plant; default)
    direct,       // logit in the furnace air temperature and the residence time
};

// "core_window", "direct" (the truth.json spelling).
std::string_view scrap_model_name(ScrapModel model);
std::optional<ScrapModel> scrap_model_from_name(std::string_view name);

// The direct scrap law. A part cures by time at temperature: every cure_shift_degC
// hotter does the same cure in 1/e of the time (a time-temperature shift as Arrhenius
// kinetics give it), so the best furnace air temperature falls with the log of the
// residence time and rises for thicker material:
//   Tf_opt(res, grade) = furnace_optimum_ref_degC + grade_optimum_offset_degC[grade]
//                        - cure_shift_degC * ln(res / residence_ref_min)
//   logit p = logit_min + logit_rise_at_edge * ((Tf - Tf_opt) / half_width_degC)^2
//             + b_humidity * humidity + b_wear * wear + defect_logit_offset[grade]
// Too cold or too short gives under-cured parts, too hot or too long over-cured ones.
// The humidity, wear and grade terms are the `defect` and `grades` coefficients (shared
// with the core-window law); b0, b1, b2 and b_speed are not used.
struct DirectScrapTruth {
    double furnace_optimum_ref_degC = 182.8;
    double residence_ref_min = 6.0;
    double cure_shift_degC = 30.0;
    double half_width_degC = 10.0;
    double logit_rise_at_edge = 0.8;
    double logit_min = -6.4;
    std::array<double, material_grade_count> grade_optimum_offset_degC{{0.0, 4.9, 12.0}};
};

struct PlantTruth {
    // Geometry and conveyor.
    double furnace_length_m = 12.0;
    double part_pitch_m = 0.5;
    double speed_ref_m_per_min = 2.0;

    // Furnace air temperature dynamics.
    double furnace_tau_min = 25.0;
    double furnace_setpoint_gain = 0.98;
    double furnace_load_sag_degC_per_part_per_min = 1.8;
    double furnace_ambient_gain_degC_per_degC = 0.25;
    double furnace_ambient_ref_degC = 20.0;

    // Material grades A, B, C.
    std::array<GradeTruth, material_grade_count> grades{{
        {2.5, 0.0},
        {2.8, 0.35},
        {3.2, 0.9},
    }};

    // Core-temperature target window (quality specification).
    double core_target_low_degC = 160.0;
    double core_target_high_degC = 176.0;

    // Defect logistic model (polynomial form, what a regression on Tc, Tc^2 recovers).
    // Built from the window form: Tc_opt = 168 degC, half width 8 degC, k = 0.8,
    // L_min = -7.1: b2 = 0.8 / 64, b1 = -2 * b2 * 168, b0 = L_min + b2 * 168^2.
    double defect_b0 = -7.1 + 0.0125 * 168.0 * 168.0;
    double defect_b1_per_degC = -2.0 * 0.0125 * 168.0;
    double defect_b2_per_degC2 = 0.0125;
    double defect_b_humidity_per_pct = 0.02;
    double defect_b_wear_per_pct = 0.012;
    double defect_b_speed_per_m_per_min = 0.35;

    // Energy.
    double part_heat_capacity_kJ_per_K = 2.2;
    double furnace_loss_kW_per_K = 0.16;
    double base_load_running_kW = 12.0;
    double base_load_stopped_kW = 5.0;
    double base_load_maintenance_kW = 3.0;

    // Time-of-use tariff; hours are local clock hours [start, end), Monday to Friday
    // when peak_weekdays_only.
    double tariff_peak_eur_per_kWh = 0.29;
    double tariff_offpeak_eur_per_kWh = 0.19;
    int tariff_peak_start_hour = 7;
    int tariff_peak_end_hour = 20;
    bool tariff_peak_weekdays_only = true;

    // Conveyor wear (percent of the wear allowance) and maintenance.
    double wear_rate_ref_pct_per_min = 0.014;
    double wear_speed_exponent = 1.8;
    double wear_limit_pct = 100.0;
    double wear_after_maintenance_pct = 0.0;
    // Maintenance = cleaning with the furnace at standby, then warm-up at the operator
    // setpoint; the line is in state maintenance for both.
    double maintenance_cleaning_min = 150.0;
    double maintenance_warmup_min = 90.0;
    double maintenance_standby_setpoint_degC = 90.0;

    // Measurement noise (standard deviations).
    double thermocouple_noise_sd_degC = 1.5;
    double manual_check_noise_sd_degC = 2.5;
    double ambient_sensor_noise_sd_degC = 0.2;
    double humidity_sensor_noise_sd_pct = 1.0;
    // Interval energy meter: relative noise (the furnace controller modulates its power,
    // and meters quantise); the KPIs use the true energy.
    double energy_meter_noise_rel = 0.01;

    // The plant's local time zone (tariff hours, shifts, daily cycles, exports).
    std::string time_zone = "Europe/Berlin";

    // Scrap law; direct_scrap is used only when scrap_model is direct (and only then
    // written to truth.json, so the default file stays as it was).
    ScrapModel scrap_model = ScrapModel::core_window;
    DirectScrapTruth direct_scrap;
};

PlantTruth default_truth();

// Window form of the defect model derived from the polynomial coefficients.
struct DefectWindowForm {
    double core_optimum_degC = 0.0;     // Tc_opt = -b1 / (2 b2)
    double half_width_degC = 0.0;       // half the target window
    double logit_rise_at_edge = 0.0;    // k = b2 * half_width^2
    double logit_min = 0.0;             // L_min = b0 - b2 * Tc_opt^2
};
DefectWindowForm defect_window_form(const PlantTruth& truth);

nlohmann::json to_json(const PlantTruth& truth);
// Throws twinbench::BadInputError naming the missing or mistyped key.
PlantTruth truth_from_json(const nlohmann::json& json);

}  // namespace twinbench
