#include "live/training_session.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "common/csv_field.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/importer.h"
#include "live/live_rows.h"
#include "live/training_debrief.h"

namespace twinbench {
namespace {

// The hour of history (or more, see below) before the session's start as a CSV file with the
// graph's signals (named and with units as `import` lists them), for the training dataset's first
// import.
std::filesystem::path write_warmup_csv(const TwinStudy& study, const SignalFrame& before) {
    static std::atomic<int> serial{0};
    auto path = std::filesystem::temp_directory_path() /
                fmt::format("twinbench-training-{}-{}.csv",
                            std::chrono::steady_clock::now().time_since_epoch().count(), serial++);
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw ProjectError(fmt::format("{}: cannot write the training dataset's first rows",
                                       utf8_path_string(path)));
    const auto per_hour =
        static_cast<std::size_t>(std::max(2.0, std::ceil(60.0 / before.step_min)));
    std::size_t first = before.steps() > per_hour ? before.steps() - per_hour : 0;
    // The importer types a column from its cells: a count that reads only 0 and 1 in the
    // hour would become a yes/no column, a lab value or a grade with no cell in it a
    // number. Reach back to each column's latest cell that shows the plant's type.
    for (const auto& g : study.graph.all_signals()) {
        const FrameSignal* s = before.find(g.name);
        const Column* c = study.table.find(g.name);
        if (s == nullptr || c == nullptr || c->type == ColumnType::boolean) continue;
        for (std::size_t k = before.steps(); k-- > 0;) {
            const double v = s->values[k];
            if (std::isfinite(v) && (s->categorical() || (v != 0.0 && v != 1.0))) {
                first = std::min(first, k);
                break;
            }
        }
    }
    out << "time";
    std::vector<const FrameSignal*> columns;
    for (const auto& g : study.graph.all_signals())
        if (const FrameSignal* s = before.find(g.name)) {
            columns.push_back(s);
            out << ','
                << csv_field(s->unit.empty() ? s->name : fmt::format("{} [{}]", s->name, s->unit));
        }
    out << '\n';
    for (std::size_t k = first; k < before.steps(); ++k) {
        out << format_iso_with_offset(before.time_s[k], "UTC");
        for (const FrameSignal* s : columns) {
            out << ',';
            const double v = s->values[k];
            if (!std::isfinite(v)) continue;
            if (s->categorical()) {
                if (v >= 0.0 && static_cast<std::size_t>(v) < s->levels.size())
                    out << csv_field(s->levels[static_cast<std::size_t>(v)]);
            } else {
                out << fmt::format("{}", v);
            }
        }
        out << '\n';
    }
    return path;
}

}  // namespace

std::string next_training_dataset_name(const Project& project, const std::string& dataset) {
    for (int n = 1;; ++n) {
        std::string name = fmt::format("{} training {}", dataset, n);
        if (!project.find_dataset(name)) return name;
    }
}

TrainingSession::TrainingSession(Project& project, const TrainingSetup& setup)
    : project_(project), objective_(setup.objective) {
    study_ = std::make_unique<TwinStudy>(open_twin_study(project, setup.dataset));
    plant_ = std::make_unique<TrainingPlant>(*study_, setup.plant);
    const SignalFrame before = plant_->history_before_start();
    if (before.steps() < 2)
        throw UsageError(fmt::format(
            "the session starts at the data's first rows; start it at least {:g} min later, "
            "so the twin alongside has history to start from",
            2.0 * study_->history.step_min));

    training_dataset_ = next_training_dataset_name(project, study_->dataset.name);
    const auto csv = write_warmup_csv(*study_, before);
    ImportOptions import;
    import.files = {csv};
    import.dataset = training_dataset_;
    import.time_zone = study_->dataset.time_zone;
    for (const auto& g : study_->graph.all_signals())
        if (const Column* c = study_->table.find(g.name); c != nullptr && c->role != Role::none)
            import.role_overrides.emplace_back(c->role, g.name);
    try {
        import_files(project, import);
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(csv, ec);
        throw;
    }
    std::error_code ec;
    std::filesystem::remove(csv, ec);

    ingest_ = std::make_unique<LiveIngest>(project, training_dataset_, plant_->name());
    ingest_->set_observer([this](const AppendedRows& rows) { on_commit(rows); });
    LiveTwinOptions options;
    options.seed = setup.plant.seed;
    // Started from the plant's own state at the start (at rest, as the models start), so
    // a start in the middle of a transient of the history raises no alert by itself.
    std::vector<std::string> unwatched;
    try {
        const SignalFrame start = plant_->at_rest_before_start(options.parameter_window_h);
        WatchedTwin watched = watched_twin(*study_, start);
        unwatched = watched.unwatched;
        monitor_.emplace(divergence_monitor_for(project, *study_, std::move(watched), start, options));
    } catch (const ModelError& e) {
        monitor_note_ = std::string("no divergence alerts: ") + e.what();
        for (const auto& u : unwatched) monitor_note_ += "; " + u;
    }
}

TrainingSession::~TrainingSession() = default;

void TrainingSession::on_commit(const AppendedRows& rows) {
    if (!monitor_) return;
    std::vector<AlertEvent> events = monitor_->append(live_rows_from_table(rows.rows));
    const LiveBlock& block = monitor_->last_block();
    for (const auto& series : block.outputs) {
        auto it = std::find_if(traces_.begin(), traces_.end(),
                               [&](const TrainingTrace& t) { return t.name == series.name; });
        if (it == traces_.end()) {
            traces_.push_back({series.name, series.unit, {}, {}, {}, {}});
            it = std::prev(traces_.end());
        }
        it->time_s.insert(it->time_s.end(), block.time_s.begin(), block.time_s.end());
        it->measured.insert(it->measured.end(), series.measured.begin(), series.measured.end());
        it->expected.insert(it->expected.end(), series.expected.begin(), series.expected.end());
        it->band_sd.insert(it->band_sd.end(), series.band_sd.begin(), series.band_sd.end());
    }
    if (events.empty()) return;
    log_alert_events(project_, project_.dataset(training_dataset_), events);
    events_.insert(events_.end(), events.begin(), events.end());
    fresh_.insert(fresh_.end(), events.begin(), events.end());
}

std::vector<AlertEvent> TrainingSession::advance(std::chrono::milliseconds wait) {
    fresh_.clear();
    LiveBatch batch = plant_->poll(wait);
    if (!batch.rows.empty()) {
        ingest_->add(batch);
        ingest_->commit(plant_->checkpoint());
    }
    return std::move(fresh_);
}

std::vector<AlertEvent> TrainingSession::run_until(double until_s) {
    std::vector<AlertEvent> all;
    while (!finished()) {
        fresh_.clear();
        // Blocks of rows_per_poll rows, as the plant hands them out as fast as it goes.
        LiveBatch batch = plant_->rows_until(until_s, plant_->options().rows_per_poll);
        if (batch.rows.empty()) break;
        ingest_->add(batch);
        ingest_->commit(plant_->checkpoint());
        all.insert(all.end(), fresh_.begin(), fresh_.end());
    }
    fresh_.clear();
    return all;
}

void TrainingSession::set_control(const std::string& control, double value) {
    plant_->set_control(control, value);
}

const std::vector<std::string>& TrainingSession::unwatched() const {
    static const std::vector<std::string> none;
    return monitor_ ? monitor_->unwatched() : none;
}

std::vector<AlertEvent> TrainingSession::open_alerts() const {
    return monitor_ ? monitor_->open_alerts() : std::vector<AlertEvent>{};
}

std::size_t TrainingSession::rows_appended() const {
    return ingest_->rows_appended();
}

TrainingDebrief TrainingSession::debrief() const {
    return make_training_debrief(*this);
}

}  // namespace twinbench
