#include "ui/whatif/profiler_grid.h"

#include <algorithm>
#include <cmath>

#include "sim/kpis.h"
#include "ui/charts/axis_words.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/percent_ticker.h"
#include "ui/charts/plot_style.h"
#include "ui/whatif/kpi_tiles.h"

namespace twinbench::ui {

ProfilerGrid::ProfilerGrid(WhatIfState& state, QWidget* parent)
    : QCustomPlot(parent),
      state_(state),
      kpis_(KpiTiles::kpiIndices()),
      controls_(WhatIfState::profiledControls()) {
    keepAxisWordsApart(this);
    setObjectName(QStringLiteral("profilerGrid"));
    setMinimumSize(220, 200);
    build();
    followPalette(this);
    ChartExportOptions options;
    options.baseName = QStringLiteral("profiler");
    options.timeKeys = false;
    options.keyTitle = QStringLiteral("control value");
    ChartExport::install(this, options);
    connect(&state_, &WhatIfState::resultChanged, this, &ProfilerGrid::refresh);
    connect(&state_, &WhatIfState::loaded, this, &ProfilerGrid::refresh);
    connect(&state_, &WhatIfState::unloaded, this, &ProfilerGrid::clear);
}

void ProfilerGrid::clear() {
    for (auto& cell : cells_) {
        cell.trace->data()->clear();
        cell.marker->data()->clear();
    }
    drawn_.clear();
    drawnOnce_ = false;
    replot(QCustomPlot::rpQueuedReplot);
}

void ProfilerGrid::build() {
    plotLayout()->clear();
    plotLayout()->setRowSpacing(0);
    plotLayout()->setColumnSpacing(0);
    // Cells of one column share their left margin (only the first column has labels).
    std::vector<QCPMarginGroup*> margins;
    for (int c = 0; c < columnCount(); ++c) margins.push_back(new QCPMarginGroup(this));
    // Traces, markers and marker lines on their own buffered layer: a drag that leaves
    // the axes as they are redraws only that layer, not the 15 cells' axes and grids.
    addLayer(QStringLiteral("cells"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    cellsLayer_ = layer(QStringLiteral("cells"));
    cellsLayer_->setMode(QCPLayer::lmBuffered);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    for (int r = 0; r < rowCount(); ++r) {
        for (int c = 0; c < columnCount(); ++c) {
            Cell cell;
            cell.rect = new QCPAxisRect(this);
            cell.rect->setupFullAxesBox(false);
            cell.rect->setRangeDrag({});
            cell.rect->setRangeZoom({});
            cell.rect->setMarginGroup(QCP::msLeft, margins[static_cast<std::size_t>(c)]);
            cell.rect->setMinimumMargins(QMargins(2, 2, 2, 2));
            auto* x = cell.rect->axis(QCPAxis::atBottom);
            auto* y = cell.rect->axis(QCPAxis::atLeft);
            x->ticker()->setTickCount(3);
            y->ticker()->setTickCount(3);
            x->setTickLabels(r == rowCount() - 1);
            y->setTickLabels(c == 0);
            x->setTickLabelFont(small);
            y->setTickLabelFont(small);
            if (r == rowCount() - 1)
                x->setLabel(state_.range(controls_[static_cast<std::size_t>(c)]).name);
            // Shares in percent, as on the tiles (the data stay the engine's fractions).
            if (const auto share = twinbench::kpi_keys[static_cast<std::size_t>(kpis_[static_cast<std::size_t>(r)])];
                share == "scrap_rate" || share == "availability")
                labelInPercent(y);
            if (c == 0) {
                // Short row names: a cell is only a fifth of the grid high.
                const auto key = twinbench::kpi_keys[static_cast<std::size_t>(
                    kpis_[static_cast<std::size_t>(r)])];
                y->setLabel(key == "throughput_per_h"      ? tr("Parts/h")
                            : key == "scrap_rate"          ? tr("Scrap %")
                            : key == "energy_kwh_per_part" ? tr("kWh/part")
                            : key == "energy_cost"         ? tr("Cost")
                            : key == "availability"
                                ? tr("Avail. %")
                                : KpiTiles::title(kpis_[static_cast<std::size_t>(r)]));
                y->setLabelFont(small);
                y->setLabelPadding(2);
            }
            plotLayout()->addElement(r, c, cell.rect);
            cell.trace = addGraph(x, y);
            cell.trace->setPen(QPen(seriesColour(0), 2));
            cell.marker = addGraph(x, y);
            cell.marker->setLineStyle(QCPGraph::lsNone);
            cell.marker->setScatterStyle(QCPScatterStyle(
                QCPScatterStyle::ssCircle, QPen(seriesColour(1), 2), QBrush(seriesColour(1)), 7));
            cell.line = new QCPItemStraightLine(this);
            cell.line->setClipAxisRect(cell.rect);
            cell.line->point1->setAxes(x, y);
            cell.line->point2->setAxes(x, y);
            cell.line->setPen(QPen(seriesColour(1), 1, Qt::DashLine));
            setExportTitle(cell.trace,
                           QStringLiteral("%1 vs %2")
                               .arg(KpiTiles::title(kpis_[static_cast<std::size_t>(r)]),
                                    state_.range(controls_[static_cast<std::size_t>(c)]).name));
            cell.trace->setLayer(cellsLayer_);
            cell.marker->setLayer(cellsLayer_);
            cell.line->setLayer(cellsLayer_);
            cells_.push_back(cell);
        }
    }
}

QCPAxisRect* ProfilerGrid::cell(int row, int column) const {
    return at(row, column).rect;
}
QCPGraph* ProfilerGrid::traceGraph(int row, int column) const {
    return at(row, column).trace;
}

QPointF ProfilerGrid::markerPosition(int row, int column) const {
    const auto* m = at(row, column).marker;
    if (m->dataCount() == 0) return {qQNaN(), qQNaN()};
    return {m->data()->at(0)->key, m->data()->at(0)->value};
}

QPoint ProfilerGrid::pixelOf(int row, int column, double x, double y) const {
    const auto& c = at(row, column);
    return QPoint(qRound(c.rect->axis(QCPAxis::atBottom)->coordToPixel(x)),
                  qRound(c.rect->axis(QCPAxis::atLeft)->coordToPixel(y)));
}

void ProfilerGrid::refresh() {
    const auto& traces = state_.profiles();
    if (traces.size() != controls_.size()) return;
    // What the cells would show; when it is what they show (a change of a control no
    // KPI here depends on), nothing is redrawn.
    std::vector<double> shown;
    for (int c = 0; c < columnCount(); ++c) {
        const auto control = controls_[static_cast<std::size_t>(c)];
        const auto& trace = traces[static_cast<std::size_t>(c)];
        shown.push_back(state_.settings().value(control));
        shown.insert(shown.end(), trace.x.begin(), trace.x.end());
        for (const auto& k : trace.kpis)
            for (int kpi : kpis_)
                shown.push_back(twinbench::kpi_value(k, static_cast<std::size_t>(kpi)));
    }
    for (int kpi : kpis_)
        shown.push_back(twinbench::kpi_value(state_.result().kpis, static_cast<std::size_t>(kpi)));
    // While a drag runs the traces and markers are drawn without antialiasing (wide
    // antialiased strokes are most of a replot), as QCustomPlot's own drags do.
    const bool dragging = state_.isDragging();
    const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](double x, double y) {
            return x == y || (std::isnan(x) && std::isnan(y));
        });
    };
    if (dragging == drawnDragging_ && same(shown, drawn_)) return;
    drawn_ = std::move(shown);
    const bool wasDragging = drawnDragging_;
    drawnDragging_ = dragging;
    setNotAntialiasedElements(dragging ? QCP::aePlottables : QCP::aeNone);
    bool axesMoved = !dragging || !drawnOnce_ || wasDragging != dragging;
    for (int c = 0; c < columnCount(); ++c) {
        const auto control = controls_[static_cast<std::size_t>(c)];
        const auto& trace = traces[static_cast<std::size_t>(c)];
        const auto range = state_.range(control);
        double current = state_.settings().value(control);
        if (!std::isfinite(current)) current = range.high;  // wear limit only: the far end
        for (int r = 0; r < rowCount(); ++r) {
            auto& cell = at(r, c);
            const auto k = static_cast<std::size_t>(kpis_[static_cast<std::size_t>(r)]);
            QVector<double> x, y;
            x.reserve(static_cast<qsizetype>(trace.x.size()));
            y.reserve(static_cast<qsizetype>(trace.x.size()));
            for (std::size_t i = 0; i < trace.x.size(); ++i) {
                x.push_back(trace.x[i]);
                y.push_back(twinbench::kpi_value(trace.kpis[i], k));
            }
            cell.trace->setData(x, y, true);
            const double kv = twinbench::kpi_value(state_.result().kpis, k);
            cell.marker->setData(QVector<double>{current}, QVector<double>{kv}, true);
            cell.line->point1->setCoords(current, 0.0);
            cell.line->point2->setCoords(current, 1.0);
            cell.rect->axis(QCPAxis::atBottom)->setRange(range.low, range.high);
            bool found = false;
            QCPRange yr = cell.trace->getValueRange(found);
            if (found && std::isfinite(kv)) yr.expand(kv);
            if (found) {
                const double pad =
                    yr.size() > 0 ? 0.1 * yr.size() : std::max(std::abs(yr.center()) * 0.05, 1e-6);
                auto* axis = cell.rect->axis(QCPAxis::atLeft);
                const QCPRange now = axis->range();
                if (!dragging)
                    axis->setRange(yr.lower - pad, yr.upper + pad);
                else if (yr.lower < now.lower || yr.upper > now.upper) {
                    axesMoved = true;
                    // While the hand moves the axes hold still, as in JMP's profiler (and
                    // no tick labels are laid out anew): they only widen when a trace
                    // would leave its cell, by a quarter more on that side so that a
                    // steady drag does not widen them every value. The drag's end fits
                    // them again.
                    axis->setRange(
                        yr.lower < now.lower ? yr.lower - pad - 0.25 * yr.size() : now.lower,
                        yr.upper > now.upper ? yr.upper + pad + 0.25 * yr.size() : now.upper);
                }
            }
        }
    }
    if (axesMoved) {
        replot(QCustomPlot::rpQueuedReplot);
        drawnOnce_ = true;
    } else {
        cellsLayer_->replot();  // (a whole replot when the buffers are not valid yet)
    }
}

