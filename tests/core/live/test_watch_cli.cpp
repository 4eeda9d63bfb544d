// The real `twinbench-cli watch`: JSON progress lines, a clean stop on SIGTERM, usage
// errors; and kill -9 during ingest leaves a consistent project that a new watcher
// continues from its last commit, without losing or repeating a row.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "live/alert_events.h"
#include "live/live_test_project.h"
#include "reliability/project_state.h"
#include "support/cli_runner.h"

namespace twinbench {
namespace {

using namespace std::chrono_literals;
using test::live_start_utc_s;
using test::live_value;
using test::TempDir;

const std::string cli_path = TWINBENCH_CLI_PATH;

void append(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << text;
}

std::size_t stored_rows(const std::filesystem::path& path) {
    Project project(path, Project::Mode::read_only);
    return project.dataset("line").sources.front().rows;
}

// The dataset holds exactly the rows of seconds [0, count), each once, with its values.
void expect_exact_rows(const std::filesystem::path& path, std::size_t count) {
    Project project(path, Project::Mode::read_only);
    const Table table = project.read_dataset(project.dataset("line"));
    ASSERT_EQ(table.row_count(), count);
    const Column* temp = table.find("Temp");
    for (std::size_t r = 0; r < count; ++r) {
        ASSERT_EQ(table.time_s[r], live_start_utc_s + static_cast<double>(r)) << "row " << r;
        ASSERT_EQ(temp->values[r], live_value(table.time_s[r], 1)) << "row " << r;
    }
}

TEST(LiveWatchCli, PrintsJsonProgressAndStopsCleanlyOnSigterm) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    const auto folder = dir / "exports";
    std::filesystem::create_directories(folder);
    std::string csv = test::live_csv_header;
    for (int i = 10; i < 40; ++i) csv += test::live_csv_row(live_start_utc_s + i);
    csv += "2026-12-01T00:01:00Z,not a number,1,yes,A\n";
    dir.write("exports/line-2.csv", csv);
    const pid_t child = test::start_child(cli_path, {"watch", path.string(), "--folder", folder.string(), "--json"},
                                          dir / "out.txt", dir / "err.txt");
    for (int i = 0; i < 500 && stored_rows(path) < 40; ++i) std::this_thread::sleep_for(10ms);
    ::kill(child, SIGTERM);
    const auto end = test::wait_child(child);
    ASSERT_TRUE(end.exited) << "signal " << end.signal;
    EXPECT_EQ(end.exit_code, 0) << test::read_bytes(dir / "err.txt");
    const auto lines = test::lines_of(test::read_bytes(dir / "out.txt"));
    ASSERT_FALSE(lines.empty());
    const auto last = nlohmann::json::parse(lines.back());
    EXPECT_EQ(last.at("event"), "progress");
    EXPECT_EQ(last.at("rows_appended"), 30);
    EXPECT_EQ(last.at("rows_rejected"), 1);
    expect_exact_rows(path, 40);
}

TEST(LiveWatchCli, NamesTheMissingSourceAsAUsageError) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    auto run = test::run_cli(cli_path, dir, {"watch", path.string()});
    EXPECT_EQ(run.exit, 2);
    EXPECT_NE(run.err.find("--folder DIR or --mqtt HOST:PORT/TOPIC"), std::string::npos) << run.err;
    run = test::run_cli(cli_path, dir, {"watch", path.string(), "--mqtt", "127.0.0.1:99999/t"});
    EXPECT_EQ(run.exit, 2);
    EXPECT_NE(run.err.find("not a port"), std::string::npos) << run.err;
    run = test::run_cli(cli_path, dir, {"watch", path.string(), "--folder", (dir / "nowhere").string()});
    EXPECT_EQ(run.exit, 2);
}

