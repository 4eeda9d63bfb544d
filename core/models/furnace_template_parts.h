// The furnace template's models as the simulator steps through them: the furnace
// dynamics, the part core temperature physics (soft sensor), the scrap model, the energy
// balance and the throughput (parts, wear and maintenance), each a flat set of numbers
// with the uncertainty of its parameters. The typed output models of the template
// (furnace_output_models.h) hold one each; the plant twin (sim/plant_twin.h) holds them
// all, with the tariff.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "models/furnace_without_checks.h"
#include "models/output_model.h"

namespace twinbench {

// Steady state u = g SP + b_load load + b_amb Tamb + c. First order (tau2_min = 0):
// T[k+1] = a T[k] + (1 - a) u[k], a = exp(-dt / tau). Second order, where the data asked
// for it (core/models/furnace_second_order.h): two lags in cascade, tau the longer (air /
// heater), tau2 the shorter (thermocouple / wall), discretised exactly for inputs held
// over each step.
struct FurnaceTwin {
    double tau_min = 0.0;
    double tau2_min = 0.0;  // 0: first order
    double setpoint_gain = 1.0;
    double load_sensitivity_degC_per_part_per_min = 0.0;
    double ambient_sensitivity = 0.0;
    double offset_degC = 0.0;
    // Of (tau, g, b_load, b_amb, c) and, second order, tau2 last; empty = exact.
    Eigen::MatrixXd covariance;

    bool second_order() const { return tau2_min > 0.0; }
    double steady_state_degC(double setpoint_degC, double load_parts_per_min,
                             double ambient_degC) const {
        return setpoint_gain * setpoint_degC +
               load_sensitivity_degC_per_part_per_min * load_parts_per_min +
               ambient_sensitivity * ambient_degC + offset_degC;
    }
};

// Core = Tf - (Tf - Tamb) exp(-1 / (theta[grade] v)) + bias, theta = tau_part / L.
struct CoreTwin {
    bool available = false;
    std::vector<std::string> grade_labels;  // material levels, as in the data
    std::vector<double> theta_min_per_m;    // one per grade label
    std::vector<double> theta_std_error;
    double bias_degC = 0.0;           // latest soft-sensor bias
    double bias_q_degC2_per_h = 0.0;  // its random-walk rate
    // Soft-sensor error (degC) by manual-check interval (hours), from the check-interval curve.
    std::vector<double> check_interval_h;
    std::vector<double> check_interval_rmse_degC;
    // Noise of one manual check (sd, degC) when the curve was scored against held-out
    // checks (its errors then include it); 0 when scored against a reference series.
    double check_noise_sd_degC = 0.0;

    int grade_index(const std::string& label) const;  // -1 when unknown
    // Error (sd, degC) of the core-temperature estimate when the checks are this many hours
    // apart: the check-interval curve, linear between its points, flat below the first,
    // rising along its last segment beyond the last (never below the last point), less
    // the checks' own noise in quadrature. No checks: pass the horizon's length instead.
    // 0 without a curve.
    double soft_sensor_error_degC(double check_interval_h) const;
};

// logit p = sum coef_j * x_j with x_j computed from the step's inputs. Or, where the core
// temperature cannot be estimated (no manual checks), `direct`: a binomial model of the
// generic family (models/static_output_model.h) straight from what is measured: furnace
// temperature, residence time per metre of furnace (1 / speed), humidity, wear, grade.
struct DefectTwin {
    enum class Input { intercept, core, core_squared, humidity, wear, speed, grade, factor };
    struct Term {
        std::string name;
        Input input = Input::intercept;
        int grade = -1;   // Input::grade: index into CoreTwin::grade_labels
        int factor = -1;  // Input::factor: index into factor_columns
        double coefficient = 0.0;
    };
    bool available = false;
    std::vector<Term> terms;
    std::vector<std::string> factor_columns;  // other numeric inputs, replayed from the data
    Eigen::MatrixXd covariance;               // of the coefficients (terms order)
    // The core temperature at which scrap is least, -b1 / (2 b2), and its standard error
    // (delta method), for reports; NaN where the law has no core window (the direct model).
    double core_optimum_degC = std::numeric_limits<double>::quiet_NaN();
    double core_optimum_std_error_degC = std::numeric_limits<double>::quiet_NaN();
    // The core temperature the process model was fitted on: the soft sensor's estimate
    // (column "") or a column of measured core temperatures, read this transport delay
    // earlier. A replay on recorded rows reads it so; a simulation steps the core's model.
    std::string core_temperature_column;
    double core_temperature_lag_min = 0.0;
    // The model from the measured process; it reads the columns below by name (and the
    // derived residence signals of models/furnace_without_checks.h), its total being 1 (it gives
    // the probability).
    std::shared_ptr<const OutputModel> direct;
    std::string furnace_column, speed_column, humidity_column, wear_column, material_column, ambient_column;
    // The heating constants when the model reads the core temperature from the physics
    // (core_proxy_signal_name): Tf - (Tf - Tamb) exp(-(1 / speed) / theta[grade]).
    PartHeating proxy_heating;
    // How the direct model's fit read the furnace temperature (smoothed or a running
    // median): a replay on recorded rows reads it the same way.
    FurnaceReadingChoice furnace_reading;

