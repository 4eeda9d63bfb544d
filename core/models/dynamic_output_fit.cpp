#include "models/dynamic_output_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "models/least_squares.h"
#include "models/output_fit_support.h"

namespace twinbench {
namespace {

// The identification problem on one frame: inputs held over gaps, static regressors
// evaluated once, the training steps with the output measured.
struct Problem {
    std::size_t steps = 0;  // filters run over [0, steps)
    double dt = 1.0;
    struct Path {
        std::string signal;
        std::vector<double> deviation;  // held input - mean, delayed: v[k]
        double mean = 0.0;
        double delay_min = 0.0;
    };
    std::vector<Path> paths;
    Eigen::MatrixXd statics;  // steps x q; NaN where a regressor is missing
    std::vector<std::size_t> rows;  // training steps used in the objective
    Eigen::VectorXd y;              // at rows
    bool second_order = false;
    double log_tau_min = 0.0, log_tau_max = 0.0;

    std::size_t m() const { return paths.size(); }
    Eigen::Index q() const { return statics.cols(); }
    Eigen::Index parameters() const {
        return 1 + 2 * static_cast<Eigen::Index>(m()) + q() + (second_order ? 1 : 0);
    }
};

// Held, delayed deviation of an input from its mean (the v[k] the path filters).
std::vector<double> path_input(const std::vector<double>& u, std::size_t steps, std::size_t delay, double mean) {
    std::vector<double> v(steps, nan);
    double held = nan;
    for (std::size_t k = 0; k < steps && std::isnan(held); ++k)
        if (std::isfinite(u[k])) held = u[k];
    const double first = held;
    for (std::size_t k = 0; k < steps; ++k) {
        const double x = k >= delay ? u[k - delay] : first;
        if (std::isfinite(x)) held = x;
        v[k] = held - mean;
    }
    return v;
}

// Simulated output at the rows and, as asked, the normal equations of the output error
// (J'J, J'r accumulated in the same pass, no N x p Jacobian kept) or the Jacobian itself.
// Jacobian columns: c, K_1..K_m, log tau_1..m, g_1..q[, log tau_s].
enum class Need { value, normal_equations, jacobian };

struct Evaluation {
    Eigen::VectorXd yhat;  // at the rows
    Eigen::MatrixXd jtj;   // normal_equations
    Eigen::VectorXd jtr;
    Eigen::MatrixXd jacobian;  // jacobian: one row per training row
    double sse = 0.0;
};

Evaluation evaluate(const Problem& p, const Eigen::VectorXd& theta, Need need) {
    const std::size_t m = p.m();
    const auto q = static_cast<std::size_t>(p.q());
    const auto np = static_cast<std::size_t>(p.parameters());
    const bool derivatives = need != Need::value;
    std::vector<double> gain(m), a(m), da(m), x(m), dxa(m);
    for (std::size_t i = 0; i < m; ++i) {
        gain[i] = theta(static_cast<Eigen::Index>(1 + i));
        const double tau = std::exp(theta(static_cast<Eigen::Index>(1 + m + i)));
        a[i] = std::exp(-p.dt / tau);
        da[i] = a[i] * p.dt / tau;  // d a / d log tau
        x[i] = p.paths[i].deviation[0];
        dxa[i] = 0.0;
    }
    const double c = theta(0);
    double as = 0.0, das = 0.0, w = 0.0, dwa = 0.0;
    if (p.second_order) {
        const double tau_s = std::exp(theta(static_cast<Eigen::Index>(np - 1)));
        as = std::exp(-p.dt / tau_s);
        das = as * p.dt / tau_s;
    }
    Evaluation e;
    e.yhat.resize(static_cast<Eigen::Index>(p.rows.size()));
    if (need == Need::normal_equations) {
        e.jtj = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(np), static_cast<Eigen::Index>(np));
        e.jtr = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(np));
    }
    if (need == Need::jacobian) e.jacobian.resize(static_cast<Eigen::Index>(p.rows.size()), static_cast<Eigen::Index>(np));
    std::vector<double> row(np, 0.0), lagged(np, 0.0);
    std::size_t next = 0;  // index into p.rows
    bool started = false;
    for (std::size_t k = 0; k < p.steps && next < p.rows.size(); ++k) {
        double v1 = c;
        for (std::size_t i = 0; i < m; ++i) {
            const double v = p.paths[i].deviation[k];
            const double next_dxa = x[i] + a[i] * dxa[i] - v;
            x[i] = a[i] * x[i] + (1.0 - a[i]) * v;
            dxa[i] = next_dxa;
            v1 += gain[i] * x[i];
        }
        for (std::size_t j = 0; j < q; ++j)
            v1 += theta(static_cast<Eigen::Index>(1 + 2 * m + j)) * p.statics(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
        if (derivatives) {
            row[0] = 1.0;
            for (std::size_t i = 0; i < m; ++i) {
                row[1 + i] = x[i];
                row[1 + m + i] = gain[i] * dxa[i] * da[i];
            }
            for (std::size_t j = 0; j < q; ++j)
                row[1 + 2 * m + j] = p.statics(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
        }
        double y = v1;
        if (p.second_order) {
            // y = c + L_s(v1 - c): the lag acts on the deviation, at rest at the start; it
            // is linear, so the other parameters' sensitivities pass through it too.
            const double v = v1 - c;
            if (!started) {
                w = v;
                if (derivatives) lagged = row;
            } else {
                const double next_dwa = w + as * dwa - v;
                w = as * w + (1.0 - as) * v;
                dwa = next_dwa;
                if (derivatives)
                    for (std::size_t j = 1; j + 1 < np; ++j) lagged[j] = as * lagged[j] + (1.0 - as) * row[j];
            }
            y = c + w;
            if (derivatives) {
                lagged[0] = 1.0;
                lagged[np - 1] = dwa * das;
                row = lagged;
            }
        }
        started = true;
        if (p.rows[next] != k) continue;
        const double residual = p.y(static_cast<Eigen::Index>(next)) - y;
        e.yhat(static_cast<Eigen::Index>(next)) = y;
        e.sse += residual * residual;
        if (need == Need::normal_equations) {
            for (std::size_t r = 0; r < np; ++r) {
                e.jtr(static_cast<Eigen::Index>(r)) += row[r] * residual;
                for (std::size_t t = r; t < np; ++t) e.jtj(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(t)) += row[r] * row[t];
            }
        } else if (need == Need::jacobian) {
            for (std::size_t r = 0; r < np; ++r) e.jacobian(static_cast<Eigen::Index>(next), static_cast<Eigen::Index>(r)) = row[r];
        }
        ++next;
    }
    if (need == Need::normal_equations) e.jtj = e.jtj.selfadjointView<Eigen::Upper>();
    if (!std::isfinite(e.sse)) e.sse = std::numeric_limits<double>::infinity();
    return e;
}

// Levenberg-Marquardt on the output error from theta; the log time constants stay in
// their bounds.
struct LmResult {
    Eigen::VectorXd theta;
    Evaluation at;
    int iterations = 0;
    bool converged = false;
};

LmResult levenberg_marquardt(const Problem& p, Eigen::VectorXd theta) {
    const auto m = static_cast<Eigen::Index>(p.m());
    const Eigen::Index np = p.parameters();
    const auto clamp_taus = [&](Eigen::VectorXd& t) {
        for (Eigen::Index i = 0; i < m; ++i) t(1 + m + i) = std::clamp(t(1 + m + i), p.log_tau_min, p.log_tau_max);
        if (p.second_order) t(np - 1) = std::clamp(t(np - 1), p.log_tau_min, p.log_tau_max);
    };
    clamp_taus(theta);
    LmResult r;
    r.at = evaluate(p, theta, Need::normal_equations);
    double lambda = 1e-3;
    for (r.iterations = 0; r.iterations < 60; ++r.iterations) {
        const Eigen::MatrixXd& jtj = r.at.jtj;
        const Eigen::VectorXd& jtr = r.at.jtr;
        bool improved = false;
        for (int tries = 0; tries < 10 && !improved; ++tries) {
            Eigen::MatrixXd a = jtj;
            for (Eigen::Index i = 0; i < np; ++i) a(i, i) += lambda * std::max(jtj(i, i), 1e-12);
            Eigen::VectorXd delta = a.ldlt().solve(jtr);
            if (!delta.allFinite()) {
                lambda *= 10.0;
                continue;
            }
            Eigen::VectorXd trial = theta + delta;
            clamp_taus(trial);
            const Evaluation e = evaluate(p, trial, Need::value);
            if (e.sse < r.at.sse) {
                const double gain = (r.at.sse - e.sse) / std::max(r.at.sse, 1e-300);
                theta = trial;
                r.at = evaluate(p, theta, Need::normal_equations);
                lambda = std::max(lambda / 3.0, 1e-9);
                improved = true;
                if (gain < 1e-10) {
                    r.converged = true;
                    r.theta = theta;
                    return r;
                }
            } else {
                lambda *= 10.0;
            }
        }
        if (!improved) {
            r.converged = true;  // no step lowers the error: a minimum at this precision
            break;
        }
    }
    r.theta = theta;
    return r;
}

// One common time constant from the equation error (ARX) as the starting point.
double arx_time_constant(const SignalFrame& frame, const OutputFitSpec& spec, const Problem& p,
                         const std::vector<double>& y_full) {
    std::vector<std::size_t> rows;
    for (const std::size_t k : p.rows)
        if (k > 0 && std::isfinite(y_full[k - 1])) rows.push_back(k);
    const auto n = static_cast<Eigen::Index>(rows.size());
    const Eigen::Index cols = 2 + static_cast<Eigen::Index>(p.m()) + p.q();
    if (n < cols + 20) return 5.0 * p.dt;
    Eigen::MatrixXd x(n, cols);
    Eigen::VectorXd y(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        const std::size_t k = rows[static_cast<std::size_t>(r)];
        x(r, 0) = 1.0;
        x(r, 1) = y_full[k - 1];
        for (std::size_t i = 0; i < p.m(); ++i) x(r, 2 + static_cast<Eigen::Index>(i)) = p.paths[i].deviation[k - 1];
        for (Eigen::Index j = 0; j < p.q(); ++j) x(r, 2 + static_cast<Eigen::Index>(p.m()) + j) = p.statics(static_cast<Eigen::Index>(k), j);
        y(r) = y_full[k];
    }
    (void)frame;
    (void)spec;
    try {
        const double a = fit_least_squares(x, y).coefficients(1);
        if (a > 0.01 && a < 0.9999) return -p.dt / std::log(a);
    } catch (const ModelError&) {
    }
    return 5.0 * p.dt;
}

// theta with the linear parameters (c, K, g) from least squares at the given time constants.
Eigen::VectorXd linear_start(const Problem& p, double log_tau, double log_tau_s) {
    const auto m = static_cast<Eigen::Index>(p.m());
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(p.parameters());
    theta(0) = p.y.mean();
    for (Eigen::Index i = 0; i < m; ++i) theta(1 + m + i) = log_tau;
    if (p.second_order) theta(p.parameters() - 1) = log_tau_s;
    const Evaluation e = evaluate(p, theta, Need::jacobian);
    // With gains 0 the Jacobian's c, K and g columns are the regressors themselves.
    std::vector<Eigen::Index> linear{0};
    for (Eigen::Index i = 0; i < m; ++i) linear.push_back(1 + i);
    for (Eigen::Index j = 0; j < p.q(); ++j) linear.push_back(1 + 2 * m + j);
    Eigen::MatrixXd x(e.jacobian.rows(), static_cast<Eigen::Index>(linear.size()));
    for (std::size_t c = 0; c < linear.size(); ++c) x.col(static_cast<Eigen::Index>(c)) = e.jacobian.col(linear[c]);
    try {
        const LeastSquaresFit ls = fit_least_squares(x, p.y);
        for (std::size_t c = 0; c < linear.size(); ++c) theta(linear[c]) = ls.coefficients(static_cast<Eigen::Index>(c));
    } catch (const ModelError&) {
    }
    return theta;
}

Eigen::MatrixXd pseudo_inverse(const Eigen::MatrixXd& a) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a);
    const double top = std::max(eig.eigenvalues().maxCoeff(), 1e-300);
    Eigen::VectorXd inv = eig.eigenvalues();
    for (Eigen::Index i = 0; i < inv.size(); ++i) inv(i) = inv(i) > 1e-12 * top ? 1.0 / inv(i) : 0.0;
    return eig.eigenvectors() * inv.asDiagonal() * eig.eigenvectors().transpose();
}

