#include "models/furnace_second_order_fit.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <Eigen/Dense>

#include "common/error.h"
#include "models/furnace_identification.h"
#include "models/furnace_second_order.h"

namespace twinbench {

namespace fid = furnace_identification;

using Vector6 = Eigen::Matrix<double, 6, 1>;
using Matrix6 = Eigen::Matrix<double, 6, 6>;

const FurnaceParameter& FurnaceSecondOrderFit::parameter(const std::string& name) const {
    for (const auto& p : parameters)
        if (p.name == name) return p;
    throw std::out_of_range("no second-order furnace model parameter " + name);
}

namespace {

// Lower bound of a per-step decay: tau >= dt / 13.8. Below it a lag is invisible in the
// data anyway, and ln a stays finite for the Jacobian.
constexpr double min_decay = 1e-6;

Eigen::Vector4d phi(const FurnaceSeries& s, std::size_t k) {
    return {s.setpoint[k], s.load[k], s.ambient[k], 1.0};
}

bool admissible(const Vector6& theta) {
    return theta(0) >= min_decay && theta(0) < 1.0 && theta(1) >= min_decay && theta(1) < 1.0;
}

// Free-run simulation of theta = (a1, a2, g, b_load, b_amb, c) over the segments, each
// started at rest at its measured temperature, with d T / d theta (forward sensitivity
// recursion of the two lags, see furnace_second_order.h for the update).
template <typename Visit>
bool simulate_segments(const FurnaceSeries& s, const std::vector<Segment>& segments,
                       const Vector6& theta, bool with_sensitivity, Visit&& visit) {
    const double a1 = theta(0), a2 = theta(1);
    const CascadeCoupling cc = cascade_coupling(a1, a2);
    const double feed = 1.0 - a2 - cc.c12;  // weight of u in T[k+1]
    for (const auto& seg : segments) {
        double x = s.furnace[seg.first];
        double t = x;
        Vector6 sens_x = Vector6::Zero(), sens_t = Vector6::Zero();
        for (std::size_t k = seg.first; k < seg.last; ++k) {
            const Eigen::Vector4d f = phi(s, k);
            const double u = theta.tail<4>().dot(f);
            const double dx = x - u, dt = t - u;
            if (with_sensitivity) {
                Vector6 du;
                du << 0.0, 0.0, f;
                Vector6 next_t = a2 * sens_t + cc.c12 * sens_x + feed * du;
                next_t(0) += cc.d_a1 * dx;
                next_t(1) += dt + cc.d_a2 * dx;
                sens_x = a1 * sens_x + (1.0 - a1) * du;
                sens_x(0) += dx;
                sens_t = next_t;
            }
            x = u + a1 * dx;
            t = u + a2 * dt + cc.c12 * dx;
            if (!std::isfinite(t)) return false;
            if (!std::isnan(s.furnace[k + 1])) visit(k + 1, t, sens_t);
        }
    }
    return true;
}

// Rows k whose pairs (k-1, k) and (k, k+1) are both usable: what a two-step regression
// or one-step prediction needs.
std::vector<std::size_t> usable_triples(const std::vector<std::size_t>& pairs) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 1; i < pairs.size(); ++i)
        if (pairs[i - 1] + 1 == pairs[i]) rows.push_back(pairs[i]);
    return rows;
}

// Start value from the ARX(2) regression T[k+1] = alpha1 T[k] + alpha2 T[k-1] + beta phi_k:
// the poles are the roots of z^2 - alpha1 z - alpha2, the gains beta / (1 - alpha1 -
// alpha2). Biased by the sensor noise like the first-order ARX, and useless when the
// roots are not two real lags; then only the first-order start is used.
bool arx2_start(const FurnaceSeries& s, const std::vector<std::size_t>& rows,
                const FurnaceFitOptions& options, Vector6& start) {
    if (rows.size() < options.min_pairs) return false;
    Vector6 theta;
    try {
        theta = fid::fit_huber_arx<6>(
                    s, rows,
                    [&](std::size_t k) {
                        Vector6 x;
                        x << s.furnace[k], s.furnace[k - 1], phi(s, k);
                        return x;
                    },
                    options)
                    .theta;
    } catch (const ModelError&) {
        return false;
    }
    const double disc = theta(0) * theta(0) + 4.0 * theta(1);
    if (!(disc >= 0.0)) return false;
    const double root = std::sqrt(disc);
    const double z1 = 0.5 * (theta(0) + root), z2 = 0.5 * (theta(0) - root);
    const double dc = 1.0 - theta(0) - theta(1);
    if (!(z2 >= min_decay && z1 < 1.0 && std::abs(dc) > 1e-12)) return false;
    start << z1, z2, theta.tail<4>() / dc;
    return start.allFinite();
}

// The first-order fit split into two lags: a first-order model of a two-lag response
// has roughly tau1 + tau2 as its time constant.
Vector6 first_order_start(const FurnaceTemperatureModel& m) {
    const double tau1 = 0.8 * m.tau_min, tau2 = 0.2 * m.tau_min;
    Vector6 start;
    start << std::exp(-m.step_min / tau1), std::max(std::exp(-m.step_min / tau2), min_decay),
        m.setpoint_gain, m.load_sensitivity, m.ambient_sensitivity, m.offset_degC;
    return start;
}

