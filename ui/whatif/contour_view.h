// Two-factor view: a KPI over line speed x furnace setpoint (the other controls as set),
// as a colour map in contour bands, the region that breaks a constraint hatched, the
// data's operating envelope outlined, and the current point, which can be dragged.
#pragma once

#include <optional>
#include <vector>

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

namespace twinbench::ui {

class ContourView : public QWidget {
    Q_OBJECT

  public:
    explicit ContourView(WhatIfState& state, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }
    QComboBox* kpiBox() const { return kpi_; }
    QLineEdit* constraintEdit() const { return constraint_; }
    QCPColorMap* colourMap() const { return map_; }
    QCPColorMap* breachMap() const { return breach_; }
    // The shown KPI (index into kpi_keys).
    int kpi() const;
    // Share of the map's cells that break the constraint.
    double breachShare() const { return breachShare_; }
    QPointF currentPoint() const;

    void refresh();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void refreshMap();
    void refreshPoint();
    void readConstraint();

    WhatIfState& state_;
    QComboBox* kpi_;
    QLineEdit* constraint_;
    QLabel* constraintNote_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorMap* breach_;
    QCPColorScale* scale_;
    QCPGraph* point_;
    QCPCurve* envelope_;
    std::optional<twinbench::KpiConstraint> parsed_;
    double breachShare_ = 0.0;
    bool dragging_ = false;
    int mapRevision_ = -1;
    QString mapKey_;
};

}  // namespace twinbench::ui
