#include "models/output_fit_support.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "models/defect_baseline.h"

namespace twinbench {
int lag_steps(const SignalFrame& frame, const OutputFitSpec& spec, const std::string& input) {
    const auto it = spec.delay_min.find(input);
    if (it == spec.delay_min.end() || !(it->second > 0.0) || !(frame.step_min > 0.0)) return 0;
    return static_cast<int>(std::llround(it->second / frame.step_min));
}

std::vector<std::string> levels_in(const FrameSignal& signal, const std::vector<std::size_t>& steps) {
    std::set<std::string> labels;
    for (const std::size_t k : steps) {
        const double code = signal.values[k];
        if (std::isfinite(code) && code >= 0.0 && code < static_cast<double>(signal.levels.size()))
            labels.insert(signal.levels[static_cast<std::size_t>(code)]);
    }
    return {labels.begin(), labels.end()};
}

std::pair<double, bool> mean_over(const FrameSignal& signal, const std::vector<std::size_t>& steps) {
    double sum = 0.0, n = 0.0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const std::size_t k : steps) {
        const double v = signal.values[k];
        if (!std::isfinite(v)) continue;
        sum += v;
        n += 1.0;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    return {n > 0.0 ? sum / n : nan, n > 1.0 && hi > lo};
}

std::map<std::string, std::string> input_units(const SignalFrame& frame, const OutputFitSpec& spec) {
    std::map<std::string, std::string> out;
    for (const auto& name : spec.inputs)
        if (const FrameSignal* s = frame.find(name)) out[name] = s->unit;
    return out;
}

double outcome_log_loss(const Eigen::VectorXd& p, const Eigen::VectorXd& hits, const Eigen::VectorXd& trials) {
    double loss = 0.0, items = 0.0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
        const double m = trials.size() ? trials(i) : 1.0;
        const double q = std::clamp(p(i), 1e-12, 1.0 - 1e-12);
        loss -= hits(i) * std::log(q) + (m - hits(i)) * std::log1p(-q);
        items += m;
    }
    return items > 0.0 ? loss / items : std::numeric_limits<double>::infinity();
}

void check_outcome_varies(const OutputFitSpec& spec, const Eigen::VectorXd& y_train, const Eigen::VectorXd& trials_train) {
    if (spec.kind == OutputKind::continuous) {
        if (y_train.size() > 1 && y_train.maxCoeff() > y_train.minCoeff()) return;
        throw ModelError(fmt::format("'{}' does not vary in the training rows: there is nothing to model", spec.output));
    }
    const double hits = y_train.sum();
    const double items = trials_train.size() ? trials_train.sum() : static_cast<double>(y_train.size());
    if (hits > 0.0 && hits < items) return;
    throw ModelError(fmt::format("'{}' is {} in every training row: a model of it needs both outcomes", spec.output,
                                 hits > 0.0 ? "always 1 (or the whole total)" : "always 0"));
}

ResidualNoise residual_noise(const Eigen::VectorXd& residuals, const std::vector<std::size_t>& steps) {
    ResidualNoise n;
    if (residuals.size() < 3) return n;
    const double mean = residuals.mean();
    n.sd = std::sqrt((residuals.array() - mean).square().sum() / static_cast<double>(residuals.size() - 1));
    double num = 0.0, den = 0.0;
    for (Eigen::Index i = 1; i < residuals.size(); ++i) {
        if (steps[static_cast<std::size_t>(i)] != steps[static_cast<std::size_t>(i - 1)] + 1) continue;
        num += (residuals(i) - mean) * (residuals(i - 1) - mean);
    }
    for (Eigen::Index i = 0; i < residuals.size(); ++i) den += (residuals(i) - mean) * (residuals(i) - mean);
    n.ar1 = den > 0.0 ? std::clamp(num / den, -0.99, 0.99) : 0.0;
    n.variance_inflation = std::clamp((1.0 + n.ar1) / (1.0 - n.ar1), 1.0, 100.0);
    return n;
}

