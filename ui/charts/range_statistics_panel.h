// A small table under a TimeSeriesPlot with the statistics of the range between its A/B
// cursors: per strip n, mean, min, max, std and the total where it adds up (energy,
// counts), and the scrap rate when scrapped and produced parts (or defect flags) are
// plotted. Shown while the cursors are; follows every cursor move.
#pragma once

#include <QWidget>

#include "ui/charts/range_statistics.h"

class QLabel;
class QTableWidget;

namespace twinbench::ui {

class TimeSeriesPlot;

// Columns of the statistics table.
enum RangeStatisticsColumn {
    range_col_series,
    range_col_samples,
    range_col_mean,
    range_col_min,
    range_col_max,
    range_col_std,
    range_col_total,
    range_col_unit,
};

class RangeStatisticsPanel : public QWidget {
    Q_OBJECT

  public:
    explicit RangeStatisticsPanel(TimeSeriesPlot* plot, QWidget* parent = nullptr);

    const PlotRangeStatistics& statistics() const { return statistics_; }
    QTableWidget* table() const { return table_; }
    // "A … → B … (duration)" and the scrap rate.
    QLabel* rangeLabel() const { return range_; }
    QLabel* scrapRateLabel() const { return scrapRate_; }

  private:
    void refresh();

    TimeSeriesPlot* plot_;
    QLabel* range_;
    QLabel* scrapRate_;
    QTableWidget* table_;
    PlotRangeStatistics statistics_;
};

}  // namespace twinbench::ui
