#include "models/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <fmt/format.h>

#include "common/error.h"
#include "models/irls_pass.h"

namespace twinbench {

namespace {

constexpr double z_975 = 1.959963984540054;  // standard normal 97.5 % quantile
// |eta| beyond this puts a fitted probability within 2e-16 of 0 or 1: indistinguishable
// from certainty in double precision, the mark of (quasi-)separation.
constexpr double certain_eta = 36.0;
// Separation makes eta grow without bound; Newton may overshoot once or twice on
// ordinary data, so only a run of iterations past certain_eta counts as divergence.
constexpr int diverging_iterations = 5;
// Large data: Newton's first steps from the null model only have to get near the
// optimum, and a systematic 1-in-stride subsample gets there for a fraction of the cost
// (its estimate is within sampling error, ~1/sqrt(rows), of the full one). The full data
// then finish from there in two or three passes instead of six or seven, converging to the
// same tolerance, so the estimate is the same to rounding. Below the row threshold the
// saving does not pay for the extra bookkeeping, and results stay bit-identical to the
// plain iteration.
constexpr Eigen::Index warm_start_min_rows = 200000;
constexpr Eigen::Index warm_start_stride = 10;
// The subsample's iteration only needs to be close: one more full-data step costs less
// than polishing it.
constexpr double warm_start_tolerance = 1e-4;
// A term loading an eigenvector of a near-singular information matrix by more than this
// (unit-length eigenvector) is named as part of the collinear set.
constexpr double collinear_loading = 0.1;

// Centred and scaled copy of the design: xs = x * t, so beta = t * beta_s and
// covariance = t * cov_s * t^T map back exactly.
struct Standardized {
    Eigen::MatrixXd xs;
    Eigen::MatrixXd t;
    Eigen::Index intercept = -1;
};

Standardized standardize(const Eigen::MatrixXd& x, const std::vector<std::string>& names) {
    const Eigen::Index n = x.rows(), p = x.cols();
    Standardized s;
    for (Eigen::Index j = 0; j < p && s.intercept < 0; ++j)
        if (x(0, j) == 1.0 && (x.col(j).array() == 1.0).all()) s.intercept = j;
    s.t = Eigen::MatrixXd::Identity(p, p);
    s.xs.resize(n, p);
    for (Eigen::Index j = 0; j < p; ++j) {
        const auto col = x.col(j);
        if (j == s.intercept) {
            s.xs.col(j).setOnes();
            continue;
        }
        // One pass for range, finiteness and moments (about the first value, which keeps
        // the sum of squares free of cancellation for e.g. 300 +- 2 K): the design can
        // have millions of rows.
        const double shift = col[0];
        double lo = shift, hi = shift, sum = 0.0, sum_sq = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const double v = col[i];
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sum += v - shift;
            sum_sq += (v - shift) * (v - shift);
        }
        if (!std::isfinite(sum) || !std::isfinite(sum_sq))
            throw ModelError(fmt::format("column '{}' has non-finite values: drop or fix those rows",
                                         names[static_cast<std::size_t>(j)]));
        if (lo == hi)
            throw ModelError(fmt::format("column '{}' is constant ({}) in all {} rows used, so it cannot explain "
                                         "the outcome: unmap it, or import data where it varies",
                                         names[static_cast<std::size_t>(j)], lo, n));
        const double nn = static_cast<double>(n);
        const double shifted_mean = sum / nn;
        const double mean = s.intercept >= 0 ? shift + shifted_mean : 0.0;
        const double scale = s.intercept >= 0
                                 ? std::sqrt(std::max(sum_sq / nn - shifted_mean * shifted_mean, 0.0))
                                 : std::sqrt((col.array().square()).sum() / nn);
        if (!(scale > 0.0))
            throw ModelError(fmt::format("column '{}' is constant in the rows used: unmap it, or import data where "
                                         "it varies",
                                         names[static_cast<std::size_t>(j)]));
        s.xs.col(j) = (col.array() - mean) / scale;
        s.t(j, j) = 1.0 / scale;
        if (s.intercept >= 0) s.t(s.intercept, j) = -mean / scale;
    }
    return s;
}

// Information scaled to unit diagonal (a correlation-like matrix), so that its condition
// number measures the geometry of the problem and not the units or the event rate.
Eigen::MatrixXd unit_diagonal(const Eigen::MatrixXd& lower) {
    Eigen::MatrixXd h = lower.selfadjointView<Eigen::Lower>();
    const Eigen::VectorXd d = h.diagonal().cwiseMax(std::numeric_limits<double>::min()).cwiseSqrt().cwiseInverse();
    return d.asDiagonal() * h * d.asDiagonal();
}

struct Conditioning {
    double condition_number = 0.0;
    std::vector<std::string> weak_terms;  // terms in the near-null directions
};

Conditioning conditioning(const Eigen::MatrixXd& information_lower, const std::vector<std::string>& names,
                          double max_condition) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(unit_diagonal(information_lower));
    const auto& values = eig.eigenvalues();  // ascending
    Conditioning c;
    const double top = values[values.size() - 1];
    c.condition_number = values[0] > 0.0 ? top / values[0] : std::numeric_limits<double>::infinity();
    for (Eigen::Index k = 0; k < values.size(); ++k) {
        if (values[k] > 0.0 && top / values[k] <= max_condition) break;
        for (Eigen::Index j = 0; j < values.size(); ++j) {
            const auto& name = names[static_cast<std::size_t>(j)];
            if (std::abs(eig.eigenvectors()(j, k)) > collinear_loading &&
                std::find(c.weak_terms.begin(), c.weak_terms.end(), name) == c.weak_terms.end())
                c.weak_terms.push_back(name);
        }
    }
    return c;
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
        out += "'" + names[i] + "'";
    }
    return out;
}

