// What the fit of one output of the process graph is asked for (output_model_fit.h):
// the output, its kind, the inputs the graph gives it and their dead times, and which
// extra terms it may try. Shared by the static and the dynamic families.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "models/output_model.h"
#include "models/signal_frame.h"

namespace twinbench {

struct OutputFitSpec {
    std::string output;
    std::string unit;
    OutputKind kind = OutputKind::continuous;
    std::string total_signal;         // count outputs: what the count is out of
    std::vector<std::string> inputs;  // from the graph's edges (upstream outputs included)
    std::map<std::string, double> delay_min;  // dead time per input, where the data showed one
    bool calendar_terms = true;   // offer time of day and weekend (data with a time axis)
    bool curvature_terms = true;  // offer squares and pairwise interactions
    bool dynamic_form = true;     // try the dynamic form (continuous, dense, time axis)
    double train_fraction = 0.8;  // first part in time trains, the rest is the hold-out
    int max_added_terms = 12;
    // A more complex form must beat the simpler one by this much (relative, hold-out) to
    // be chosen: curvature and interactions earn their keep or stay out.
    double min_holdout_gain = 0.01;
};

// The steps the output can be judged on (output present; for counts a positive total
// and a count within it), in time order, split into the first train_fraction (train)
// and the rest (test): n_train = floor(train_fraction * n).
struct HoldoutSplit {
    std::vector<std::size_t> train, test;
};
HoldoutSplit holdout_split(const SignalFrame& frame, const OutputFitSpec& spec);

}  // namespace twinbench
