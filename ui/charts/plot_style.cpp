#include "ui/charts/plot_style.h"

#include <array>
#include <cmath>

#include <QDateTime>
#include <QEvent>

#include <qcustomplot.h>

namespace twinbench::ui {
namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

QColor seriesColour(int index) {
    // Tableau 10: distinguishable, colour-blind friendlier than Qt's defaults, and legible
    // on white and on dark grey.
    static const std::array<QColor, 10> colours = {
        QColor(0x4e, 0x79, 0xa7), QColor(0xe1, 0x57, 0x59), QColor(0xf2, 0x8e, 0x2b),
        QColor(0x59, 0xa1, 0x4f), QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48),
        QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7), QColor(0x9c, 0x75, 0x5f),
        QColor(0xba, 0xb0, 0xac)};
    return colours[static_cast<std::size_t>(index) % colours.size()];
}

QColor gridColour(const QPalette& palette, double strength) {
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), strength);
}

void styleAxis(QCPAxis* axis, const QPalette& palette, const QFont& font) {
    const QColor text = palette.color(QPalette::Text);
    const QColor line = mix(palette.color(QPalette::Base), text, 0.45);
    axis->setBasePen(QPen(line, 1));
    axis->setTickPen(QPen(line, 1));
    axis->setSubTickPen(QPen(line, 1));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->setTickLabelFont(font);
    axis->setLabelFont(font);
    axis->grid()->setPen(QPen(gridColour(palette), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void styleAxisRect(QCPAxisRect* rect, const QPalette& palette, const QFont& font) {
    rect->setBackground(palette.brush(QPalette::Base));
    for (auto* axis : rect->axes()) styleAxis(axis, palette, font);
}

namespace {

void applyPlotPalette(QCustomPlot* plot) {
    const QPalette p = plot->palette();
    plot->setBackground(p.brush(QPalette::Window));
    for (auto* rect : plot->axisRects()) styleAxisRect(rect, p, plot->font());
    if (plot->legend) {
        plot->legend->setBrush(p.brush(QPalette::Base));
        plot->legend->setTextColor(p.color(QPalette::Text));
        plot->legend->setBorderPen(QPen(gridColour(p, 0.45)));
        plot->legend->setFont(plot->font());
    }
}

class PaletteFollower : public QObject {
  public:
    explicit PaletteFollower(QCustomPlot* plot) : QObject(plot), plot_(plot) {
        setObjectName(QStringLiteral("paletteFollower"));
        plot->installEventFilter(this);
    }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == plot_ &&
            (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)) {
            applyPlotPalette(plot_);
            plot_->replot();
        }
        return false;
    }

  private:
    QCustomPlot* plot_;
};

}  // namespace

void followPalette(QCustomPlot* plot) {
    applyPlotPalette(plot);
    if (!plot->findChild<PaletteFollower*>(QStringLiteral("paletteFollower"),
                                           Qt::FindDirectChildrenOnly))
        new PaletteFollower(plot);
}

void useTimeAxis(QCPAxis* axis, const QTimeZone& zone, double firstUtc) {
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setTimeZone(zone);
    ticker->setTickCount(8);
    // Tick steps count from the origin; from the epoch a Berlin chart would mark 01:00.
    if (std::isfinite(firstUtc)) {
        const QDate day = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(firstUtc), zone).date();
        ticker->setTickOrigin(QDateTime(day, QTime(0, 0), zone));
    }
    axis->setTicker(ticker);
    const auto updateFormat = [ticker](const QCPRange& range) {
        if (range.size() > 20 * 86400.0)
            ticker->setDateTimeFormat(QStringLiteral("d MMM"));
        else if (range.size() > 2 * 86400.0)
            ticker->setDateTimeFormat(QStringLiteral("d MMM\nHH:mm"));
        else
            ticker->setDateTimeFormat(QStringLiteral("HH:mm\nd MMM"));
    };
    QObject::connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), axis, updateFormat);
}

ColourMapParts addViridisColourMap(QCustomPlot* plot) {
    auto* rect = plot->axisRect();
    ColourMapParts parts;
    parts.map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    parts.scale = new QCPColorScale(plot);
    plot->plotLayout()->addElement(0, 1, parts.scale);
    parts.scale->setBarWidth(10);
    parts.map->setColorScale(parts.scale);
    QCPColorGradient gradient;
    gradient.setColorStopAt(0.0, QColor(0x44, 0x01, 0x54));
    gradient.setColorStopAt(0.25, QColor(0x3b, 0x52, 0x8b));
    gradient.setColorStopAt(0.5, QColor(0x21, 0x91, 0x8c));
    gradient.setColorStopAt(0.75, QColor(0x5e, 0xc9, 0x62));
    gradient.setColorStopAt(1.0, QColor(0xfd, 0xe7, 0x25));
    gradient.setLevelCount(256);  // smooth: labelled contour lines mark the levels
    parts.map->setGradient(gradient);
    parts.map->setInterpolate(true);
    auto* group = new QCPMarginGroup(plot);
    rect->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    parts.scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    return parts;
}

}  // namespace twinbench::ui
