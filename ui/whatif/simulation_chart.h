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

    // Hourly sums (energy) or ratio of sums (scrap / produced), at each hour's start.
    static void hourly(const std::vector<double>& time_s, const std::vector<double>& numerator,
                       const std::vector<double>* denominator, QVector<double>& times,
                       QVector<double>& values);

    void refresh();

  private:
    void rebuildStrips();
    void updateLimits();
    void fitStrip(int strip);

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
};

}  // namespace twinbench::ui
