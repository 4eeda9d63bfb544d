// Grey-box dynamic model of the furnace air temperature (issue 4, model 1): first-order
// discrete-time dynamics toward a steady state that follows the setpoint, sags with the
// load (parts per minute) and with a cold ambient:
//
//   T[k+1] = a * T[k] + (1 - a) * (g * SP[k] + b_load * load[k] + b_amb * Tamb[k] + c),
//   a = exp(-dt / tau)
//
// identified from historian data (a twinbench::Table with roles), with standard errors,
// the operating envelope of the inputs, and time-ordered hold-out metrics of both the
// one-step-ahead prediction and the free-run simulation.
//
// Identification (see furnace_temperature_model.cpp for the why):
//   1. equation-error least squares (ARX) on consecutive valid row pairs, with Huber
//      reweighting against spikes: fast and needs no start value, but biased because the
//      regressor T[k] carries the thermocouple noise;
//   2. output-error refinement (Gauss-Newton on the free-run simulation error, Huber
//      weights again) started from (1): consistent under measurement noise, and its
//      residuals are white so the regression covariance is honest. Standard errors of
//      tau, g, ... follow from the covariance of (a, beta) by the delta method.
//
// Order selection ("second-order where the data asks for it"): the two-lag model of
// furnace_second_order.h is identified the same way (ARX(2) start, output-error
// refinement) on the same training rows. It replaces the first-order model only when all
// of these hold (constants in FurnaceFitOptions):
//   - its free-run hold-out RMSE is lower by at least second_order_min_rmse_gain (5 %),
//     both RMSEs taken without the rows both orders miss by more than
//     holdout_spike_robust_sd (6) robust SDs (sensor spikes would drown the comparison),
//   - its BIC on the free-run training residuals is lower,
//   - the second lag is resolvable: tau2 >= second_order_min_tau2_steps sampling steps and
//     its standard error <= second_order_max_tau2_relative_se of it,
//   - the output-error refinement converged with finite estimates, and the hold-out has
//     at least min_pairs rows.
// Otherwise the result is exactly the first-order fit; the decision, its reason and both
// candidates' criteria are recorded either way.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "data/table.h"
#include "models/furnace_inputs.h"
#include "models/furnace_second_order.h"
#include "models/model_diagnostics.h"

namespace twinbench {

struct FurnaceTemperatureModel {
    double step_min = 1.0;             // sampling step dt of the data it was fitted on
    double tau_min = 0.0;              // time constant
    double setpoint_gain = 0.0;        // g, degC per degC of setpoint
    double load_sensitivity = 0.0;     // b_load, degC per part/min (negative: sag)
    double ambient_sensitivity = 0.0;  // b_amb, degC per degC of ambient
    double offset_degC = 0.0;          // c

    double decay() const;  // a = exp(-dt / tau)
    double steady_state_degC(double setpoint_degC, double load_parts_per_min,
                             double ambient_degC) const;
    double step(double furnace_degC, double setpoint_degC, double load_parts_per_min,
                double ambient_degC) const;
    // T[0] = initial_degC, T[k+1] from T[k] and inputs[k]: same length as the inputs.
    // A NaN input makes the rest of the series NaN (nothing is invented). Throws
    // std::invalid_argument when the input series differ in length.
    std::vector<double> simulate(double initial_degC, const FurnaceInputs& inputs) const;
};

struct FurnaceParameter {
    std::string name;  // "tau", "setpoint_gain", "load_sensitivity", ...
    std::string unit;
    double estimate = 0.0;
    double std_error = 0.0;
};

// Range of one input over the rows the model was fitted on: later predictions compare
// their inputs against it ("inside the data" or "extrapolating by X").
struct FurnaceInputRange {
    std::string name;  // "setpoint", "load", "ambient", "furnace_temp"
    std::string column;
    std::string unit;
    double min = 0.0;
    double max = 0.0;
};

struct FurnaceFitMetrics {
    std::size_t n = 0;
    double rmse = 0.0;
    double mae = 0.0;
    double r2 = 0.0;
};

struct FurnaceFitOptions {
    double train_fraction = 0.8;  // of the time span; the rest is the hold-out
    // Huber tuning constant in robust standard deviations (95 % efficiency for
    // Gaussian noise, bounded influence of spikes).
    double huber_k = 1.345;
    int arx_reweighting_passes = 5;
    int max_output_error_iterations = 30;
    bool output_error_refinement = true;
    std::size_t min_pairs = 100;
    // A furnace thermocouple with noise never repeats its value this many samples in a
    // row: such runs are a stuck sensor and are excluded from fit and metrics.
    std::size_t stuck_min_run = 10;
    // Order selection (see the top of this file). Off: first order only.
    bool consider_second_order = true;
    double second_order_min_rmse_gain = 0.05;  // relative hold-out free-run RMSE gain
    // Hold-out rows that both models miss by more than this many robust SDs are sensor
    // spikes, not dynamics: left out of the RMSE the orders are compared on.
    double holdout_spike_robust_sd = 6.0;
    double second_order_min_tau2_steps = 1.0;  // tau2 at least this many sampling steps
    double second_order_max_tau2_relative_se = 0.25;
};

// The criteria one model order is judged by.
struct FurnaceOrderCandidate {
    int order = 1;
    std::size_t parameters = 0;  // k in AIC / BIC
    std::size_t train_n = 0;     // free-run training residuals
    double train_rmse = std::numeric_limits<double>::quiet_NaN();
    double aic = std::numeric_limits<double>::quiet_NaN();  // n ln(RSS/n) + 2k
    double bic = std::numeric_limits<double>::quiet_NaN();  // n ln(RSS/n) + k ln n
    double test_free_run_rmse = std::numeric_limits<double>::quiet_NaN();
    // The same without the hold-out rows both orders miss by a spike (see
    // holdout_spike_robust_sd): what the orders are compared on.
    double test_free_run_rmse_trimmed = std::numeric_limits<double>::quiet_NaN();
    std::size_t test_spikes_excluded = 0;
};

// The second-order candidate, identified whenever the first order could be and the
// output-error refinement is on.
struct FurnaceSecondOrderFit {
    bool fitted = false;
    std::string note;  // the start it was refined from, or why it was not fitted
    FurnaceSecondOrderModel model;
    // tau (= tau1, min), setpoint_gain, load_sensitivity, ambient_sensitivity, offset,
    // tau2 (min): the first-order names first so that readers of "tau" get the dominant lag.
    std::vector<FurnaceParameter> parameters;
    Eigen::VectorXd theta;  // (a1, a2, g, b_load, b_amb, c) with a = exp(-dt / tau)
    Eigen::MatrixXd theta_covariance;
    Eigen::MatrixXd covariance;  // of the parameters above, same order (delta method)
    double residual_sd_degC = 0.0;
    std::size_t downweighted = 0;
    int iterations = 0;
    bool converged = false;
    FurnaceFitMetrics train_one_step;
    FurnaceFitMetrics test_one_step;
    FurnaceFitMetrics test_free_run;
    HoldoutDiagnostics holdout;
    FurnaceOrderCandidate criteria;

