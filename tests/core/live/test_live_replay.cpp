// Issue 16's acceptance: one hour of 1 Hz data for 50 tags replayed through a real broker
// at 60x (a minute of wall time) reaches the dataset with 0 samples lost. About 60 s by
// design: the suite is LiveReplay so the ASan stage can leave it out.
#include <gtest/gtest.h>

#include <chrono>
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
using test::TempDir;

constexpr int tags = 50;
constexpr int seconds_of_data = 3600;
constexpr double speed_up = 60.0;

double tag_value(int second, int tag) { return second * 0.25 + tag * 10000.0 + (second % 7) * 0.125; }

TEST(LiveReplay, OneHourOfFiftyTagsAt60xLosesNoSample) {
    if (test::mosquitto_program().empty())
        GTEST_SKIP() << "the mosquitto broker is not installed (Debian: apt-get install mosquitto)";
    TempDir dir;
    // The dataset: 50 tags at 1 Hz, its first 5 s imported.
    std::string csv = "time";
    for (int k = 1; k <= tags; ++k) csv += fmt::format(",tag{:02}", k);
    csv += '\n';
    for (int s = 0; s < 5; ++s) {
        csv += test::iso_utc(live_start_utc_s + s);
        for (int k = 1; k <= tags; ++k) csv += fmt::format(",{}", tag_value(s, k));
        csv += '\n';
    }
    const auto path = dir / "replay.twin";
    {
        Project project(path, Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {dir.write("plant.csv", csv)};
        options.dataset = "line";
        options.time_zone = "UTC";
        import_files(project, options);
    }
    test::MosquittoBroker broker(dir.path());
    ASSERT_TRUE(broker.start());
    Project project(path, Project::Mode::open_existing);
    MqttSource source({"127.0.0.1", broker.port(), "plant/+/tags"}, mqtt_client_id(path.string(), "line"), {});
    LiveIngest ingest(project, "line", source.name());
    for (int i = 0; i < 500 && source.link_state().rfind("connected", 0) != 0; ++i) std::this_thread::sleep_for(10ms);

    const std::size_t expected_rows = seconds_of_data - 5;
    std::thread watcher([&] {
        WatchHooks hooks;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(static_cast<int>(seconds_of_data / speed_up) + 30);
        hooks.stop_requested = [&] {
            return ingest.rows_appended() >= expected_rows || std::chrono::steady_clock::now() > give_up;
        };
        WatchOptions options;
        options.poll_wait = 50ms;
        run_watch(source, ingest, options, hooks);
    });
    test::QosPublisher publisher(broker.port());
    const auto start = std::chrono::steady_clock::now();
    for (int s = 5; s < seconds_of_data; ++s) {
        std::string payload = fmt::format(R"({{"time": "{}")", test::iso_utc(live_start_utc_s + s));
        for (int k = 1; k <= tags; ++k) payload += fmt::format(R"(, "tag{:02}": {})", k, tag_value(s, k));
        payload += '}';
        std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                  std::chrono::duration<double>((s - 5) / speed_up)));
        publisher.publish("plant/line1/tags", payload);
    }
    EXPECT_TRUE(publisher.wait_acknowledged(20s));
    watcher.join();

    const Table table = project.read_dataset(project.dataset("line"));
    ASSERT_EQ(table.row_count(), static_cast<std::size_t>(seconds_of_data));
    std::size_t lost = 0;
    for (int k = 1; k <= tags; ++k) {
        const Column* tag = table.find(fmt::format("tag{:02}", k));
        ASSERT_NE(tag, nullptr);
        for (int s = 0; s < seconds_of_data; ++s) lost += tag->values[static_cast<std::size_t>(s)] != tag_value(s, k);
    }
    EXPECT_EQ(lost, 0u) << "samples lost or changed of " << (seconds_of_data - 5) * tags;
    EXPECT_EQ(ingest.rows_rejected(), 0u);
}

}  // namespace
}  // namespace twinbench
