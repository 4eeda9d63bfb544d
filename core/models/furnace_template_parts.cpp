#include "models/furnace_template_parts.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "common/error.h"
#include "models/stored_fit_json.h"

namespace twinbench {
namespace {

using stored_fit::matrix;
using stored_fit::number_or;
using stored_fit::string_or;
using stored_fit::term;

DefectTwin direct_defect_from(const nlohmann::json& m, CoreTwin& core) {
    DefectTwin d;
    d.direct = output_model_from_json(m.at("generic_model"));
    const auto& columns = m.at("columns");
    d.furnace_column = string_or(columns, "furnace_temp");
    d.speed_column = string_or(columns, "speed");
    d.humidity_column = string_or(columns, "humidity");
    d.wear_column = string_or(columns, "wear");
    d.material_column = string_or(columns, "material");
    d.ambient_column = string_or(columns, "ambient_temp");
    if (const auto proxy = m.find("core_proxy"); proxy != m.end() && (*proxy)["theta_min_per_m"].is_number())
        d.proxy_heating = part_heating_from_json(*proxy);
    if (const auto reading = m.find("furnace_reading"); reading != m.end())
        d.furnace_reading = furnace_reading_choice_from_json(*reading);
    // The grades index the material levels as the fit saw them (no soft sensor to name them).
    if (core.grade_labels.empty())
        core.grade_labels = m.value("material_levels", std::vector<std::string>{});
    d.available = true;
    return d;
}

}  // namespace

FurnaceTwin furnace_twin_from_fit_json(const nlohmann::json& m) {
    FurnaceTwin f;
    f.tau_min = term(m, "temperature", "tau");
    f.setpoint_gain = term(m, "temperature", "setpoint_gain");
    f.load_sensitivity_degC_per_part_per_min = term(m, "temperature", "load_sensitivity");
    f.ambient_sensitivity = term(m, "temperature", "ambient_sensitivity");
    f.offset_degC = term(m, "temperature", "offset");
    const auto order_it = m.find("order");
    const int order =
        order_it != m.end() && order_it->is_number_integer() ? order_it->get<int>() : 1;
    if (order == 2) f.tau2_min = term(m, "temperature", "tau2");
    if (const auto it = m.find("covariance"); it != m.end())
        f.covariance = matrix(*it, order == 2 ? 6 : 5);
    if (!(f.tau_min > 0.0) || (order == 2 && !(f.tau2_min > 0.0)))
        throw ModelError(
            "the stored temperature model has no positive time constant; run `fit` again");
    return f;
}

CoreTwin core_twin_from_fit_json(const nlohmann::json& temperature) {
    CoreTwin c;
    const auto it = temperature.find("soft_sensor");
    if (it == temperature.end() || !it->contains("terms")) return c;
    const auto& s = *it;
    const std::string prefix = "tau_over_length[";
    for (const auto& t : s.at("terms")) {
        const std::string name = t.value("name", "");
        if (name.rfind(prefix, 0) != 0 || name.back() != ']' || !t.at("estimate").is_number())
            continue;
        c.grade_labels.push_back(name.substr(prefix.size(), name.size() - prefix.size() - 1));
        c.theta_min_per_m.push_back(t.at("estimate").get<double>());
        c.theta_std_error.push_back(t.at("std_error").is_number() ? t.at("std_error").get<double>()
                                                                  : 0.0);
    }
    c.bias_degC = number_or(s, "bias_latest", 0.0);
    c.bias_q_degC2_per_h = number_or(s, "bias_q_degC2_per_h", 0.0);
    if (const auto curve = s.find("check_interval_curve");
        curve != s.end() && curve->contains("points")) {
        for (const auto& p : curve->at("points")) {
            if (!p.at("rmse").is_number()) continue;
            c.check_interval_h.push_back(p.at("interval_h").get<double>());
            c.check_interval_rmse_degC.push_back(p.at("rmse").get<double>());
        }
        // Scored against the checks left out, the curve's errors include the checks' own
        // noise; the estimate's error is what remains.
        if (curve->value("reference", "") == "held-out checks")
            c.check_noise_sd_degC = number_or(s, "check_sd", 0.0);
    }
    // No curve (too few checks to leave some out): the checks' own spread is the noise of
    // one check, what the twin alongside weighs a check by.
    if (c.check_interval_h.empty()) c.check_noise_sd_degC = number_or(s, "check_sd", 0.0);
    c.available = !c.grade_labels.empty();
    return c;
}

DefectTwin defect_twin_from_fit_json(const nlohmann::json& m, CoreTwin& core,
                       const nlohmann::json& throughput) {
    DefectTwin d;
    if (m.contains("generic_model")) return direct_defect_from(m, core);
    if (!m.contains("design") || string_or(m, "core_temperature_source").empty()) return d;
    const auto& design = m.at("design");
    const auto& terms = m.at("terms");
    if (design.size() != terms.size())
        throw ModelError("the stored defect model is inconsistent; run `fit` again");
    // The process columns of the design: humidity, wear and speed are matched by the
    // columns the other models name; anything else numeric is a replayed factor.
    const auto columns = throughput.value("columns", nlohmann::json::object());
    const std::string speed_column = string_or(columns, "speed");
    const std::string wear_column = string_or(columns, "wear");
    for (std::size_t i = 0; i < design.size(); ++i) {
        DefectTwin::Term t;
        t.name = design[i].value("name", "");
        t.coefficient =
            terms[i].at("estimate").is_number() ? terms[i].at("estimate").get<double>() : NAN;
        const std::string kind = design[i].value("kind", "");
        const std::string column = design[i].value("column", "");
        if (kind == "intercept") {
            t.input = DefectTwin::Input::intercept;
        } else if (kind == "squared") {
            if (column != "core_temp")
                throw ModelError("defect model: only the core temperature may be squared");
            t.input = DefectTwin::Input::core_squared;
        } else if (kind == "level") {
            t.input = DefectTwin::Input::grade;
            t.grade = core.grade_index(design[i].value("level", ""));
            if (t.grade < 0)
                throw ModelError(fmt::format(
                    "defect model: grade '{}' has no soft-sensor time constant; run `fit` again",
                    design[i].value("level", "")));
        } else if (column == "core_temp") {
            t.input = DefectTwin::Input::core;
        } else if (column == speed_column) {
            t.input = DefectTwin::Input::speed;
        } else if (!wear_column.empty() && column == wear_column) {
            t.input = DefectTwin::Input::wear;
        } else {
            t.input = DefectTwin::Input::factor;
            t.factor = static_cast<int>(d.factor_columns.size());
            d.factor_columns.push_back(column);
        }
        if (!std::isfinite(t.coefficient))
            throw ModelError(fmt::format("defect model: term '{}' is not finite", t.name));
        d.terms.push_back(std::move(t));
    }
    if (const auto it = m.find("covariance"); it != m.end())
        d.covariance = matrix(*it, static_cast<Eigen::Index>(d.terms.size()));
    if (const auto it = m.find("core_temperature_optimum"); it != m.end()) {
        d.core_optimum_degC = number_or(*it, "estimate", NAN);
        d.core_optimum_std_error_degC = number_or(*it, "std_error", NAN);
    }
    if (const std::string source = string_or(m, "core_temperature_source"); source != "soft sensor")
        d.core_temperature_column = source;
    d.core_temperature_lag_min = number_or(m, "core_temperature_lag_min", 0.0);
    d.available = true;
    return d;
}

EnergyTwin energy_twin_from_fit_json(const nlohmann::json& m) {
    EnergyTwin e;
    if (m.value("kind", "") != "physics_regression") return e;
    e.parts_kwh_per_part_K = term(m, "energy", "parts");
    e.loss_kw_per_K = term(m, "energy", "loss");
    e.parts_over_core = string_or(m, "parts_temperature") == "core";
    if (string_or(m, "parts_temperature") == "core_physics") {
        e.parts_over_physics = true;
        e.parts_heating = part_heating_from_json(m.at("core_physics"));
    }
    for (const auto& t : m.at("terms")) {
        const std::string name = t.value("name", "");
        if (name == "base") {
            e.base_levels.emplace_back();
        } else if (name.rfind("base[", 0) == 0 && name.back() == ']') {
            e.base_levels.push_back(name.substr(5, name.size() - 6));
        } else {
            continue;
        }
        e.base_kw.push_back(t.at("estimate").get<double>());
    }
    if (const auto it = m.find("covariance"); it != m.end() && it->size() == m.at("terms").size())
        e.covariance = matrix(*it, static_cast<Eigen::Index>(it->size()));
    e.available = !e.base_kw.empty();
    return e;
}

double CoreTwin::soft_sensor_error_degC(double h) const {
    const auto& x = check_interval_h;
    const auto& y = check_interval_rmse_degC;
    if (x.empty() || x.size() != y.size() || !std::isfinite(h)) return 0.0;
    const auto curve = [&] {
        if (h <= x.front()) return y.front();
        for (std::size_t i = 1; i < x.size(); ++i)
            if (h <= x[i]) return y[i - 1] + (y[i] - y[i - 1]) * (h - x[i - 1]) / (x[i] - x[i - 1]);
        if (x.size() < 2) return y.back();
        const std::size_t n = x.size();
        const double slope = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
        return y.back() + std::max(slope, 0.0) * (h - x.back());
    }();
    const double noise = std::isfinite(check_noise_sd_degC) ? check_noise_sd_degC : 0.0;
    return std::sqrt(std::max(curve * curve - noise * noise, 0.0));
}

int CoreTwin::grade_index(const std::string& label) const {
    const auto it = std::find(grade_labels.begin(), grade_labels.end(), label);
    return it == grade_labels.end() ? -1 : static_cast<int>(it - grade_labels.begin());
}

double EnergyTwin::base_kw_for(const std::string& label) const {
    for (std::size_t i = 0; i < base_levels.size(); ++i)
        if (base_levels[i] == label || base_levels[i].empty()) return base_kw[i];
    return base_kw.empty() ? 0.0
                           : std::accumulate(base_kw.begin(), base_kw.end(), 0.0) /
                                 static_cast<double>(base_kw.size());
}

ThroughputTwin throughput_twin_from_fit_json(const nlohmann::json& m) {
    ThroughputTwin t;
    t.pitch_m = term(m, "throughput", "pitch");
    t.pitch_se_m = stored_fit::term_se(m, "pitch");
    if (!(t.pitch_m > 0.0))
        throw ModelError("the stored throughput model has no positive part pitch; run `fit` again");
    t.has_wear = m.value("has_wear", false);
    if (t.has_wear) {
        t.wear_w0_pct_per_min = term(m, "throughput", "wear_rate_ref");
        t.wear_w0_se = stored_fit::term_se(m, "wear_rate_ref");
        t.wear_alpha = term(m, "throughput", "wear_speed_exponent");
        t.wear_alpha_se = stored_fit::term_se(m, "wear_speed_exponent");
        t.speed_ref_m_per_min = term(m, "throughput", "speed_ref");
        t.wear_limit_pct = term(m, "throughput", "wear_limit");
        t.wear_limit_se = stored_fit::term_se(m, "wear_limit");
        t.wear_after_pct = term(m, "throughput", "wear_after_maintenance");
    }
    t.maintenance_min = term(m, "throughput", "maintenance_duration");
    t.maintenance_se_min = stored_fit::term_se(m, "maintenance_duration");
    t.running_min_per_maintenance = number_or(m, "running_min_per_maintenance", 0.0);
    return t;
}

double ThroughputTwin::wear_rate_pct_per_min(double speed_m_per_min) const {
    if (!has_wear || speed_m_per_min <= 0.0) return 0.0;
    return wear_w0_pct_per_min * std::pow(speed_m_per_min / speed_ref_m_per_min, wear_alpha);
}

}  // namespace twinbench
