// twinbench-cli watch: follow the running plant (PRODUCT.md section 5). Rows arriving in a
// folder of CSV exports or on an MQTT topic are appended to the dataset as they come, in
// commits that survive a crash; Ctrl-C (SIGINT, SIGTERM) or --for ends it after a last
// commit. With --json, one JSON object per line: {"event": "progress", ...} at least every
// 10 s, and {"event": "alert" | "cleared", ...} when the twin alongside (the divergence
// monitor, fed each commit's rows) raises or clears an alert; the events are logged in the
// project too.
#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "live/live_session.h"

namespace twinbench::cli {
namespace {

volatile std::sig_atomic_t stop_signal = 0;

extern "C" void request_stop(int signal) { stop_signal = signal; }

class WatchCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("watch",
                                  "Append rows arriving in a folder of CSV exports or on an MQTT topic to a "
                                  "dataset until Ctrl-C or --for seconds");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset to append to (default: the first)");
        auto* folder = sub_->add_option("--folder", folder_, "Folder whose CSV files grow or rotate");
        auto* mqtt = sub_->add_option("--mqtt", mqtt_, "HOST:PORT/TOPIC to subscribe to (QoS 1; wildcards allowed)");
        folder->excludes(mqtt);
        sub_->add_option("--mapping", mapping_, "JSON file mapping MQTT payloads to columns (docs/LIVE.md)")
            ->needs(mqtt);
        sub_->add_option("--for", for_seconds_, "Stop after this many seconds")->check(CLI::PositiveNumber);
        sub_->add_flag("--json", json_, "One JSON object per line");
    }

    int run() override {
        Project project(path_from_utf8(project_), Project::Mode::open_existing);
        const std::string dataset = project.dataset(dataset_).name;
        LiveSourceChoice choice;
        if (!folder_.empty()) choice.folder = path_from_utf8(folder_);
        choice.mqtt = mqtt_;
        if (!mapping_.empty()) choice.mapping = path_from_utf8(mapping_);
        LiveSession session(project, dataset, open_live_source(choice, project, dataset));
        if (!session.monitor_problem().empty()) std::cerr << "note: no divergence alerts: " << session.monitor_problem() << '\n';
        if (const DivergenceMonitor* m = session.monitor())
            for (const auto& u : m->unwatched()) std::cerr << "note: not watched: " << u << '\n';

        std::signal(SIGINT, request_stop);
        std::signal(SIGTERM, request_stop);
        LiveSessionOptions options;
        if (for_seconds_ > 0.0) options.watch.for_seconds = for_seconds_;
        options.forecast_horizon_h = 0.0;  // the command line prints no forecast
        LiveSessionHooks hooks;
        hooks.stop_requested = [] { return stop_signal != 0; };
        hooks.on_note = [](const std::string& note) { std::cerr << "note: " << note << '\n'; };
        hooks.on_progress = [&](std::size_t appended, std::size_t rejected) {
            if (json_)
                std::cout << nlohmann::json{{"event", "progress"}, {"rows_appended", appended}, {"rows_rejected", rejected}}.dump()
                          << std::endl;
            else
                std::cout << fmt::format("{} rows appended to '{}', {} rejected ({})", appended, dataset, rejected,
                                         session.source().link_state())
                          << std::endl;
        };
        hooks.on_update = [&](const LiveUpdate& update) {
            for (const auto& e : update.events) {
                const std::string& zone = session.monitor()->time_zone();
                std::cout << (json_ ? alert_event_json_line(e, zone) : alert_event_text(e, zone)) << std::endl;
            }
        };
        const auto summary = session.run(options, hooks);
        if (!json_ && summary.rows_duplicate > 0)
            std::cout << fmt::format("{} rows repeated time stamps already stored and added nothing\n", summary.rows_duplicate);
        if (!json_ && !session.ingest().unknown_columns().empty())
            std::cout << fmt::format("{} names are no column of the dataset (their values were not stored)\n",
                                     session.ingest().unknown_columns().size());
        return 0;
    }

  private:
    std::string project_, dataset_, folder_, mqtt_, mapping_;
    double for_seconds_ = 0.0;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_watch_command() { return std::make_unique<WatchCommand>(); }

}  // namespace twinbench::cli
