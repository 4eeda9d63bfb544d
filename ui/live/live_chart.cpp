#include "ui/live/live_chart.h"

#include <algorithm>
#include <cmath>

#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/charts/plot_style.h"

namespace twinbench::ui {
namespace {

QCPAxisRect* addRect(QCustomPlot* plot, int row, QCPMarginGroup* margins) {
    auto* rect = row == 0 ? plot->axisRect() : new QCPAxisRect(plot);
    if (row != 0) {
        rect->setLayer(QStringLiteral("background"));
        plot->plotLayout()->addElement(row, 0, rect);
    }
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    return rect;
}

// The value axis from what is in view of the graphs, NaN skipped, with a little room.
void fitValues(QCPAxis* axis, std::initializer_list<QCPGraph*> graphs) {
    bool found = false;
    QCPRange range;
    for (auto* g : graphs) {
        if (g->data()->isEmpty()) continue;
        bool ok = false;
        const QCPRange r = g->getValueRange(ok);
        if (!ok) continue;
        range =
            found ? QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper)) : r;
        found = true;
    }
    if (!found) return;
    const double pad = std::max(range.size() * 0.08, 1e-9);
    axis->setRange(range.lower - pad, range.upper + pad);
}

// QCustomPlot paints into a buffer of the widget's size: none before the page is shown.
void replotIfShown(QCustomPlot* plot) {
    if (plot->isVisible() && plot->width() > 0 && plot->height() > 0) plot->replot();
}

}  // namespace

LiveChart::LiveChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(220);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    auto* margins = new QCPMarginGroup(plot_);
    signalRect_ = addRect(plot_, 0, margins);
    residualRect_ = addRect(plot_, 1, margins);
    // The residual strip carries the time labels too: about a third of the height.
    plot_->plotLayout()->setRowStretchFactor(0, 2.0);
    plot_->plotLayout()->setRowStretchFactor(1, 1.0);
    signalRect_->axis(QCPAxis::atBottom)->setTickLabels(false);
    // The residual strip follows the signal strip's time range, both ways.
    auto* top = signalRect_->axis(QCPAxis::atBottom);
    auto* bottom = residualRect_->axis(QCPAxis::atBottom);
    connect(top, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), bottom,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    connect(bottom, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), top,
            qOverload<const QCPRange&>(&QCPAxis::setRange));

    const QColor prediction = seriesColour(1);
    QColor fill = prediction;
    fill.setAlpha(70);
    auto* t = signalRect_->axis(QCPAxis::atBottom);
    auto* v = signalRect_->axis(QCPAxis::atLeft);
    lower_ = plot_->addGraph(t, v);
    lower_->setPen(Qt::NoPen);
    lower_->setName(tr("band (lower)"));
    upper_ = plot_->addGraph(t, v);
    upper_->setPen(Qt::NoPen);
    upper_->setBrush(fill);
    upper_->setChannelFillGraph(lower_);
    upper_->setName(tr("Band"));
    expected_ = plot_->addGraph(t, v);
    expected_->setPen(QPen(prediction, 1.6));
    expected_->setName(tr("Twin's prediction"));
    measured_ = plot_->addGraph(t, v);
    measured_->setLineStyle(QCPGraph::lsNone);
    measured_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColour(0), 4));
    measured_->setName(tr("Recorded"));
    forecast_ = plot_->addGraph(t, v);
    forecast_->setPen(QPen(prediction, 1.6, Qt::DashLine));
    forecast_->setName(tr("Nothing changes"));
    limit_ = new QCPItemStraightLine(plot_);
    limit_->setClipAxisRect(signalRect_);
    limit_->point1->setAxes(t, v);
    limit_->point2->setAxes(t, v);
    limit_->setPen(QPen(QColor(200, 40, 40), 1.2, Qt::DotLine));
    limit_->setVisible(false);

    auto* rt = residualRect_->axis(QCPAxis::atBottom);
    auto* rv = residualRect_->axis(QCPAxis::atLeft);
    rv->setLabel(tr("residual"));
    rv->ticker()->setTickCount(3);
    residualLower_ = plot_->addGraph(rt, rv);
    residualLower_->setPen(Qt::NoPen);
    residualUpper_ = plot_->addGraph(rt, rv);
    residualUpper_->setPen(Qt::NoPen);
    residualUpper_->setBrush(fill);
    residualUpper_->setChannelFillGraph(residualLower_);
    residual_ = plot_->addGraph(rt, rv);
    residual_->setLineStyle(QCPGraph::lsNone);
    residual_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColour(0), 3));
    residual_->setName(tr("Residual"));

    plot_->legend->setVisible(true);
    signalRect_->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    for (auto* g : {lower_, residualLower_, residualUpper_, residual_})
        plot_->legend->removeItem(plot_->legend->itemWithPlottable(g));
    followPalette(plot_);
    // A compact legend that lets the data show through (after followPalette, which
    // styles it from the palette).
    QFont small = plot_->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    plot_->legend->setFont(small);
    plot_->legend->setIconSize(16, 10);
    QColor legendBackground = plot_->legend->brush().color();
    legendBackground.setAlpha(200);
    plot_->legend->setBrush(legendBackground);
}

