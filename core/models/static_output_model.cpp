#include "models/static_output_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/vector_logistic.h"

namespace twinbench {

StaticOutputModel::StaticOutputModel(Spec spec)
    : regressors_(std::move(spec.regressors)),
      coefficients_(std::move(spec.coefficients)),
      input_units_(std::move(spec.input_units)),
      step_min_(spec.step_min),
      smearing_(spec.smearing) {
    log_offset_ = spec.kind == OutputKind::continuous ? spec.log_offset : std::numeric_limits<double>::quiet_NaN();
    output_ = std::move(spec.output);
    unit_ = std::move(spec.unit);
    output_kind_ = spec.kind;
    total_signal_ = std::move(spec.total_signal);
    covariance_ = std::move(spec.covariance);
    noise_sd_ = spec.noise_sd;
    noise_ar1_ = spec.noise_ar1;
    never_negative_ = spec.kind == OutputKind::continuous && spec.never_negative;
    factor_covariance();
}

std::string StaticOutputModel::kind() const {
    switch (output_kind_) {
        case OutputKind::continuous: return "static_regression";
        case OutputKind::binary: return "logistic";
        case OutputKind::count: return "binomial";
    }
    return "static_regression";
}

std::vector<std::string> StaticOutputModel::inputs() const {
    std::vector<std::string> out;
    const auto add = [&](const std::string& s) {
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const auto& r : regressors_) {
        add(r.signal);
        add(r.signal2);
    }
    add(total_signal_);
    return out;
}

std::vector<ModelTerm> StaticOutputModel::terms() const {
    std::vector<ModelTerm> out;
    const auto unit_of = [&](const std::string& s) {
        const auto it = input_units_.find(s);
        return it == input_units_.end() ? std::string() : it->second;
    };
    // A logistic coefficient moves the log-odds, a multiplicative one the output's log,
    // not the output.
    const std::string effect_unit = output_kind_ != OutputKind::continuous ? "log-odds" : log_scale() ? "ln" : unit_;
    for (std::size_t j = 0; j < regressors_.size(); ++j) {
        const auto& r = regressors_[j];
        const auto i = static_cast<Eigen::Index>(j);
        const double var = covariance_.rows() > i ? covariance_(i, i) : 0.0;
        out.push_back({r.name(), r.coefficient_unit(effect_unit, unit_of(r.signal), unit_of(r.signal2)),
                       coefficients_(i), std::sqrt(std::max(0.0, var))});
    }
    return out;
}

void StaticOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    simulate(frame, out, BoundDesign::BeforeStart::missing);
}

void StaticOutputModel::simulate_from_window_start(const SignalFrame& frame, std::span<double> out) const {
    simulate(frame, out, BoundDesign::BeforeStart::hold_first);
}

void StaticOutputModel::simulate(const SignalFrame& frame, std::span<double> out,
                                 BoundDesign::BeforeStart before_start) const {
    const double lag_scale = step_min_ > 0.0 && frame.step_min > 0.0 ? step_min_ / frame.step_min : 1.0;
    const BoundDesign design(regressors_, frame, lag_scale, before_start);
    const std::size_t n = std::min(out.size(), frame.steps());
    const std::span<double> eta = out.first(n);
    std::fill(eta.begin(), eta.end(), 0.0);
    for (std::size_t j = 0; j < design.size(); ++j)
        design.accumulate(j, coefficients_(static_cast<Eigen::Index>(j)), eta);
    if (output_kind_ == OutputKind::continuous) {
        // `y < 0 ? 0 : y`, not std::max: a step with a missing input stays NaN.
        if (log_scale()) {
            for (double& v : eta) {
                const double y = std::exp(v) * smearing_ - log_offset_;
                v = y < 0.0 ? 0.0 : y;
            }
        } else if (never_negative_) {
            for (double& v : eta) v = v < 0.0 ? 0.0 : v;
        }
        return;
    }
    vector_logistic(eta.data(), eta.data(), n);
    if (output_kind_ == OutputKind::count) {
        const double* total = frame.at(total_signal_).values.data();
        for (std::size_t k = 0; k < n; ++k) eta[k] *= total[k];
    }
}

void StaticOutputModel::write_json(nlohmann::json& out) const {
    nlohmann::json regs = nlohmann::json::array();
    for (const auto& r : regressors_) regs.push_back(twinbench::to_json(r));
    out["regressors"] = regs;
    out["coefficients"] = std::vector<double>(coefficients_.data(), coefficients_.data() + coefficients_.size());
    out["input_units"] = input_units_;
    out["step_min"] = step_min_;
    if (log_scale()) out["log_scale"] = {{"offset", log_offset_}, {"smearing", smearing_}};
}

std::unique_ptr<StaticOutputModel> StaticOutputModel::from_json(const nlohmann::json& json) {
    Spec spec;
    for (const auto& r : json.at("regressors")) spec.regressors.push_back(regressor_from_json(r));
    const auto coefficients = json.at("coefficients").get<std::vector<double>>();
    if (coefficients.size() != spec.regressors.size())
        throw nlohmann::json::other_error::create(501, "coefficients and regressors differ in number", nullptr);
    spec.coefficients = Eigen::Map<const Eigen::VectorXd>(coefficients.data(), static_cast<Eigen::Index>(coefficients.size()));
    spec.input_units = json.value("input_units", std::map<std::string, std::string>{});
    spec.step_min = json.value("step_min", 0.0);
    if (const auto it = json.find("log_scale"); it != json.end()) {
        spec.log_offset = it->at("offset").get<double>();
        spec.smearing = it->at("smearing").get<double>();
        if (!std::isfinite(spec.log_offset) || spec.log_offset < 0.0 || !(spec.smearing > 0.0))
            throw nlohmann::json::other_error::create(501, "log_scale offset or smearing out of range", nullptr);
    }
    auto model = std::make_unique<StaticOutputModel>(std::move(spec));
    model->read_common_json(json);
    return model;
}

}  // namespace twinbench
