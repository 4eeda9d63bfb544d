// What the Models page's worker thread hands back: the engine's summaries (one JSON per
// model) and, for the soft-sensor chart, its per-row series and the manual checks.
#pragma once

#include <optional>

#include <QString>
#include <QTimeZone>
#include <QVector>

#include "models/core_temperature_soft_sensor.h"
#include "models/model_fitting.h"

namespace twinbench::ui {

struct ModelsFit {
    std::optional<twinbench::FitAllResult> result;
    QString error;  // fit_all_models threw: no model at all could be fitted
    std::optional<twinbench::CoreTemperatureSoftSensor> sensor;
    QString sensorError;
    QVector<double> checkTimes, checkValues;
    QString checkName;
    QTimeZone zone;
};

}  // namespace twinbench::ui
