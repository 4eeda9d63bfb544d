// The simulated horizon, scenario against baseline: furnace and core temperature per
// step, scrap rate and energy per hour, with the limits as red lines and the first
// crossing of each (time-to-limit) marked. Built on the time-series plot, so the A/B
// cursors, zooming and export work as on the Data page.
#pragma once

#include <vector>

#include <QVector>

#include "ui/app/what_if_state.h"
#include "ui/charts/time_series_plot.h"

namespace twinbench::ui {

class SimulationChart : public TimeSeriesPlot {
    Q_OBJECT

  public:
    enum Strip { furnace_strip, core_strip, scrap_strip, energy_strip, strip_count };

    explicit SimulationChart(WhatIfState& state, QWidget* parent = nullptr);

    QCPGraph* scenarioGraph(Strip strip) const { return seriesGraph(strip); }
    QCPGraph* baselineGraph(Strip strip) const { return baseline_[strip]; }
    // The time-to-limit markers shown (one per crossed limit).
    int limitMarkerCount() const;

    // While a drag runs, the per-step strips hold the series thinned to the first, lowest,
    // highest and last point of each pixel column of the plot's width (extremes and gaps
    // kept, so the shape drawn is the same), drawn 1 px wide, and the value axes only
    // widen; the full series, pens and fitted axes once the drag ends.
    bool isThinned() const { return thinned_; }
    static void thinPerPixelColumn(const std::vector<double>& time_s,
                                   const std::vector<double>& values, double t0,
                                   double s_per_column, QVector<double>& times,
                                   QVector<double>& thinned);

    // Hourly sums (energy) or ratio of sums (scrap / produced), at each hour's start.
    static void hourly(const std::vector<double>& time_s, const std::vector<double>& numerator,
                       const std::vector<double>* denominator, QVector<double>& times,
                       QVector<double>& values);

    void refresh();

  private:
    void rebuildStrips();
    void buildLimitItems();  // one line, crossing marker and label per limit
    void rebuildLimits();    // after the engineer changed the limits
    void updateLimits();
    void fitStrip(int strip);
    // Whether the scenario shown is the state's current result (then nothing is redrawn).
    bool showsCurrentResult(bool thin) const;

    WhatIfState& state_;
    QCPGraph* baseline_[strip_count] = {};
    struct LimitItems {
        QCPItemStraightLine* level = nullptr;
        QCPItemStraightLine* crossing = nullptr;
        QCPItemText* label = nullptr;
        int strip = -1;
        double value = 0.0;
    };
    std::vector<LimitItems> limits_;
    bool built_ = false;
    bool thinned_ = false;
    bool drawnDragging_ = false;
    double scenarioPenWidth_ = 1.0;  // as drawn at rest
    // What the scenario strips were last filled from.
    std::vector<double> drawnTime_, drawnFurnace_, drawnCore_, drawnScrap_, drawnProduced_,
        drawnEnergy_;
    std::vector<twinbench::LimitCrossing> drawnCrossings_;
};

}  // namespace twinbench::ui
