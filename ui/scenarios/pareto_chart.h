// The furnace optimiser's Pareto front on the Scenarios page: the front in sweep order
// (objective against a KPI, the line following the front) and the optimum as a star.
// Clicking near a point (within a few pixels; the optimum first) says which one, so the
// page can apply its settings on the What-if page.
#pragma once

#include <QPoint>
#include <QString>
#include <QVector>

#include <qcustomplot.h>

namespace twinbench::ui {

class ParetoChart : public QCustomPlot {
    Q_OBJECT

  public:
    explicit ParetoChart(QWidget* parent = nullptr);

    // front: (KPI, objective) per point in sweep order; the optimum's (KPI, objective).
    void setFront(const QVector<double>& kpi, const QVector<double>& objective, QPointF optimum,
                  const QString& kpiLabel);
    void clearFront();
    // Pixel of point i of the sweep (-1: the optimum); a null point when there is none.
    QPoint pointPixel(int index) const;

  signals:
    // A left click near point i of the sweep (-1: the optimum).
    void pointClicked(int index);

  protected:
    void mousePressEvent(QMouseEvent* event) override;

  private:
    QCPGraph* front_;
    QCPGraph* optimum_;
    // QCPGraph keeps its points sorted by key: the front's point at each sorted position
    // (an index into the sweep the page holds).
    QVector<int> sweepIndex_;
};

}  // namespace twinbench::ui
