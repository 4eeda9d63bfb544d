// The charts of the Models page, built from a fit: the core-temperature soft sensor
// (estimate, 95 % band, manual checks) and each model's hold-out diagnostics (a typed
// model's report, or a stored fit's card): predicted vs actual with the 1:1 line, residuals over time, and for the defect
// model the calibration (observed scrap rate per bin of predicted probability). Every
// chart follows the palette and exports from its context menu.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/defect_model.h"
#include "models/model_diagnostics.h"

#include <QTimeZone>

class QCustomPlot;
class QWidget;

namespace twinbench::ui {

struct ModelsFit;

QCustomPlot* buildSoftSensorPlot(const ModelsFit& fit, QWidget* parent);

// A row of diagnostics charts for the model `key`: objects named
// "predictedVsActual_<key>", "residuals_<key>" and, where the model is judged by its
// calibration (`calibration` given: the defect model's bins), "calibration_defect"; or a
// label "diagnosticsMissing_<key>" saying what is not available. holdoutRows: the hold-out's
// rows before a stored fit thinned its points (the chart says how many it shows); a long
// hold-out is drawn thinned evenly to 2,000 points.
QWidget* buildDiagnostics(const std::string& key, const twinbench::HoldoutDiagnostics& holdout,
                          std::size_t holdoutRows, const std::vector<twinbench::DefectCalibrationBin>* calibration,
                          const QTimeZone& zone, QWidget* parent);

}  // namespace twinbench::ui
