#include "sample/dryer_truth.h"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "sample/truth_json.h"

namespace twinbench {

namespace {

using sample::bad_truth;
using sample::member_of;
using sample::number_at;

// One table drives both directions so that to_json and dryer_truth_from_json cannot
// drift apart: (JSON group, JSON key, member).
struct DoubleField {
    std::string_view group;
    std::string_view key;
    double DryerTruth::*member;
};

constexpr DoubleField double_fields[] = {
    {"air", "dry_air_flow_kg_per_h", &DryerTruth::dry_air_flow_kg_per_h},
    {"outlet", "outlet_ref_degC", &DryerTruth::outlet_ref_degC},
    {"outlet", "inlet_ref_degC", &DryerTruth::inlet_ref_degC},
    {"outlet", "water_load_ref_kg_per_h", &DryerTruth::water_load_ref_kg_per_h},
    {"outlet", "humidity_ref_g_per_kg", &DryerTruth::humidity_ref_g_per_kg},
    {"outlet", "ambient_ref_degC", &DryerTruth::ambient_ref_degC},
    {"outlet", "gain_inlet_degC_per_degC", &DryerTruth::outlet_gain_inlet_degC_per_degC},
    {"outlet", "gain_water_load_degC_per_kg_per_h",
     &DryerTruth::outlet_gain_water_load_degC_per_kg_per_h},
    {"outlet", "gain_humidity_degC_per_g_per_kg",
     &DryerTruth::outlet_gain_humidity_degC_per_g_per_kg},
    {"outlet", "gain_ambient_degC_per_degC", &DryerTruth::outlet_gain_ambient_degC_per_degC},
    {"outlet_dynamics", "inlet_tau_min", &DryerTruth::inlet_tau_min},
    {"outlet_dynamics", "inlet_dead_time_min", &DryerTruth::inlet_dead_time_min},
    {"outlet_dynamics", "water_load_tau_min", &DryerTruth::water_load_tau_min},
    {"outlet_dynamics", "water_load_dead_time_min", &DryerTruth::water_load_dead_time_min},
    {"outlet_dynamics", "humidity_tau_min", &DryerTruth::humidity_tau_min},
    {"outlet_dynamics", "humidity_dead_time_min", &DryerTruth::humidity_dead_time_min},
    {"outlet_dynamics", "ambient_tau_min", &DryerTruth::ambient_tau_min},
    {"outlet_dynamics", "ambient_dead_time_min", &DryerTruth::ambient_dead_time_min},
    {"moisture", "ref_pct", &DryerTruth::moisture_ref_pct},
    {"moisture", "outlet_ref_degC", &DryerTruth::moisture_outlet_ref_degC},
    {"moisture", "b_outlet_pct_per_degC", &DryerTruth::moisture_b_outlet_pct_per_degC},
    {"moisture", "b_outlet2_pct_per_degC2", &DryerTruth::moisture_b_outlet2_pct_per_degC2},
    {"moisture", "b_humidity_pct_per_g_per_kg", &DryerTruth::moisture_b_humidity_pct_per_g_per_kg},
    {"moisture", "b_solids_pct_per_pct", &DryerTruth::moisture_b_solids_pct_per_pct},
    {"moisture", "solids_ref_pct", &DryerTruth::moisture_solids_ref_pct},
    {"bagging", "bag_mass_kg", &DryerTruth::bag_mass_kg},
    {"bagging", "interval_min", &DryerTruth::bag_interval_min},
    {"offspec", "b0", &DryerTruth::offspec_b0},
    {"offspec", "b1_per_pct_moisture", &DryerTruth::offspec_b1_per_pct},
    {"energy", "air_heat_capacity_kJ_per_kgK", &DryerTruth::air_heat_capacity_kJ_per_kgK},
    {"energy", "vapour_heat_capacity_kJ_per_kgK", &DryerTruth::vapour_heat_capacity_kJ_per_kgK},
    {"energy", "burner_efficiency", &DryerTruth::burner_efficiency},
    {"energy", "burner_base_load_kW", &DryerTruth::burner_base_load_kW},
    {"measurement", "outlet_sensor_noise_sd_degC", &DryerTruth::outlet_sensor_noise_sd_degC},
    {"measurement", "lab_moisture_noise_sd_pct", &DryerTruth::lab_moisture_noise_sd_pct},
    {"measurement", "gas_meter_noise_rel", &DryerTruth::gas_meter_noise_rel},
    {"measurement", "solids_sensor_noise_sd_pct", &DryerTruth::solids_sensor_noise_sd_pct},
    {"measurement", "humidity_sensor_noise_sd_g_per_kg",
     &DryerTruth::humidity_sensor_noise_sd_g_per_kg},
    {"measurement", "ambient_sensor_noise_sd_degC", &DryerTruth::ambient_sensor_noise_sd_degC},
};

void check_values(const DryerTruth& t) {
    const struct {
        const char* key;
        double value;
    } taus[] = {{"outlet_dynamics.inlet_tau_min", t.inlet_tau_min},
                {"outlet_dynamics.water_load_tau_min", t.water_load_tau_min},
                {"outlet_dynamics.humidity_tau_min", t.humidity_tau_min},
                {"outlet_dynamics.ambient_tau_min", t.ambient_tau_min}},
      dead_times[] = {{"outlet_dynamics.inlet_dead_time_min", t.inlet_dead_time_min},
                      {"outlet_dynamics.water_load_dead_time_min", t.water_load_dead_time_min},
                      {"outlet_dynamics.humidity_dead_time_min", t.humidity_dead_time_min},
                      {"outlet_dynamics.ambient_dead_time_min", t.ambient_dead_time_min}};
    for (const auto& tau : taus) {
        if (!(tau.value > 0.0)) {
            bad_truth(
                fmt::format("'{}' must be a positive time constant, not {}", tau.key, tau.value));
        }
    }
    for (const auto& dead : dead_times) {
        if (!(dead.value >= 0.0)) {
            bad_truth(fmt::format("'{}' must be a dead time >= 0, not {}", dead.key, dead.value));
        }
    }
    if (!(t.burner_efficiency > 0.0 && t.burner_efficiency <= 1.0)) {
        bad_truth(fmt::format("'energy.burner_efficiency' must lie in (0, 1], not {}",
                              t.burner_efficiency));
    }
    if (!(t.bag_mass_kg > 0.0) || !(t.bag_interval_min > 0.0)) {
        bad_truth("'bagging.bag_mass_kg' and 'bagging.interval_min' must be positive");
    }
}

}  // namespace

DryerTruth default_dryer_truth() {
    return DryerTruth{};
}

double offspec_moisture_at_5_percent(const DryerTruth& truth) {
    return (std::log(0.05 / 0.95) - truth.offspec_b0) / truth.offspec_b1_per_pct;
}

nlohmann::json to_json(const DryerTruth& truth) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& f : double_fields) {
        j[std::string(f.group)][std::string(f.key)] = truth.*(f.member);
    }
    j["time_zone"] = truth.time_zone;

    // For readers; ignored by dryer_truth_from_json.
    j["formulas"] = {
        {"water_load_kg_per_h", "feed_kg_per_h * (1 - solids_pct / 100)"},
        {"outlet_steady_state_degC",
         "outlet_ref_degC + gain_inlet * (inlet_sp - inlet_ref_degC)"
         " + gain_water_load * (water_load - water_load_ref_kg_per_h)"
         " + gain_humidity * (humidity - humidity_ref_g_per_kg)"
         " + gain_ambient * (ambient - ambient_ref_degC)"},
        {"outlet_dynamics",
         "outlet = outlet_ref_degC + sum over the inputs (inlet sp, water load, humidity, "
         "ambient) of y_k, each y_k first order toward gain_k * (u_k(t - dead_time_k) - ref_k) "
         "with time constant tau_k (exact for inputs held over each step); the solids act "
         "through the water load"},
        {"residual_moisture_pct",
         "ref_pct + b_outlet * (outlet - outlet_ref_degC) + b_outlet2 * (outlet - "
         "outlet_ref_degC)^2 + b_humidity * (humidity - outlet.humidity_ref_g_per_kg) + "
         "b_solids * (solids - solids_ref_pct), with the true outlet temperature of the same "
         "step"},
        {"powder_kg_per_h", "feed_kg_per_h * (solids_pct / 100) / (1 - moisture_pct / 100)"},
        {"bags",
         "whole bags of bag_mass_kg from the powder of each bagging interval, the "
         "remainder carried into the next interval"},
        {"offspec",
         "logit p = b0 + b1_per_pct_moisture * bag_moisture_pct, bag moisture = "
         "powder-weighted mean over the interval; off-spec bags = Binomial(bags, p)"},
        {"gas_energy_kwh",
         "air: dry_air_flow * cp_air * (inlet_sp - ambient) / efficiency * dt_h / 3600; "
         "vapour: dry_air_flow * (humidity / 1000) * cp_vapour * (inlet_sp - ambient) / "
         "efficiency * dt_h / 3600; base: burner_base_load_kW * dt_h; total = air + vapour + "
         "base"},
    };
    j["offspec"]["moisture_at_5_percent_pct"] = offspec_moisture_at_5_percent(truth);
    j["moisture"]["vertex_degC"] =
        truth.moisture_outlet_ref_degC -
        truth.moisture_b_outlet_pct_per_degC / (2.0 * truth.moisture_b_outlet2_pct_per_degC2);
    return j;
}

DryerTruth dryer_truth_from_json(const nlohmann::json& json) {
    DryerTruth t;
    for (const auto& f : double_fields) {
        t.*(f.member) = number_at(json, f.group, f.key);
    }
    const auto& zone = member_of(json, "time_zone", "");
    if (!zone.is_string()) {
        bad_truth("'time_zone' is not a string");
    }
    t.time_zone = zone.get<std::string>();
    check_values(t);
    return t;
}

}  // namespace twinbench
