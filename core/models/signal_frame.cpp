#include "models/signal_frame.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include <date/tz.h>
#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "data/robust_stats.h"

namespace twinbench {
namespace {

std::string signal_list(const SignalFrame& frame) {
    std::string out;
    for (const auto& s : frame.series) out += (out.empty() ? "'" : ", '") + s.name + "'";
    return out.empty() ? "none" : out;
}

// Median positive spacing of the (sorted) row times, in seconds; 0 when there is none.
double median_spacing_s(const std::vector<double>& sorted_times) {
    std::vector<double> d;
    d.reserve(sorted_times.size());
    for (std::size_t k = 1; k < sorted_times.size(); ++k) {
        const double gap = sorted_times[k] - sorted_times[k - 1];
        if (gap > 0.0) d.push_back(gap);
    }
    return d.empty() ? 0.0 : median(d);
}

}  // namespace

int FrameSignal::level_code(std::string_view label) const {
    for (std::size_t i = 0; i < levels.size(); ++i)
        if (levels[i] == label) return static_cast<int>(i);
    return -1;
}

std::size_t SignalFrame::steps() const {
    if (!time_s.empty()) return time_s.size();
    return series.empty() ? table_row.size() : series.front().values.size();
}

double SignalFrame::hours() const { return step_min * static_cast<double>(steps()) / 60.0; }

int SignalFrame::index(std::string_view name) const {
    for (std::size_t i = 0; i < series.size(); ++i)
        if (series[i].name == name) return static_cast<int>(i);
    return -1;
}

const FrameSignal* SignalFrame::find(std::string_view name) const {
    const int i = index(name);
    return i < 0 ? nullptr : &series[static_cast<std::size_t>(i)];
}

FrameSignal* SignalFrame::find(std::string_view name) {
    const int i = index(name);
    return i < 0 ? nullptr : &series[static_cast<std::size_t>(i)];
}

const FrameSignal& SignalFrame::at(std::string_view name) const {
    if (const FrameSignal* s = find(name)) return *s;
    throw ModelError(fmt::format("no signal '{}' in the simulated frame (signals: {})", name, signal_list(*this)));
}

FrameSignal& SignalFrame::at(std::string_view name) {
    if (FrameSignal* s = find(name)) return *s;
    throw ModelError(fmt::format("no signal '{}' in the simulated frame (signals: {})", name, signal_list(*this)));
}

FrameSignal& SignalFrame::add(FrameSignal signal) {
    if (FrameSignal* s = find(signal.name)) {
        *s = std::move(signal);
        return *s;
    }
    series.push_back(std::move(signal));
    return series.back();
}

void fill_local_clock(SignalFrame& frame) {
    frame.local_hour.assign(frame.time_s.size(), nan);
    frame.weekend.assign(frame.time_s.size(), nan);
    if (frame.time_s.empty()) return;
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(frame.time_zone.empty() ? "UTC" : frame.time_zone);
    } catch (const std::exception&) {
        throw ModelError(fmt::format("unknown time zone '{}' for the time-of-day terms; set the "
                                     "dataset's zone when importing (--timezone)",
                                     frame.time_zone));
    }
    // The zone's offset changes twice a year at most: look it up once per local day
    // boundary instead of per step (a 90-day, 1-minute frame has 130,000 steps).
    date::sys_info info{};
    bool have_info = false;
    for (std::size_t k = 0; k < frame.time_s.size(); ++k) {
        const double t = frame.time_s[k];
        if (!std::isfinite(t)) continue;
        const auto tp = date::sys_seconds{std::chrono::seconds{static_cast<std::int64_t>(std::floor(t))}};
        if (!have_info || tp < info.begin || tp >= info.end) {
            info = zone->get_info(tp);
            have_info = true;
        }
        const double local_s = t + static_cast<double>(info.offset.count());
        const double day = std::floor(local_s / 86400.0);
        frame.local_hour[k] = (local_s - day * 86400.0) / 3600.0;
        // 1970-01-01 was a Thursday: day 0 -> weekday 4 (Sunday = 0).
        const auto weekday = static_cast<long long>(day + 4.0) % 7;
        const long long wd = weekday < 0 ? weekday + 7 : weekday;
        frame.weekend[k] = (wd == 0 || wd == 6) ? 1.0 : 0.0;
    }
}

