// The project's table of saved scenarios (one JSON spec per dataset and name): the typed
// store behind core/sim/scenario_store.h, which owns what the JSON means.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/project.h"

namespace twinbench {

struct ScenarioRecord {
    std::string name;
    std::string note;
    std::string spec_json;
};

// Inserts or replaces the record of that name, in one transaction.
void upsert_scenario_record(Project& project, std::int64_t dataset_id, const ScenarioRecord& record);
// In the order they were first saved.
std::vector<ScenarioRecord> scenario_records(const Project& project, std::int64_t dataset_id);
// False when no scenario had that name.
bool delete_scenario_record(Project& project, std::int64_t dataset_id, const std::string& name);

}  // namespace twinbench
