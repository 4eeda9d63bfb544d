// Soft sensor of the part core temperature at the furnace exit (issue 4, model 1, second
// half; PRODUCT.md section 1): the core is checked by hand about once a day, so it is
// estimated continuously from the furnace, speed, ambient and material signals and fused
// with the sparse checks.
//
//   physics:  T_core = T_f - (T_f - T_amb) * exp(-r / tau_part[grade]),  r = L / v
//   fusion:   T_core_hat(t) = physics(t) + b(t), b a random walk (q degC^2 per hour)
//             observed by the checks y = T_core + e, e ~ N(0, r_check)
//
// tau_part per grade comes from the checks by nonlinear least squares (standard errors
// from the Gauss-Newton curvature). When the furnace length L is not known only the
// ratio tau / L is identifiable, so the fit is done in theta = tau / L (min per metre)
// and tau is reported when L is given. b(t) is estimated by a scalar Kalman filter and a
// Rauch-Tung-Striebel smoother over the time axis; q and r_check are chosen by maximum
// likelihood of the filter innovations over a grid unless given.
//
// check_interval_curve answers "how far can the manual checks be spaced": it thins the
// checks to each interval, refits, and scores the estimate against a reference series
// (the true core temperature in tests) or against the checks left out.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "data/table.h"

namespace twinbench {

struct SoftSensorOptions {
    // Furnace length L (m). NaN: unknown, then tau_min of the grades is NaN and only
    // theta = tau / L is reported (the estimate of the core is the same).
    double furnace_length_m = std::numeric_limits<double>::quiet_NaN();
    // One tau per material grade (true) or a single one for all parts.
    bool per_grade = true;
    // Manual check noise sd (degC). NaN: estimated; the spec's "about +-5 degC" is 2 sd,
    // so 2.5 is a sensible value to give when few checks exist.
    double check_sd_degC = std::numeric_limits<double>::quiet_NaN();
    // Random-walk rate of the physics bias (degC^2 per hour). NaN: estimated.
    double bias_q_degC2_per_h = std::numeric_limits<double>::quiet_NaN();
    // Centred smoothing window of the furnace reading, rows (odd).
    std::size_t furnace_smoothing_rows = 11;
    std::size_t stuck_min_run = 10;
    std::size_t min_checks = 5;
    // A grade with fewer checks gets the tau pooled over all grades. One check is
    // enough: grades differ by ~10 % in tau, i.e. ~5-10 degC in the core, so even a
    // single check of the grade (2.5 degC noise) beats borrowing the other grades' tau.
    std::size_t min_checks_per_grade = 1;
    // Prior sd of the bias at the start (degC): loose, the checks decide.
    double bias_prior_sd_degC = 5.0;
};

struct SoftSensorGrade {
    std::string label;
    std::size_t checks = 0;       // checks of this grade used by the fit
    // Too few checks: the pooled theta is used, and its variance includes the spread of
    // the fitted grades' thetas (the grade may be any of them), so the band widens.
    bool pooled = false;
    double theta_min_per_m = 0.0; // tau / L
    double theta_std_error = 0.0;
    double tau_min = std::numeric_limits<double>::quiet_NaN();  // when L is given
    double tau_std_error = std::numeric_limits<double>::quiet_NaN();
};

struct CoreTemperatureSoftSensor {
    std::vector<SoftSensorGrade> grades;
    double furnace_length_m = std::numeric_limits<double>::quiet_NaN();
    double check_sd_degC = 0.0;
    double bias_q_degC2_per_h = 0.0;
    bool check_sd_estimated = false;
    bool bias_q_estimated = false;
    std::size_t checks_used = 0;
    double physics_check_rmse_degC = 0.0;  // checks vs physics alone (no bias)
    double log_likelihood = 0.0;           // of the innovations at the chosen q, r

    // Per table row; NaN where the physics cannot be evaluated (no furnace reading near,
    // no speed or grade known yet).
    std::vector<double> time_s;
    std::vector<double> physics_degC;
    std::vector<double> bias_degC;
    std::vector<double> estimate_degC;
    std::vector<double> sd_degC;      // total: bias, furnace noise, tau uncertainty
    std::vector<double> lower_degC;   // estimate -+ 1.96 sd
    std::vector<double> upper_degC;

    std::string furnace_column, speed_column, ambient_column, material_column, check_column;
    std::size_t stuck_rows = 0;
    std::vector<std::string> warnings;
};

// Throws ModelError naming the role to map when time, furnace_temp, speed, ambient_temp
// or core_temp_check is missing, and when fewer than options.min_checks usable checks
// exist. material is optional (one grade without it).
CoreTemperatureSoftSensor fit_core_temperature_soft_sensor(const Table& table,
                                                           const SoftSensorOptions& options = {});

struct CheckIntervalPoint {
    double interval_h = 0.0;
    std::size_t checks_used = 0;
    std::size_t reference_points = 0;  // rows (reference series) or held-out checks
    double rmse_degC = 0.0;           // against the reference (held-out checks: noise included)
    double p95_abs_error_degC = 0.0;
    // The estimate's own error: against held-out checks their noise (check_sd_degC, fitted
    // on all checks) is taken out, sqrt(rmse^2 - sd^2), and the 95 % absolute error is
    // 1.96 times that (normal errors); against a reference series, rmse and p95 as they are.
    double check_sd_degC = 0.0;
    double estimate_rmse_degC = 0.0;
    double estimate_p95_abs_error_degC = 0.0;
    // estimate_p95_abs_error <= tolerance: the estimate stays within +-tolerance of the true
    // core temperature 95 % of the time.
    bool meets_tolerance = false;
    // Share of the reference inside the 95 % band (NaN against held-out checks, whose
    // noise the band does not include).
    double band_coverage = std::numeric_limits<double>::quiet_NaN();
    // The thinned fit's warnings, e.g. a grade that was never checked at this spacing.
    std::vector<std::string> warnings;
};

struct CheckIntervalCurve {
    double tolerance_degC = 0.0;
    // "reference series" or "held-out checks". Against held-out checks rmse and p95
    // include the check noise itself (about check_sd); the estimate_* figures take it out.
    std::string reference;
    std::vector<CheckIntervalPoint> points;
};

// For each interval the checks are thinned to the first check at or after each multiple
// of the interval from the first row time, the soft sensor is refitted on them and
// scored against reference_degC (one value per row, NaN = not known) or, when that is
// empty, against the checks the thinned run did not use. Throws like
// fit_core_temperature_soft_sensor, and std::invalid_argument for a reference of the
// wrong length or a non-positive interval.
CheckIntervalCurve check_interval_curve(const Table& table,
                                        const std::vector<double>& intervals_h = {24.0, 72.0, 168.0},
                                        double tolerance_degC = 5.0,
                                        const SoftSensorOptions& options = {},
                                        const std::vector<double>& reference_degC = {});

}  // namespace twinbench
