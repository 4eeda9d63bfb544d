#include "ui/whatif/graph_time_chart.h"

#include <algorithm>
#include <cmath>

#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/charts/axis_words.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"
#include "ui/whatif/output_strips.h"

namespace twinbench::ui {
namespace {

const QColor limit_colour(0xc6, 0x28, 0x28);

QVector<double> valuesOf(const twinbench::SignalFrame& frame, const std::string& name) {
    const auto* s = frame.find(name);
    if (s == nullptr) return {};
    return QVector<double>(s->values.begin(), s->values.end());
}

}  // namespace

GraphTimeChart::GraphTimeChart(GraphWhatIfState& state, QWidget* parent) : QCustomPlot(parent), state_(state) {
    setObjectName(QStringLiteral("graphTimeChart"));
    keepAxisWordsApart(this);
    setMinimumHeight(180);
    // The scenario's lines on their own buffered layer: a drag step that leaves the axes
    // where they are redraws only them, not the baseline, band, grid and axes.
    addLayer(QStringLiteral("scenario"), layer(QStringLiteral("overlay")), QCustomPlot::limAbove);
    // Two paint buffers to blend per paint, not four: everything else in one (the lines
    // are clipped to their axis rect, so drawing them above the axes changes no pixel
    // that matters).
    layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmLogical);
    scenarioLayer_ = layer(QStringLiteral("scenario"));
    scenarioLayer_->setMode(QCPLayer::lmBuffered);
    followPalette(this);
    ChartExportOptions options;
    options.baseName = QStringLiteral("horizon");
    options.timeKeys = false;
    options.keyTitle = QStringLiteral("step");
    ChartExport::install(this, options);
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphTimeChart::rebuild);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphTimeChart::rebuild);
    connect(&state_, &GraphWhatIfState::resultChanged, this, &GraphTimeChart::refresh);
    connect(&state_, &GraphWhatIfState::bandChanged, this, [this] {
        refreshBand();
        fitValueAxes();
        replot(QCustomPlot::rpQueuedReplot);
    });
    connect(&state_, &GraphWhatIfState::limitsChanged, this, [this] {
        refreshLimits();
        replot(QCustomPlot::rpQueuedReplot);
    });
}

void GraphTimeChart::rebuild() {
    clearItems();
    clearPlottables();
    plotLayout()->clear();
    panels_.clear();
    keys_.clear();
    if (!state_.isLoaded()) {
        replot();
        return;
    }
    const auto& frame = state_.result().result.frame;
    keys_ = horizonKeys(frame);
    auto* margins = new QCPMarginGroup(this);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    std::vector<std::string> outputs;
    for (const auto& m : state_.study()->twin.models) outputs.push_back(m->output());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        Panel p;
        p.output = outputs[i];
        const auto* g = state_.study()->graph.find(p.output);
        const QString unit = g != nullptr ? toQString(g->unit) : QString();
        p.rect = addOutputStrip(this, margins, static_cast<int>(i), i + 1 == outputs.size(), frame.has_time(),
                                unit.isEmpty() ? toQString(p.output) : QStringLiteral("%1 [%2]").arg(toQString(p.output), unit),
                                small);
        auto* x = p.rect->axis(QCPAxis::atBottom);
        auto* y = p.rect->axis(QCPAxis::atLeft);
        p.low = addGraph(x, y);
        p.high = addGraph(x, y);
        QColor shade = seriesColour(0);
        shade.setAlpha(60);
        p.low->setPen(Qt::NoPen);
        p.high->setPen(Qt::NoPen);
        p.high->setBrush(shade);
        p.high->setChannelFillGraph(p.low);
        p.baseline = addGraph(x, y);
        // 1 px: a cosmetic pen, on Qt's fast path (wider antialiased strokes of thousands
        // of points were most of a replot).
        p.baseline->setPen(QPen(QColor(0x90, 0x90, 0x90), 1.0));
        p.scenario = addGraph(x, y);
        p.scenario->setPen(QPen(seriesColour(0), 1.0));
        p.scenario->setLayer(scenarioLayer_);
        setExportTitle(p.baseline, tr("%1 baseline").arg(toQString(p.output)));
        setExportTitle(p.scenario, tr("%1 scenario").arg(toQString(p.output)));
        setExportTitle(p.low, tr("%1 P10").arg(toQString(p.output)));
        setExportTitle(p.high, tr("%1 P90").arg(toQString(p.output)));
        p.baseline->setData(keys_, valuesOf(state_.result().baseline.frame, p.output), true);
        x->setRange(keys_.isEmpty() ? 0.0 : keys_.front(), keys_.isEmpty() ? 1.0 : keys_.back());
        panels_.push_back(p);
    }
    // A legend in words above the panels: which line is which.
    auto* title = new QCPTextElement(this, tr("grey: if nothing changes · blue: scenario · shaded: Monte Carlo "
                                              "P10–P90 · red dashed: limit"),
                                     small);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, title);
    followPalette(this);
    refreshLimits();
    refresh();
}

