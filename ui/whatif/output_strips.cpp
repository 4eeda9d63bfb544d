#include "ui/whatif/output_strips.h"

#include <QCoreApplication>
#include <QFont>

#include "models/signal_frame.h"
#include <qcustomplot.h>
#include "ui/whatif/graph_profiler.h"

namespace twinbench::ui {

QVector<double> horizonKeys(const twinbench::SignalFrame& frame) {
    QVector<double> keys;
    keys.reserve(static_cast<qsizetype>(frame.steps()));
    for (std::size_t k = 0; k < frame.steps(); ++k)
        keys.push_back(frame.has_time() ? (frame.time_s[k] - frame.time_s.front()) / 3600.0 : static_cast<double>(k));
    return keys;
}

QCPAxisRect* addOutputStrip(QCustomPlot* plot, QCPMarginGroup* margins, int row, bool bottom, bool hasTime,
                            const QString& title, const QFont& small) {
    auto* rect = new QCPAxisRect(plot);
    rect->setupFullAxesBox(false);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    plot->plotLayout()->addElement(row, 0, rect);
    auto* x = rect->axis(QCPAxis::atBottom);
    auto* y = rect->axis(QCPAxis::atLeft);
    x->setTickLabels(bottom);
    x->setTickLabelFont(small);
    y->setTickLabelFont(small);
    y->setLabelFont(small);
    y->ticker()->setTickCount(3);
    if (bottom)
        x->setLabel(hasTime ? QCoreApplication::translate("OutputStrips", "hours from the start of the horizon")
                            : QCoreApplication::translate("OutputStrips", "row of the horizon"));
    addCellTitle(plot, rect, title, small);
    return rect;
}

}  // namespace twinbench::ui
