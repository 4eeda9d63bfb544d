// Benchmark of live ingest (issue 16): HOURS of 1 Hz data for TAGS tags (default 24 h x 50
// tags = 4.32 M samples) published with QoS 1 to a real broker (Debian's mosquitto, started
// here on 127.0.0.1) as fast as it goes, subscribed by MqttSource and appended by
// LiveIngest through the `watch` loop. Prints samples per second, the process's resident
// memory after each hour of data stored (with the heap in use, the heap taken from the
// system and SQLite's share of it, to tell held memory from kept free memory), and the latency from a
// sample's publication to the commit observer seeing it (the hook the divergence monitor
// hangs on: alert latency = this plus the monitor's own time).
//
// --rate R publishes R messages (rows) per second instead of as fast as it goes: at a
// plant's pace the latency is the watcher's own, not the backlog's.
//
// The publisher is a child process (as the plant's gateway is another program): the
// resident memory measured is the watcher's (its MQTT client thread, the ingest, SQLite),
// not the publisher's queue of unacknowledged messages. The two share only the publication
// times (a shared mapping, touched in full before the first row so that it does not grow
// the watcher's resident memory as it is read).
//
//   twinbench_live_ingest_bench [--hours H] [--tags N] [--rate R]
#include <atomic>
#include <cstring>
#include <new>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "../core/live/live_test_project.h"
#include "../core/live/mosquitto_broker.h"
#include "bench_clock.h"
#include "data/importer.h"
#include "live/live_ingest.h"
#include "live/mqtt_source.h"
#include "live/watch_loop.h"

