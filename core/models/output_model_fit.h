// Fits one output of the process graph: chooses the family by what the output is (0/1
// -> logistic, count out of a total -> binomial, continuous -> regression) and, for a
// continuous output with a time axis that is measured densely, the form on the
// time-ordered hold-out: the dynamic model (gain, time constant and dead time per input)
// replaces the static regression only when its free-run hold-out RMSE is lower by
// spec.min_holdout_gain, i.e. when the output really lags its inputs.
//
// Every result carries its hold-out metrics, the forms compared and the trust verdict.
#pragma once

#include <memory>

#include "models/output_fit_spec.h"
#include "models/output_model.h"

namespace twinbench {

// Throws ModelError naming the output and what to map or import when no form can be fitted.
std::unique_ptr<OutputModel> fit_output_model(const SignalFrame& frame, const OutputFitSpec& spec);

}  // namespace twinbench
