// `twinbench-cli explain` on a dataset of the project (PRODUCT.md section 5): picks the
// excursion's rows (a time window, a named condition, or the rows where an output's
// residual is above its model band), the outcome and the twin's own prediction of it, the
// context labels (role `context`, material, categorical inputs) and the numeric signals
// as candidates, and hands them to explain_excursion (explainer.h).
#pragma once

#include <string>
#include <vector>

#include "data/project.h"
#include "explain/explainer.h"

namespace twinbench {

struct ExplainRequest {
    std::string dataset;    // "" = the first
    std::string window;     // "START..END", ISO 8601, local time of the dataset without an offset
    std::string condition;  // a stored condition's name, or a rule ("humidity > 70")
    std::string output;     // an output's name (or role name): rows above its model band
};

// What explain_excursion is handed for a request, with the notes on how it was made (no
// twin, a model that is not replayed per row): for tests and exports of the explainer's input.
struct DatasetExplainInput {
    ExplainInput input;
    std::vector<std::string> notes;
};

// Exactly one of window, condition, output must be given (UsageError otherwise). Throws
// UsageError for a window that does not parse or an unknown output, ModelError when the
// excursion or reference is empty or --output names an output the twin has no model of.
ExplainResult explain_dataset(const Project& project, const ExplainRequest& request,
                              const ExplainOptions& options = {});
// The same request's input, not yet explained (same errors).
DatasetExplainInput dataset_explain_input(const Project& project, const ExplainRequest& request);

// "2026-03-02..2026-03-09T06:00": [start, end) in UTC seconds. Times without an offset are
// the dataset's local time (time_zone). Throws UsageError naming what to write.
std::pair<double, double> parse_time_window(const std::string& window, const std::string& time_zone);

}  // namespace twinbench
