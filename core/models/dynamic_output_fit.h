// Identifies the dynamic form of an output model (dynamic_output_model.h) the way the
// furnace temperature model is identified: a start from the equation error, then the
// output error.
//
//  1. Dead times per input come with the spec (the pre-whitened cross-correlation of the
//     process graph's proposal, transport_delay.h).
//  2. Equation error: y[k] = a y[k-1] + sum_i b_i u_i[k-1-d_i] + ... by least squares
//     gives one common time constant -dt / ln a as the start of every path.
//  3. Output error: Levenberg-Marquardt on the free-run simulation error over the
//     training steps, every path with its own gain and time constant (log-parametrised,
//     so it stays positive), with exact sensitivities of each first-order filter to its
//     time constant. Measurement noise in y would bias an equation-error fit (it makes
//     the time constants too short); the output error is not biased by it.
//  4. Second order: the same with one more lag on the output; it replaces the first
//     order only as the furnace rule has it (hold-out RMSE 5 % lower, lower BIC, the lag
//     at least one step with a standard error at most 25 % of it).
//
// Parameter covariance: sigma² (J'J)^-1 from the output-error Jacobian, inflated for the
// residuals' autocorrelation (residual_noise()).
#pragma once

#include <limits>
#include <memory>
#include <vector>

#include "models/dynamic_output_model.h"
#include "models/output_fit_spec.h"

namespace twinbench {

// static_terms: categorical levels and time-of-day terms (no intercept) that enter as
// static offsets. Throws ModelError when the frame has no time axis, the output is too
// sparse for a free-run comparison, or the fit fails to converge to finite numbers.
// static_holdout_rmse: the static regression's, when known: a first-order model that does
// not beat it by spec.min_holdout_gain will not be chosen, so no second order is tried.
std::unique_ptr<DynamicOutputModel> fit_dynamic_output(const SignalFrame& frame, const OutputFitSpec& spec,
                                                       const std::vector<Regressor>& static_terms,
                                                       double static_holdout_rmse = std::numeric_limits<double>::quiet_NaN());

}  // namespace twinbench
