// JMP-style linked profiler: one cell per KPI (rows) and control (columns), each the
// KPI along that control with the others held where they are set, and a marker at the
// current value. Clicking or dragging in a cell moves that control, and so every other
// cell, tile and chart with it (a drag is one undo step).
#pragma once

#include <vector>

#include <qcustomplot.h>

#include "ui/app/what_if_state.h"

namespace twinbench::ui {

class ProfilerGrid : public QCustomPlot {
    Q_OBJECT

  public:
    explicit ProfilerGrid(WhatIfState& state, QWidget* parent = nullptr);

    int rowCount() const { return static_cast<int>(kpis_.size()); }
    int columnCount() const { return static_cast<int>(controls_.size()); }
    QCPAxisRect* cell(int row, int column) const;
    QCPGraph* traceGraph(int row, int column) const;
    // The marker's (x, y): the current control value and the KPI there.
    QPointF markerPosition(int row, int column) const;
    WhatIfControl columnControl(int column) const {
        return controls_[static_cast<std::size_t>(column)];
    }
    int rowKpi(int row) const { return kpis_[static_cast<std::size_t>(row)]; }
    // Pixel of a control value in a cell (for tests: where to click).
    QPoint pixelOf(int row, int column, double x, double y) const;

    void refresh();
    // Empty cells: no study, or another dataset's is being prepared.
    void clear();

  protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

  private:
    void build();
    void moveControlTo(const QPoint& pos, bool dragging);
    struct Cell {
        QCPAxisRect* rect = nullptr;
        QCPGraph* trace = nullptr;
        QCPGraph* marker = nullptr;
        QCPItemStraightLine* line = nullptr;
    };
    Cell& at(int row, int column) {
        return cells_[static_cast<std::size_t>(row * columnCount() + column)];
    }
    const Cell& at(int row, int column) const {
        return cells_[static_cast<std::size_t>(row * columnCount() + column)];
    }

    WhatIfState& state_;
    std::vector<int> kpis_;
    std::vector<WhatIfControl> controls_;
    std::vector<Cell> cells_;
    int dragColumn_ = -1;
    std::vector<double> drawn_;  // what refresh() last filled the cells with
    bool drawnDragging_ = false;
    bool drawnOnce_ = false;  // a whole replot has drawn the axes
    QCPLayer* cellsLayer_ = nullptr;
};

}  // namespace twinbench::ui