struct NewtonState {
    Eigen::VectorXd beta;
    IrlsPassResult pass;
    int iterations = 0;
    bool converged = false;
    bool diverged = false;
};

double penalized_objective(const IrlsPassResult& pass, const Eigen::VectorXd& beta, const Eigen::VectorXd& mask,
                           double lambda) {
    return pass.log_likelihood - 0.5 * lambda * (mask.array() * beta.array().square()).sum();
}

// Newton (= IRLS for the canonical link) with step halving on the penalised
// log-likelihood. With lambda = 0 it stops early when the fit runs into separation.
// `at_start` is the pass already evaluated at beta (it is not run again).
NewtonState newton(IrlsPass& irls, Eigen::VectorXd beta, const IrlsPassResult& at_start, const Eigen::VectorXd& mask,
                   double lambda, const LogisticOptions& options) {
    const Eigen::Index p = beta.size();
    NewtonState s;
    s.pass = at_start;
    double objective = penalized_objective(s.pass, beta, mask, lambda);
    IrlsPassResult trial;
    Eigen::MatrixXd h(p, p);
    Eigen::VectorXd gradient(p), step(p), candidate(p);
    Eigen::LDLT<Eigen::MatrixXd> ldlt(p);
    int runs_past_certain = 0;
    // Near the optimum the information changes little from one step to the next: the
    // steps then reuse the last one (a chord/simplified Newton step) and the passes skip
    // building X^T W X, the costliest part. The covariance is always taken from a full
    // pass at the final coefficients.
    constexpr double reuse_below = 1e-3;
    // A step this small lands within ~its square of the optimum: its pass builds X^T W X
    // (needed there for the covariance anyway), and the exact Newton step from it usually
    // shows convergence without a further pass over the data.
    constexpr double final_below = 1e-6;
    bool information_current = true;
    bool reuse = false;
    while (s.iterations < options.max_iterations) {
        ++s.iterations;
        if (!reuse && !information_current) {
            irls.run(beta, s.pass, true);
            information_current = true;
        }
        if (!reuse) {
            h = s.pass.information.selfadjointView<Eigen::Lower>();
            h.diagonal() += lambda * mask;
            ldlt.compute(h);
        }
        gradient = s.pass.score - lambda * mask.cwiseProduct(beta);
        if (ldlt.info() == Eigen::Success && ldlt.isPositive()) step = ldlt.solve(gradient);
        if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || !step.allFinite())
            step = h.colPivHouseholderQr().solve(gradient);
        if (!step.allFinite()) break;
        // Halve the step while it lowers the objective (Newton can overshoot far from the
        // optimum); the tolerance absorbs rounding of a sum over millions of rows.
        const double slack = 1e-9 * (1.0 + std::abs(objective));
        const double planned = step.cwiseAbs().cwiseQuotient((1.0 + beta.array().abs()).matrix()).maxCoeff();
        const bool with_information = !(planned < reuse_below) || planned < final_below;
        double trial_objective = -std::numeric_limits<double>::infinity();
        int halvings = 0;
        for (; halvings < 40; ++halvings) {
            candidate = beta + step;
            irls.run(candidate, trial, with_information);
            trial_objective = penalized_objective(trial, candidate, mask, lambda);
            if (std::isfinite(trial_objective) && trial_objective >= objective - slack) break;
            step *= 0.5;
        }
        if (!(trial_objective >= objective - slack)) {
            if (reuse) {  // the old information misled the step: retry with a fresh one
                reuse = false;
                information_current = false;
                continue;
            }
            break;  // no progress possible
        }
        beta = candidate;
        if (!with_information) trial.information = s.pass.information;
        std::swap(s.pass, trial);
        objective = trial_objective;
        information_current = with_information;
        reuse = !with_information && halvings == 0;
        const double largest = step.cwiseAbs().cwiseQuotient((1.0 + beta.array().abs()).matrix()).maxCoeff();
        if (largest <= options.tolerance) {
            s.converged = true;
            break;
        }
        if (with_information) {
            // The step the next iteration would take, from this pass: when it is below the
            // tolerance, taking it would change nothing that matters, and its pass is saved.
            h = s.pass.information.selfadjointView<Eigen::Lower>();
            h.diagonal() += lambda * mask;
            ldlt.compute(h);
            if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
                step = ldlt.solve(Eigen::VectorXd(s.pass.score - lambda * mask.cwiseProduct(beta)));
                const double next =
                    step.cwiseAbs().cwiseQuotient((1.0 + beta.array().abs()).matrix()).maxCoeff();
                if (step.allFinite() && next <= options.tolerance) {
                    s.converged = true;
                    break;
                }
            }
        }
        if (lambda == 0.0) {
            runs_past_certain = s.pass.max_abs_eta > certain_eta ? runs_past_certain + 1 : 0;
            if (runs_past_certain >= diverging_iterations) {
                s.diverged = true;
                break;
            }
        }
    }
    if (!information_current) irls.run(beta, s.pass, true);
    s.beta = std::move(beta);
    return s;
}

