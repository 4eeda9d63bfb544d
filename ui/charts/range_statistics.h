// The numbers behind the A/B cursors of a TimeSeriesPlot: per strip the statistics of the
// samples between the cursors (core's range_statistics), the total where adding up makes
// sense (energy per interval, part counts), and the scrap rate when the chart shows what
// it needs (scrapped and produced counts, or a per-part defect flag).
#pragma once

#include <optional>
#include <vector>

#include <QString>

#include "data/range_statistics.h"
#include "data/roles.h"
#include "ui/charts/time_series_plot.h"

namespace twinbench::ui {

struct SeriesRangeStatistics {
    QString name;
    QString unit;
    twinbench::Role role = twinbench::Role::none;
    PlotSeries::Style style = PlotSeries::Style::line;
    twinbench::RangeStatistics stats;
    bool hasTotal = false;  // stats.sum is a meaningful total (energy, counts)
};

struct ScrapRate {
    twinbench::RatioOfSums ratio;  // scrapped / produced parts
    bool fromDefectFlags = false;  // per-part 0/1 flags: produced = parts counted
};

struct PlotRangeStatistics {
    double startUtc = 0.0;  // the earlier cursor
    double endUtc = 0.0;
    std::vector<SeriesRangeStatistics> series;  // one per strip, top first
    std::optional<ScrapRate> scrapRate;
};

// Roles whose samples add up to a total over a range.
bool roleHasTotal(twinbench::Role role);

// Statistics between the plot's A and B cursors (whichever comes first), whether or not
// the cursors are shown.
PlotRangeStatistics computeRangeStatistics(const TimeSeriesPlot& plot);

}  // namespace twinbench::ui
