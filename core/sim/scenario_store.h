// Scenarios in the project file (table `scenario`, one JSON spec per name and dataset) and
// in JSON files exchanged between colleagues.
#pragma once

#include <string>
#include <vector>

#include "data/project.h"
#include "sim/scenario.h"

namespace twinbench {

// Inserts or replaces the scenario of that name, in one transaction.
void save_scenario(Project& project, const DatasetInfo& dataset, const Scenario& scenario);
std::vector<Scenario> stored_scenarios(const Project& project, const DatasetInfo& dataset);
// Removes it; false when no scenario had that name.
bool delete_scenario(Project& project, const DatasetInfo& dataset, const std::string& name);

// A path to a .json file, else the name of a stored scenario. Throws BadInputError for an
// unreadable or invalid file (naming it), UsageError for an unknown name (listing them).
Scenario load_scenario(const Project& project, const DatasetInfo& dataset,
                       const std::string& file_or_name);

Scenario read_scenario_file(const std::string& path);
void write_scenario_file(const std::string& path, const Scenario& scenario);

}  // namespace twinbench
