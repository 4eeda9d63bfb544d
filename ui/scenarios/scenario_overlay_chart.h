// The Scenarios page's overlay: furnace temperature and hourly scrap rate of the baseline
// and of every compared scenario on shared strips (baseline grey and dashed, each
// scenario in its own colour), and, for the rows whose Monte Carlo has been run, the
// P10-P90 band of each series as a shaded channel in the row's colour. Built on the
// time-series plot, so the A/B cursors, zooming and export work as everywhere.
#pragma once

#include <vector>

#include <QColor>
#include <QString>

#include "sim/monte_carlo.h"
#include "sim/simulation_inputs.h"
#include "sim/simulator.h"
#include "ui/charts/time_series_plot.h"

namespace twinbench::ui {

class ScenarioOverlayChart : public TimeSeriesPlot {
    Q_OBJECT

  public:
    enum Strip { furnace_strip, scrap_strip, strip_count };

    struct Row {
        QString name;
        const twinbench::SimulationInputs* inputs = nullptr;
        const twinbench::SimulationResult* result = nullptr;  // with series
        const twinbench::MonteCarloResult* band = nullptr;    // with bands; nullptr: not run
    };

    explicit ScenarioOverlayChart(QWidget* parent = nullptr);

    // The colour of row r (0: the baseline's grey).
    static QColor rowColour(int row);
    // The rows' names in their colours, and what the shading means (rich text).
    QString legendText() const { return legend_; }

    // Row 0 is the baseline.
    void setRows(const std::vector<Row>& rows);
    // The curve of row r in a strip (row 0: the strip's own graph).
    QCPGraph* rowGraph(int strip, int row) const;
    int rowCount() const { return rows_; }
    // Band graphs drawn (P10 and P90 per strip for each row with Monte Carlo).
    int bandGraphCount() const { return 2 * static_cast<int>(bands_.size()); }
    // P10 and P90 graphs of row r in a strip, nullptr when the row has no band.
    QCPGraph* bandGraph(int strip, int row, bool upper) const;

  private:
    struct Band {
        int strip, row;
        QCPGraph* lower;
        QCPGraph* upper;
    };
    std::vector<std::vector<QCPGraph*>> graphs_;  // [strip][row]
    std::vector<Band> bands_;
    int rows_ = 0;
    QString legend_;
};

}  // namespace twinbench::ui
