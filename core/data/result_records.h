// The project's log of results (table `result`): one JSON record per entry, kept in the
// order written, with its kind and the UTC time it was stored. Append-only: what the
// engineer was shown and decided (the live twin's recommendations, their approval or
// rejection) stays as it was logged. The typed store behind core/live/recommendation.h;
// the JSON's meaning is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/project.h"

namespace twinbench {

struct ResultRecord {
    std::int64_t id = 0;
    std::optional<std::int64_t> scenario_id;
    std::string kind;
    std::string created_utc;  // "2026-12-06 17:45:00" (SQLite's datetime('now'), UTC)
    std::string json;
};

// Appends one record in its own transaction (nested in the caller's, if any); its id.
std::int64_t append_result_record(Project& project, const std::string& kind,
                                  const std::string& json,
                                  std::optional<std::int64_t> scenario_id = std::nullopt);
// The records of one kind, oldest first.
std::vector<ResultRecord> result_records(const Project& project, const std::string& kind);

}  // namespace twinbench