void GraphTimeChart::refresh() {
    if (!state_.isLoaded() || panels_.empty()) return;
    const auto& frame = state_.result().result.frame;
    for (auto& p : panels_) p.scenario->setData(keys_, valuesOf(frame, p.output), true);
    const bool dragging = state_.isDragging();
    // While a drag runs the lines are drawn without antialiasing, as QCustomPlot's own drags do.
    setNotAntialiasedElements(dragging ? QCP::aePlottables : QCP::aeNone);
    bool axesMoved = !dragging || !drawnDragging_;
    drawnDragging_ = dragging;
    refreshBand();  // (empty after a change, until the Monte Carlo of the new settings is in)
    if (!dragging) {
        fitValueAxes();
    } else {
        // While the hand moves the axes only widen, so the picture holds still.
        for (auto& p : panels_) {
            bool found = false;
            const QCPRange r = p.scenario->getValueRange(found);
            auto* y = p.rect->axis(QCPAxis::atLeft);
            if (found && (r.lower < y->range().lower || r.upper > y->range().upper)) {
                const double pad = 0.05 * r.size();
                y->setRange(std::min(r.lower - pad, y->range().lower), std::max(r.upper + pad, y->range().upper));
                axesMoved = true;
            }
        }
    }
    if (axesMoved)
        replot(QCustomPlot::rpQueuedReplot);
    else
        scenarioLayer_->replot();
}

void GraphTimeChart::refreshBand() {
    const auto& band = state_.band();
    for (auto& p : panels_) {
        const auto it = band ? band->series.find(p.output) : decltype(band->series.end()){};
        const bool has = band && it != band->series.end();
        if (has) {
            p.low->setData(keys_, QVector<double>(it->second.p10.begin(), it->second.p10.end()), true);
            p.high->setData(keys_, QVector<double>(it->second.p90.begin(), it->second.p90.end()), true);
        } else {
            p.low->data()->clear();
            p.high->data()->clear();
        }
    }
}

void GraphTimeChart::refreshLimits() {
    for (auto& p : panels_) {
        for (auto* line : p.limits) removeItem(line);
        p.limits.clear();
        for (const auto& l : state_.limits()) {
            if (l.series != p.output) continue;
            for (const auto& value : {l.max, l.min}) {
                if (!value) continue;
                auto* line = new QCPItemStraightLine(this);
                line->setClipAxisRect(p.rect);
                line->point1->setAxes(p.rect->axis(QCPAxis::atBottom), p.rect->axis(QCPAxis::atLeft));
                line->point2->setAxes(p.rect->axis(QCPAxis::atBottom), p.rect->axis(QCPAxis::atLeft));
                line->point1->setCoords(0.0, *value);
                line->point2->setCoords(1.0, *value);
                line->setPen(QPen(limit_colour, 1.2, Qt::DashLine));
                p.limits.push_back(line);
            }
        }
    }
}

void GraphTimeChart::fitValueAxes() {
    for (auto& p : panels_) {
        QCPRange range;
        bool any = false;
        for (auto* g : {p.baseline, p.scenario, p.low, p.high}) {
            bool found = false;
            const QCPRange r = g->getValueRange(found);
            if (!found) continue;
            range = any ? QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper)) : r;
            any = true;
        }
        if (!any) continue;
        // A limit close above the lines is shown; one far away is not allowed to squash them.
        for (const auto& l : state_.limits())
            if (l.series == p.output)
                for (const auto& v : {l.max, l.min})
                    if (v && *v > range.lower - range.size() && *v < range.upper + range.size()) range.expand(*v);
        const double pad = range.size() > 0 ? 0.05 * range.size() : 1.0;
        // Room at the top for the panel's title.
        p.rect->axis(QCPAxis::atLeft)->setRange(range.lower - pad, range.upper + 4.0 * pad);
    }
}

}  // namespace twinbench::ui
