// What the twin alongside says happened, and what the engineer did about it: alerts,
// clears, acknowledgements and annotations. Written as PRODUCT.md section 5's JSON lines
// by `watch --json`, and logged with the dataset in the project (a JSON document under
// project_meta) so that the alerts can be read back as context items (column "Alert",
// value "<rule name>", valid from the alert to its clear) for conditions and `explain`.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/context_items.h"
#include "data/project.h"

namespace twinbench {

enum class AlertEventType { alert, cleared, acknowledged, annotated };
std::string_view alert_event_name(AlertEventType type);

struct AlertEvent {
    AlertEventType type = AlertEventType::alert;
    std::int64_t alert_id = 0;  // numbers an alert; its clear, acknowledgement, notes share it
    double time_s = std::numeric_limits<double>::quiet_NaN();   // data time (UTC seconds)
    double since_s = std::numeric_limits<double>::quiet_NaN();  // when the alert's condition began
    std::string signal;
    std::string kind;  // "divergence" | "limit"
    double value = std::numeric_limits<double>::quiet_NaN();     // measured
    double expected = std::numeric_limits<double>::quiet_NaN();  // the model's prediction
    // Half-width of the band the rule fires outside (fire_sigma x sd) in the signal's unit;
    // limit rules: the limit crossed.
    double band = std::numeric_limits<double>::quiet_NaN();
    std::string rule;
    std::string protocol;  // the team's response, shown with the alert
    std::string by;        // acknowledged / annotated by
    std::string note;      // annotation text
};

// One line of `watch --json` (no newline): {"event", "time", "signal", "kind", "value",
// "expected", "band", "since"} plus "rule" and "protocol" (and "by", "note" for an
// acknowledgement or annotation); times ISO 8601 with the UTC offset of the plant's zone
// ("2026-03-02T08:15:00+01:00"); a number that is not finite is null.
std::string alert_event_json_line(const AlertEvent& event, const std::string& time_zone);
// The same event as a line for people: "2026-03-02T08:15:00+01:00 ALERT Outlet air temp:
// 95.2 against 90.1 expected (band ±1.5, divergence since 08:05) — <protocol>".
std::string alert_event_text(const AlertEvent& event, const std::string& time_zone);
// "2026-03-02T08:15:00+01:00" (seconds; milliseconds when not whole); "" for NaN.
std::string format_iso_with_offset(double utc_seconds, const std::string& time_zone);

nlohmann::json to_json(const AlertEvent& event);  // UTC seconds, for the project's log
AlertEvent alert_event_from_json(const nlohmann::json& json, const std::string& source);

// The dataset's logged events, oldest first. ProjectError when the log is damaged.
std::vector<AlertEvent> logged_alert_events(const Project& project, const DatasetInfo& dataset);
// Appends the events (in one transaction); alerts without an id get the next free one.
void log_alert_events(Project& project, const DatasetInfo& dataset, std::vector<AlertEvent> events);
// The engineer's acknowledgement and notes of a logged alert. Throws UsageError for an
// alert id the log does not hold.
void acknowledge_alert(Project& project, const DatasetInfo& dataset, std::int64_t alert_id, double time_s,
                       const std::string& by, const std::string& note = {});
void annotate_alert(Project& project, const DatasetInfo& dataset, std::int64_t alert_id, double time_s,
                    const std::string& by, const std::string& note);

// The alerts as context items: column "Alert", value the rule's name, valid from the
// condition's start (since) to the clear (an alert not cleared: open-ended).
std::vector<ContextItem> alert_context_items(const std::vector<AlertEvent>& events);

}  // namespace twinbench
