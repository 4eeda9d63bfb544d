// What the Models page's worker thread hands back: the engine's fit (one summary per
// furnace model and the process graph's output models), the furnace template's typed
// models the page reads the soft sensor from, and, for the soft-sensor chart, its per-row
// series and the manual checks.
#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QTimeZone>
#include <QVector>

#include "data/project.h"
#include "data/table.h"
#include "models/core_temperature_soft_sensor.h"
#include "models/furnace_output_models.h"
#include "models/model_findings.h"
#include "models/model_fitting.h"
#include "sim/process_graph.h"
#include "sim/twin_fitting.h"

namespace twinbench::ui {

struct ModelsFit {
    // The whole fit as `twinbench-cli fit` makes it (template and outputs), and its furnace
    // template part, which this page shows.
    std::optional<twinbench::TwinFitResult> twin;
    std::optional<twinbench::FitAllResult> result;
    QString error;  // no model at all could be fitted, or the template had none
    // The template's models, typed (the soft sensor, its checks and check-interval curve);
    // none when the template fitted nothing or its models cannot be read together (why).
    std::optional<twinbench::FurnaceOutputModels> furnace;
    QString furnaceError;
    std::optional<twinbench::CoreTemperatureSoftSensor> sensor;
    QString sensorError;
    QVector<double> checkTimes, checkValues;
    QString checkName;
    QTimeZone zone;
    // What each output model of the process graph found (twin->twin.models' order).
    std::vector<std::vector<twinbench::ModelFinding>> outputFindings;
};

// Fits every model of the dataset as `twinbench-cli fit` does, on the worker thread, into
// `fit` (zone set by the caller): errors end up in its messages, never thrown.
void fitModels(ModelsFit& fit, const twinbench::Table& table, const twinbench::DatasetInfo& dataset,
               const std::optional<twinbench::ProcessGraph>& graph);

}  // namespace twinbench::ui