// Newton on a systematic subsample from the null start; when it converges cleanly, its
// estimate becomes the full-data start (with the full pass there), if the full data's
// log-likelihood is higher there than at the null start. Otherwise nothing changes.
void warm_start(const Eigen::MatrixXd& xs, const Eigen::VectorXd& y, const Eigen::VectorXd& trials,
                const Eigen::VectorXd& null_start, const Eigen::VectorXd& mask,
                const LogisticOptions& options, IrlsPass& full, Eigen::VectorXd& start,
                IrlsPassResult& at_start) {
    const Eigen::Index m = (xs.rows() + warm_start_stride - 1) / warm_start_stride;
    Eigen::MatrixXd sub_x(m, xs.cols());
    Eigen::VectorXd sub_y(m), sub_trials(trials.size() != 0 ? m : 0);
    for (Eigen::Index i = 0; i < m; ++i) {
        const Eigen::Index r = i * warm_start_stride;
        sub_x.row(i) = xs.row(r);
        sub_y[i] = y[r];
        if (trials.size() != 0) sub_trials[i] = trials[r];
    }
    if (sub_y.sum() == 0.0 ||
        sub_y.sum() == (trials.size() != 0 ? sub_trials.sum() : static_cast<double>(m)))
        return;
    IrlsPass sub(sub_x, sub_y, sub_trials, options.threads);
    IrlsPassResult sub_first;
    sub.run(null_start, sub_first);
    LogisticOptions loose = options;
    loose.tolerance = warm_start_tolerance;
    const NewtonState warm = newton(sub, null_start, sub_first, mask, 0.0, loose);
    if (!warm.converged || warm.diverged || warm.pass.max_abs_eta > certain_eta ||
        !warm.beta.allFinite())
        return;
    IrlsPassResult there;
    full.run(warm.beta, there, true);
    if (!(there.log_likelihood > at_start.log_likelihood)) return;
    start = warm.beta;
    at_start = std::move(there);
}

