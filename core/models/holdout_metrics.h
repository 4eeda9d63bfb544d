// How well a model predicts the rows it was not fitted on (the last 20 % in time): the
// figures every output model reports and its trust verdict is judged from.
#pragma once

#include <cstddef>
#include <limits>
#include <span>

namespace twinbench {

struct HoldoutMetrics {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::size_t n_train = 0, n_test = 0;
    // Continuous outputs (a free-run simulation for dynamic models).
    double rmse = nan, mae = nan;
    double r2 = nan;    // 1 - SSE / SST around the hold-out's own mean
    double bias = nan;  // mean of actual - predicted
    // Yardstick: the hold-out RMSE of predicting the training mean everywhere (a model
    // worse than this knows less about the recent data than their average).
    double mean_rmse = nan;
    // 0/1 and count outputs (per item; counts weighted by their totals).
    double log_loss = nan, brier = nan, auc = nan;
    double base_rate_log_loss = nan;  // of predicting the training rate everywhere
    double predicted_rate = nan, observed_rate = nan;

    bool continuous() const { return rmse == rmse; }
};

// Continuous metrics of predicted against actual (pairs with a NaN skipped); train_mean
// is the training rows' mean of the output.
HoldoutMetrics continuous_holdout_metrics(std::span<const double> predicted, std::span<const double> actual,
                                          double train_mean);

// Log loss (mean per item, natural log) of predicting one constant rate for hits out of
// trials per row (trials empty: one item per row).
double constant_rate_log_loss(double rate, std::span<const double> hits, std::span<const double> trials);

}  // namespace twinbench
