#include "drawn_text.h"

#include <algorithm>

#include <QFontMetricsF>
#include <qcustomplot.h>

namespace twinbench::ui::test {
namespace {

QSizeF textSize(const QFont& font, const QString& text) {
    const QFontMetricsF fm(font);
    return fm.boundingRect(QRectF(), Qt::AlignCenter, text).size();
}

void axisTexts(QCPAxis* axis, std::vector<DrawnText>& out) {
    if (!axis->visible()) return;
    QCPAxisRect* rect = axis->axisRect();
    const QRect r = rect->rect();
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const double offset = axis->offset() + std::max(0, axis->tickLengthOut()) + axis->tickLabelPadding();
    double extent = 0.0;  // how far the tick labels reach from the axis
    if (axis->tickLabels()) {
        const auto ticks = axis->tickVector();
        const auto labels = axis->tickVectorLabels();
        for (int i = 0; i < ticks.size() && i < labels.size(); ++i) {
            if (!axis->range().contains(ticks[i]) || labels[i].isEmpty()) continue;
            const QSizeF size = textSize(axis->tickLabelFont(), labels[i]);
            const double at = axis->coordToPixel(ticks[i]);
            QRectF box;
            switch (axis->axisType()) {
                case QCPAxis::atBottom: box = QRectF(at - size.width() / 2, r.bottom() + offset, size.width(), size.height()); break;
                case QCPAxis::atTop: box = QRectF(at - size.width() / 2, r.top() - offset - size.height(), size.width(), size.height()); break;
                case QCPAxis::atLeft: box = QRectF(r.left() - offset - size.width(), at - size.height() / 2, size.width(), size.height()); break;
                case QCPAxis::atRight: box = QRectF(r.right() + offset, at - size.height() / 2, size.width(), size.height()); break;
            }
            extent = std::max(extent, horizontal ? size.height() : size.width());
            out.push_back({labels[i], box, QStringLiteral("tick label")});
        }
    }
    if (axis->label().isEmpty()) return;
    const QSizeF size = textSize(axis->labelFont(), axis->label());
    const double from = offset + extent + axis->labelPadding();
    QRectF box;
    switch (axis->axisType()) {
        case QCPAxis::atBottom: box = QRectF(r.center().x() - size.width() / 2, r.bottom() + from, size.width(), size.height()); break;
        case QCPAxis::atTop: box = QRectF(r.center().x() - size.width() / 2, r.top() - from - size.height(), size.width(), size.height()); break;
        // Vertical axes write their label turned by 90 degrees.
        case QCPAxis::atLeft: box = QRectF(r.left() - from - size.height(), r.center().y() - size.width() / 2, size.height(), size.width()); break;
        case QCPAxis::atRight: box = QRectF(r.right() + from, r.center().y() - size.width() / 2, size.height(), size.width()); break;
    }
    out.push_back({axis->label(), box, QStringLiteral("axis label")});
}

}  // namespace

std::vector<DrawnText> drawnTexts(QCustomPlot* plot) {
    std::vector<DrawnText> out;
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) axisTexts(axis, out);
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto* text = qobject_cast<QCPItemText*>(plot->item(i));
        if (!text || !text->visible() || text->text().isEmpty()) continue;
        const QPointF a = text->topLeft->pixelPosition(), b = text->bottomRight->pixelPosition();
        out.push_back({text->text(), QRectF(a, b).normalized(), QStringLiteral("text item")});
    }
    return out;
}

QString crowdedText(const std::vector<DrawnText>& texts, const QRectF& bounds, double slack) {
    const auto shrunk = [slack](const QRectF& r) { return r.adjusted(slack, slack, -slack, -slack); };
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const QRectF a = shrunk(texts[i].rect);
        if (!bounds.contains(a))
            return QStringLiteral("%1 '%2' at (%3,%4 %5x%6) is not inside the %7x%8 widget")
                .arg(texts[i].where, texts[i].text)
                .arg(texts[i].rect.x()).arg(texts[i].rect.y()).arg(texts[i].rect.width()).arg(texts[i].rect.height())
                .arg(bounds.width()).arg(bounds.height());
        for (std::size_t j = i + 1; j < texts.size(); ++j)
            if (a.intersects(shrunk(texts[j].rect)))
                return QStringLiteral("%1 '%2' (%3,%4 %5x%6) overlaps %7 '%8' (%9,%10)")
                    .arg(texts[i].where, texts[i].text)
                    .arg(texts[i].rect.x()).arg(texts[i].rect.y()).arg(texts[i].rect.width()).arg(texts[i].rect.height())
                    .arg(texts[j].where, texts[j].text)
                    .arg(texts[j].rect.x()).arg(texts[j].rect.y());
    }
    return {};
}

}  // namespace twinbench::ui::test
