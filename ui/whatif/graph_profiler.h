// The profiler of any process (JMP style): one cell per output/KPI (rows) and control
// (columns), each the figure along that control with the others as set, and a marker at
// the current value. Clicking or dragging in a cell moves that control, and every tile and
// chart with it (a drag is one undo step).
#pragma once

#include <vector>

#include <qcustomplot.h>

namespace twinbench::ui {

class GraphWhatIfState;

// A title in the top left corner of an axis rect (a profiler row, a time-chart panel).
void addCellTitle(QCustomPlot* plot, QCPAxisRect* rect, const QString& text, const QFont& font);

class GraphProfiler : public QCustomPlot {
    Q_OBJECT

  public:
    explicit GraphProfiler(GraphWhatIfState& state, QWidget* parent = nullptr);

    int rowCount() const { return rows_; }
    int columnCount() const { return columns_; }
    QCPAxisRect* cell(int row, int column) const { return at(row, column).rect; }
    QCPGraph* traceGraph(int row, int column) const { return at(row, column).trace; }
    // The marker's (x, y): the control's value and the figure there.
    QPointF markerPosition(int row, int column) const;
    QPoint pixelOf(int row, int column, double x, double y) const;

    void refresh();

  protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

  private:
    void rebuild();
    void moveControlTo(const QPoint& pos, bool dragging);
    struct Cell {
        QCPAxisRect* rect = nullptr;
        QCPGraph* trace = nullptr;
        QCPGraph* marker = nullptr;
        QCPItemStraightLine* line = nullptr;
    };
    const Cell& at(int row, int column) const {
        return cells_[static_cast<std::size_t>(row) * static_cast<std::size_t>(columns_) +
                      static_cast<std::size_t>(column)];
    }

    GraphWhatIfState& state_;
    int rows_ = 0, columns_ = 0;
    std::vector<Cell> cells_;
    int dragColumn_ = -1;
    int drawnRevision_ = -1;
    bool drawnDragging_ = false;
    QCPLayer* cellsLayer_ = nullptr;
};

}  // namespace twinbench::ui
