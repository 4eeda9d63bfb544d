// A training session (issue 16, training mode): the twin plays the plant (training_plant.h),
// its rows go through the normal LiveIngest into a dataset of their own (never the plant's
// own data), the twin alongside watches them with the plant dataset's alert rules exactly
// as `watch` does (divergence_monitor.h; started from the plant's state at the start, at
// rest as the models start), the trainee moves the controls, and the debrief
// (training_debrief.h) tells what happened.
//
//   TrainingSession session(project, setup);        // creates the training dataset
//   while (!session.finished()) { session.advance(); ... session.set_control(...); }
//   TrainingDebrief d = session.debrief();
//
// The training dataset ("<dataset> training N") is imported with the plant's graph signals
// and their roles from the hour of history before the session's start (further back where
// a column needs it to be typed as the plant's: a count that read only 0 and 1), then
// follows the session's rows; its alerts are logged with it.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/project.h"
#include "live/alert_events.h"
#include "live/divergence_monitor.h"
#include "live/live_ingest.h"
#include "live/training_debrief.h"
#include "live/training_plant.h"
#include "sim/twin_study.h"

namespace twinbench {

struct TrainingSetup {
    std::string dataset;  // the plant's dataset ("" = the first)
    TrainingPlantOptions plant;
    // What the debrief's best response optimises (training_best_response.h); empty: the
    // outputs' distance from the fault-free run.
    TrainingObjective objective;
};

class TrainingSession {
  public:
    // Opens the plant dataset's twin, creates the training dataset, starts the plant.
    // Throws what open_twin_study and TrainingPlant throw.
    TrainingSession(Project& project, const TrainingSetup& setup);
    ~TrainingSession();
    TrainingSession(const TrainingSession&) = delete;
    TrainingSession& operator=(const TrainingSession&) = delete;

    // One turn: the rows due at the session's pace, ingested and committed, watched by the
    // twin alongside; returns the alerts and clears they raised (also logged).
    std::vector<AlertEvent> advance(std::chrono::milliseconds wait = std::chrono::milliseconds{0});
    // The session as fast as it goes up to until_s (UTC, exclusive; plant().end_s() for the
    // rest), whatever its pace: a scripted session (tests, the CLI).
    std::vector<AlertEvent> run_until(double until_s);
    void set_control(const std::string& control, double value);

    bool finished() const { return plant_->finished(); }
    const TrainingPlant& plant() const { return *plant_; }
    const TwinStudy& study() const { return *study_; }
    const std::string& training_dataset() const { return training_dataset_; }
    const TrainingObjective& objective() const { return objective_; }
    std::filesystem::path project_path() const { return project_.path(); }
    // Why there are no alerts (no fitted output model to watch), "" when the twin watches.
    const std::string& monitor_note() const { return monitor_note_; }
    // The modelled outputs the twin alongside does not watch, each with why (watched_twin.h).
    const std::vector<std::string>& unwatched() const;
    const std::vector<AlertEvent>& events() const { return events_; }
    std::vector<AlertEvent> open_alerts() const;
    const std::vector<TrainingTrace>& traces() const { return traces_; }
    std::size_t rows_appended() const;

    TrainingDebrief debrief() const;

  private:
    void on_commit(const AppendedRows& rows);

    Project& project_;
    std::unique_ptr<TwinStudy> study_;
    std::unique_ptr<TrainingPlant> plant_;
    std::string training_dataset_;
    TrainingObjective objective_;
    std::unique_ptr<LiveIngest> ingest_;
    std::optional<DivergenceMonitor> monitor_;
    std::string monitor_note_;
    std::vector<AlertEvent> events_;
    std::vector<AlertEvent> fresh_;
    std::vector<TrainingTrace> traces_;
};

// "<dataset> training N" with the first N the project does not hold yet.
std::string next_training_dataset_name(const Project& project, const std::string& dataset);

}  // namespace twinbench
