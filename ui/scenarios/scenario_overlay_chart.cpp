#include "ui/scenarios/scenario_overlay_chart.h"

#include "ui/charts/chart_export.h"
#include "ui/charts/plot_data.h"
#include "ui/charts/plot_style.h"
#include "ui/whatif/simulation_chart.h"

namespace twinbench::ui {
namespace {

// The strip's values of one run: furnace per step, scrap rate per hour in per cent.
void rowSeries(int strip, const twinbench::SimulationInputs& in,
               const twinbench::SimulationResult& r, QVector<double>& t, QVector<double>& v) {
    if (strip == ScenarioOverlayChart::furnace_strip) {
        t = toQVector(in.time_s);
        v = toQVector(r.series.furnace_degC);
        return;
    }
    SimulationChart::hourly(in.time_s, r.series.scrap, &r.series.produced, t, v);
    for (auto& x : v) x *= 100.0;
}

}  // namespace

ScenarioOverlayChart::ScenarioOverlayChart(QWidget* parent) : TimeSeriesPlot(parent) {}

QColor ScenarioOverlayChart::rowColour(int row) {
    return row == 0 ? QColor(128, 128, 128) : seriesColour(row - 1);
}

QCPGraph* ScenarioOverlayChart::rowGraph(int strip, int row) const {
    if (strip < 0 || strip >= static_cast<int>(graphs_.size()) || row < 0 || row >= rows_)
        return nullptr;
    return graphs_[static_cast<std::size_t>(strip)][static_cast<std::size_t>(row)];
}

QCPGraph* ScenarioOverlayChart::bandGraph(int strip, int row, bool upper) const {
    for (const auto& b : bands_)
        if (b.strip == strip && b.row == row) return upper ? b.upper : b.lower;
    return nullptr;
}

void ScenarioOverlayChart::setRows(const std::vector<Row>& rows) {
    graphs_.clear();
    bands_.clear();
    rows_ = static_cast<int>(rows.size());
    QStringList names;
    bool anyBand = false;
    for (int r = 0; r < rows_; ++r) {
        names << QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3")
                     .arg(rowColour(r).name(),
                          r == 0 ? QStringLiteral("&#9476;&#9476;")
                                 : QStringLiteral("&#9473;&#9473;"),
                          rows[static_cast<std::size_t>(r)].name.toHtmlEscaped());
        anyBand = anyBand || rows[static_cast<std::size_t>(r)].band != nullptr;
    }
    legend_ = names.join(QStringLiteral("&nbsp;&nbsp; "));
    if (anyBand) legend_ += QStringLiteral("&nbsp;&nbsp; ") + tr("(shaded: Monte Carlo P10–P90)");
    if (rows.empty()) {
        setSeries({});
        return;
    }
    std::vector<PlotSeries> series(strip_count);
    series[furnace_strip] = {
        tr("Furnace temperature"),    tr("°C"), {}, {}, PlotSeries::Style::line, {},
        twinbench::Role::furnace_temp};
    series[scrap_strip] = {tr("Scrap rate (hourly)"), tr("%"), {}, {}, PlotSeries::Style::line, {},
                           twinbench::Role::none};
    for (int s = 0; s < strip_count; ++s)
        rowSeries(s, *rows[0].inputs, *rows[0].result, series[static_cast<std::size_t>(s)].times,
                  series[static_cast<std::size_t>(s)].values);
    setSeries(std::move(series));
    graphs_.assign(strip_count, {});
    for (int s = 0; s < strip_count; ++s) {
        auto* first = seriesGraph(s);
        for (int r = 0; r < rows_; ++r) {
            const auto& row = rows[static_cast<std::size_t>(r)];
            QCPGraph* g = first;
            if (r > 0) {
                g = addGraph(first->keyAxis(), first->valueAxis());
                QVector<double> t, v;
                rowSeries(s, *row.inputs, *row.result, t, v);
                g->setData(t, v, true);
                g->setAdaptiveSampling(true);
            }
            g->setPen(r == 0 ? QPen(rowColour(0), 1.2, Qt::DashLine) : QPen(rowColour(r), 1.4));
            g->setName(row.name);
            setExportTitle(g, seriesName(s) + QStringLiteral(" — ") + row.name);
            graphs_[static_cast<std::size_t>(s)].push_back(g);
            if (!row.band) continue;
            // The band under the curves, as a channel between P10 and P90.
            const twinbench::SeriesBand& b =
                s == furnace_strip ? row.band->furnace_degC : row.band->scrap_rate;
            if (b.time_s.empty()) continue;
            const double scale = s == scrap_strip ? 100.0 : 1.0;
            QVector<double> lo, hi;
            for (std::size_t i = 0; i < b.time_s.size(); ++i) {
                lo.push_back(scale * b.p10[i]);
                hi.push_back(scale * b.p90[i]);
            }
            Band band{s, r, addGraph(first->keyAxis(), first->valueAxis()),
                      addGraph(first->keyAxis(), first->valueAxis())};
            QColor edge = rowColour(r);
            edge.setAlpha(90);
            QColor fill = rowColour(r);
            fill.setAlpha(70);
            band.lower->setData(toQVector(b.time_s), lo, true);
            band.upper->setData(toQVector(b.time_s), hi, true);
            for (auto* g2 : {band.lower, band.upper}) {
                g2->setPen(QPen(edge, 0.8));
                g2->setLayer(QStringLiteral("grid"));  // under the curves
            }
            band.upper->setBrush(fill);
            band.upper->setChannelFillGraph(band.lower);
            band.lower->setName(row.name + tr(" P10"));
            band.upper->setName(row.name + tr(" P90"));
            setExportTitle(band.lower, seriesName(s) + QStringLiteral(" — ") + row.name +
                                           QStringLiteral(" P10"));
            setExportTitle(band.upper, seriesName(s) + QStringLiteral(" — ") + row.name +
                                           QStringLiteral(" P90"));
            bands_.push_back(band);
        }
        first->valueAxis()->rescale(true);
        first->valueAxis()->scaleRange(1.1);
    }
    replot();
}

}  // namespace twinbench::ui
