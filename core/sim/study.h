// A simulation study of one dataset: its data, the twin rebuilt from the models stored
// in the project (fitted on the fly when none are stored yet), and the tariff. Both the
// CLI (`simulate`, `optimize`) and the workbench's what-if page open one of these.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "data/project.h"
#include "data/table.h"
#include "models/tariff.h"
#include "sim/plant_twin.h"

namespace twinbench {

struct Study {
    DatasetInfo dataset;
    Table table;
    PlantTwin twin;
    TimeOfUseTariff tariff;
    nlohmann::json models;           // the fit JSON `models` object the twin came from
    bool models_fitted_now = false;  // no stored models: fitted for this study, not stored
};

// Throws UsageError for an unknown dataset, ModelError when the models the simulation
// needs cannot be fitted (naming what to map).
Study open_study(const Project& project, const std::string& dataset_name);

// Builds the twin from a `models` JSON object plus what the data says about maintenance.
PlantTwin build_twin(const nlohmann::json& models, const Table& table,
                     const std::string& time_zone);

// The models stored by `fit` for a dataset as one `models` object ({} when none).
nlohmann::json stored_models(const Project& project, std::int64_t dataset_id);

// The dataset's tariff (project_meta key "tariff:<dataset id>"), or the default
// time-of-use tariff in the dataset's zone.
TimeOfUseTariff stored_tariff(const Project& project, const DatasetInfo& dataset);
void store_tariff(Project& project, const DatasetInfo& dataset, const TimeOfUseTariff& tariff);

}  // namespace twinbench
