// What the first- and second-order furnace identifications share: robust (Huber)
// equation-error least squares, the output-error Gauss-Newton loop, the M-estimation
// sandwich covariance and the hold-out metrics. Internal to core/models/furnace_*.cpp;
// templates on the parameter count N, the model supplies its regressors or its
// simulation with sensitivities.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <Eigen/Dense>

#include "common/error.h"
#include "models/furnace_series.h"
#include "models/furnace_temperature_model.h"

namespace twinbench::furnace_identification {

inline double median_abs(std::vector<double> v) {
    if (v.empty()) return 0.0;
    for (auto& x : v) x = std::abs(x);
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// Robust standard deviation (1.4826 MAD about zero: residuals have mean ~0), never 0 so
// that weights stay finite on perfectly fitting data.
inline double robust_scale(const std::vector<double>& residuals) {
    return std::max(1.4826 * median_abs(residuals), 1e-9);
}

inline double huber_weight(double r, double scale, double k) {
    const double u = std::abs(r) / scale;
    return u <= k ? 1.0 : k / u;
}

inline double huber_loss(double r, double scale, double k) {
    const double u = std::abs(r) / scale;
    return u <= k ? 0.5 * u * u : k * u - 0.5 * k * k;
}

// Accumulates the M-estimation sandwich for residual r with derivative row j
// (d prediction / d theta): bread sum psi'(u) j j', meat sum psi(u)^2 j j'.
template <int N>
struct Sandwich {
    using Matrix = Eigen::Matrix<double, N, N>;
    Matrix bread = Matrix::Zero();
    Matrix meat = Matrix::Zero();
    void add(const Eigen::Matrix<double, N, 1>& j, double r, double scale, double k) {
        const double u = r / scale;
        const double psi = std::clamp(u, -k, k);
        if (std::abs(u) <= k) bread.noalias() += j * j.transpose();
        meat.noalias() += (psi * psi) * (j * j.transpose());
    }
    Matrix covariance(double scale) const {
        const Matrix inv = bread.ldlt().solve(Matrix::Identity());
        return scale * scale * inv * meat * inv;
    }
};

template <int N>
struct ArxResult {
    Eigen::Matrix<double, N, 1> theta;
    Eigen::Matrix<double, N, N> covariance;
    double scale = 0.0;
    std::size_t downweighted = 0;
};

// One-step prediction theta . x, summed as theta_0 x_0 + rest (the order the first-order
// model has always used, so its results stay bit for bit the same).
template <int N>
double predict(const Eigen::Matrix<double, N, 1>& theta, const Eigen::Matrix<double, N, 1>& x) {
    return theta(0) * x(0) + theta.template tail<N - 1>().dot(x.template tail<N - 1>());
}

// Equation-error least squares of T[k+1] on regressor(k) over the given rows, with Huber
// reweighting passes (IRLS). Throws ModelError when the regressors are collinear.
template <int N, typename Regressor>
ArxResult<N> fit_huber_arx(const FurnaceSeries& s, const std::vector<std::size_t>& rows,
                           Regressor&& regressor, const FurnaceFitOptions& options) {
    using Vector = Eigen::Matrix<double, N, 1>;
    using Matrix = Eigen::Matrix<double, N, N>;
    std::vector<double> w(rows.size(), 1.0), r(rows.size(), 0.0);
    Vector theta = Vector::Zero();
    double scale = 0.0;
    for (int pass = 0; pass <= options.arx_reweighting_passes; ++pass) {
        Matrix xtx = Matrix::Zero();
        Vector xty = Vector::Zero();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Vector x = regressor(rows[i]);
            xtx.noalias() += w[i] * x * x.transpose();
            xty.noalias() += w[i] * s.furnace[rows[i] + 1] * x;
        }
        // Column-pivoting QR: a collinear design (constant input) gives a rank report
        // instead of garbage; the caller has already checked the inputs vary.
        Eigen::ColPivHouseholderQR<Matrix> qr(xtx);
        if (qr.rank() < N)
            throw ModelError(
                "furnace temperature model: the inputs are collinear in the training data "
                "(setpoint, load and ambient must vary independently)");
        theta = qr.solve(xty);
        for (std::size_t i = 0; i < rows.size(); ++i)
            r[i] = s.furnace[rows[i] + 1] - predict<N>(theta, regressor(rows[i]));
        scale = robust_scale(r);
        for (std::size_t i = 0; i < rows.size(); ++i)
            w[i] = huber_weight(r[i], scale, options.huber_k);
    }
    // The sandwich treats the residuals as independent; they are MA (the noise of T[k+1]
    // and of the lagged readings all enter), so these errors are rough. The output-error
    // fit replaces them.
    Sandwich<N> sw;
    std::size_t downweighted = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        sw.add(regressor(rows[i]), r[i], scale, options.huber_k);
        if (w[i] < 0.5) ++downweighted;
    }
    return {theta, sw.covariance(scale), scale, downweighted};
}

