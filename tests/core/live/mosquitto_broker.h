// A real MQTT broker for the live tests and the benchmark: Debian's mosquitto on
// 127.0.0.1, on a port nobody uses, with its config and persistence file in a temp folder,
// and a small libmosquitto publisher (QoS 1) that waits for the broker's acknowledgements.
#pragma once

#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace twinbench::test {

inline std::string mosquitto_program() {
    for (const char* p : {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"})
        if (::access(p, X_OK) == 0) return p;
    return {};
}

inline int unused_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

inline bool port_accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

class MosquittoBroker {
  public:
    // `folder` holds the config, the log and the persistence file.
    explicit MosquittoBroker(std::filesystem::path folder) : folder_(std::move(folder)), port_(unused_port()) {
        std::ofstream config(folder_ / "mosquitto.conf");
        // Started as root, mosquitto would switch to the user 'mosquitto', which may not
        // write its persistence file into this root-owned temp folder.
        if (::geteuid() == 0) config << "user root\n";
        config << "listener " << port_ << " 127.0.0.1\n"
               << "allow_anonymous true\n"
               << "persistence true\n"
               << "persistence_location " << folder_.string() << "/\n"
               << "autosave_interval 0\n"
               // A subscriber's backlog is kept whole: the default (1000) would drop messages
               // of a watcher that fell behind.
               << "max_queued_messages 0\n"
               << "log_dest file " << (folder_ / "mosquitto.log").string() << "\n";
    }
    ~MosquittoBroker() { stop(); }
    MosquittoBroker(const MosquittoBroker&) = delete;
    MosquittoBroker& operator=(const MosquittoBroker&) = delete;

    int port() const { return port_; }

    // Starts the broker and waits (at most 5 s) until it accepts connections.
    bool start() {
        pid_ = ::fork();
        if (pid_ == 0) {
            const std::string program = mosquitto_program();
            const std::string config = (folder_ / "mosquitto.conf").string();
            ::execl(program.c_str(), program.c_str(), "-c", config.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 500; ++i) {
            if (port_accepts(port_)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    // SIGTERM: the broker writes its persistence file (queued messages, sessions) and exits.
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

  private:
    std::filesystem::path folder_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// Publishes with QoS 1 through the library's own thread; wait_acknowledged() returns once
// the broker has acknowledged every message (reconnecting after a broker restart).
class QosPublisher {
  public:
    explicit QosPublisher(int port, const std::string& client_id = "twinbench-test-publisher") {
        mosquitto_lib_init();
        client_ = mosquitto_new(client_id.c_str(), false, this);
        mosquitto_max_inflight_messages_set(client_, 0);  // no window: as fast as the broker goes
        mosquitto_publish_callback_set(client_, [](struct mosquitto*, void* self, int) {
            static_cast<QosPublisher*>(self)->acknowledged_.fetch_add(1);
        });
        mosquitto_reconnect_delay_set(client_, 1, 2, false);
        mosquitto_connect_async(client_, "127.0.0.1", port, 10);
        mosquitto_loop_start(client_);
    }
    ~QosPublisher() {
        mosquitto_disconnect(client_);
        mosquitto_loop_stop(client_, false);
        mosquitto_destroy(client_);
    }
    QosPublisher(const QosPublisher&) = delete;
    QosPublisher& operator=(const QosPublisher&) = delete;

    bool publish(const std::string& topic, const std::string& payload) {
        const int rc = mosquitto_publish(client_, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                                         payload.data(), 1, false);
        if (rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_NO_CONN) {  // queued until connected
            ++published_;
            return true;
        }
        return false;
    }
    bool wait_acknowledged(std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (acknowledged_.load() < published_) {
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }
    long acknowledged() const { return acknowledged_.load(); }

  private:
    struct mosquitto* client_ = nullptr;
    long published_ = 0;
    std::atomic<long> acknowledged_{0};
};

}  // namespace twinbench::test
