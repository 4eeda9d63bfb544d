#include "ui/charts/time_series_plot.h"

#include <algorithm>
#include <cmath>

#include <QAction>
#include <QDateTime>
#include <QKeyEvent>
#include <QToolTip>

#include "ui/app/time_format.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {
namespace {

// Counts (parts produced, scrapped) are whole numbers: no tick between two of them.
class WholeNumberTicker : public QCPAxisTicker {
  protected:
    double getTickStep(const QCPRange& range) override {
        return std::max(1.0, QCPAxisTicker::getTickStep(range));
    }
    int getSubTickCount(double tickStep) override {
        return tickStep <= 1.0 ? 0 : QCPAxisTicker::getSubTickCount(tickStep);
    }
};

bool isCount(const PlotSeries& s) {
    return s.unit == QStringLiteral("count") || s.role == twinbench::Role::produced ||
           s.role == twinbench::Role::scrap;
}

constexpr double min_visible_span_s = 600.0;  // zooming further shows single samples only
constexpr double cursor_grab_px = 6.0;        // how close the pointer must be to pick up a cursor
constexpr double cursor_fine_steps = 200.0;   // arrow keys move a cursor by view / 200...
constexpr double cursor_coarse_steps = 20.0;  // ...and by view / 20 with Shift

QString withUnit(const QString& name, const QString& unit) {
    return unit.isEmpty() ? name : name + QStringLiteral(" [") + unit + QLatin1Char(']');
}

}  // namespace

TimeSeriesPlot::TimeSeriesPlot(QWidget* parent)
    : QCustomPlot(parent), ticker_(new QCPAxisTickerDateTime) {
    setNoAntialiasingOnDrag(true);
    setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    ticker_->setTickCount(8);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    cursorsAction_ = new QAction(tr("A/B cursors"), this);
    cursorsAction_->setCheckable(true);
    cursorsAction_->setShortcut(QKeySequence(Qt::Key_C));
    cursorsAction_->setShortcutContext(Qt::WidgetShortcut);
    cursorsAction_->setToolTip(
        tr("Two time cursors with statistics of the range between them (C). "
           "Drag a line, or pick it with A / B and move it with the arrow keys."));
    addAction(cursorsAction_);
    ChartExport::install(this, {QStringLiteral("time_series"), true, zone_, {}});
    connect(cursorsAction_, &QAction::toggled, this, &TimeSeriesPlot::setCursorsVisible);
    std::vector<PlotSeries> none;
    rebuild(none);
}

void TimeSeriesPlot::setTimeZone(const QTimeZone& zone) {
    zone_ = zone;
    ticker_->setTimeZone(zone);
    ChartExport::of(this)->options().zone = zone;
    alignTicksToLocalMidnight();
    replot();
}

void TimeSeriesPlot::alignTicksToLocalMidnight() {
    // Tick steps count from the origin; from the epoch (UTC midnight) a Berlin chart would
    // mark every day at 01:00. A local midnight as origin puts day ticks at 00:00.
    const auto start = static_cast<qint64>(dataRange_.lower);
    const QDate day = QDateTime::fromSecsSinceEpoch(start, zone_).date();
    ticker_->setTickOrigin(QDateTime(day, QTime(0, 0), zone_));
}

void TimeSeriesPlot::setSeries(std::vector<PlotSeries> series) {
    const bool hadView = !strips_.empty();
    const QCPRange previous = timeRange();
    rebuild(series);
    alignTicksToLocalMidnight();
    // Keep the engineer's zoom when columns are added, not when the data moved elsewhere.
    const bool overlaps = previous.upper > dataRange_.lower && previous.lower < dataRange_.upper;
    if (hadView && !strips_.empty() && previous.upper > previous.lower && overlaps)
        strips_.front().rect->axis(QCPAxis::atBottom)->setRange(previous);
    else
        showAll();
    fitValueAxes();
    if (cursorsVisible_) {
        // Cursors left outside the new data would bound nothing.
        const QCPRange view = timeRange();
        if (!strips_.empty() &&
            !(dataRange_.contains(cursorTime_[0]) && dataRange_.contains(cursorTime_[1]))) {
            cursorTime_[0] = view.lower + view.size() / 3.0;
            cursorTime_[1] = view.lower + 2.0 * view.size() / 3.0;
        }
        placeCursorItems();
    }
    replot();
    emit seriesChanged();
    if (cursorsVisible_) emit cursorsChanged();
}

