// Benchmark of the live twin's alert latency, end to end: from the publication of the
// sample that completes a divergence rule's persistence to the alert the session raises.
// The generated spray dryer (`sample --template dryer`) is fitted on its history; the rest
// of its rows are published one JSON object per message with QoS 1 to a real broker
// (Debian's mosquitto, started here on 127.0.0.1) at RATE rows per second (60 = the 60x
// replay of a 1 Hz plant's minutes), with FAULTS planted outlet-thermocouple offsets (+8 °C
// for 30 rows, one every 60 rows). A LiveSession (as `watch --mqtt` and the Live page run
// it) subscribes, appends and runs the divergence monitor; each alert's latency is the wall
// time from the publication of the row at the alert's data time to the session's update
// that carries it. Prints the alerts against the faults, and p50/p95/max latency.
//
//   twinbench_live_alert_latency_bench [--rate R] [--faults N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <date/date.h>
#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include "../core/live/mosquitto_broker.h"
#include "../core/support/cli_runner.h"
#include "bench_clock.h"
#include "live/live_session.h"
#include "live/mqtt_source.h"

namespace {

using namespace twinbench;
using namespace std::chrono_literals;

double utc_seconds(const std::string& iso) {
    std::istringstream in(iso);
    date::sys_seconds tp{};
    in >> date::parse("%FT%T%Ez", tp);
    return in.fail() ? -1.0 : static_cast<double>(tp.time_since_epoch().count());
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    return cells;
}

}  // namespace

