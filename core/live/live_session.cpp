#include "live/live_session.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "live/folder_source.h"
#include "live/live_rows.h"
#include "live/mqtt_source.h"

namespace twinbench {

std::unique_ptr<LiveSource> open_live_source(const LiveSourceChoice& choice, const Project& project,
                                             const std::string& dataset) {
    if (choice.folder.empty() == choice.mqtt.empty())
        throw UsageError("watch needs one of --folder DIR or --mqtt HOST:PORT/TOPIC");
    if (!choice.folder.empty()) return std::make_unique<FolderSource>(choice.folder);
    PayloadMapping mapping;
    if (!choice.mapping.empty()) {
        const std::string name = utf8_path_string(choice.mapping);
        std::ifstream in(choice.mapping, std::ios::binary);
        if (!in) throw UsageError(fmt::format("--mapping {}: cannot read the file", name));
        std::stringstream text;
        text << in.rdbuf();
        mapping = parse_payload_mapping(text.str(), name);
    }
    // The persistent session's client id stays the same for this project's dataset, so
    // what was published while no one watched is delivered on the next run.
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(project.path(), ec);
    return std::make_unique<MqttSource>(
        parse_mqtt_address(choice.mqtt),
        mqtt_client_id(utf8_path_string(ec ? project.path() : absolute), dataset),
        std::move(mapping));
}

LiveSourceFactory live_source_factory(LiveSourceChoice choice) {
    return [choice = std::move(choice)](const Project& project, const std::string& dataset) {
        return open_live_source(choice, project, dataset);
    };
}

LiveSession::LiveSession(Project& project, const std::string& dataset,
                         std::unique_ptr<LiveSource> source, const LiveTwinOptions& twin_options)
    : project_(project),
      dataset_(project.dataset(dataset)),
      source_(std::move(source)),
      ingest_(project, dataset_.name, source_->name()) {
    // The twin alongside, from the dataset as it stands; without fitted output models (or
    // a time axis) the rows are still appended, and the reason is said once.
    try {
        monitor_.emplace(open_divergence_monitor(project, dataset_.name, twin_options));
    } catch (const ModelError& e) {
        monitor_problem_ = e.what();
    }
}

std::vector<SeriesLimit> LiveSession::forecast_limits() const {
    std::vector<SeriesLimit> limits;
    if (!monitor_) return limits;
    for (const auto& rule : monitor_->rules())
        if (rule.enabled && rule.kind == AlertKind::limit)
            limits.push_back({rule.signal, rule.limit_min, rule.limit_max});
    return limits;
}

WatchSummary LiveSession::run(const LiveSessionOptions& options, const LiveSessionHooks& hooks) {
    using Clock = std::chrono::steady_clock;
    const std::vector<SeriesLimit> limits = forecast_limits();
    Clock::time_point last_forecast{};
    bool forecast_due = false;
    const auto forecast = [&](bool force) {
        if (!monitor_ || !hooks.on_forecast || options.forecast_horizon_h <= 0.0) return;
        const auto now = Clock::now();
        if (!force && now - last_forecast < options.forecast_interval) return;
        if (!forecast_due) return;
        hooks.on_forecast(monitor_->twin().forecast(options.forecast_horizon_h, limits));
        last_forecast = now;
        forecast_due = false;
    };
    WatchHooks watch;
    watch.stop_requested = hooks.stop_requested;
    watch.on_note = hooks.on_note;
    // A forecast that waited for its interval goes out with the next progress report, so
    // the last rows of a burst are forecast from too.
    watch.on_progress = [&](std::size_t appended, std::size_t rejected) {
        if (hooks.on_progress) hooks.on_progress(appended, rejected);
        forecast(false);
    };
    watch.on_commit = [&](const AppendedRows& appended) {
        LiveUpdate update;
        update.rows_appended_total = appended.rows_appended_total;
        update.rows_rejected_total = appended.rows_rejected_total;
        if (monitor_ && appended.rows.row_count() > 0) {
            update.events = monitor_->append(live_rows_from_table(appended.rows));
            update.block = monitor_->last_block();
            log_alert_events(project_, dataset_, update.events);
            forecast_due = true;
        }
        if (hooks.on_update) hooks.on_update(update);
        forecast(false);
    };
    const WatchSummary summary = run_watch(*source_, ingest_, options.watch, watch);
    forecast(true);
    return summary;
}

}  // namespace twinbench