void LiveChart::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    replotIfShown(plot_);  // what arrived while the page was hidden
}

void LiveChart::clear() {
    for (auto* g : {lower_, upper_, expected_, measured_, forecast_, residual_, residualUpper_,
                    residualLower_})
        g->data()->clear();
    limit_->setVisible(false);
    replotIfShown(plot_);
}

void LiveChart::showTrace(const QString& output, const QString& unit, const LiveTrace& trace) {
    const auto n = trace.time.size();
    QVector<double> lo(n), hi(n), rlo(n), rhi(n);
    for (qsizetype i = 0; i < n; ++i) {
        lo[i] = trace.expected[i] - trace.bandHalfWidth[i];
        hi[i] = trace.expected[i] + trace.bandHalfWidth[i];
        rlo[i] = -trace.bandHalfWidth[i];
        rhi[i] = trace.bandHalfWidth[i];
    }
    lower_->setData(trace.time, lo, true);
    upper_->setData(trace.time, hi, true);
    expected_->setData(trace.time, trace.expected, true);
    measured_->setData(trace.time, trace.measured, true);
    residual_->setData(trace.time, trace.residual, true);
    residualLower_->setData(trace.time, rlo, true);
    residualUpper_->setData(trace.time, rhi, true);
    signalRect_->axis(QCPAxis::atLeft)
        ->setLabel(unit.isEmpty() ? output : QStringLiteral("%1 [%2]").arg(output, unit));
    if (n > 0) {
        useTimeAxis(residualRect_->axis(QCPAxis::atBottom), zone_, trace.time.front());
        signalRect_->axis(QCPAxis::atBottom)
            ->setTicker(residualRect_->axis(QCPAxis::atBottom)->ticker());
    }
    rescale();
}

void LiveChart::setForecast(const QVector<double>& time, const QVector<double>& values,
                            std::optional<double> limit) {
    forecast_->setData(time, values, true);
    limit_->setVisible(limit.has_value());
    if (limit) {
        limit_->point1->setCoords(0.0, *limit);
        limit_->point2->setCoords(1.0, *limit);
    }
    rescale();
}

void LiveChart::rescale() {
    double first = NAN, last = NAN;
    for (auto* g : {expected_, forecast_}) {
        if (g->data()->isEmpty()) continue;
        const double a = g->data()->constBegin()->key, b = (g->data()->constEnd() - 1)->key;
        first = std::isnan(first) ? a : std::min(first, a);
        last = std::isnan(last) ? b : std::max(last, b);
    }
    if (!std::isnan(first)) {
        const double pad = std::max((last - first) * 0.02, 30.0);
        residualRect_->axis(QCPAxis::atBottom)->setRange(first - pad, last + pad);
    }
    fitValues(signalRect_->axis(QCPAxis::atLeft), {lower_, upper_, measured_, forecast_});
    fitValues(residualRect_->axis(QCPAxis::atLeft), {residual_, residualUpper_, residualLower_});
    replotIfShown(plot_);
}

}  // namespace twinbench::ui