struct Candidate {
    std::unique_ptr<DynamicOutputModel> model;
    double train_sse = 0.0;
    std::size_t train_n = 0;
    double bic = 0.0;
    double holdout_rmse = nan;
    double tau_s_relative_se = nan;
    bool converged = false;
};

Candidate fit_order(const SignalFrame& frame, const OutputFitSpec& spec, Problem& p, bool second_order,
                    const std::vector<Regressor>& static_terms, double tau0, const HoldoutSplit& split) {
    p.second_order = second_order;
    const auto m = static_cast<Eigen::Index>(p.m());
    const Eigen::Index np = p.parameters();
    LmResult best;
    best.at.sse = std::numeric_limits<double>::infinity();
    for (const double factor : {1.0, 4.0}) {
        const double tau = std::clamp(tau0 * factor, std::exp(p.log_tau_min), std::exp(p.log_tau_max));
        const double tau_s = std::max(p.dt, tau / 4.0);
        LmResult r = levenberg_marquardt(p, linear_start(p, std::log(tau), std::log(tau_s)));
        if (r.at.sse < best.at.sse) best = std::move(r);
    }
    if (!best.theta.allFinite() || !std::isfinite(best.at.sse))
        throw ModelError(fmt::format("'{}': the dynamic model's identification did not reach finite numbers",
                                     spec.output));
    Candidate c;
    c.converged = best.converged;
    c.train_n = p.rows.size();
    c.train_sse = best.at.sse;
    const double n = static_cast<double>(c.train_n);
    const double dof = std::max(1.0, n - static_cast<double>(np));
    const double sigma2 = c.train_sse / dof;
    c.bic = n * std::log(std::max(c.train_sse / n, 1e-300)) + static_cast<double>(np) * std::log(n);
    const Eigen::VectorXd residuals = p.y - best.at.yhat;
    const ResidualNoise noise = residual_noise(residuals, p.rows);
    Eigen::MatrixXd cov = sigma2 * pseudo_inverse(best.at.jtj) * noise.variance_inflation;
    // From log time constants to minutes: d tau = tau d log tau.
    Eigen::VectorXd d = Eigen::VectorXd::Ones(np);
    for (Eigen::Index i = 0; i < m; ++i) d(1 + m + i) = std::exp(best.theta(1 + m + i));
    if (second_order) d(np - 1) = std::exp(best.theta(np - 1));
    cov = d.asDiagonal() * cov * d.asDiagonal();

    DynamicOutputModel::Spec s;
    s.output = spec.output;
    s.unit = spec.unit;
    s.offset = best.theta(0);
    for (Eigen::Index i = 0; i < m; ++i) {
        const auto& path = p.paths[static_cast<std::size_t>(i)];
        s.paths.push_back({path.signal, frame.at(path.signal).unit, best.theta(1 + i), std::exp(best.theta(1 + m + i)),
                           path.delay_min, path.mean});
    }
    s.static_regressors = static_terms;
    s.static_coefficients = best.theta.segment(1 + 2 * m, p.q());
    s.output_tau_min = second_order ? std::exp(best.theta(np - 1)) : 0.0;
    if (second_order) c.tau_s_relative_se = std::sqrt(std::max(0.0, cov(np - 1, np - 1))) / s.output_tau_min;
    s.covariance = cov;
    s.input_units = input_units(frame, spec);
    s.noise_sd = noise.sd;
    s.noise_ar1 = noise.ar1;
    c.model = std::make_unique<DynamicOutputModel>(std::move(s));

    // Free run over the whole frame (the hold-out follows the training in time).
    std::vector<double> sim(frame.steps());
    c.model->simulate(frame, sim);
    const auto& y = frame.at(spec.output).values;
    std::vector<double> pred, act;
    for (const std::size_t k : split.test) {
        pred.push_back(sim[k]);
        act.push_back(y[k]);
    }
    double train_mean = 0.0;
    for (const std::size_t k : split.train) train_mean += y[k];
    train_mean /= std::max<double>(1.0, static_cast<double>(split.train.size()));
    FitReport& report = c.model->report();
    report.metrics = continuous_holdout_metrics(pred, act, train_mean);
    report.metrics.n_train = c.train_n;
    c.holdout_rmse = report.metrics.rmse;
    std::vector<std::size_t> test_kept;
    Eigen::VectorXd pv(static_cast<Eigen::Index>(pred.size())), av(static_cast<Eigen::Index>(pred.size()));
    Eigen::Index used = 0;
    for (std::size_t i = 0; i < pred.size(); ++i)
        if (std::isfinite(pred[i]) && std::isfinite(act[i])) {
            test_kept.push_back(split.test[i]);
            pv(used) = pred[i];
            av(used) = act[i];
            ++used;
        }
    pv.conservativeResize(used);
    av.conservativeResize(used);
    report.diagnostics = holdout_diagnostics(frame, spec, test_kept, pv, av, Eigen::VectorXd());
    report.envelope = input_envelope(frame, spec.inputs, split.train);
    fill_time_range(frame, split.train, split.test, report);
    if (!best.converged)
        report.warnings.push_back("the output-error identification stopped at its iteration limit");
    return c;
}

}  // namespace

