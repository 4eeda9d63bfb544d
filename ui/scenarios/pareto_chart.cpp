#include "ui/scenarios/pareto_chart.h"

#include <algorithm>
#include <numeric>

#include <QLineF>
#include <QMouseEvent>

#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {

ParetoChart::ParetoChart(QWidget* parent) : QCustomPlot(parent), front_(addGraph()), optimum_(addGraph()) {
    setObjectName(QStringLiteral("paretoPlot"));
    setMinimumHeight(150);
    front_->setLineStyle(QCPGraph::lsLine);
    front_->setPen(QPen(seriesColour(0), 1.5));
    front_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, seriesColour(0), Qt::white, 9));
    front_->setName(tr("Pareto front (click a point to apply it)"));
    optimum_->setLineStyle(QCPGraph::lsNone);
    optimum_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(seriesColour(1), 2), Qt::NoBrush, 16));
    optimum_->setName(tr("optimum"));
    legend->setVisible(true);
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    followPalette(this);
    ChartExportOptions options;
    options.baseName = QStringLiteral("pareto");
    options.timeKeys = false;
    ChartExport::install(this, options);
}

void ParetoChart::setFront(const QVector<double>& kpi, const QVector<double>& objective, QPointF optimum,
                           const QString& kpiLabel) {
    sweepIndex_.resize(kpi.size());
    std::iota(sweepIndex_.begin(), sweepIndex_.end(), 0);
    std::stable_sort(sweepIndex_.begin(), sweepIndex_.end(), [&](int a, int b) { return kpi[a] < kpi[b]; });
    QVector<double> keys, values;
    for (const int i : sweepIndex_) {
        keys << kpi[i];
        values << objective[i];
    }
    front_->setData(keys, values, true);
    optimum_->setData(QVector<double>{optimum.x()}, QVector<double>{optimum.y()});
    xAxis->setLabel(kpiLabel);
    yAxis->setLabel(tr("objective (1 = baseline)"));
    rescaleAxes();
    xAxis->scaleRange(1.15);
    yAxis->scaleRange(1.15);
    replot();
}

void ParetoChart::clearFront() {
    sweepIndex_.clear();
    front_->data()->clear();
    optimum_->data()->clear();
    replot();
}

QPoint ParetoChart::pointPixel(int index) const {
    const auto* g = index < 0 ? optimum_ : front_;
    const int i = index < 0 ? 0 : static_cast<int>(sweepIndex_.indexOf(index));
    if (i < 0 || i >= g->dataCount()) return {};
    const auto it = g->data()->at(i);
    return QPoint(qRound(xAxis->coordToPixel(it->key)), qRound(yAxis->coordToPixel(it->value)));
}

void ParetoChart::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && optimum_->dataCount() > 0) {
        // The nearest point within a few pixels: the optimum first, then the front.
        const QPointF pos = event->position();
        int nearest = -2;
        double nearestDistance = 12.0;
        for (int i = -1; i < static_cast<int>(sweepIndex_.size()); ++i) {
            const double d = QLineF(QPointF(pointPixel(i)), pos).length();
            if (d < nearestDistance) nearest = i, nearestDistance = d;
        }
        if (nearest >= -1) {
            emit pointClicked(nearest);
            event->accept();
            return;
        }
    }
    QCustomPlot::mousePressEvent(event);
}

}  // namespace twinbench::ui
