#include "live/divergence_rules.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "sim/scenario_store.h"

namespace twinbench {
namespace {

std::string rules_key(const DatasetInfo& dataset) { return fmt::format("live_rules:{}", dataset.id); }

constexpr std::string_view default_protocol =
    "Check the sensor against a local reading and the inputs the model uses; "
    "if the measurement holds, call the shift lead (edit this text in the project's alert rules).";

}  // namespace

std::string_view alert_kind_name(AlertKind kind) { return kind == AlertKind::limit ? "limit" : "divergence"; }

std::string_view alert_direction_name(AlertDirection direction) {
    switch (direction) {
        case AlertDirection::above: return "above";
        case AlertDirection::below: return "below";
        case AlertDirection::either: return "either";
    }
    return "either";
}

std::vector<DivergenceRule> default_divergence_rules(const GraphTwin& twin, const std::vector<SeriesLimit>& limits) {
    std::vector<DivergenceRule> rules;
    for (const auto& model : twin.models) {
        if (model->output_kind() != OutputKind::continuous) continue;
        // An estimate no column measures has no residual to watch.
        if (const auto m = twin.measured_column.find(model->output()); m != twin.measured_column.end() && m->second.empty())
            continue;
        DivergenceRule r;
        r.signal = model->output();
        r.name = model->output() + " off the model";
        if (const auto sparse = twin.sparse.find(model->output()); sparse != twin.sparse.end()) {
            // Checks hours apart (a lab value): the check itself fires. Checks within the
            // hour (a count every 15 min): two in a row, so one odd count is no alarm.
            const double interval_min = sparse->second.interval_h * 60.0;
            r.persistence_min = interval_min > 0.0 && interval_min <= 60.0 ? interval_min : 0.0;
            r.clear_min = r.persistence_min;
        }
        r.protocol = std::string(default_protocol);
        rules.push_back(std::move(r));
    }
    for (const auto& l : limits) {
        if (twin.model_of(l.series) == nullptr) continue;
        DivergenceRule r;
        r.signal = l.series;
        r.kind = AlertKind::limit;
        r.limit_min = l.min;
        r.limit_max = l.max;
        r.name = l.max ? fmt::format("{} above {:g}", l.series, *l.max) : fmt::format("{} below {:g}", l.series, *l.min);
        if (l.min && l.max) r.name = fmt::format("{} outside {:g}..{:g}", l.series, *l.min, *l.max);
        r.protocol = std::string(default_protocol);
        const bool duplicate = std::any_of(rules.begin(), rules.end(), [&](const DivergenceRule& o) {
            return o.kind == AlertKind::limit && o.signal == r.signal && o.limit_min == r.limit_min &&
                   o.limit_max == r.limit_max;
        });
        if (!duplicate) rules.push_back(std::move(r));
    }
    return rules;
}

nlohmann::json to_json(const DivergenceRule& r) {
    nlohmann::json j = {{"name", r.name},
                        {"signal", r.signal},
                        {"kind", alert_kind_name(r.kind)},
                        {"direction", alert_direction_name(r.direction)},
                        {"fire_sigma", r.fire_sigma},
                        {"clear_sigma", r.clear_sigma},
                        {"persistence_min", r.persistence_min},
                        {"clear_min", r.clear_min},
                        {"protocol", r.protocol},
                        {"enabled", r.enabled}};
    if (r.limit_min) j["limit_min"] = *r.limit_min;
    if (r.limit_max) j["limit_max"] = *r.limit_max;
    return j;
}

DivergenceRule divergence_rule_from_json(const nlohmann::json& j, const std::string& source) {
    auto bad = [&](const std::string& what) {
        return BadInputError({source, 0, 0}, fmt::format("alert rule: {}", what));
    };
    if (!j.is_object()) throw bad("not a JSON object");
    DivergenceRule r;
    try {
        r.name = j.at("name").get<std::string>();
        r.signal = j.at("signal").get<std::string>();
        const std::string kind = j.at("kind").get<std::string>();
        if (kind != "divergence" && kind != "limit") throw bad(fmt::format("kind '{}' is not divergence or limit", kind));
        r.kind = kind == "limit" ? AlertKind::limit : AlertKind::divergence;
        const std::string direction = j.value("direction", "either");
        if (direction == "above") r.direction = AlertDirection::above;
        else if (direction == "below") r.direction = AlertDirection::below;
        else if (direction == "either") r.direction = AlertDirection::either;
        else throw bad(fmt::format("direction '{}' is not above, below or either", direction));
        r.fire_sigma = j.value("fire_sigma", r.fire_sigma);
        r.clear_sigma = j.value("clear_sigma", r.clear_sigma);
        r.persistence_min = j.value("persistence_min", r.persistence_min);
        r.clear_min = j.value("clear_min", r.clear_min);
        r.protocol = j.value("protocol", std::string());
        r.enabled = j.value("enabled", true);
        if (j.contains("limit_min")) r.limit_min = j.at("limit_min").get<double>();
        if (j.contains("limit_max")) r.limit_max = j.at("limit_max").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw bad(e.what());
    }
    if (r.kind == AlertKind::limit && !r.limit_min && !r.limit_max)
        throw bad(fmt::format("limit rule '{}' has neither limit_min nor limit_max", r.name));
    if (r.kind == AlertKind::divergence && !(r.clear_sigma > 0.0 && r.clear_sigma <= r.fire_sigma))
        throw bad(fmt::format("rule '{}': clear_sigma must be positive and at most fire_sigma", r.name));
    if (r.persistence_min < 0.0 || r.clear_min < 0.0)
        throw bad(fmt::format("rule '{}': persistence_min and clear_min must not be negative", r.name));
    return r;
}

std::optional<std::vector<DivergenceRule>> stored_divergence_rules(const Project& project, const DatasetInfo& dataset) {
    const auto text = project.document(rules_key(dataset));
    if (!text) return std::nullopt;
    const std::string source = utf8_path_string(project.path());
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    try {
        if (!json.is_array()) throw BadInputError({source, 0, 0}, "not a JSON array");
        std::vector<DivergenceRule> rules;
        for (const auto& r : json) rules.push_back(divergence_rule_from_json(r, source));
        return rules;
    } catch (const BadInputError& e) {
        throw ProjectError(fmt::format("{}: the stored alert rules of dataset '{}' are damaged ({}); store them again",
                                       source, dataset.name, e.reason()));
    }
}

void store_divergence_rules(Project& project, const DatasetInfo& dataset, const std::vector<DivergenceRule>& rules) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rules) j.push_back(to_json(r));
    Project::Transaction tx(project);
    project.set_document(rules_key(dataset), j.dump());
    tx.commit();
}

std::vector<DivergenceRule> divergence_rules_for(const Project& project, const DatasetInfo& dataset,
                                                 const GraphTwin& twin) {
    if (auto stored = stored_divergence_rules(project, dataset)) return *stored;
    std::vector<SeriesLimit> limits;
    for (const auto& scenario : stored_scenarios(project, dataset))
        limits.insert(limits.end(), scenario.limits.begin(), scenario.limits.end());
    return default_divergence_rules(twin, limits);
}

}  // namespace twinbench
