// One typed interface for every model of an output of the process graph: what the fit,
// the twin, the Monte Carlo, the report and the GUI need from a model, whatever its form
// (a dynamic multi-input model of a temperature, a static regression of an energy, a
// logistic model of a 0/1 failure, a binomial model of scrap counted out of parts made).
//
//   fit        free functions per family (output_model_fit.h) return a fitted model
//   simulate   the output over a frame's steps from the inputs in the frame (controls,
//              disturbances, upstream outputs already simulated)
//   parameters the fitted parameter vector and its covariance; draw() gives a plausible
//              alternative model for a Monte Carlo run
//   envelope   the range of each input over the training rows (extrapolation warnings)
//   report     hold-out metrics, diagnostics, warnings, the form chosen and why, the
//              trust verdict
//   to_json    serialise; output_model_from_json restores a model from it exactly
//
// The values an output model simulates per step: a continuous output's value; a 0/1
// output's probability; a count output's expected count (the total signal's value times
// the probability).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "models/form_candidate.h"
#include "models/model_diagnostics.h"
#include "models/holdout_metrics.h"
#include "models/model_envelope.h"
#include "models/signal_frame.h"
#include "models/trust_verdict.h"

namespace twinbench {

enum class OutputKind {
    continuous,
    binary,  // 0/1 per item: simulated as the probability
    count,   // successes out of a total signal (scrap out of produced): the expected count
};
std::string_view output_kind_name(OutputKind kind);

struct ModelTerm {
    std::string name;  // readable: "Feed rate", "Feed rate²", "Feed rate × Inlet temp", "Load type = Maximum"
    std::string unit;  // of the estimate ("°C per kg/h", "min", ...); "" when none applies
    double estimate = 0.0;
    double std_error = 0.0;
};


// What every fitted model carries about its fit, whatever its form.
struct FitReport {
    HoldoutMetrics metrics;
    HoldoutDiagnostics diagnostics;
    std::vector<EnvelopeInput> envelope;
    std::vector<std::string> warnings;
    std::string form_reason;      // "dynamic: hold-out RMSE 0.61 °C against 1.20 °C static"
    std::vector<FormCandidate> candidates;  // the forms compared, with their hold-out figures
    TrustVerdict trust;
    double train_start_s = std::numeric_limits<double>::quiet_NaN();  // UTC; NaN per item
    double split_s = std::numeric_limits<double>::quiet_NaN();
    double test_end_s = std::numeric_limits<double>::quiet_NaN();
};

class OutputModel {
  public:
    virtual ~OutputModel() = default;
    virtual std::unique_ptr<OutputModel> clone() const = 0;

    // "dynamic", "static_regression", "logistic", "binomial"; the furnace template's
    // "furnace_temperature", "core_temperature_soft_sensor", "furnace_scrap",
    // "furnace_energy", "furnace_throughput" (furnace_output_models.h).
    virtual std::string kind() const = 0;
    OutputKind output_kind() const { return output_kind_; }
    const std::string& output() const { return output_; }
    const std::string& unit() const { return unit_; }
    // The signals simulate() reads (the graph's inputs of the output, plus the total of a
    // count output).
    virtual std::vector<std::string> inputs() const = 0;
    // Count outputs: the signal the count is out of ("" otherwise).
    const std::string& total_signal() const { return total_signal_; }

    virtual std::vector<ModelTerm> terms() const = 0;
    // The parameters Monte Carlo draws, and their covariance (same order). A model whose
    // parameters are not all uncertain gives them a zero variance.
    virtual Eigen::VectorXd parameters() const = 0;
    virtual void set_parameters(const Eigen::VectorXd& parameters) = 0;
    const Eigen::MatrixXd& covariance() const { return covariance_; }
    // A plausible alternative: parameters drawn from N(parameters, covariance) (through a
    // Cholesky factor, or an eigen-decomposition when the covariance is only semi-definite).
    std::unique_ptr<OutputModel> draw(std::mt19937_64& rng) const;
    // The parameter vector draw() sets (before set_parameters' clamps), from the same
    // numbers of rng; nullopt for a model with nothing to draw (draw() is then a copy).
    // For a caller that puts a draw into a copy of its own instead of copying the model.
    std::optional<Eigen::VectorXd> drawn_parameters(std::mt19937_64& rng) const;
    // The same model under another output name: the column that measures it, where the
    // model's own name is a template's ("scrap" measured in "Parts scrapped").
    std::unique_ptr<OutputModel> renamed(std::string output) const;

    // Residual noise of a continuous output around the model (sd and lag-one
    // autocorrelation per step), added in Monte Carlo runs; counts draw binomially.
    double noise_sd() const { return noise_sd_; }
    double noise_ar1() const { return noise_ar1_; }
    // A continuous output modelled on the log scale, ln(output + offset) linear in its
    // terms (a multiplicative model of a quantity that is never negative: an energy, an
    // emission): its noise (noise_sd, in ln units) multiplies rather than adds, and neither
    // the model nor a Monte Carlo run takes it below zero. NaN offset: the additive scale.
    bool log_scale() const { return std::isfinite(log_offset_); }
    double log_offset() const { return log_offset_; }
    // A continuous output whose data never went below zero (an energy, a flow) in a form
    // that could (the additive one): its simulation and Monte Carlo runs stop at zero, as
    // the plant does.
    bool never_negative() const { return never_negative_; }

    // Writes one value per frame step into out (out.size() == frame.steps()). Reads its
    // inputs by name from the frame. A step with a missing input gives NaN.
    virtual void simulate(const SignalFrame& frame, std::span<double> out) const = 0;

    // Shared by a model and its clones and draws (a draw does not change how the model
    // was fitted, and a report holds thousands of diagnostic points).
    const FitReport& report() const { return *report_; }
    FitReport& report() { return *report_; }

    // PRODUCT.md section 4's `models.outputs.<name>` object: kind, inputs, terms, metrics,
    // n_train, n_test, plus what restores the model (parameters, covariance, encoding).
    nlohmann::json to_json() const;

  protected:
    // The family's own keys (form, encoding, parameters) added to the common ones.
    virtual void write_json(nlohmann::json& out) const = 0;
    // Reads the common keys written by to_json (output, unit, kind, covariance, noise,
    // report); the family's restore function reads its own.
    void read_common_json(const nlohmann::json& json);
    // Factors the covariance once for draw(): a Monte Carlo study draws thousands of times.
    // Every constructor and read_common_json call it after setting covariance_.
    void factor_covariance();

    std::string output_;
    std::string unit_;
    OutputKind output_kind_ = OutputKind::continuous;
    std::string total_signal_;
    Eigen::MatrixXd covariance_;
    Eigen::MatrixXd draw_factor_;  // F with F F' = covariance_ (Cholesky, or eigen-based)
    double noise_sd_ = 0.0;
    double noise_ar1_ = 0.0;
    double log_offset_ = std::numeric_limits<double>::quiet_NaN();
    bool never_negative_ = false;
    std::shared_ptr<FitReport> report_ = std::make_shared<FitReport>();
};

// Restores a model written by OutputModel::to_json. Throws ProjectError naming the
// output and the damaged key (a stored model is part of the project file).
std::unique_ptr<OutputModel> output_model_from_json(const nlohmann::json& json);

}  // namespace twinbench
