// What the Models page's worker thread hands back: the engine's summaries (one JSON per
// model) and, for the soft-sensor chart, its per-row series and the manual checks.
#pragma once

#include <optional>

#include <QString>
#include <QTimeZone>
#include <QVector>

#include "models/core_temperature_soft_sensor.h"
#include "models/model_findings.h"
#include "models/model_fitting.h"
#include "sim/twin_fitting.h"

namespace twinbench::ui {

struct ModelsFit {
    // The whole fit as `twinbench-cli fit` makes it (template and outputs), and its furnace
    // template part, which this page shows.
    std::optional<twinbench::TwinFitResult> twin;
    std::optional<twinbench::FitAllResult> result;
    QString error;  // no model at all could be fitted, or the template had none
    std::optional<twinbench::CoreTemperatureSoftSensor> sensor;
    QString sensorError;
    QVector<double> checkTimes, checkValues;
    QString checkName;
    QTimeZone zone;
    // What each output model of the process graph found (twin->twin.models' order).
    std::vector<std::vector<twinbench::ModelFinding>> outputFindings;
};

}  // namespace twinbench::ui
