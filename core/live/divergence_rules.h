// The rules the twin alongside raises alerts by (issue 16), kept with the dataset in the
// project (a JSON document under project_meta, like the process graph and the KPIs):
//
//   divergence  the measurement is `fire_sigma` bands away from the model for
//               `persistence_min` ("outlet temperature 3 sigma above the model for
//               10 min"), cleared once it is back within `clear_sigma` for `clear_min`
//   limit       the measured value is beyond `limit_max` / `limit_min` for
//               `persistence_min`, cleared once it is back inside for `clear_min`
//
// Hysteresis (clear_sigma < fire_sigma, and the clear persistence) keeps a signal that
// hovers at the threshold from flapping. Each rule carries the team's response protocol,
// the text shown and logged with its alert (what to check, whom to call).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/project.h"
#include "sim/graph_twin.h"
#include "sim/scenario.h"

namespace twinbench {

enum class AlertKind { divergence, limit };
enum class AlertDirection { above, below, either };

std::string_view alert_kind_name(AlertKind kind);
std::string_view alert_direction_name(AlertDirection direction);

struct DivergenceRule {
    std::string name;    // "Outlet air temp off the model"
    std::string signal;  // the output it watches
    AlertKind kind = AlertKind::divergence;
    AlertDirection direction = AlertDirection::either;  // divergence: of the residual
    double fire_sigma = 3.0;
    double clear_sigma = 2.0;
    std::optional<double> limit_min, limit_max;  // limit rules
    double persistence_min = 10.0;
    double clear_min = 5.0;
    std::string protocol;  // "Check the outlet thermocouple against the handheld; call ..."
    bool enabled = true;
};

// A rule per continuous modelled output (3 sigma either way for 10 min, cleared within 2
// sigma for 5 min; a sparse output checked hours apart fires on the check itself, one
// checked within the hour on two checks in a row), and a limit rule per limit on an output (the What-if page's limits, stored with
// the scenarios), each with a protocol text to be filled in by the team.
std::vector<DivergenceRule> default_divergence_rules(const GraphTwin& twin, const std::vector<SeriesLimit>& limits);

nlohmann::json to_json(const DivergenceRule& rule);
// Throws BadInputError (source named) naming the key that is wrong.
DivergenceRule divergence_rule_from_json(const nlohmann::json& json, const std::string& source);

// The dataset's stored rules; nullopt when none were stored. ProjectError when damaged.
std::optional<std::vector<DivergenceRule>> stored_divergence_rules(const Project& project, const DatasetInfo& dataset);
void store_divergence_rules(Project& project, const DatasetInfo& dataset, const std::vector<DivergenceRule>& rules);

// The stored rules, or the defaults for the twin and the limits of the stored scenarios.
std::vector<DivergenceRule> divergence_rules_for(const Project& project, const DatasetInfo& dataset,
                                                 const GraphTwin& twin);

}  // namespace twinbench