void TimeSeriesPlot::rebuild(std::vector<PlotSeries>& series) {
    // Graphs and items hold their axes only weakly: remove them before the axis rects go.
    clearHighlight();
    for (auto& c : cursorItems_) c = {};
    clearItems();
    clearGraphs();
    strips_.clear();
    placeholder_ = nullptr;
    plotLayout()->clear();
    delete margins_;
    margins_ = new QCPMarginGroup(this);
    plotLayout()->setRowSpacing(6);

    dataRange_ = QCPRange(0.0, 0.0);
    bool anyData = false;
    if (series.empty()) {
        placeholder_ =
            new QCPTextElement(this, tr("Tick columns on the left to plot them against time"));
        plotLayout()->addElement(0, 0, placeholder_);
        applyStyle();
        return;
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        auto& s = series[i];
        auto* rect = new QCPAxisRect(this);
        // Its opaque background under everything, as QCustomPlot does for its own first
        // axis rect: on the current ("main") layer it covered the grid layer, where the
        // grid lines and the Monte Carlo bands are drawn.
        rect->setLayer(QStringLiteral("background"));
        rect->setupFullAxesBox(true);
        plotLayout()->addElement(static_cast<int>(i), 0, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins_);
        auto* time = rect->axis(QCPAxis::atBottom);
        time->setTicker(ticker_);
        rect->axis(QCPAxis::atTop)->setTicker(ticker_);
        const bool last = i + 1 == series.size();
        time->setTickLabels(last);
        if (!last) {
            // Only the bottom strip needs room for date labels.
            rect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);
            rect->setMargins(QMargins(0, 0, 0, 2));
        }
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        auto* value = rect->axis(QCPAxis::atLeft);
        value->setLabel(s.unit);
        value->ticker()->setTickCount(4);
        if (isCount(s)) {
            QSharedPointer<QCPAxisTicker> whole(new WholeNumberTicker);
            whole->setTickCount(4);
            value->setTicker(whole);
        }
        if (s.style == PlotSeries::Style::steps) {
            QSharedPointer<QCPAxisTickerText> labels(new QCPAxisTickerText);
            for (int level = 0; level < s.levels.size(); ++level)
                labels->addTick(level, s.levels[level]);
            value->setTicker(labels);
        }

        auto* graph = new QCPGraph(time, value);
        const QColor colour = seriesColour(static_cast<int>(i));
        graph->setPen(QPen(colour, s.style == PlotSeries::Style::points ? 1.0 : 1.3));
        graph->setAdaptiveSampling(true);
        graph->setName(s.name);
        setExportTitle(graph, withUnit(s.name, s.unit));
        if (s.style == PlotSeries::Style::steps) setExportLevels(graph, s.levels);
        switch (s.style) {
            case PlotSeries::Style::line:
                graph->setLineStyle(QCPGraph::lsLine);
                break;
            case PlotSeries::Style::steps:
                graph->setLineStyle(QCPGraph::lsStepLeft);
                break;
            case PlotSeries::Style::points:
                graph->setLineStyle(QCPGraph::lsNone);
                graph->setScatterStyle(
                    QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour.lighter(130), 6));
                break;
        }
        graph->setData(s.times, s.values, true);
        if (!s.times.isEmpty()) {
            const QCPRange span(s.times.front(), s.times.back());
            dataRange_ = anyData ? QCPRange(std::min(dataRange_.lower, span.lower),
                                            std::max(dataRange_.upper, span.upper))
                                 : span;
            anyData = true;
        }

        auto* title = new QCPItemText(this);
        title->setClipToAxisRect(true);
        title->setClipAxisRect(rect);
        title->position->setType(QCPItemPosition::ptAxisRectRatio);
        title->position->setAxisRect(rect);
        title->position->setCoords(0.006, 0.04);
        title->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        title->setText(withUnit(s.name, s.unit));
        title->setPadding(QMargins(5, 2, 5, 2));
        title->setColor(colour.darker(115));

        connect(time, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                &TimeSeriesPlot::onTimeRangeChanged);
        strips_.push_back({rect, graph, title, s.style, s.name, s.unit, s.levels, s.role});
        // The data now lives in the graph; drop this copy early (large series).
        s.times = {};
        s.values = {};
    }
    applyStyle();
}

