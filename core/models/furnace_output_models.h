// The furnace template's models behind the one typed interface of output_model.h:
//
//   furnace_temperature           the furnace dynamics (first or second order grey box)
//   core_temperature_soft_sensor  the part core temperature at the exit (physics + bias)
//   furnace_scrap                 scrapped parts out of the parts produced (logistic in the
//                                 core temperature, or from what is measured without checks)
//   furnace_energy                the interval energy (parts' heat, wall losses, base load)
//   furnace_throughput            the parts produced (speed / pitch while running), with the
//                                 conveyor's wear and maintenance law the simulator steps
//
// Each holds the flat parameters the simulator steps through (furnace_template_parts.h)
// and the columns its inputs come from, so that simulate() over a frame gives the values
// the plant simulator computes for the same inputs; their draws are how the plant twin's
// Monte Carlo draws a run's parameters (sim/monte_carlo.cpp: perturbed_twin, through
// drawn_parameters and write_parameters: draw()'s numbers and clamps, into the run's copy
// of the part), so the means, covariances and clamps are defined here and nowhere else.
// Built from the stored fit JSON of a project (furnace_output_models), restored from
// their own JSON by output_model_from_json.
//
// The signals they read in a frame: the data's columns by name (setpoint, furnace,
// ambient, parts produced per step, line state, speed, wear, material, the scrap model's
// other factors) and the upstream outputs by their output names: the core temperature as
// core_temperature_signal_name.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core_temperature_soft_sensor.h"
#include "models/furnace_template_parts.h"
#include "models/output_model.h"

namespace twinbench {

struct FitAllResult;  // models/model_fitting.h

// The output names of the template's models in a frame.
inline constexpr std::string_view core_temperature_signal_name = "core temperature";
inline constexpr std::string_view furnace_scrap_output_name = "scrap";
inline constexpr std::string_view furnace_energy_output_name = "energy";
inline constexpr std::string_view furnace_parts_output_name = "parts produced";

// The data columns the template's models read (from the stored fits' "columns").
struct FurnaceColumns {
    std::string setpoint, furnace, ambient, produced, state, speed, wear, material;
};
nlohmann::json to_json(const FurnaceColumns& columns);
FurnaceColumns furnace_columns_from_json(const nlohmann::json& json);

// Grade index of each of the first n steps into `labels` from the frame's material signal
// (matched by label); `unknown` where there is no such signal, level or value.
std::vector<int> furnace_grade_per_step(const SignalFrame& frame, const std::string& material,
                                        const std::vector<std::string>& labels, std::size_t n, int unknown);

// T[k+1] from T[k] and the steady state g SP + b_load load + b_amb Tamb + c (load = parts
// produced per minute), starting at the steady state of the first step as the simulator
// does without a given start.
class FurnaceTemperatureOutputModel final : public OutputModel {
  public:
    FurnaceTemperatureOutputModel(FurnaceTwin furnace, FurnaceColumns columns);

    std::unique_ptr<OutputModel> clone() const override;
    std::string kind() const override { return "furnace_temperature"; }
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    // tau, g, b_load, b_amb, c (and tau2, second order): the stored covariance's order.
    Eigen::VectorXd parameters() const override;
    // The time constants are kept at 5 % of the fitted ones or more: a draw far in the
    // tail must not leave the furnace responding instantly, or backwards.
    void set_parameters(const Eigen::VectorXd& parameters) override;
    // set_parameters into a copy of the part the model holds (a Monte Carlo run's twin),
    // with the same clamps: a run's draw without a copy of the model. The same for the
    // other three.
    void write_parameters(const Eigen::VectorXd& parameters, FurnaceTwin& part) const;
    void simulate(const SignalFrame& frame, std::span<double> out) const override;

