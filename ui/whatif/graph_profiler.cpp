#include "ui/whatif/graph_profiler.h"

#include <algorithm>
#include <cmath>

#include <QFontMetrics>

#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/charts/axis_words.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/percent_ticker.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {

void addCellTitle(QCustomPlot* plot, QCPAxisRect* rect, const QString& text, const QFont& font) {
    auto* title = new QCPItemText(plot);
    title->setClipAxisRect(rect);
    title->position->setAxisRect(rect);
    title->position->setType(QCPItemPosition::ptAxisRectRatio);
    title->position->setCoords(0.0, 0.0);
    title->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    title->setTextAlignment(Qt::AlignLeft);
    title->setFont(font);
    title->setColor(plot->palette().color(QPalette::WindowText));
    QColor back = plot->palette().color(QPalette::Base);
    back.setAlpha(200);
    title->setBrush(back);
    title->setPadding(QMargins(3, 1, 3, 1));
    title->setText(text);
}

GraphProfiler::GraphProfiler(GraphWhatIfState& state, QWidget* parent) : QCustomPlot(parent), state_(state) {
    setObjectName(QStringLiteral("graphProfiler"));
    keepAxisWordsApart(this);
    setMinimumSize(220, 160);
    addLayer(QStringLiteral("cells"), layer(QStringLiteral("overlay")), QCustomPlot::limAbove);
    // Two paint buffers to blend per paint, not four: everything else in one (the lines
    // are clipped to their axis rect, so drawing them above the axes changes no pixel
    // that matters).
    layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmLogical);
    cellsLayer_ = layer(QStringLiteral("cells"));
    // Traces and markers on their own buffered layer: a drag that leaves the axes as they
    // are redraws only that layer.
    cellsLayer_->setMode(QCPLayer::lmBuffered);
    followPalette(this);
    ChartExportOptions options;
    options.baseName = QStringLiteral("profiler");
    options.timeKeys = false;
    options.keyTitle = QStringLiteral("control value");
    ChartExport::install(this, options);
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphProfiler::rebuild);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphProfiler::rebuild);
    connect(&state_, &GraphWhatIfState::resultChanged, this, &GraphProfiler::refresh);
}

