// Where an approved recommendation goes (issue 16, advisory only): an MQTT topic (QoS 1,
// libmosquitto, the library the MQTT source uses) or a CSV file it is appended to, as the
// engineer configured. Only approve_recommendation publishes, and only the front end's
// Approve calls it: nothing here runs by itself.
//
// MQTT: one message per recommendation, a JSON object
//   {"recommendation_id": 3, "approved_utc": "2026-12-06T17:45:00Z", "dataset": "line",
//    "state_time": "2026-12-06T18:44:00+01:00", "settings": {"Feed rate": 1180.0, ...},
//    "units": {"Feed rate": "kg/h", ...}, "objective": "Gas energy", "model_version":
//    "sha256:...", "seed": 1, "approved_by": "jane"}
// published with QoS 1, not retained; publish returns once the broker acknowledged it.
// CSV: one row per setting, a header when the file is new:
//   approved_utc,recommendation_id,setting,value,unit,model_version,seed,approved_by
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "data/project.h"
#include "live/recommendation.h"

namespace twinbench {

struct PublishTarget {
    std::string mqtt;                         // HOST:PORT/TOPIC (no wildcards), or
    std::filesystem::path csv;                // a CSV file appended to
    std::chrono::milliseconds timeout{5000};  // for the broker's acknowledgement

    // "mqtt://127.0.0.1:1883/plant/recommendations" or "csv:/srv/out/recommendations.csv";
    // the approval's log names it.
    std::string describe() const;
};

// Throws UsageError when neither or both are set, or the topic has a wildcard;
// ProjectError when the broker cannot be reached or does not acknowledge within the
// timeout, or the file cannot be written.
void publish_recommendation(const Recommendation& recommendation, const PublishTarget& target,
                            const std::string& by, const std::string& time_zone);

// The engineer approved: published, then logged as "approved" with where it went. When
// publishing fails the failure is logged ("publish_failed", with the reason) and rethrown.
void approve_recommendation(Project& project, const Recommendation& recommendation,
                            const PublishTarget& target, const std::string& by,
                            const std::string& time_zone);
// The engineer rejected: nothing is published; logged as "rejected" with the reason.
void reject_recommendation(Project& project, const Recommendation& recommendation,
                           const std::string& by, const std::string& reason = {});

}  // namespace twinbench
