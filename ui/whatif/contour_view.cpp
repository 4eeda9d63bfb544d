#include "ui/whatif/contour_view.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "sim/kpis.h"
#include "ui/app/qt_strings.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"
#include "ui/whatif/contour_lines.h"
#include "ui/whatif/kpi_tiles.h"

namespace twinbench::ui {

ContourView::ContourView(WhatIfState& state, QWidget* parent)
    : QWidget(parent),
      state_(state),
      kpi_(new QComboBox(this)),
      constraint_(new QLineEdit(this)),
      constraintNote_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Map of"), this));
    for (int k : KpiTiles::kpiIndices()) kpi_->addItem(KpiTiles::title(k), k);
    kpi_->setCurrentIndex(1);  // scrap rate: where the setpoint window bites
    bar->addWidget(kpi_, 1);
    layout->addLayout(bar);
    // The constraint on its own row: the view stays narrow enough for small windows.
    bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("wash out where"), this));
    constraint_->setPlaceholderText(QStringLiteral("scrap_rate<=3%"));
    constraint_->setToolTip(
        tr("A constraint on a KPI, as the optimiser takes it: scrap_rate<=3%, "
           "throughput_per_h>=450"));
    bar->addWidget(constraint_, 1);
    layout->addLayout(bar);
    // Under the field, wrapped: the engine's reason for a constraint it does not understand
    // lists the names it knows, longer than the bar.
    constraintNote_->setWordWrap(true);
    layout->addWidget(constraintNote_);
    layout->addWidget(plot_, 1);
    plot_->setObjectName(QStringLiteral("contourPlot"));
    plot_->setMinimumSize(200, 160);

    auto* rect = plot_->axisRect();
    const ColourMapParts parts = addViridisColourMap(plot_);
    map_ = parts.map;
    scale_ = parts.scale;
    rect->axis(QCPAxis::atBottom)->setLabel(state_.range(WhatIfControl::speed).name);
    rect->axis(QCPAxis::atLeft)->setLabel(state_.range(WhatIfControl::setpoint).name);

    boundary_ = new QCPCurve(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    boundary_->setPen(QPen(QColor(0xff, 0x8f, 0x00), 2.0));
    boundary_->setName(tr("limit edge"));
    boundary_->setSelectable(QCP::stNone);
    envelope_ = new QCPCurve(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    envelope_->setPen(QPen(QColor(255, 255, 255, 220), 1.5, Qt::DashLine));
    envelope_->setName(tr("data envelope"));
    point_ = plot_->addGraph();
    point_->setLineStyle(QCPGraph::lsNone);
    point_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::white, 2),
                                            QBrush(seriesColour(1)), 12));
    point_->setName(tr("setting (drag)"));
    // The envelope and the current point above the contour lines drawn later.
    plot_->addLayer(QStringLiteral("onTop"), plot_->layer(QStringLiteral("main")),
                    QCustomPlot::limAbove);
    plot_->layer(QStringLiteral("onTop"))->setMode(QCPLayer::lmBuffered);
    envelope_->setLayer(QStringLiteral("onTop"));
    boundary_->setLayer(QStringLiteral("onTop"));
    point_->setLayer(QStringLiteral("onTop"));
    followPalette(plot_);
    // The legend under the map, in one row: inside the map its marker read as a second
    // current point, and its box hid part of the map.
    plot_->legend->setVisible(true);
    map_->removeFromLegend();
    auto* legendRow = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(1, 0, legendRow);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    legendRow->setMargins(QMargins(0, 0, 0, 2));
    legendRow->addElement(0, 0, plot_->legend);
    // Two entries a row: the map is narrow in a 1400 px window.
    plot_->legend->setWrap(2);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setIconSize(14, 10);
    styleLegend();
    ChartExportOptions options;
    options.baseName = QStringLiteral("speed_setpoint_map");
    options.timeKeys = false;
    options.keyTitle = QStringLiteral("speed");
    ChartExport::install(plot_, options);
    plot_->installEventFilter(this);

    connect(kpi_, &QComboBox::currentIndexChanged, this, [this] {
        mapRevision_ = -1;
        refresh();
    });
    connect(constraint_, &QLineEdit::editingFinished, this, [this] {
        readConstraint();
        mapRevision_ = -1;
        refresh();
    });
    connect(&state_, &WhatIfState::resultChanged, this, &ContourView::refresh);
    connect(&state_, &WhatIfState::unloaded, this, &ContourView::clear);
    connect(&state_, &WhatIfState::loaded, this, [this] {
        // Default shading: the scrap limit the time chart marks.
        for (const auto& l : state_.limits())
            if (l.series == "scrap_rate" && l.max && constraint_->text().isEmpty())
                constraint_->setText(QStringLiteral("scrap_rate<=%1%").arg(100.0 * *l.max, 0, 'g', 3));
        readConstraint();
        // The map was drawn (on resultChanged) before the study announced itself loaded.
        mapRevision_ = -1;
        refresh();
    });
}

