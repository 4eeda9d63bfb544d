// ExplainResult as PRODUCT.md section 5's JSON, for the CLI, the GUI's Explain page and
// the report: non-finite figures (a lift over a reference that never saw the label) are
// written as null, never as a number JSON cannot hold.
#include <cmath>

#include "common/json_number.h"
#include "common/time_format.h"
#include "explain/explainer.h"

namespace twinbench {
namespace {

nlohmann::json optional_number(const std::optional<double>& v) { return v ? json_number(*v) : nlohmann::json(nullptr); }
nlohmann::json instant(double utc_s) { return std::isfinite(utc_s) ? nlohmann::json(format_utc_iso(utc_s)) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json ExplainResult::to_json() const {
    nlohmann::json out;
    auto& e = out["excursion"];
    e["description"] = excursion.description;
    e["rows"] = excursion.rows;
    e["reference_rows"] = excursion.reference_rows;
    e["start"] = instant(excursion.start_s);
    e["end"] = instant(excursion.end_s);
    if (!excursion.outcome.empty()) {
        e["outcome"] = excursion.outcome;
        e["measure"] = excursion.measure;
        const std::string m = excursion.measure.empty() ? "mean" : excursion.measure;
        e[m] = optional_number(excursion.value);
        e["reference_" + m] = optional_number(excursion.reference_value);
        e["predicted_" + m] = optional_number(excursion.predicted_value);
        e["predicted_reference_" + m] = optional_number(excursion.predicted_reference_value);
    }
    out["explained_by_process"] = optional_number(explained_by_process);
    out["candidates_tested"] = candidates_tested;
    out["family_size"] = family_size;
    auto& list = out["causes"] = nlohmann::json::array();
    for (const auto& c : causes) {
        nlohmann::json j;
        j["name"] = c.name;
        j["kind"] = c.kind;
        j["variable"] = c.variable;
        j["level"] = c.level;
        j["lift"] = json_number(c.lift);
        j["share_explained"] = json_number(c.share_explained);
        j["conditional_share_explained"] = json_number(c.conditional_share_explained);
        j["p_value"] = json_number(c.p_value);
        j["p_value_bh"] = json_number(c.p_value_bh);
        j["conditional_p_value"] = json_number(c.conditional_p_value);
        j["conditional_p_value_bh"] = json_number(c.conditional_p_value_bh);
        j["odds_ratio"] = json_number(c.odds_ratio);
        j["conditional_odds_ratio"] = json_number(c.conditional_odds_ratio);
        j["conditioned_on"] = c.conditioned_on;
        j["rows"] = c.rows;
        j["reference_rows"] = c.reference_rows;
        j["excursion_share"] = json_number(c.excursion_share);
        j["reference_share"] = json_number(c.reference_share);
        if (c.kind == "signal") {
            j["excursion_mean"] = optional_number(c.excursion_mean);
            j["reference_mean"] = optional_number(c.reference_mean);
            j["standardized_difference"] = optional_number(c.standardized_difference);
            j["threshold"] = optional_number(c.threshold);
        }
        if (!excursion.outcome.empty()) {
            j["excursion_outcome_with"] = optional_number(c.outcome_with);
            j["excursion_outcome_without"] = optional_number(c.outcome_without);
        }
        j["supported"] = c.supported;
        j["verdict"] = c.verdict;
        auto& w = j["windows"] = nlohmann::json::array();
        for (const auto& window : c.windows) w.push_back({{"start", instant(window.start_s)}, {"end", instant(window.end_s)}});
        list.push_back(std::move(j));
    }
    out["notes"] = notes;
    return out;
}

}  // namespace twinbench
