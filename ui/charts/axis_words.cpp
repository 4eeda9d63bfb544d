#include "ui/charts/axis_words.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <QFontMetricsF>
#include <qcustomplot.h>

namespace twinbench::ui {
namespace {

const char* const full_label = "twinbenchFullLabel";
const char* const full_ticks = "twinbenchFullTickCount";

// One pass over the plot's axes; true when something changed and the plot must be laid
// out again.
bool fitAxes(QCustomPlot* plot) {
    bool changed = false;
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            if (!axis->visible()) continue;
            const bool horizontal = axis->orientation() == Qt::Horizontal;
            const double length = horizontal ? rect->width() : rect->height();
            if (length <= 0) continue;
            // The texts as the code set them, kept beside what is shown.
            if (!axis->property(full_label).isValid()) axis->setProperty(full_label, axis->label());
            if (!axis->property(full_ticks).isValid()) axis->setProperty(full_ticks, axis->ticker()->tickCount());
            const QString label = axis->property(full_label).toString();
            if (!label.isEmpty()) {
                const QString shown =
                    QFontMetricsF(axis->labelFont()).elidedText(label, Qt::ElideRight, std::max(0.0, length - 4.0));
                if (shown != axis->label()) {
                    axis->setLabel(shown);
                    changed = true;
                }
            }
            if (!axis->tickLabels()) continue;
            const QFontMetricsF fm(axis->tickLabelFont());
            double widest = 0.0, tallest = 0.0;
            for (const QString& text : axis->tickVectorLabels()) {
                const QSizeF size = fm.boundingRect(QRectF(), Qt::AlignCenter, text).size();
                widest = std::max(widest, size.width());
                tallest = std::max(tallest, size.height());
            }
            if (widest <= 0.0) continue;
            // Each tick label with a gap of half its own size to the next.
            const double per_tick = horizontal ? 1.5 * widest : 1.3 * tallest;
            const int most = axis->property(full_ticks).toInt();
            const int fits = std::clamp(static_cast<int>(std::floor(length / per_tick)), 1, std::max(1, most));
            if (fits < axis->ticker()->tickCount()) {
                axis->ticker()->setTickCount(fits);
                changed = true;
            }
            // A bottom axis' last label reaches half its width past the cell's right end.
            if (axis->axisType() == QCPAxis::atBottom) {
                const int room = static_cast<int>(std::ceil(widest / 2.0)) + 2;
                QMargins m = rect->minimumMargins();
                if (m.right() < room) {
                    m.setRight(room);
                    rect->setMinimumMargins(m);
                    changed = true;
                }
            }
        }
    }
    return changed;
}

void restore(QCustomPlot* plot) {
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) {
            if (axis->property(full_label).isValid()) axis->setLabel(axis->property(full_label).toString());
            if (axis->property(full_ticks).isValid()) axis->ticker()->setTickCount(axis->property(full_ticks).toInt());
        }
}

}  // namespace

void keepAxisWordsApart(QCustomPlot* plot) {
    // Laid out anew for each size; within one size only ever fewer ticks and shorter
    // labels, so the passes end (at most a few replots after a resize).
    auto size = std::make_shared<QSize>();
    auto passes = std::make_shared<int>(0);
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot, size, passes] {
        if (plot->size() != *size) {
            *size = plot->size();
            *passes = 0;
            restore(plot);
            plot->replot(QCustomPlot::rpQueuedReplot);
            return;
        }
        if (*passes >= 4) return;
        if (fitAxes(plot)) {
            ++*passes;
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });
}

}  // namespace twinbench::ui
