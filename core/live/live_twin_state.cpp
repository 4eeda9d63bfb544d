#include "live/live_twin_state.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/missing_value.h"
#include "models/regressor_design.h"

namespace twinbench {
namespace {

// As dynamic_output_model.cpp rounds a dead time to the frame's steps.
std::size_t delay_steps_of(double delay_min, double step_min) {
    if (!(step_min > 0.0) || !(delay_min > 0.0)) return 0;
    return static_cast<std::size_t>(std::llround(delay_min / step_min));
}

}  // namespace

DynamicModelState::DynamicModelState(const DynamicOutputModel& model) : model_(&model) {}

std::size_t DynamicModelState::look_back_steps(double step_min) const {
    const double dt = step_min > 0.0 ? step_min : 1.0;
    std::size_t steps = 0;
    for (const auto& p : model_->paths()) steps = std::max(steps, delay_steps_of(p.delay_min, dt));
    for (const auto& r : model_->static_regressors())
        steps = std::max<std::size_t>(steps, static_cast<std::size_t>(std::max({r.lag_steps, r.lag_steps2, 0})));
    return steps;
}

void DynamicModelState::advance(const SignalFrame& frame, std::size_t from, std::span<double> out) {
    const double dt = frame.step_min > 0.0 ? frame.step_min : 1.0;
    if (paths_.empty() || step_min_ != dt) {
        // First call (or a frame on another grid): the paths' constants for this step.
        step_min_ = dt;
        std::vector<Path> paths;
        for (std::size_t i = 0; i < model_->paths().size(); ++i) {
            const auto& p = model_->paths()[i];
            Path s = i < paths_.size() ? paths_[i] : Path{};
            s.a = p.tau_min > 0.0 ? std::exp(-dt / p.tau_min) : 0.0;
            s.delay = delay_steps_of(p.delay_min, dt);
            paths.push_back(s);
        }
        paths_ = std::move(paths);
        lag_ = model_->second_order() ? std::exp(-dt / model_->output_tau_min()) : 0.0;
    }
    const std::size_t n = frame.steps();
    std::vector<const double*> inputs;
    for (const auto& p : model_->paths()) inputs.push_back(frame.at(p.signal).values.data());
    const auto& regressors = model_->static_regressors();
    const BoundDesign design(regressors, frame);
    std::vector<double> r(design.size());
    const Eigen::VectorXd& g = model_->static_coefficients();
    for (std::size_t k = from; k < n; ++k) {
        double v = model_->offset();
        for (std::size_t i = 0; i < paths_.size(); ++i) {
            Path& s = paths_[i];
            const auto& p = model_->paths()[i];
            if (!s.started) {
                // At rest at the input's first value.
                if (!std::isfinite(inputs[i][k])) {
                    v = nan;
                    continue;
                }
                s.started = true;
                s.held = inputs[i][k];
                s.x = s.held - p.mean;
            }
            const double u = k >= s.delay ? inputs[i][k - s.delay] : nan;
            if (std::isfinite(u)) s.held = u;
            s.x = s.a * s.x + (1.0 - s.a) * (s.held - p.mean);
            v += p.gain * s.x;
        }
        if (!regressors.empty()) {
            if (design.row(k, r.data())) {
                for (std::size_t j = 0; j < r.size(); ++j) v += g(static_cast<Eigen::Index>(j)) * r[j];
            } else {
                v = nan;
            }
        }
        if (model_->second_order() && std::isfinite(v)) {
            const double dev = v - model_->offset();
            w_ = w_started_ ? lag_ * w_ + (1.0 - lag_) * dev : dev;
            w_started_ = true;
            v = model_->offset() + w_;
        }
        out[k - from] = v;
    }
}

}  // namespace twinbench