TEST(LiveWatchCli, KillNineDuringIngestLeavesAConsistentProjectThatResumes) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    const auto folder = dir / "exports";
    std::filesystem::create_directories(folder);
    const auto file = folder / "line-live.csv";
    append(file, test::live_csv_header);
    const pid_t child = test::start_child(cli_path, {"watch", path.string(), "--folder", folder.string(), "--json"},
                                          dir / "out.txt", dir / "err.txt");
    // The exporter writes 100 rows every 5 ms; the watcher is killed once it has committed
    // some of them, while rows keep coming.
    int next = 10;
    const auto write_rows = [&](int n) {
        std::string text;
        for (int i = 0; i < n; ++i) text += test::live_csv_row(live_start_utc_s + next++);
        append(file, text);
    };
    const auto give_up = std::chrono::steady_clock::now() + 15s;
    while (stored_rows(path) <= 10 && std::chrono::steady_clock::now() < give_up) {
        write_rows(100);
        std::this_thread::sleep_for(5ms);
    }
    for (int i = 0; i < 20; ++i) {
        write_rows(100);
        std::this_thread::sleep_for(5ms);
    }
    ::kill(child, SIGKILL);
    const auto end = test::wait_child(child);
    EXPECT_FALSE(end.exited);

    const auto state = test::read_project_state(path);
    EXPECT_EQ(state.integrity, "ok");
    const std::size_t at_kill = stored_rows(path);
    EXPECT_GT(at_kill, 10u);
    EXPECT_LT(at_kill, static_cast<std::size_t>(next)) << "the kill landed after everything was stored";
    expect_exact_rows(path, at_kill);  // a prefix: nothing half-written, nothing twice
    std::cout << "killed with " << at_kill << " of " << next << " rows written stored\n";

    // The exporter finishes; a new watcher goes on from the last commit.
    write_rows(500);
    const auto run = test::run_cli(cli_path, dir, {"watch", path.string(), "--folder", folder.string(), "--for", "1.5", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto last = nlohmann::json::parse(test::lines_of(run.out).back());
    EXPECT_EQ(last.at("rows_appended"), static_cast<std::size_t>(next) - at_kill);
    expect_exact_rows(path, static_cast<std::size_t>(next));
}


// The twin alongside in `watch`: a spray dryer fitted on its first days, then its next
// hours exported into the watched folder with the outlet thermocouple drifting from a
// known row on (0.1 degC a minute up to +8 degC). The watcher prints the divergence alert
// for that signal as PRODUCT.md's JSON line, after the drift began and within the hour,
// and none before it; the alert is logged in the project.
TEST(LiveWatchCli, AnOutletDriftRaisesItsDivergenceAlertAsAJsonLine) {
    TempDir dir;
    auto run = test::run_cli(cli_path, dir, {"sample", (dir / "dryer").string(), "--template", "dryer", "--days", "4", "--seed", "1"});
    ASSERT_EQ(run.exit, 0) << run.err;
    std::vector<std::string> lines = test::lines_of(test::read_bytes(dir / "dryer" / "historian.csv"));
    ASSERT_GT(lines.size(), 2000u);
    const std::string header = lines.front();
    lines.erase(lines.begin());
    const std::size_t live_rows = 600, drift_from = 200;
    std::string history = header + "\n", live = header + "\n";
    for (std::size_t i = 0; i + live_rows < lines.size(); ++i) history += lines[i] + "\n";
    std::string drift_start;
    for (std::size_t i = lines.size() - live_rows, k = 0; i < lines.size(); ++i, ++k) {
        std::vector<std::string> cells;
        std::stringstream in(lines[i]);
        for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
        ASSERT_EQ(cells.size(), 8u) << lines[i];
        if (k >= drift_from) {
            if (k == drift_from) drift_start = cells[0];
            const double drift = std::min(8.0, 0.1 * static_cast<double>(k - drift_from + 1));
            cells[2] = std::to_string(std::stod(cells[2]) + drift);  // Outlet air temp [°C]
        }
        std::string row;
        for (std::size_t c = 0; c < cells.size(); ++c) row += (c ? "," : "") + cells[c];
        live += row + "\n";
    }
    dir.write("history.csv", history);
    const auto project = (dir / "dryer.twin").string();
    run = test::run_cli(cli_path, dir, {"import", project, (dir / "history.csv").string(), "--dataset", "line"});
    ASSERT_EQ(run.exit, 0) << run.err;
    run = test::run_cli(cli_path, dir, {"fit", project});
    ASSERT_EQ(run.exit, 0) << run.err;
    std::filesystem::create_directories(dir / "exports");
    dir.write("exports/live.csv", live);
    run = test::run_cli(cli_path, dir, {"watch", project, "--folder", (dir / "exports").string(), "--for", "2", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;

    const auto seconds = [](const std::string& iso) {  // the rows' and the alert's offsets are the plant's
        std::istringstream in(iso);
        date::sys_seconds tp{};
        in >> date::parse("%FT%T%Ez", tp);
        EXPECT_FALSE(in.fail()) << iso;
        return static_cast<double>(tp.time_since_epoch().count());
    };
    const double drift_s = seconds(drift_start);
    int outlet_alerts = 0;
    for (const auto& line : test::lines_of(run.out)) {
        const auto j = nlohmann::json::parse(line);
        if (j.at("event") != "alert") continue;
        for (const char* key : {"time", "signal", "kind", "value", "expected", "band", "since"}) EXPECT_TRUE(j.contains(key)) << line;
        EXPECT_GE(seconds(j.at("since")), drift_s) << "an alert before the drift: " << line;
        if (j.at("signal") != "Outlet air temp" || j.at("kind") != "divergence") continue;
        ++outlet_alerts;
        EXPECT_LE(seconds(j.at("time")) - drift_s, 3600.0) << line;
        EXPECT_GT(j.at("value").get<double>() - j.at("expected").get<double>(), j.at("band").get<double>()) << line;
    }
    EXPECT_EQ(outlet_alerts, 1) << run.out;
    // Logged with the dataset: the alert reads back from the project.
    Project p(dir / "dryer.twin", Project::Mode::read_only);
    const auto logged = logged_alert_events(p, p.dataset("line"));
    EXPECT_TRUE(std::any_of(logged.begin(), logged.end(), [](const AlertEvent& e) {
        return e.type == AlertEventType::alert && e.signal == "Outlet air temp";
    }));
}

}  // namespace
}  // namespace twinbench
