#include "models/furnace_temperature_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <Eigen/Dense>

#include "common/error.h"
#include "models/furnace_series.h"

namespace twinbench {

using Vector5 = Eigen::Matrix<double, 5, 1>;
using Matrix5 = Eigen::Matrix<double, 5, 5>;

double FurnaceTemperatureModel::decay() const { return std::exp(-step_min / tau_min); }

double FurnaceTemperatureModel::steady_state_degC(double setpoint_degC, double load_parts_per_min,
                                                  double ambient_degC) const {
    return setpoint_gain * setpoint_degC + load_sensitivity * load_parts_per_min +
           ambient_sensitivity * ambient_degC + offset_degC;
}

double FurnaceTemperatureModel::step(double furnace_degC, double setpoint_degC,
                                     double load_parts_per_min, double ambient_degC) const {
    const double a = decay();
    return a * furnace_degC +
           (1.0 - a) * steady_state_degC(setpoint_degC, load_parts_per_min, ambient_degC);
}

std::vector<double> FurnaceTemperatureModel::simulate(double initial_degC,
                                                      const FurnaceInputs& inputs) const {
    const std::size_t n = inputs.size();
    if (inputs.load_parts_per_min.size() != n || inputs.ambient_degC.size() != n)
        throw std::invalid_argument("furnace simulation: input series differ in length");
    std::vector<double> out(n);
    if (n == 0) return out;
    out[0] = initial_degC;
    for (std::size_t k = 0; k + 1 < n; ++k)
        out[k + 1] = step(out[k], inputs.setpoint_degC[k], inputs.load_parts_per_min[k],
                          inputs.ambient_degC[k]);
    return out;
}

const FurnaceParameter& FurnaceTemperatureFit::parameter(const std::string& name) const {
    for (const auto& p : parameters)
        if (p.name == name) return p;
    throw std::out_of_range("no furnace model parameter " + name);
}

namespace {

// theta = (a, beta_sp, beta_load, beta_amb, beta_0): the model is linear in it for one
// step, T[k+1] = a T[k] + beta . phi_k with phi_k = (SP, load, Tamb, 1).
Eigen::Vector4d phi(const FurnaceSeries& s, std::size_t k) {
    return {s.setpoint[k], s.load[k], s.ambient[k], 1.0};
}

double one_step(const Vector5& theta, const FurnaceSeries& s, std::size_t k, double t_k) {
    return theta(0) * t_k + theta.tail<4>().dot(phi(s, k));
}

double median_abs(std::vector<double> v) {
    if (v.empty()) return 0.0;
    for (auto& x : v) x = std::abs(x);
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// Robust standard deviation (1.4826 MAD about zero: residuals have mean ~0), never 0 so
// that weights stay finite on perfectly fitting data.
double robust_scale(const std::vector<double>& residuals) {
    return std::max(1.4826 * median_abs(residuals), 1e-9);
}

double huber_weight(double r, double scale, double k) {
    const double u = std::abs(r) / scale;
    return u <= k ? 1.0 : k / u;
}

double huber_loss(double r, double scale, double k) {
    const double u = std::abs(r) / scale;
    return u <= k ? 0.5 * u * u : k * u - 0.5 * k * k;
}

// Accumulates the M-estimation sandwich for residual r with derivative row j
// (d prediction / d theta): bread sum psi'(u) j j', meat sum psi(u)^2 j j'.
struct Sandwich {
    Matrix5 bread = Matrix5::Zero();
    Matrix5 meat = Matrix5::Zero();
    void add(const Vector5& j, double r, double scale, double k) {
        const double u = r / scale;
        const double psi = std::clamp(u, -k, k);
        if (std::abs(u) <= k) bread.noalias() += j * j.transpose();
        meat.noalias() += (psi * psi) * (j * j.transpose());
    }
    Matrix5 covariance(double scale) const {
        const Matrix5 inv = bread.ldlt().solve(Matrix5::Identity());
        return scale * scale * inv * meat * inv;
    }
};

struct ArxResult {
    Vector5 theta;
    Matrix5 covariance;
    double scale = 0.0;
    std::size_t downweighted = 0;
};

// Equation-error least squares with Huber reweighting passes (IRLS).
ArxResult fit_arx(const FurnaceSeries& s, const std::vector<std::size_t>& pairs,
                  const FurnaceFitOptions& options) {
    std::vector<double> w(pairs.size(), 1.0), r(pairs.size(), 0.0);
    Vector5 theta = Vector5::Zero();
    double scale = 0.0;
    for (int pass = 0; pass <= options.arx_reweighting_passes; ++pass) {
        Matrix5 xtx = Matrix5::Zero();
        Vector5 xty = Vector5::Zero();
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const std::size_t k = pairs[i];
            Vector5 x;
            x << s.furnace[k], phi(s, k);
            xtx.noalias() += w[i] * x * x.transpose();
            xty.noalias() += w[i] * s.furnace[k + 1] * x;
        }
        // Column-pivoting QR: a collinear design (constant input) gives a rank report
        // instead of garbage; the caller has already checked the inputs vary.
        Eigen::ColPivHouseholderQR<Matrix5> qr(xtx);
        if (qr.rank() < 5)
            throw ModelError("furnace temperature model: the inputs are collinear in the "
                             "training data (setpoint, load and ambient must vary independently)");
        theta = qr.solve(xty);
        for (std::size_t i = 0; i < pairs.size(); ++i)
            r[i] = s.furnace[pairs[i] + 1] - one_step(theta, s, pairs[i], s.furnace[pairs[i]]);
        scale = robust_scale(r);
        for (std::size_t i = 0; i < pairs.size(); ++i) w[i] = huber_weight(r[i], scale, options.huber_k);
    }
    // The sandwich treats the residuals as independent; they are MA(1) (the noise of
    // T[k+1] and of T[k] both enter), so these errors are rough. The output-error fit
    // replaces them.
    Sandwich sw;
    std::size_t downweighted = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        Vector5 x;
        x << s.furnace[pairs[i]], phi(s, pairs[i]);
        sw.add(x, r[i], scale, options.huber_k);
        if (w[i] < 0.5) ++downweighted;
    }
    return {theta, sw.covariance(scale), scale, downweighted};
}

// Free-run simulation of theta over the segments with the sensitivities d x / d theta;
// calls visit(row, prediction, sensitivity) for every row after a segment start that has
// a measurement. Returns false when the simulation diverges.
template <typename Visit>
bool simulate_segments(const FurnaceSeries& s, const std::vector<Segment>& segments,
                       const Vector5& theta, bool with_sensitivity, Visit&& visit) {
    for (const auto& seg : segments) {
        double x = s.furnace[seg.first];
        Vector5 sens = Vector5::Zero();
        for (std::size_t k = seg.first; k < seg.last; ++k) {
            const Eigen::Vector4d f = phi(s, k);
            if (with_sensitivity) {
                Vector5 direct;
                direct << x, f;
                sens = direct + theta(0) * sens;
            }
            x = theta(0) * x + theta.tail<4>().dot(f);
            if (!std::isfinite(x)) return false;
            if (!std::isnan(s.furnace[k + 1])) visit(k + 1, x, sens);
        }
    }
    return true;
}

struct OutputErrorResult {
    Vector5 theta;
    Matrix5 covariance;
    double scale = 0.0;
    std::size_t downweighted = 0;
    int iterations = 0;
    bool converged = false;
};

// Gauss-Newton on the simulation error with Huber weights and step halving. The
// thermocouple noise enters only the residual here, never a regressor, so the estimate
// is not attenuated the way the ARX one is; with white measurement noise the residuals
// are white and the sandwich covariance is the sampling covariance.
OutputErrorResult fit_output_error(const FurnaceSeries& s, const std::vector<Segment>& segments,
                                   Vector5 theta, const FurnaceFitOptions& options) {
    const double k_huber = options.huber_k;
    auto residual_scale = [&](const Vector5& th) {
        std::vector<double> r;
        r.reserve(s.size());
        const bool ok = simulate_segments(s, segments, th, false, [&](std::size_t row, double x, const Vector5&) {
            r.push_back(s.furnace[row] - x);
        });
        return ok ? robust_scale(r) : std::numeric_limits<double>::infinity();
    };
    auto objective = [&](const Vector5& th, double scale) {
        double sum = 0.0;
        const bool ok = simulate_segments(s, segments, th, false, [&](std::size_t row, double x, const Vector5&) {
            sum += huber_loss(s.furnace[row] - x, scale, k_huber);
        });
        return ok ? sum : std::numeric_limits<double>::infinity();
    };

    OutputErrorResult out;
    for (out.iterations = 1; out.iterations <= options.max_output_error_iterations; ++out.iterations) {
        const double scale = residual_scale(theta);
        if (!std::isfinite(scale)) break;
        Matrix5 jtj = Matrix5::Zero();
        Vector5 jtr = Vector5::Zero();
        simulate_segments(s, segments, theta, true, [&](std::size_t row, double x, const Vector5& j) {
            const double r = s.furnace[row] - x;
            const double w = huber_weight(r, scale, k_huber);
            jtj.noalias() += w * j * j.transpose();
            jtr.noalias() += w * r * j;
        });
        const Vector5 delta = jtj.ldlt().solve(jtr);
        if (!delta.allFinite()) break;
        const double before = objective(theta, scale);
        double step = 1.0;
        Vector5 next = theta + delta;
        // The dynamics must stay stable and monotone (0 < a < 1); halve until they are
        // and the robust loss does not rise.
        while (step > 1e-4 && (next(0) <= 0.0 || next(0) >= 1.0 || objective(next, scale) > before)) {
            step *= 0.5;
            next = theta + step * delta;
        }
        if (step <= 1e-4) {
            out.converged = true;  // no descent left: at the optimum up to rounding
            break;
        }
        const double change = (next - theta).cwiseAbs().cwiseQuotient(theta.cwiseAbs().array().max(1e-3).matrix()).maxCoeff();
        theta = next;
        if (change < 1e-9) {
            out.converged = true;
            break;
        }
    }
    out.theta = theta;
    out.scale = residual_scale(theta);
    Sandwich sw;
    simulate_segments(s, segments, theta, true, [&](std::size_t row, double x, const Vector5& j) {
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

FurnaceFitMetrics one_step_metrics(const FurnaceSeries& s, const std::vector<std::size_t>& pairs,
                                   const Vector5& theta) {
    MetricAccumulator acc;
    for (const std::size_t k : pairs) acc.add(s.furnace[k + 1], one_step(theta, s, k, s.furnace[k]));
    return acc.finish();
}

FurnaceFitMetrics free_run_metrics(const FurnaceSeries& s, const std::vector<Segment>& segments,
                                   const Vector5& theta, HoldoutDiagnostics& diagnostics) {
    MetricAccumulator acc;
    simulate_segments(s, segments, theta, false, [&](std::size_t row, double x, const Vector5&) {
        acc.add(s.furnace[row], x);
        diagnostics.add(s.time_s[row], x, s.furnace[row]);
    });
    return acc.finish();
}

FurnaceInputRange range_of(std::string name, const std::string& column, std::string unit,
                           const std::vector<double>& v, const std::vector<std::size_t>& rows) {
    FurnaceInputRange r{std::move(name), column, std::move(unit), std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity()};
    for (const std::size_t k : rows) {
        r.min = std::min(r.min, v[k]);
        r.max = std::max(r.max, v[k]);
    }
    return r;
}

void require_variation(const FurnaceInputRange& r, const std::string& role) {
    if (!(r.max > r.min))
        throw ModelError("furnace temperature model: " + r.name + " (column '" + r.column +
                         "') is constant in the training data; its effect cannot be identified. "
                         "Import a period where it varies or map another column with --map " +
                         role + "=COLUMN");
}

}  // namespace

FurnaceTemperatureFit fit_furnace_temperature(const Table& table, const FurnaceFitOptions& options) {
    const FurnaceSeries s = extract_furnace_series(table, options.stuck_min_run);

    FurnaceTemperatureFit fit;
    fit.setpoint_column = s.setpoint_column;
    fit.furnace_column = s.furnace_column;
    fit.ambient_column = s.ambient_column;
    fit.produced_column = s.produced_column;
    fit.state_column = s.state_column;
    fit.running_label = s.running_label;
    fit.rows = s.size();
    fit.stuck_rows = s.stuck_rows;
    fit.step_min = s.step_s / 60.0;
    fit.first_time_s = s.time_s.front();
    fit.last_time_s = s.time_s.back();
    fit.split_time_s = fit.first_time_s + options.train_fraction * (fit.last_time_s - fit.first_time_s);

    const auto split_row = static_cast<std::size_t>(
        std::lower_bound(s.time_s.begin(), s.time_s.end(), fit.split_time_s) - s.time_s.begin());
    const std::vector<std::size_t> train_pairs = usable_pairs(s, 0, split_row);
    const std::vector<std::size_t> test_pairs = usable_pairs(s, split_row, s.size());
    fit.train_pairs = train_pairs.size();
    fit.test_pairs = test_pairs.size();
    if (train_pairs.size() < options.min_pairs)
        throw ModelError("furnace temperature model: only " + std::to_string(train_pairs.size()) +
                         " usable consecutive row pairs in the training period (need at least " +
                         std::to_string(options.min_pairs) +
                         "): rows need furnace_temp, setpoint, ambient_temp, produced and state, "
                         "one sampling step apart; import more data or fix the gaps");

    fit.envelope = {range_of("setpoint", s.setpoint_column, "°C", s.setpoint, train_pairs),
                    range_of("load", s.produced_column, "parts/min", s.load, train_pairs),
                    range_of("ambient", s.ambient_column, "°C", s.ambient, train_pairs),
                    range_of("furnace_temp", s.furnace_column, "°C", s.furnace, train_pairs)};
    require_variation(fit.envelope[0], "setpoint");
    require_variation(fit.envelope[1], "produced");
    require_variation(fit.envelope[2], "ambient_temp");

    const ArxResult arx = fit_arx(s, train_pairs, options);
    if (!(arx.theta(0) > 0.0 && arx.theta(0) < 1.0))
        throw ModelError("furnace temperature model: the furnace temperature does not settle "
                         "toward its setpoint in the data (estimated decay per step " +
                         std::to_string(arx.theta(0)) + "); check the furnace_temp and setpoint mapping");
    Vector5 theta = arx.theta;
    Matrix5 cov = arx.covariance;
    fit.residual_sd_degC = arx.scale;
    fit.downweighted = arx.downweighted;
    if (!options.output_error_refinement)
        fit.warnings.push_back("equation-error (ARX) estimate only: the sensor noise in T[k] "
                               "biases the time constant short; enable the output-error refinement");

    const std::vector<Segment> train_segments = simulation_segments(s, 0, split_row);
    const std::vector<Segment> test_segments = simulation_segments(s, split_row, s.size());
    if (options.output_error_refinement) {
        const OutputErrorResult oe = fit_output_error(s, train_segments, arx.theta, options);
        if (oe.theta.allFinite() && oe.covariance.allFinite() && oe.theta(0) > 0.0 && oe.theta(0) < 1.0) {
            theta = oe.theta;
            cov = oe.covariance;
            fit.residual_sd_degC = oe.scale;
            fit.downweighted = oe.downweighted;
            fit.iterations = oe.iterations;
            fit.output_error = true;
            if (!oe.converged)
                fit.warnings.push_back("output-error refinement stopped after " +
                                       std::to_string(oe.iterations) + " iterations without converging");
        } else {
            fit.warnings.push_back("output-error refinement failed; the equation-error (ARX) "
                                   "estimate is reported and may underestimate the time constant");
        }
    }

    // Delta method: p = h(theta) with tau = -dt / ln a and b_j = beta_j / (1 - a).
    const double a = theta(0);
    const double dt = fit.step_min;
    const double one_minus_a = 1.0 - a;
    Vector5 p;
    Matrix5 jac = Matrix5::Zero();
    p(0) = -dt / std::log(a);
    jac(0, 0) = dt / (a * std::log(a) * std::log(a));
    for (int j = 1; j < 5; ++j) {
        p(j) = theta(j) / one_minus_a;
        jac(j, 0) = theta(j) / (one_minus_a * one_minus_a);
        jac(j, j) = 1.0 / one_minus_a;
    }
    fit.theta = theta;
    fit.theta_covariance = cov;
    fit.covariance = jac * cov * jac.transpose();

    fit.model.step_min = dt;
    fit.model.tau_min = p(0);
    fit.model.setpoint_gain = p(1);
    fit.model.load_sensitivity = p(2);
    fit.model.ambient_sensitivity = p(3);
    fit.model.offset_degC = p(4);
    const char* names[5] = {"tau", "setpoint_gain", "load_sensitivity", "ambient_sensitivity", "offset"};
    const char* units[5] = {"min", "°C/°C", "°C per part/min", "°C/°C", "°C"};
    for (int j = 0; j < 5; ++j)
        fit.parameters.push_back({names[j], units[j], p(j), std::sqrt(std::max(0.0, fit.covariance(j, j)))});

    fit.train_one_step = one_step_metrics(s, train_pairs, theta);
    fit.test_one_step = one_step_metrics(s, test_pairs, theta);
    fit.holdout.unit = "°C";
    fit.test_free_run = free_run_metrics(s, test_segments, theta, fit.holdout);
    if (fit.test_pairs < options.min_pairs)
        fit.warnings.push_back("only " + std::to_string(fit.test_pairs) +
                               " usable row pairs in the hold-out period: its metrics are rough");
    if (fit.stuck_rows > 0)
        fit.warnings.push_back(std::to_string(fit.stuck_rows) +
                               " furnace readings repeat one value for a long stretch (stuck sensor) and were excluded");
    return fit;
}

}  // namespace twinbench
