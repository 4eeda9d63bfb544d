// The Explain page's time axis: the chosen output over time, the excursion's rows shaded
// behind it and, once a cause is picked, the stretches where that cause ran inside the
// excursion shaded on top. Dragging across the chart picks a time window.
#pragma once

#include <cstdint>
#include <vector>

#include <QTimeZone>
#include <QWidget>

#include "explain/dataset_explain.h"
#include "explain/explainer.h"

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QMouseEvent;

namespace twinbench {
struct Table;
}

namespace twinbench::ui {

class ExcursionChart : public QWidget {
    Q_OBJECT

  public:
    explicit ExcursionChart(QWidget* parent = nullptr);

    // The output to draw (values of `column` of `table`); an empty column clears the chart.
    void showOutput(const twinbench::Table& table, const QString& column, const QTimeZone& zone);
    // Rows of the excursion (1 = in it), one per table row, as the engine chose them (a
    // window's, a condition's, the rows above a model band); each run of rows is shaded to
    // the next row's time. Empty or of another length: nothing is shaded.
    void showExcursion(const std::vector<std::uint8_t>& rows);
    void showCauseWindows(const std::vector<twinbench::CauseWindow>& windows);
    void clearCause();
    // The end of the interval the row at lastRowUtc stands for: the next row's time.
    double rowEnd(double lastRowUtc) const;

    QCustomPlot* plot() const { return plot_; }
    QCPGraph* outputGraph() const { return output_; }
    QCPGraph* excursionGraph() const { return excursion_; }
    QCPGraph* causeGraph() const { return cause_; }

  signals:
    // A window dragged across the chart, UTC seconds.
    void windowDragged(double startUtc, double endUtc);

  private:
    void press(QMouseEvent* event);
    void move(QMouseEvent* event);
    void release(QMouseEvent* event);

    QCustomPlot* plot_;
    QCPGraph* output_;
    QCPGraph* excursion_;
    QCPGraph* cause_;
    QCPItemRect* drag_;
    std::vector<double> time_;  // of the table shown, for the excursion's rows
    double dragStart_ = 0.0;
    bool dragging_ = false;
};

}  // namespace twinbench::ui
