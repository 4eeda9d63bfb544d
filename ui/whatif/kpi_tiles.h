// The What-if page's answer in five numbers: throughput, scrap rate, energy per part,
// energy cost and availability over the horizon, each with its change against the
// baseline (green when better, red when worse) and the Monte Carlo P10-P90 range.
#pragma once

#include <vector>

#include <QFrame>

#include "ui/app/what_if_state.h"

class QLabel;

namespace twinbench::ui {

class KpiTiles : public QWidget {
    Q_OBJECT

  public:
    explicit KpiTiles(WhatIfState& state, QWidget* parent = nullptr);

    // Indices into twinbench::kpi_keys of the tiles, left to right.
    static std::vector<int> kpiIndices();
    QLabel* titleLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].title; }
    QLabel* valueLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].value; }
    QLabel* deltaLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].delta; }
    QLabel* bandLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].band; }
    // The number shown in a tile, in the KPI's own unit (scrap_rate as a fraction).
    double shownValue(int tile) const { return tiles_[static_cast<std::size_t>(tile)].shown; }

    // "3.2 %" for rates, "452.1" for others (used by the Scenarios table too).
    static QString format(int kpi, double value);
    // The change against the baseline as the tiles and the Scenarios table both say it:
    // "+0.08 pp" for a share (scrap rate, availability), "+1.2 %" for the others; empty
    // when it is below 0.05 % of the baseline (or not a number).
    static QString formatChange(int kpi, double value, double base);
    static QString title(int kpi);
    // currency: the tariff's, for the energy cost.
    static QString unit(int kpi, const QString& currency);
    // +1 when more is better, -1 when less is.
    static int goodDirection(int kpi);

  private:
    void refresh();
    void refreshBand();
    // One tile's value and its change against the baseline's.
    void showValue(std::size_t i, int kpi, double v, double b);
    // Empty tiles ("–"): no study, or another dataset's is being prepared.
    void clear();

    struct Tile {
        QFrame* frame = nullptr;
        QLabel* title = nullptr;
        QLabel* value = nullptr;
        QLabel* delta = nullptr;
        QLabel* band = nullptr;
        double shown = 0.0;
    };
    WhatIfState& state_;
    std::vector<Tile> tiles_;
};

}  // namespace twinbench::ui