QCPGraph* TimeSeriesPlot::seriesGraph(int index) const {
    return index >= 0 && index < seriesCount() ? strips_[static_cast<std::size_t>(index)].graph
                                               : nullptr;
}

QString TimeSeriesPlot::seriesName(int index) const {
    return index >= 0 && index < seriesCount() ? strips_[static_cast<std::size_t>(index)].name
                                               : QString();
}

QString TimeSeriesPlot::seriesUnit(int index) const {
    return index >= 0 && index < seriesCount() ? strips_[static_cast<std::size_t>(index)].unit
                                               : QString();
}

twinbench::Role TimeSeriesPlot::seriesRole(int index) const {
    return index >= 0 && index < seriesCount() ? strips_[static_cast<std::size_t>(index)].role
                                               : twinbench::Role::none;
}

PlotSeries::Style TimeSeriesPlot::seriesStyle(int index) const {
    return index >= 0 && index < seriesCount() ? strips_[static_cast<std::size_t>(index)].style
                                               : PlotSeries::Style::line;
}

QCPRange TimeSeriesPlot::timeRange() const {
    return strips_.empty() ? QCPRange(0.0, 0.0)
                           : strips_.front().rect->axis(QCPAxis::atBottom)->range();
}

void TimeSeriesPlot::showAll() {
    clearHighlight();
    if (strips_.empty()) return;
    QCPRange range = dataRange_;
    if (range.size() <= 0.0) range = QCPRange(range.lower - 3600.0, range.lower + 3600.0);
    strips_.front().rect->axis(QCPAxis::atBottom)->setRange(range);
    replot();
}

void TimeSeriesPlot::showTimeRange(double startUtc, double endUtc, bool highlight) {
    clearHighlight();
    if (strips_.empty() || !std::isfinite(startUtc) || !std::isfinite(endUtc)) return;
    if (endUtc < startUtc) std::swap(startUtc, endUtc);
    // Context on both sides: a stuck stretch is only visible against the moving signal.
    const double span = std::max(endUtc - startUtc, min_visible_span_s);
    const double middle = 0.5 * (startUtc + endUtc);
    strips_.front()
        .rect->axis(QCPAxis::atBottom)
        ->setRange(middle - 0.8 * span, middle + 0.8 * span);
    if (highlight) {
        const double half = std::max(0.5 * (endUtc - startUtc), 30.0);
        for (const auto& strip : strips_) {
            auto* band = new QCPItemRect(this);
            band->setClipAxisRect(strip.rect);
            for (auto* corner : {band->topLeft, band->bottomRight}) {
                corner->setAxes(strip.rect->axis(QCPAxis::atBottom),
                                strip.rect->axis(QCPAxis::atLeft));
                corner->setAxisRect(strip.rect);
                corner->setTypeX(QCPItemPosition::ptPlotCoords);
                corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
            }
            band->topLeft->setCoords(middle - half, 0.0);
            band->bottomRight->setCoords(middle + half, 1.0);
            band->setPen(QPen(QColor(0xf2, 0x8e, 0x2b, 200), 1));
            band->setBrush(QColor(0xf2, 0x8e, 0x2b, 48));
            highlights_.push_back(band);
        }
    }
    replot();
}

