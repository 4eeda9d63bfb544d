#include "sim/truth_twin.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"
#include "sample/reference_plant.h"

namespace twinbench {

PlantTwin twin_from_truth(const PlantTruth& t) {
    // The twin's defect model is the core-window logit; a direct-law plant would get the
    // wrong scrap without a word.
    if (t.scrap_model != ScrapModel::core_window)
        throw ModelError("twin_from_truth: the plant's scrap model is '" +
                         std::string(scrap_model_name(t.scrap_model)) +
                         "', which the furnace twin's defect model cannot express; re-run "
                         "simulate_plant for this plant's truth instead");
    PlantTwin twin;
    auto& f = twin.furnace;
    f.tau_min = t.furnace_tau_min;
    f.setpoint_gain = t.furnace_setpoint_gain;
    f.load_sensitivity_degC_per_part_per_min = -t.furnace_load_sag_degC_per_part_per_min;
    f.ambient_sensitivity = t.furnace_ambient_gain_degC_per_degC;
    f.offset_degC = -t.furnace_ambient_gain_degC_per_degC * t.furnace_ambient_ref_degC;

    auto& c = twin.core;
    c.available = true;
    for (int g = 0; g < material_grade_count; ++g) {
        c.grade_labels.emplace_back(1, material_grade_letter(g));
        c.theta_min_per_m.push_back(t.grades[static_cast<std::size_t>(g)].part_heating_tau_min /
                                    t.furnace_length_m);
        c.theta_std_error.push_back(0.0);
    }

    auto& d = twin.defect;
    d.available = true;
    using In = DefectTwin::Input;
    d.terms = {{"(Intercept)", In::intercept, -1, -1, t.defect_b0},
               {"core_temp", In::core, -1, -1, t.defect_b1_per_degC},
               {"I(core_temp ** 2)", In::core_squared, -1, -1, t.defect_b2_per_degC2},
               {"humidity", In::humidity, -1, -1, t.defect_b_humidity_per_pct},
               {"wear", In::wear, -1, -1, t.defect_b_wear_per_pct},
               {"speed", In::speed, -1, -1, t.defect_b_speed_per_m_per_min}};
    for (int g = 1; g < material_grade_count; ++g)
        d.terms.push_back({std::string("grade[T.") + material_grade_letter(g) + "]", In::grade, g,
                           -1, t.grades[static_cast<std::size_t>(g)].defect_logit_offset});
    d.core_optimum_degC = -t.defect_b1_per_degC / (2.0 * t.defect_b2_per_degC2);

    auto& e = twin.energy;
    e.available = true;
    e.parts_over_core = true;
    e.parts_kwh_per_part_K = t.part_heat_capacity_kJ_per_K / 3600.0;
    e.loss_kw_per_K = t.furnace_loss_kW_per_K;
    e.base_levels = {std::string(line_state_code(LineState::running)),
                     std::string(line_state_code(LineState::stopped)),
                     std::string(line_state_code(LineState::maintenance))};
    e.base_kw = {t.base_load_running_kW, t.base_load_stopped_kW, t.base_load_maintenance_kW};

    auto& th = twin.throughput;
    th.pitch_m = t.part_pitch_m;
    th.has_wear = true;
    th.speed_ref_m_per_min = t.speed_ref_m_per_min;
    th.wear_w0_pct_per_min = t.wear_rate_ref_pct_per_min;
    th.wear_alpha = t.wear_speed_exponent;
    th.wear_limit_pct = t.wear_limit_pct;
    th.wear_after_pct = t.wear_after_maintenance_pct;
    th.maintenance_min = t.maintenance_cleaning_min + t.maintenance_warmup_min;

    twin.running_label = e.base_levels[0];
    twin.maintenance_label = e.base_levels[2];
    // Cleaning at standby, then warm-up at the operator setpoint (NaN bins).
    const auto bins =
        static_cast<std::size_t>(std::ceil(th.maintenance_min / twin.maintenance_setpoint_bin_min));
    twin.maintenance_setpoint_degC.assign(bins, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t b = 0; b < bins; ++b)
        if (static_cast<double>(b) * twin.maintenance_setpoint_bin_min < t.maintenance_cleaning_min)
            twin.maintenance_setpoint_degC[b] = t.maintenance_standby_setpoint_degC;

    twin.tariff.time_zone = t.time_zone;
    twin.tariff.peak_price_per_kwh = t.tariff_peak_eur_per_kWh;
    twin.tariff.offpeak_price_per_kwh = t.tariff_offpeak_eur_per_kWh;
    twin.tariff.peak_start_min = t.tariff_peak_start_hour * 60;
    twin.tariff.peak_end_min = t.tariff_peak_end_hour * 60;
    for (std::size_t day = 0; day < 7; ++day)
        twin.tariff.peak_days[day] = !t.tariff_peak_weekdays_only || day < 5;
    return twin;
}

SimulationInputs inputs_from_plant(const PlantTruth& truth, const PlantInputs& p, std::size_t first,
                                   std::size_t last, double initial_wear_pct) {
    last = std::min(last, p.steps());
    SimulationInputs in;
    in.step_min = p.step_min();
    in.stop_labels = {std::string(line_state_code(LineState::stopped))};
    for (std::size_t i = first; i < last; ++i) {
        in.time_s.push_back(static_cast<double>(p.time_utc(i)));
        in.ambient_degC.push_back(p.ambient_degC[i]);
        in.humidity_pct.push_back(p.humidity_pct[i]);
        in.grade.push_back(static_cast<std::int16_t>(p.grade[i]));
        in.stop.push_back(p.stop_requested[i] != 0 ? 0 : -1);
        in.setpoint_degC.push_back(p.setpoint_degC[i]);
        in.speed_m_per_min.push_back(p.speed_m_per_min[i]);
        in.price_per_kwh.push_back(p.peak_tariff[i] != 0 ? truth.tariff_peak_eur_per_kWh
                                                         : truth.tariff_offpeak_eur_per_kWh);
    }
    in.initial_wear_pct = initial_wear_pct;
    return in;
}

}  // namespace twinbench
