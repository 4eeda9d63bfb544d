// The true parameters of the reference spray dryer (milk powder, one continuous line): the
// second process template of the sample generator, unlike the furnace in every respect
// the generic engine must handle (issue 14): other names, units and dialect, per-input
// dead times, a chained output (outlet temperature -> residual moisture), a sparse lab
// output, and counts out of a total (off-spec bags of the bags filled).
//
// The model, in one place (dryer_plant.h evaluates it; every symbol is in truth.json):
//   water load W [kg/h]      = feed * (1 - solids / 100)
//   outlet steady state      = outlet_ref + g_in * (SP - inlet_ref) + g_w * (W - W_ref)
//                              + g_h * (H - H_ref) + g_a * (T_amb - T_amb_ref)
//   outlet temperature       : sum of one first-order-plus-dead-time path per input
//                              (inlet SP; water load = feed and solids; humidity; ambient),
//                              each with its own time constant and dead time
//   residual moisture [%]    = m_ref + b_T * (T_out - T_m_ref) + b_T2 * (T_out - T_m_ref)^2
//                              + b_H * (H - H_ref) + b_s * (solids - solids_ref)   (static)
//   powder rate [kg/h]       = feed * (solids / 100) / (1 - moisture / 100)
//   bags per interval        = whole 25 kg bags of the interval's powder (remainder carried)
//   logit p(bag off-spec)    = b0 + b1 * bag moisture   (bag moisture = powder-weighted mean)
//   gas energy [kWh/step]    = air_flow * (cp_air + cp_vap * H / 1000) * (SP - T_amb)
//                              / efficiency * dt / 3600 + base_kW * dt / 60
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace twinbench {

struct DryerTruth {
    // --- Drying air (the main fan runs at a fixed speed) ---
    double dry_air_flow_kg_per_h = 14000.0;

    // --- Outlet air temperature: steady state, linear in its inputs ---
    double outlet_ref_degC = 86.0;
    double inlet_ref_degC = 190.0;
    double water_load_ref_kg_per_h = 520.0;
    double humidity_ref_g_per_kg = 8.0;
    double ambient_ref_degC = 15.0;
    double outlet_gain_inlet_degC_per_degC = 0.6;
    double outlet_gain_water_load_degC_per_kg_per_h = -0.12;
    double outlet_gain_humidity_degC_per_g_per_kg = -0.4;
    double outlet_gain_ambient_degC_per_degC = 0.1;

    // --- Outlet air temperature: one first-order-plus-dead-time path per input ---
    // The burner and the air path answer fast; the feed reaches the air only after the
    // pipe to the atomiser and the droplets' flight, hence the longer dead time.
    double inlet_tau_min = 6.0;
    double inlet_dead_time_min = 2.0;
    double water_load_tau_min = 4.0;
    double water_load_dead_time_min = 4.0;
    double humidity_tau_min = 6.0;
    double humidity_dead_time_min = 2.0;
    double ambient_tau_min = 6.0;
    double ambient_dead_time_min = 2.0;

    // --- Residual moisture of the powder (static in the outlet temperature) ---
    // Falls as the outlet air gets hotter, flattening (the quadratic's vertex is at
    // T_m_ref - b_T / (2 b_T2) = 119 degC, far above the operating range: the slope at
    // 100 degC is still 60 % of that at 86 degC).
    double moisture_ref_pct = 3.4;
    double moisture_outlet_ref_degC = 86.0;
    double moisture_b_outlet_pct_per_degC = -0.08;
    double moisture_b_outlet2_pct_per_degC2 = 0.0012;
    double moisture_b_humidity_pct_per_g_per_kg = 0.06;
    double moisture_b_solids_pct_per_pct = 0.02;
    double moisture_solids_ref_pct = 48.0;

    // --- Bagging and off-spec bags ---
    double bag_mass_kg = 25.0;
    double bag_interval_min = 15.0;
    // logit p = b0 + b1 * moisture: p = 5 % at 3.8 % moisture, the odds x e^3 per % wetter.
    double offspec_b0 = -2.9444389791664403 - 3.0 * 3.8;
    double offspec_b1_per_pct = 3.0;

    // --- Gas burner ---
    double air_heat_capacity_kJ_per_kgK = 1.006;
    double vapour_heat_capacity_kJ_per_kgK = 1.86;
    double burner_efficiency = 0.92;
    double burner_base_load_kW = 18.0;  // pilot flame and casing losses

    // --- Measurement noise (standard deviations) ---
    double outlet_sensor_noise_sd_degC = 0.5;
    // A lab moisture method repeats to a few hundredths of a percent; with ~720 samples
    // in 60 days this lets a fit find the moisture curve's slope at the edge of the
    // operating range within a few percent (test_dryer_plant.cpp).
    double lab_moisture_noise_sd_pct = 0.05;
    double gas_meter_noise_rel = 0.01;
    double solids_sensor_noise_sd_pct = 0.15;
    double humidity_sensor_noise_sd_g_per_kg = 0.15;
    double ambient_sensor_noise_sd_degC = 0.2;

    // The plant's local time zone (daily cycles, exports).
    std::string time_zone = "Europe/Amsterdam";
};

DryerTruth default_dryer_truth();

// The moisture at which a bag is off-spec with probability 5 %: -(b0 - logit 0.05) / b1.
double offspec_moisture_at_5_percent(const DryerTruth& truth);

nlohmann::json to_json(const DryerTruth& truth);
// Throws twinbench::BadInputError naming the missing or mistyped key, and for values no
// dryer can have (a time constant <= 0, a negative dead time, an efficiency outside
// (0, 1]).
DryerTruth dryer_truth_from_json(const nlohmann::json& json);

}  // namespace twinbench