template <int N>
struct OutputErrorResult {
    Eigen::Matrix<double, N, 1> theta;
    Eigen::Matrix<double, N, N> covariance;
    double scale = 0.0;
    std::size_t downweighted = 0;
    int iterations = 0;
    bool converged = false;
};

// Residuals of a free-run simulation into r; false when it diverges.
template <int N, typename Simulate>
bool free_run_residuals(const FurnaceSeries& s, Simulate& simulate,
                        const Eigen::Matrix<double, N, 1>& theta, std::vector<double>& r) {
    r.clear();
    r.reserve(s.size());
    return simulate(theta, false,
                    [&](std::size_t row, double x, const Eigen::Matrix<double, N, 1>&) {
                        r.push_back(s.furnace[row] - x);
                    });
}

// Residual scale of a free-run simulation (infinite when it diverges).
template <int N, typename Simulate>
double free_run_scale(const FurnaceSeries& s, Simulate& simulate,
                      const Eigen::Matrix<double, N, 1>& theta) {
    std::vector<double> r;
    return free_run_residuals<N>(s, simulate, theta, r) ? robust_scale(r)
                                                        : std::numeric_limits<double>::infinity();
}

// Sum of Huber losses of residuals at a given scale.
inline double huber_objective(const std::vector<double>& r, double scale, double k_huber) {
    double sum = 0.0;
    for (const double x : r) sum += huber_loss(x, scale, k_huber);
    return sum;
}

// Sum of Huber losses of a free-run simulation at a given scale (infinite when it diverges).
template <int N, typename Simulate>
double free_run_objective(const FurnaceSeries& s, Simulate& simulate,
                          const Eigen::Matrix<double, N, 1>& theta, double scale, double k_huber) {
    std::vector<double> r;
    return free_run_residuals<N>(s, simulate, theta, r) ? huber_objective(r, scale, k_huber)
                                                        : std::numeric_limits<double>::infinity();
}

// Gauss-Newton on the simulation error with Huber weights and step halving. The
// thermocouple noise enters only the residual here, never a regressor, so the estimate
// is not attenuated the way the ARX one is; with white measurement noise the residuals
// are white and the sandwich covariance is the sampling covariance.
//
// simulate(theta, with_sensitivity, visit) runs the model over the fitted segments and
// calls visit(row, prediction, d prediction / d theta) for every measured row; it returns
// false when the simulation diverges. admissible(theta) says whether the dynamics are
// physical (stable, monotone lags): steps are halved until they are. Each iteration runs
// one simulation with sensitivities and one per trial step; the residuals of the
// accepted step give the next iteration's scale.
template <int N, typename Simulate, typename Admissible>
OutputErrorResult<N> fit_output_error(const FurnaceSeries& s, Simulate&& simulate,
                                      Eigen::Matrix<double, N, 1> theta, Admissible&& admissible,
                                      const FurnaceFitOptions& options) {
    using Vector = Eigen::Matrix<double, N, 1>;
    using Matrix = Eigen::Matrix<double, N, N>;
    const double k_huber = options.huber_k;
    OutputErrorResult<N> out;
    std::vector<double> residuals, trial;  // of theta, of the step being tried
    bool finite = free_run_residuals<N>(s, simulate, theta, residuals);
    for (out.iterations = 1; out.iterations <= options.max_output_error_iterations;
         ++out.iterations) {
        if (!finite) break;
        const double scale = robust_scale(residuals);
        Matrix jtj = Matrix::Zero();
        Vector jtr = Vector::Zero();
        double before = 0.0;
        simulate(theta, true, [&](std::size_t row, double x, const Vector& j) {
            const double r = s.furnace[row] - x;
            const double w = huber_weight(r, scale, k_huber);
            jtj.noalias() += w * j * j.transpose();
            jtr.noalias() += w * r * j;
            before += huber_loss(r, scale, k_huber);
        });
        Vector delta = jtj.ldlt().solve(jtr);
        // A nearly flat direction (two equal lags, a lag at its bound) can defeat LDLT;
        // the minimum-norm step moves only along the directions the data determines.
        if (!delta.allFinite()) delta = jtj.completeOrthogonalDecomposition().solve(jtr);
        if (!delta.allFinite()) break;
        auto worse = [&](const Vector& next) {
            if (!admissible(next)) return true;
            if (!free_run_residuals<N>(s, simulate, next, trial)) return true;
            return huber_objective(trial, scale, k_huber) > before;
        };
        double step = 1.0;
        Vector next = theta + delta;
        // Halve until the dynamics are admissible and the robust loss does not rise.
        while (step > 1e-4 && worse(next)) {
            step *= 0.5;
            next = theta + step * delta;
        }
        if (step <= 1e-4) {
            out.converged = true;  // no descent left: at the optimum up to rounding
            break;
        }
        const double change = (next - theta)
                                  .cwiseAbs()
                                  .cwiseQuotient(theta.cwiseAbs().array().max(1e-3).matrix())
                                  .maxCoeff();
        theta = next;
        residuals.swap(trial);
        if (change < 1e-9) {
            out.converged = true;
            break;
        }
    }
    out.theta = theta;
    out.scale = free_run_scale<N>(s, simulate, theta);
    Sandwich<N> sw;
    simulate(theta, true, [&](std::size_t row, double x, const Vector& j) {
        const double r = s.furnace[row] - x;
        sw.add(j, r, out.scale, k_huber);
        if (huber_weight(r, out.scale, k_huber) < 0.5) ++out.downweighted;
    });
    out.covariance = sw.covariance(out.scale);
    return out;
}