int main(int argc, char** argv) {
    double rate = 60.0;
    int faults = 12;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--rate") rate = std::stod(argv[i + 1]);
        if (flag == "--faults") faults = std::stoi(argv[i + 1]);
    }
    if (test::mosquitto_program().empty()) {
        std::cerr << "mosquitto is not installed (Debian: apt-get install mosquitto)\n";
        return 1;
    }
    const std::string cli = TWINBENCH_CLI_PATH;
    test::TempDir dir;
    auto run = test::run_cli(cli, dir, {"sample", (dir / "dryer").string(), "--template", "dryer", "--days", "16"});
    if (run.exit != 0) {
        std::cerr << run.err;
        return 1;
    }
    std::vector<std::string> lines = test::lines_of(test::read_bytes(dir / "dryer" / "historian.csv"));
    const std::vector<std::string> header = split(lines.front());
    lines.erase(lines.begin());
    const std::size_t live_rows = static_cast<std::size_t>(faults) * 60 + 30;
    if (lines.size() < live_rows + 14 * 1400) {
        std::cerr << "too many faults for 16 days of data\n";
        return 1;
    }
    const std::string history = [&] {
        std::string h;
        for (std::size_t c = 0; c < header.size(); ++c) h += (c ? "," : "") + header[c];
        h += '\n';
        for (std::size_t i = 0; i + live_rows < lines.size(); ++i) h += lines[i] + '\n';
        return h;
    }();
    dir.write("history.csv", history);
    const auto project_path = dir / "dryer.twin";
    run = test::run_cli(cli, dir, {"import", project_path.string(), (dir / "history.csv").string(), "--dataset", "line"});
    if (run.exit == 0) run = test::run_cli(cli, dir, {"fit", project_path.string()});
    if (run.exit != 0) {
        std::cerr << run.err;
        return 1;
    }

    // The live rows as JSON payloads (names without their units, as `import` lists them),
    // the planted offsets on the outlet temperature, and each row's data time.
    std::vector<std::string> names;
    for (const auto& h : header) names.push_back(h.substr(0, h.find(" [")));
    std::vector<std::string> payloads;
    std::vector<double> row_time_s;
    std::vector<double> fault_start_s;
    for (std::size_t i = lines.size() - live_rows, k = 0; i < lines.size(); ++i, ++k) {
        std::vector<std::string> cells = split(lines[i]);
        const bool faulty = k % 60 < 30 && k / 60 < static_cast<std::size_t>(faults);
        std::string payload = fmt::format(R"({{"time": "{}")", cells[0]);
        for (std::size_t c = 1; c < cells.size() && c < names.size(); ++c) {
            double v = 0.0;
            const auto* end = cells[c].data() + cells[c].size();
            const bool number = fast_float::from_chars(cells[c].data(), end, v).ptr == end && !cells[c].empty();
            if (number && names[c] == "Outlet air temp" && faulty) v += 8.0;
            payload += number ? fmt::format(R"(, "{}": {})", names[c], v) : fmt::format(R"(, "{}": "{}")", names[c], cells[c]);
        }
        payload += '}';
        payloads.push_back(std::move(payload));
        row_time_s.push_back(utc_seconds(cells[0]));
        if (faulty && k % 60 == 0) fault_start_s.push_back(row_time_s.back());
    }

    test::MosquittoBroker broker(dir.path());
    if (!broker.start()) {
        std::cerr << "the broker did not start\n";
        return 1;
    }
    Project project(project_path, Project::Mode::open_existing);
    auto source = std::make_unique<MqttSource>(MqttAddress{"127.0.0.1", broker.port(), "dryer/#"},
                                               mqtt_client_id(project_path.string(), "line"), PayloadMapping{});
    LiveSession session(project, "line", std::move(source));
    if (session.monitor() == nullptr) {
        std::cerr << "no monitor: " << session.monitor_problem() << '\n';
        return 1;
    }
    for (int i = 0; i < 500 && session.source().link_state().rfind("connected", 0) != 0; ++i)
        std::this_thread::sleep_for(10ms);

    std::vector<bench::clock_type::time_point> published(payloads.size());
    std::map<double, std::size_t> row_of_time;
    for (std::size_t r = 0; r < row_time_s.size(); ++r) row_of_time[row_time_s[r]] = r;
    std::atomic<std::size_t> published_count{0};
    std::mutex mutex;
    std::vector<double> latency_ms;
    std::vector<AlertEvent> alerts;
    std::thread watcher([&] {
        LiveSessionHooks hooks;
        hooks.stop_requested = [&] { return session.ingest().rows_appended() >= payloads.size(); };
        hooks.on_update = [&](const LiveUpdate& update) {
            const auto now = bench::clock_type::now();
            for (const auto& e : update.events) {
                if (e.type != AlertEventType::alert) continue;
                const auto row = row_of_time.find(e.time_s);
                if (row == row_of_time.end() || row->second >= published_count.load()) continue;
                const std::lock_guard lock(mutex);
                alerts.push_back(e);
                latency_ms.push_back(std::chrono::duration<double, std::milli>(now - published[row->second]).count());
            }
        };
        LiveSessionOptions options;
        options.watch.poll_wait = 50ms;
        options.forecast_horizon_h = 0.0;
        session.run(options, hooks);
    });

    test::QosPublisher publisher(broker.port(), "twinbench-alert-latency-publisher");
    const auto start = bench::clock_type::now();
    for (std::size_t r = 0; r < payloads.size(); ++r) {
        std::this_thread::sleep_until(start + std::chrono::duration_cast<bench::clock_type::duration>(
                                                  std::chrono::duration<double>(static_cast<double>(r) / rate)));
        published[r] = bench::clock_type::now();
        published_count.store(r + 1);
        publisher.publish("dryer/line", payloads[r]);
    }
    publisher.wait_acknowledged(120s);
    watcher.join();

    std::size_t faults_alerted = 0;
    for (const double f : fault_start_s)
        for (const auto& a : alerts)
            if (a.signal == "Outlet air temp" && a.since_s >= f && a.since_s < f + 1800.0) {
                ++faults_alerted;
                break;
            }
    std::cout << fmt::format("live alert latency: {} rows of the dryer published at {:g} rows/s through mosquitto, "
                             "{} planted outlet offsets (+8 degC for 30 min)\n",
                             payloads.size(), rate, fault_start_s.size());
    std::cout << fmt::format("  alerts raised: {} ({} of {} faults alerted, {} on other signals)\n", alerts.size(),
                             faults_alerted, fault_start_s.size(),
                             std::count_if(alerts.begin(), alerts.end(),
                                           [](const AlertEvent& a) { return a.signal != "Outlet air temp"; }));
    if (!latency_ms.empty())
        std::cout << fmt::format("  sample published -> alert raised: p50 {:.0f} ms, p95 {:.0f} ms, max {:.0f} ms\n",
                                 bench::percentile(latency_ms, 0.5), bench::percentile(latency_ms, 0.95),
                                 bench::percentile(latency_ms, 1.0));
    return faults_alerted == fault_start_s.size() ? 0 : 1;
}
