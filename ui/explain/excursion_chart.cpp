#include "ui/explain/excursion_chart.h"

#include <algorithm>
#include <cmath>

#include <QVBoxLayout>

#include <qcustomplot.h>

#include "data/table.h"
#include "ui/app/qt_strings.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {
namespace {

// Shading as a filled step graph on the hidden right axis (0..1): a plottable, so its
// stretches can be read back and exported like any series.
void addStretch(QCPGraph* graph, double start, double end) {
    graph->addData(start, 0.0);
    graph->addData(start, 1.0);
    graph->addData(end, 1.0);
    graph->addData(end, 0.0);
}

}  // namespace

ExcursionChart::ExcursionChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(220);
    plot_->yAxis2->setRange(0.0, 1.0);
    plot_->yAxis2->setVisible(false);

    excursion_ = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    excursion_->setName(tr("Excursion"));
    excursion_->setPen(Qt::NoPen);
    excursion_->setBrush(QColor(240, 170, 60, 70));
    cause_ = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    cause_->setName(tr("Rows of the cause"));
    cause_->setPen(Qt::NoPen);
    cause_->setBrush(QColor(200, 30, 30, 110));
    output_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    output_->setLineStyle(QCPGraph::lsNone);
    output_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 3));
    output_->setPen(QPen(seriesColour(0)));

    drag_ = new QCPItemRect(plot_);
    drag_->setClipAxisRect(plot_->axisRect());
    drag_->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    drag_->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    drag_->setPen(QPen(QColor(60, 60, 60), 1, Qt::DashLine));
    drag_->setBrush(QColor(60, 60, 60, 30));
    drag_->setVisible(false);

    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    followPalette(plot_);
    plot_->setToolTip(tr("Drag across the chart to pick a time window"));
    connect(plot_, &QCustomPlot::mousePress, this, &ExcursionChart::press);
    connect(plot_, &QCustomPlot::mouseMove, this, &ExcursionChart::move);
    connect(plot_, &QCustomPlot::mouseRelease, this, &ExcursionChart::release);
}

void ExcursionChart::showOutput(const twinbench::Table& table, const QString& column, const QTimeZone& zone) {
    output_->data()->clear();
    excursion_->data()->clear();
    cause_->data()->clear();
    time_ = table.time_s;
    const twinbench::Column* c = column.isEmpty() ? nullptr : table.find(toUtf8(column));
    if (c != nullptr && table.has_time()) {
        QVector<double> keys, values;
        for (std::size_t i = 0; i < c->values.size() && i < table.time_s.size(); ++i)
            if (!std::isnan(c->values[i])) {
                keys.push_back(table.time_s[i]);
                values.push_back(c->values[i]);
            }
        output_->setData(keys, values, true);
        output_->setName(column + (c->unit.empty() ? QString() : QStringLiteral(" [%1]").arg(toQString(c->unit))));
        plot_->yAxis->setLabel(output_->name());
        useTimeAxis(plot_->xAxis, zone, table.time_s.front());
        plot_->xAxis->setRange(table.time_s.front(), table.time_s.back());
        output_->rescaleValueAxis();
    }
    plot_->replot();
}

void ExcursionChart::showExcursion(const std::vector<std::uint8_t>& rows) {
    excursion_->data()->clear();
    if (!rows.empty() && rows.size() == time_.size()) {
        // One stretch per run of excursion rows, to the next row's time (a row stands for
        // its sampling interval).
        for (std::size_t i = 0; i < rows.size();) {
            if (rows[i] == 0) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j + 1 < rows.size() && rows[j + 1] != 0) ++j;
            const double end = j + 1 < time_.size() ? time_[j + 1] : time_[j];
            addStretch(excursion_, time_[i], end);
            i = j + 1;
        }
    }
    plot_->replot();
}

void ExcursionChart::showCauseWindows(const std::vector<twinbench::CauseWindow>& windows) {
    cause_->data()->clear();
    // A window's times are those of its first and last row; each row stands for its
    // sampling interval, so a one-row stretch is drawn to the next row's time.
    for (const auto& w : windows) addStretch(cause_, w.start_s, rowEnd(w.end_s));
    plot_->replot();
}

double ExcursionChart::rowEnd(double lastRowUtc) const {
    const auto next = std::upper_bound(time_.begin(), time_.end(), lastRowUtc);
    return next == time_.end() ? lastRowUtc : *next;
}

void ExcursionChart::clearCause() {
    cause_->data()->clear();
    plot_->replot();
}

void ExcursionChart::press(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !plot_->axisRect()->rect().contains(event->pos())) return;
    dragging_ = true;
    dragStart_ = plot_->xAxis->pixelToCoord(event->position().x());
    drag_->topLeft->setCoords(dragStart_, 0.0);
    drag_->bottomRight->setCoords(dragStart_, 1.0);
    drag_->setVisible(true);
    plot_->replot();
}

void ExcursionChart::move(QMouseEvent* event) {
    if (!dragging_) return;
    drag_->bottomRight->setCoords(plot_->xAxis->pixelToCoord(event->position().x()), 1.0);
    plot_->replot();
}

void ExcursionChart::release(QMouseEvent* event) {
    if (!dragging_) return;
    dragging_ = false;
    drag_->setVisible(false);
    plot_->replot();
    const double end = plot_->xAxis->pixelToCoord(event->position().x());
    const double a = std::min(dragStart_, end), b = std::max(dragStart_, end);
    // A click is not a window: at least three pixels' worth.
    if (std::abs(plot_->xAxis->coordToPixel(b) - plot_->xAxis->coordToPixel(a)) >= 3.0) emit windowDragged(a, b);
}

}  // namespace twinbench::ui
