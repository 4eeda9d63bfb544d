// A stack of output panels over one horizon, one strip per output sharing the x axis: the
// What-if page's time chart and the Scenarios page's overlay of any process draw them alike.
#pragma once

#include <QString>
#include <QVector>

class QCPAxisRect;
class QCPMarginGroup;
class QCustomPlot;
class QFont;

namespace twinbench {
struct SignalFrame;
}

namespace twinbench::ui {

// The x keys of a horizon's steps: hours from its start, or the row number without a time axis.
QVector<double> horizonKeys(const twinbench::SignalFrame& frame);

// Row `row` of the stack: an axis rect dragged and zoomed along x only, its left and right
// margins aligned with the others', three y ticks, the x tick labels and axis label on the
// bottom strip only, and the strip's title in its top left corner.
QCPAxisRect* addOutputStrip(QCustomPlot* plot, QCPMarginGroup* margins, int row, bool bottom, bool hasTime,
                            const QString& title, const QFont& small);

}  // namespace twinbench::ui
