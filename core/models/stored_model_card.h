// What each of the furnace template's stored fits says about itself, read from its fit
// JSON once, here, for every place that shows a fit: the Models page's tabs, the report's
// model sections and `twinbench-cli fit`. The four stored fits (temperature, defect,
// energy, throughput) share these parts whatever their form; what only one form has (the
// furnace's order selection, the soft sensor's check curve, the energy's physics) is read
// by the typed models (furnace_output_models.h) or by the one view that shows it.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "models/defect_model.h"
#include "models/holdout_metrics.h"
#include "models/model_diagnostics.h"
#include "models/model_envelope.h"
#include "models/model_fitting.h"

namespace twinbench {

struct StoredTerm {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::string name;  // as stored ("tau", "I(core_temp ** 2)"); readable_term_name says it in words
    std::string unit;  // "" when the fit gave none
    double estimate = nan, std_error = nan;
    // The model's own 95 % interval where it gives one (the GLM's profile or Wald), else NaN.
    double ci_low = nan, ci_high = nan;
};

// A hold-out metric by its stored key (rmse, mae, one_step_rmse, r2, auc, log_loss, brier,
// availability_actual, availability_predicted, or a form's own).
struct StoredMetric {
    std::string key;
    double value = std::numeric_limits<double>::quiet_NaN();
};

struct StoredModelCard {
    std::string key;   // "temperature", "defect", "energy", "throughput"
    std::string kind;  // the form fitted, as stored ("first_order_grey_box", "binomial_glm", ...)
    std::size_t n_train = 0, n_test = 0;
    std::vector<StoredTerm> terms;
    // Error measures first, in the order an engineer reads them (the JSON sorts by name).
    std::vector<StoredMetric> metrics;
    std::vector<std::string> warnings;
    HoldoutDiagnostics diagnostics;     // the points the fit kept (a long hold-out thinned evenly)
    std::size_t diagnostics_rows = 0;   // hold-out rows before thinning
    std::vector<DefectCalibrationBin> calibration;  // the defect model's, by predicted probability
    // The inputs' ranges over the training rows (the throughput's: the line speed).
    std::vector<EnvelopeInput> envelope;
};

// Missing or damaged parts stay empty (a project stored by an older version shows what it
// has); never throws.
StoredModelCard stored_model_card(const ModelSummary& model);

// The metrics of a typed model's report in the same keys and order (continuous: rmse, mae,
// r2, bias, mean_rmse; outcomes: log_loss, base_rate_log_loss, auc, predicted_rate,
// observed_rate), the missing ones left out.
std::vector<StoredMetric> holdout_metric_list(const HoldoutMetrics& metrics);

}  // namespace twinbench