    const FurnaceTwin& furnace() const { return furnace_; }
    const FurnaceColumns& columns() const { return columns_; }
    static std::unique_ptr<FurnaceTemperatureOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    FurnaceTwin furnace_;
    FurnaceColumns columns_;
    double fitted_tau_min_ = 0.0, fitted_tau2_min_ = 0.0;
};

// What the soft sensor's fit found about the manual checks besides the heating constants:
// how many it used, the noise of one check, and how far apart they can be (the
// check-interval curve, scored against the checks each thinned fit leaves out). A short
// history may leave too few checks out to score: the curve is then not computed
// (curve_skipped says why) and the soft sensor is kept without it.
struct SoftSensorChecks {
    std::size_t checks_used = 0;
    double check_sd_degC = std::numeric_limits<double>::quiet_NaN();  // one check's noise (sd)
    // No points when it was not computed. A point stored before the estimate's own error
    // was recorded has NaN there (and is not judged by it): see shown_rmse_degC.
    CheckIntervalCurve curve;
    std::string curve_skipped;  // why there is no curve ("" when there is one)
};

// The error a review shows at a point of the curve: the estimate's own (the checks' noise
// taken out), or, at a point stored before that was recorded, the error as it was scored.
inline double shown_rmse_degC(const CheckIntervalPoint& p) {
    return std::isfinite(p.estimate_rmse_degC) ? p.estimate_rmse_degC : p.rmse_degC;
}
inline double shown_p95_abs_error_degC(const CheckIntervalPoint& p) {
    return std::isfinite(p.estimate_p95_abs_error_degC) ? p.estimate_p95_abs_error_degC : p.p95_abs_error_degC;
}

// Core = Tf - (Tf - Tamb) exp(-1 / (theta[grade] speed)) + bias, theta per material grade.
class CoreTemperatureOutputModel final : public OutputModel {
  public:
    CoreTemperatureOutputModel(CoreTwin core, FurnaceColumns columns, SoftSensorChecks checks = {});

    std::unique_ptr<OutputModel> clone() const override;
    std::string kind() const override { return "core_temperature_soft_sensor"; }
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    // theta per grade (min per metre of furnace), independent (their standard errors).
    Eigen::VectorXd parameters() const override;
    void set_parameters(const Eigen::VectorXd& parameters) override;  // theta >= 1e-6
    void write_parameters(const Eigen::VectorXd& parameters, CoreTwin& part) const;
    void simulate(const SignalFrame& frame, std::span<double> out) const override;

    const CoreTwin& core() const { return core_; }
    const FurnaceColumns& columns() const { return columns_; }
    // The material levels the heating constants are fitted per (terms() in this order).
    const std::vector<std::string>& grade_labels() const { return core_.grade_labels; }
    const SoftSensorChecks& checks() const { return checks_; }
    static std::unique_ptr<CoreTemperatureOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    CoreTwin core_;
    FurnaceColumns columns_;
    SoftSensorChecks checks_;
};

// The checks' part of a soft sensor's JSON (checks_used, check_sd, check_interval_curve
// with tolerance, reference, points and, when skipped, why): the fit JSON's soft_sensor
// object and the typed model's own are written alike.
SoftSensorChecks soft_sensor_checks_from_json(const nlohmann::json& sensor);
void write_soft_sensor_checks(const SoftSensorChecks& checks, nlohmann::json& sensor);

// The expected scrapped parts per step: parts produced times the defect probability, from
// the core temperature window (with humidity, wear, speed, grade and other factors), or,
// without manual checks, from the direct model over what is measured.
class FurnaceScrapOutputModel final : public OutputModel {
  public:
    // grade_labels: the material levels the model's grades index.
    FurnaceScrapOutputModel(DefectTwin defect, std::vector<std::string> grade_labels, FurnaceColumns columns);

    std::unique_ptr<OutputModel> clone() const override;
    std::string kind() const override { return "furnace_scrap"; }
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    Eigen::VectorXd parameters() const override;  // the logit's coefficients
    void set_parameters(const Eigen::VectorXd& parameters) override;
    void write_parameters(const Eigen::VectorXd& parameters, DefectTwin& part) const;
    void simulate(const SignalFrame& frame, std::span<double> out) const override;

    const DefectTwin& defect() const { return defect_; }
    const std::vector<std::string>& grade_labels() const { return grade_labels_; }
    const FurnaceColumns& columns() const { return columns_; }
    static std::unique_ptr<FurnaceScrapOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    DefectTwin defect_;
    std::vector<std::string> grade_labels_;
    FurnaceColumns columns_;
};

// E per step = c_parts parts (T - Tamb) + c_loss (Tf - Tamb) dt_h + base[state] dt_h, T the
// core temperature (the soft sensor's or the physics') or the furnace temperature.
class FurnaceEnergyOutputModel final : public OutputModel {
  public:
    // grade_labels: the material levels (for the physics' heating constants).
    FurnaceEnergyOutputModel(EnergyTwin energy, std::vector<std::string> grade_labels, FurnaceColumns columns);

