#include "models/holdout_metrics.h"

#include <algorithm>
#include <cmath>

namespace twinbench {

HoldoutMetrics continuous_holdout_metrics(std::span<const double> predicted, std::span<const double> actual,
                                          double train_mean) {
    HoldoutMetrics m;
    double n = 0.0, sum_actual = 0.0;
    for (std::size_t i = 0; i < predicted.size() && i < actual.size(); ++i)
        if (std::isfinite(predicted[i]) && std::isfinite(actual[i])) {
            n += 1.0;
            sum_actual += actual[i];
        }
    m.n_test = static_cast<std::size_t>(n);
    if (n < 1.0) return m;
    const double test_mean = sum_actual / n;
    double sse = 0.0, sae = 0.0, sst = 0.0, bias = 0.0, sse_mean = 0.0;
    for (std::size_t i = 0; i < predicted.size() && i < actual.size(); ++i) {
        if (!std::isfinite(predicted[i]) || !std::isfinite(actual[i])) continue;
        const double e = actual[i] - predicted[i];
        sse += e * e;
        sae += std::abs(e);
        bias += e;
        sst += (actual[i] - test_mean) * (actual[i] - test_mean);
        sse_mean += (actual[i] - train_mean) * (actual[i] - train_mean);
    }
    m.rmse = std::sqrt(sse / n);
    m.mae = sae / n;
    m.bias = bias / n;
    m.r2 = sst > 0.0 ? 1.0 - sse / sst : HoldoutMetrics::nan;
    m.mean_rmse = std::isfinite(train_mean) ? std::sqrt(sse_mean / n) : HoldoutMetrics::nan;
    return m;
}

double constant_rate_log_loss(double rate, std::span<const double> hits, std::span<const double> trials) {
    const double p = std::clamp(rate, 1e-12, 1.0 - 1e-12);
    double loss = 0.0, items = 0.0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const double m = trials.empty() ? 1.0 : trials[i];
        if (!std::isfinite(hits[i]) || !std::isfinite(m) || m <= 0.0) continue;
        loss -= hits[i] * std::log(p) + (m - hits[i]) * std::log1p(-p);
        items += m;
    }
    return items > 0.0 ? loss / items : HoldoutMetrics::nan;
}

}  // namespace twinbench
