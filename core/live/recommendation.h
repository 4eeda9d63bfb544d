// Recommendations back to the plant, advisory only (issue 16): the optimiser's settings
// for the current state, which the engineer approves or rejects; only an approved one is
// published (recommendation_publisher.h), nothing is ever written to a control by itself.
//
// "The current state" is the dataset as it stands, live rows included: the any-process
// optimiser (core/opt/graph_optimizer.h, as the Scenarios page and `optimize` run it)
// searches the controls' constant settings over the latest `horizon_h` of the data, the
// disturbances replayed as recorded, from the stored fit. Every recommendation, approval
// and rejection is logged in the project's result log (data/result_records.h, kind
// "live_recommendation") with the model version (the stored fit's identity) and the seed.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/progress.h"
#include "data/project.h"
#include "opt/optimizer.h"

namespace twinbench {

struct RecommendationRequest {
    std::string objective;  // an output or KPI of the process graph
    bool maximize = false;
    std::vector<KpiConstraint> constraints;
    double horizon_h = 4.0;  // the latest stretch of data the settings are judged over
    std::uint64_t seed = 1;
    int runs = 100;  // Monte Carlo runs behind chance constraints
};

struct Recommendation {
    std::int64_t id = 0;  // the log's number, given when it is logged
    std::string dataset;
    double state_time_s =
        std::numeric_limits<double>::quiet_NaN();  // the latest row it starts from (UTC)
    std::string objective;
    bool maximize = false;
    double horizon_h = 0.0;
    std::map<std::string, double> settings;  // per control
    std::map<std::string, double>
        baseline_settings;  // the controls as they were (the window's median)
    std::map<std::string, std::string> units;
    double objective_value = std::numeric_limits<double>::quiet_NaN();
    double baseline_objective = std::numeric_limits<double>::quiet_NaN();
    bool constraints_met = false;
    std::string message;        // why the constraints cannot be met, when they are not
    std::string model_version;  // model_version() of the fit it came from
    std::uint64_t seed = 1;
};

// The identity of the dataset's stored fit: "sha256:" and the first 16 hex digits of the
// hash of every stored model's key, fit time and JSON. Throws ModelError when the dataset
// has no stored model (a recommendation must name the fit it came from).
std::string model_version(const Project& project, const DatasetInfo& dataset);

// The optimiser's settings for the dataset as it stands now. Throws UsageError for an
// unknown objective or constraint, ModelError without a stored fit or when the twin gives
// no value for the objective over the horizon (shorter than the model's dead times).
Recommendation recommend_settings(const Project& project, const std::string& dataset,
                                  const RecommendationRequest& request,
                                  const ProgressCallback& progress = {});

nlohmann::json to_json(const Recommendation& r);
Recommendation recommendation_from_json(const nlohmann::json& j);

// One entry of the log: "recommended" (with the recommendation), "approved" (with where it
// was published), "rejected", or "publish_failed" (approved, but the target refused it).
struct RecommendationLogEntry {
    std::string event;
    std::int64_t recommendation_id = 0;
    std::string logged_utc;
    std::string by;
    std::string note;  // a rejection's reason, a failed publication's error
    std::string
        published_to;  // "mqtt://127.0.0.1:1883/plant/recommendations", "csv:/path/file.csv"
    Recommendation recommendation;  // every entry repeats what was decided on
};

// Logs a new recommendation and returns it with its id.
Recommendation log_recommendation(Project& project, Recommendation recommendation);
void log_recommendation_decision(Project& project, const Recommendation& recommendation,
                                 const std::string& event, const std::string& by,
                                 const std::string& note = {},
                                 const std::string& published_to = {});
// The dataset's entries, oldest first. ProjectError when an entry is damaged.
std::vector<RecommendationLogEntry> recommendation_log(const Project& project,
                                                       const std::string& dataset);

}  // namespace twinbench
