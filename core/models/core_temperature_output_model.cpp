// The core-temperature soft sensor of the furnace template behind the typed interface.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/missing_value.h"
#include "models/furnace_output_models.h"
#include "models/model_json.h"
#include "models/stored_fit_json.h"

namespace twinbench {
namespace {

// A point of the check-interval curve, in the fit JSON's keys.
CheckIntervalPoint check_interval_point_from_json(const nlohmann::json& p) {
    using stored_fit::number_or;
    CheckIntervalPoint out;
    out.interval_h = number_or(p, "interval_h", nan);
    out.checks_used = p.value("checks_used", std::size_t{0});
    out.rmse_degC = number_or(p, "rmse", nan);
    out.p95_abs_error_degC = number_or(p, "p95_abs_error", nan);
    out.check_sd_degC = number_or(p, "check_sd", nan);
    out.estimate_rmse_degC = number_or(p, "estimate_rmse", nan);
    out.estimate_p95_abs_error_degC = number_or(p, "estimate_p95_abs_error", nan);
    out.meets_tolerance = p.value("meets_tolerance", false);
    return out;
}

}  // namespace

SoftSensorChecks soft_sensor_checks_from_json(const nlohmann::json& sensor) {
    using stored_fit::number_or;
    using stored_fit::string_or;
    SoftSensorChecks out;
    out.checks_used = sensor.value("checks_used", std::size_t{0});
    out.check_sd_degC = number_or(sensor, "check_sd", nan);
    const auto curve = sensor.find("check_interval_curve");
    if (curve == sensor.end() || !curve->is_object()) return out;
    out.curve.tolerance_degC = number_or(*curve, "tolerance", nan);
    out.curve.reference = string_or(*curve, "reference");
    out.curve_skipped = string_or(*curve, "skipped");
    if (const auto points = curve->find("points"); points != curve->end() && points->is_array())
        for (const auto& p : *points)
            if (p.is_object()) out.curve.points.push_back(check_interval_point_from_json(p));
    return out;
}

void write_soft_sensor_checks(const SoftSensorChecks& checks, nlohmann::json& sensor) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : checks.curve.points)
        points.push_back({{"interval_h", json_number(p.interval_h)},
                          {"checks_used", p.checks_used},
                          {"rmse", json_number(p.rmse_degC)},
                          {"p95_abs_error", json_number(p.p95_abs_error_degC)},
                          {"check_sd", json_number(p.check_sd_degC)},
                          {"estimate_rmse", json_number(p.estimate_rmse_degC)},
                          {"estimate_p95_abs_error", json_number(p.estimate_p95_abs_error_degC)},
                          {"meets_tolerance", p.meets_tolerance}});
    sensor["checks_used"] = checks.checks_used;
    sensor["check_sd"] = json_number(checks.check_sd_degC);
    sensor["check_interval_curve"] = {{"tolerance", json_number(checks.curve.tolerance_degC)},
                                      {"reference", checks.curve.reference},
                                      {"points", points}};
    if (!checks.curve_skipped.empty()) sensor["check_interval_curve"]["skipped"] = checks.curve_skipped;
}

std::vector<int> furnace_grade_per_step(const SignalFrame& frame, const std::string& material,
                                        const std::vector<std::string>& labels, std::size_t n, int unknown) {
    std::vector<int> out(n, unknown);
    const FrameSignal* s = material.empty() ? nullptr : frame.find(material);
    if (s == nullptr) return out;
    std::vector<int> by_code(s->levels.size(), unknown);
    for (std::size_t c = 0; c < s->levels.size(); ++c) {
        const auto it = std::find(labels.begin(), labels.end(), s->levels[c]);
        if (it != labels.end()) by_code[c] = static_cast<int>(it - labels.begin());
    }
    for (std::size_t k = 0; k < n; ++k) {
        const double code = s->values[k];
        if (code >= 0.0 && code < static_cast<double>(by_code.size())) out[k] = by_code[static_cast<std::size_t>(code)];
    }
    return out;
}

CoreTemperatureOutputModel::CoreTemperatureOutputModel(CoreTwin core, FurnaceColumns columns, SoftSensorChecks checks)
    : core_(std::move(core)), columns_(std::move(columns)), checks_(std::move(checks)) {
    output_ = std::string(core_temperature_signal_name);
    unit_ = "°C";
    output_kind_ = OutputKind::continuous;
    const auto p = static_cast<Eigen::Index>(core_.theta_min_per_m.size());
    covariance_ = Eigen::MatrixXd::Zero(p, p);
    for (Eigen::Index g = 0; g < p; ++g) {
        const double se = core_.theta_std_error[static_cast<std::size_t>(g)];
        covariance_(g, g) = se > 0.0 ? se * se : 0.0;
    }
    factor_covariance();
}

std::unique_ptr<OutputModel> CoreTemperatureOutputModel::clone() const {
    return std::make_unique<CoreTemperatureOutputModel>(*this);
}

