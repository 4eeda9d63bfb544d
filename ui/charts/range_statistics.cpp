#include "ui/charts/range_statistics.h"

#include <algorithm>
#include <cmath>

namespace twinbench::ui {
namespace {

// The samples of a graph in [start, end], copied out of QCustomPlot's (key, value) pairs
// into the plain arrays core works on. Binary search, so a short range of a long series
// copies only what it needs.
struct Window {
    std::vector<double> times;
    std::vector<double> values;
};

Window windowOf(const QCPGraph& graph, double startUtc, double endUtc) {
    Window w;
    const auto data = graph.data();
    const auto byKey = [](const QCPGraphData& d, double key) { return d.key < key; };
    const auto first = std::lower_bound(data->constBegin(), data->constEnd(), startUtc, byKey);
    const auto last =
        std::upper_bound(first, data->constEnd(), endUtc,
                         [](double key, const QCPGraphData& d) { return key < d.key; });
    const auto n = static_cast<std::size_t>(last - first);
    w.times.reserve(n);
    w.values.reserve(n);
    for (auto it = first; it != last; ++it) {
        w.times.push_back(it->key);
        w.values.push_back(it->value);
    }
    return w;
}

}  // namespace

bool roleHasTotal(twinbench::Role role) {
    using twinbench::Role;
    return role == Role::energy || role == Role::produced || role == Role::scrap ||
           role == Role::defect;
}

PlotRangeStatistics computeRangeStatistics(const TimeSeriesPlot& plot) {
    PlotRangeStatistics out;
    out.startUtc = std::min(plot.cursorTime(AbCursor::a), plot.cursorTime(AbCursor::b));
    out.endUtc = std::max(plot.cursorTime(AbCursor::a), plot.cursorTime(AbCursor::b));
    std::optional<Window> scrap, produced, defect;
    for (int i = 0; i < plot.seriesCount(); ++i) {
        SeriesRangeStatistics s;
        s.name = plot.seriesName(i);
        s.unit = plot.seriesUnit(i);
        s.role = plot.seriesRole(i);
        s.style = plot.seriesStyle(i);
        Window w = windowOf(*plot.seriesGraph(i), out.startUtc, out.endUtc);
        if (s.style == PlotSeries::Style::steps) {
            // Category codes have no mean; only the count of samples means something.
            s.stats.samples = w.values.size();
            s.stats.moments = twinbench::Moments{0, qQNaN(), qQNaN(), qQNaN(), qQNaN()};
            s.stats.sum = qQNaN();
        } else {
            s.stats = twinbench::range_statistics(w.values);
            s.hasTotal = roleHasTotal(s.role);
        }
        if (s.role == twinbench::Role::scrap)
            scrap = std::move(w);
        else if (s.role == twinbench::Role::produced)
            produced = std::move(w);
        else if (s.role == twinbench::Role::defect)
            defect = std::move(w);
        out.series.push_back(std::move(s));
    }
    if (scrap && produced) {
        out.scrapRate = ScrapRate{twinbench::ratio_of_sums(scrap->times, scrap->values,
                                                           produced->times, produced->values),
                                  false};
    } else if (defect) {
        // One row per part: defective parts over the parts with a flag.
        const std::vector<double> ones(defect->values.size(), 1.0);
        out.scrapRate = ScrapRate{
            twinbench::ratio_of_sums(defect->times, defect->values, defect->times, ones), true};
    }
    return out;
}

}  // namespace twinbench::ui
