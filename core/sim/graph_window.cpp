#include "sim/graph_window.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "data/robust_stats.h"

namespace twinbench {
namespace {

// Holds the last value over gaps; leading gaps take the first value.
void hold_gaps(std::vector<double>& v) {
    double held = nan;
    for (const double x : v)
        if (std::isfinite(x)) {
            held = x;
            break;
        }
    for (double& x : v) {
        if (std::isfinite(x)) held = x;
        else x = held;
    }
}

ControlRange control_range(const FrameSignal& s, std::size_t first, std::size_t last) {
    ControlRange r;
    r.name = s.name;
    r.unit = s.unit;
    r.categorical = s.categorical();
    r.levels = s.levels;
    if (r.categorical) {
        std::vector<std::size_t> counts(s.levels.size(), 0);
        for (std::size_t k = first; k < last; ++k)
            if (std::isfinite(s.values[k]) && s.values[k] >= 0.0) ++counts[static_cast<std::size_t>(s.values[k])];
        const auto best = std::max_element(counts.begin(), counts.end());
        r.baseline = counts.empty() ? nan : static_cast<double>(best - counts.begin());
        r.min = 0.0;
        r.max = static_cast<double>(s.levels.size()) - 1.0;
        r.p01 = r.min;
        r.p99 = r.max;
        r.median = r.baseline;
        return r;
    }
    std::vector<double> all;
    copy_finite(s.values, all);
    const FivePoints f = five_points_inplace(all);
    r.min = f.min;
    r.p01 = f.p01;
    r.median = f.median;
    r.p99 = f.p99;
    r.max = f.max;
    if (all.empty()) {
        r.baseline = nan;
        return r;
    }
    std::vector<double> window;
    copy_finite(std::span<const double>(s.values.data() + first, last - first), window);
    r.baseline = window.empty() ? r.median : quantile_inplace(window, 0.5);
    return r;
}

}  // namespace

GraphWindow graph_window(const SignalFrame& history, const ProcessGraph& graph, const WindowSpec& spec) {
    const std::size_t total = history.steps();
    if (total == 0) throw UsageError("the dataset has no rows to replay");
    GraphWindow w;
    std::size_t n = 0;
    std::vector<std::ptrdiff_t> source;  // history step of each window step
    if (!spec.time_s.empty()) {
        if (!history.has_time() || !(history.step_min > 0.0))
            throw UsageError("a time grid was given for data without a time axis");
        n = spec.time_s.size();
        source.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            const double i = std::round((spec.time_s[k] - history.time_s.front()) / (history.step_min * 60.0));
            source[k] = i < 0.0 || i >= static_cast<double>(total) ? -1 : static_cast<std::ptrdiff_t>(i);
        }
        w.first_step = source.front() < 0 ? 0 : static_cast<std::size_t>(source.front());
    } else {
        if (history.has_time() && history.step_min > 0.0) {
            if (!(spec.horizon_h > 0.0)) throw UsageError("the horizon must be positive, e.g. --horizon 7d");
            n = static_cast<std::size_t>(std::llround(spec.horizon_h * 60.0 / history.step_min));
            if (n > total)
                throw UsageError(fmt::format("the horizon {:g} h is longer than the data ({:.1f} h); choose a shorter "
                                             "--horizon",
                                             spec.horizon_h, history.hours()));
        } else {
            n = spec.rows > 0 ? spec.rows : static_cast<std::size_t>(std::ceil(0.2 * static_cast<double>(total)));
            if (n > total)
                throw UsageError(fmt::format("the horizon of {} rows is longer than the data ({} rows)", n, total));
        }
        n = std::max<std::size_t>(n, 1);
        w.first_step = total - n;
        source.resize(n);
        for (std::size_t k = 0; k < n; ++k) source[k] = static_cast<std::ptrdiff_t>(w.first_step + k);
    }

    const auto slice = [&](SignalFrame& f) {
        f.step_min = history.step_min;
        f.time_zone = history.time_zone;
        if (!spec.time_s.empty()) f.time_s = spec.time_s;
        else if (history.has_time())
            f.time_s.assign(history.time_s.begin() + static_cast<std::ptrdiff_t>(w.first_step),
                            history.time_s.begin() + static_cast<std::ptrdiff_t>(w.first_step + n));
        f.table_row.assign(n, -1);
        for (const auto& s : history.series) {
            FrameSignal c;
            c.name = s.name;
            c.unit = s.unit;
            c.type = s.type;
            c.levels = s.levels;
            c.values.assign(n, nan);
            for (std::size_t k = 0; k < n; ++k)
                if (source[k] >= 0) c.values[k] = s.values[static_cast<std::size_t>(source[k])];
            f.series.push_back(std::move(c));
        }
        for (std::size_t k = 0; k < n; ++k)
            if (source[k] >= 0 && static_cast<std::size_t>(source[k]) < history.table_row.size())
                f.table_row[k] = history.table_row[static_cast<std::size_t>(source[k])];
        fill_local_clock(f);
    };
    slice(w.recorded);
    slice(w.baseline);

    std::size_t gaps = 0;
    for (const auto& g : graph.all_signals()) {
        FrameSignal* s = w.baseline.find(g.name);
        if (s == nullptr || g.kind == SignalKind::output) continue;
        gaps += static_cast<std::size_t>(std::count_if(s->values.begin(), s->values.end(),
                                                       [](double v) { return !std::isfinite(v); }));
        hold_gaps(s->values);
        hold_gaps(w.recorded.at(g.name).values);
        if (g.kind != SignalKind::control) continue;
        const FrameSignal& full = history.at(g.name);
        const std::size_t first = source.front() < 0 ? 0 : static_cast<std::size_t>(source.front());
        const std::size_t last = source.back() < 0 ? total : static_cast<std::size_t>(source.back()) + 1;
        ControlRange range = control_range(full, first, std::max(last, first + 1));
        std::fill(s->values.begin(), s->values.end(), range.baseline);
        w.controls.push_back(std::move(range));
    }
    if (gaps > 0)
        w.notes.push_back(fmt::format("{} missing input values in the window hold the value before them", gaps));
    return w;
}

}  // namespace twinbench