void ProfilerGrid::moveControlTo(const QPoint& pos, bool dragging) {
    if (dragColumn_ < 0) return;
    const auto control = controls_[static_cast<std::size_t>(dragColumn_)];
    const auto range = state_.range(control);
    const double x = at(0, dragColumn_).rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    state_.changeControl(control, std::clamp(x, range.low, range.high), dragging);
}

void ProfilerGrid::mousePressEvent(QMouseEvent* event) {
    dragColumn_ = -1;
    if (event->button() == Qt::LeftButton && state_.isLoaded()) {
        for (int r = 0; r < rowCount() && dragColumn_ < 0; ++r)
            for (int c = 0; c < columnCount(); ++c)
                if (at(r, c).rect->rect().contains(event->pos())) {
                    dragColumn_ = c;
                    break;
                }
    }
    if (dragColumn_ >= 0) {
        moveControlTo(event->pos(), true);
        event->accept();
        return;
    }
    QCustomPlot::mousePressEvent(event);
}

void ProfilerGrid::mouseMoveEvent(QMouseEvent* event) {
    if (dragColumn_ >= 0 && (event->buttons() & Qt::LeftButton)) {
        moveControlTo(event->pos(), true);
        event->accept();
        return;
    }
    QCustomPlot::mouseMoveEvent(event);
}

void ProfilerGrid::mouseReleaseEvent(QMouseEvent* event) {
    if (dragColumn_ >= 0) {
        dragColumn_ = -1;
        state_.endDrag();
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

}  // namespace twinbench::ui