    const FurnaceParameter& parameter(const std::string& name) const;
};

// parameters, covariance, the residual figures and the metrics describe the chosen order;
// model, theta and theta_covariance are always the first-order fit and second_order the
// second-order candidate.
struct FurnaceTemperatureFit {
    FurnaceTemperatureModel model;  // the first-order model
    // Order 1: tau (min), setpoint_gain, load_sensitivity, ambient_sensitivity, offset
    // (degC). Order 2: the same names with tau = tau1, then tau2 (min).
    std::vector<FurnaceParameter> parameters;
    // First-order regression parameters theta = (a, (1-a)g, (1-a)b_load, (1-a)b_amb,
    // (1-a)c) and their covariance, from which its standard errors are derived.
    Eigen::VectorXd theta;
    Eigen::MatrixXd theta_covariance;
    // Covariance of the parameters above (same order) by the delta method.
    Eigen::MatrixXd covariance;

    int order = 1;             // 1 or 2: which model the parameters and metrics describe
    std::string order_reason;  // why, in words with the figures
    FurnaceOrderCandidate first_order_criteria;
    FurnaceSecondOrderFit second_order;

    std::string setpoint_column, furnace_column, ambient_column, produced_column, state_column;
    std::string running_label;  // state level taken as running (most frequent)
    double step_min = 0.0;      // dt found in the data (median row spacing)
    double first_time_s = 0.0;  // fitted data: UTC seconds
    double split_time_s = 0.0;  // training rows are before, hold-out rows at or after
    double last_time_s = 0.0;
    std::size_t rows = 0;           // table rows
    std::size_t train_pairs = 0;    // usable consecutive row pairs before the split
    std::size_t test_pairs = 0;     // ... after it
    std::size_t stuck_rows = 0;     // furnace readings excluded as a stuck sensor
    std::size_t downweighted = 0;   // training residuals with Huber weight < 0.5
    double residual_sd_degC = 0.0;  // robust sd of the final training residuals
    bool output_error = false;      // the output-error refinement was used
    int iterations = 0;
    std::vector<FurnaceInputRange> envelope;

    FurnaceFitMetrics train_one_step;
    FurnaceFitMetrics test_one_step;
    FurnaceFitMetrics test_free_run;  // simulation restarted from the measurement after each gap
    // The free-run simulation against the measured furnace temperature, per hold-out row.
    HoldoutDiagnostics holdout;
    std::vector<std::string> warnings;

    const FurnaceParameter& parameter(const std::string& name) const;
};

// Throws ModelError naming the role to map when setpoint, furnace_temp, ambient_temp,
// produced or state is missing, when the table has no time axis, and when fewer than
// options.min_pairs usable row pairs remain for training.
FurnaceTemperatureFit fit_furnace_temperature(const Table& table,
                                              const FurnaceFitOptions& options = {});

}  // namespace twinbench
