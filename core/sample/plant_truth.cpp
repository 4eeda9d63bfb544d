#include "sample/plant_truth.h"

#include <string_view>

#include "common/error.h"
#include "sample/truth_json.h"

namespace twinbench {

namespace {

// One table drives both directions so that to_json and truth_from_json cannot drift
// apart: (JSON group, JSON key, member).
struct DoubleField {
    std::string_view group;
    std::string_view key;
    double PlantTruth::*member;
};

constexpr DoubleField double_fields[] = {
    {"geometry", "furnace_length_m", &PlantTruth::furnace_length_m},
    {"geometry", "part_pitch_m", &PlantTruth::part_pitch_m},
    {"geometry", "speed_ref_m_per_min", &PlantTruth::speed_ref_m_per_min},
    {"furnace", "tau_min", &PlantTruth::furnace_tau_min},
    {"furnace", "setpoint_gain", &PlantTruth::furnace_setpoint_gain},
    {"furnace", "load_sag_degC_per_part_per_min",
     &PlantTruth::furnace_load_sag_degC_per_part_per_min},
    {"furnace", "ambient_gain_degC_per_degC", &PlantTruth::furnace_ambient_gain_degC_per_degC},
    {"furnace", "ambient_ref_degC", &PlantTruth::furnace_ambient_ref_degC},
    {"core", "target_low_degC", &PlantTruth::core_target_low_degC},
    {"core", "target_high_degC", &PlantTruth::core_target_high_degC},
    {"defect", "b0", &PlantTruth::defect_b0},
    {"defect", "b1_per_degC", &PlantTruth::defect_b1_per_degC},
    {"defect", "b2_per_degC2", &PlantTruth::defect_b2_per_degC2},
    {"defect", "b_humidity_per_pct", &PlantTruth::defect_b_humidity_per_pct},
    {"defect", "b_wear_per_pct", &PlantTruth::defect_b_wear_per_pct},
    {"defect", "b_speed_per_m_per_min", &PlantTruth::defect_b_speed_per_m_per_min},
    {"energy", "part_heat_capacity_kJ_per_K", &PlantTruth::part_heat_capacity_kJ_per_K},
    {"energy", "furnace_loss_kW_per_K", &PlantTruth::furnace_loss_kW_per_K},
    {"energy", "base_load_running_kW", &PlantTruth::base_load_running_kW},
    {"energy", "base_load_stopped_kW", &PlantTruth::base_load_stopped_kW},
    {"energy", "base_load_maintenance_kW", &PlantTruth::base_load_maintenance_kW},
    {"tariff", "peak_eur_per_kWh", &PlantTruth::tariff_peak_eur_per_kWh},
    {"tariff", "offpeak_eur_per_kWh", &PlantTruth::tariff_offpeak_eur_per_kWh},
    {"wear", "rate_ref_pct_per_min", &PlantTruth::wear_rate_ref_pct_per_min},
    {"wear", "speed_exponent", &PlantTruth::wear_speed_exponent},
    {"wear", "limit_pct", &PlantTruth::wear_limit_pct},
    {"wear", "after_maintenance_pct", &PlantTruth::wear_after_maintenance_pct},
    {"maintenance", "cleaning_min", &PlantTruth::maintenance_cleaning_min},
    {"maintenance", "warmup_min", &PlantTruth::maintenance_warmup_min},
    {"maintenance", "standby_setpoint_degC", &PlantTruth::maintenance_standby_setpoint_degC},
    {"measurement", "thermocouple_noise_sd_degC", &PlantTruth::thermocouple_noise_sd_degC},
    {"measurement", "manual_check_noise_sd_degC", &PlantTruth::manual_check_noise_sd_degC},
    {"measurement", "ambient_sensor_noise_sd_degC",
     &PlantTruth::ambient_sensor_noise_sd_degC},
    {"measurement", "humidity_sensor_noise_sd_pct",
     &PlantTruth::humidity_sensor_noise_sd_pct},
    {"measurement", "energy_meter_noise_rel", &PlantTruth::energy_meter_noise_rel},
};

struct IntField {
    std::string_view group;
    std::string_view key;
    int PlantTruth::*member;
};

constexpr IntField int_fields[] = {
    {"tariff", "peak_start_hour", &PlantTruth::tariff_peak_start_hour},
    {"tariff", "peak_end_hour", &PlantTruth::tariff_peak_end_hour},
};

using sample::bad_truth;
using sample::member_of;
using sample::number_at;

struct DirectField {
    std::string_view key;
    double DirectScrapTruth::*member;
};

constexpr DirectField direct_fields[] = {
    {"furnace_optimum_ref_degC", &DirectScrapTruth::furnace_optimum_ref_degC},
    {"residence_ref_min", &DirectScrapTruth::residence_ref_min},
    {"cure_shift_degC", &DirectScrapTruth::cure_shift_degC},
    {"half_width_degC", &DirectScrapTruth::half_width_degC},
    {"logit_rise_at_edge", &DirectScrapTruth::logit_rise_at_edge},
    {"logit_min", &DirectScrapTruth::logit_min},
};

constexpr std::string_view direct_formula =
    "logit p = logit_min + logit_rise_at_edge*((Tf - Tf_opt)/half_width_degC)^2"
    " + defect.b_humidity_per_pct*humidity_pct + defect.b_wear_per_pct*wear_pct"
    " + grades[grade].defect_logit_offset, with Tf the furnace air temperature and"
    " Tf_opt = furnace_optimum_ref_degC + grade_optimum_offset_degC[grade]"
    " - cure_shift_degC*ln(residence_min/residence_ref_min),"
    " residence_min = geometry.furnace_length_m / speed_m_per_min";

nlohmann::json direct_scrap_json(const DirectScrapTruth& d) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& f : direct_fields) {
        j[std::string(f.key)] = d.*(f.member);
    }
    nlohmann::json offsets = nlohmann::json::object();
    for (int g = 0; g < material_grade_count; ++g) {
        offsets[std::string(1, material_grade_letter(g))] =
            d.grade_optimum_offset_degC[static_cast<std::size_t>(g)];
    }
    j["grade_optimum_offset_degC"] = offsets;
    j["formula"] = direct_formula;
    return j;
}

