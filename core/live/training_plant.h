// The twin playing the plant for operator training (issue 16, training mode): a LiveSource
// whose rows are the fitted twin's simulation of a stretch of the data, so a training
// session goes through the same ingest, twin alongside and alerts as the running plant.
//
// The plant's truth over the session is computed the way `twinbench-cli simulate` computes
// its scenario, on the same code path: the window of the history (graph_window.h; for the
// furnace template its replay window, replay.h) with the disturbances replayed and the
// controls held at the trainee's settings (at first as recorded at the start), the furnace
// template's physics (simulator.h, written into the graph frame as run_twin_what_if does),
// then every output model in the graph's order (simulate_graph). With no faults, no noise
// and the controls held at the values `simulate --set` gives, the rows are simulate's
// scenario frame (tests/core/live/test_training_plant.cpp). Like simulate, the models start
// at rest in the steady state of the first step's inputs.
//
// On top of the truth:
//   noise     each modelled continuous output gets its model's residual noise (sd and
//             lag-one correlation; multiplicative on a log-scale model), a count its
//             binomial spread (normal approximation), all from the seed, drawn once per
//             step so a re-simulation after a control change keeps the same noise
//   cadence   an output measured on a minority of the history's rows (a lab value, a
//             count every 15 minutes) is reported on the steps the history measured it
//   trainee   a control change takes effect from the first step not handed out yet; the
//             truth is re-simulated (the models are causal: what was handed out stands)
//   faults    training_faults.h: on the process (the truth re-simulated with the
//             disturbance stepped or the control frozen / tripped) or on the reading
//
// Pace: `speed` data seconds per wall second (1 = real time, 60 = a minute a second); 0 as
// fast as it goes, rows_per_poll rows a poll (tests, a scripted session).
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "live/live_source.h"
#include "live/training_faults.h"
#include "models/signal_frame.h"
#include "sim/simulator.h"
#include "sim/twin_study.h"

namespace twinbench {

struct TrainingPlantOptions {
    // UTC of the session's first step; NaN: the start of `simulate`'s window (the latest
    // duration_h of the data), so the session plays simulate's horizon.
    double start_s = std::numeric_limits<double>::quiet_NaN();
    double duration_h = 2.0;
    double speed = 60.0;  // data seconds per wall second; 0 = as fast as possible
    std::uint64_t seed = 1;
    bool noise = true;
    // Settings at the start, by control name. The others start as the data recorded them at
    // the start (the window's median, simulate's baseline, where nothing was recorded).
    std::map<std::string, double> controls;
    std::vector<TrainingFault> faults;
    std::size_t rows_per_poll = 600;  // as fast as possible: at most this many rows a poll
};

// A trainee's move: a control set to a value from a time on.
struct ControlMove {
    std::string control;
    double time_s = 0.0;  // the first step it acts on (UTC)
    double value = 0.0;
    double previous = 0.0;
};

class TrainingPlant final : public LiveSource {
  public:
    // Throws UsageError for a start outside the data, a duration longer than what follows
    // the start, an unknown control, a fault that does not fit the twin (check_training_fault);
    // ModelError for per-item data (no time, no live) or a twin that cannot simulate.
    TrainingPlant(const TwinStudy& study, TrainingPlantOptions options);

    // LiveSource
    std::string name() const override;
    void restore(const std::string& checkpoint) override;  // a session always starts afresh
    LiveBatch poll(std::chrono::milliseconds wait) override;
    std::string checkpoint() const override;
    std::string link_state() const override;
    // The rows before until_s not handed out yet (at most max_rows), whatever the pace: a
    // scripted session.
    LiveBatch rows_until(double until_s, std::size_t max_rows);

    // The trainee's control change, from the next step not handed out. UsageError for a
    // name that is not a numeric control.
    void set_control(const std::string& control, double value);
    double control_value(const std::string& control) const;  // the trainee's current setting
    const std::vector<std::string>& controls() const { return controls_; }
    const std::vector<ControlMove>& moves() const { return moves_; }

    double start_s() const { return grid_.front(); }
    double end_s() const;
    double step_s() const { return step_min_ * 60.0; }
    double step_min() const { return step_min_; }
    std::size_t steps() const { return grid_.size(); }
    std::size_t steps_played() const { return next_; }
    bool finished() const { return next_ >= grid_.size(); }
    double played_until_s()
        const;  // the data time of the last row handed out (start_s before the first)
    const TrainingPlantOptions& options() const { return options_; }
    const TwinStudy& study() const { return study_; }

    // The process over the whole session (no instrument noise, no reading faults) with the
    // trainee's moves made before moves_before_s (infinity: all of them, as played; the
    // first fault's time: the settings held from the fault on) and with or without the
    // process faults. The debrief compares these.
    SignalFrame process(double moves_before_s, bool with_faults) const;
    // The same with the controls in `settings` held at those values from settings_from_s on
    // (the moves before moves_before_s as played until then): the twin's best response
    // (training_best_response.h) is judged on it. A frozen or tripped control stays with its
    // fault whatever the settings say, as it does for the trainee.
    SignalFrame process_with_settings(double moves_before_s,
                                      const std::map<std::string, double>& settings,
                                      double settings_from_s, bool with_faults) const;
    // The furnace template's KPIs over the steps from `from_step` (nullopt without it);
    // with settings, as process_with_settings simulates them.
    std::optional<Kpis> furnace_kpis(double moves_before_s, bool with_faults,
                                     std::size_t from_step,
                                     const std::map<std::string, double>& settings = {},
                                     double settings_from_s = 0.0) const;
    // The history before the session's first step (the training dataset's first rows).
    SignalFrame history_before_start() const;
    // `hours` of the process at rest in the state the session starts from (every signal at
    // its first step's value), just before the start: the twin alongside starts from it, so
    // it starts where the plant's models start (at rest), not in the history's transient.
    SignalFrame at_rest_before_start(double hours) const;

  private:
    struct Simulated {
        SignalFrame frame;
        std::optional<SimulationResult> furnace;
    };
    Simulated simulate_process(double moves_before_s, bool with_faults,
                               const std::vector<std::uint8_t>* kpi_mask,
                               const std::map<std::string, double>* settings = nullptr,
                               double settings_from_s = 0.0) const;
    void resimulate();
    void draw_noise();
    LiveRow row_at(std::size_t step);
    double reading(const std::string& signal, std::size_t step);

    const TwinStudy& study_;
    TrainingPlantOptions options_;
    std::vector<double> grid_;  // step starts (UTC)
    double step_min_ = 1.0;
    std::optional<SimulationInputs>
        furnace_inputs_;    // the template's window, controls at the baseline
    SignalFrame window_;    // graph_window baseline on the grid
    SignalFrame recorded_;  // the history as recorded on the grid (cadence)
    std::vector<std::string> controls_;
    std::map<std::string, double> start_settings_;
    std::vector<ControlMove> moves_;
    SignalFrame truth_;  // the process, current moves and faults
    std::map<std::string, std::vector<double>>
        noise_;                               // per modelled output: standard normal draws
    std::map<std::string, double> stuck_at_;  // a stuck reading's frozen value
    std::size_t next_ = 0;                    // the next step to hand out
    std::optional<std::chrono::steady_clock::time_point> wall_start_;
};

}  // namespace twinbench
