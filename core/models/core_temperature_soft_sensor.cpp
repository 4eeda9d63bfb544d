#include "models/core_temperature_soft_sensor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "common/error.h"
#include "common/missing_value.h"
#include "models/soft_sensor_series.h"

namespace twinbench {
namespace {

// exp(-r / tau) with r = L / v and theta = tau / L: the share of the inlet-to-furnace
// gap a part still carries at the exit.
double remaining(double speed, double theta) { return std::exp(-1.0 / (speed * theta)); }

double physics(const SoftSensorSeries& s, std::size_t i, double theta) {
    return s.furnace_degC[i] - (s.furnace_degC[i] - s.ambient_degC[i]) * remaining(s.speed_m_per_min[i], theta);
}

// d physics / d theta.
double physics_slope(const SoftSensorSeries& s, std::size_t i, double theta) {
    const double v = s.speed_m_per_min[i];
    return -(s.furnace_degC[i] - s.ambient_degC[i]) * remaining(v, theta) / (v * theta * theta);
}

bool physics_ok(const SoftSensorSeries& s, std::size_t i) {
    return !std::isnan(s.furnace_degC[i]) && !std::isnan(s.ambient_degC[i]) &&
           !std::isnan(s.speed_m_per_min[i]) && s.grade[i] >= 0;
}

struct ThetaFit {
    double theta = nan;
    double rss = 0.0;
    double curvature = 0.0;  // sum of squared slopes (Gauss-Newton information / sigma^2)
};

// One-parameter nonlinear least squares on the given check rows: a log grid finds the
// basin (the exponential makes Gauss-Newton from a poor start diverge), Gauss-Newton in
// log theta polishes it.
ThetaFit fit_theta(const SoftSensorSeries& s, const std::vector<std::size_t>& rows) {
    auto rss_at = [&](double theta) {
        double rss = 0.0;
        for (std::size_t i : rows) {
            const double e = s.check_degC[i] - physics(s, i, theta);
            rss += e * e;
        }
        return rss;
    };
    double best = 0.1, best_rss = std::numeric_limits<double>::infinity();
    for (double lt = std::log(1e-3); lt <= std::log(10.0); lt += 0.05) {
        const double r = rss_at(std::exp(lt));
        if (r < best_rss) {
            best_rss = r;
            best = std::exp(lt);
        }
    }
    double u = std::log(best);
    for (int it = 0; it < 50; ++it) {
        const double theta = std::exp(u);
        double jtj = 0.0, jte = 0.0;
        for (std::size_t i : rows) {
            const double g = physics_slope(s, i, theta) * theta;  // d/du
            jtj += g * g;
            jte += g * (s.check_degC[i] - physics(s, i, theta));
        }
        if (jtj <= 0.0) break;
        double step = jte / jtj;
        // Halve the step until the sum of squares does not grow.
        const double before = rss_at(theta);
        while (std::abs(step) > 1e-12 && rss_at(std::exp(u + step)) > before) step *= 0.5;
        u += step;
        if (std::abs(step) < 1e-10) break;
    }
    ThetaFit f;
    f.theta = std::exp(u);
    f.rss = rss_at(f.theta);
    for (std::size_t i : rows) {
        const double g = physics_slope(s, i, f.theta);
        f.curvature += g * g;
    }
    return f;
}

struct FilterRun {
    double log_likelihood = 0.0;
    std::vector<double> mean, var;  // smoothed, per row (only when smoothing)
};

// Scalar Kalman filter of the random-walk bias over the rows, observations
// obs[i] (NaN = none) with noise obs_var[i]; RTS smoothing when asked.
FilterRun run_filter(const std::vector<double>& time_s, const std::vector<double>& obs,
                     const std::vector<double>& obs_var, double q_per_h, double prior_var, bool smooth) {
    const std::size_t n = time_s.size();
    FilterRun out;
    std::vector<double> mf, pf, pp;
    if (smooth) {
        mf.resize(n);
        pf.resize(n);
        pp.resize(n);
    }
    double m = 0.0, p = prior_var;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) p += q_per_h * std::max(0.0, time_s[i] - time_s[i - 1]) / 3600.0;
        if (smooth) pp[i] = p;
        if (!std::isnan(obs[i])) {
            const double sv = p + obs_var[i];
            const double innov = obs[i] - m;
            out.log_likelihood += -0.5 * (std::log(2.0 * std::numbers::pi * sv) + innov * innov / sv);
            const double k = p / sv;
            m += k * innov;
            p *= (1.0 - k);
        }
        if (smooth) {
            mf[i] = m;
            pf[i] = p;
        }
    }
    if (!smooth) return out;
    out.mean.resize(n);
    out.var.resize(n);
    if (n == 0) return out;
    out.mean[n - 1] = mf[n - 1];
    out.var[n - 1] = pf[n - 1];
    for (std::size_t k = n - 1; k-- > 0;) {
        // Random walk: the prediction for k+1 is the filtered k.
        const double c = pp[k + 1] > 0.0 ? pf[k] / pp[k + 1] : 0.0;
        out.mean[k] = mf[k] + c * (out.mean[k + 1] - mf[k]);
        out.var[k] = pf[k] + c * c * (out.var[k + 1] - pp[k + 1]);
    }
    return out;
}