void ContourView::clear() {
    for (auto* w : washes_) plot_->removeItem(w);
    washes_.clear();
    for (auto* c : curves_) plot_->removePlottable(c);
    for (auto* l : labels_) plot_->removeItem(l);
    curves_.clear();
    labels_.clear();
    lines_.clear();
    levels_.clear();
    values_.clear();
    map_->data()->clear();
    point_->data()->clear();
    envelope_->data()->clear();
    boundary_->data()->clear();
    boundary_->setVisible(false);
    breachShare_ = 0.0;
    mapRevision_ = -1;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ContourView::styleLegend() {
    // The map's darkest colour behind the legend: its white and orange lines read there
    // as on the map, in light and dark palettes alike.
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setBrush(QColor(0x44, 0x01, 0x54));
    plot_->legend->setTextColor(Qt::white);
    QFont legendFont = plot_->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    plot_->legend->setFont(legendFont);
}

void ContourView::readConstraint() {
    parsed_.reset();
    constraintNote_->clear();
    const QString text = constraint_->text().trimmed();
    if (text.isEmpty()) return;
    try {
        parsed_ = twinbench::parse_constraint(toUtf8(text));
        if (parsed_->probability) {
            parsed_.reset();
            constraintNote_->setText(tr("(chance constraints: use the optimiser)"));
        }
    } catch (const std::exception& e) {
        // The engine's reason, which names what it knows, where the engineer looks.
        constraintNote_->setText(tr("not understood: %1").arg(toQString(e.what())));
        constraintNote_->setToolTip(toQString(e.what()));
    }
}

int ContourView::kpi() const {
    return kpi_->currentData().toInt();
}

QPointF ContourView::currentPoint() const {
    if (point_->dataCount() == 0) return {qQNaN(), qQNaN()};
    return {point_->data()->at(0)->key, point_->data()->at(0)->value};
}

void ContourView::refresh() {
    if (!state_.isLoaded()) return;
    const bool mapChanged = state_.contourRevision() != mapRevision_;
    if (mapChanged) refreshMap();
    refreshPoint();
    // A speed or setpoint drag only moves the point: its own buffered layer is redrawn,
    // not the map, the contour lines and the washes under it.
    if (mapChanged || !replotted_) {
        plot_->replot(QCustomPlot::rpQueuedReplot);
        replotted_ = true;
    } else {
        plot_->layer(QStringLiteral("onTop"))->replot();
    }
}

void ContourView::refreshMap() {
    const auto& g = state_.contour();
    if (g.n < 2) return;
    mapRevision_ = state_.contourRevision();
    const auto k = static_cast<std::size_t>(kpi());
    map_->data()->setSize(g.n, g.n);
    map_->data()->setRange(QCPRange(g.speed_low, g.speed_high),
                           QCPRange(g.setpoint_low, g.setpoint_high));
    for (auto* w : washes_) plot_->removeItem(w);
    washes_.clear();
    const double dx = (g.speed_high - g.speed_low) / (g.n - 1);
    const double dy = (g.setpoint_high - g.setpoint_low) / (g.n - 1);
    // Washed out: the settings there break the constraint. One rectangle per run of
    // breaking cells along a row (a colour map with transparent colours drew murky
    // greys with QCustomPlot 2.1).
    const auto wash = [&](int row, int first, int last) {
        auto* r = new QCPItemRect(plot_);
        r->setLayer(QStringLiteral("main"));  // over the map, under lines and the point
        r->setClipToAxisRect(true);
        r->setSelectable(false);
        r->setPen(Qt::NoPen);
        r->setAntialiased(false);  // no seams between the rows
        r->setBrush(QColor(255, 255, 255, 165));
        const double y = g.setpoint_low + row * dy;
        r->topLeft->setCoords(std::max(g.speed_low, g.speed_low + (first - 0.5) * dx),
                              std::min(g.setpoint_high, y + 0.5 * dy));
        r->bottomRight->setCoords(std::min(g.speed_high, g.speed_low + (last + 0.5) * dx),
                                  std::max(g.setpoint_low, y - 0.5 * dy));
        washes_.push_back(r);
    };
    // Shares read in per cent, as on the tiles.
    const double scale =
        KpiTiles::unit(static_cast<int>(k), state_.currency()) == QStringLiteral("%") ? 100.0 : 1.0;
    int broken = 0;
    std::vector<double> constrained(static_cast<std::size_t>(g.n) * static_cast<std::size_t>(g.n),
                                    NAN);
    values_.assign(static_cast<std::size_t>(g.n) * static_cast<std::size_t>(g.n), NAN);
    for (int row = 0; row < g.n; ++row) {
        int runStart = -1;
        for (int col = 0; col < g.n; ++col) {
            const auto& kpis = g.kpis[static_cast<std::size_t>(row * g.n + col)];
            const double value = scale * twinbench::kpi_value(kpis, k);
            values_[static_cast<std::size_t>(row * g.n + col)] = value;
            map_->data()->setCell(col, row, value);
            bool breaks = false;
            if (parsed_) {
                const int ci = twinbench::kpi_index(parsed_->kpi);
                const double v =
                    ci >= 0 ? twinbench::kpi_value(kpis, static_cast<std::size_t>(ci)) : NAN;
                constrained[static_cast<std::size_t>(row * g.n + col)] = v;
                breaks = std::isfinite(v) &&
                         (parsed_->at_most ? v > parsed_->value : v < parsed_->value);
            }
            broken += breaks;
            if (breaks && runStart < 0) runStart = col;
            if (!breaks && runStart >= 0) {
                wash(row, runStart, col - 1);
                runStart = -1;
            }
        }
        if (runStart >= 0) wash(row, runStart, g.n - 1);
    }
    breachShare_ = static_cast<double>(broken) / (g.n * g.n);
    // The constraint's edge as a line: where the washed-out region begins.
    QVector<double> bx, by;
    if (parsed_)
        for (const auto& sgm : contour_segments(constrained, g.n, g.n, parsed_->value)) {
            bx << g.speed_low + sgm.x0 * dx << g.speed_low + sgm.x1 * dx << qQNaN();
            by << g.setpoint_low + sgm.y0 * dy << g.setpoint_low + sgm.y1 * dy << qQNaN();
        }
    boundary_->setData(bx, by);
    boundary_->setVisible(!bx.isEmpty());
    if (bx.isEmpty())
        boundary_->removeFromLegend();
    else
        boundary_->addToLegend();
    map_->rescaleDataRange(true);
    refreshContours();
    scale_->axis()->setLabel(
        QStringLiteral("%1 [%2]").arg(KpiTiles::title(static_cast<int>(k)),
                                      KpiTiles::unit(static_cast<int>(k), state_.currency())));
    plot_->xAxis->setRange(g.speed_low, g.speed_high);
    plot_->yAxis->setRange(g.setpoint_low, g.setpoint_high);
    const auto rs = state_.range(WhatIfControl::speed), rt = state_.range(WhatIfControl::setpoint);
    if (std::isfinite(rs.data_min) && std::isfinite(rt.data_min))
        envelope_->setData(
            QVector<double>{rs.data_min, rs.data_max, rs.data_max, rs.data_min, rs.data_min},
            QVector<double>{rt.data_min, rt.data_min, rt.data_max, rt.data_max, rt.data_min});
}

void ContourView::refreshContours() {
    for (auto* c : curves_) plot_->removePlottable(c);
    for (auto* l : labels_) plot_->removeItem(l);
    curves_.clear();
    labels_.clear();
    lines_.clear();
    const auto& g = state_.contour();
    const QCPRange range = map_->dataRange();
    levels_ = nice_levels(range.lower, range.upper, 6);
    const double dx = (g.speed_high - g.speed_low) / (g.n - 1);
    const double dy = (g.setpoint_high - g.setpoint_low) / (g.n - 1);
    const QColor ink = QColor(255, 255, 255, 200);
    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    std::vector<QPointF> placed;  // label spots so far, in grid units
    const int k = kpi();
    for (double level : levels_) {
        const auto segments = contour_segments(values_, g.n, g.n, level);
        std::vector<QLineF> lines;
        QVector<double> x, y;
        // The label on the piece deepest inside the map and clear of other labels.
        double bestScore = -1.0;
        QPointF labelAt;
        for (const auto& sgm : segments) {
            lines.emplace_back(g.speed_low + sgm.x0 * dx, g.setpoint_low + sgm.y0 * dy,
                               g.speed_low + sgm.x1 * dx, g.setpoint_low + sgm.y1 * dy);
            x << lines.back().x1() << lines.back().x2() << qQNaN();
            y << lines.back().y1() << lines.back().y2() << qQNaN();
            const QPointF mid(0.5 * (sgm.x0 + sgm.x1), 0.5 * (sgm.y0 + sgm.y1));
            double score = std::min({mid.x(), mid.y(), g.n - 1 - mid.x(), g.n - 1 - mid.y()});
            for (const auto& p : placed)
                if (QLineF(p, mid).length() < 0.22 * g.n) score -= g.n;
            if (score > bestScore) bestScore = score, labelAt = mid;
        }
        lines_.push_back(lines);
        if (lines.empty()) continue;
        auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
        curve->setData(x, y);
        curve->setPen(QPen(ink, 1.0));
        curve->removeFromLegend();
        curve->setSelectable(QCP::stNone);
        curves_.push_back(curve);
        if (bestScore < 0.0) continue;  // only pieces at the border or crowded: no label
        placed.push_back(labelAt);
        auto* label = new QCPItemText(plot_);
        label->position->setCoords(g.speed_low + labelAt.x() * dx,
                                   g.setpoint_low + labelAt.y() * dy);
        const QString unit = KpiTiles::unit(k, state_.currency());
        label->setText(QString::number(level, 'g', 6) +
                       (unit == QStringLiteral("%") ? QStringLiteral(" %") : QString()));
        label->setFont(font);
        label->setColor(Qt::white);
        label->setBrush(QColor(0, 0, 0, 110));
        label->setPadding(QMargins(2, 0, 2, 0));
        label->setClipToAxisRect(true);
        label->setSelectable(false);
        labels_.push_back(label);
    }
}

void ContourView::refreshPoint() {
    const auto& s = state_.settings();
    point_->setData(QVector<double>{s.speed_m_per_min}, QVector<double>{s.setpoint_degC}, true);
}

bool ContourView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && event->type() == QEvent::PaletteChange)
        // After the plot's own palette follower, which restyles every legend.
        QTimer::singleShot(0, this, [this] {
            styleLegend();
            plot_->replot();
        });
    if (watched != plot_ || !state_.isLoaded()) return QWidget::eventFilter(watched, event);
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove &&
        type != QEvent::MouseButtonRelease)
        return QWidget::eventFilter(watched, event);
    auto* me = static_cast<QMouseEvent*>(event);
    const QPointF pos = me->position();
    if (type == QEvent::MouseButtonPress && me->button() == Qt::LeftButton) {
        const QPointF p = currentPoint();
        const QPointF px(plot_->xAxis->coordToPixel(p.x()), plot_->yAxis->coordToPixel(p.y()));
        // Grab the point, or click anywhere in the map to go there.
        if (plot_->axisRect()->rect().contains(pos.toPoint()) || QLineF(px, pos).length() < 12)
            dragging_ = true;
    }
    if (!dragging_) return QWidget::eventFilter(watched, event);
    if (type == QEvent::MouseButtonRelease) {
        dragging_ = false;
        state_.endDrag();
        return true;
    }
    const auto rs = state_.range(WhatIfControl::speed), rt = state_.range(WhatIfControl::setpoint);
    WhatIfSettings next = state_.settings();
    next.speed_m_per_min = std::clamp(plot_->xAxis->pixelToCoord(pos.x()), rs.low, rs.high);
    next.setpoint_degC = std::clamp(plot_->yAxis->pixelToCoord(pos.y()), rt.low, rt.high);
    state_.changeSettings(next, tr("Move speed and setpoint"), true);
    return true;
}

}  // namespace twinbench::ui
