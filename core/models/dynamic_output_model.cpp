#include "models/dynamic_output_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/missing_value.h"

namespace twinbench {
namespace {

std::size_t delay_steps_of(double delay_min, double step_min) {
    if (!(step_min > 0.0) || !(delay_min > 0.0)) return 0;
    return static_cast<std::size_t>(std::llround(delay_min / step_min));
}

}  // namespace

void first_order_path(const double* input, std::size_t steps, double step_min, double tau_min, std::size_t delay_steps,
                      double mean, double* out) {
    // The first finite input value: the state starts at rest there (and before it).
    double held = nan;
    for (std::size_t k = 0; k < steps && std::isnan(held); ++k)
        if (std::isfinite(input[k])) held = input[k];
    if (std::isnan(held)) {
        std::fill(out, out + steps, nan);
        return;
    }
    const double a = tau_min > 0.0 && step_min > 0.0 ? std::exp(-step_min / tau_min) : 0.0;
    double x = held - mean;
    double first = held;
    for (std::size_t k = 0; k < steps; ++k) {
        const double u = k >= delay_steps ? input[k - delay_steps] : first;
        if (std::isfinite(u)) held = u;
        x = a * x + (1.0 - a) * (held - mean);
        out[k] = x;
    }
}

DynamicOutputModel::DynamicOutputModel(Spec spec)
    : offset_(spec.offset),
      paths_(std::move(spec.paths)),
      static_regressors_(std::move(spec.static_regressors)),
      static_coefficients_(std::move(spec.static_coefficients)),
      output_tau_min_(spec.output_tau_min),
      input_units_(std::move(spec.input_units)) {
    output_ = std::move(spec.output);
    unit_ = std::move(spec.unit);
    output_kind_ = OutputKind::continuous;
    covariance_ = std::move(spec.covariance);
    noise_sd_ = spec.noise_sd;
    noise_ar1_ = spec.noise_ar1;
    factor_covariance();
    if (static_coefficients_.size() != static_cast<Eigen::Index>(static_regressors_.size()))
        static_coefficients_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(static_regressors_.size()));
}

std::vector<std::string> DynamicOutputModel::inputs() const {
    std::vector<std::string> out;
    const auto add = [&](const std::string& s) {
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const auto& p : paths_) add(p.signal);
    for (const auto& r : static_regressors_) {
        add(r.signal);
        add(r.signal2);
    }
    return out;
}

Eigen::VectorXd DynamicOutputModel::parameters() const {
    const auto m = static_cast<Eigen::Index>(paths_.size());
    const Eigen::Index q = static_coefficients_.size();
    Eigen::VectorXd p(1 + 2 * m + q + (second_order() ? 1 : 0));
    p(0) = offset_;
    for (Eigen::Index i = 0; i < m; ++i) {
        p(1 + i) = paths_[static_cast<std::size_t>(i)].gain;
        p(1 + m + i) = paths_[static_cast<std::size_t>(i)].tau_min;
    }
    p.segment(1 + 2 * m, q) = static_coefficients_;
    if (second_order()) p(p.size() - 1) = output_tau_min_;
    return p;
}

void DynamicOutputModel::set_parameters(const Eigen::VectorXd& p) {
    const auto m = static_cast<Eigen::Index>(paths_.size());
    const Eigen::Index q = static_coefficients_.size();
    offset_ = p(0);
    for (Eigen::Index i = 0; i < m; ++i) {
        paths_[static_cast<std::size_t>(i)].gain = p(1 + i);
        paths_[static_cast<std::size_t>(i)].tau_min = std::max(0.0, p(1 + m + i));
    }
    static_coefficients_ = p.segment(1 + 2 * m, q);
    // A drawn output lag may not fall to 0: that would silently change the model's order.
    if (second_order()) output_tau_min_ = std::max(1e-6, p(p.size() - 1));
}

