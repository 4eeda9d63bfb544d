// The furnace temperature tab's lower part on the Models page: the core-temperature soft
// sensor, read through its typed model (models/furnace_output_models.h), never from the
// fit JSON: what it is and the manual checks it used, the chart of its estimate, band and
// checks, how far apart the checks can be (the check-interval table, or why it was not
// computed), its terms and warnings; or why there is no soft sensor.
#pragma once

class QCustomPlot;
class QTableWidget;
class QWidget;

namespace twinbench::ui {

struct ModelsFit;

struct SoftSensorPanel {
    QWidget* widget = nullptr;          // null: nothing to say (the fit has no soft sensor at all)
    QCustomPlot* plot = nullptr;        // the estimate chart, when the sensor could be charted
    QTableWidget* intervals = nullptr;  // the check-interval table, when there is a soft sensor
};

SoftSensorPanel buildSoftSensorPanel(const ModelsFit& fit, QWidget* parent);

}  // namespace twinbench::ui
