// A training session end to end on the spray dryer: the twin plays the plant into a
// training dataset of its own through LiveIngest, the twin alongside watches it with the
// plant's alert rules. A clean session raises no alert; a stuck outlet thermocouple, with
// the trainee raising the inlet temperature, raises the outlet's divergence alert within
// the rule's persistence after the true outlet has left the band; the debrief lists the
// fault, the alert and the move, and the process consequences against the held settings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "live/training_debrief.h"
#include "live/training_session.h"
#include "live/watch_loop.h"
#include "report/training_report.h"
#include "support/cli_runner.h"
#include "training_project.h"

namespace twinbench {
namespace {

const std::string outlet = "Outlet air temp";

TEST(TrainingSession, CleanSessionRaisesNoAlertAndStaysOutOfThePlantsData) {
    const auto& g = test::dryer_twin(1, 14);
    test::PlantCopy copy(g);
    Project& project = copy.project;
    const std::size_t plant_rows = project.read_dataset(project.dataset("")).row_count();
    TrainingSession session(project, test::scripted_session(8.0));
    EXPECT_EQ(session.training_dataset(), g.study->dataset.name + " training 1");
    EXPECT_TRUE(session.monitor_note().empty()) << session.monitor_note();
    const auto events = session.run_until(session.plant().end_s());
    EXPECT_TRUE(events.empty()) << alert_event_text(events.front(), "UTC");
    EXPECT_TRUE(session.finished());
    EXPECT_EQ(session.rows_appended(), session.plant().steps());
    EXPECT_TRUE(project.rejected_rows(project.dataset(session.training_dataset()).id).empty());
    // The plant's own dataset is untouched; the training one holds the warm-up + the session.
    EXPECT_EQ(project.read_dataset(project.dataset(g.study->dataset.name)).row_count(), plant_rows);
    const Table played = project.read_dataset(project.dataset(session.training_dataset()));
    EXPECT_EQ(played.time_s.back(), session.plant().end_s() - session.plant().step_s());
    const TrainingDebrief d = session.debrief();
    EXPECT_TRUE(d.events.empty());
    EXPECT_TRUE(d.faults.empty());
    for (const auto& o : d.outputs) EXPECT_DOUBLE_EQ(o.played, o.held) << o.name;
}

TEST(TrainingSession, WatchLoopFollowsThePlantLikeAnyLiveSource) {
    // The same simulated source `watch` would follow: run_watch polls it, LiveIngest stores
    // its rows, the commit hook sees each one once; what is stored is what it played.
    test::PlantCopy copy(test::dryer_twin(1, 14));
    Project& project = copy.project;
    TrainingSetup setup = test::scripted_session(2.0);
    setup.plant.rows_per_poll = 7;
    const TrainingSession session(project, setup);  // the training dataset, no row played yet
    TrainingPlant plant(session.study(), setup.plant);
    LiveIngest ingest(project, session.training_dataset(), plant.name());
    std::size_t seen = 0;
    WatchHooks hooks;
    hooks.on_commit = [&](const AppendedRows& rows) { seen += rows.rows.row_count(); };
    hooks.stop_requested = [&] { return plant.finished(); };
    WatchOptions options;
    options.poll_wait = std::chrono::milliseconds{0};
    const WatchSummary summary = run_watch(plant, ingest, options, hooks);
    EXPECT_EQ(summary.rows_appended, plant.steps());
    EXPECT_EQ(seen, plant.steps());
    EXPECT_EQ(summary.rows_rejected, 0u);
    TrainingPlant again(session.study(), setup.plant);
    const auto played = test::play_all(again).values.at(outlet);
    const Table stored = project.read_dataset(project.dataset(session.training_dataset()));
    const Column& column = *stored.find(outlet);
    ASSERT_GE(column.values.size(), played.size());
    const std::size_t offset = column.values.size() - played.size();
    for (std::size_t k = 0; k < played.size(); ++k)
        EXPECT_DOUBLE_EQ(column.values[offset + k], played[k]) << k;
}

TEST(TrainingSession, StuckOutletSensorRaisesItsAlertAndTheDebriefTellsIt) {
    test::PlantCopy copy(test::dryer_twin(1, 14));
    Project& project = copy.project;
    TrainingSession session(project, test::scripted_session(3.0, {"stuck:Outlet air temp@30"}));
    const double t0 = session.plant().start_s();
    EXPECT_TRUE(session.run_until(t0 + 40 * 60.0).empty());  // stuck, but the process is steady
    // The trainee raises the inlet; the true outlet follows, the stuck reading does not.
    const double inlet = session.plant().control_value("Inlet air temp SP");
    session.set_control("Inlet air temp SP", inlet + 15.0);
    const auto events = session.run_until(session.plant().end_s());
    const auto alert = std::find_if(events.begin(), events.end(), [](const AlertEvent& e) {
        return e.type == AlertEventType::alert && e.signal == outlet && e.kind == "divergence";
    });
    ASSERT_NE(alert, events.end());
    // The lab's moisture may diverge too: its model reads the (stuck) outlet temperature.
    for (const auto& e : events)
        EXPECT_TRUE(e.signal == outlet || e.signal == "Residual moisture") << e.rule;
    // Raised once the condition held for the rule's persistence (10 min), and the condition
    // began after the move (the stuck reading matched the twin while nothing moved).
    EXPECT_NEAR(alert->time_s - alert->since_s, 600.0, 60.0);
    EXPECT_GE(alert->since_s, t0 + 40 * 60.0);
    EXPECT_LE(alert->time_s, t0 + 70 * 60.0);
    // The stuck value is what the alert saw; the twin expected the warmer outlet.
    EXPECT_GT(alert->expected - alert->value, alert->band);
    // Logged with the training dataset, as `watch` logs.
    EXPECT_EQ(logged_alert_events(project, project.dataset(session.training_dataset())).size(),
              events.size());

    const TrainingDebrief d = session.debrief();
    ASSERT_EQ(d.faults.size(), 1u);
    ASSERT_TRUE(d.faults[0].first_alert);
    EXPECT_EQ(*d.faults[0].first_alert, alert->alert_id);
    EXPECT_NEAR(d.faults[0].alert_after_min, (alert->time_s - t0) / 60.0 - 30.0, 1e-6);
    ASSERT_EQ(d.moves.size(), 1u);
    EXPECT_EQ(d.moves[0].value, inlet + 15.0);
    // A stuck reading does not move the process: held and fault-free agree; the move does.
    const auto o = std::find_if(d.outputs.begin(), d.outputs.end(),
                                [](const DebriefOutcome& x) { return x.name == outlet; });
    ASSERT_NE(o, d.outputs.end());
    EXPECT_DOUBLE_EQ(o->held, o->fault_free);
    EXPECT_GT(o->played - o->held, 1.0);
    const std::string text = debrief_text(d);
    if (std::getenv("TWINBENCH_PRINT_DEBRIEF") != nullptr) std::printf("%s\n", text.c_str());
    for (const char* expected :
         {"FAULT   stuck sensor: Outlet air temp at 30 min", "ALERT   Outlet air temp",
          "MOVE    Inlet air temp SP", "no alert"})
        EXPECT_EQ(text.find(expected) != std::string::npos, std::string(expected) != "no alert")
            << expected << "\n"
            << text;
    // The same debrief as a report document: the timeline in time order, a chart per output.
    const report::ReportDocument doc = report::training_debrief_report(d);
    const auto& timeline = std::get<report::DataTable>(doc.sections.at(1).blocks.at(0));
    ASSERT_GE(timeline.rows.size(), 3u);
    EXPECT_EQ(timeline.rows[0][2].text, "Fault");
    EXPECT_EQ(timeline.rows[1][2].text, "Move");
    EXPECT_EQ(timeline.rows[2][2].text, "Alert");
    EXPECT_EQ(doc.sections.at(4).title, "What the trainee saw");
    EXPECT_EQ(doc.sections.at(4).blocks.size(), d.traces.size());
    const nlohmann::json j = to_json(d);
    EXPECT_EQ(j["faults"][0]["kind"], "stuck");
    EXPECT_EQ(j["events"][0]["event"], "alert");
    EXPECT_EQ(j["moves"][0]["control"], "Inlet air temp SP");
}

TEST(TrainingSession, TrainOnTheCommandLinePlaysTheSameSession) {
    // `twinbench-cli train`, the README's recipe: the same alerts as the session in process,
    // as JSON lines, then the debrief as one JSON object.
    test::PlantCopy copy(test::dryer_twin(1, 14));
    const auto path = copy.project.path();
    TrainingSession session(copy.project,
                            test::scripted_session(3.0, {"stuck:Outlet air temp@30"}));
    (void)session.run_until(session.plant().start_s() + 40 * 60.0);
    session.set_control("Inlet air temp SP",
                        session.plant().control_value("Inlet air temp SP") + 15.0);
    const auto expected = session.run_until(session.plant().end_s());
    ASSERT_FALSE(expected.empty());

    const auto run =
        test::run_cli(TWINBENCH_CLI_PATH, copy.dir,
                      {"train", path.string(), "--hours", "3", "--speed", "0", "--fault",
                       "stuck:Outlet air temp@30", "--move", "Inlet air temp SP=+15@40", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto lines = test::lines_of(run.out);
    ASSERT_EQ(lines.size(), expected.size() + 1) << run.out;
    const std::string zone = session.study().history.time_zone;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        auto line = nlohmann::json::parse(lines[i]);
        auto mine = nlohmann::json::parse(alert_event_json_line(expected[i], zone));
        line.erase("alert_id");  // numbered per training dataset's log: both start at 1
        mine.erase("alert_id");
        EXPECT_EQ(line, mine);
    }
    const auto debrief = nlohmann::json::parse(lines.back());
    EXPECT_EQ(debrief["event"], "debrief");
    EXPECT_EQ(debrief["training_dataset"],
              test::dryer_twin(1, 14).study->dataset.name + " training 2");
    EXPECT_EQ(debrief["moves"][0]["minute"], 40.0);
    // The twin's best response, for the recommendation's default objective, as in process.
    const TrainingDebrief d = session.debrief();
    ASSERT_TRUE(d.best.response.found) << d.best.response.note;
    EXPECT_EQ(debrief["best"]["objective"], d.best.response.objective);
    for (const auto& [control, value] : d.best.response.settings)
        EXPECT_DOUBLE_EQ(debrief["best"]["settings"][control]["value"].get<double>(), value)
            << control;
    for (const auto& o : d.outputs)
        EXPECT_DOUBLE_EQ(debrief["outputs"][o.name]["best"].get<double>(), o.best) << o.name;
    EXPECT_EQ(test::run_cli(TWINBENCH_CLI_PATH, copy.dir,
                            {"train", path.string(), "--fault", "sticky:X@3"})
                  .exit,
              2);
    // An objective the twin does not know is the user's mistake, named.
    const auto unknown = test::run_cli(TWINBENCH_CLI_PATH, copy.dir,
                                       {"train", path.string(), "--hours", "1", "--speed", "0",
                                        "--objective", "Crispness"});
    EXPECT_EQ(unknown.exit, 2);
    EXPECT_NE(unknown.err.find("Crispness"), std::string::npos) << unknown.err;
}

std::string furnace_signal_with_role(const test::GeneratedTwin& g, Role role) {
    for (const auto& s : g.study->graph.all_signals())
        if (s.role == role) return s.name;
    return {};
}

TEST(TrainingSession, CleanFurnaceSessionIsWatchedAndRaisesNoAlert) {
    const auto& g = test::furnace_twin("standard", 1, 30);
    test::PlantCopy copy(g);
    Project& project = copy.project;
    const std::string furnace = furnace_signal_with_role(g, Role::furnace_temp);
    TrainingSession session(project, test::scripted_session(6.0));
    // The furnace template's furnace temperature, core temperature estimate (against the
    // checks the plant plays) and scrap are watched; the energy model reads the line state,
    // which the played plant (the process graph's signals) does not carry, and the session
    // says so.
    EXPECT_TRUE(session.monitor_note().empty()) << session.monitor_note();
    ASSERT_EQ(session.unwatched().size(), 1u);
    EXPECT_EQ(session.unwatched().front().rfind(furnace_signal_with_role(g, Role::energy) + ": its model reads 'Line state'", 0),
              0u)
        << session.unwatched().front();
    // The trainee's setpoint move is no fault: the twin follows it.
    const std::string setpoint = furnace_signal_with_role(g, Role::setpoint);
    auto events = session.run_until(session.plant().start_s() + 40 * 60.0);
    session.set_control(setpoint, session.plant().control_value(setpoint) + 20.0);
    const auto after = session.run_until(session.plant().end_s());
    events.insert(events.end(), after.begin(), after.end());
    // False alarms over 6 h of a clean session (360 steps of every watched output).
    EXPECT_TRUE(events.empty()) << alert_event_text(events.front(), "UTC");
    if (std::getenv("TWINBENCH_PRINT_DEBRIEF") != nullptr)
        for (const auto& u : session.unwatched()) std::printf("not watched: %s\n", u.c_str());
    const TrainingDebrief d = session.debrief();
    const auto trace = std::find_if(d.traces.begin(), d.traces.end(),
                                    [&](const TrainingTrace& t) { return t.name == furnace; });
    ASSERT_NE(trace, d.traces.end());
    EXPECT_EQ(trace->time_s.size(), session.plant().steps());
    for (const std::string& output : {std::string("core temperature"), furnace_signal_with_role(g, Role::scrap)})
        EXPECT_TRUE(std::any_of(d.traces.begin(), d.traces.end(), [&](const TrainingTrace& t) { return t.name == output; }))
            << output;
    // The twin follows the move: the largest residual in bands, the false-alarm margin.
    double worst_z = 0.0;
    for (std::size_t k = 0; k < trace->time_s.size(); ++k)
        if (std::isfinite(trace->measured[k]) && trace->band_sd[k] > 0.0)
            worst_z = std::max(worst_z, std::abs(trace->measured[k] - trace->expected[k]) / trace->band_sd[k]);
    EXPECT_LT(worst_z, 3.0);
    if (std::getenv("TWINBENCH_PRINT_DEBRIEF") != nullptr) std::printf("worst |z| %.2f\n", worst_z);
}

TEST(TrainingSession, StuckFurnaceSensorRaisesTheFurnaceAlertWithinItsPersistence) {
    const auto& g = test::furnace_twin("standard", 1, 30);
    test::PlantCopy copy(g);
    Project& project = copy.project;
    const std::string furnace = furnace_signal_with_role(g, Role::furnace_temp);
    const std::string setpoint = furnace_signal_with_role(g, Role::setpoint);
    TrainingSession session(project, test::scripted_session(3.0, {fmt::format("stuck:{}@30", furnace)}));
    const double t0 = session.plant().start_s();
    EXPECT_TRUE(session.run_until(t0 + 40 * 60.0).empty());  // stuck, but the furnace is steady
    // The trainee raises the setpoint; the true furnace follows, the stuck reading does not.
    session.set_control(setpoint, session.plant().control_value(setpoint) + 20.0);
    const auto events = session.run_until(session.plant().end_s());
    const auto alert = std::find_if(events.begin(), events.end(), [&](const AlertEvent& e) {
        return e.type == AlertEventType::alert && e.signal == furnace && e.kind == "divergence";
    });
    ASSERT_NE(alert, events.end()) << setpoint;
    // Raised once the condition held for the rule's persistence (10 min), the condition
    // beginning after the move, within the furnace's response (its time constant).
    EXPECT_NEAR(alert->time_s - alert->since_s, 600.0, 60.0);
    EXPECT_GE(alert->since_s, t0 + 40 * 60.0);
    EXPECT_LE(alert->time_s, t0 + 90 * 60.0);
    EXPECT_GT(alert->expected - alert->value, alert->band);
    const TrainingDebrief d = session.debrief();
    ASSERT_EQ(d.faults.size(), 1u);
    ASSERT_TRUE(d.faults[0].first_alert);
    EXPECT_EQ(*d.faults[0].first_alert, alert->alert_id);
}

TEST(TrainingSession, FurnaceBurnerTripRaisesTheFurnaceAlert) {
    const auto& g = test::furnace_twin("standard", 1, 30);
    test::PlantCopy copy(g);
    Project& project = copy.project;
    const std::string setpoint = furnace_signal_with_role(g, Role::setpoint);
    const std::string furnace = furnace_signal_with_role(g, Role::furnace_temp);
    TrainingSession session(project,
                            test::scripted_session(3.0, {fmt::format("trip:{}=25@60", setpoint)}));
    const auto events = session.run_until(session.plant().end_s());
    // The burner trip: the furnace cools with the setpoint still where the trainee put it;
    // the twin, reading that setpoint, expects it hot.
    const auto alert = std::find_if(events.begin(), events.end(), [&](const AlertEvent& e) {
        return e.type == AlertEventType::alert && e.signal == furnace;
    });
    ASSERT_NE(alert, events.end());
    EXPECT_GE(alert->since_s, session.plant().start_s() + 60 * 60.0);
    EXPECT_GT(alert->expected - alert->value, alert->band);
    const TrainingDebrief d = session.debrief();
    if (std::getenv("TWINBENCH_PRINT_DEBRIEF") != nullptr)
        std::printf("%s\n", debrief_text(d).c_str());
    const auto o = std::find_if(d.outputs.begin(), d.outputs.end(),
                                [&](const DebriefOutcome& x) { return x.name == furnace; });
    ASSERT_NE(o, d.outputs.end());
    EXPECT_LT(o->held, o->fault_free - 20.0);
    const Table played = project.read_dataset(project.dataset(session.training_dataset()));
    const Column* sp = played.find(setpoint);
    ASSERT_NE(sp, nullptr);
    EXPECT_GT(sp->values.back(), 100.0);  // the reading shows the setting, not the trip
}

}  // namespace
}  // namespace twinbench
