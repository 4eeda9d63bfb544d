// The charts of the Models page, built from a fit: the core-temperature soft sensor
// (estimate, 95 % band, manual checks) and each model's hold-out diagnostics from its fit
// JSON: predicted vs actual with the 1:1 line, residuals over time, and for the defect
// model the calibration (observed scrap rate per bin of predicted probability). Every
// chart follows the palette and exports from its context menu.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include <QTimeZone>

class QCustomPlot;
class QWidget;

namespace twinbench::ui {

struct ModelsFit;

QCustomPlot* buildSoftSensorPlot(const ModelsFit& fit, QWidget* parent);

// A row of diagnostics charts for the model `key`: objects named
// "predictedVsActual_<key>", "residuals_<key>" and (defect) "calibration_defect", or a
// label "diagnosticsMissing_<key>" saying what is not available.
QWidget* buildDiagnostics(const std::string& key, const nlohmann::json& model,
                          const QTimeZone& zone, QWidget* parent);

}  // namespace twinbench::ui