void GraphProfiler::rebuild() {
    clearItems();
    clearPlottables();
    plotLayout()->clear();
    cells_.clear();
    drawnRevision_ = -1;
    rows_ = state_.isLoaded() ? static_cast<int>(state_.figures().size()) : 0;
    columns_ = state_.isLoaded() ? static_cast<int>(state_.controls().size()) : 0;
    if (rows_ == 0 || columns_ == 0) {
        rows_ = columns_ = 0;
        replot();
        return;
    }
    plotLayout()->setRowSpacing(0);
    plotLayout()->setColumnSpacing(0);
    std::vector<QCPMarginGroup*> margins;
    margins.reserve(static_cast<std::size_t>(columns_));
    for (int c = 0; c < columns_; ++c) margins.push_back(new QCPMarginGroup(this));
    // A row's cells share their top and bottom margins (a control's label on the bottom row
    // may take two lines, its neighbour's one).
    std::vector<QCPMarginGroup*> rowMargins;
    rowMargins.reserve(static_cast<std::size_t>(rows_));
    for (int r = 0; r < rows_; ++r) rowMargins.push_back(new QCPMarginGroup(this));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    for (int r = 0; r < rows_; ++r) {
        const auto& figure = state_.figures()[static_cast<std::size_t>(r)];
        for (int c = 0; c < columns_; ++c) {
            const auto& control = state_.controls()[static_cast<std::size_t>(c)];
            Cell cell;
            cell.rect = new QCPAxisRect(this);
            cell.rect->setupFullAxesBox(false);
            cell.rect->setRangeDrag({});
            cell.rect->setRangeZoom({});
            // A column's cells share their left and right margins: a categorical control's
            // last level name reaches past its cell's right edge on the bottom row only, and
            // the cells above would otherwise place the same level a few pixels apart.
            cell.rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins[static_cast<std::size_t>(c)]);
            cell.rect->setMarginGroup(QCP::msTop | QCP::msBottom, rowMargins[static_cast<std::size_t>(r)]);
            // Room on the right so that neighbouring columns' end ticks do not run together.
            // The top row: room above for half a tick label, which a tick at the very top of
            // the axis would otherwise draw outside the widget.
            const int top = r == 0 ? QFontMetrics(small).height() / 2 + 2 : 2;
            cell.rect->setMinimumMargins(QMargins(2, top, 18, 2));
            auto* x = cell.rect->axis(QCPAxis::atBottom);
            auto* y = cell.rect->axis(QCPAxis::atLeft);
            x->ticker()->setTickCount(3);
            y->ticker()->setTickCount(3);
            x->setTickLabels(r == rows_ - 1);
            y->setTickLabels(c == 0);
            x->setTickLabelFont(small);
            y->setTickLabelFont(small);
            if (control.categorical) {
                // A point per level, named on the axis.
                auto ticker = QSharedPointer<QCPAxisTickerText>::create();
                for (qsizetype i = 0; i < control.levels.size(); ++i)
                    ticker->addTick(static_cast<double>(i), control.levels[i]);
                x->setTicker(ticker);
                x->setRange(control.low - 0.5, control.high + 0.5);
            } else {
                x->setRange(control.low, control.high);
            }
            if (r == rows_ - 1)
                x->setLabel(control.unit.isEmpty() ? toQString(control.name)
                                                   : QStringLiteral("%1 [%2]").arg(toQString(control.name), control.unit));
            plotLayout()->addElement(r, c, cell.rect);
            // A count's rate is a share: its axis in percent, as on the tiles.
            const bool rate = figure.kind == GraphFigure::Kind::rate;
            if (rate) labelInPercent(y);
            if (c == 0)
                // The row's title inside its first cell: a rotated axis label does not fit
                // once a few rows share the grid's height.
                addCellTitle(this, cell.rect,
                             rate                  ? QStringLiteral("%1 [%]").arg(figure.title)
                             : figure.unit.isEmpty() ? figure.title
                                                     : QStringLiteral("%1 [%2]").arg(figure.title, figure.unit),
                             small);
            cell.trace = addGraph(x, y);
            cell.trace->setPen(QPen(seriesColour(0), 2));
            if (control.categorical) {
                cell.trace->setLineStyle(QCPGraph::lsNone);
                cell.trace->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColour(0), 6));
            }
            cell.marker = addGraph(x, y);
            cell.marker->setLineStyle(QCPGraph::lsNone);
            cell.marker->setScatterStyle(
                QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(seriesColour(1), 2), QBrush(seriesColour(1)), 7));
            cell.line = new QCPItemStraightLine(this);
            cell.line->setClipAxisRect(cell.rect);
            cell.line->point1->setAxes(x, y);
            cell.line->point2->setAxes(x, y);
            cell.line->setPen(QPen(seriesColour(1), 1, Qt::DashLine));
            setExportTitle(cell.trace, QStringLiteral("%1 vs %2").arg(figure.title, toQString(control.name)));
            cell.trace->setLayer(cellsLayer_);
            cell.marker->setLayer(cellsLayer_);
            cell.line->setLayer(cellsLayer_);
            cells_.push_back(cell);
        }
    }
    followPalette(this);
    refresh();
}

QPointF GraphProfiler::markerPosition(int row, int column) const {
    const auto* m = at(row, column).marker;
    if (m->dataCount() == 0) return {qQNaN(), qQNaN()};
    return {m->data()->at(0)->key, m->data()->at(0)->value};
}

QPoint GraphProfiler::pixelOf(int row, int column, double x, double y) const {
    const auto& c = at(row, column);
    return QPoint(qRound(c.rect->axis(QCPAxis::atBottom)->coordToPixel(x)),
                  qRound(c.rect->axis(QCPAxis::atLeft)->coordToPixel(y)));
}

