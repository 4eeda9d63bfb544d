// The likelihood of an output on a subset of its numeric inputs, every subset on the
// same rows, so that two of them compare (a likelihood ratio, Akaike's criterion): the
// logistic likelihood for a 0/1 output or a count out of a total, the Gaussian one of
// least squares for a continuous output. The screening model is linear in the inputs as
// they stand (no dead times, no curvature): it judges which inputs and which alignment of
// them an output needs, not the fitted model's accuracy.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "models/output_model.h"
#include "models/signal_frame.h"

namespace twinbench {

class OutputLikelihood {
  public:
    // The rows: the output measured (a count: a positive total and a count within it) and
    // every input present. total: the count's total, "" otherwise.
    OutputLikelihood(const SignalFrame& history, const std::string& output, OutputKind kind, const std::string& total,
                     const std::vector<std::string>& inputs);

    std::size_t rows() const { return static_cast<std::size_t>(y_.size()); }
    std::size_t inputs() const { return static_cast<std::size_t>(x_.cols()); }

    // log L on an intercept and the inputs `use` (indices into the constructor's inputs);
    // NaN when it cannot be fitted.
    double log_likelihood(const std::vector<Eigen::Index>& use) const;
    double log_likelihood_all_inputs() const;

  private:
    OutputKind kind_ = OutputKind::continuous;
    bool count_ = false;
    Eigen::MatrixXd x_;
    Eigen::VectorXd y_, trials_;
};

}  // namespace twinbench
