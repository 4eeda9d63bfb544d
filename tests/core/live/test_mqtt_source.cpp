// A real broker (Debian's mosquitto, started by the test on 127.0.0.1 and an unused port):
// rows published with QoS 1 all reach the dataset, malformed payloads are counted, the
// persistent session keeps what was published while the watcher was away, and a broker
// restart mid-stream loses nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "live/live_ingest.h"
#include "live/live_test_project.h"
#include "live/mosquitto_broker.h"
#include "live/mqtt_source.h"
#include "live/watch_loop.h"

namespace twinbench {
namespace {

using namespace std::chrono_literals;
using test::live_start_utc_s;
using test::live_value;
using test::TempDir;

#define SKIP_WITHOUT_MOSQUITTO()                                                                          \
    if (test::mosquitto_program().empty())                                                                \
    GTEST_SKIP() << "the mosquitto broker is not installed (Debian: apt-get install mosquitto); the MQTT " \
                    "source is untested here"

std::string payload(double t) {
    return fmt::format(R"({{"time": "{}", "Temp": {}, "Speed [m/min]": {}, "Running": "{}", "Grade": "{}"}})",
                       test::iso_utc(t), live_value(t, 1), live_value(t, 2), static_cast<long>(t) % 2 == 0 ? "yes" : "no",
                       static_cast<long>(t) % 3 == 0 ? "A" : "B");
}

// Commits every 50 ms: the tests wait for rows to be stored, not for the default second.
LiveIngestOptions quick_commits() {
    LiveIngestOptions options;
    options.commit_interval = 50ms;
    return options;
}

bool wait_connected(const MqttSource& source) {
    for (int i = 0; i < 500; ++i) {
        if (source.link_state().rfind("connected", 0) == 0) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

// Runs the watch loop until `rows` rows are stored or `limit` has passed.
WatchSummary watch_until(LiveSource& source, LiveIngest& ingest, std::size_t rows, std::size_t rejected,
                         std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    WatchOptions options;
    options.poll_wait = 50ms;
    WatchHooks hooks;
    hooks.stop_requested = [&] {
        return (ingest.rows_appended() >= rows && ingest.rows_rejected() >= rejected) ||
               std::chrono::steady_clock::now() > end;
    };
    return run_watch(source, ingest, options, hooks);
}

// Every row of [first, first + count) seconds is stored with its exact values.
void expect_rows_stored(const std::filesystem::path& path, int first, int count) {
    Project project(path, Project::Mode::read_only);
    const Table table = project.read_dataset(project.dataset("line"));
    const Column* temp = table.find("Temp");
    const Column* speed = table.find("Speed");
    ASSERT_NE(temp, nullptr);
    ASSERT_NE(speed, nullptr);
    std::size_t found = 0;
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        const double t = table.time_s[r];
        if (t < live_start_utc_s + first || t >= live_start_utc_s + first + count) continue;
        ++found;
        EXPECT_EQ(temp->values[r], live_value(t, 1));
        EXPECT_EQ(speed->values[r], live_value(t, 2));
    }
    EXPECT_EQ(found, static_cast<std::size_t>(count)) << "rows lost";
    EXPECT_TRUE(std::is_sorted(table.time_s.begin(), table.time_s.end()));
}

TEST(LiveMqtt, StoresEveryRowPublishedWithQos1AndCountsBadPayloads) {
    SKIP_WITHOUT_MOSQUITTO();
    TempDir dir;
    const auto path = test::make_live_project(dir);
    test::MosquittoBroker broker(dir.path());
    ASSERT_TRUE(broker.start()) << test::read_bytes(dir / "mosquitto.log");
    Project project(path, Project::Mode::open_existing);
    MqttSource source({"127.0.0.1", broker.port(), "plant/#"}, mqtt_client_id(path.string(), "line"), {});
    LiveIngest ingest(project, "line", source.name(), quick_commits());
    ASSERT_TRUE(wait_connected(source)) << source.link_state();
    test::QosPublisher publisher(broker.port());
    for (int i = 10; i < 510; ++i) publisher.publish("plant/line1", payload(live_start_utc_s + i));
    publisher.publish("plant/line1", "{not json");
    publisher.publish("plant/line1", R"({"time": "yesterday", "Temp": 1})");
    publisher.publish("plant/line1", R"({"time": "2026-12-01T00:00:00Z", "Temp": "hot"})");
    ASSERT_TRUE(publisher.wait_acknowledged(10s));
    const auto summary = watch_until(source, ingest, 500, 3, 10s);
    EXPECT_EQ(summary.rows_appended, 500u);
    EXPECT_EQ(summary.rows_rejected, 3u);
    expect_rows_stored(path, 10, 500);
    EXPECT_EQ(project.dataset("line").rows_rejected, 3u);
}

TEST(LiveMqtt, PersistentSessionKeepsWhatWasPublishedWhileTheWatcherWasAway) {
    SKIP_WITHOUT_MOSQUITTO();
    TempDir dir;
    const auto path = test::make_live_project(dir);
    test::MosquittoBroker broker(dir.path());
    ASSERT_TRUE(broker.start());
    const MqttAddress address{"127.0.0.1", broker.port(), "plant/#"};
    const auto client = mqtt_client_id(path.string(), "line");
    {
        MqttSource first(address, client, {});  // makes the session and its subscription
        ASSERT_TRUE(wait_connected(first));
    }
    {
        test::QosPublisher publisher(broker.port());
        for (int i = 10; i < 210; ++i) publisher.publish("plant/line1", payload(live_start_utc_s + i));
        ASSERT_TRUE(publisher.wait_acknowledged(10s));
    }
    Project project(path, Project::Mode::open_existing);
    MqttSource again(address, client, {});
    LiveIngest ingest(project, "line", again.name(), quick_commits());
    EXPECT_EQ(watch_until(again, ingest, 200, 0, 10s).rows_appended, 200u);
    expect_rows_stored(path, 10, 200);
}

TEST(LiveMqtt, BrokerRestartMidStreamLosesNothing) {
    SKIP_WITHOUT_MOSQUITTO();
    TempDir dir;
    const auto path = test::make_live_project(dir);
    test::MosquittoBroker broker(dir.path());
    ASSERT_TRUE(broker.start());
    Project project(path, Project::Mode::open_existing);
    MqttSource source({"127.0.0.1", broker.port(), "plant/#"}, mqtt_client_id(path.string(), "line"), {});
    LiveIngest ingest(project, "line", source.name(), quick_commits());
    ASSERT_TRUE(wait_connected(source));
    test::QosPublisher publisher(broker.port());
    std::thread watcher([&] { watch_until(source, ingest, 1000, 0, 20s); });
    for (int i = 10; i < 510; ++i) publisher.publish("plant/line1", payload(live_start_utc_s + i));
    // Mid-stream, acknowledged or not: the publisher resends what the broker did not
    // acknowledge, the broker keeps the watcher's session and queue in its file.
    std::this_thread::sleep_for(20ms);
    const long acknowledged_before_stop = publisher.acknowledged();
    broker.stop();
    const std::size_t stored_before_restart = ingest.rows_appended();
    ASSERT_TRUE(broker.start()) << test::read_bytes(dir / "mosquitto.log");
    std::cout << "broker restarted after " << acknowledged_before_stop << " of 500 messages were acknowledged, "
              << stored_before_restart << " rows stored\n";
    for (int i = 510; i < 1010; ++i) publisher.publish("plant/line1", payload(live_start_utc_s + i));
    EXPECT_TRUE(publisher.wait_acknowledged(15s));
    watcher.join();
    EXPECT_EQ(ingest.rows_appended(), 1000u);
    expect_rows_stored(path, 10, 1000);
}

TEST(LiveMqtt, ConnectsOnceABrokerThatWasDownComesUp) {
    SKIP_WITHOUT_MOSQUITTO();
    TempDir dir;
    const auto path = test::make_live_project(dir);
    test::MosquittoBroker broker(dir.path());
    Project project(path, Project::Mode::open_existing);
    MqttSource source({"127.0.0.1", broker.port(), "plant/#"}, mqtt_client_id(path.string(), "line"), {});
    LiveIngest ingest(project, "line", source.name(), quick_commits());
    std::this_thread::sleep_for(100ms);
    EXPECT_NE(source.link_state().rfind("connected", 0), 0u) << "no broker yet";
    ASSERT_TRUE(broker.start());
    ASSERT_TRUE(wait_connected(source)) << source.link_state();
    test::QosPublisher publisher(broker.port());
    for (int i = 10; i < 60; ++i) publisher.publish("plant/line1", payload(live_start_utc_s + i));
    ASSERT_TRUE(publisher.wait_acknowledged(10s));
    EXPECT_EQ(watch_until(source, ingest, 50, 0, 10s).rows_appended, 50u);
    expect_rows_stored(path, 10, 50);
}

}  // namespace
}  // namespace twinbench
