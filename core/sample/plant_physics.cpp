#include "sample/plant_physics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sample/reference_plant.h"
#include "sample/sample_random.h"

namespace twinbench {

namespace {

// Plausible for a continuous curing furnace line of this size: conveyor furnaces of
// 10-14 m, parts on 0.4-0.6 m pitch, furnace air time constants of a quarter to two
// thirds of an hour, the designed plant's energy and tariff figures within about +-30 %.
// The order is part of the format: a constant's draw is keyed by its index.
constexpr std::array<PhysicsRange, 36> ranges = {{
    {"geometry.furnace_length_m", 11.0, 13.5, 2},
    {"geometry.part_pitch_m", 0.42, 0.60, 2},
    {"furnace.tau_min", 15.0, 40.0, 1},
    {"furnace.setpoint_gain", 0.96, 1.0, 3},
    {"furnace.load_sag_degC_per_part_per_min", 1.0, 2.6, 2},
    {"furnace.ambient_gain_degC_per_degC", 0.12, 0.38, 3},
    {"grades.A.part_heating_tau_min", 2.2, 2.8, 2},
    {"grades.B.part_heating_tau_min", 2.5, 3.1, 2},
    {"grades.C.part_heating_tau_min", 2.9, 3.5, 2},
    {"grades.B.defect_logit_offset", 0.1, 0.6, 3},
    {"grades.C.defect_logit_offset", 0.5, 1.3, 3},
    {"defect_window_form.core_optimum_degC", 165.0, 171.0, 1},
    {"defect_window_form.logit_rise_at_edge", 0.6, 1.1, 3},
    {"defect_window_form.logit_min", -7.6, -6.6, 3},
    {"defect.b_humidity_per_pct", 0.01, 0.035, 4},
    {"defect.b_wear_per_pct", 0.006, 0.02, 4},
    {"defect.b_speed_per_m_per_min", 0.15, 0.55, 3},
    {"energy.part_heat_capacity_kJ_per_K", 1.6, 2.9, 2},
    {"energy.furnace_loss_kW_per_K", 0.11, 0.22, 3},
    {"energy.base_load_running_kW", 8.0, 16.0, 1},
    {"energy.base_load_stopped_kW", 3.0, 7.0, 1},
    {"energy.base_load_maintenance_kW", 2.0, 4.5, 1},
    {"tariff.peak_eur_per_kWh", 0.24, 0.36, 3},
    {"tariff.offpeak_eur_per_kWh", 0.13, 0.22, 3},
    {"tariff.peak_start_hour", 6.0, 8.0, 0},
    {"tariff.peak_end_hour", 18.0, 21.0, 0},
    {"wear.rate_ref_pct_per_min", 0.010, 0.020, 4},
    {"wear.speed_exponent", 1.4, 2.2, 2},
    {"maintenance.cleaning_min", 120.0, 200.0, 0},
    {"maintenance.warmup_min", 60.0, 120.0, 0},
    {"maintenance.standby_setpoint_degC", 80.0, 110.0, 0},
    {"direct_scrap.furnace_optimum_shift_degC", -4.0, 4.0, 1},
    {"direct_scrap.cure_shift_degC", 18.0, 40.0, 1},
    {"direct_scrap.half_width_degC", 8.0, 12.0, 1},
    {"direct_scrap.logit_rise_at_edge", 0.6, 1.1, 3},
    {"direct_scrap.logit_min", -6.9, -5.9, 3},
}};

double round_to_decimals(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// The drawn value of one constant of the table.
double draw(std::uint64_t physics_seed, std::string_view path) {
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (ranges[i].path == path) {
            const PhysicsRange& r = ranges[i];
            const double u = sample::counter_uniform(physics_seed, sample::streams::physics, i, 0);
            return std::clamp(round_to_decimals(r.low + (r.high - r.low) * u, r.decimals), r.low,
                              r.high);
        }
    }
    throw std::logic_error("no physics range named " + std::string(path));
}

// Furnace air temperature that brings the core of `grade` to core_degC after the
// residence time with the parts entering at ambient_degC (inverse of the heating law).
double furnace_for_core_degC(const PlantTruth& t, double residence_min, int grade,
                             double ambient_degC, double core_degC) {
    const double e =
        std::exp(-residence_min / t.grades[static_cast<std::size_t>(grade)].part_heating_tau_min);
    return (core_degC - e * ambient_degC) / (1.0 - e);
}

}  // namespace

std::span<const PhysicsRange> physics_ranges() {
    return ranges;
}

nlohmann::json physics_json(std::uint64_t physics_seed) {
    nlohmann::json r = nlohmann::json::object();
    for (const PhysicsRange& range : ranges) {
        r[std::string(range.path)] = {range.low, range.high};
    }
    return {
        {"seed", physics_seed},
        {"ranges", r},
        {"note",
         "Constants drawn uniformly in [low, high] (then rounded) from the physics seed; the "
         "values used are the ones in this file. defect_window_form.* are drawn in that form "
         "and converted to defect.b0, b1, b2 with the core target window's half width. "
         "direct_scrap.* apply with scrap_model direct; furnace_optimum_shift_degC moves "
         "direct_scrap.furnace_optimum_ref_degC away from the value derived from the core "
         "physics. Measurement noise, the target window and the time zone are as designed."},
    };
}

PlantTruth perturbed_truth(const PlantTruth& designed, std::uint64_t seed) {
    PlantTruth t = designed;
    auto d = [&](std::string_view path) { return draw(seed, path); };
    t.furnace_length_m = d("geometry.furnace_length_m");
    t.part_pitch_m = d("geometry.part_pitch_m");
    t.furnace_tau_min = d("furnace.tau_min");
    t.furnace_setpoint_gain = d("furnace.setpoint_gain");
    t.furnace_load_sag_degC_per_part_per_min = d("furnace.load_sag_degC_per_part_per_min");
    t.furnace_ambient_gain_degC_per_degC = d("furnace.ambient_gain_degC_per_degC");
    t.grades[0].part_heating_tau_min = d("grades.A.part_heating_tau_min");
    t.grades[1].part_heating_tau_min = d("grades.B.part_heating_tau_min");
    t.grades[2].part_heating_tau_min = d("grades.C.part_heating_tau_min");
    // Grade A stays the reference level of the logit (offset 0).
    t.grades[1].defect_logit_offset = d("grades.B.defect_logit_offset");
    t.grades[2].defect_logit_offset = d("grades.C.defect_logit_offset");

    const double core_optimum = d("defect_window_form.core_optimum_degC");
    const double rise = d("defect_window_form.logit_rise_at_edge");
    const double logit_min = d("defect_window_form.logit_min");
    const double half_width = 0.5 * (t.core_target_high_degC - t.core_target_low_degC);
    t.defect_b2_per_degC2 = rise / (half_width * half_width);
    t.defect_b1_per_degC = -2.0 * t.defect_b2_per_degC2 * core_optimum;
    t.defect_b0 = logit_min + t.defect_b2_per_degC2 * core_optimum * core_optimum;
    t.defect_b_humidity_per_pct = d("defect.b_humidity_per_pct");
    t.defect_b_wear_per_pct = d("defect.b_wear_per_pct");
    t.defect_b_speed_per_m_per_min = d("defect.b_speed_per_m_per_min");

    t.part_heat_capacity_kJ_per_K = d("energy.part_heat_capacity_kJ_per_K");
    t.furnace_loss_kW_per_K = d("energy.furnace_loss_kW_per_K");
    t.base_load_running_kW = d("energy.base_load_running_kW");
    t.base_load_stopped_kW = d("energy.base_load_stopped_kW");
    t.base_load_maintenance_kW = d("energy.base_load_maintenance_kW");
    t.tariff_peak_eur_per_kWh = d("tariff.peak_eur_per_kWh");
    t.tariff_offpeak_eur_per_kWh = d("tariff.offpeak_eur_per_kWh");
    t.tariff_peak_start_hour = static_cast<int>(d("tariff.peak_start_hour"));
    t.tariff_peak_end_hour = static_cast<int>(d("tariff.peak_end_hour"));
    t.wear_rate_ref_pct_per_min = d("wear.rate_ref_pct_per_min");
    t.wear_speed_exponent = d("wear.speed_exponent");
    t.maintenance_cleaning_min = d("maintenance.cleaning_min");
    t.maintenance_warmup_min = d("maintenance.warmup_min");
    t.maintenance_standby_setpoint_degC = d("maintenance.standby_setpoint_degC");
    if (t.scrap_model == ScrapModel::direct) {
        t.direct_scrap = direct_scrap_for(t, seed);
    }
    return t;
}

DirectScrapTruth direct_scrap_for(const PlantTruth& t, std::optional<std::uint64_t> seed) {
    DirectScrapTruth d;
    d.residence_ref_min = residence_time_min(t, t.speed_ref_m_per_min);
    const double aim = 0.5 * (t.core_target_low_degC + t.core_target_high_degC);
    const double reference = furnace_for_core_degC(t, d.residence_ref_min, 0,
                                                   t.furnace_ambient_ref_degC, aim);
    d.furnace_optimum_ref_degC = round_to_decimals(reference, 1);
    for (int g = 0; g < material_grade_count; ++g) {
        d.grade_optimum_offset_degC[static_cast<std::size_t>(g)] = round_to_decimals(
            furnace_for_core_degC(t, d.residence_ref_min, g, t.furnace_ambient_ref_degC, aim) -
                reference,
            1);
    }
    if (seed) {
        d.furnace_optimum_ref_degC = round_to_decimals(
            d.furnace_optimum_ref_degC + draw(*seed, "direct_scrap.furnace_optimum_shift_degC"), 1);
        d.cure_shift_degC = draw(*seed, "direct_scrap.cure_shift_degC");
        d.half_width_degC = draw(*seed, "direct_scrap.half_width_degC");
        d.logit_rise_at_edge = draw(*seed, "direct_scrap.logit_rise_at_edge");
        d.logit_min = draw(*seed, "direct_scrap.logit_min");
    }
    return d;
}

}  // namespace twinbench
