// One run of the live twin, as `twinbench-cli watch` and the workbench's Live page start
// it: the source the engineer chose, the ingest into the dataset, the divergence monitor
// fed every commit's rows (its alerts logged in the project), and on request the "nothing
// changes" forecast. Both front ends call this; they only print or draw what it reports.
//
//   Project project(path, Project::Mode::open_existing);      // the run's own connection
//   LiveSession session(project, dataset, open_live_source(choice, project, dataset));
//   session.run(options, hooks);   // until hooks.stop_requested() or options.for_seconds
//
// A source other than a folder or an MQTT topic (the training mode's simulated plant) is
// any LiveSource: build it with a LiveSourceFactory and hand it to the session the same way.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/project.h"
#include "live/divergence_monitor.h"
#include "live/live_ingest.h"
#include "live/live_source.h"
#include "live/watch_loop.h"

namespace twinbench {

// The source the engineer chose: a folder of CSV exports, or an MQTT topic with an
// optional mapping file (PRODUCT.md section 5's --folder, --mqtt, --mapping).
struct LiveSourceChoice {
    std::filesystem::path folder;
    std::string mqtt;  // HOST:PORT/TOPIC
    std::filesystem::path mapping;
};

// Builds the source for a dataset of a project; called on the thread that runs the
// session, with that thread's connection.
using LiveSourceFactory =
    std::function<std::unique_ptr<LiveSource>(const Project& project, const std::string& dataset)>;

// The folder or MQTT source of the choice. Throws UsageError when neither or both are
// given, the folder does not exist or the mapping file cannot be read; BadInputError for a
// bad mapping file.
std::unique_ptr<LiveSource> open_live_source(const LiveSourceChoice& choice, const Project& project,
                                             const std::string& dataset);
LiveSourceFactory live_source_factory(LiveSourceChoice choice);

// What one commit brought: the twin's predictions over its rows and the alert events it
// raised (already logged in the project).
struct LiveUpdate {
    LiveBlock block;
    std::vector<AlertEvent> events;
    std::size_t rows_appended_total = 0;
    std::size_t rows_rejected_total = 0;
};

struct LiveSessionHooks {
    std::function<void(const LiveUpdate&)> on_update;  // after each commit
    std::function<void(std::size_t rows_appended, std::size_t rows_rejected)> on_progress;
    std::function<void(const std::string&)> on_note;  // the source's notes and link state changes
    // A fresh forecast after new rows, at most every forecast_interval (checked at each
    // commit and progress report), and once at the end.
    std::function<void(const LiveForecast&)> on_forecast;
    std::function<bool()> stop_requested;
};

struct LiveSessionOptions {
    WatchOptions watch;
    // The "nothing changes" horizon; 0 = no forecast.
    double forecast_horizon_h = 2.0;
    std::chrono::milliseconds forecast_interval{2000};
};

class LiveSession {
  public:
    // Opens the ingest and, where the dataset has fitted output models and a time axis,
    // the divergence monitor (otherwise rows are still appended, and monitor_problem()
    // says why there are no predictions). Throws UsageError for an unknown dataset.
    LiveSession(Project& project, const std::string& dataset, std::unique_ptr<LiveSource> source,
                const LiveTwinOptions& twin_options = {});

    // Runs the watch loop until stopped; a last commit before it returns.
    WatchSummary run(const LiveSessionOptions& options, const LiveSessionHooks& hooks);

    const DatasetInfo& dataset() const { return dataset_; }
    LiveSource& source() { return *source_; }
    const LiveIngest& ingest() const { return ingest_; }
    // nullptr when the dataset cannot be monitored (monitor_problem() says why).
    const DivergenceMonitor* monitor() const { return monitor_ ? &*monitor_ : nullptr; }
    const std::string& monitor_problem() const { return monitor_problem_; }
    // The limits the forecast's time-to-limit is measured against: the limit rules'.
    std::vector<SeriesLimit> forecast_limits() const;

  private:
    Project& project_;
    DatasetInfo dataset_;
    std::unique_ptr<LiveSource> source_;
    LiveIngest ingest_;
    std::optional<DivergenceMonitor> monitor_;
    std::string monitor_problem_;
};

}  // namespace twinbench