void validate(const Eigen::MatrixXd& x, const std::vector<std::string>& names, const Eigen::VectorXd& y,
              const Eigen::VectorXd& trials) {
    const bool counts = trials.size() != 0;
    if (names.size() != static_cast<std::size_t>(x.cols()) || y.size() != x.rows() ||
        (counts && trials.size() != x.rows()))
        throw ModelError("internal: design, names and outcome sizes differ");
    const auto n = static_cast<std::size_t>(x.rows()), p = names.size();
    if (n < p + 10)
        throw ModelError(fmt::format("only {} complete rows for {} model terms; the logistic model needs at least {} "
                                     "(terms + 10): import more data, or map fewer factors",
                                     n, p, p + 10));
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        const double m = counts ? trials[i] : 1.0;
        const bool ok = counts ? (std::isfinite(m) && m >= 0.0 && y[i] >= 0.0 && y[i] <= m)
                               : (y[i] == 0.0 || y[i] == 1.0);
        if (!ok)
            throw ModelError(counts ? fmt::format("row {}: {} defects out of {} produced is not a valid count: "
                                                  "check which columns are mapped as produced and scrap",
                                                  i + 1, y[i], m)
                                    : fmt::format("row {}: defect outcome {} is not 0 or 1: map a 0/1 column as "
                                                  "defect, or produced + scrap counts",
                                                  i + 1, y[i]));
    }
}