std::vector<ModelTerm> DynamicOutputModel::terms() const {
    std::vector<ModelTerm> out;
    const Eigen::VectorXd p = parameters();
    const auto se = [&](Eigen::Index i) {
        return covariance_.rows() > i ? std::sqrt(std::max(0.0, covariance_(i, i))) : 0.0;
    };
    const auto m = static_cast<Eigen::Index>(paths_.size());
    out.push_back({"level at the mean inputs", unit_, offset_, se(0)});
    for (Eigen::Index i = 0; i < m; ++i) {
        const auto& path = paths_[static_cast<std::size_t>(i)];
        const std::string per = path.unit.empty() ? unit_ : unit_ + " per " + path.unit;
        out.push_back({"gain of " + path.signal, per, path.gain, se(1 + i)});
    }
    for (Eigen::Index i = 0; i < m; ++i) {
        const auto& path = paths_[static_cast<std::size_t>(i)];
        out.push_back({"time constant of " + path.signal, "min", path.tau_min, se(1 + m + i)});
    }
    for (std::size_t j = 0; j < static_regressors_.size(); ++j) {
        const auto& r = static_regressors_[j];
        const auto unit_of = [&](const std::string& s) {
            const auto it = input_units_.find(s);
            return it == input_units_.end() ? std::string() : it->second;
        };
        const auto i = 1 + 2 * m + static_cast<Eigen::Index>(j);
        out.push_back({r.name(), r.coefficient_unit(unit_, unit_of(r.signal), unit_of(r.signal2)),
                       static_coefficients_(static_cast<Eigen::Index>(j)), se(i)});
    }
    for (const auto& path : paths_)
        out.push_back({"dead time of " + path.signal, "min", path.delay_min, 0.0});
    if (second_order()) out.push_back({"output lag (second order)", "min", output_tau_min_, se(p.size() - 1)});
    return out;
}

void DynamicOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    const std::size_t n = std::min(out.size(), frame.steps());
    const double dt = frame.step_min > 0.0 ? frame.step_min : 1.0;
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), offset_);
    std::vector<double> x(n);
    for (const auto& path : paths_) {
        first_order_path(frame.at(path.signal).values.data(), n, dt, path.tau_min, delay_steps_of(path.delay_min, dt),
                         path.mean, x.data());
        for (std::size_t k = 0; k < n; ++k) out[k] += path.gain * x[k];
    }
    if (!static_regressors_.empty()) {
        const BoundDesign design(static_regressors_, frame);
        std::vector<double> r(design.size());
        for (std::size_t k = 0; k < n; ++k) {
            if (!design.row(k, r.data())) {
                out[k] = nan;
                continue;
            }
            for (std::size_t j = 0; j < r.size(); ++j) out[k] += static_coefficients_(static_cast<Eigen::Index>(j)) * r[j];
        }
    }
    if (second_order()) {
        // The lag acts on the deviation from the offset, starting at rest.
        const double a = std::exp(-dt / output_tau_min_);
        double w = nan;
        for (std::size_t k = 0; k < n; ++k) {
            const double v = out[k] - offset_;
            if (!std::isfinite(v)) continue;
            w = std::isnan(w) ? v : a * w + (1.0 - a) * v;
            out[k] = offset_ + w;
        }
    }
}

void DynamicOutputModel::write_json(nlohmann::json& out) const {
    nlohmann::json paths = nlohmann::json::array();
    for (const auto& p : paths_)
        paths.push_back({{"signal", p.signal},
                         {"unit", p.unit},
                         {"gain", p.gain},
                         {"tau_min", p.tau_min},
                         {"delay_min", p.delay_min},
                         {"mean", p.mean}});
    out["paths"] = paths;
    out["offset"] = offset_;
    nlohmann::json regs = nlohmann::json::array();
    for (const auto& r : static_regressors_) regs.push_back(twinbench::to_json(r));
    out["static_regressors"] = regs;
    out["static_coefficients"] =
        std::vector<double>(static_coefficients_.data(), static_coefficients_.data() + static_coefficients_.size());
    out["order"] = second_order() ? 2 : 1;
    out["output_tau_min"] = output_tau_min_;
    out["input_units"] = input_units_;
}

std::unique_ptr<DynamicOutputModel> DynamicOutputModel::from_json(const nlohmann::json& json) {
    Spec spec;
    spec.offset = json.at("offset").get<double>();
    for (const auto& p : json.at("paths"))
        spec.paths.push_back({p.at("signal").get<std::string>(), p.value("unit", ""), p.at("gain").get<double>(),
                              p.at("tau_min").get<double>(), p.value("delay_min", 0.0), p.value("mean", 0.0)});
    for (const auto& r : json.value("static_regressors", nlohmann::json::array()))
        spec.static_regressors.push_back(regressor_from_json(r));
    const auto coefficients = json.value("static_coefficients", std::vector<double>{});
    if (coefficients.size() != spec.static_regressors.size())
        throw nlohmann::json::other_error::create(501, "static coefficients and regressors differ in number", nullptr);
    spec.static_coefficients =
        Eigen::Map<const Eigen::VectorXd>(coefficients.data(), static_cast<Eigen::Index>(coefficients.size()));
    spec.output_tau_min = json.value("output_tau_min", 0.0);
    spec.input_units = json.value("input_units", std::map<std::string, std::string>{});
    auto model = std::make_unique<DynamicOutputModel>(std::move(spec));
    model->read_common_json(json);
    return model;
}

}  // namespace twinbench
