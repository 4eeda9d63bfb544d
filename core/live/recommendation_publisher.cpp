#include "live/recommendation_publisher.h"

#include <mosquitto.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/csv_field.h"
#include "common/error.h"
#include "common/time_format.h"
#include "common/utf8_path.h"
#include "live/alert_events.h"
#include "live/mqtt_source.h"

namespace twinbench {
namespace {

MqttAddress publish_address(const std::string& text) {
    MqttAddress address = parse_mqtt_address(text);
    if (mosquitto_pub_topic_check(address.topic.c_str()) != MOSQ_ERR_SUCCESS)
        throw UsageError(fmt::format(
            "publish to {}: a recommendation goes to one topic, without '+' or '#'", text));
    return address;
}

// One QoS 1 message, sent on this thread: connect, wait for the broker's CONNACK, publish,
// wait for its PUBACK, disconnect.
void publish_mqtt(const MqttAddress& address, const std::string& payload,
                  std::chrono::milliseconds timeout) {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
    struct State {
        int connack = -1;
        bool acknowledged = false;
    } state;
    struct mosquitto* client = mosquitto_new(nullptr, true, &state);
    if (client == nullptr) throw ProjectError("cannot create an MQTT client (out of memory)");
    const std::string where = fmt::format("the MQTT broker at {}:{}", address.host, address.port);
    const auto fail = [&](const std::string& why) {
        mosquitto_destroy(client);
        return ProjectError(fmt::format("the recommendation was not published: {} {}", where, why));
    };
    mosquitto_connect_callback_set(client, [](struct mosquitto*, void* self, int rc) {
        static_cast<State*>(self)->connack = rc;
    });
    mosquitto_publish_callback_set(client, [](struct mosquitto*, void* self, int) {
        static_cast<State*>(self)->acknowledged = true;
    });
    int rc = mosquitto_connect(client, address.host.c_str(), address.port, 10);
    if (rc != MOSQ_ERR_SUCCESS)
        throw fail(fmt::format("cannot be reached ({})", rc == MOSQ_ERR_ERRNO
                                                             ? std::strerror(errno)
                                                             : mosquitto_strerror(rc)));
    const auto end = std::chrono::steady_clock::now() + timeout;
    const auto wait_for = [&](const auto& done) {
        while (!done() && std::chrono::steady_clock::now() < end) {
            rc = mosquitto_loop(client, 50, 1);
            if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) return false;
        }
        return done();
    };
    if (!wait_for([&] { return state.connack >= 0; })) throw fail("did not answer the connection");
    if (state.connack != 0)
        throw fail(
            fmt::format("refused the connection ({})", mosquitto_connack_string(state.connack)));
    rc = mosquitto_publish(client, nullptr, address.topic.c_str(), static_cast<int>(payload.size()),
                           payload.data(), 1, false);
    if (rc != MOSQ_ERR_SUCCESS)
        throw fail(fmt::format("refused the message ({})", mosquitto_strerror(rc)));
    if (!wait_for([&] { return state.acknowledged; }))
        throw fail(fmt::format("did not acknowledge the message within {} ms", timeout.count()));
    mosquitto_disconnect(client);
    mosquitto_loop(client, 50, 1);
    mosquitto_destroy(client);
}

void append_csv(const std::filesystem::path& file, const Recommendation& r, const std::string& by) {
    std::error_code ec;
    const bool is_new =
        !std::filesystem::exists(file, ec) || std::filesystem::file_size(file, ec) == 0;
    std::ofstream out(file, std::ios::binary | std::ios::app);
    if (!out)
        throw ProjectError(fmt::format("the recommendation was not published: cannot write {}",
                                       utf8_path_string(file)));
    std::string text;
    if (is_new)
        text +=
            "approved_utc,recommendation_id,setting,value,unit,model_version,seed,approved_by\n";
    const std::string when = now_utc_iso();
    for (const auto& [name, value] : r.settings) {
        const auto unit = r.units.find(name);
        text += fmt::format("{},{},{},{},{},{},{},{}\n", when, r.id, csv_field(name), value,
                            csv_field(unit == r.units.end() ? std::string() : unit->second),
                            r.model_version, r.seed, csv_field(by));
    }
    out << text;
    out.flush();
    if (!out)
        throw ProjectError(
            fmt::format("the recommendation was not published: writing {} failed (disk full?)",
                        utf8_path_string(file)));
}

}  // namespace

std::string PublishTarget::describe() const {
    if (!mqtt.empty()) {
        const MqttAddress a = parse_mqtt_address(mqtt);
        return fmt::format("mqtt://{}:{}/{}", a.host, a.port, a.topic);
    }
    return "csv:" + utf8_path_string(csv);
}

void publish_recommendation(const Recommendation& r, const PublishTarget& target,
                            const std::string& by, const std::string& time_zone) {
    if (target.mqtt.empty() == target.csv.empty())
        throw UsageError(
            "a recommendation is published to an MQTT topic or a CSV file: give one of them");
    if (target.csv.empty()) {
        const MqttAddress address = publish_address(target.mqtt);
        nlohmann::ordered_json j;
        j["recommendation_id"] = r.id;
        j["approved_utc"] = now_utc_iso();
        j["dataset"] = r.dataset;
        j["state_time"] = format_iso_with_offset(r.state_time_s, time_zone);
        j["settings"] = r.settings;
        j["units"] = r.units;
        j["objective"] = r.objective;
        j["model_version"] = r.model_version;
        j["seed"] = r.seed;
        j["approved_by"] = by;
        publish_mqtt(address, j.dump(), target.timeout);
        return;
    }
    append_csv(target.csv, r, by);
}

void approve_recommendation(Project& project, const Recommendation& recommendation,
                            const PublishTarget& target, const std::string& by,
                            const std::string& time_zone) {
    try {
        publish_recommendation(recommendation, target, by, time_zone);
    } catch (const Error& e) {
        std::string where;
        try {
            where = target.describe();
        } catch (const Error&) {
            // an address that does not parse: the reason logged says so
        }
        log_recommendation_decision(project, recommendation, "publish_failed", by, e.what(), where);
        throw;
    }
    log_recommendation_decision(project, recommendation, "approved", by, {}, target.describe());
}

void reject_recommendation(Project& project, const Recommendation& recommendation,
                           const std::string& by, const std::string& reason) {
    log_recommendation_decision(project, recommendation, "rejected", by, reason);
}

}  // namespace twinbench
