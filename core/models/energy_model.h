// Energy model (issue 4, model 3): interval energy E [kWh] as a linear regression whose
// terms are the physics of the furnace line (PRODUCT.md section 1), so that the
// coefficients are physical quantities an engineer can check:
//
//   physics form   E = c_parts * produced * (T_parts - T_ambient)       kWh per part per K
//                    + c_loss  * (T_furnace - T_ambient) * dt_h          kW per K
//                    + c_base[state] * dt_h                              kW (one per state
//                                                                        level, or one)
//                    + sum_j c_j * factor_j * dt_h                       kW per unit
//   profile form   E = (base + load-type / categorical effects           kW
//                       + hour-of-day profile + weekend effect) * dt_h
//     The data-driven fallback for metering-only data (no furnace / ambient temperature),
//     e.g. the Steel Industry data. Hours are local clock hours in the plant's zone
//     (reference hour 00, reference level = alphabetically first), because shifts and
//     tariffs follow the wall clock, not UTC.
//
// T_parts is the part core temperature at the furnace exit when the caller supplies it
// (the soft sensor's estimate, core_temperature_soft_sensor.h): the heat a part takes is
// its heat capacity times how far its core was heated, so c_parts * 3600 is then the
// part's heat capacity (kJ/K). Without it the furnace temperature stands in, and
// c_parts * 3600 comes out smaller than the heat capacity (the core leaves below the
// furnace temperature, more so at high speed), with the base load absorbing the rest.
//
// Fit: rows with any missing input are skipped; in the physics form rows are summed over
// fixed windows (default one hour, aligned to UTC) before fitting. Every term is additive
// over time, so the window sums obey the same equation exactly, while the part-count
// quantisation (a step has 4 or 5 parts) and the thermocouple noise, which would bias the
// coefficients toward zero as errors in the regressors, average out. Least squares by
// column-pivoting QR on unit-norm columns, then one Huber-type reweighting pass against
// gross outliers (meter glitches). Time-ordered hold-out: first train_fraction of the
// usable rows (windows) fit, the rest test.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "data/table.h"
#include "models/model_diagnostics.h"

namespace twinbench {

enum class EnergyForm { automatic, physics, profile };

struct EnergyFitOptions {
    EnergyForm form = EnergyForm::automatic;  // automatic: physics when temperatures are mapped
    double train_fraction = 0.8;
    std::size_t min_rows = 50;                // usable rows (windows) for training
    double physics_window_s = 3600.0;         // 0 = fit per row
    std::string time_zone = "UTC";            // plant zone for the hour-of-day profile
    bool weekend_effect = true;               // profile form: Saturday/Sunday shift
    // Extra categorical columns of the profile form besides the material / state roles
    // (e.g. "Load_Type" when it is mapped to no role).
    std::vector<std::string> categorical_columns;
    // Use the numeric `factor` role columns as extra terms (kW per unit).
    bool use_factor_roles = false;
    // Part core temperature per table row (degC, NaN = unknown) for the parts term of the
    // physics form; empty: the furnace temperature is used.
    std::vector<double> core_temperature_degC;
    // Residuals beyond this many robust sd get weight cutoff/|r| in the reweighting pass:
    // only gross outliers, ordinary noise keeps weight 1.
    double outlier_cutoff_sd = 4.0;
};

struct EnergyTerm {
    std::string name;  // "parts", "loss", "base", "base[RUN]", "hour[07]", "Load_Type[T.X]"
    std::string unit;
    double estimate = 0.0;
    double std_error = 0.0;
};

struct EnergyInputRange {
    std::string name;  // "produced", "furnace_temp", "ambient_temp", "furnace_over_ambient", factor
    std::string column;
    std::string unit;
    double min = 0.0;
    double max = 0.0;
};

struct EnergyMetrics {
    std::size_t n = 0;
    double rmse = 0.0;  // kWh per row (window)
    double mae = 0.0;
    double r2 = 0.0;
};

// How a row is encoded; kept so that predictions encode rows exactly like the fit.
struct EnergyEncoding {
    EnergyForm form = EnergyForm::physics;
    std::string energy_column, produced_column, furnace_column, ambient_column, state_column;
    std::vector<std::string> factor_columns;
    std::vector<std::string> categorical_columns;              // profile form
    std::vector<std::vector<std::string>> categorical_levels;  // levels with a term, per column
    std::vector<std::string> categorical_reference;
    std::vector<std::string> state_levels;                     // physics form, one base each
    bool parts_use_core = false;  // parts term on (core - ambient), else (furnace - ambient)
    std::string time_zone = "UTC";
    bool weekend_effect = false;
    std::vector<int> hours;  // profile form: local hours with a term
    double step_h = 0.0;     // dt of one row (median spacing)
    double window_s = 0.0;   // 0 = per row
};

struct EnergyModel {
    EnergyEncoding encoding;
    std::vector<EnergyTerm> terms;
    Eigen::VectorXd coefficients;
    Eigen::MatrixXd covariance;

    const EnergyTerm& term(const std::string& name) const;  // throws std::out_of_range
    // Energy per table row (kWh), NaN where an input is missing or a level is unseen.
    // core_temperature_degC: one value per table row, required when parts_use_core
    // (std::invalid_argument otherwise).
    std::vector<double> predict(const Table& table,
                                const std::vector<double>& core_temperature_degC = {}) const;
};

struct EnergyFit {
    EnergyModel model;
    std::size_t rows = 0;           // table rows
    std::size_t usable_rows = 0;    // rows with every input present
    std::size_t train_n = 0, test_n = 0;  // rows, or windows in the physics form
    std::size_t downweighted = 0;   // training rows with weight < 0.5
    double residual_sd = 0.0;       // robust sd of the training residuals, kWh
    double first_time_s = 0.0, split_time_s = 0.0, last_time_s = 0.0;
    std::vector<EnergyInputRange> envelope;  // over the training rows
    EnergyMetrics train;
    EnergyMetrics test;
    // Predicted against metered energy per hold-out window (row); time = its first row.
    HoldoutDiagnostics holdout;
    std::vector<std::string> warnings;
};

// Throws ModelError (exit 4) naming the role to map when energy is missing, when some but
// not all physics roles are mapped (or physics is asked for without them), when the table
// has no time axis, when fewer than min_rows usable rows (windows) remain for training,
// and when terms are collinear (named).
EnergyFit fit_energy_model(const Table& table, const EnergyFitOptions& options = {});

// The physics form's training error for many candidate part core temperatures, cheaply:
// the searches for the parts' heating constants without manual checks
// (furnace_without_checks.h) try a hundred. The rows, windows and every term but the parts'
// are encoded once; each call re-sums the parts' term per window and solves the small
// least-squares problem (no outlier reweighting: a search needs the shape, not the last
// digit). The core series must be missing where the first one was (that pattern follows
// the furnace, ambient and speed readings, not the constant searched).
class EnergyPartsSearch {
public:
    // Throws ModelError as fit_energy_model does; `first_core_degC` fixes the usable rows.
    EnergyPartsSearch(const Table& table, const EnergyFitOptions& options, const std::vector<double>& first_core_degC);
    double train_rmse(const std::vector<double>& core_degC) const;

private:
    std::vector<std::size_t> rows_;      // training rows used, in time order
    std::vector<std::size_t> window_;    // each row's design row
    std::vector<double> produced_, ambient_;
    Eigen::MatrixXd others_;             // design rows without the parts' column
    Eigen::VectorXd energy_;
};

}  // namespace twinbench
