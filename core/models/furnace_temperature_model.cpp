#include "models/furnace_temperature_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <Eigen/Dense>

#include <fmt/format.h>

#include "common/error.h"
#include "models/furnace_identification.h"
#include "models/furnace_second_order_fit.h"
#include "models/furnace_series.h"

namespace twinbench {

namespace fid = furnace_identification;

using Vector5 = Eigen::Matrix<double, 5, 1>;
using Matrix5 = Eigen::Matrix<double, 5, 5>;

double FurnaceTemperatureModel::decay() const {
    return std::exp(-step_min / tau_min);
}

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

Vector5 regressor(const FurnaceSeries& s, std::size_t k) {
    Vector5 x;
    x << s.furnace[k], phi(s, k);
    return x;
}

// The dynamics must stay stable and monotone: 0 < a < 1.
bool admissible(const Vector5& theta) {
    return theta(0) > 0.0 && theta(0) < 1.0;
}

FurnaceFitMetrics one_step_metrics(const FurnaceSeries& s, const std::vector<std::size_t>& pairs,
                                   const Vector5& theta) {
    fid::MetricAccumulator acc;
    for (const std::size_t k : pairs)
        acc.add(s.furnace[k + 1], fid::predict<5>(theta, regressor(s, k)));
    return acc.finish();
}

FurnaceInputRange range_of(std::string name, const std::string& column, std::string unit,
                           const std::vector<double>& v, const std::vector<std::size_t>& rows) {
    FurnaceInputRange r{std::move(name), column, std::move(unit),
                        std::numeric_limits<double>::infinity(),
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

// Hold-out free-run RMSE of both orders over the rows that at least one of them predicts
// within spike_sd robust SDs (of the worse-fitting order): a reading both miss by far is
// a sensor spike, and its square would drown the difference the dynamics make.
void trimmed_holdout_rmse(const HoldoutDiagnostics& first, const HoldoutDiagnostics& second,
                          double spike_sd, FurnaceOrderCandidate& c1, FurnaceOrderCandidate& c2) {
    const std::size_t n = first.points.size();
    if (n == 0 || second.points.size() != n) return;  // the second order diverged
    std::vector<double> r1(n), r2(n);
    for (std::size_t i = 0; i < n; ++i) {
        r1[i] = first.points[i].actual - first.points[i].predicted;
        r2[i] = second.points[i].actual - second.points[i].predicted;
    }
    const double limit = spike_sd * std::max(fid::robust_scale(r1), fid::robust_scale(r2));
    double sse1 = 0.0, sse2 = 0.0;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::min(std::abs(r1[i]), std::abs(r2[i])) > limit) continue;
        sse1 += r1[i] * r1[i];
        sse2 += r2[i] * r2[i];
        ++kept;
    }
    if (kept == 0) return;
    c1.test_free_run_rmse_trimmed = std::sqrt(sse1 / static_cast<double>(kept));
    c2.test_free_run_rmse_trimmed = std::sqrt(sse2 / static_cast<double>(kept));
    c1.test_spikes_excluded = c2.test_spikes_excluded = n - kept;
}

// Sets fit.order by the rule at the top of furnace_temperature_model.h and says why.
std::string choose_order(FurnaceTemperatureFit& fit, const FurnaceFitOptions& options) {
    fit.order = 1;
    const FurnaceSecondOrderFit& so = fit.second_order;
    if (!so.fitted) return "first order: the second-order fit failed (" + so.note + ")";
    FurnaceOrderCandidate& c1 = fit.first_order_criteria;
    FurnaceOrderCandidate& c2 = fit.second_order.criteria;
    trimmed_holdout_rmse(fit.holdout, so.holdout, options.holdout_spike_robust_sd, c1, c2);
    const double tau2 = so.model.tau2_min;
    const double tau2_se = so.parameter("tau2").std_error;
    const double gain = 1.0 - c2.test_free_run_rmse_trimmed / c1.test_free_run_rmse_trimmed;
    const std::string figures = fmt::format(
        "hold-out free-run RMSE {:.3g} vs {:.3g} °C ({:+.1f} %, {} spike rows left out), "
        "BIC {:.1f} vs {:.1f}, tau2 {:.3g} ± {:.2g} min",
        c2.test_free_run_rmse_trimmed, c1.test_free_run_rmse_trimmed, -100.0 * gain,
        c1.test_spikes_excluded, c2.bic, c1.bic, tau2, tau2_se);
    if (!so.converged)
        return "first order: the second-order refinement did not converge; " + figures;
    if (fit.test_free_run.n < options.min_pairs)
        return "first order: the hold-out is too short to confirm a second order; " + figures;
    if (!(gain >= options.second_order_min_rmse_gain))
        return fmt::format(
                   "first order: the second order does not improve the hold-out free run "
                   "by {:.0f} %; ",
                   100.0 * options.second_order_min_rmse_gain) +
               figures;
    if (!(c2.bic < c1.bic))
        return "first order: the second order does not lower the BIC; " + figures;
    if (!(tau2 >= options.second_order_min_tau2_steps * fit.step_min))
        return "first order: the second lag is shorter than the sampling step; " + figures;
    if (!(std::isfinite(tau2_se) && tau2_se <= options.second_order_max_tau2_relative_se * tau2))
        return "first order: the second lag is not resolved (standard error too large); " + figures;
    fit.order = 2;
    return "second order: " + figures;
}

// The second-order candidate becomes what the fit reports.
void adopt_second_order(FurnaceTemperatureFit& fit) {
    const FurnaceSecondOrderFit& so = fit.second_order;
    fit.parameters = so.parameters;
    fit.covariance = so.covariance;
    fit.residual_sd_degC = so.residual_sd_degC;
    fit.downweighted = so.downweighted;
    fit.iterations = so.iterations;
    fit.train_one_step = so.train_one_step;
    fit.test_one_step = so.test_one_step;
    fit.test_free_run = so.test_free_run;
    fit.holdout = so.holdout;
}

}  // namespace

