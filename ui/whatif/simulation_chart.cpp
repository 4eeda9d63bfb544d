#include "ui/whatif/simulation_chart.h"

#include <algorithm>
#include <cmath>

#include "ui/app/qt_strings.h"
#include "ui/charts/axis_words.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_data.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {
namespace {

int stripOfLimit(const std::string& series) {
    if (series == "furnace_temp") return SimulationChart::furnace_strip;
    if (series == "core_temp") return SimulationChart::core_strip;
    if (series == "scrap_rate") return SimulationChart::scrap_strip;
    return -1;  // wear has no strip here
}

const QColor limit_colour(0xc6, 0x28, 0x28);

}  // namespace

SimulationChart::SimulationChart(WhatIfState& state, QWidget* parent)
    : TimeSeriesPlot(parent), state_(state) {
    setObjectName(QStringLiteral("simulationChart"));
    keepAxisWordsApart(this);
    setMinimumHeight(180);
    connect(&state_, &WhatIfState::loaded, this, [this] {
        built_ = false;
        refresh();
    });
    connect(&state_, &WhatIfState::resultChanged, this, &SimulationChart::refresh);
    connect(&state_, &WhatIfState::limitsChanged, this, &SimulationChart::rebuildLimits);
    connect(&state_, &WhatIfState::unloaded, this, [this] {
        built_ = false;
        limits_.clear();
        for (auto*& g : baseline_) g = nullptr;
        setSeries({});
    });
}

void SimulationChart::hourly(const std::vector<double>& time_s,
                             const std::vector<double>& numerator,
                             const std::vector<double>* denominator, QVector<double>& times,
                             QVector<double>& values) {
    times.clear();
    values.clear();
    if (time_s.empty()) return;
    const double t0 = time_s.front();
    double num = 0.0, den = 0.0;
    long hour = 0;
    const auto flush = [&] {
        times.push_back(t0 + 3600.0 * static_cast<double>(hour));
        values.push_back(denominator ? (den > 0.0 ? num / den : qQNaN()) : num);
    };
    for (std::size_t i = 0; i < time_s.size(); ++i) {
        const long h = static_cast<long>(std::floor((time_s[i] - t0) / 3600.0));
        if (h != hour) {
            flush();
            hour = h;
            num = den = 0.0;
        }
        if (std::isfinite(numerator[i])) num += numerator[i];
        if (denominator && std::isfinite((*denominator)[i])) den += (*denominator)[i];
    }
    flush();
}

void SimulationChart::rebuildStrips() {
    std::vector<PlotSeries> series(strip_count);
    series[furnace_strip] = {
        tr("Furnace temperature"),    tr("°C"), {}, {}, PlotSeries::Style::line, {},
        twinbench::Role::furnace_temp};
    series[core_strip] = {tr("Core temperature"), tr("°C"), {}, {}, PlotSeries::Style::line, {},
                          twinbench::Role::none};
    series[scrap_strip] = {tr("Scrap rate (hourly)"), tr("%"), {}, {}, PlotSeries::Style::line, {},
                           twinbench::Role::none};
    series[energy_strip] = {tr("Energy (hourly)"),  tr("kWh"), {}, {}, PlotSeries::Style::line, {},
                            twinbench::Role::energy};
    // Place-holder points so the strips exist; refresh() fills them.
    for (auto& s : series) {
        s.times = {state_.window().start_s, state_.window().end_s};
        s.values = {0.0, 0.0};
    }
    setTimeZone(QTimeZone(QByteArray::fromStdString(state_.study()->dataset.time_zone)));
    // setSeries() deletes every item of the plot, the limit lines and labels with them:
    // forget them first, or buildLimitItems() asks QCustomPlot to remove dangling items.
    limits_.clear();
    setSeries(std::move(series));
    for (int i = 0; i < strip_count; ++i) {
        auto* scenario = seriesGraph(i);
        scenario->setName(seriesName(i) + tr(" — scenario"));
        setExportTitle(scenario, seriesName(i) + tr(" — scenario"));
        auto* b = addGraph(scenario->keyAxis(), scenario->valueAxis());
        // 1 px: QCustomPlot draws it as a cosmetic pen, which Qt dashes on its fast path
        // (a 1.2 px dashed week took some 40 ms per replot).
        b->setPen(QPen(QColor(128, 128, 128), 1.0, Qt::DashLine));
        b->setName(seriesName(i) + tr(" — baseline"));
        setExportTitle(b, seriesName(i) + tr(" — baseline"));
        b->setAdaptiveSampling(true);
        b->setLayer(QStringLiteral("grid"));  // under the scenario
        baseline_[i] = b;
    }
    buildLimitItems();
    built_ = true;
    thinned_ = false;  // fresh graphs: full data and pens
}

