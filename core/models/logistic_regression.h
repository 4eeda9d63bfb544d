// Binomial GLM with the logit link (logistic regression), fitted by IRLS / Newton:
// the engine of the defect (scrap) model. Takes per-item 0/1 outcomes or binomial counts
// (scrap out of produced per interval) and a design matrix (models/design_matrix.h), and
// reports what an engineer and the Monte Carlo need: coefficients in the original units
// with standard errors, z, p-values and 95 % intervals, the covariance matrix, deviance
// and likelihood figures, and plain-language warnings.
//
// Numerics: the fit runs on a centred and scaled copy of the design (so that e.g. an air
// temperature of 300 +- 2 K next to the intercept does not make the normal equations
// ill-conditioned) and maps back exactly; each Newton step is solved by LDLT (column-
// pivoting QR when LDLT fails), never by an explicit inverse. Ill-posed fits are not
// returned as NaN: a rank-deficient design (collinear columns, named) or (quasi-)
// separation (coefficients diverging, fitted probabilities at 0 or 1, Fisher information
// with condition number > 1e12) switches to a ridge-penalised fit, see LogisticOptions,
// and adds a warning. Too few rows, a constant column or an outcome that never varies
// throw ModelError (exit code 4) with a message saying what to import or map.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "models/design_matrix.h"

namespace twinbench {

struct LogisticOptions {
    int max_iterations = 100;
    // Converged when no standardized coefficient moves by more than tolerance * (1 + |beta|)
    // in a Newton step; Newton converges quadratically, so the estimate is then accurate
    // to far below the reported digits.
    double tolerance = 1e-10;
    // Ridge fallback: penalty (lambda / 2) * sum of squared standardized coefficients
    // (intercept not penalised), lambda = ridge_relative_lambda * total trials. With 1e-4
    // the shrinkage of well-determined coefficients is ~0.04 % or less, yet separated or
    // collinear directions get a finite, unique estimate.
    double ridge_relative_lambda = 1e-4;
    // Fisher information (standardized) above this condition number is "ill-conditioned".
    double max_condition_number = 1e12;
    std::size_t threads = 0;  // 0 = all hardware threads (used only for large data)
    // Large data (>= 200,000 rows): start the full-data Newton iteration from a fit on a
    // 1-in-10 subsample (same estimate, fewer passes over the data).
    bool warm_start = true;
};

struct LogisticTerm {
    std::string name;
    double estimate = 0.0;
    double std_error = 0.0;
    double z = 0.0;
    double p_value = 0.0;
    double ci_low = 0.0;  // 95 % Wald interval
    double ci_high = 0.0;
};

struct LogisticFit {
    std::vector<std::string> names;  // term names, "(Intercept)" first when present
    Eigen::VectorXd coefficients;    // original units of the design columns
    Eigen::VectorXd std_errors;      // sqrt(diag(covariance))
    Eigen::VectorXd z;
    Eigen::VectorXd p_values;  // two-sided, normal reference
    Eigen::VectorXd ci_low, ci_high;
    // Inverse Fisher information at the estimate (penalised information after a ridge
    // fallback): the sampling covariance used for intervals and Monte Carlo draws.
    Eigen::MatrixXd covariance;

    double log_likelihood = 0.0;  // includes log C(m, y) for counts, as statsmodels GLM does
    double deviance = 0.0;
    double null_deviance = 0.0;  // intercept-only model (p = 0.5 everywhere without intercept)
    double aic = 0.0;            // -2 log L + 2 * number of coefficients
    std::size_t n_rows = 0;
    double n_trials = 0.0;  // items (= n_rows for 0/1 data)
    double n_successes = 0.0;
    int iterations = 0;
    bool converged = false;
    bool penalized = false;     // the ridge fallback was used
    double ridge_lambda = 0.0;  // lambda actually used (0 when not penalised)
    std::vector<std::string> warnings;

    std::vector<LogisticTerm> terms() const;
    // Linear predictor and probabilities for design rows encoded like the fit's design
    // (same columns in the same order, original units).
    Eigen::VectorXd predict_linear(const Eigen::MatrixXd& x) const;
    Eigen::VectorXd predict(const Eigen::MatrixXd& x) const;
};

// Per-item outcomes: y is 0 or 1 per design row.
LogisticFit fit_logistic(const Eigen::MatrixXd& x, const std::vector<std::string>& names, const Eigen::VectorXd& y,
                         const LogisticOptions& options = {});
// Binomial counts: successes (e.g. scrap) out of trials (e.g. produced) per design row.
LogisticFit fit_logistic_counts(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                                const Eigen::VectorXd& successes, const Eigen::VectorXd& trials,
                                const LogisticOptions& options = {});

// Convenience: values of a numeric/boolean column at the design's rows (the outcome).
Eigen::VectorXd column_at_rows(const Table& table, const std::string& column, const std::vector<std::size_t>& rows);

}  // namespace twinbench
