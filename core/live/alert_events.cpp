#include "live/alert_events.h"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "models/model_json.h"

namespace twinbench {
namespace {

std::string log_key(const DatasetInfo& dataset) { return fmt::format("live_events:{}", dataset.id); }

AlertEventType event_type_from(const std::string& name, const std::string& source) {
    for (const auto t : {AlertEventType::alert, AlertEventType::cleared, AlertEventType::acknowledged,
                         AlertEventType::annotated})
        if (alert_event_name(t) == name) return t;
    throw BadInputError({source, 0, 0}, fmt::format("alert event '{}' is not alert, cleared, acknowledged or annotated", name));
}

void write_log(Project& project, const DatasetInfo& dataset, const std::vector<AlertEvent>& events) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& e : events) j.push_back(to_json(e));
    Project::Transaction tx(project);
    project.set_document(log_key(dataset), j.dump());
    tx.commit();
}

void add_engineer_event(Project& project, const DatasetInfo& dataset, AlertEventType type, std::int64_t alert_id,
                        double time_s, const std::string& by, const std::string& note) {
    // Read and written in one transaction: a watcher logging alerts meanwhile (another
    // connection) waits, and neither write loses the other's events.
    Project::Transaction tx(project);
    auto events = logged_alert_events(project, dataset);
    const AlertEvent* alert = nullptr;
    for (const auto& e : events)
        if (e.type == AlertEventType::alert && e.alert_id == alert_id) alert = &e;
    if (alert == nullptr) throw UsageError(fmt::format("no alert {} in the log of dataset '{}'", alert_id, dataset.name));
    AlertEvent e = *alert;
    e.type = type;
    e.time_s = time_s;
    e.by = by;
    e.note = note;
    events.push_back(std::move(e));
    write_log(project, dataset, events);
    tx.commit();
}

}  // namespace

std::string_view alert_event_name(AlertEventType type) {
    switch (type) {
        case AlertEventType::alert: return "alert";
        case AlertEventType::cleared: return "cleared";
        case AlertEventType::acknowledged: return "acknowledged";
        case AlertEventType::annotated: return "annotated";
    }
    return "alert";
}

std::string format_iso_with_offset(double utc_seconds, const std::string& time_zone) {
    if (!std::isfinite(utc_seconds)) return {};
    using Millis = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;
    const Millis tp{std::chrono::milliseconds(std::llround(utc_seconds * 1000.0))};
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(time_zone.empty() ? "UTC" : time_zone);
    } catch (const std::exception&) {
        zone = date::locate_zone("UTC");
    }
    const auto info = zone->get_info(std::chrono::time_point_cast<std::chrono::seconds>(tp));
    const auto local = tp + info.offset;
    const auto offset_min = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
    const std::string clock = tp.time_since_epoch().count() % 1000 == 0
                                  ? date::format("%FT%T", std::chrono::time_point_cast<std::chrono::seconds>(local))
                                  : date::format("%FT%T", local);
    return fmt::format("{}{}{:02}:{:02}", clock, offset_min < 0 ? '-' : '+', std::abs(offset_min) / 60,
                       std::abs(offset_min) % 60);
}

std::string alert_event_json_line(const AlertEvent& e, const std::string& time_zone) {
    // Keys in PRODUCT.md's order (ordered_json keeps insertion order).
    nlohmann::ordered_json j;
    j["event"] = alert_event_name(e.type);
    j["time"] = format_iso_with_offset(e.time_s, time_zone);
    j["signal"] = e.signal;
    j["kind"] = e.kind;
    j["value"] = json_number(e.value);
    j["expected"] = json_number(e.expected);
    j["band"] = json_number(e.band);
    j["since"] = format_iso_with_offset(e.since_s, time_zone);
    j["alert_id"] = e.alert_id;
    j["rule"] = e.rule;
    j["protocol"] = e.protocol;
    if (e.type == AlertEventType::acknowledged || e.type == AlertEventType::annotated) {
        j["by"] = e.by;
        j["note"] = e.note;
    }
    return j.dump();
}

std::string alert_event_text(const AlertEvent& e, const std::string& time_zone) {
    const std::string when = format_iso_with_offset(e.time_s, time_zone);
    const std::string since = format_iso_with_offset(e.since_s, time_zone);
    switch (e.type) {
        case AlertEventType::alert: {
            const std::string against =
                e.kind == "limit" ? fmt::format("limit {:.4g}", e.band)
                                  : fmt::format("{:.4g} expected, band ±{:.3g}", e.expected, e.band);
            return fmt::format("{} ALERT {}: {:.4g} against {} ({} since {}){}", when, e.signal, e.value, against, e.kind,
                               since, e.protocol.empty() ? "" : " - " + e.protocol);
        }
        case AlertEventType::cleared:
            return fmt::format("{} cleared {}: {:.4g} ({} alert since {})", when, e.signal, e.value, e.kind, since);
        case AlertEventType::acknowledged:
            return fmt::format("{} acknowledged {} by {}", when, e.signal, e.by);
        case AlertEventType::annotated:
            return fmt::format("{} note on {} by {}: {}", when, e.signal, e.by, e.note);
    }
    return when;
}