FurnaceTemperatureFit fit_furnace_temperature(const Table& table,
                                              const FurnaceFitOptions& options) {
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
    fit.split_time_s =
        fit.first_time_s + options.train_fraction * (fit.last_time_s - fit.first_time_s);

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

    const auto arx = fid::fit_huber_arx<5>(
        s, train_pairs, [&](std::size_t k) { return regressor(s, k); }, options);
    if (!(arx.theta(0) > 0.0 && arx.theta(0) < 1.0))
        throw ModelError(
            "furnace temperature model: the furnace temperature does not settle "
            "toward its setpoint in the data (estimated decay per step " +
            std::to_string(arx.theta(0)) + "); check the furnace_temp and setpoint mapping");
    Vector5 theta = arx.theta;
    Matrix5 cov = arx.covariance;
    fit.residual_sd_degC = arx.scale;
    fit.downweighted = arx.downweighted;
    if (!options.output_error_refinement)
        fit.warnings.push_back(
            "equation-error (ARX) estimate only: the sensor noise in T[k] "
            "biases the time constant short; enable the output-error refinement");

    const std::vector<Segment> train_segments = simulation_segments(s, 0, split_row);
    const std::vector<Segment> test_segments = simulation_segments(s, split_row, s.size());
    auto on_train = [&](const Vector5& th, bool sens, auto&& visit) {
        return simulate_segments(s, train_segments, th, sens, visit);
    };
    auto on_test = [&](const Vector5& th, bool sens, auto&& visit) {
        return simulate_segments(s, test_segments, th, sens, visit);
    };
    if (options.output_error_refinement) {
        const auto oe = fid::fit_output_error<5>(s, on_train, arx.theta, admissible, options);
        if (oe.theta.allFinite() && oe.covariance.allFinite() && oe.theta(0) > 0.0 &&
            oe.theta(0) < 1.0) {
            theta = oe.theta;
            cov = oe.covariance;
            fit.residual_sd_degC = oe.scale;
            fit.downweighted = oe.downweighted;
            fit.iterations = oe.iterations;
            fit.output_error = true;
            if (!oe.converged)
                fit.warnings.push_back("output-error refinement stopped after " +
                                       std::to_string(oe.iterations) +
                                       " iterations without converging");
        } else {
            fit.warnings.push_back(
                "output-error refinement failed; the equation-error (ARX) "
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
    const char* names[5] = {"tau", "setpoint_gain", "load_sensitivity", "ambient_sensitivity",
                            "offset"};
    const char* units[5] = {"min", "°C/°C", "°C per part/min", "°C/°C", "°C"};
    for (int j = 0; j < 5; ++j)
        fit.parameters.push_back(
            {names[j], units[j], p(j), std::sqrt(std::max(0.0, fit.covariance(j, j)))});

    fit.train_one_step = one_step_metrics(s, train_pairs, theta);
    fit.test_one_step = one_step_metrics(s, test_pairs, theta);
    fit.holdout.unit = "°C";
    fit.test_free_run = fid::free_run_metrics<5>(s, on_test, theta, &fit.holdout);

    fit.first_order_criteria.order = 1;
    fid::information_criteria<5>(s, on_train, theta, fit.first_order_criteria);
    fit.first_order_criteria.test_free_run_rmse = fit.test_free_run.rmse;
    if (!options.consider_second_order) {
        fit.order_reason = "first order only (second order not considered)";
    } else if (!fit.output_error) {
        fit.second_order.note = "not fitted: needs the output-error refinement";
        fit.order_reason = "first order: the second order needs the output-error refinement";
    } else {
        fit.second_order = fit_furnace_second_order(s, train_pairs, test_pairs, train_segments,
                                                    test_segments, fit.model, options);
        fit.order_reason = choose_order(fit, options);
        if (fit.order == 2) adopt_second_order(fit);
    }
    if (fit.test_pairs < options.min_pairs)
        fit.warnings.push_back("only " + std::to_string(fit.test_pairs) +
                               " usable row pairs in the hold-out period: its metrics are rough");
    if (fit.stuck_rows > 0)
        fit.warnings.push_back(std::to_string(fit.stuck_rows) +
                               " furnace readings repeat one value for a long stretch (stuck "
                               "sensor) and were excluded");
    return fit;
}

}  // namespace twinbench