LogisticFit fit(const Eigen::MatrixXd& x, const std::vector<std::string>& names, const Eigen::VectorXd& y,
                const Eigen::VectorXd& trials, const LogisticOptions& options) {
    validate(x, names, y, trials);
    const bool counts = trials.size() != 0;
    const Eigen::Index n = x.rows(), p = x.cols();

    LogisticFit out;
    out.names = names;
    out.n_rows = static_cast<std::size_t>(n);
    out.n_trials = counts ? trials.sum() : static_cast<double>(n);
    out.n_successes = y.sum();
    const double total = out.n_trials, events = out.n_successes;
    if (events == 0.0 || events == total)
        throw ModelError(fmt::format("the outcome is {} in all {} items: a model needs both good and defective "
                                     "items; import a longer period or check the defect/scrap mapping",
                                     events == 0.0 ? "0 (no defect)" : "1 (defect)", fmt::format("{:g}", total)));

    // Saturated log-likelihood kernel and sum of log C(m, y) (counts only; both 0 for 0/1).
    double saturated = 0.0, log_binomial = 0.0;
    if (counts)
        for (Eigen::Index i = 0; i < n; ++i) {
            const double m = trials[i], k = y[i];
            if (k > 0.0) saturated += k * std::log(k / m);
            if (m - k > 0.0) saturated += (m - k) * std::log((m - k) / m);
            log_binomial += std::lgamma(m + 1.0) - std::lgamma(k + 1.0) - std::lgamma(m - k + 1.0);
        }

    const Standardized st = standardize(x, names);
    IrlsPass irls(st.xs, y, trials, options.threads);
    Eigen::VectorXd start = Eigen::VectorXd::Zero(p);
    Eigen::VectorXd mask = Eigen::VectorXd::Ones(p);
    const double base_rate = events / total;
    if (st.intercept >= 0) {
        // Columns are centred, so the intercept-only MLE is the exact null-model start.
        start[st.intercept] = std::log(base_rate / (1.0 - base_rate));
        mask[st.intercept] = 0.0;
    }
    const double null_kernel =
        st.intercept >= 0 ? events * std::log(base_rate) + (total - events) * std::log1p(-base_rate)
                          : total * std::log(0.5);

    // Collinearity is a property of the design: look at the information at the start.
    IrlsPassResult first;
    irls.run(start, first);
    const Conditioning design = conditioning(first.information, names, options.max_condition_number);
    const bool collinear = design.condition_number > options.max_condition_number;

    NewtonState state;
    if (!collinear) {
        Eigen::VectorXd newton_start = start;
        IrlsPassResult at_start = first;
        if (options.warm_start && n >= warm_start_min_rows)
            warm_start(st.xs, y, trials, start, mask, options, irls, newton_start, at_start);
        state = newton(irls, newton_start, at_start, mask, 0.0, options);
        const Conditioning final_info = conditioning(state.pass.information, names, options.max_condition_number);
        const bool certain = state.pass.max_abs_eta > certain_eta;
        if (state.diverged || !state.converged || certain ||
            final_info.condition_number > options.max_condition_number) {
            std::vector<std::string> drivers;
            const double biggest = (mask.array() * state.beta.array().abs()).maxCoeff();
            for (Eigen::Index j = 0; j < p; ++j)
                if (mask[j] > 0.0 && std::abs(state.beta[j]) >= 0.5 * biggest && std::isfinite(state.beta[j]))
                    drivers.push_back(names[static_cast<std::size_t>(j)]);
            std::string symptom =
                state.diverged || certain
                    ? "coefficients diverge and fitted probabilities reach 0 or 1"
                    : (!state.converged ? fmt::format("no convergence in {} iterations", state.iterations)
                                        : fmt::format("the Fisher information is ill-conditioned (condition "
                                                      "number {:.3g})",
                                                      final_info.condition_number));
            out.warnings.push_back(fmt::format(
                "(quasi-)separation: the outcome is (almost) perfectly predicted{}; {}. Refitted with a ridge "
                "penalty so estimates are finite but shrunk towards 0; their standard errors are approximate. "
                "Import data where the outcome varies over the range of these inputs",
                drivers.empty() ? "" : " by " + quoted_list(drivers), symptom));
            out.penalized = true;
        }
    } else {
        out.warnings.push_back(fmt::format(
            "collinear design (condition number {:.3g}): {} are (nearly) linear combinations of each other, so "
            "their separate effects cannot be estimated. Refitted with a ridge penalty, which splits the effect "
            "between them; unmap all but one of them for a plain fit",
            design.condition_number, quoted_list(design.weak_terms)));
        out.penalized = true;
    }
    if (out.penalized) {
        out.ridge_lambda = options.ridge_relative_lambda * total;
        state = newton(irls, start, first, mask, out.ridge_lambda, options);
        if (!state.converged)
            out.warnings.push_back(fmt::format("the ridge-penalised fit did not converge in {} iterations",
                                               state.iterations));
    }
    out.iterations = state.iterations;
    out.converged = state.converged;

    // Covariance: inverse of the (penalised) information on the standardized scale, by
    // solving against the identity, mapped back to original units.
    Eigen::MatrixXd h = state.pass.information.selfadjointView<Eigen::Lower>();
    h.diagonal() += out.ridge_lambda * mask;
    Eigen::MatrixXd cov_s;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(h);
    if (ldlt.info() == Eigen::Success && ldlt.isPositive()) cov_s = ldlt.solve(Eigen::MatrixXd::Identity(p, p));
    if (cov_s.size() == 0 || !cov_s.allFinite())
        cov_s = h.colPivHouseholderQr().solve(Eigen::MatrixXd::Identity(p, p));
    out.coefficients = st.t * state.beta;
    out.covariance = st.t * cov_s * st.t.transpose();
    out.covariance = 0.5 * (out.covariance + out.covariance.transpose());
    if (!out.coefficients.allFinite() || !out.covariance.allFinite() || (out.covariance.diagonal().array() < 0).any())
        throw ModelError("the logistic model could not be estimated even with a ridge penalty: check the mapped "
                         "columns for extreme values or import more varied data");

    out.std_errors = out.covariance.diagonal().cwiseSqrt();
    out.z = out.coefficients.cwiseQuotient(out.std_errors);
    out.p_values.resize(p);
    for (Eigen::Index j = 0; j < p; ++j) out.p_values[j] = std::erfc(std::abs(out.z[j]) / std::sqrt(2.0));
    out.ci_low = out.coefficients - z_975 * out.std_errors;
    out.ci_high = out.coefficients + z_975 * out.std_errors;

    out.log_likelihood = state.pass.log_likelihood + log_binomial;
    out.deviance = 2.0 * (saturated - state.pass.log_likelihood);
    out.null_deviance = 2.0 * (saturated - null_kernel);
    out.aic = -2.0 * out.log_likelihood + 2.0 * static_cast<double>(p);
    return out;
}

}  // namespace

