// A test's MQTT subscriber (libmosquitto, QoS 1, through the library's own thread): what
// the twin publishes (an approved recommendation) arrives in payloads(), in order.
#pragma once

#include <mosquitto.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace twinbench::test {

class QosSubscriber {
  public:
    QosSubscriber(int port, std::string topic) : topic_(std::move(topic)) {
        mosquitto_lib_init();
        client_ = mosquitto_new(nullptr, true, this);
        mosquitto_connect_callback_set(client_, [](struct mosquitto* c, void* self, int rc) {
            auto* s = static_cast<QosSubscriber*>(self);
            if (rc == 0) mosquitto_subscribe(c, nullptr, s->topic_.c_str(), 1);
        });
        mosquitto_subscribe_callback_set(client_,
                                         [](struct mosquitto*, void* self, int, int, const int*) {
                                             auto* s = static_cast<QosSubscriber*>(self);
                                             std::lock_guard lock(s->mutex_);
                                             s->subscribed_ = true;
                                         });
        mosquitto_message_callback_set(
            client_, [](struct mosquitto*, void* self, const struct mosquitto_message* m) {
                auto* s = static_cast<QosSubscriber*>(self);
                std::lock_guard lock(s->mutex_);
                s->payloads_.emplace_back(static_cast<const char*>(m->payload),
                                          static_cast<std::size_t>(m->payloadlen));
            });
        mosquitto_connect_async(client_, "127.0.0.1", port, 10);
        mosquitto_loop_start(client_);
    }
    ~QosSubscriber() {
        mosquitto_disconnect(client_);
        mosquitto_loop_stop(client_, false);
        mosquitto_destroy(client_);
    }
    QosSubscriber(const QosSubscriber&) = delete;
    QosSubscriber& operator=(const QosSubscriber&) = delete;

    // Polls until the broker confirmed the subscription (at most `limit`).
    bool wait_subscribed(std::chrono::milliseconds limit) {
        return wait([this] { return subscribed_; }, limit);
    }
    // Polls until at least `count` messages arrived (at most `limit`).
    bool wait_messages(std::size_t count, std::chrono::milliseconds limit) {
        return wait([this, count] { return payloads_.size() >= count; }, limit);
    }
    std::vector<std::string> payloads() const {
        std::lock_guard lock(mutex_);
        return payloads_;
    }

  private:
    template <typename Done>
    bool wait(Done done, std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (true) {
            {
                std::lock_guard lock(mutex_);
                if (done()) return true;
            }
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    std::string topic_;
    struct mosquitto* client_ = nullptr;
    mutable std::mutex mutex_;
    bool subscribed_ = false;
    std::vector<std::string> payloads_;
};

}  // namespace twinbench::test
