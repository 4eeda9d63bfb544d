// The defect (scrap) model in its plain, checkable form: a main-effects binomial GLM of
// the defect outcome (per-item 0/1, or scrap out of produced per interval) on the
// mapped process roles and factors, in their original units, with a time-ordered
// hold-out. The full defect model of the model-engine issue (modelled core temperature
// and its square, wear, transport delays) builds on this.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/table.h"
#include "models/logistic_regression.h"
#include "models/model_diagnostics.h"

namespace twinbench {

struct DefectFitOptions {
    double train_fraction = 0.8;  // first part in time (or row order) trains, the rest tests
};

struct DefectHoldout {
    std::size_t n = 0;      // rows (items, or intervals with parts produced)
    double items = 0.0;     // parts in those rows
    double log_loss = 0.0;  // mean per item, natural log
    double brier = 0.0;     // mean per item
    double auc = 0.0;       // area under the ROC curve, items weighted
};

struct DefectBaselineFit {
    bool counts = false;  // scrap/produced per interval (else per-item 0/1)
    std::string outcome;  // column(s) of the outcome, e.g. "Parts scrapped / Parts produced"
    DesignEncoding encoding;
    LogisticFit fit;  // fitted on the training part
    std::size_t n_train = 0, n_test = 0;
    DefectHoldout test;
    HoldoutDiagnostics holdout;  // defect_holdout_windows of the hold-out
};

// Throws ModelError when no outcome is mapped (defect, or produced + scrap), no predictor
// is mapped, or the data is too small.
DefectBaselineFit fit_defect_baseline(const Table& table, const DefectFitOptions& options = {});

// The defect outcome of a table: a 0/1 defect column per item, else scrap out of produced
// per interval. ModelError telling what to map when neither is mapped.
struct DefectOutcome {
    bool counts = false;
    const Column* defect = nullptr;
    const Column* produced = nullptr;
    const Column* scrap = nullptr;
    std::string label;  // "Parts scrapped / Parts produced" or the defect column's name
};
DefectOutcome find_defect_outcome(const Table& table);

// Hold-out scores of predicted probabilities p against hits out of trials per row
// (trials empty = one item per row): per-item log loss and Brier score, items-weighted AUC.
DefectHoldout score_defect_holdout(const Eigen::VectorXd& p, const Eigen::VectorXd& hits, const Eigen::VectorXd& trials);

// Residual diagnostics of a defect model: predicted (sum of p * trials) against observed
// defects per window_s of time (hourly by default; rows = the table rows of p, in time
// order). Single items are 0 or 1, so only sums over a window can be compared. Without a
// time axis, per block of block_rows consecutive rows, time = the block's first position.
HoldoutDiagnostics defect_holdout_windows(const Table& table, const std::vector<std::size_t>& rows,
                                          const Eigen::VectorXd& p, const Eigen::VectorXd& hits,
                                          const Eigen::VectorXd& trials, double window_s = 3600.0,
                                          std::size_t block_rows = 100);

// Area under the ROC curve of scores against weighted positives/negatives (ties count half).
double weighted_auc(const std::vector<double>& score, const std::vector<double>& positives,
                    const std::vector<double>& negatives);

}  // namespace twinbench
