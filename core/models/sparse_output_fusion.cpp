#include "models/sparse_output_fusion.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "data/robust_stats.h"

namespace twinbench {
namespace {

struct Kalman {
    std::vector<double> filtered, filtered_var, predicted, predicted_var;
    double log_likelihood = 0.0;
};

Kalman run_filter(const std::vector<double>& t, const std::vector<double>& e, double q, double r, double prior_var) {
    Kalman k;
    const std::size_t n = e.size();
    k.filtered.resize(n);
    k.filtered_var.resize(n);
    k.predicted.resize(n);
    k.predicted_var.resize(n);
    double b = 0.0, p = prior_var;
    for (std::size_t j = 0; j < n; ++j) {
        if (j > 0) p += q * std::max(0.0, t[j] - t[j - 1]);
        k.predicted[j] = b;
        k.predicted_var[j] = p;
        const double s = p + r;
        const double innovation = e[j] - b;
        k.log_likelihood -= 0.5 * (std::log(2.0 * std::numbers::pi * s) + innovation * innovation / s);
        const double gain = p / s;
        b += gain * innovation;
        p *= 1.0 - gain;
        k.filtered[j] = b;
        k.filtered_var[j] = p;
    }
    return k;
}

}  // namespace

SparseFusion fuse_sparse_output(const std::vector<double>& time_h, const std::vector<double>& prediction,
                                const std::vector<double>& measured) {
    SparseFusion out;
    const std::size_t n = prediction.size();
    out.estimate = prediction;
    out.estimate_sd.assign(n, 0.0);
    std::vector<std::size_t> at;
    std::vector<double> t, e;
    for (std::size_t k = 0; k < n; ++k)
        if (std::isfinite(measured[k]) && std::isfinite(prediction[k])) {
            at.push_back(k);
            t.push_back(time_h[k]);
            e.push_back(measured[k] - prediction[k]);
        }
    out.measurements = at.size();
    if (at.size() < 3) return out;
    std::vector<double> gaps;
    for (std::size_t j = 1; j < t.size(); ++j) gaps.push_back(t[j] - t[j - 1]);
    out.interval_h = median(gaps);
    const double var = std::max(stddev(e) * stddev(e), 1e-300);
    const double interval = std::max(out.interval_h, 1e-9);
    double best_ll = -std::numeric_limits<double>::infinity(), best_q = 0.0, best_r = var;
    for (const double rf : {0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85, 1.0})
        for (const double qf : {0.0, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0}) {
            const double r = rf * var, q = qf * var / interval;
            const double ll = run_filter(t, e, q, r, var).log_likelihood;
            if (ll > best_ll) {
                best_ll = ll;
                best_q = q;
                best_r = r;
            }
        }
    out.walk_var_per_h = best_q;
    out.measurement_sd = std::sqrt(best_r);
    const Kalman k = run_filter(t, e, best_q, best_r, var);
    // Rauch-Tung-Striebel backwards over the measurement times.
    const std::size_t m = t.size();
    std::vector<double> smooth(k.filtered), smooth_var(k.filtered_var);
    for (std::size_t j = m - 1; j-- > 0;) {
        const double c = k.predicted_var[j + 1] > 0.0 ? k.filtered_var[j] / k.predicted_var[j + 1] : 0.0;
        smooth[j] = k.filtered[j] + c * (smooth[j + 1] - k.predicted[j + 1]);
        smooth_var[j] = k.filtered_var[j] + c * c * (smooth_var[j + 1] - k.predicted_var[j + 1]);
    }
    out.latest_bias = k.filtered[m - 1];
    std::size_t j = 0;
    for (std::size_t step = 0; step < n; ++step) {
        while (j + 1 < m && at[j + 1] <= step) ++j;
        double b = 0.0, v = 0.0;
        if (step <= at.front()) {
            b = smooth.front();
            v = smooth_var.front() + best_q * std::max(0.0, t.front() - time_h[step]);
        } else if (step >= at.back()) {
            b = k.filtered.back();
            v = k.filtered_var.back() + best_q * std::max(0.0, time_h[step] - t.back());
        } else {
            const double span = t[j + 1] - t[j];
            const double w = span > 0.0 ? (time_h[step] - t[j]) / span : 0.0;
            b = (1.0 - w) * smooth[j] + w * smooth[j + 1];
            v = (1.0 - w) * smooth_var[j] + w * smooth_var[j + 1] + best_q * span * w * (1.0 - w);
        }
        if (std::isfinite(out.estimate[step])) out.estimate[step] += b;
        out.estimate_sd[step] = std::sqrt(std::max(0.0, v));
    }
    return out;
}

}  // namespace twinbench
