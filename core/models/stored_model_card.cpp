#include "models/stored_model_card.h"

#include <algorithm>
#include <cmath>

#include "common/json_number.h"

namespace twinbench {
namespace {

constexpr const char* card_metric_order[] = {"rmse",     "mae",       "one_step_rmse",
                                         "r2",       "bias",      "mean_rmse",
                                         "auc",      "log_loss",  "base_rate_log_loss",
                                         "brier",    "predicted_rate", "observed_rate",
                                         "availability_actual", "availability_predicted"};

std::ptrdiff_t card_metric_rank(const std::string& key) {
    const auto* end = std::end(card_metric_order);
    return std::find_if(std::begin(card_metric_order), end, [&](const char* k) { return key == k; }) -
           std::begin(card_metric_order);
}

std::size_t card_count_at(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

std::string card_string_at(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

StoredModelCard stored_model_card(const ModelSummary& model) {
    StoredModelCard card;
    card.key = model.key;
    const nlohmann::json& j = model.json;
    if (!j.is_object()) return card;
    card.kind = card_string_at(j, "kind");
    card.n_train = card_count_at(j, "n_train");
    card.n_test = card_count_at(j, "n_test");
    if (const auto terms = j.find("terms"); terms != j.end() && terms->is_array())
        for (const auto& t : *terms) {
            if (!t.is_object()) continue;
            card.terms.push_back({card_string_at(t, "name"), card_string_at(t, "unit"), json_number_at(t, "estimate"),
                                  json_number_at(t, "std_error"), json_number_at(t, "ci_low"),
                                  json_number_at(t, "ci_high")});
        }
    if (const auto metrics = j.find("metrics"); metrics != j.end() && metrics->is_object())
        for (const auto& [key, value] : metrics->items())
            card.metrics.push_back({key, value.is_number() ? value.get<double>() : StoredTerm::nan});
    std::stable_sort(card.metrics.begin(), card.metrics.end(),
                     [](const StoredMetric& a, const StoredMetric& b) { return card_metric_rank(a.key) < card_metric_rank(b.key); });
    if (const auto warnings = j.find("warnings"); warnings != j.end() && warnings->is_array())
        for (const auto& w : *warnings)
            if (w.is_string()) card.warnings.push_back(w.get<std::string>());
    if (const auto d = j.find("diagnostics"); d != j.end() && d->is_object()) {
        card.diagnostics = diagnostics_from_json(*d);
        card.diagnostics_rows = std::max(card_count_at(*d, "points"), card.diagnostics.points.size());
    }
    if (const auto bins = j.find("calibration"); bins != j.end() && bins->is_array())
        for (const auto& b : *bins) {
            if (!b.is_object()) continue;
            DefectCalibrationBin bin;
            bin.p_low = json_number_at(b, "p_low");
            bin.p_high = json_number_at(b, "p_high");
            bin.items = json_number_at(b, "items");
            bin.mean_predicted = json_number_at(b, "mean_predicted");
            bin.observed_rate = json_number_at(b, "observed_rate");
            card.calibration.push_back(bin);
        }
    if (const auto e = j.find("envelope"); e != j.end() && e->is_array())
        for (const auto& entry : *e)
            if (entry.is_object())
                card.envelope.push_back({card_string_at(entry, "input"), card_string_at(entry, "column"),
                                         card_string_at(entry, "unit"), json_number_at(entry, "min"),
                                         json_number_at(entry, "max")});
    if (const auto e = j.find("speed_envelope"); e != j.end() && e->is_object())
        card.envelope.push_back({"line speed", "", "m/min", json_number_at(*e, "min"), json_number_at(*e, "max")});
    return card;
}

std::vector<StoredMetric> holdout_metric_list(const HoldoutMetrics& m) {
    std::vector<StoredMetric> out;
    const auto add = [&](const char* key, double v) {
        if (std::isfinite(v)) out.push_back({key, v});
    };
    if (m.continuous()) {
        add("rmse", m.rmse);
        add("mae", m.mae);
        add("r2", m.r2);
        add("bias", m.bias);
        add("mean_rmse", m.mean_rmse);
    } else {
        add("auc", m.auc);
        add("log_loss", m.log_loss);
        add("base_rate_log_loss", m.base_rate_log_loss);
        add("brier", m.brier);
        add("predicted_rate", m.predicted_rate);
        add("observed_rate", m.observed_rate);
    }
    return out;
}

}  // namespace twinbench
