// The static forms of the generic output model: the output at a step follows from its
// inputs at that step (each a dead time earlier), through regressors (regressor_design.h)
// and one coefficient each:
//
//   continuous  y = x'b                           ordinary least squares
//   0/1         P(y = 1) = 1 / (1 + exp(-x'b))   logistic regression
//   count       E[y] = total * 1 / (1 + exp(-x'b))   binomial (successes out of a total)
//
// Fitted by static_output_fit.h, which chooses the regressors.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "models/output_model.h"
#include "models/regressor_design.h"

namespace twinbench {

class StaticOutputModel final : public OutputModel {
  public:
    struct Spec {
        std::string output;
        std::string unit;
        OutputKind kind = OutputKind::continuous;
        std::string total_signal;  // count outputs
        std::vector<Regressor> regressors;
        Eigen::VectorXd coefficients;
        Eigen::MatrixXd covariance;
        std::map<std::string, std::string> input_units;  // signal -> unit, for term units
        double noise_sd = 0.0;
        double noise_ar1 = 0.0;
        double step_min = 0.0;  // of the frame fitted on (the regressors' lags count its steps)
        // Continuous outputs on the log scale (OutputModel::log_scale): the offset added
        // before the log (NaN: additive), and Duan's smearing factor that turns exp of the
        // fitted log into the mean.
        double log_offset = std::numeric_limits<double>::quiet_NaN();
        double smearing = 1.0;
        bool never_negative = false;  // OutputModel::never_negative
    };
    explicit StaticOutputModel(Spec spec);

    std::unique_ptr<OutputModel> clone() const override { return std::make_unique<StaticOutputModel>(*this); }
    std::string kind() const override;
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    Eigen::VectorXd parameters() const override { return coefficients_; }
    void set_parameters(const Eigen::VectorXd& parameters) override { coefficients_ = parameters; }
    // A step whose input's dead time reaches before the frame is missing (NaN): what came
    // before the window is not known here.
    void simulate(const SignalFrame& frame, std::span<double> out) const override;
    // For a simulation that starts from the plant as it was at its first step (the furnace
    // template's: the furnace, the wear and the line start there): a dead time reaching
    // before the frame reads the first step. Not for a window whose controls change at its
    // start, where a dead time means the change is not seen before it has passed.
    void simulate_from_window_start(const SignalFrame& frame, std::span<double> out) const;

    const std::vector<Regressor>& regressors() const { return regressors_; }
    const Eigen::VectorXd& coefficients() const { return coefficients_; }

    // Restores what write_json wrote (with the common keys).
    static std::unique_ptr<StaticOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    void simulate(const SignalFrame& frame, std::span<double> out, BoundDesign::BeforeStart before_start) const;
    std::vector<Regressor> regressors_;
    Eigen::VectorXd coefficients_;
    std::map<std::string, std::string> input_units_;
    double step_min_ = 0.0;
    double smearing_ = 1.0;
};

}  // namespace twinbench