HoldoutMetrics outcome_holdout_metrics(const Eigen::VectorXd& p_test, const Eigen::VectorXd& y_test,
                                       const Eigen::VectorXd& trials_test, const Eigen::VectorXd& y_train,
                                       const Eigen::VectorXd& trials_train) {
    HoldoutMetrics m;
    const DefectHoldout h = score_defect_holdout(p_test, y_test, trials_test);
    m.log_loss = h.log_loss;
    m.brier = h.brier;
    m.auc = h.auc;
    const double train_items = trials_train.size() ? trials_train.sum() : static_cast<double>(y_train.size());
    const double train_rate = train_items > 0.0 ? y_train.sum() / train_items : nan;
    const Eigen::VectorXd base = Eigen::VectorXd::Constant(p_test.size(), train_rate);
    m.base_rate_log_loss = outcome_log_loss(base, y_test, trials_test);
    const double test_items = trials_test.size() ? trials_test.sum() : static_cast<double>(y_test.size());
    const double predicted = trials_test.size() ? p_test.dot(trials_test) : p_test.sum();
    m.predicted_rate = test_items > 0.0 ? predicted / test_items : nan;
    m.observed_rate = test_items > 0.0 ? y_test.sum() / test_items : nan;
    return m;
}

HoldoutDiagnostics holdout_diagnostics(const SignalFrame& frame, const OutputFitSpec& spec,
                                       const std::vector<std::size_t>& steps, const Eigen::VectorXd& predicted,
                                       const Eigen::VectorXd& actual, const Eigen::VectorXd& trials) {
    HoldoutDiagnostics d;
    d.time_is_row = !frame.has_time();
    const auto position = [&](std::size_t i) {
        return frame.has_time() ? frame.time_s[steps[i]] : static_cast<double>(i);
    };
    if (spec.kind == OutputKind::continuous) {
        d.unit = spec.unit;
        for (std::size_t i = 0; i < steps.size(); ++i)
            d.add(position(i), predicted(static_cast<Eigen::Index>(i)), actual(static_cast<Eigen::Index>(i)));
        return d;
    }
    // Sums over windows: hourly with a time axis, 100 rows without.
    d.unit = spec.kind == OutputKind::count ? "count per window" : "items per window";
    const bool hourly = frame.has_time() && frame.step_min > 0.0 && frame.step_min < 60.0;
    std::size_t i = 0;
    while (i < steps.size()) {
        const double start = position(i);
        double p_sum = 0.0, a_sum = 0.0;
        std::size_t j = i;
        while (j < steps.size() && (hourly ? position(j) < start + 3600.0 : j < i + 100)) {
            const double m = trials.size() ? trials(static_cast<Eigen::Index>(j)) : 1.0;
            p_sum += predicted(static_cast<Eigen::Index>(j)) * m;
            a_sum += actual(static_cast<Eigen::Index>(j));
            ++j;
        }
        d.add(start, p_sum, a_sum);
        i = j;
    }
    return d;
}

std::vector<EnvelopeInput> input_envelope(const SignalFrame& frame, const std::vector<std::string>& inputs,
                                          const std::vector<std::size_t>& steps) {
    std::vector<EnvelopeInput> out;
    for (const auto& name : inputs) {
        const FrameSignal& s = frame.at(name);
        if (s.categorical()) continue;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const std::size_t k : steps)
            if (std::isfinite(s.values[k])) {
                lo = std::min(lo, s.values[k]);
                hi = std::max(hi, s.values[k]);
            }
        if (lo <= hi) out.push_back({name, name, s.unit, lo, hi});
    }
    return out;
}

void fill_time_range(const SignalFrame& frame, const std::vector<std::size_t>& train,
                     const std::vector<std::size_t>& test, FitReport& report) {
    if (!frame.has_time() || train.empty()) return;
    report.train_start_s = frame.time_s[train.front()];
    report.split_s = test.empty() ? frame.time_s[train.back()] : frame.time_s[test.front()];
    report.test_end_s = test.empty() ? frame.time_s[train.back()] : frame.time_s[test.back()];
}

}  // namespace twinbench