SignalFrame coarse_frame(const SignalFrame& frame, std::size_t factor) {
    if (factor <= 1) return frame;
    SignalFrame out;
    const std::size_t n = frame.steps();
    const std::size_t blocks = (n + factor - 1) / factor;
    out.step_min = frame.step_min * static_cast<double>(factor);
    out.time_zone = frame.time_zone;
    for (std::size_t b = 0; b < blocks && !frame.time_s.empty(); ++b) out.time_s.push_back(frame.time_s[b * factor]);
    for (std::size_t b = 0; b < blocks && !frame.table_row.empty(); ++b) out.table_row.push_back(frame.table_row[b * factor]);
    for (const auto& s : frame.series) {
        FrameSignal c;
        c.name = s.name;
        c.unit = s.unit;
        c.type = s.type;
        c.levels = s.levels;
        c.values.assign(blocks, nan);
        for (std::size_t b = 0; b < blocks; ++b) {
            const std::size_t first = b * factor, last = std::min(n, first + factor);
            if (s.categorical()) {
                c.values[b] = s.values[first];
                continue;
            }
            double sum = 0.0, count = 0.0;
            for (std::size_t k = first; k < last; ++k)
                if (std::isfinite(s.values[k])) {
                    sum += s.values[k];
                    count += 1.0;
                }
            if (count > 0.0) c.values[b] = sum / count;
        }
        out.series.push_back(std::move(c));
    }
    fill_local_clock(out);
    return out;
}

SignalFrame history_frame(const Table& table, const std::vector<std::string>& signal_names,
                          const std::string& time_zone) {
    SignalFrame frame;
    frame.time_zone = time_zone;
    const std::size_t rows = table.row_count();

    // Step of each row on the regular grid (or the row itself).
    std::vector<std::size_t> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::ptrdiff_t> step_of(rows, -1);
    std::size_t steps = rows;
    if (table.has_time() && rows >= 2) {
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return table.time_s[a] < table.time_s[b]; });
        std::vector<double> sorted(rows);
        for (std::size_t i = 0; i < rows; ++i) sorted[i] = table.time_s[order[i]];
        const double step_s = median_spacing_s(sorted);
        const double span_s = sorted.back() - sorted.front();
        const double grid = step_s > 0.0 ? std::floor(span_s / step_s + 0.5) + 1.0 : 0.0;
        if (step_s > 0.0 && grid <= 4.0 * static_cast<double>(rows) + 1000.0) {
            steps = static_cast<std::size_t>(grid);
            frame.step_min = step_s / 60.0;
            frame.time_s.resize(steps);
            for (std::size_t k = 0; k < steps; ++k) frame.time_s[k] = sorted.front() + static_cast<double>(k) * step_s;
            frame.table_row.assign(steps, -1);
            for (const std::size_t r : order) {
                const double t = table.time_s[r];
                if (!std::isfinite(t)) continue;
                const auto k = static_cast<std::ptrdiff_t>(std::llround((t - sorted.front()) / step_s));
                if (k < 0 || static_cast<std::size_t>(k) >= steps) continue;
                if (frame.table_row[static_cast<std::size_t>(k)] < 0) {
                    frame.table_row[static_cast<std::size_t>(k)] = static_cast<std::ptrdiff_t>(r);
                    step_of[r] = k;
                }
            }
        }
    }
    if (frame.time_s.empty()) {
        // Per-item rows (or data too irregular for a grid): the rows are the steps, in
        // time order where there is one.
        frame.step_min = 0.0;
        frame.table_row.resize(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            frame.table_row[i] = static_cast<std::ptrdiff_t>(order[i]);
            step_of[order[i]] = static_cast<std::ptrdiff_t>(i);
        }
        if (table.has_time()) {
            frame.time_s.resize(rows);
            for (std::size_t i = 0; i < rows; ++i) frame.time_s[i] = table.time_s[order[i]];
            frame.step_min = median_spacing_s(frame.time_s) / 60.0;
        }
        steps = rows;
    }

    for (const auto& name : signal_names) {
        const Column* c = table.find(name);
        if (c == nullptr)
            throw ModelError(fmt::format("the process graph names '{}', which is not a column of the dataset; "
                                         "set its role again or drop it from the graph",
                                         name));
        FrameSignal f;
        f.name = c->name;
        f.unit = c->unit;
        f.type = c->type == ColumnType::categorical ? ColumnType::categorical : ColumnType::numeric;
        f.levels = c->levels;
        f.values.assign(steps, nan);
        for (std::size_t r = 0; r < rows; ++r) {
            const std::ptrdiff_t k = step_of[r];
            if (k < 0) continue;
            if (c->type == ColumnType::categorical) {
                if (c->codes[r] != missing_code) f.values[static_cast<std::size_t>(k)] = c->codes[r];
            } else if (c->type != ColumnType::timestamp) {
                f.values[static_cast<std::size_t>(k)] = c->values[r];
            }
        }
        frame.series.push_back(std::move(f));
    }
    fill_local_clock(frame);
    return frame;
}

}  // namespace twinbench
