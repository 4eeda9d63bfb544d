// The twin alongside the running plant (issue 16): fed the rows as they arrive, it
// predicts every modelled output of the process graph from the recorded inputs and says
// how far the measurement is from the prediction, in the model's own uncertainty.
//
// Per output and row:
//   expected  the model's prediction from the recorded controls, disturbances and
//             upstream outputs (a sparse upstream output: its continuous estimate)
//   measured  the recorded value (NaN when the row has none)
//   residual  measured - expected
//   band_sd   sd of the measurement around the prediction:
//             sqrt(noise_sd² + parameter sd²), the parameter part from a few draws of the
//             model's covariance over the history's tail, computed once when built
//             (a model without a noise sd of its own, the furnace template's: the
//             root mean square of the measurement against the model over the history's
//             tail as the noise part, its hold-out RMSE where the tail has too few)
//
// Dynamic models carry their state from block to block (live_twin_state.h: the paths'
// filters stepped as DynamicOutputModel::simulate steps them), so a block costs its own
// steps plus the dead times to look back on. Model forms without a step-wise state (the
// OutputModel interface simulates a frame from rest) are simulated over a trailing window
// that covers their settling (a static model: its longest lag; an unknown form: a day)
// plus the block (a recursive one, the furnace temperature, with its inputs held across a
// missing cell). Measured in tests/bench/live_twin_bench.cpp.
//
// An output measured in a column of another name (GraphTwin::measured_column: the furnace
// template's core temperature by its manual checks) is compared with that column; its
// estimate gets a signal of its own in the frame, as does an output no column measures,
// so that the models downstream read it (the furnace's scrap and energy read the core
// temperature estimate).
//
// Sparse outputs (a lab value every few hours) are their model's prediction plus a bias
// that wanders as a random walk, filtered step by step (a scalar Kalman filter with the
// walk rate and measurement noise fitted by `fit`, sparse_output_fusion.h): between
// checks the estimate runs on, a check corrects it. Their residual is the check's
// innovation (the measurement against the estimate just before it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "live/live_rows.h"
#include "live/live_twin_state.h"
#include "models/signal_frame.h"
#include "sim/graph_twin.h"
#include "sim/scenario.h"
#include "sim/what_if.h"

namespace twinbench {

struct LiveTwinOptions {
    int parameter_draws = 16;  // draws of each model's covariance for the band's parameter part
    std::uint64_t seed = 1;
    double parameter_window_h = 24.0;  // history tail the draws are simulated over
};

// One output over the rows of one block.
struct LiveOutputSeries {
    std::string name;
    std::string unit;
    bool sparse = false;
    std::vector<double> measured;
    std::vector<double> expected;
    std::vector<double> residual;  // NaN where not measured
    std::vector<double> band_sd;
};

struct LiveBlock {
    std::vector<double> time_s;  // the grid steps the block filled (gaps inserted as steps)
    std::vector<LiveOutputSeries> outputs;
    std::size_t late_rows = 0;  // rows at or before the last step already seen (ignored here)
};

// "Nothing changes" from now: every control and disturbance held at its latest value,
// the outputs simulated on from their current state; time-to-limit per limit.
struct LiveForecast {
    double from_s = 0.0;
    SignalFrame frame;  // the horizon's steps: inputs held, outputs simulated
    std::vector<LimitCrossing> limits;
};

class LiveTwin {
  public:
    // twin: the dataset's stored output models (load_graph_twin); history: the dataset's
    // frame (TwinStudy::history), whose tail starts the models' state and whose grid step
    // the rows are placed on. Throws ModelError when the history has no time axis (per-
    // item data has no "live"), or no output has a model.
    LiveTwin(GraphTwin twin, const SignalFrame& history, const LiveTwinOptions& options = {});

    // Appends the rows (placed on the grid after the last step; missing steps between
    // them become empty steps) and returns the outputs over the new steps.
    LiveBlock append(const LiveRows& rows);

    // On demand, not per row: a "nothing changes" horizon from the latest step.
    LiveForecast forecast(double horizon_h, const std::vector<SeriesLimit>& limits) const;

    const GraphTwin& twin() const { return twin_; }
    double step_min() const { return recent_.step_min; }
    double last_time_s() const;
    // Steps each block looks back on (dead times, lags; a stateless form's settling).
    std::size_t window_steps() const { return window_steps_; }
    // The parameter part of an output's band (sd), computed once.
    double parameter_sd(const std::string& output) const;

  private:
    struct SparseState {
        double bias = 0.0;
        double bias_var = 0.0;
        double walk_var_per_step = 0.0;
        double measurement_var = 0.0;
    };

    // The column an output's measurements come from (its own name unless the twin maps it).
    const std::string& measured_column(const std::string& output) const;
    // False for an output with a signal of its own holding its estimate (measured under
    // another name, or not at all), which the models downstream read.
    bool measured_under_own_name(const std::string& output) const;
    std::size_t place_rows(const LiveRows& rows, LiveBlock& block);
    void trim();

    GraphTwin twin_;
    std::vector<std::optional<DynamicModelState>> states_;  // per model; dynamic ones
    std::map<std::string, double> last_residual_;            // per output, for the forecast
    SignalFrame recent_;  // the trailing steps of every graph signal, estimates written in
    std::map<std::string, double> parameter_sd_;
    std::map<std::string, double> measured_noise_sd_;  // models without noise of their own
    std::map<std::string, SparseState> sparse_;
    std::set<std::string> estimate_signals_;  // outputs not measured under their own name
    std::size_t window_steps_ = 0;
};

// Steps over which a model's response to its inputs settles (dead time + 10 time
// constants per path, the largest lag of a static model), at least 2.
std::size_t settling_steps(const OutputModel& model, double step_min);

}  // namespace twinbench
