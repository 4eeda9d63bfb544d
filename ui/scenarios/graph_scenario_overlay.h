// The Scenarios page's overlay for any process: one panel per modelled output, the
// baseline ("if nothing changes", grey, dashed) and each compared scenario in its own
// colour, and for every row whose Monte Carlo is in, its P10-P90 band step by step as a
// shaded channel in the row's colour under the lines. Hours from the horizon's start on a
// time axis, the row of the horizon for per-item data.
#pragma once

#include <string>
#include <vector>

#include <QColor>
#include <QString>

#include <qcustomplot.h>

#include "models/signal_frame.h"
#include "sim/graph_monte_carlo.h"

namespace twinbench::ui {

class GraphScenarioOverlay : public QCustomPlot {
    Q_OBJECT

  public:
    struct Row {
        QString name;
        const twinbench::SignalFrame* frame = nullptr;            // simulated outputs
        const twinbench::GraphMonteCarloResult* band = nullptr;  // nullptr: not run yet
    };

    explicit GraphScenarioOverlay(QWidget* parent = nullptr);

    // The colour of row r (0: the baseline's grey).
    static QColor rowColour(int row);
    // Row 0 is the baseline; outputs: the panels, in order; units beside their names.
    void setRows(const std::vector<Row>& rows, const std::vector<std::string>& outputs,
                 const std::vector<QString>& units);
    // The rows' names in their colours and what the shading means (rich text).
    QString legendText() const { return legend_; }

    int panelCount() const { return static_cast<int>(panels_.size()); }
    const std::string& panelOutput(int panel) const { return panels_[static_cast<std::size_t>(panel)].output; }
    QCPAxisRect* panelRect(int panel) const { return panels_[static_cast<std::size_t>(panel)].rect; }
    QCPGraph* rowGraph(int panel, int row) const;
    // P10 (upper = false) or P90 graph of row r in a panel; nullptr when the row has no band.
    QCPGraph* bandGraph(int panel, int row, bool upper) const;
    int bandCount() const;

  private:
    struct Panel {
        std::string output;
        QCPAxisRect* rect = nullptr;
        std::vector<QCPGraph*> rows;
        std::vector<std::pair<QCPGraph*, QCPGraph*>> bands;  // per row; nullptrs when none
    };
    std::vector<Panel> panels_;
    QString legend_;
};

}  // namespace twinbench::ui