namespace {

using namespace twinbench;
using namespace std::chrono_literals;

double resident_mib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Where the resident memory sits: the heap the program holds (glibc's count of the bytes
// allocated and not freed), the heap glibc keeps from the system (held + free), and SQLite's
// own allocations (page cache, statements, schema) inside it.
struct MemoryPoint {
    int hour = 0;
    double resident_mib = 0.0, heap_in_use_mib = 0.0, heap_from_system_mib = 0.0, sqlite_mib = 0.0;
};

MemoryPoint memory_now(int hour) {
    MemoryPoint p;
    p.hour = hour;
    p.resident_mib = resident_mib();
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    const struct mallinfo2 info = mallinfo2();
    p.heap_in_use_mib = static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
    p.heap_from_system_mib = static_cast<double>(info.arena + info.hblkhd) / (1024.0 * 1024.0);
#endif
    p.sqlite_mib = static_cast<double>(sqlite3_memory_used()) / (1024.0 * 1024.0);
    return p;
}

// What the publisher process and the watcher share: the publication time of each second
// of data and how far the publisher has come (written before the time is read).
struct SharedPublication {
    std::atomic<int> published_up_to{0};
    std::atomic<int> subscriber_ready{0};
    bench::clock_type::time_point* published = nullptr;  // `seconds` of them, after this header

    static SharedPublication* map(int seconds) {
        const std::size_t header = (sizeof(SharedPublication) + 63) / 64 * 64;
        const std::size_t bytes = header + sizeof(bench::clock_type::time_point) * static_cast<std::size_t>(seconds);
        void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) return nullptr;
        std::memset(memory, 0, bytes);  // every page resident in both processes from the start
        auto* shared = new (memory) SharedPublication;
        shared->published = new (static_cast<char*>(memory) + header)
            bench::clock_type::time_point[static_cast<std::size_t>(seconds)];
        return shared;
    }
};
static_assert(std::atomic<int>::is_always_lock_free, "the atomics are shared between processes");

// The publisher process: waits for the watcher's subscription, then publishes every second
// of data from the 6th on (the first 5 are the imported history) and waits for the acks.
[[noreturn]] void run_publisher(SharedPublication& shared, int port, int seconds, int tags, double rate,
                                double (*value)(int, int)) {
    while (shared.subscriber_ready.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    int status = 0;
    {
        test::QosPublisher publisher(port, "twinbench-bench-publisher");
        const auto start = bench::clock_type::now();
        std::string payload;
        for (int s = 5; s < seconds; ++s) {
            // At most 2,000 messages unacknowledged: the publisher's queue stays small.
            while (s - 5 - publisher.acknowledged() > 2000) std::this_thread::sleep_for(std::chrono::microseconds(200));
            if (rate > 0.0)
                std::this_thread::sleep_until(start + std::chrono::duration_cast<bench::clock_type::duration>(
                                                          std::chrono::duration<double>((s - 5) / rate)));
            payload = fmt::format(R"({{"time": "{}")", test::iso_utc(test::live_start_utc_s + s));
            for (int k = 1; k <= tags; ++k) payload += fmt::format(R"(, "tag{:02}": {})", k, value(s, k));
            payload += '}';
            shared.published[s] = bench::clock_type::now();
            shared.published_up_to.store(s + 1);
            publisher.publish("plant/line1/tags", payload);
        }
        status = publisher.wait_acknowledged(std::chrono::seconds(600)) ? 0 : 1;
    }
    std::_Exit(status);
}

}  // namespace

int main(int argc, char** argv) {
    int hours = 24, tags = 50;
    double rate = 0.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--hours") hours = std::stoi(argv[i + 1]);
        if (flag == "--tags") tags = std::stoi(argv[i + 1]);
        if (flag == "--rate") rate = std::stod(argv[i + 1]);
    }
    if (test::mosquitto_program().empty()) {
        std::cerr << "mosquitto is not installed (Debian: apt-get install mosquitto)\n";
        return 1;
    }
    const int seconds = hours * 3600;
    double (*value)(int, int) = [](int s, int k) { return s * 0.25 + k * 10000.0; };
    test::TempDir dir;
    std::string csv = "time";
    for (int k = 1; k <= tags; ++k) csv += fmt::format(",tag{:02}", k);
    csv += '\n';
    for (int s = 0; s < 5; ++s) {
        csv += test::iso_utc(test::live_start_utc_s + s);
        for (int k = 1; k <= tags; ++k) csv += fmt::format(",{}", value(s, k));
        csv += '\n';
    }
    const auto path = dir / "bench.twin";
    {
        Project project(path, Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {dir.write("plant.csv", csv)};
        options.dataset = "line";
        options.time_zone = "UTC";
        import_files(project, options);
    }
    test::MosquittoBroker broker(dir.path());
    if (!broker.start()) {
        std::cerr << "the broker did not start\n";
        return 1;
    }
    // Forked before this process starts a thread (the MQTT client's).
    SharedPublication* shared = SharedPublication::map(seconds);
    if (shared == nullptr) {
        std::cerr << "no shared memory for the publication times\n";
        return 1;
    }
    const pid_t publisher_pid = fork();
    if (publisher_pid < 0) {
        std::cerr << "fork failed\n";
        return 1;
    }
    if (publisher_pid == 0) run_publisher(*shared, broker.port(), seconds, tags, rate, value);

    Project project(path, Project::Mode::open_existing);
    MqttSource source({"127.0.0.1", broker.port(), "plant/#"}, mqtt_client_id(path.string(), "line"), {});
    LiveIngest ingest(project, "line", source.name());
    for (int i = 0; i < 500 && source.link_state().rfind("connected", 0) != 0; ++i) std::this_thread::sleep_for(10ms);

    // The latencies go into storage sized and written before the first row arrives, so the
    // resident memory from hour 1 to the last hour is the watcher's, not this list's
    // (8 B a row growing through the run would be 0.7 MiB of a day's growth).
    std::vector<double> latency_ms(static_cast<std::size_t>(seconds), 0.0);
    std::size_t latencies = 0;
    std::vector<MemoryPoint> memory_by_hour;  // every hour of data stored
    memory_by_hour.reserve(static_cast<std::size_t>(hours) + 1);
    const std::size_t expected = static_cast<std::size_t>(seconds - 5);
    std::thread watcher([&] {
        WatchHooks hooks;
        hooks.stop_requested = [&] { return ingest.rows_appended() >= expected; };
        hooks.on_commit = [&](const AppendedRows& rows) {
            const auto now = bench::clock_type::now();
            for (const double t : rows.rows.time_s) {
                const auto s = static_cast<std::size_t>(t - test::live_start_utc_s);
                if (s < static_cast<std::size_t>(seconds) && static_cast<int>(s) < shared->published_up_to.load() &&
                    latencies < latency_ms.size())
                    latency_ms[latencies++] = std::chrono::duration<double, std::milli>(now - shared->published[s]).count();
            }
            const int hour = static_cast<int>((rows.rows_appended_total + 5) / 3600);
            if (hour > 0 && (memory_by_hour.empty() || memory_by_hour.back().hour < hour))
                memory_by_hour.push_back(memory_now(hour));
        };
        WatchOptions options;
        options.poll_wait = 50ms;
        run_watch(source, ingest, options, hooks);
    });

    const auto start = bench::clock_type::now();
    const double cpu_start = bench::process_cpu_ms();
    shared->subscriber_ready.store(1);
    watcher.join();
    int publisher_status = 0;
    waitpid(publisher_pid, &publisher_status, 0);
    if (!WIFEXITED(publisher_status) || WEXITSTATUS(publisher_status) != 0)
        std::cerr << "the publisher process did not see every message acknowledged\n";
    const double wall_s = bench::ms_since(start) / 1000.0;
    const double cpu_s = (bench::process_cpu_ms() - cpu_start) / 1000.0;

    const Table table = project.read_dataset(project.dataset("line"));
    std::size_t lost = 0;
    for (int k = 1; k <= tags; ++k) {
        const Column* tag = table.find(fmt::format("tag{:02}", k));
        for (int s = 0; s < seconds; ++s)
            lost += tag == nullptr || static_cast<std::size_t>(s) >= table.row_count() ||
                    tag->values[static_cast<std::size_t>(s)] != value(s, k);
    }
    const double samples = static_cast<double>(expected) * tags;
    std::cout << fmt::format("live ingest: {} h of 1 Hz x {} tags = {:.0f} samples ({} messages) through mosquitto, {}\n",
                             hours, tags, samples, expected,
                             rate > 0.0 ? fmt::format("published at {:g} messages/s", rate) : std::string("as fast as it goes"));
    std::cout << fmt::format("  wall {:.1f} s, cpu {:.1f} s of the watcher process (MQTT client and ingest; the publisher runs in a child process)\n",
                             wall_s, cpu_s);
    std::cout << fmt::format("  throughput: {:.0f} samples/s ({:.0f} rows/s)\n", samples / wall_s,
                             static_cast<double>(expected) / wall_s);
    std::cout << fmt::format("  samples lost or changed: {}\n", lost);
    if (!memory_by_hour.empty()) {
        const MemoryPoint& first = memory_by_hour.front();
        const MemoryPoint& last = memory_by_hour.back();
        std::cout << fmt::format("  resident memory: {:.1f} MiB at hour {} of data, {:.1f} MiB at hour {} ({:+.1f} %)\n",
                                 first.resident_mib, first.hour, last.resident_mib, last.hour,
                                 (last.resident_mib / first.resident_mib - 1.0) * 100.0);
        std::string profile;
        for (const auto& p : memory_by_hour)
            if (p.hour == 1 || p.hour % 4 == 0 || &p == &last) profile += fmt::format(" h{} {:.1f}", p.hour, p.resident_mib);
        std::cout << "  resident memory (MiB) by hours of data stored:" << profile << '\n';
        std::cout << "  hour: resident / heap in use / heap from the system / of it SQLite (MiB)\n";
        for (const auto& p : memory_by_hour)
            std::cout << fmt::format("    h{:<3} {:6.1f} {:6.1f} {:6.1f} {:6.2f}\n", p.hour, p.resident_mib,
                                     p.heap_in_use_mib, p.heap_from_system_mib, p.sqlite_mib);
    }
    latency_ms.resize(latencies);
    if (!latency_ms.empty())
        std::cout << fmt::format("  publication -> commit observer: p50 {:.0f} ms, p95 {:.0f} ms, max {:.0f} ms\n",
                                 bench::percentile(latency_ms, 0.5), bench::percentile(latency_ms, 0.95),
                                 bench::percentile(latency_ms, 1.0));
    return lost == 0 ? 0 : 1;
}
