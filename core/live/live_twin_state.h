// The state of a dynamic output model (dynamic_output_model.h) carried from one block of
// live rows to the next: each path's first-order filter and the last value its input
// held, and the second-order output lag, stepped with the same recurrence as
// DynamicOutputModel::simulate. A block then costs its own steps (plus the paths' dead
// times and the static terms' lags to look back on), not a re-simulation of the model's
// settling, which at 1 Hz and a 20-minute time constant is 12,000 steps per block.
//
// Stepped from the start of a frame it gives simulate()'s values exactly, except that a
// path whose input is missing at the frame's start waits for its first value instead of
// starting at rest at it (simulate looks ahead; a live stream cannot).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "models/dynamic_output_model.h"
#include "models/signal_frame.h"

namespace twinbench {

class DynamicModelState {
  public:
    explicit DynamicModelState(const DynamicOutputModel& model);

    // Steps [from, frame.steps()) of the frame, writing the output into out (one value per
    // step stepped). A dead time reaching before the frame's first step takes the input
    // of the first step the stream saw (as simulate does at the start of its frame).
    void advance(const SignalFrame& frame, std::size_t from, std::span<double> out);

    // Steps a frame must hold before the first step advanced: the longest dead time and
    // the static terms' longest lag.
    std::size_t look_back_steps(double step_min) const;

  private:
    struct Path {
        double a = 0.0;  // exp(-dt / tau)
        std::size_t delay = 0;
        double x = 0.0;
        double held = 0.0;
        bool started = false;
    };
    const DynamicOutputModel* model_;
    double step_min_ = 0.0;
    std::vector<Path> paths_;
    double lag_ = 0.0;  // second-order output lag's exp(-dt / tau_s)
    double w_ = 0.0;
    bool w_started_ = false;
};

}  // namespace twinbench
