// The alert events of the twin alongside: PRODUCT.md section 5's JSON line (keys, ISO
// times with the plant's UTC offset, summer and winter), the project's log with
// acknowledgements and notes, the alerts as context items, the stored rules, and the
// monitor opened on a project as `watch` opens it.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/project.h"
#include "live/alert_events.h"
#include "live/divergence_monitor.h"
#include "live/divergence_rules.h"
#include "live_plant.h"

namespace twinbench {
namespace {

AlertEvent outlet_alert(double time_s) {
    AlertEvent e;
    e.time_s = time_s;
    e.since_s = time_s - 600.0;
    e.signal = "Outlet air temp";
    e.kind = "divergence";
    e.value = 93.25;
    e.expected = 90.5;
    e.band = 1.2;
    e.rule = "Outlet air temp off the model";
    e.protocol = "Check the thermocouple; call the shift lead";
    return e;
}

TEST(AlertEvents, JsonLineHasTheProductKeysAndThePlantsUtcOffset) {
    // 2026-03-20 07:15 UTC is 08:15 in Amsterdam (CET, +01:00); 2026-07-01 07:15 UTC is
    // 09:15 (CEST, +02:00).
    const double winter = 1773990900.0;
    const double summer = 1782890100.0;
    const auto line = nlohmann::json::parse(alert_event_json_line(outlet_alert(winter), "Europe/Amsterdam"));
    EXPECT_EQ(line["event"], "alert");
    EXPECT_EQ(line["time"], "2026-03-20T08:15:00+01:00");
    EXPECT_EQ(line["since"], "2026-03-20T08:05:00+01:00");
    EXPECT_EQ(line["signal"], "Outlet air temp");
    EXPECT_EQ(line["kind"], "divergence");
    EXPECT_DOUBLE_EQ(line["value"].get<double>(), 93.25);
    EXPECT_DOUBLE_EQ(line["expected"].get<double>(), 90.5);
    EXPECT_DOUBLE_EQ(line["band"].get<double>(), 1.2);
    EXPECT_EQ(line["protocol"], "Check the thermocouple; call the shift lead");
    // The keys in PRODUCT.md's order come first.
    const std::string text = alert_event_json_line(outlet_alert(winter), "Europe/Amsterdam");
    EXPECT_LT(text.find("\"event\""), text.find("\"time\""));
    EXPECT_LT(text.find("\"band\""), text.find("\"since\""));
    EXPECT_EQ(format_iso_with_offset(summer, "Europe/Amsterdam"), "2026-07-01T09:15:00+02:00");
    EXPECT_EQ(format_iso_with_offset(summer, "America/New_York"), "2026-07-01T03:15:00-04:00");
    EXPECT_EQ(format_iso_with_offset(summer, ""), "2026-07-01T07:15:00+00:00");
    AlertEvent cleared = outlet_alert(winter);
    cleared.type = AlertEventType::cleared;
    cleared.value = std::nan("");
    const auto c = nlohmann::json::parse(alert_event_json_line(cleared, "UTC"));
    EXPECT_EQ(c["event"], "cleared");
    EXPECT_TRUE(c["value"].is_null());
}

TEST(AlertEvents, LoggedInTheProjectAcknowledgedAndReadAsContextItems) {
    const auto& g = test::fitted_dryer();
    test::TempDir dir;
    const auto path = dir / "copy.twin";
    std::filesystem::copy_file(g.project_path, path);
    Project project(path, Project::Mode::open_existing);
    const DatasetInfo dataset = project.dataset("");
    EXPECT_TRUE(logged_alert_events(project, dataset).empty());

    const double t = 1773990900.0;
    AlertEvent a = outlet_alert(t);
    AlertEvent cleared = a;
    log_alert_events(project, dataset, {a});
    auto log = logged_alert_events(project, dataset);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].alert_id, 1);  // numbered by the log
    cleared.type = AlertEventType::cleared;
    cleared.alert_id = log[0].alert_id;
    cleared.time_s = t + 1800.0;
    log_alert_events(project, dataset, {cleared, outlet_alert(t + 7200.0)});
    acknowledge_alert(project, dataset, 1, t + 120.0, "Mira", "thermocouple replaced");
    annotate_alert(project, dataset, 2, t + 7300.0, "Jon", "feed tank change");
    EXPECT_THROW(acknowledge_alert(project, dataset, 9, t, "Mira"), UsageError);

    log = logged_alert_events(project, dataset);
    ASSERT_EQ(log.size(), 5u);
    EXPECT_EQ(log[2].alert_id, 2);
    EXPECT_EQ(log[3].type, AlertEventType::acknowledged);
    EXPECT_EQ(log[3].note, "thermocouple replaced");
    EXPECT_EQ(log[4].type, AlertEventType::annotated);
    EXPECT_EQ(log[4].by, "Jon");

    const auto items = alert_context_items(log);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].name(), "Alert=Outlet air temp off the model");
    EXPECT_DOUBLE_EQ(items[0].valid_from_s, t - 600.0);
    EXPECT_DOUBLE_EQ(items[0].valid_to_s, t + 1800.0);
    EXPECT_EQ(items[0].properties.at("acknowledged_by"), "Mira");
    EXPECT_TRUE(std::isinf(items[1].valid_to_s));  // not cleared yet
}

