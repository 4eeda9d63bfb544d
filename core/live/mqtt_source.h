// An MQTT subscription with libmosquitto (Debian: libmosquitto-dev): QoS 1 and a
// persistent session (clean_session = false, a client id that stays the same for a
// project's dataset), so messages published while the watcher or the broker was away are
// delivered when the link is back. The library's own thread keeps the connection and
// reconnects after a broker loss (1 s, doubling up to 5 s); poll() hands out what
// arrived. Payloads become rows through payload_mapping.h; one that cannot be read is
// counted as rejected, never thrown.
//
// What QoS 1 cannot cover: libmosquitto acknowledges a message when it arrives, before
// LiveIngest commits it, so a watcher killed without warning (kill -9, power loss) loses
// the messages of its last commit interval (0.25 s by default). A clean stop (Ctrl-C, --for)
// commits first and loses nothing; a broker restart loses nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "live/live_source.h"
#include "live/payload_mapping.h"

struct mosquitto;
struct mosquitto_message;

namespace twinbench {

struct MqttAddress {
    std::string host;
    int port = 1883;
    std::string topic;  // wildcards + and # allowed
};

// "HOST:PORT/TOPIC" ("[::1]:1883/plant/#" for IPv6; the port may be left out: 1883).
// Throws UsageError naming --mqtt.
MqttAddress parse_mqtt_address(const std::string& text);

// A stable client id for the persistent session of one dataset of one project (at most
// 23 characters, as MQTT 3.1.1 asks): "twinbench-" and a hash of both.
std::string mqtt_client_id(const std::string& project_path, const std::string& dataset);

class MqttSource final : public LiveSource {
  public:
    // Starts connecting at once (in the library's thread); a broker that is not there yet
    // is retried, and link_state() says so.
    MqttSource(MqttAddress address, std::string client_id, PayloadMapping mapping);
    ~MqttSource() override;
    MqttSource(const MqttSource&) = delete;
    MqttSource& operator=(const MqttSource&) = delete;

    std::string name() const override;
    void restore(const std::string& checkpoint) override;
    LiveBatch poll(std::chrono::milliseconds wait) override;
    std::string checkpoint() const override;
    std::string link_state() const override;

    // Messages waiting in memory (received, not yet handed out): for the benchmark.
    std::size_t waiting() const;

    // Messages held in memory at most: past it the library's thread waits for poll(), so
    // TCP holds the broker back and the backlog stays in the broker (its queue for this
    // persistent session), not in the watcher's memory.
    static constexpr std::size_t max_waiting = 10000;
    // Messages handed out per poll at most: a batch of rows with their cells takes about
    // 5 KB a row of 50 values, so a backlog is worked off in steps of about 1 MB. With
    // 2,000 (10 MB) the heap glibc keeps after a backlog of a few seconds passed grew the
    // watcher's resident memory by 15-27 % over a day; with 200 by 18-20 % (the benchmark).
    static constexpr std::size_t max_per_poll = 200;

  private:
    void start_loop();
    static void on_connect(struct mosquitto* client, void* self, int rc);
    static void on_disconnect(struct mosquitto* client, void* self, int rc);
    static void on_message(struct mosquitto* client, void* self, const struct mosquitto_message* message);

    struct Arrived {
        std::string topic;
        std::string payload;
        double arrival_utc_s = 0.0;
    };
    MqttAddress address_;
    std::string client_id_;
    PayloadMapping mapping_;
    struct mosquitto* client_ = nullptr;
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::condition_variable drained_;
    std::condition_variable stop_;
    bool stopping_ = false;
    // libmosquitto's thread (2.0.11) reconnects after a lost link but gives up on a first
    // connection that was refused: until one succeeds, this thread tries every second.
    std::thread connector_;
    bool loop_started_ = false;
    std::deque<Arrived> queue_;
    bool connected_ = false;
    int connects_ = 0;
    std::string last_problem_;
    std::int64_t messages_ = 0;  // handed out, over all runs (restored from the checkpoint)
};

}  // namespace twinbench