// One-step-ahead prediction in the input-output form of the cascade:
// T[k+1] = (a1 + a2) T[k] - a1 a2 T[k-1] + b1 u[k] + b2 u[k-1],
// b1 = 1 - a2 - c12, b2 = c12 (1 - a1) - a1 b1.
FurnaceFitMetrics one_step_metrics(const FurnaceSeries& s, const std::vector<std::size_t>& rows,
                                   const Vector6& theta) {
    const double a1 = theta(0), a2 = theta(1);
    const double c12 = cascade_coupling(a1, a2).c12;
    const double b1 = 1.0 - a2 - c12;
    const double b2 = c12 * (1.0 - a1) - a1 * b1;
    fid::MetricAccumulator acc;
    for (const std::size_t k : rows) {
        const double u = theta.tail<4>().dot(phi(s, k));
        const double u_prev = theta.tail<4>().dot(phi(s, k - 1));
        acc.add(s.furnace[k + 1],
                (a1 + a2) * s.furnace[k] - a1 * a2 * s.furnace[k - 1] + b1 * u + b2 * u_prev);
    }
    return acc.finish();
}

}  // namespace

FurnaceSecondOrderFit fit_furnace_second_order(const FurnaceSeries& s,
                                               const std::vector<std::size_t>& train_pairs,
                                               const std::vector<std::size_t>& test_pairs,
                                               const std::vector<Segment>& train_segments,
                                               const std::vector<Segment>& test_segments,
                                               const FurnaceTemperatureModel& first_order,
                                               const FurnaceFitOptions& options) {
    FurnaceSecondOrderFit fit;
    fit.criteria.order = 2;
    auto on_train = [&](const Vector6& th, bool sens, auto&& visit) {
        return simulate_segments(s, train_segments, th, sens, visit);
    };
    auto on_test = [&](const Vector6& th, bool sens, auto&& visit) {
        return simulate_segments(s, test_segments, th, sens, visit);
    };

    // Two starts, refined from the one whose free run fits the training data better (at
    // one common scale so that the robust losses compare).
    std::vector<std::pair<std::string, Vector6>> starts;
    starts.emplace_back("first-order split", first_order_start(first_order));
    Vector6 arx;
    const std::vector<std::size_t> train_rows = usable_triples(train_pairs);
    if (arx2_start(s, train_rows, options, arx)) starts.emplace_back("ARX(2)", arx);
    const double common_scale = fid::free_run_scale<6>(s, on_train, starts.front().second);
    if (!std::isfinite(common_scale)) {
        fit.note = "the first-order start diverges";
        return fit;
    }
    std::size_t best = 0;
    double best_loss = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const double loss = fid::free_run_objective<6>(s, on_train, starts[i].second, common_scale,
                                                       options.huber_k);
        if (loss < best_loss) {
            best_loss = loss;
            best = i;
        }
    }

    const auto oe = fid::fit_output_error<6>(s, on_train, starts[best].second, admissible, options);
    Vector6 theta = oe.theta;
    Matrix6 cov = oe.covariance;
    if (!theta.allFinite() || !admissible(theta)) {
        fit.note = "the output-error refinement left the stable two-lag region";
        return fit;
    }
    // The response is symmetric in the two lags; name the longer one tau1.
    if (theta(1) > theta(0)) {
        Eigen::PermutationMatrix<6> swap;
        swap.setIdentity();
        swap.indices()(0) = 1;
        swap.indices()(1) = 0;
        theta = swap * theta;
        cov = swap * cov * swap.transpose();
    }
    fit.note = "refined from the " + starts[best].first + " start";
    fit.converged = oe.converged;
    fit.iterations = oe.iterations;
    fit.residual_sd_degC = oe.scale;
    fit.downweighted = oe.downweighted;

    // Delta method: p = (tau1, g, b_load, b_amb, c, tau2), tau = -dt / ln a.
    const double dt = first_order.step_min;
    Matrix6 jac = Matrix6::Zero();
    Vector6 p;
    auto tau_of = [&](double a) { return -dt / std::log(a); };
    auto dtau_da = [&](double a) { return dt / (a * std::log(a) * std::log(a)); };
    p << tau_of(theta(0)), theta.segment<4>(2), tau_of(theta(1));
    jac(0, 0) = dtau_da(theta(0));
    jac(5, 1) = dtau_da(theta(1));
    for (int j = 1; j < 5; ++j) jac(j, j + 1) = 1.0;
    fit.theta = theta;
    fit.theta_covariance = cov;
    fit.covariance = jac * cov * jac.transpose();

    fit.model.step_min = dt;
    fit.model.tau1_min = p(0);
    fit.model.setpoint_gain = p(1);
    fit.model.load_sensitivity = p(2);
    fit.model.ambient_sensitivity = p(3);
    fit.model.offset_degC = p(4);
    fit.model.tau2_min = p(5);
    const char* names[6] = {"tau",    "setpoint_gain", "load_sensitivity", "ambient_sensitivity",
                            "offset", "tau2"};
    const char* units[6] = {"min", "°C/°C", "°C per part/min", "°C/°C", "°C", "min"};
    for (int j = 0; j < 6; ++j)
        fit.parameters.push_back(
            {names[j], units[j], p(j), std::sqrt(std::max(0.0, fit.covariance(j, j)))});

    fid::information_criteria<6>(s, on_train, theta, fit.criteria);
    fit.train_one_step = one_step_metrics(s, train_rows, theta);
    fit.test_one_step = one_step_metrics(s, usable_triples(test_pairs), theta);
    fit.holdout.unit = "°C";
    fit.test_free_run = fid::free_run_metrics<6>(s, on_test, theta, &fit.holdout);
    fit.criteria.test_free_run_rmse = fit.test_free_run.rmse;
    fit.fitted = p.allFinite();
    if (!fit.fitted) fit.note = "non-finite time constants";
    return fit;
}

}  // namespace twinbench
