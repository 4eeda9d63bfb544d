#include "ui/scenarios/graph_scenario_overlay.h"

#include "ui/app/qt_strings.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_data.h"
#include "ui/charts/plot_style.h"
#include "ui/whatif/output_strips.h"

namespace twinbench::ui {

GraphScenarioOverlay::GraphScenarioOverlay(QWidget* parent) : QCustomPlot(parent) {
    setObjectName(QStringLiteral("graphScenarioOverlay"));
    setMinimumHeight(200);
    followPalette(this);
    ChartExportOptions options;
    options.baseName = QStringLiteral("scenarios");
    options.timeKeys = false;
    options.keyTitle = QStringLiteral("step");
    ChartExport::install(this, options);
}

QColor GraphScenarioOverlay::rowColour(int row) {
    return row == 0 ? QColor(128, 128, 128) : seriesColour(row - 1);
}

QCPGraph* GraphScenarioOverlay::rowGraph(int panel, int row) const {
    if (panel < 0 || panel >= panelCount()) return nullptr;
    const auto& rows = panels_[static_cast<std::size_t>(panel)].rows;
    return row >= 0 && row < static_cast<int>(rows.size()) ? rows[static_cast<std::size_t>(row)] : nullptr;
}

QCPGraph* GraphScenarioOverlay::bandGraph(int panel, int row, bool upper) const {
    if (panel < 0 || panel >= panelCount()) return nullptr;
    const auto& bands = panels_[static_cast<std::size_t>(panel)].bands;
    if (row < 0 || row >= static_cast<int>(bands.size())) return nullptr;
    return upper ? bands[static_cast<std::size_t>(row)].second : bands[static_cast<std::size_t>(row)].first;
}

int GraphScenarioOverlay::bandCount() const {
    int n = 0;
    for (const auto& p : panels_)
        for (const auto& b : p.bands) n += b.first != nullptr;
    return n;
}

void GraphScenarioOverlay::setRows(const std::vector<Row>& rows, const std::vector<std::string>& outputs,
                                   const std::vector<QString>& units) {
    clearItems();
    clearPlottables();
    plotLayout()->clear();
    panels_.clear();
    legend_.clear();
    if (rows.empty() || rows.front().frame == nullptr) {
        replot();
        return;
    }
    QStringList names;
    bool anyBand = false;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        names << QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3")
                     .arg(rowColour(static_cast<int>(r)).name(),
                          r == 0 ? QStringLiteral("&#9476;&#9476;") : QStringLiteral("&#9473;&#9473;"),
                          rows[r].name.toHtmlEscaped());
        anyBand = anyBand || rows[r].band != nullptr;
    }
    legend_ = names.join(QStringLiteral("&nbsp;&nbsp; "));
    if (anyBand) legend_ += QStringLiteral("&nbsp;&nbsp; ") + tr("(shaded: Monte Carlo P10–P90)");

    const auto& frame = *rows.front().frame;
    const QVector<double> keys = horizonKeys(frame);
    auto* margins = new QCPMarginGroup(this);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        Panel p;
        p.output = outputs[i];
        const QString unit = i < units.size() ? units[i] : QString();
        p.rect = addOutputStrip(this, margins, static_cast<int>(i), i + 1 == outputs.size(), frame.has_time(),
                                unit.isEmpty() ? toQString(p.output) : QStringLiteral("%1 [%2]").arg(toQString(p.output), unit),
                                small);
        auto* x = p.rect->axis(QCPAxis::atBottom);
        auto* y = p.rect->axis(QCPAxis::atLeft);
        // The bands first, so that every line is drawn over every band.
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto* band = rows[r].band;
            const auto it = band ? band->series.find(p.output) : decltype(band->series.end()){};
            if (band == nullptr || it == band->series.end() || it->second.p10.size() != static_cast<std::size_t>(keys.size())) {
                p.bands.emplace_back(nullptr, nullptr);
                continue;
            }
            auto* low = addGraph(x, y);
            auto* high = addGraph(x, y);
            QColor edge = rowColour(static_cast<int>(r));
            edge.setAlpha(110);
            QColor fill = rowColour(static_cast<int>(r));
            fill.setAlpha(r == 0 ? 70 : 60);
            low->setData(keys, toQVector(it->second.p10), true);
            high->setData(keys, toQVector(it->second.p90), true);
            low->setPen(QPen(edge, 0.8));
            high->setPen(QPen(edge, 0.8));
            high->setBrush(fill);
            high->setChannelFillGraph(low);
            low->setName(rows[r].name + tr(" P10"));
            high->setName(rows[r].name + tr(" P90"));
            setExportTitle(low, tr("%1 — %2 P10").arg(toQString(p.output), rows[r].name));
            setExportTitle(high, tr("%1 — %2 P90").arg(toQString(p.output), rows[r].name));
            p.bands.emplace_back(low, high);
        }
        for (std::size_t r = 0; r < rows.size(); ++r) {
            auto* g = addGraph(x, y);
            const auto* s = rows[r].frame ? rows[r].frame->find(p.output) : nullptr;
            if (s != nullptr) g->setData(keys, toQVector(s->values), true);
            g->setPen(r == 0 ? QPen(rowColour(0), 1.2, Qt::DashLine) : QPen(rowColour(static_cast<int>(r)), 1.2));
            g->setName(rows[r].name);
            setExportTitle(g, tr("%1 — %2").arg(toQString(p.output), rows[r].name));
            p.rows.push_back(g);
        }
        x->setRange(keys.isEmpty() ? 0.0 : keys.front(), keys.isEmpty() ? 1.0 : keys.back());
        y->rescale(true);
        y->scaleRange(1.1);
        panels_.push_back(std::move(p));
    }
    followPalette(this);
    replot();
}

}  // namespace twinbench::ui