void TimeSeriesPlot::clearHighlight() {
    for (auto* band : highlights_) removeItem(band);
    highlights_.clear();
}

void TimeSeriesPlot::onTimeRangeChanged(const QCPRange& range) {
    if (syncing_) return;
    syncing_ = true;
    QCPRange bounded = range;
    if (bounded.size() < min_visible_span_s) {
        const double middle = bounded.center();
        bounded = QCPRange(middle - 0.5 * min_visible_span_s, middle + 0.5 * min_visible_span_s);
    }
    for (const auto& strip : strips_) {
        strip.rect->axis(QCPAxis::atBottom)->setRange(bounded);
        strip.rect->axis(QCPAxis::atTop)->setRange(bounded);
    }
    updateTickFormat(bounded);
    fitValueAxes();
    syncing_ = false;
    emit timeRangeChanged(bounded.lower, bounded.upper);
}

void TimeSeriesPlot::updateTickFormat(const QCPRange& range) {
    // Days apart: dates suffice; within a day or two the hour matters.
    const double span = range.size();
    if (span > 20 * 86400.0)
        ticker_->setDateTimeFormat(QStringLiteral("d MMM"));
    else if (span > 2 * 86400.0)
        ticker_->setDateTimeFormat(QStringLiteral("d MMM\nHH:mm"));
    else
        ticker_->setDateTimeFormat(QStringLiteral("HH:mm\nd MMM"));
}

void TimeSeriesPlot::fitValueAxes() {
    for (const auto& strip : strips_) {
        auto* value = strip.rect->axis(QCPAxis::atLeft);
        if (strip.style == PlotSeries::Style::steps) {
            value->setRange(-0.5,
                            std::max<double>(static_cast<double>(strip.levels.size()) - 0.5, 0.5));
            continue;
        }
        bool found = false;
        QCPRange range = strip.graph->getValueRange(found, QCP::sdBoth,
                                                    strip.rect->axis(QCPAxis::atBottom)->range());
        if (!found) range = strip.graph->getValueRange(found, QCP::sdBoth, QCPRange());
        if (!found) continue;
        const double pad =
            range.size() > 0 ? 0.08 * range.size() : std::max(std::abs(range.center()) * 0.05, 1.0);
        value->setRange(range.lower - pad, range.upper + pad);
    }
}

void TimeSeriesPlot::applyStyle() {
    const QPalette p = palette();
    setBackground(p.brush(QPalette::Window));
    QFont font = this->font();
    for (const auto& strip : strips_) {
        styleAxisRect(strip.rect, p, font);
        QColor box = p.color(QPalette::Base);
        box.setAlpha(210);
        strip.title->setBrush(box);
        QFont bold = font;
        bold.setBold(true);
        strip.title->setFont(bold);
    }
    if (placeholder_) {
        placeholder_->setTextColor(p.color(QPalette::PlaceholderText));
        placeholder_->setFont(font);
    }
}

void TimeSeriesPlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyStyle();
        updateCursorItems();
        replot();
    }
}

void TimeSeriesPlot::mouseDoubleClickEvent(QMouseEvent* event) {
    QCustomPlot::mouseDoubleClickEvent(event);
    showAll();
}

void TimeSeriesPlot::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_ && !strips_.empty()) {
        setCursorTime(
            *dragging_,
            strips_.front().rect->axis(QCPAxis::atBottom)->pixelToCoord(event->position().x()));
        return;
    }
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton) return;
    if (cursorNear(event->position().toPoint().x()))
        setCursor(Qt::SizeHorCursor);
    else
        unsetCursor();
    const QString tip = tooltipAt(event->pos());
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
}