std::unique_ptr<DynamicOutputModel> fit_dynamic_output(const SignalFrame& frame, const OutputFitSpec& spec,
                                                       const std::vector<Regressor>& static_terms,
                                                       double static_holdout_rmse) {
    if (!frame.has_time() || !(frame.step_min > 0.0))
        throw ModelError(fmt::format("'{}': a dynamic model needs a time axis", spec.output));
    const HoldoutSplit split = holdout_split(frame, spec);
    if (split.train.size() < 200 || split.test.size() < 50)
        throw ModelError(fmt::format("'{}': {} training and {} hold-out rows are too few for a dynamic model",
                                     spec.output, split.train.size(), split.test.size()));
    const std::size_t span = split.train.back() - split.train.front() + 1;
    if (static_cast<double>(split.train.size()) < 0.3 * static_cast<double>(span))
        throw ModelError(fmt::format("'{}' is measured on {:.0f} % of the steps: too sparse for a free-run "
                                     "comparison, it is modelled as a static function of its inputs",
                                     spec.output, 100.0 * static_cast<double>(split.train.size()) / static_cast<double>(span)));

    Problem p;
    p.dt = frame.step_min;
    p.steps = split.train.back() + 1;
    for (const auto& name : spec.inputs) {
        const FrameSignal& s = frame.at(name);
        if (s.categorical()) continue;
        const auto [mean, varies] = mean_over(s, split.train);
        if (!varies) continue;
        const int lag = lag_steps(frame, spec, name);
        Problem::Path path;
        path.signal = name;
        path.mean = mean;
        path.delay_min = lag * frame.step_min;
        path.deviation = path_input(s.values, p.steps, static_cast<std::size_t>(lag), mean);
        p.paths.push_back(std::move(path));
    }
    if (p.paths.empty())
        throw ModelError(fmt::format("'{}': no numeric input varies, so there are no dynamics to identify", spec.output));
    const BoundDesign statics(static_terms, frame);
    p.statics.resize(static_cast<Eigen::Index>(p.steps), static_cast<Eigen::Index>(static_terms.size()));
    std::vector<double> row(static_terms.size());
    std::vector<bool> static_ok(p.steps, true);
    for (std::size_t k = 0; k < p.steps; ++k) {
        if (!statics.row(k, row.data())) {
            static_ok[k] = false;
            std::fill(row.begin(), row.end(), 0.0);
        }
        for (std::size_t j = 0; j < row.size(); ++j) p.statics(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j)) = row[j];
    }
    const auto& y = frame.at(spec.output).values;
    for (const std::size_t k : split.train)
        if (static_ok[k]) p.rows.push_back(k);
    p.y.resize(static_cast<Eigen::Index>(p.rows.size()));
    for (std::size_t r = 0; r < p.rows.size(); ++r) p.y(static_cast<Eigen::Index>(r)) = y[p.rows[r]];
    const double train_minutes = static_cast<double>(span) * p.dt;
    p.log_tau_min = std::log(0.05 * p.dt);
    p.log_tau_max = std::log(std::max(10.0 * p.dt, std::min(0.25 * train_minutes, 7.0 * 1440.0)));

    const double tau0 = arx_time_constant(frame, spec, p, y);
    Candidate first = fit_order(frame, spec, p, false, static_terms, tau0, split);
    std::string order_reason = "first order";
    std::vector<FormCandidate> candidates;
    const auto describe = [](const Candidate& c, int order) {
        const double train_rmse = std::sqrt(c.train_sse / std::max<double>(1.0, static_cast<double>(c.train_n)));
        return FormCandidate{fmt::format("dynamic, order {}", order), 0, FormCandidate::Figure::rmse, c.holdout_rmse,
                             {{"order", order}, {"train_rmse", train_rmse}, {"bic", c.bic}, {"converged", c.converged}}};
    };
    candidates.push_back(describe(first, 1));
    Candidate chosen = std::move(first);
    const bool beats_static = !std::isfinite(static_holdout_rmse) ||
                              chosen.holdout_rmse < (1.0 - spec.min_holdout_gain) * static_holdout_rmse;
    if (beats_static) try {
        Candidate second = fit_order(frame, spec, p, true, static_terms, tau0, split);
        FormCandidate described = describe(second, 2);
        described.details["output_tau_min"] = second.model->output_tau_min();
        described.details["output_tau_relative_se"] = second.tau_s_relative_se;
        candidates.push_back(std::move(described));
        const bool better = second.holdout_rmse < 0.95 * chosen.holdout_rmse;
        const bool bic = second.bic < chosen.bic;
        const bool resolvable = second.model->output_tau_min() >= p.dt && second.tau_s_relative_se <= 0.25;
        if (better && bic && resolvable && second.converged) {
            order_reason = fmt::format("second order: hold-out RMSE {:.4g} against {:.4g} first order, lower BIC, "
                                       "output lag {:.3g} min",
                                       second.holdout_rmse, chosen.holdout_rmse, second.model->output_tau_min());
            chosen = std::move(second);
        } else {
            order_reason = fmt::format("first order (second order: hold-out RMSE {:.4g} against {:.4g}{}{})",
                                       second.holdout_rmse, chosen.holdout_rmse, bic ? "" : ", higher BIC",
                                       resolvable ? "" : ", output lag not resolvable");
        }
    } catch (const ModelError&) {
    }
    chosen.model->report().form_reason = order_reason;
    chosen.model->report().candidates = candidates;
    return std::move(chosen.model);
}

}  // namespace twinbench