CoreTemperatureSoftSensor fit_on(const SoftSensorSeries& s, const std::vector<char>& use,
                                 const SoftSensorOptions& options) {
    const std::size_t n = s.size();
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < n; ++i)
        if (use[i] && !std::isnan(s.check_degC[i]) && physics_ok(s, i)) rows.push_back(i);
    if (rows.size() < options.min_checks) {
        throw ModelError("core temperature soft sensor needs at least " + std::to_string(options.min_checks) +
                         " manual checks with furnace, speed and ambient readings, found " +
                         std::to_string(rows.size()) + ": map the core_temp_check column (--map "
                         "core_temp_check=COLUMN) or align the manual checks source");
    }

    CoreTemperatureSoftSensor out;
    out.furnace_length_m = options.furnace_length_m;
    out.checks_used = rows.size();
    out.stuck_rows = s.stuck_rows;
    out.furnace_column = s.furnace_column;
    out.speed_column = s.speed_column;
    out.ambient_column = s.ambient_column;
    out.material_column = s.material_column;
    out.check_column = s.check_column;
    if (s.material_column.empty()) out.warnings.push_back("no material column: one tau for all parts");
    if (s.stuck_rows > 0)
        out.warnings.push_back(std::to_string(s.stuck_rows) + " furnace readings excluded as a stuck sensor");

    // tau per grade; grades with too few checks take the pooled value.
    const ThetaFit pooled = fit_theta(s, rows);
    const std::size_t grade_count = options.per_grade ? s.grade_labels.size() : 1;
    std::vector<ThetaFit> fits(grade_count, pooled);
    std::vector<std::size_t> counts(grade_count, 0);
    double rss = 0.0;
    std::size_t params = 0;
    for (std::size_t g = 0; g < grade_count; ++g) {
        std::vector<std::size_t> grade_rows;
        for (std::size_t i : rows)
            if (!options.per_grade || static_cast<std::size_t>(s.grade[i]) == g) grade_rows.push_back(i);
        counts[g] = grade_rows.size();
        if (options.per_grade && grade_rows.size() >= options.min_checks_per_grade) {
            fits[g] = fit_theta(s, grade_rows);
            rss += fits[g].rss;
            ++params;
        }
    }
    std::vector<char> pooled_grade(grade_count, 0);
    for (std::size_t g = 0; g < grade_count; ++g) {
        if (options.per_grade && counts[g] >= options.min_checks_per_grade) continue;
        pooled_grade[g] = 1;
        for (std::size_t i : rows)
            if (!options.per_grade || static_cast<std::size_t>(s.grade[i]) == g) {
                const double e = s.check_degC[i] - physics(s, i, pooled.theta);
                rss += e * e;
            }
    }
    if (std::any_of(pooled_grade.begin(), pooled_grade.end(), [](char c) { return c != 0; })) ++params;
    const double dof = static_cast<double>(rows.size() > params ? rows.size() - params : 1);
    const double sigma2 = rss / dof;
    out.physics_check_rmse_degC = std::sqrt(rss / static_cast<double>(rows.size()));

    auto grade_of = [&](std::size_t i) { return options.per_grade ? static_cast<std::size_t>(s.grade[i]) : 0; };
    // A grade without its own fit is one of the others as far as the data tell: the
    // spread of the fitted grades' thetas is part of its uncertainty.
    double fitted_sum = 0.0, fitted_ss = 0.0;
    std::size_t fitted = 0;
    for (std::size_t g = 0; g < grade_count; ++g)
        if (!pooled_grade[g]) {
            fitted_sum += fits[g].theta;
            fitted_ss += fits[g].theta * fits[g].theta;
            ++fitted;
        }
    const double between_var =
        fitted > 1 ? std::max(0.0, (fitted_ss - fitted_sum * fitted_sum / static_cast<double>(fitted)) /
                                       static_cast<double>(fitted - 1))
                   : 0.0;
    std::vector<double> theta_var(grade_count);
    for (std::size_t g = 0; g < grade_count; ++g) {
        const ThetaFit& f = fits[g];
        theta_var[g] = f.curvature > 0.0 ? sigma2 / f.curvature : 0.0;
        if (options.per_grade && pooled_grade[g]) theta_var[g] += between_var;
        SoftSensorGrade sg;
        sg.label = options.per_grade ? s.grade_labels[g] : "all";
        sg.checks = counts[g];
        sg.pooled = options.per_grade && pooled_grade[g] != 0;
        sg.theta_min_per_m = f.theta;
        sg.theta_std_error = std::sqrt(theta_var[g]);
        if (!std::isnan(options.furnace_length_m)) {
            sg.tau_min = f.theta * options.furnace_length_m;
            sg.tau_std_error = sg.theta_std_error * options.furnace_length_m;
        }
        if (sg.pooled)
            out.warnings.push_back("grade " + sg.label + " has " + std::to_string(sg.checks) +
                                   " checks: the tau pooled over all grades is used");
        out.grades.push_back(sg);
    }

    // Physics per row and the parts of the estimate's variance the bias filter does not
    // see: the smoothed thermocouple noise (passed with weight 1 - exp(-r/tau)) and the
    // tau uncertainty of the row's grade.
    out.time_s = s.time_s;
    out.physics_degC.assign(n, nan);
    std::vector<double> extra_var(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!physics_ok(s, i)) continue;
        const std::size_t g = grade_of(i);
        const double theta = fits[g].theta;
        out.physics_degC[i] = physics(s, i, theta);
        const double w = 1.0 - remaining(s.speed_m_per_min[i], theta);
        const double slope = physics_slope(s, i, theta);
        extra_var[i] = w * w * s.furnace_noise_var + slope * slope * theta_var[g];
    }

    std::vector<double> obs(n, nan);
    for (std::size_t i : rows) obs[i] = s.check_degC[i] - out.physics_degC[i];

    // Maximum likelihood of q and r over a grid (log-spaced q, r from 0.5 to 8 degC sd).
    std::vector<double> q_grid, sd_grid;
    if (std::isnan(options.bias_q_degC2_per_h)) {
        for (double lq = -5.0; lq <= 1.01; lq += 0.25) q_grid.push_back(std::pow(10.0, lq));
    } else {
        q_grid.push_back(options.bias_q_degC2_per_h);
    }
    if (std::isnan(options.check_sd_degC)) {
        for (double sd = 0.5; sd <= 8.001; sd += 0.25) sd_grid.push_back(sd);
    } else {
        sd_grid.push_back(options.check_sd_degC);
    }
    const double prior_var = options.bias_prior_sd_degC * options.bias_prior_sd_degC;
    // The likelihood only needs the check rows: the random walk adds q * dt between them.
    std::vector<double> check_time, check_obs, check_extra;
    for (std::size_t i : rows) {
        check_time.push_back(s.time_s[i]);
        check_obs.push_back(obs[i]);
        check_extra.push_back(extra_var[i]);
    }
    double best_ll = -std::numeric_limits<double>::infinity();
    double best_q = q_grid.front(), best_sd = sd_grid.front();
    std::vector<double> ov(check_obs.size());
    for (double sd : sd_grid) {
        for (std::size_t k = 0; k < ov.size(); ++k) ov[k] = sd * sd + check_extra[k];
        for (double q : q_grid) {
            const double ll = run_filter(check_time, check_obs, ov, q, prior_var, false).log_likelihood;
            if (ll > best_ll) {
                best_ll = ll;
                best_q = q;
                best_sd = sd;
            }
        }
    }
    out.bias_q_degC2_per_h = best_q;
    out.check_sd_degC = best_sd;
    out.bias_q_estimated = std::isnan(options.bias_q_degC2_per_h);
    out.check_sd_estimated = std::isnan(options.check_sd_degC);
    out.log_likelihood = best_ll;

    std::vector<double> obs_var(n);
    for (std::size_t i = 0; i < n; ++i) obs_var[i] = best_sd * best_sd + extra_var[i];
    const FilterRun smoothed = run_filter(s.time_s, obs, obs_var, best_q, prior_var, true);
    out.bias_degC = smoothed.mean;
    out.estimate_degC.assign(n, nan);
    out.sd_degC.assign(n, nan);
    out.lower_degC.assign(n, nan);
    out.upper_degC.assign(n, nan);
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(out.physics_degC[i])) continue;
        out.estimate_degC[i] = out.physics_degC[i] + smoothed.mean[i];
        out.sd_degC[i] = std::sqrt(std::max(0.0, smoothed.var[i]) + extra_var[i]);
        out.lower_degC[i] = out.estimate_degC[i] - 1.96 * out.sd_degC[i];
        out.upper_degC[i] = out.estimate_degC[i] + 1.96 * out.sd_degC[i];
    }
    return out;
}

