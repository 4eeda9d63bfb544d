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
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "data/table.h"
#include "models/model_diagnostics.h"

namespace twinbench {

// Input series of a simulation, one value per step (all the same length).
struct FurnaceInputs {
    std::vector<double> setpoint_degC;
    std::vector<double> load_parts_per_min;
    std::vector<double> ambient_degC;

    std::size_t size() const { return setpoint_degC.size(); }
};

struct FurnaceTemperatureModel {
    double step_min = 1.0;                 // sampling step dt of the data it was fitted on
    double tau_min = 0.0;                  // time constant
    double setpoint_gain = 0.0;            // g, degC per degC of setpoint
    double load_sensitivity = 0.0;         // b_load, degC per part/min (negative: sag)
    double ambient_sensitivity = 0.0;      // b_amb, degC per degC of ambient
    double offset_degC = 0.0;              // c

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
};

struct FurnaceTemperatureFit {
    FurnaceTemperatureModel model;
    // tau (min), setpoint_gain, load_sensitivity, ambient_sensitivity, offset (degC).
    std::vector<FurnaceParameter> parameters;
    // Regression parameters theta = (a, (1-a)g, (1-a)b_load, (1-a)b_amb, (1-a)c) and
    // their covariance, from which the standard errors above are derived.
    Eigen::VectorXd theta;
    Eigen::MatrixXd theta_covariance;
    // Covariance of (tau, g, b_load, b_amb, c) by the delta method.
    Eigen::MatrixXd covariance;

    std::string setpoint_column, furnace_column, ambient_column, produced_column, state_column;
    std::string running_label;    // state level taken as running (most frequent)
    double step_min = 0.0;        // dt found in the data (median row spacing)
    double first_time_s = 0.0;    // fitted data: UTC seconds
    double split_time_s = 0.0;    // training rows are before, hold-out rows at or after
    double last_time_s = 0.0;
    std::size_t rows = 0;               // table rows
    std::size_t train_pairs = 0;        // usable consecutive row pairs before the split
    std::size_t test_pairs = 0;         // ... after it
    std::size_t stuck_rows = 0;         // furnace readings excluded as a stuck sensor
    std::size_t downweighted = 0;       // training residuals with Huber weight < 0.5
    double residual_sd_degC = 0.0;      // robust sd of the final training residuals
    bool output_error = false;          // the output-error refinement was used
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