std::vector<std::string> CoreTemperatureOutputModel::inputs() const {
    std::vector<std::string> out = {columns_.furnace, columns_.ambient, columns_.speed};
    if (!columns_.material.empty()) out.push_back(columns_.material);
    return out;
}

std::vector<ModelTerm> CoreTemperatureOutputModel::terms() const {
    std::vector<ModelTerm> out;
    for (std::size_t g = 0; g < core_.grade_labels.size(); ++g)
        out.push_back({"Heating constant (grade " + core_.grade_labels[g] + ")", "min per m of furnace",
                       core_.theta_min_per_m[g], core_.theta_std_error[g]});
    return out;
}

Eigen::VectorXd CoreTemperatureOutputModel::parameters() const {
    return Eigen::Map<const Eigen::VectorXd>(core_.theta_min_per_m.data(),
                                             static_cast<Eigen::Index>(core_.theta_min_per_m.size()));
}

void CoreTemperatureOutputModel::set_parameters(const Eigen::VectorXd& p) { write_parameters(p, core_); }

void CoreTemperatureOutputModel::write_parameters(const Eigen::VectorXd& p, CoreTwin& part) const {
    if (p.size() != static_cast<Eigen::Index>(core_.theta_min_per_m.size()) ||
        part.theta_min_per_m.size() != core_.theta_min_per_m.size())
        throw std::invalid_argument("core temperature soft sensor: wrong number of parameters");
    // A heating constant stays positive (a draw in the tail of a wide standard error).
    for (Eigen::Index g = 0; g < p.size(); ++g) part.theta_min_per_m[static_cast<std::size_t>(g)] = std::max(p(g), 1e-6);
}

void CoreTemperatureOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    const std::size_t n = std::min(out.size(), frame.steps());
    const auto& furnace = frame.at(columns_.furnace).values;
    const auto& ambient = frame.at(columns_.ambient).values;
    const auto& speed = frame.at(columns_.speed).values;
    // The simulator's rule: a step of an unknown grade heats like the first grade.
    const auto grade = furnace_grade_per_step(frame, columns_.material, core_.grade_labels, n, 0);
    const double unknown_theta = core_.theta_min_per_m.empty() ? 0.0 : core_.theta_min_per_m.front();
    for (std::size_t k = 0; k < n; ++k) {
        if (!std::isfinite(furnace[k]) || !std::isfinite(ambient[k]) || !std::isfinite(speed[k])) {
            out[k] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        const auto g = static_cast<std::size_t>(grade[k]);
        const double theta = g < core_.theta_min_per_m.size() ? core_.theta_min_per_m[g] : unknown_theta;
        const double exit_factor = speed[k] > 0.0 && theta > 0.0 ? std::exp(-1.0 / (theta * speed[k])) : 1.0;
        out[k] = furnace[k] - (furnace[k] - ambient[k]) * exit_factor + core_.bias_degC;
    }
}

void CoreTemperatureOutputModel::write_json(nlohmann::json& out) const {
    out["soft_sensor"] = {{"grade_labels", core_.grade_labels},
                          {"theta_min_per_m", core_.theta_min_per_m},
                          {"theta_std_error", core_.theta_std_error},
                          {"bias_degC", core_.bias_degC},
                          {"bias_q_degC2_per_h", core_.bias_q_degC2_per_h},
                          {"check_interval_h", core_.check_interval_h},
                          {"check_interval_rmse_degC", core_.check_interval_rmse_degC},
                          {"check_noise_sd_degC", core_.check_noise_sd_degC}};
    write_soft_sensor_checks(checks_, out["soft_sensor"]);
    out["columns"] = twinbench::to_json(columns_);
}

std::unique_ptr<CoreTemperatureOutputModel> CoreTemperatureOutputModel::from_json(const nlohmann::json& json) {
    const auto& s = json.at("soft_sensor");
    CoreTwin core;
    core.grade_labels = s.at("grade_labels").get<std::vector<std::string>>();
    core.theta_min_per_m = s.at("theta_min_per_m").get<std::vector<double>>();
    core.theta_std_error = s.at("theta_std_error").get<std::vector<double>>();
    if (core.theta_min_per_m.size() != core.grade_labels.size() || core.theta_std_error.size() != core.grade_labels.size())
        throw nlohmann::json::other_error::create(501, "heating constants and grades differ in number", nullptr);
    core.bias_degC = s.at("bias_degC").get<double>();
    core.bias_q_degC2_per_h = s.at("bias_q_degC2_per_h").get<double>();
    core.check_interval_h = s.at("check_interval_h").get<std::vector<double>>();
    core.check_interval_rmse_degC = s.at("check_interval_rmse_degC").get<std::vector<double>>();
    core.check_noise_sd_degC = s.at("check_noise_sd_degC").get<double>();
    core.available = !core.grade_labels.empty();
    auto model = std::make_unique<CoreTemperatureOutputModel>(std::move(core), furnace_columns_from_json(json.at("columns")),
                                                              soft_sensor_checks_from_json(s));
    model->read_common_json(json);
    return model;
}

}  // namespace twinbench