struct ErrorSummary {
    std::size_t n = 0;
    double rmse = 0.0;
    double p95 = 0.0;
};

ErrorSummary summarize(std::vector<double> abs_errors) {
    ErrorSummary e;
    e.n = abs_errors.size();
    if (e.n == 0) return e;
    double ss = 0.0;
    for (double a : abs_errors) ss += a * a;
    e.rmse = std::sqrt(ss / static_cast<double>(e.n));
    const auto k = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(e.n))) - 1;
    std::nth_element(abs_errors.begin(), abs_errors.begin() + static_cast<std::ptrdiff_t>(k), abs_errors.end());
    e.p95 = abs_errors[k];
    return e;
}

}  // namespace

CoreTemperatureSoftSensor fit_core_temperature_soft_sensor(const Table& table, const SoftSensorOptions& options) {
    const SoftSensorSeries s = soft_sensor_series(table, options.furnace_smoothing_rows, options.stuck_min_run);
    return fit_on(s, std::vector<char>(s.size(), 1), options);
}

CheckIntervalCurve check_interval_curve(const Table& table, const std::vector<double>& intervals_h,
                                        double tolerance_degC, const SoftSensorOptions& options,
                                        const std::vector<double>& reference_degC) {
    const SoftSensorSeries s = soft_sensor_series(table, options.furnace_smoothing_rows, options.stuck_min_run);
    const std::size_t n = s.size();
    if (!reference_degC.empty() && reference_degC.size() != n)
        throw std::invalid_argument("check_interval_curve: the reference series needs one value per table row");
    CheckIntervalCurve curve;
    curve.tolerance_degC = tolerance_degC;
    curve.reference = reference_degC.empty() ? "held-out checks" : "reference series";
    if (n == 0) return curve;
    // What a held-out check's error holds besides the estimate's: the check's own noise, as
    // the fit on every check estimates it (the Monte Carlo draws the checks with it too).
    const double check_sd = reference_degC.empty()
                                ? fit_on(s, std::vector<char>(n, 1), options).check_sd_degC
                                : 0.0;

    for (double interval_h : intervals_h) {
        if (!(interval_h > 0.0)) throw std::invalid_argument("check_interval_curve: intervals must be positive");
        // Keep the first check at or after each multiple of the interval, as a plant
        // that checks on a fixed schedule would.
        const double interval_s = interval_h * 3600.0;
        std::vector<char> use(n, 0);
        long long last_slot = -1;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(s.check_degC[i]) || !physics_ok(s, i)) continue;
            const auto slot = static_cast<long long>(std::floor((s.time_s[i] - s.time_s[0]) / interval_s));
            if (slot > last_slot) {
                use[i] = 1;
                last_slot = slot;
            }
        }
        const CoreTemperatureSoftSensor fit = fit_on(s, use, options);

        std::vector<double> errors;
        std::size_t covered = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(fit.estimate_degC[i])) continue;
            if (!reference_degC.empty()) {
                const double ref = reference_degC[i];
                if (std::isnan(ref)) continue;
                errors.push_back(std::abs(fit.estimate_degC[i] - ref));
                covered += (ref >= fit.lower_degC[i] && ref <= fit.upper_degC[i]) ? 1 : 0;
            } else if (!use[i] && !std::isnan(s.check_degC[i])) {
                errors.push_back(std::abs(fit.estimate_degC[i] - s.check_degC[i]));
            }
        }
        const ErrorSummary e = summarize(std::move(errors));
        CheckIntervalPoint p;
        p.interval_h = interval_h;
        p.checks_used = fit.checks_used;
        p.reference_points = e.n;
        p.rmse_degC = e.n > 0 ? e.rmse : nan;
        p.p95_abs_error_degC = e.n > 0 ? e.p95 : nan;
        p.check_sd_degC = check_sd;
        if (reference_degC.empty()) {
            p.estimate_rmse_degC =
                e.n > 0 ? std::sqrt(std::max(0.0, e.rmse * e.rmse - check_sd * check_sd)) : nan;
            p.estimate_p95_abs_error_degC = 1.96 * p.estimate_rmse_degC;
        } else {
            p.estimate_rmse_degC = p.rmse_degC;
            p.estimate_p95_abs_error_degC = p.p95_abs_error_degC;
        }
        p.meets_tolerance = e.n > 0 && p.estimate_p95_abs_error_degC <= tolerance_degC;
        if (!reference_degC.empty() && e.n > 0)
            p.band_coverage = static_cast<double>(covered) / static_cast<double>(e.n);
        p.warnings = fit.warnings;
        curve.points.push_back(p);
    }
    return curve;
}

}  // namespace twinbench