    bool needs_core() const { return available && !direct; }
};


// E per step = c_parts * parts * (T - Tamb) + c_loss * (Tf - Tamb) * dt_h + base[state] * dt_h,
// T the core (parts_over_core: the soft sensor's), the core from the physics
// Tf - (Tf - Tamb) exp(-(1 / speed) / theta[grade]) (parts_over_physics: no checks, the
// heating constants fitted to the energy), or the furnace temperature.
struct EnergyTwin {
    bool available = false;
    bool parts_over_core = false;
    bool parts_over_physics = false;
    PartHeating parts_heating;
    // parts_heating's constants by grade index (PlantTwin::core.grade_labels), resolved once.
    std::vector<double> parts_theta_by_grade_min_per_m;
    double parts_kwh_per_part_K = 0.0;
    double loss_kw_per_K = 0.0;
    std::vector<std::string>
        base_levels;  // state labels with their own base load; "" = one for all
    std::vector<double> base_kw;
    Eigen::MatrixXd covariance;  // of (parts, loss, base...) in the fit's term order

    // Base load of a state label; the mean over levels when the label is unknown.
    double base_kw_for(const std::string& label) const;
};

// Parts per running minute = speed / pitch; conveyor wear w0 (v / v_ref)^alpha per running
// minute up to the limit, then a maintenance of maintenance_min (throughput_model.h).
struct ThroughputTwin {
    double pitch_m = 0.5;
    double pitch_se_m = 0.0;
    bool has_wear = false;
    double speed_ref_m_per_min = 1.0;
    double wear_w0_pct_per_min = 0.0, wear_w0_se = 0.0;
    double wear_alpha = 1.0, wear_alpha_se = 0.0;
    double wear_limit_pct = 100.0, wear_limit_se = 0.0;  // the limit is not drawn
    double wear_after_pct = 0.0;
    double maintenance_min = 0.0, maintenance_se_min = 0.0;
    double running_min_per_maintenance = 0.0;  // without a wear signal; 0 = none

    double wear_rate_pct_per_min(double speed_m_per_min) const;
    double parts_per_min(double speed_m_per_min) const {
        return speed_m_per_min > 0.0 ? speed_m_per_min / pitch_m : 0.0;
    }
};

// From the stored fit JSON (core/models/model_fitting.cpp) of one model. The furnace
// temperature throws ModelError without a positive time constant; the others come back
// not `available` where the stored model cannot be simulated (a soft sensor that was
// skipped, the main-effects scrap model, a load-profile energy model). The scrap model
// reads the speed and wear columns from the throughput model's JSON and indexes its grades
// by the core's labels (which it fills, for the direct model, when the core has none).
// Throw nlohmann::json::exception on a damaged model.
FurnaceTwin furnace_twin_from_fit_json(const nlohmann::json& temperature);
CoreTwin core_twin_from_fit_json(const nlohmann::json& temperature);
DefectTwin defect_twin_from_fit_json(const nlohmann::json& defect, CoreTwin& core, const nlohmann::json& throughput);
EnergyTwin energy_twin_from_fit_json(const nlohmann::json& energy);
// Throws ModelError when the part pitch is not positive.
ThroughputTwin throughput_twin_from_fit_json(const nlohmann::json& throughput);

}  // namespace twinbench
