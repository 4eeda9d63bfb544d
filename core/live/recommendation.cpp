#include "live/recommendation.h"

#include <cmath>

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/result_records.h"
#include "models/model_json.h"
#include "opt/graph_optimizer.h"
#include "report/file_hash.h"
#include "sim/twin_study.h"

namespace twinbench {
namespace {

constexpr char log_kind[] = "live_recommendation";

}  // namespace

std::string model_version(const Project& project, const DatasetInfo& dataset) {
    const auto models = project.models(dataset.id);
    if (models.empty())
        throw ModelError(fmt::format(
            "dataset '{}' has no stored models: fit it (Models page, or `twinbench-cli fit`) "
            "before asking for a recommendation",
            dataset.name));
    std::string bytes;
    for (const auto& m : models) bytes += m.kind + '\n' + m.fitted_utc + '\n' + m.json + '\n';
    return "sha256:" + report::sha256_hex(bytes).substr(0, 16);
}

Recommendation recommend_settings(const Project& project, const std::string& dataset,
                                  const RecommendationRequest& request,
                                  const ProgressCallback& progress) {
    const DatasetInfo info = project.dataset(dataset);
    const std::string version = model_version(project, info);
    const TwinStudy study = open_twin_study(project, info.name);
    if (!study.history.has_time())
        throw ModelError(
            fmt::format("dataset '{}' has no time axis: there is no current state to recommend for",
                        info.name));
    GraphOptimizeOptions options;
    options.objective = request.objective;
    options.maximize = request.maximize;
    options.constraints = request.constraints;
    options.horizon_h = request.horizon_h;
    options.seed = request.seed;
    options.runs = request.runs;
    options.progress = progress;
    const GraphOptimizeResult result = optimize_graph_controls(study, options);
    // No figure, no recommendation: settings "found" without one are only the baseline.
    if (!std::isfinite(result.objective) || !std::isfinite(result.baseline_objective))
        throw ModelError(fmt::format(
            "the twin gives no value for '{}' over the last {:g} h of dataset '{}' (a window "
            "shorter than the model's dead times and lags, or inputs missing there); take a "
            "longer horizon",
            request.objective, request.horizon_h, info.name));

    Recommendation r;
    r.dataset = info.name;
    r.state_time_s = study.history.time_s.back();
    r.objective = request.objective;
    r.maximize = request.maximize;
    r.horizon_h = request.horizon_h;
    r.settings = result.settings;
    r.baseline_settings = result.baseline_settings;
    for (const auto& [name, value] : r.settings)
        for (const auto& s : study.history.series)
            if (s.name == name) r.units[name] = s.unit;
    r.objective_value = result.objective;
    r.baseline_objective = result.baseline_objective;
    r.constraints_met = result.constraints_met;
    r.message = result.message;
    r.model_version = version;
    r.seed = request.seed;
    return r;
}

nlohmann::json to_json(const Recommendation& r) {
    return {{"recommendation_id", r.id},
            {"dataset", r.dataset},
            {"state_time_s", json_number(r.state_time_s)},
            {"objective", r.objective},
            {"maximize", r.maximize},
            {"horizon_h", r.horizon_h},
            {"settings", r.settings},
            {"baseline_settings", r.baseline_settings},
            {"units", r.units},
            {"objective_value", json_number(r.objective_value)},
            {"baseline_objective", json_number(r.baseline_objective)},
            {"constraints_met", r.constraints_met},
            {"message", r.message},
            {"model_version", r.model_version},
            {"seed", r.seed}};
}

Recommendation recommendation_from_json(const nlohmann::json& j) {
    Recommendation r;
    r.id = j.at("recommendation_id").get<std::int64_t>();
    r.dataset = j.at("dataset").get<std::string>();
    r.state_time_s = json_number_at(j, "state_time_s");
    r.objective = j.at("objective").get<std::string>();
    r.maximize = j.at("maximize").get<bool>();
    r.horizon_h = j.at("horizon_h").get<double>();
    r.settings = j.at("settings").get<std::map<std::string, double>>();
    r.baseline_settings = j.at("baseline_settings").get<std::map<std::string, double>>();
    r.units = j.at("units").get<std::map<std::string, std::string>>();
    r.objective_value = json_number_at(j, "objective_value");
    r.baseline_objective = json_number_at(j, "baseline_objective");
    r.constraints_met = j.at("constraints_met").get<bool>();
    r.message = j.at("message").get<std::string>();
    r.model_version = j.at("model_version").get<std::string>();
    r.seed = j.at("seed").get<std::uint64_t>();
    return r;
}

Recommendation log_recommendation(Project& project, Recommendation recommendation) {
    const DatasetInfo dataset = project.dataset(recommendation.dataset);
    Project::Transaction tx(project);
    // Numbered 1, 2, ... per dataset, in the transaction that logs it, so two never share one.
    std::int64_t next = 1;
    for (const auto& e : recommendation_log(project, dataset.name))
        next = std::max(next, e.recommendation_id + 1);
    recommendation.id = next;
    nlohmann::json j = {{"event", "recommended"},
                        {"dataset_id", dataset.id},
                        {"recommendation", to_json(recommendation)}};
    append_result_record(project, log_kind, j.dump());
    tx.commit();
    return recommendation;
}

void log_recommendation_decision(Project& project, const Recommendation& recommendation,
                                 const std::string& event, const std::string& by,
                                 const std::string& note, const std::string& published_to) {
    const DatasetInfo dataset = project.dataset(recommendation.dataset);
    nlohmann::json j = {{"event", event},
                        {"dataset_id", dataset.id},
                        {"by", by},
                        {"note", note},
                        {"published_to", published_to},
                        {"recommendation", to_json(recommendation)}};
    append_result_record(project, log_kind, j.dump());
}

std::vector<RecommendationLogEntry> recommendation_log(const Project& project,
                                                       const std::string& dataset) {
    const DatasetInfo info = project.dataset(dataset);
    std::vector<RecommendationLogEntry> out;
    for (const auto& record : result_records(project, log_kind)) {
        const auto j = nlohmann::json::parse(record.json, nullptr, false);
        const auto damaged = [&](const std::string& why) {
            return ProjectError(fmt::format("{}: the recommendation log's entry {} is damaged ({})",
                                            utf8_path_string(project.path()), record.id, why));
        };
        if (!j.is_object()) throw damaged("not a JSON object");
        try {
            if (j.at("dataset_id").get<std::int64_t>() != info.id) continue;
            RecommendationLogEntry e;
            e.event = j.at("event").get<std::string>();
            e.logged_utc = record.created_utc;
            e.by = j.value("by", std::string());
            e.note = j.value("note", std::string());
            e.published_to = j.value("published_to", std::string());
            e.recommendation = recommendation_from_json(j.at("recommendation"));
            e.recommendation_id = e.recommendation.id;
            out.push_back(std::move(e));
        } catch (const nlohmann::json::exception& ex) {
            throw damaged(ex.what());
        }
    }
    return out;
}

}  // namespace twinbench