std::vector<LogisticTerm> LogisticFit::terms() const {
    std::vector<LogisticTerm> out;
    for (std::size_t j = 0; j < names.size(); ++j) {
        const auto k = static_cast<Eigen::Index>(j);
        out.push_back({names[j], coefficients[k], std_errors[k], z[k], p_values[k], ci_low[k], ci_high[k]});
    }
    return out;
}

Eigen::VectorXd LogisticFit::predict_linear(const Eigen::MatrixXd& x) const {
    if (x.cols() != coefficients.size())
        throw ModelError(fmt::format("prediction rows have {} columns, the model has {} terms", x.cols(),
                                     coefficients.size()));
    return x * coefficients;
}

Eigen::VectorXd LogisticFit::predict(const Eigen::MatrixXd& x) const {
    Eigen::VectorXd eta = predict_linear(x);
    // 1 / (1 + e^-eta) written so that exp never overflows.
    for (Eigen::Index i = 0; i < eta.size(); ++i) {
        const double e = std::exp(-std::abs(eta[i]));
        eta[i] = eta[i] >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
    return eta;
}

LogisticFit fit_logistic(const Eigen::MatrixXd& x, const std::vector<std::string>& names, const Eigen::VectorXd& y,
                         const LogisticOptions& options) {
    return fit(x, names, y, Eigen::VectorXd(), options);
}

LogisticFit fit_logistic_counts(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                                const Eigen::VectorXd& successes, const Eigen::VectorXd& trials,
                                const LogisticOptions& options) {
    if (trials.size() == 0) throw ModelError("internal: binomial counts need the number of trials per row");
    return fit(x, names, successes, trials, options);
}

Eigen::VectorXd column_at_rows(const Table& table, const std::string& column, const std::vector<std::size_t>& rows) {
    const Column* c = table.find(column);
    if (c == nullptr || c->type == ColumnType::categorical)
        throw ModelError(fmt::format("column '{}' is missing or not numeric: map a numeric or 0/1 outcome column",
                                     column));
    Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) out[static_cast<Eigen::Index>(i)] = c->values[rows[i]];
    return out;
}

}  // namespace twinbench
