// The furnace template's scrap as its twin predicts it on the recorded rows: the typed
// scrap model of the fit (FurnaceScrapOutputModel, the process model: a binomial GLM on
// the part core temperature, humidity, wear, speed and grade) evaluated row by row on the
// measured inputs, with the core temperature as the fit read it (the soft sensor's
// estimate on the recorded furnace temperature and manual checks, or a measured column,
// shifted by the stored transport delay). Upstream outputs as measured, like the per-row
// prediction of any other output (explain, core/explain/dataset_explain.h): what the
// process settings and disturbances alone would have made of scrap.
#pragma once

#include <string>
#include <vector>

#include "data/table.h"

namespace twinbench {

class FurnaceScrapOutputModel;  // models/furnace_output_models.h

struct FurnaceScrapRows {
    std::vector<double> expected_scrap;  // per table row: produced x p, NaN where an input is missing
    std::vector<std::string> inputs;     // the columns the prediction reads (the soft sensor's included)
};

// Throws ModelError for the model without manual checks (it reads measured signals only:
// replay it on the history frame like any graph output) and when the table lacks a column
// the model reads (naming it).
FurnaceScrapRows furnace_scrap_rows(const Table& table, const FurnaceScrapOutputModel& scrap);

}  // namespace twinbench