nlohmann::json to_json(const AlertEvent& e) {
    return {{"event", alert_event_name(e.type)}, {"alert_id", e.alert_id},       {"time_s", json_number(e.time_s)},
            {"since_s", json_number(e.since_s)}, {"signal", e.signal},      {"kind", e.kind},
            {"value", json_number(e.value)},  {"expected", json_number(e.expected)},
            {"band", json_number(e.band)},    {"rule", e.rule},             {"protocol", e.protocol},
            {"by", e.by},                        {"note", e.note}};
}

AlertEvent alert_event_from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw BadInputError({source, 0, 0}, "alert event: not a JSON object");
    AlertEvent e;
    try {
        e.type = event_type_from(j.at("event").get<std::string>(), source);
        e.alert_id = j.at("alert_id").get<std::int64_t>();
        e.signal = j.at("signal").get<std::string>();
        e.kind = j.value("kind", std::string());
        e.rule = j.value("rule", std::string());
        e.protocol = j.value("protocol", std::string());
        e.by = j.value("by", std::string());
        e.note = j.value("note", std::string());
    } catch (const nlohmann::json::exception& ex) {
        throw BadInputError({source, 0, 0}, fmt::format("alert event: {}", ex.what()));
    }
    e.time_s = json_number_at(j, "time_s");
    e.since_s = json_number_at(j, "since_s");
    e.value = json_number_at(j, "value");
    e.expected = json_number_at(j, "expected");
    e.band = json_number_at(j, "band");
    return e;
}

std::vector<AlertEvent> logged_alert_events(const Project& project, const DatasetInfo& dataset) {
    const auto text = project.document(log_key(dataset));
    if (!text) return {};
    const std::string source = utf8_path_string(project.path());
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    try {
        if (!json.is_array()) throw BadInputError({source, 0, 0}, "not a JSON array");
        std::vector<AlertEvent> events;
        for (const auto& e : json) events.push_back(alert_event_from_json(e, source));
        return events;
    } catch (const BadInputError& e) {
        throw ProjectError(fmt::format("{}: the alert log of dataset '{}' is damaged ({})", source, dataset.name,
                                       e.reason()));
    }
}

void log_alert_events(Project& project, const DatasetInfo& dataset, std::vector<AlertEvent> events) {
    if (events.empty()) return;
    Project::Transaction tx(project);  // read and written as one, as add_engineer_event does
    auto log = logged_alert_events(project, dataset);
    std::int64_t next = 1;
    for (const auto& e : log) next = std::max(next, e.alert_id + 1);
    for (auto& e : events) {
        if (e.type == AlertEventType::alert && e.alert_id == 0) e.alert_id = next++;
        next = std::max(next, e.alert_id + 1);
        log.push_back(std::move(e));
    }
    write_log(project, dataset, log);
    tx.commit();
}

void acknowledge_alert(Project& project, const DatasetInfo& dataset, std::int64_t alert_id, double time_s,
                       const std::string& by, const std::string& note) {
    add_engineer_event(project, dataset, AlertEventType::acknowledged, alert_id, time_s, by, note);
}

void annotate_alert(Project& project, const DatasetInfo& dataset, std::int64_t alert_id, double time_s,
                    const std::string& by, const std::string& note) {
    add_engineer_event(project, dataset, AlertEventType::annotated, alert_id, time_s, by, note);
}

std::vector<ContextItem> alert_context_items(const std::vector<AlertEvent>& events) {
    std::vector<ContextItem> items;
    std::vector<std::int64_t> ids;
    for (const auto& e : events) {
        if (e.type == AlertEventType::alert) {
            ContextItem item;
            item.source = "alerts";
            item.column = "Alert";
            item.value = e.rule.empty() ? e.signal + " " + e.kind : e.rule;
            item.valid_from_s = std::isfinite(e.since_s) ? e.since_s : e.time_s;
            item.valid_to_s = std::numeric_limits<double>::infinity();
            item.properties = {{"signal", e.signal}, {"kind", e.kind}, {"alert_id", std::to_string(e.alert_id)}};
            items.push_back(std::move(item));
            ids.push_back(e.alert_id);
        } else if (e.type == AlertEventType::cleared) {
            for (std::size_t i = 0; i < items.size(); ++i)
                if (ids[i] == e.alert_id) items[i].valid_to_s = e.time_s;
        } else if (e.type == AlertEventType::acknowledged) {
            for (std::size_t i = 0; i < items.size(); ++i)
                if (ids[i] == e.alert_id) items[i].properties["acknowledged_by"] = e.by;
        }
    }
    return items;
}

}  // namespace twinbench
