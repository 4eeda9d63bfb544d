// Fits every model the data supports and summarises each in the shape of PRODUCT.md's
// `fit` JSON (kind, terms with estimate and standard error, hold-out metrics, n_train,
// n_test), so the CLI, the GUI and the project file all see the same figures.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/project.h"
#include "data/table.h"
#include "models/transport_delay.h"

namespace twinbench {

struct ModelSummary {
    std::string key;   // "temperature", "defect", "energy", "throughput"
    nlohmann::json json;  // kind, terms, metrics, n_train, n_test, warnings, details
};

struct SkippedModel {
    std::string key;
    std::string reason;  // what to map or import so that it can be fitted
};

struct FitAllResult {
    std::vector<ModelSummary> models;
    std::vector<SkippedModel> skipped;
    // Setpoint -> furnace and furnace -> scrap dead times, where the roles allow.
    std::vector<TransportDelay> transport_delays;
    nlohmann::json to_json() const;
};

// time_zone: the dataset's zone (for time-of-day terms). Throws ModelError (exit 4) when
// no model at all can be fitted, with every model's reason.
FitAllResult fit_all_models(const Table& table, const std::string& time_zone);

// Replaces the dataset's stored models by these, in one transaction.
void store_models(Project& project, std::int64_t dataset_id, const FitAllResult& result);

// The dataset's stored models as fitted (key = kind, json = the stored fit JSON), in the
// order they were stored; empty when none. Throws ProjectError when a stored model's JSON
// is damaged, naming the model and what to do.
std::vector<ModelSummary> load_models(Project& project, std::int64_t dataset_id);

}  // namespace twinbench
