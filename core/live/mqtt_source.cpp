#include "live/mqtt_source.h"

#include <mosquitto.h>

#include <charconv>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace twinbench {
namespace {

double now_utc_s() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void init_library() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

MqttAddress parse_mqtt_address(const std::string& text) {
    const auto bad = [&](const std::string& why) {
        return UsageError(fmt::format("--mqtt {}: {}; write HOST:PORT/TOPIC, e.g. 127.0.0.1:1883/plant/#", text, why));
    };
    MqttAddress address;
    std::string rest = text;
    if (rest.rfind("mqtt://", 0) == 0) rest = rest.substr(7);
    const auto slash = rest.find('/', rest.front() == '[' ? rest.find(']') : 0);
    if (slash == std::string::npos || slash + 1 >= rest.size()) throw bad("no topic after the '/'");
    address.topic = rest.substr(slash + 1);
    std::string host_port = rest.substr(0, slash);
    std::string port_text;
    if (!host_port.empty() && host_port.front() == '[') {
        const auto close = host_port.find(']');
        if (close == std::string::npos) throw bad("the IPv6 address has no closing ']'");
        address.host = host_port.substr(1, close - 1);
        if (close + 1 < host_port.size()) {
            if (host_port[close + 1] != ':') throw bad("expected ':' and a port after the ']'");
            port_text = host_port.substr(close + 2);
        }
    } else {
        const auto colon = host_port.rfind(':');
        address.host = host_port.substr(0, colon);
        if (colon != std::string::npos) port_text = host_port.substr(colon + 1);
    }
    if (address.host.empty()) throw bad("no host");
    if (!port_text.empty()) {
        int port = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
            throw bad(fmt::format("'{}' is not a port (1 to 65535)", port_text));
        address.port = port;
    }
    if (mosquitto_sub_topic_check(address.topic.c_str()) != MOSQ_ERR_SUCCESS)
        throw bad(fmt::format("'{}' is not a valid topic filter ('#' only at the end, '+' a whole level)", address.topic));
    return address;
}

std::string mqtt_client_id(const std::string& project_path, const std::string& dataset) {
    // FNV-1a: the same id on every run and build, unlike std::hash.
    std::uint64_t hash = 14695981039346656037ull;
    std::string key = project_path;
    key += '\n';
    key += dataset;
    for (const unsigned char c : key) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return fmt::format("twinbench-{:012x}", hash & 0xffffffffffffull);
}

MqttSource::MqttSource(MqttAddress address, std::string client_id, PayloadMapping mapping)
    : address_(std::move(address)), client_id_(std::move(client_id)), mapping_(std::move(mapping)) {
    init_library();
    client_ = mosquitto_new(client_id_.c_str(), false, this);
    if (client_ == nullptr) throw ProjectError("cannot create an MQTT client (out of memory)");
    mosquitto_connect_callback_set(client_, &MqttSource::on_connect);
    mosquitto_disconnect_callback_set(client_, &MqttSource::on_disconnect);
    mosquitto_message_callback_set(client_, &MqttSource::on_message);
    mosquitto_reconnect_delay_set(client_, 1, 5, true);
    const int rc = mosquitto_connect_async(client_, address_.host.c_str(), address_.port, 10);
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO && rc != MOSQ_ERR_CONN_REFUSED) {
        const std::string why = mosquitto_strerror(rc);  // an unknown host, a bad argument
        mosquitto_destroy(client_);
        client_ = nullptr;
        throw UsageError(fmt::format("--mqtt {}:{}: cannot connect ({})", address_.host, address_.port, why));
    }
    if (rc == MOSQ_ERR_SUCCESS) {
        start_loop();
        return;
    }
    last_problem_ = mosquitto_strerror(rc);
    connector_ = std::thread([this] {
        while (true) {
            {
                std::unique_lock lock(mutex_);
                if (stop_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; })) return;
            }
            const int again = mosquitto_connect_async(client_, address_.host.c_str(), address_.port, 10);
            if (again == MOSQ_ERR_SUCCESS) break;
            std::lock_guard lock(mutex_);
            last_problem_ = mosquitto_strerror(again);
        }
        start_loop();
    });
}

void MqttSource::start_loop() {
    // From here on the library's thread keeps the link and reconnects after a loss.
    const int loop = mosquitto_loop_start(client_);
    std::lock_guard lock(mutex_);
    if (loop == MOSQ_ERR_SUCCESS)
        loop_started_ = true;
    else
        last_problem_ = fmt::format("cannot start the MQTT client's thread ({})", mosquitto_strerror(loop));
}