    std::unique_ptr<OutputModel> clone() const override;
    std::string kind() const override { return "furnace_energy"; }
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    Eigen::VectorXd parameters() const override;  // parts, loss, base per state
    void set_parameters(const Eigen::VectorXd& parameters) override;
    void write_parameters(const Eigen::VectorXd& parameters, EnergyTwin& part) const;
    void simulate(const SignalFrame& frame, std::span<double> out) const override;

    const EnergyTwin& energy() const { return energy_; }
    const FurnaceColumns& columns() const { return columns_; }
    static std::unique_ptr<FurnaceEnergyOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    EnergyTwin energy_;
    std::vector<std::string> grade_labels_;
    FurnaceColumns columns_;
};

// Parts produced per step: speed / pitch times the step where the line state is the running
// label, 0 in any other state (the conveyor law the throughput fit's hold-out scores, per
// hour). The wear and maintenance law it carries (wear rate by speed, wear limit, the
// maintenance's duration) decides when a scenario's line stops for maintenance, a state
// the plant simulator steps (sim/simulation_steps.cpp) from throughput(); its parameters
// are drawn here. Parameters: pitch, wear rate at the reference speed, wear speed
// exponent, maintenance duration (the wear two with no variance on a line without a wear
// signal); a parameter the data pin exactly (every maintenance equally long) has none.
class FurnaceThroughputOutputModel final : public OutputModel {
  public:
    FurnaceThroughputOutputModel(const ThroughputTwin& throughput, FurnaceColumns columns, std::string running_label,
                                 std::string maintenance_label);

    std::unique_ptr<OutputModel> clone() const override;
    std::string kind() const override { return "furnace_throughput"; }
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    Eigen::VectorXd parameters() const override;
    // The pitch is kept at half the fitted one or more, the wear rate and the maintenance's
    // duration at zero or more (as the Monte Carlo runs always drew them).
    void set_parameters(const Eigen::VectorXd& parameters) override;
    void write_parameters(const Eigen::VectorXd& parameters, ThroughputTwin& part) const;
    void simulate(const SignalFrame& frame, std::span<double> out) const override;

    const ThroughputTwin& throughput() const { return throughput_; }
    const FurnaceColumns& columns() const { return columns_; }
    const std::string& running_label() const { return running_label_; }
    const std::string& maintenance_label() const { return maintenance_label_; }
    static std::unique_ptr<FurnaceThroughputOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    ThroughputTwin throughput_;
    double fitted_pitch_m_ = 0.0;  // the clamp's reference: a draw's own pitch is not
    FurnaceColumns columns_;
    std::string running_label_, maintenance_label_;
};

// The template's models that a stored fit can simulate (null: not fitted, or a form the
// simulator does not step: a skipped soft sensor, the main-effects scrap model, a
// load-profile energy model), in the simulation's order.
struct FurnaceOutputModels {
    std::shared_ptr<const FurnaceTemperatureOutputModel> temperature;
    std::shared_ptr<const CoreTemperatureOutputModel> core;
    std::shared_ptr<const FurnaceScrapOutputModel> scrap;
    std::shared_ptr<const FurnaceEnergyOutputModel> energy;
    // Parts produced, wear and maintenance; every stored furnace fit has one. Not in all()
    // (the outputs the live monitor estimates and compares): there the parts counter is
    // the recorded input the scrap and energy models read, not an estimate.
    std::shared_ptr<const FurnaceThroughputOutputModel> throughput;
    // The material levels the grades of the models index (the soft sensor's, else the
    // direct scrap model's or the energy's heating constants').
    std::vector<std::string> grade_labels;
    // Why the temperature model's fit has no core-temperature soft sensor (no manual
    // checks mapped, too few of them); "" when it has one, or when it says nothing.
    std::string core_skipped;

    std::vector<std::shared_ptr<const OutputModel>> all() const;
    // The typed model of the template's stored fit `key` ("temperature" the furnace
    // dynamics, "defect" the scrap, "energy", "throughput"; null for a model not built).
    const OutputModel* of_stored_fit(std::string_view key) const;
};

// From the `models` object of the stored fit JSON (keys temperature, defect, energy,
// throughput; what every project since the furnace template stores), with each model's
// report (hold-out metrics, envelope, diagnostics, warnings, trust verdict) taken from its
// stored fit. Throws ModelError when the temperature model is missing, has no positive
// time constant or cannot be read (as the plant twin always has: run `fit` again).
FurnaceOutputModels furnace_output_models(const nlohmann::json& models);
// The same from a fit just made (fit_all_models), before it is stored.
FurnaceOutputModels furnace_output_models(const FitAllResult& fit);

}  // namespace twinbench