void SimulationChart::thinPerPixelColumn(const std::vector<double>& time_s,
                                         const std::vector<double>& values, double t0,
                                         double s_per_column, QVector<double>& times,
                                         QVector<double>& thinned) {
    times.clear();
    thinned.clear();
    const std::size_t n = std::min(time_s.size(), values.size());
    std::size_t first = 0;  // of the current column's run of finite values
    long column = 0;
    const auto flush = [&](std::size_t end) {
        if (first >= end) return;
        std::size_t lo = first, hi = first;
        for (std::size_t i = first; i < end; ++i) {
            if (values[i] < values[lo]) lo = i;
            if (values[i] > values[hi]) hi = i;
        }
        // In time order, each point once.
        std::size_t keep[4] = {first, std::min(lo, hi), std::max(lo, hi), end - 1};
        std::size_t last = n;
        for (std::size_t k : keep) {
            if (k == last) continue;
            times.push_back(time_s[k]);
            thinned.push_back(values[k]);
            last = k;
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(values[i])) {
            // A gap stays a gap: the line breaks at a NaN point.
            flush(i);
            times.push_back(time_s[i]);
            thinned.push_back(qQNaN());
            first = i + 1;
            continue;
        }
        const auto c = static_cast<long>(std::floor((time_s[i] - t0) / s_per_column));
        if (i == first) {
            column = c;
        } else if (c != column) {
            flush(i);
            first = i;
            column = c;
        }
    }
    flush(n);
}

bool SimulationChart::showsCurrentResult(bool thin) const {
    const auto& s = state_.result().series;
    return thin == thinned_ && drawnTime_ == state_.scenarioInputs().time_s &&
           drawnFurnace_ == s.furnace_degC && drawnCore_ == s.core_degC && drawnScrap_ == s.scrap &&
           drawnProduced_ == s.produced && drawnEnergy_ == s.energy_kwh &&
           std::equal(drawnCrossings_.begin(), drawnCrossings_.end(),
                      state_.limitCrossings().begin(), state_.limitCrossings().end(),
                      [](const auto& a, const auto& b) {
                          return a.crossed == b.crossed && a.time_s == b.time_s &&
                                 a.limit.series == b.limit.series;
                      });
}

void SimulationChart::refresh() {
    if (!state_.isLoaded()) return;
    const bool fresh = !built_;
    if (!built_) rebuildStrips();
    const auto& in = state_.scenarioInputs();
    const auto& base = state_.window().inputs;
    const auto& series = state_.result().series;
    // Thin only when it saves drawing: a plot narrower than the series' steps.
    const QCPRange view = seriesGraph(furnace_strip)->keyAxis()->range();
    const int columns = seriesGraph(furnace_strip)->keyAxis()->axisRect()->width();
    const bool thin = state_.isDragging() && columns > 0 && view.size() > 0 &&
                      static_cast<double>(in.steps()) > 4.0 * columns;
    // A change of a control that none of the strips shows (a price, the check interval)
    // leaves the chart as it is.
    if (!fresh && state_.isDragging() == drawnDragging_ && showsCurrentResult(thin)) return;
    drawnDragging_ = state_.isDragging();  // (the drag's end fits the axes again)
    const auto fill = [&](int strip, const twinbench::SimulationInputs& inputs,
                          const twinbench::SimulationSeries& s, QCPGraph* graph, bool thinned) {
        QVector<double> t, v;
        switch (strip) {
            case furnace_strip:
            case core_strip: {
                const auto& values = strip == furnace_strip ? s.furnace_degC : s.core_degC;
                if (thinned) {
                    thinPerPixelColumn(inputs.time_s, values, view.lower, view.size() / columns, t,
                                       v);
                    break;
                }
                graph->setData(toQVector(inputs.time_s), toQVector(values), true);
                return;
            }
            case scrap_strip:
                hourly(inputs.time_s, s.scrap, &s.produced, t, v);
                for (auto& x : v) x *= 100.0;
                break;
            case energy_strip:
                hourly(inputs.time_s, s.energy_kwh, nullptr, t, v);
                break;
            default:
                return;
        }
        graph->setData(t, v, true);
    };
    // The baseline does not move with the controls: drawn once per study.
    const bool fillBaseline = fresh || baseline_[0]->dataCount() == 0;
    for (int i = 0; i < strip_count; ++i) {
        fill(i, in, series, seriesGraph(i), thin);
        if (fillBaseline) fill(i, base, state_.baseline().series, baseline_[i], false);
    }
    if (thin != thinned_) {
        // Thinned, the scenario is drawn 1 px wide: Qt strokes that on its fast path,
        // a wider antialiased line was most of a replot. The drag's end restores it.
        for (int i = 0; i < strip_count; ++i) {
            QPen pen = seriesGraph(i)->pen();
            if (thin) scenarioPenWidth_ = pen.widthF();
            pen.setWidthF(thin ? 1.0 : scenarioPenWidth_);
            seriesGraph(i)->setPen(pen);
        }
    }
    thinned_ = thin;
    drawnTime_ = in.time_s;
    drawnFurnace_ = series.furnace_degC;
    drawnCore_ = series.core_degC;
    drawnScrap_ = series.scrap;
    drawnProduced_ = series.produced;
    drawnEnergy_ = series.energy_kwh;
    drawnCrossings_ = state_.limitCrossings();
    updateLimits();
    for (int i = 0; i < strip_count; ++i) fitStrip(i);
    replot(QCustomPlot::rpQueuedReplot);
}

