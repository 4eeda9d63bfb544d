// Fits the static form of an output model (static_output_model.h) and chooses its terms
// the way an engineer would want them chosen: the declared inputs always (main effects:
// each numeric input linear, each categorical one by treatment coding against its
// alphabetically first level, as statsmodels/patsy code it), and on top only the
// curvature (squares), interactions and time-of-day terms that earn their keep:
//
//  1. forward selection on the training part alone: its first 75 % fits, its last 25 %
//     validates; the term (or block: the sine and cosine of one daily harmonic) that
//     lowers the validation loss most is added while it lowers it by at least 0.5 % + 2 k / n
//     (k its columns, n the validation rows: what chance alone gives on a few lab values);
//  2. the main-effects model and the selected one are both refitted on the whole
//     training part and compared on the hold-out; the selected one is kept only when it
//     is better there by min_holdout_gain (1 %), so the result is never worse than the
//     plain regression statsmodels would give on the same inputs and split.
//
// Loss: mean squared error (continuous), log loss per item (0/1 and counts; logistic
// regression by IRLS, models/logistic_regression.h). Large data are thinned evenly for
// the selection only (at most 20,000 rows each part), never for the final fit.
#pragma once

#include <memory>

#include "models/output_fit_spec.h"
#include "models/static_output_model.h"

namespace twinbench {

// Throws ModelError naming the output and what is missing (no usable rows, too few rows
// for the terms, an outcome that never varies).
std::unique_ptr<StaticOutputModel> fit_static_output(const SignalFrame& frame, const OutputFitSpec& spec);

}  // namespace twinbench
