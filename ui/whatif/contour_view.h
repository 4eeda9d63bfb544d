// Two-factor view: a KPI over line speed x furnace setpoint (the other controls as set),
// as a colour map with labelled contour lines at round levels (marching squares over the
// grid), the region that breaks a constraint washed out, the data's operating envelope
// outlined, and the current point, which can be dragged.
#pragma once

#include <optional>
#include <vector>

#include <QLineF>
#include <QWidget>

#include "opt/optimizer.h"
#include "ui/app/what_if_state.h"

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QLabel;
class QLineEdit;
class QCPCurve;
class QCPItemRect;
class QCPItemText;

namespace twinbench::ui {

class ContourView : public QWidget {
    Q_OBJECT

  public:
    explicit ContourView(WhatIfState& state, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }
    QComboBox* kpiBox() const { return kpi_; }
    QLineEdit* constraintEdit() const { return constraint_; }
    QLabel* constraintNote() const { return constraintNote_; }
    QCPColorMap* colourMap() const { return map_; }
    // The shown KPI (index into kpi_keys).
    int kpi() const;
    // Share of the map's cells that break the constraint.
    double breachShare() const { return breachShare_; }
    QPointF currentPoint() const;
    QCPCurve* constraintEdge() const { return boundary_; }
    // The contour lines drawn: their levels (in the map's unit, % for rates) and, per
    // level, the line pieces in (speed, setpoint) coordinates.
    const std::vector<double>& contourLevels() const { return levels_; }
    const std::vector<QLineF>& contourLines(int level) const {
        return lines_[static_cast<std::size_t>(level)];
    }
    // The grid the lines were traced on (row-major: setpoint rows, speed columns).
    const std::vector<double>& mapValues() const { return values_; }

    void refresh();
    // An empty map: no study, or another dataset's is being prepared.
    void clear();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void refreshMap();
    void refreshPoint();
    void readConstraint();
    void refreshContours();
    void styleLegend();

    WhatIfState& state_;
    QComboBox* kpi_;
    QLineEdit* constraint_;
    QLabel* constraintNote_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
    std::vector<QCPItemRect*> washes_;  // over the cells that break the constraint
    QCPColorScale* scale_;
    QCPGraph* point_;
    QCPCurve* envelope_;
    QCPCurve* boundary_;  // where the constraint's KPI equals its limit
    std::vector<double> values_;
    std::vector<double> levels_;
    std::vector<std::vector<QLineF>> lines_;
    std::vector<QCPCurve*> curves_;
    std::vector<QCPItemText*> labels_;
    std::optional<twinbench::KpiConstraint> parsed_;
    double breachShare_ = 0.0;
    bool dragging_ = false;
    bool replotted_ = false;  // a full replot was asked for since the map was built
    int mapRevision_ = -1;
    QString mapKey_;
};

}  // namespace twinbench::ui