DirectScrapTruth direct_scrap_from_json(const nlohmann::json& json) {
    DirectScrapTruth d;
    for (const auto& f : direct_fields) {
        d.*(f.member) = number_at(json, "direct_scrap", f.key);
    }
    const auto& offsets =
        member_of(member_of(json, "direct_scrap", ""), "grade_optimum_offset_degC", "direct_scrap");
    for (int g = 0; g < material_grade_count; ++g) {
        const std::string letter(1, material_grade_letter(g));
        const auto& v = member_of(offsets, letter, "direct_scrap.grade_optimum_offset_degC");
        if (!v.is_number()) {
            bad_truth("'direct_scrap.grade_optimum_offset_degC." + letter + "' is not a number");
        }
        d.grade_optimum_offset_degC[static_cast<std::size_t>(g)] = v.get<double>();
    }
    if (d.residence_ref_min <= 0.0 || d.half_width_degC <= 0.0 || d.cure_shift_degC < 0.0) {
        bad_truth("'direct_scrap' needs residence_ref_min > 0, half_width_degC > 0 and "
                  "cure_shift_degC >= 0");
    }
    return d;
}

}  // namespace

std::string_view scrap_model_name(ScrapModel model) {
    return model == ScrapModel::direct ? "direct" : "core_window";
}

std::optional<ScrapModel> scrap_model_from_name(std::string_view name) {
    if (name == "core_window") {
        return ScrapModel::core_window;
    }
    if (name == "direct") {
        return ScrapModel::direct;
    }
    return std::nullopt;
}

char material_grade_letter(int grade) {
    return grade >= 0 && grade < material_grade_count ? static_cast<char>('A' + grade) : '?';
}

int material_grade_from_letter(char letter) {
    const int g = letter - 'A';
    return g >= 0 && g < material_grade_count ? g : -1;
}

PlantTruth default_truth() {
    return PlantTruth{};
}

DefectWindowForm defect_window_form(const PlantTruth& truth) {
    DefectWindowForm w;
    const double b2 = truth.defect_b2_per_degC2;
    w.core_optimum_degC = b2 != 0.0 ? -truth.defect_b1_per_degC / (2.0 * b2) : 0.0;
    w.half_width_degC = 0.5 * (truth.core_target_high_degC - truth.core_target_low_degC);
    w.logit_rise_at_edge = b2 * w.half_width_degC * w.half_width_degC;
    w.logit_min = truth.defect_b0 - b2 * w.core_optimum_degC * w.core_optimum_degC;
    return w;
}

