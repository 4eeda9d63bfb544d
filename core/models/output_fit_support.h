// What the static and the dynamic fits of an output share: reading inputs off the frame
// at the training steps, the residual noise and its autocorrelation, hold-out metrics of
// 0/1 and count outcomes, diagnostics, the inputs' operating envelope.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "models/output_fit_spec.h"

namespace twinbench {

// Dead time of an input in frame steps (0 without a time axis or a known delay).
int lag_steps(const SignalFrame& frame, const OutputFitSpec& spec, const std::string& input);
// Categorical: the labels present at the steps, alphabetical.
std::vector<std::string> levels_in(const FrameSignal& signal, const std::vector<std::size_t>& steps);
// Numeric: the mean over the steps and whether the values vary there.
std::pair<double, bool> mean_over(const FrameSignal& signal, const std::vector<std::size_t>& steps);
std::map<std::string, std::string> input_units(const SignalFrame& frame, const OutputFitSpec& spec);

// Mean log loss per item (natural log) of probabilities p for hits out of trials per row
// (trials empty: one item per row); probabilities are kept inside [1e-12, 1 - 1e-12].
double outcome_log_loss(const Eigen::VectorXd& p, const Eigen::VectorXd& hits, const Eigen::VectorXd& trials);
// ModelError when the outcome never varies in the training rows (nothing to learn).
void check_outcome_varies(const OutputFitSpec& spec, const Eigen::VectorXd& y_train, const Eigen::VectorXd& trials_train);

struct ResidualNoise {
    double sd = 0.0;
    double ar1 = 0.0;  // lag-one autocorrelation over consecutive steps
    // (1 + ar1) / (1 - ar1), at least 1 and at most 100: how much the coefficients'
    // variances are understated by treating autocorrelated rows as independent.
    double variance_inflation = 1.0;
};
// residuals[i] belongs to steps[i] (ascending).
ResidualNoise residual_noise(const Eigen::VectorXd& residuals, const std::vector<std::size_t>& steps);

// Log loss, Brier, AUC of the hold-out; the training rate's log loss as a yardstick; the
// predicted and observed hold-out rates.
HoldoutMetrics outcome_holdout_metrics(const Eigen::VectorXd& p_test, const Eigen::VectorXd& y_test,
                                       const Eigen::VectorXd& trials_test, const Eigen::VectorXd& y_train,
                                       const Eigen::VectorXd& trials_train);

// Predicted against actual on the hold-out: per step for continuous outputs; for 0/1 and
// counts summed per hour (or per 100 rows without a time axis), since single items are 0
// or 1. predicted: the value (continuous) or the probability.
HoldoutDiagnostics holdout_diagnostics(const SignalFrame& frame, const OutputFitSpec& spec,
                                       const std::vector<std::size_t>& steps, const Eigen::VectorXd& predicted,
                                       const Eigen::VectorXd& actual, const Eigen::VectorXd& trials);

// Range of each numeric input over the steps.
std::vector<EnvelopeInput> input_envelope(const SignalFrame& frame, const std::vector<std::string>& inputs,
                                          const std::vector<std::size_t>& steps);

void fill_time_range(const SignalFrame& frame, const std::vector<std::size_t>& train,
                     const std::vector<std::size_t>& test, FitReport& report);

}  // namespace twinbench
