// The furnace template's scrap as its twin predicts it on the recorded rows: the process
// defect model stored by `fit` (a binomial GLM on the part core temperature, humidity,
// wear, speed and grade, core/models/defect_model.h) evaluated row by row on the measured
// inputs, with the core temperature from the soft sensor on the recorded furnace
// temperature and manual checks, exactly as the fit saw it (and shifted by the stored
// transport delay). Upstream outputs as measured, like the per-row prediction of any
// other output (explain, core/explain/dataset_explain.h): what the process settings and
// disturbances alone would have made of scrap.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/table.h"

namespace twinbench {

struct FurnaceScrapRows {
    std::vector<double> expected_scrap;  // per table row: produced x p, NaN where an input is missing
    std::vector<double> probability;     // per table row
    std::vector<std::string> inputs;     // the columns the prediction reads (the soft sensor's included)
};

// `defect_model`: the `defect` object of the stored models (the fit JSON). Throws ModelError
// when it is the model without manual checks (its direct form is fitted on a cleaned grid,
// not replayed per row here) or does not match the table (a column it reads is missing).
FurnaceScrapRows furnace_scrap_rows(const Table& table, const nlohmann::json& defect_model);

}  // namespace twinbench