MqttSource::~MqttSource() {
    if (client_ == nullptr) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    drained_.notify_all();
    stop_.notify_all();
    if (connector_.joinable()) connector_.join();
    mosquitto_disconnect(client_);
    if (loop_started_) mosquitto_loop_stop(client_, false);
    mosquitto_destroy(client_);
}

void MqttSource::on_connect(struct mosquitto* client, void* self, int rc) {
    auto* source = static_cast<MqttSource*>(self);
    {
        std::lock_guard lock(source->mutex_);
        source->connected_ = rc == 0;
        if (rc == 0)
            ++source->connects_;
        else
            source->last_problem_ = mosquitto_connack_string(rc);
    }
    // The persistent session keeps the subscription; asking again costs nothing and covers
    // a broker that lost its state.
    if (rc == 0) mosquitto_subscribe(client, nullptr, source->address_.topic.c_str(), 1);
}

void MqttSource::on_disconnect(struct mosquitto*, void* self, int rc) {
    auto* source = static_cast<MqttSource*>(self);
    std::lock_guard lock(source->mutex_);
    source->connected_ = false;
    if (rc != 0) source->last_problem_ = "connection lost";
}

void MqttSource::on_message(struct mosquitto*, void* self, const struct mosquitto_message* message) {
    auto* source = static_cast<MqttSource*>(self);
    Arrived arrived;
    arrived.topic = message->topic != nullptr ? message->topic : "";
    if (message->payload != nullptr && message->payloadlen > 0)
        arrived.payload.assign(static_cast<const char*>(message->payload), static_cast<std::size_t>(message->payloadlen));
    arrived.arrival_utc_s = now_utc_s();
    {
        std::unique_lock lock(source->mutex_);
        source->drained_.wait(lock, [&] { return source->queue_.size() < max_waiting || source->stopping_; });
        source->queue_.push_back(std::move(arrived));
    }
    source->arrived_.notify_one();
}

std::string MqttSource::name() const {
    return fmt::format("mqtt://{}:{}/{}", address_.host.find(':') != std::string::npos ? "[" + address_.host + "]" : address_.host,
                       address_.port, address_.topic);
}

void MqttSource::restore(const std::string& checkpoint) {
    if (checkpoint.empty()) return;
    try {
        const auto json = nlohmann::json::parse(checkpoint);
        messages_ = json.at("messages").get<std::int64_t>();
    } catch (const std::exception& e) {
        throw ProjectError(fmt::format("the saved state of {} is damaged ({})", name(), e.what()));
    }
}

std::string MqttSource::checkpoint() const {
    return nlohmann::json{{"client_id", client_id_}, {"messages", messages_}, {"topic", address_.topic}}.dump();
}

std::string MqttSource::link_state() const {
    std::lock_guard lock(mutex_);
    if (connected_) return fmt::format("connected to {}:{}", address_.host, address_.port);
    return fmt::format("{} {}:{}{}", connects_ == 0 ? "connecting to" : "reconnecting to", address_.host,
                       address_.port, last_problem_.empty() ? "" : " (" + last_problem_ + ")");
}

std::size_t MqttSource::waiting() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

LiveBatch MqttSource::poll(std::chrono::milliseconds wait) {
    std::deque<Arrived> taken;
    {
        std::unique_lock lock(mutex_);
        arrived_.wait_for(lock, wait, [&] { return !queue_.empty(); });
        if (queue_.size() <= max_per_poll) {
            taken.swap(queue_);
        } else {
            const auto end = queue_.begin() + static_cast<std::ptrdiff_t>(max_per_poll);
            taken.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
            queue_.erase(queue_.begin(), end);
        }
    }
    drained_.notify_all();
    LiveBatch batch;
    batch.rows.reserve(taken.size());
    for (auto& message : taken) {
        ++messages_;
        auto result = read_payload(message.topic, message.payload, mapping_, message.arrival_utc_s);
        if (auto* row = std::get_if<LiveRow>(&result)) {
            row->line = messages_;
            batch.rows.push_back(std::move(*row));
        } else {
            batch.rejected.push_back({message.topic, messages_, std::get<std::string>(result), message.payload.substr(0, 1000)});
        }
    }
    return batch;
}

}  // namespace twinbench