void TimeSeriesPlot::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const QPoint pos = event->position().toPoint();
        const bool inStrip = std::any_of(strips_.begin(), strips_.end(), [&](const Strip& s) {
            return s.rect->rect().contains(pos);
        });
        if (const auto near = cursorNear(pos.x()); near && inStrip) {
            // The cursor, not the view, follows this drag.
            dragging_ = near;
            activeCursor_ = *near;
            setFocus(Qt::MouseFocusReason);
            updateCursorItems();
            replot();
            event->accept();
            return;
        }
    }
    QCustomPlot::mousePressEvent(event);
}

void TimeSeriesPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (dragging_) {
        dragging_.reset();
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

void TimeSeriesPlot::keyPressEvent(QKeyEvent* event) {
    if (strips_.empty()) {
        QCustomPlot::keyPressEvent(event);
        return;
    }
    const QCPRange view = timeRange();
    const double step =
        view.size() /
        ((event->modifiers() & Qt::ShiftModifier) ? cursor_coarse_steps : cursor_fine_steps);
    const auto moveOrPan = [&](double by) {
        if (cursorsVisible_) {
            setCursorTime(activeCursor_, cursorTime(activeCursor_) + by);
            return;
        }
        strips_.front().rect->axis(QCPAxis::atBottom)->moveRange(by);  // without cursors the keys
                                                                       // pan
        replot();
    };
    switch (event->key()) {
        case Qt::Key_A:
        case Qt::Key_B:
            if (!cursorsVisible_) break;
            activeCursor_ = event->key() == Qt::Key_A ? AbCursor::a : AbCursor::b;
            updateCursorItems();
            replot();
            return;
        case Qt::Key_Left:
            moveOrPan(-step);
            return;
        case Qt::Key_Right:
            moveOrPan(step);
            return;
        case Qt::Key_Home:
        case Qt::Key_End:
            if (!cursorsVisible_) break;
            setCursorTime(activeCursor_, event->key() == Qt::Key_Home ? view.lower : view.upper);
            return;
        default:
            break;
    }
    QCustomPlot::keyPressEvent(event);
}

void TimeSeriesPlot::setCursorsVisible(bool visible) {
    if (cursorsAction_->isChecked() != visible) {
        cursorsAction_->setChecked(visible);  // toggled() comes back here
        return;
    }
    if (cursorsVisible_ == visible) return;
    cursorsVisible_ = visible;
    if (visible) {
        const QCPRange view = timeRange();
        if (!(view.contains(cursorTime_[0]) && view.contains(cursorTime_[1]))) {
            cursorTime_[0] = view.lower + view.size() / 3.0;
            cursorTime_[1] = view.lower + 2.0 * view.size() / 3.0;
        }
    }
    placeCursorItems();
    replot();
    emit cursorsChanged();
}

void TimeSeriesPlot::setCursorTime(AbCursor cursor, double utc) {
    if (!std::isfinite(utc)) return;
    // A cursor beyond the data bounds nothing more than one on its edge.
    if (dataRange_.size() > 0.0) utc = std::clamp(utc, dataRange_.lower, dataRange_.upper);
    cursorTime_[index(cursor)] = utc;
    updateCursorItems();
    replot();
    emit cursorsChanged();
}

void TimeSeriesPlot::placeCursorItems() {
    for (auto& c : cursorItems_) {
        for (auto* line : c.lines) removeItem(line);
        if (c.label) removeItem(c.label);
        c = {};
    }
    if (!cursorsVisible_ || strips_.empty()) return;
    for (auto& c : cursorItems_) {
        for (const auto& strip : strips_) {
            auto* line = new QCPItemStraightLine(this);
            line->setClipAxisRect(strip.rect);
            for (auto* point : {line->point1, line->point2}) {
                point->setAxes(strip.rect->axis(QCPAxis::atBottom),
                               strip.rect->axis(QCPAxis::atLeft));
                point->setAxisRect(strip.rect);
                point->setTypeX(QCPItemPosition::ptPlotCoords);
                point->setTypeY(QCPItemPosition::ptAxisRectRatio);
            }
            c.lines.push_back(line);
        }
        auto* label = new QCPItemText(this);
        const auto& top = strips_.front();
        label->setClipAxisRect(top.rect);
        label->position->setAxes(top.rect->axis(QCPAxis::atBottom),
                                 top.rect->axis(QCPAxis::atLeft));
        label->position->setAxisRect(top.rect);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setPadding(QMargins(4, 1, 4, 1));
        label->setText(&c == &cursorItems_[0] ? QStringLiteral("A") : QStringLiteral("B"));
        c.label = label;
    }
    updateCursorItems();
}

void TimeSeriesPlot::updateCursorItems() {
    const QPalette p = palette();
    for (std::size_t i = 0; i < 2; ++i) {
        auto& c = cursorItems_[i];
        const double t = cursorTime_[i];
        const bool active = index(activeCursor_) == i;
        // A and B in the text colour so they read on light and dark; the active one bolder.
        const QPen pen(p.color(QPalette::Text), active ? 2.0 : 1.2,
                       active ? Qt::SolidLine : Qt::DashLine);
        for (auto* line : c.lines) {
            line->point1->setCoords(t, 0.0);
            line->point2->setCoords(t, 1.0);
            line->setPen(pen);
        }
        if (c.label) {
            c.label->position->setCoords(t, 0.0);
            c.label->setColor(p.color(QPalette::Base));
            c.label->setBrush(p.color(QPalette::Text));
            QFont bold = font();
            bold.setBold(active);
            c.label->setFont(bold);
        }
    }
}

std::optional<AbCursor> TimeSeriesPlot::cursorNear(int x) const {
    if (!cursorsVisible_ || strips_.empty()) return std::nullopt;
    const auto* time = strips_.front().rect->axis(QCPAxis::atBottom);
    std::optional<AbCursor> best;
    double bestDistance = cursor_grab_px;
    for (const AbCursor c : {AbCursor::a, AbCursor::b}) {
        const double distance = std::abs(time->coordToPixel(cursorTime(c)) - x);
        if (distance <= bestDistance) {
            best = c;
            bestDistance = distance;
        }
    }
    return best;
}

QString TimeSeriesPlot::tooltipAt(const QPoint& pos) const {
    for (const auto& strip : strips_) {
        if (!strip.rect->rect().contains(pos)) continue;
        const auto* samples = strip.graph->data().data();
        if (samples->isEmpty()) return {};
        auto* time = strip.rect->axis(QCPAxis::atBottom);
        const double key = time->pixelToCoord(pos.x());
        auto it = samples->findBegin(key, false);
        if (it == samples->constEnd()) --it;
        if (it != samples->constBegin()) {
            auto before = it - 1;
            if (std::abs(before->key - key) < std::abs(it->key - key)) it = before;
        }
        // Only a sample near the cursor (a few pixels) is the one the engineer points at.
        if (std::abs(time->coordToPixel(it->key) - pos.x()) > 12.0 &&
            strip.style == PlotSeries::Style::points)
            return {};
        QString value;
        if (std::isnan(it->value))
            value = tr("missing");
        else if (strip.style == PlotSeries::Style::steps)
            value = strip.levels.value(static_cast<int>(it->value));
        else
            value = QLocale().toString(it->value, 'g', 5) +
                    (strip.unit.isEmpty() ? QString() : QLatin1Char(' ') + strip.unit);
        return QStringLiteral("<b>%1</b>: %2<br>%3")
            .arg(strip.name.toHtmlEscaped(), value.toHtmlEscaped(), formatTime(it->key, zone_));
    }
    return {};
}

}  // namespace twinbench::ui
