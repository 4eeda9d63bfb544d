// twinbench-cli watch: follow the running plant (PRODUCT.md section 5). Rows arriving in a
// folder of CSV exports or on an MQTT topic are appended to the dataset as they come, in
// commits that survive a crash; Ctrl-C (SIGINT, SIGTERM) or --for ends it after a last
// commit. With --json, one JSON object per line: {"event": "progress", ...} at least every
// 10 s, and {"event": "alert" | "cleared", ...} when the twin alongside (the divergence
// monitor, fed each commit's rows) raises or clears an alert; the events are logged in the
// project too.
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "live/divergence_monitor.h"
#include "live/folder_source.h"
#include "live/live_ingest.h"
#include "live/mqtt_source.h"
#include "live/watch_loop.h"

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
        if (folder_.empty() == mqtt_.empty())
            throw UsageError("watch needs one of --folder DIR or --mqtt HOST:PORT/TOPIC");
        Project project(path_from_utf8(project_), Project::Mode::open_existing);
        const std::string dataset = project.dataset(dataset_).name;
        std::unique_ptr<LiveSource> source;
        if (!folder_.empty()) {
            source = std::make_unique<FolderSource>(path_from_utf8(folder_));
        } else {
            PayloadMapping mapping;
            if (!mapping_.empty()) {
                std::ifstream in(path_from_utf8(mapping_), std::ios::binary);
                if (!in) throw UsageError(fmt::format("--mapping {}: cannot read the file", mapping_));
                std::stringstream text;
                text << in.rdbuf();
                mapping = parse_payload_mapping(text.str(), mapping_);
            }
            std::error_code ec;
            const auto absolute = std::filesystem::absolute(path_from_utf8(project_), ec);
            source = std::make_unique<MqttSource>(parse_mqtt_address(mqtt_),
                                                  mqtt_client_id(utf8_path_string(ec ? path_from_utf8(project_) : absolute), dataset),
                                                  std::move(mapping));
        }
        LiveIngest ingest(project, dataset, source->name());
        // The twin alongside, from the dataset as it stands; without fitted output models
        // (or a time axis) the rows are still appended, and the reason is said once.
        std::optional<DivergenceMonitor> monitor;
        try {
            monitor.emplace(open_divergence_monitor(project, dataset));
        } catch (const ModelError& e) {
            std::cerr << "note: no divergence alerts: " << e.what() << '\n';
        }
        const DatasetInfo dataset_info = project.dataset(dataset);

        std::signal(SIGINT, request_stop);
        std::signal(SIGTERM, request_stop);
        WatchOptions options;
        if (for_seconds_ > 0.0) options.for_seconds = for_seconds_;
        WatchHooks hooks;
        hooks.stop_requested = [] { return stop_signal != 0; };
        hooks.on_note = [](const std::string& note) { std::cerr << "note: " << note << '\n'; };
        hooks.on_progress = [&](std::size_t appended, std::size_t rejected) {
            if (json_)
                std::cout << nlohmann::json{{"event", "progress"}, {"rows_appended", appended}, {"rows_rejected", rejected}}.dump()
                          << std::endl;
            else
                std::cout << fmt::format("{} rows appended to '{}', {} rejected ({})", appended, dataset, rejected,
                                         source->link_state())
                          << std::endl;
        };
        hooks.on_commit = [&](const AppendedRows& appended) {
            if (!monitor) return;
            auto events = monitor->append(live_rows_from_table(appended.rows));
            if (events.empty()) return;
            for (const auto& e : events) {
                if (json_)
                    std::cout << alert_event_json_line(e, monitor->time_zone()) << std::endl;
                else
                    std::cout << alert_event_text(e, monitor->time_zone()) << std::endl;
            }
            log_alert_events(project, dataset_info, std::move(events));
        };
        const auto summary = run_watch(*source, ingest, options, hooks);
        if (!json_ && summary.rows_duplicate > 0)
            std::cout << fmt::format("{} rows repeated time stamps already stored and added nothing\n", summary.rows_duplicate);
        if (!json_ && !ingest.unknown_columns().empty())
            std::cout << fmt::format("{} names are no column of the dataset (their values were not stored)\n",
                                     ingest.unknown_columns().size());
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
