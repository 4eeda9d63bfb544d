// The dynamic form of the generic output model: each numeric input reaches the output
// through its own gain, time constant and dead time (a first-order lag per input), the
// categorical inputs and the time-of-day terms add static offsets, and where the data
// asks for it one more lag on the sum makes it second order (as the furnace model
// decides it: a sensor or wall lag behind the process):
//
//   x_i[k] = a_i x_i[k-1] + (1 - a_i) (u_i[k - d_i] - m_i),   a_i = exp(-dt / tau_i)
//   v[k]   = sum_i K_i x_i[k] + sum_j g_j r_j[k]
//   y[k]   = c + v[k]                                    first order
//   y[k]   = c + w[k], w[k] = a_s w[k-1] + (1 - a_s) v[k]  second order (tau_s)
//
// m_i is the input's training mean (the states are deviations, so c is the output at
// the typical operating point). The states start at rest at the first step's inputs. A
// missing input holds its last value (a gap in the historian does not stop the plant).
// Dead times and time constants are in minutes, so a model identified on 1-minute data
// simulates on a 10-minute frame too.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "models/output_model.h"
#include "models/regressor_design.h"

namespace twinbench {

struct DynamicPath {
    std::string signal;
    std::string unit;
    double gain = 0.0;       // output unit per input unit, at steady state
    double tau_min = 0.0;    // 0: the path is static
    double delay_min = 0.0;  // dead time
    double mean = 0.0;       // m_i
};

class DynamicOutputModel final : public OutputModel {
  public:
    struct Spec {
        std::string output;
        std::string unit;
        double offset = 0.0;  // c
        std::vector<DynamicPath> paths;
        std::vector<Regressor> static_regressors;  // no intercept
        Eigen::VectorXd static_coefficients;
        double output_tau_min = 0.0;  // tau_s; 0 = first order
        Eigen::MatrixXd covariance;   // of parameters(), see there
        std::map<std::string, std::string> input_units;
        double noise_sd = 0.0;
        double noise_ar1 = 0.0;
    };
    explicit DynamicOutputModel(Spec spec);

    std::unique_ptr<OutputModel> clone() const override { return std::make_unique<DynamicOutputModel>(*this); }
    std::string kind() const override { return "dynamic"; }
    std::vector<std::string> inputs() const override;
    std::vector<ModelTerm> terms() const override;
    // (c, K_1..K_m, tau_1..tau_m, g_1..g_q[, tau_s]): time constants drawn below 0 are
    // clamped at 0 when simulated.
    Eigen::VectorXd parameters() const override;
    void set_parameters(const Eigen::VectorXd& parameters) override;
    void simulate(const SignalFrame& frame, std::span<double> out) const override;

    const std::vector<DynamicPath>& paths() const { return paths_; }
    double offset() const { return offset_; }
    double output_tau_min() const { return output_tau_min_; }
    // The static offsets (categorical inputs, time of day) and their coefficients: what a
    // step-by-step simulation (the live twin) adds to the paths.
    const std::vector<Regressor>& static_regressors() const { return static_regressors_; }
    const Eigen::VectorXd& static_coefficients() const { return static_coefficients_; }
    bool second_order() const { return output_tau_min_ > 0.0; }

    static std::unique_ptr<DynamicOutputModel> from_json(const nlohmann::json& json);

  protected:
    void write_json(nlohmann::json& out) const override;

  private:
    double offset_ = 0.0;
    std::vector<DynamicPath> paths_;
    std::vector<Regressor> static_regressors_;
    Eigen::VectorXd static_coefficients_;
    double output_tau_min_ = 0.0;
    std::map<std::string, std::string> input_units_;
};

// The filter of one path over a frame's input (deviation from `mean`, started at rest
// at the first finite value, a missing value holding the last one); exposed because the
// identification evaluates it for many time constants.
void first_order_path(const double* input, std::size_t steps, double step_min, double tau_min, std::size_t delay_steps,
                      double mean, double* out);

}  // namespace twinbench