void GraphProfiler::refresh() {
    if (!state_.isLoaded() || cells_.empty()) return;
    const auto& profiles = state_.profiles();
    if (static_cast<int>(profiles.size()) != columns_) return;
    const bool dragging = state_.isDragging();
    // New traces (another control moved, or the drag ended): set them and fit the axes.
    const bool newTraces = state_.profileRevision() != drawnRevision_ || dragging != drawnDragging_;
    // While a drag runs the strokes are drawn without antialiasing, as QCustomPlot's own drags do.
    setNotAntialiasedElements(dragging ? QCP::aePlottables : QCP::aeNone);
    bool axesMoved = !dragging || drawnRevision_ < 0 || dragging != drawnDragging_;
    for (int c = 0; c < columns_; ++c) {
        const auto& p = profiles[static_cast<std::size_t>(c)];
        const double current = state_.settings().at(p.control);
        for (int r = 0; r < rows_; ++r) {
            const Cell& cell = at(r, c);
            const auto& figure = state_.figures()[static_cast<std::size_t>(r)];
            if (newTraces) {
                QVector<double> x(p.x.begin(), p.x.end());
                const auto& v = p.values[static_cast<std::size_t>(r)];
                cell.trace->setData(x, QVector<double>(v.begin(), v.end()), true);
            }
            const double value = GraphWhatIfState::valueOf(state_.result().result, figure);
            cell.marker->setData(QVector<double>{current}, QVector<double>{value}, true);
            cell.line->point1->setCoords(current, 0.0);
            cell.line->point2->setCoords(current, 1.0);
            bool found = false;
            QCPRange yr = cell.trace->getValueRange(found);
            if (!found) continue;
            if (std::isfinite(value)) yr.expand(value);
            const double pad = yr.size() > 0 ? 0.1 * yr.size() : std::max(std::abs(yr.center()) * 0.05, 1e-6);
            auto* axis = cell.rect->axis(QCPAxis::atLeft);
            const QCPRange now = axis->range();
            if (!dragging) {
                // Room at the top for the row's title.
                axis->setRange(yr.lower - pad, yr.upper + 3.0 * pad);
            } else if (yr.lower < now.lower || yr.upper > now.upper) {
                // While the hand moves the axes hold still; they only widen when a trace
                // would leave its cell. The drag's end fits them again.
                axesMoved = true;
                axis->setRange(std::min(now.lower, yr.lower - pad), std::max(now.upper, yr.upper + pad));
            }
        }
    }
    drawnRevision_ = state_.profileRevision();
    drawnDragging_ = dragging;
    if (axesMoved)
        replot(QCustomPlot::rpQueuedReplot);
    else
        cellsLayer_->replot();
}

void GraphProfiler::moveControlTo(const QPoint& pos, bool dragging) {
    if (dragColumn_ < 0 || cells_.empty()) return;
    const auto& control = state_.controls()[static_cast<std::size_t>(dragColumn_)];
    const double x = at(0, dragColumn_).rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    // A categorical control snaps to the nearest level (the state rounds the code).
    state_.changeControl(control.name, std::clamp(x, control.low, control.high), dragging && !control.categorical);
}

void GraphProfiler::mousePressEvent(QMouseEvent* event) {
    dragColumn_ = -1;
    if (event->button() == Qt::LeftButton && state_.isLoaded())
        for (int r = 0; r < rows_ && dragColumn_ < 0; ++r)
            for (int c = 0; c < columns_; ++c)
                if (at(r, c).rect->rect().contains(event->pos())) {
                    dragColumn_ = c;
                    break;
                }
    if (dragColumn_ >= 0) {
        moveControlTo(event->pos(), true);
        event->accept();
        return;
    }
    QCustomPlot::mousePressEvent(event);
}

void GraphProfiler::mouseMoveEvent(QMouseEvent* event) {
    if (dragColumn_ >= 0 && (event->buttons() & Qt::LeftButton)) {
        moveControlTo(event->pos(), true);
        event->accept();
        return;
    }
    QCustomPlot::mouseMoveEvent(event);
}

void GraphProfiler::mouseReleaseEvent(QMouseEvent* event) {
    if (dragColumn_ >= 0) {
        dragColumn_ = -1;
        state_.endDrag();
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

}  // namespace twinbench::ui