void SimulationChart::buildLimitItems() {
    for (auto& l : limits_)
        for (QCPAbstractItem* item :
             {static_cast<QCPAbstractItem*>(l.level), static_cast<QCPAbstractItem*>(l.crossing),
              static_cast<QCPAbstractItem*>(l.label)})
            removeItem(item);
    limits_.clear();
    for (const auto& limit : state_.limits()) {
        const int strip = stripOfLimit(limit.series);
        if (strip < 0) continue;
        auto* g = seriesGraph(strip);
        LimitItems items;
        items.strip = strip;
        items.value = limit.max ? *limit.max : *limit.min;
        if (strip == scrap_strip) items.value *= 100.0;  // shown in per cent
        items.level = new QCPItemStraightLine(this);
        items.level->setClipAxisRect(g->keyAxis()->axisRect());
        items.level->point1->setAxes(g->keyAxis(), g->valueAxis());
        items.level->point2->setAxes(g->keyAxis(), g->valueAxis());
        items.level->point1->setCoords(0.0, items.value);
        items.level->point2->setCoords(1.0, items.value);
        items.level->setPen(QPen(limit_colour, 1.2, Qt::DashDotLine));
        items.crossing = new QCPItemStraightLine(this);
        items.crossing->setClipAxisRect(g->keyAxis()->axisRect());
        items.crossing->point1->setAxes(g->keyAxis(), g->valueAxis());
        items.crossing->point2->setAxes(g->keyAxis(), g->valueAxis());
        items.crossing->setPen(QPen(limit_colour, 2));
        items.label = new QCPItemText(this);
        items.label->setClipAxisRect(g->keyAxis()->axisRect());
        items.label->position->setAxes(g->keyAxis(), g->valueAxis());
        items.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        items.label->setColor(limit_colour);
        QColor box = palette().color(QPalette::Base);
        box.setAlpha(210);
        items.label->setBrush(box);
        limits_.push_back(items);
    }
}

void SimulationChart::rebuildLimits() {
    // The engineer changed the limits: only their lines and labels are replaced, so the
    // zoom and the A/B cursors stay where they were.
    if (!built_) return;
    buildLimitItems();
    updateLimits();
    for (int strip = 0; strip < strip_count; ++strip) fitStrip(strip);
    replot();
}

void SimulationChart::updateLimits() {
    const auto& crossings = state_.limitCrossings();
    std::size_t item = 0;
    for (const auto& c : crossings) {
        if (stripOfLimit(c.limit.series) < 0) continue;
        if (item >= limits_.size()) break;
        auto& items = limits_[item++];
        items.crossing->setVisible(c.crossed);
        items.label->setVisible(true);
        const double span = state_.window().end_s - state_.window().start_s;
        // The label sits at the strip's right end, clear of the strip's title at the left
        // (a label at an early crossing covered it); the crossing itself is the line.
        items.label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        items.label->position->setCoords(state_.window().end_s - span * 0.005, items.value);
        if (c.crossed) {
            items.crossing->point1->setCoords(c.time_s, 0.0);
            items.crossing->point2->setCoords(c.time_s, 1.0);
            items.label->setText(tr("limit %1 reached after %2 h")
                                     .arg(items.value, 0, 'g', 4)
                                     .arg(c.hours_from_start, 0, 'f', 1));
        } else {
            items.label->setText(tr("limit %1: not reached").arg(items.value, 0, 'g', 4));
        }
    }
}

int SimulationChart::limitMarkerCount() const {
    int n = 0;
    for (const auto& l : limits_) n += l.crossing->visible();
    return n;
}

void SimulationChart::fitStrip(int strip) {
    auto* g = seriesGraph(strip);
    bool found = false, foundBase = false;
    QCPRange r = g->getValueRange(found);
    const QCPRange rb = baseline_[strip]->getValueRange(foundBase);
    if (!found && !foundBase) return;
    if (!found)
        r = rb;
    else if (foundBase)
        r.expand(rb);
    // A limit far from the data would squash the curves; show it only when near.
    for (const auto& l : limits_)
        if (l.strip == strip && l.value < r.upper + r.size() && l.value > r.lower - r.size())
            r.expand(l.value);
    const double pad = r.size() > 0 ? 0.08 * r.size() : std::max(std::abs(r.center()) * 0.05, 1.0);
    const QCPRange now = g->valueAxis()->range();
    if (!state_.isDragging())
        g->valueAxis()->setRange(r.lower - pad, r.upper + pad);
    else if (r.lower < now.lower || r.upper > now.upper)
        // While a drag runs the strips hold still (no tick labels laid out anew each
        // value): they only widen when a curve would leave them, by a quarter more on that
        // side so that a steady drag does not widen them every value; the drag's end fits
        // them.
        g->valueAxis()->setRange(r.lower < now.lower ? r.lower - pad - 0.25 * r.size() : now.lower,
                                 r.upper > now.upper ? r.upper + pad + 0.25 * r.size() : now.upper);
}

}  // namespace twinbench::ui