nlohmann::json to_json(const PlantTruth& truth) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& f : double_fields) {
        j[std::string(f.group)][std::string(f.key)] = truth.*(f.member);
    }
    for (const auto& f : int_fields) {
        j[std::string(f.group)][std::string(f.key)] = truth.*(f.member);
    }
    j["tariff"]["peak_weekdays_only"] = truth.tariff_peak_weekdays_only;
    nlohmann::json grades = nlohmann::json::object();
    for (int g = 0; g < material_grade_count; ++g) {
        const auto& gt = truth.grades[static_cast<std::size_t>(g)];
        grades[std::string(1, material_grade_letter(g))] = {
            {"part_heating_tau_min", gt.part_heating_tau_min},
            {"defect_logit_offset", gt.defect_logit_offset},
        };
    }
    j["grades"] = grades;
    j["time_zone"] = truth.time_zone;

    // Derived, for readers; ignored by truth_from_json.
    const DefectWindowForm w = defect_window_form(truth);
    j["defect_window_form"] = {
        {"core_optimum_degC", w.core_optimum_degC},
        {"half_width_degC", w.half_width_degC},
        {"logit_rise_at_edge", w.logit_rise_at_edge},
        {"logit_min", w.logit_min},
        {"formula",
         "logit p = logit_min + logit_rise_at_edge*((Tc - core_optimum_degC)/half_width_degC)^2"
         " + b_humidity*humidity + b_wear*wear + b_speed*speed + defect_logit_offset[grade]"},
    };
    j["defect"]["formula"] =
        "logit p = b0 + b1*Tc + b2*Tc^2 + b_humidity*humidity_pct + b_wear*wear_pct"
        " + b_speed*speed_m_per_min + grades[grade].defect_logit_offset";
    // The direct law is written only when the plant uses it, so the designed plant's
    // truth.json keeps its bytes.
    if (truth.scrap_model == ScrapModel::direct) {
        j["scrap_model"] = scrap_model_name(truth.scrap_model);
        j["direct_scrap"] = direct_scrap_json(truth.direct_scrap);
        j.erase("defect_window_form");
        j["defect"]["formula"] =
            "not used: scrap_model is direct (see direct_scrap.formula); b_humidity_per_pct "
            "and b_wear_per_pct are shared with it";
    }
    return j;
}

PlantTruth truth_from_json(const nlohmann::json& json) {
    PlantTruth t;
    for (const auto& f : double_fields) {
        t.*(f.member) = number_at(json, f.group, f.key);
    }
    for (const auto& f : int_fields) {
        const double v = number_at(json, f.group, f.key);
        t.*(f.member) = static_cast<int>(v);
    }
    const auto& weekdays = member_of(member_of(json, "tariff", ""), "peak_weekdays_only", "tariff");
    if (!weekdays.is_boolean()) {
        bad_truth("'tariff.peak_weekdays_only' is not a boolean");
    }
    t.tariff_peak_weekdays_only = weekdays.get<bool>();
    const auto& grades = member_of(json, "grades", "");
    for (int g = 0; g < material_grade_count; ++g) {
        const std::string letter(1, material_grade_letter(g));
        const auto& gj = member_of(grades, letter, "grades");
        auto& gt = t.grades[static_cast<std::size_t>(g)];
        const std::string path = "grades." + letter;
        const auto& tau = member_of(gj, "part_heating_tau_min", path);
        const auto& off = member_of(gj, "defect_logit_offset", path);
        if (!tau.is_number() || !off.is_number()) {
            bad_truth("'" + path + "' values must be numbers");
        }
        gt.part_heating_tau_min = tau.get<double>();
        gt.defect_logit_offset = off.get<double>();
    }
    const auto& zone = member_of(json, "time_zone", "");
    if (!zone.is_string()) {
        bad_truth("'time_zone' is not a string");
    }
    t.time_zone = zone.get<std::string>();
    // Absent in files written before the variants: the core-window law.
    if (const auto it = json.find("scrap_model"); it != json.end()) {
        const auto model = it->is_string() ? scrap_model_from_name(it->get<std::string>())
                                           : std::nullopt;
        if (!model) {
            bad_truth("'scrap_model' must be \"core_window\" or \"direct\"");
        }
        t.scrap_model = *model;
        if (t.scrap_model == ScrapModel::direct) {
            t.direct_scrap = direct_scrap_from_json(json);
        }
    }
    return t;
}

}  // namespace twinbench
