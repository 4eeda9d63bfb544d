// The process defect (scrap) model of the model-engine issue (model 2; PRODUCT.md
// section 1): a binomial GLM of scrap out of produced per interval (or a 0/1 defect per
// item) on the MODELLED part core temperature and its square (the target window),
// humidity, conveyor wear, line speed and the material grade (treatment coding):
//
//   logit p = a0 + a1*(Tc - c) + a2*(Tc - c)^2 + b_h*humidity + b_w*wear + b_s*speed
//             + b_grade[grade]
//
// The core temperature is not measured continuously, so it comes from the soft sensor
// (core_temperature_soft_sensor.h) unless a column is named. It is centred at c before
// squaring: Tc^2 of ~165 degC next to Tc is nearly collinear (correlation > 0.999), the
// centred pair is not. The coefficients are also reported in the uncentred form the
// reference plant states them in (logit = b0 + b1*Tc + b2*Tc^2 + ...), mapped exactly by
// the linear transform, with the covariance mapped the same way.
//
// Roles: produced + scrap (or defect), humidity, speed, material (categorical; a batch
// list aligned onto the rows is carried forward), wear = the numeric factor column named
// "...wear..." / "...Verschleiß..." (optional), and for the soft sensor furnace_temp,
// ambient_temp and core_temp_check. Rows without parts produced are dropped.
//
// Validation as the defect baseline (defect_baseline.h): time-ordered split, fit on the
// earlier part, log loss / Brier / AUC and calibration by predicted-probability bins on
// the later part.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "data/table.h"
#include "models/core_temperature_soft_sensor.h"
#include "models/defect_baseline.h"
#include "models/design_matrix.h"
#include "models/logistic_regression.h"

namespace twinbench {

struct DefectModelOptions {
    double train_fraction = 0.8;  // first part in time trains, the rest tests
    // Name of a numeric column to use as the core temperature instead of the soft sensor
    // (e.g. the true core temperature in tests, or a continuously measured core).
    std::string core_temperature_column;
    // Transport delay (transport_delay.h): the scrap of a row is explained by the core
    // temperature this many minutes earlier (nearest row within half a step; NaN when
    // none). 0 = same row.
    double core_temperature_lag_min = 0.0;
    // Centre of the core temperature before squaring (degC). NaN: the mean over the rows
    // the model uses.
    double core_centre_degC = std::numeric_limits<double>::quiet_NaN();
    SoftSensorOptions soft_sensor;
    LogisticOptions logistic;
    std::size_t calibration_bins = 10;
};

// Term name of the (centred) core temperature in the design: "core_temp" and
// "I(core_temp ** 2)".
inline constexpr const char* defect_core_term = "core_temp";

struct DefectCalibrationBin {
    double p_low = 0.0, p_high = 0.0;  // range of predicted probabilities in the bin
    double items = 0.0;                // parts (or rows for 0/1 data)
    double mean_predicted = 0.0;       // items-weighted
    double observed_rate = 0.0;        // defects / items
};

// Envelope of one input over the training rows: a prediction outside says "extrapolating".
struct DefectInputRange {
    std::string name;  // term source: "core_temp" (degC, uncentred), or the column name
    double min = 0.0, max = 0.0;
};

struct DefectModelFit {
    bool counts = false;  // scrap/produced per interval (else per-item 0/1)
    std::string outcome;  // "Parts scrapped / Parts produced" or the defect column
    // "soft sensor" or the named column.
    std::string core_temperature_source;
    double core_centre_degC = 0.0;
    std::vector<double> core_temperature_degC;  // per table row, NaN where unknown
    double core_temperature_lag_min = 0.0;      // as in the options

    DesignEncoding encoding;  // of the working columns (core_temp is centred)
    std::vector<std::string> names;
    LogisticFit fit;  // training part, centred parametrisation
    std::size_t n_train = 0, n_test = 0;
    DefectHoldout test;
    std::vector<DefectCalibrationBin> calibration;
    HoldoutDiagnostics holdout;  // predicted vs observed scrap per hour of the hold-out

    // Generator parametrisation: same terms, but "core_temp" is Tc in degC (uncentred)
    // and the intercept is the logit at Tc = 0. Exact linear map of fit.coefficients.
    Eigen::VectorXd uncentred_coefficients;
    Eigen::MatrixXd uncentred_covariance;
    Eigen::VectorXd uncentred_std_errors;
    Eigen::VectorXd uncentred_ci_low, uncentred_ci_high;  // 95 % Wald

    // Tc_opt = -b1 / (2 b2); NaN when b2 <= 0 (no window: the rate has no minimum).
    double core_optimum_degC = std::numeric_limits<double>::quiet_NaN();
    double core_optimum_std_error = std::numeric_limits<double>::quiet_NaN();  // delta method

    std::vector<DefectInputRange> envelope;
    std::vector<std::string> warnings;

    // Index of a term by name (e.g. "Material grade[T.B]"); -1 when absent.
    Eigen::Index term_index(const std::string& name) const;
};

// Throws ModelError when no outcome is mapped, when humidity or speed is missing, when
// the core temperature can neither be taken from options.core_temperature_column nor
// estimated by the soft sensor (which needs furnace_temp, speed, ambient_temp and
// core_temp_check), or when too few rows remain.
DefectModelFit fit_defect_model(const Table& table, const DefectModelOptions& options = {});

// v at time t - lag_s for every row (the core temperature a transport delay earlier): the
// nearest row within half the median step, NaN when none (gaps, the first rows). time_s is
// ascending.
std::vector<double> lagged_series(const std::vector<double>& time_s, const std::vector<double>& v, double lag_s);

}  // namespace twinbench