TEST(DivergenceRules, DefaultsPerOutputStoredAndRestored) {
    const auto& g = test::fitted_dryer();
    const GraphTwin& twin = g.study->twin;
    const auto rules = default_divergence_rules(twin, {{"Outlet air temp", std::nullopt, 95.0}});
    std::size_t continuous = 0;
    for (const auto& m : twin.models) continuous += m->output_kind() == OutputKind::continuous ? 1 : 0;
    ASSERT_EQ(rules.size(), continuous + 1);
    for (const auto& r : rules) {
        EXPECT_FALSE(r.protocol.empty());
        if (r.kind == AlertKind::limit) {
            EXPECT_EQ(r.signal, "Outlet air temp");
            EXPECT_EQ(r.limit_max, 95.0);
            continue;
        }
        EXPECT_EQ(r.fire_sigma, 3.0);
        EXPECT_EQ(r.clear_sigma, 2.0);
        const auto sparse = twin.sparse.find(r.signal);
        if (sparse == twin.sparse.end()) {
            EXPECT_EQ(r.persistence_min, 10.0) << r.signal;
            EXPECT_EQ(r.clear_min, 5.0) << r.signal;
        } else if (sparse->second.interval_h > 1.0) {  // the lab's moisture: on the check
            EXPECT_EQ(r.persistence_min, 0.0) << r.signal;
        } else {  // the bagging counts every 15 min: two checks in a row
            EXPECT_NEAR(r.persistence_min, 15.0, 1.0) << r.signal;
        }
    }

    test::TempDir dir;
    const auto path = dir / "copy.twin";
    std::filesystem::copy_file(g.project_path, path);
    Project project(path, Project::Mode::open_existing);
    const DatasetInfo dataset = project.dataset("");
    EXPECT_FALSE(stored_divergence_rules(project, dataset).has_value());
    auto edited = rules;
    edited[0].protocol = "Call Mira (ext. 214)";
    edited[0].direction = AlertDirection::above;
    store_divergence_rules(project, dataset, edited);
    const auto back = divergence_rules_for(project, dataset, twin);
    ASSERT_EQ(back.size(), edited.size());
    EXPECT_EQ(back[0].protocol, "Call Mira (ext. 214)");
    EXPECT_EQ(back[0].direction, AlertDirection::above);
    EXPECT_EQ(back.back().limit_max, 95.0);

    project.set_document("live_rules:" + std::to_string(dataset.id), R"([{"name": "x", "signal": "y", "kind": "alarm"}])");
    EXPECT_THROW(stored_divergence_rules(project, dataset), ProjectError);
}

TEST(DivergenceMonitor, OpensFromTheProjectAndFollowsTheRowsAfterItsHistory) {
    // What `watch` does: open the monitor on the project, hand it each appended block.
    const auto& g = test::fitted_dryer();
    test::TempDir dir;
    const auto path = dir / "copy.twin";
    std::filesystem::copy_file(g.project_path, path);
    Project project(path, Project::Mode::open_existing);
    const DatasetInfo dataset = project.dataset("");
    log_alert_events(project, dataset, {outlet_alert(1773990900.0)});  // an earlier alert: numbering goes on

    const auto opening = std::chrono::steady_clock::now();
    DivergenceMonitor monitor = open_divergence_monitor(project, "");
    std::printf("[ figures  ] monitor opened on the 14-day dryer project in %.0f ms\n",
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - opening).count());
    EXPECT_EQ(monitor.time_zone(), "Europe/Amsterdam");
    EXPECT_EQ(monitor.rules().size(), default_divergence_rules(g.study->twin, {}).size());
    const double last = monitor.twin().last_time_s();
    EXPECT_EQ(last, g.study->history.time_s.back());

    // Two hours of the plant's rows right after the history, a minute missing in between.
    const DryerRun& run = test::clean_live_run();
    LiveRows rows = test::dryer_rows(run, 600, 120);
    for (std::size_t i = 0; i < rows.rows(); ++i) rows.time_s[i] = last + 60.0 * static_cast<double>(i + 1 + (i >= 50));
    std::vector<AlertEvent> events;
    for (std::size_t first = 0; first < rows.rows(); first += 10) {
        LiveRows block;
        block.time_s.assign(rows.time_s.begin() + static_cast<std::ptrdiff_t>(first),
                            rows.time_s.begin() + static_cast<std::ptrdiff_t>(first + 10));
        for (const auto& c : rows.columns)
            block.columns.push_back({c.name, std::vector<double>(c.values.begin() + static_cast<std::ptrdiff_t>(first),
                                                                 c.values.begin() + static_cast<std::ptrdiff_t>(first + 10)),
                                     {}});
        const auto e = monitor.append(block);
        events.insert(events.end(), e.begin(), e.end());
        EXPECT_EQ(monitor.last_block().outputs.size(), g.study->twin.models.size());
    }
    EXPECT_EQ(monitor.twin().last_time_s(), last + 60.0 * 121.0);  // the missing minute is a step
    for (const auto& o : monitor.last_block().outputs)
        for (const double v : o.expected) EXPECT_TRUE(std::isfinite(v)) << o.name;
    for (const auto& e : events) {
        EXPECT_GE(e.alert_id, 2);
        const auto line = nlohmann::json::parse(alert_event_json_line(e, monitor.time_zone()));
        EXPECT_EQ(line["time"].get<std::string>().substr(19), "+01:00");
    }
    log_alert_events(project, dataset, events);
    EXPECT_EQ(logged_alert_events(project, dataset).size(), 1 + events.size());
}

}  // namespace
}  // namespace twinbench