struct MetricAccumulator {
    std::vector<double> actual, predicted;
    void add(double a, double p) {
        actual.push_back(a);
        predicted.push_back(p);
    }
    FurnaceFitMetrics finish() const {
        FurnaceFitMetrics m;
        m.n = actual.size();
        if (m.n == 0) {
            m.rmse = m.mae = m.r2 = std::numeric_limits<double>::quiet_NaN();
            return m;
        }
        double mean = 0.0;
        for (double a : actual) mean += a;
        mean /= static_cast<double>(m.n);
        double sse = 0.0, sae = 0.0, sst = 0.0;
        for (std::size_t i = 0; i < m.n; ++i) {
            const double e = actual[i] - predicted[i];
            sse += e * e;
            sae += std::abs(e);
            sst += (actual[i] - mean) * (actual[i] - mean);
        }
        m.rmse = std::sqrt(sse / static_cast<double>(m.n));
        m.mae = sae / static_cast<double>(m.n);
        m.r2 = sst > 0.0 ? 1.0 - sse / sst : std::numeric_limits<double>::quiet_NaN();
        return m;
    }
};

// Free-run metrics of theta over the given simulation, with the per-row diagnostics.
template <int N, typename Simulate>
FurnaceFitMetrics free_run_metrics(const FurnaceSeries& s, Simulate&& simulate,
                                   const Eigen::Matrix<double, N, 1>& theta,
                                   HoldoutDiagnostics* diagnostics) {
    MetricAccumulator acc;
    simulate(theta, false, [&](std::size_t row, double x, const Eigen::Matrix<double, N, 1>&) {
        acc.add(s.furnace[row], x);
        if (diagnostics) diagnostics->add(s.time_s[row], x, s.furnace[row]);
    });
    return acc.finish();
}

// Gaussian information criteria of the free-run training residuals of a model with k
// parameters: n ln(RSS / n) + 2k and + k ln n (the noise variance is common to both
// orders and left out). Fills the candidate's n, rmse, aic and bic.
template <int N, typename Simulate>
void information_criteria(const FurnaceSeries& s, Simulate&& simulate,
                          const Eigen::Matrix<double, N, 1>& theta, FurnaceOrderCandidate& c) {
    double rss = 0.0;
    std::size_t n = 0;
    simulate(theta, false, [&](std::size_t row, double x, const Eigen::Matrix<double, N, 1>&) {
        rss += (s.furnace[row] - x) * (s.furnace[row] - x);
        ++n;
    });
    c.parameters = N;
    c.train_n = n;
    if (n == 0 || !(rss > 0.0) || !std::isfinite(rss)) return;
    const double nd = static_cast<double>(n);
    const double fit_term = nd * std::log(rss / nd);
    c.train_rmse = std::sqrt(rss / nd);
    c.aic = fit_term + 2.0 * N;
    c.bic = fit_term + N * std::log(nd);
}

}  // namespace twinbench::furnace_identification
