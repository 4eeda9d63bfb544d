#include "report/chart_layout.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>

#include <date/tz.h>
#include <fmt/format.h>

#include "report/number_format.h"

namespace twinbench::report {
namespace {

constexpr double tick_font = 7.5;
constexpr double title_font = 9.0;
constexpr double legend_font = 7.5;

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool valid() const { return lo <= hi; }
};

// Widens an empty or degenerate range so that a constant series still gets an axis.
Range padded(Range r, double fraction) {
    if (!r.valid()) return {0.0, 1.0};
    if (r.hi - r.lo <= 1e-12 * std::max(1.0, std::abs(r.hi))) {
        const double half = std::max(std::abs(r.lo) * 0.05, 0.5);
        return {r.lo - half, r.hi + half};
    }
    const double pad = (r.hi - r.lo) * fraction;
    return {r.lo - pad, r.hi + pad};
}

std::vector<AxisTick> numeric_ticks(double lo, double hi) {
    const double span = hi - lo;
    const double raw = span / 6.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (span / step <= 7.0) break;
    }
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)) +
                                         (std::abs(step / magnitude - 2.5) < 1e-9 ? 1 : 0));
    std::vector<AxisTick> ticks;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
        const double snapped = std::abs(v) < step * 1e-9 ? 0.0 : v;
        ticks.push_back({snapped, format_fixed(snapped, decimals)});
    }
    return ticks;
}

const date::time_zone* zone_or_utc(const std::string& name) {
    if (name.empty() || name == "UTC") return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;  // an unknown zone still gets a UTC axis rather than no chart
    }
}

date::local_seconds to_local(const date::time_zone* zone, double utc_s) {
    const date::sys_seconds sys{std::chrono::seconds(static_cast<std::int64_t>(std::floor(utc_s)))};
    if (zone == nullptr) return date::local_seconds{sys.time_since_epoch()};
    return zone->to_local(sys);
}

double to_utc(const date::time_zone* zone, date::local_seconds local) {
    if (zone == nullptr) return static_cast<double>(local.time_since_epoch().count());
    return static_cast<double>(
        zone->to_sys(local, date::choose::earliest).time_since_epoch().count());
}

std::vector<AxisTick> time_ticks(const ChartAxis& axis, double lo, double hi) {
    const auto* zone = zone_or_utc(axis.time_zone);
    const double span_h = (hi - lo) / 3600.0;
    // Steps in hours; a tick every step from local midnight (days) or the local hour.
    static constexpr std::array<int, 11> steps_h = {1, 2, 3, 6, 12, 24, 48, 96, 168, 336, 672};
    int step_h = steps_h.back();
    for (const int s : steps_h)
        if (span_h / s <= 7.0) {
            step_h = s;
            break;
        }
    std::vector<AxisTick> ticks;
    const auto first_local = to_local(zone, lo);
    auto day = date::floor<date::days>(first_local);
    if (step_h >= 168) {  // weeks start on Monday
        const date::weekday wd{date::sys_days{day.time_since_epoch()}};
        day -= date::days{(wd.c_encoding() + 6) % 7};
    }
    for (auto t = date::local_seconds{day};; t += std::chrono::hours(step_h)) {
        const double utc = to_utc(zone, t);
        if (utc > hi) break;
        if (utc < lo) continue;
        const bool midnight = date::floor<date::days>(t) == t;
        const std::string label =
            (step_h >= 24 || midnight) ? date::format("%b %d", t) : date::format("%H:%M", t);
        ticks.push_back({utc, label});
        if (ticks.size() > 20) break;
    }
    return ticks;
}

// Splits a series into runs of finite points (a missing value breaks the line) and thins
// runs longer than the plot is wide by keeping each pixel column's first, min and max.
std::vector<std::vector<Point>> line_runs(const ChartSeries& s, auto&& map, double plot_width) {
    std::vector<std::vector<Point>> runs(1);
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
            if (!runs.back().empty()) runs.emplace_back();
            continue;
        }
        runs.back().push_back(map(s.x[i], s.y[i]));
    }
    const auto buckets = static_cast<std::size_t>(std::max(50.0, plot_width * 2.0));
    for (auto& run : runs) {
        if (run.size() <= 3 * buckets) continue;
        std::vector<Point> thin;
        std::size_t i = 0;
        const double x0 = run.front().x;
        const double dx = std::max(1e-9, (run.back().x - x0) / static_cast<double>(buckets));
        while (i < run.size()) {
            const auto bucket = std::floor((run[i].x - x0) / dx);
            std::size_t lo_i = i, hi_i = i, j = i;
            for (; j < run.size() && std::floor((run[j].x - x0) / dx) == bucket; ++j) {
                if (run[j].y < run[lo_i].y) lo_i = j;
                if (run[j].y > run[hi_i].y) hi_i = j;
            }
            thin.push_back(run[i]);
            for (const auto k : {std::min(lo_i, hi_i), std::max(lo_i, hi_i)})
                if (k != i) thin.push_back(run[k]);
            i = j;
        }
        run = std::move(thin);
    }
    std::erase_if(runs, [](const auto& r) { return r.empty(); });
    return runs;
}

}  // namespace

Rgb series_color(int index) {
    static constexpr std::array<Rgb, 6> palette = {Rgb{0, 114, 178},  Rgb{230, 159, 0},
                                                   Rgb{0, 158, 115},  Rgb{204, 121, 167},
                                                   Rgb{86, 180, 233}, Rgb{120, 120, 120}};
    return palette[static_cast<std::size_t>(std::abs(index)) % palette.size()];
}
Rgb limit_color() {
    return {200, 40, 40};
}
Rgb grid_color() {
    return {225, 228, 232};
}
Rgb text_color() {
    return {40, 44, 52};
}

std::vector<AxisTick> axis_ticks(const ChartAxis& axis, double lo, double hi) {
    if (!(hi > lo)) return {};
    return axis.time ? time_ticks(axis, lo, hi) : numeric_ticks(lo, hi);
}

std::string axis_title(const ChartAxis& axis) {
    if (axis.time) {
        const std::string zone = axis.time_zone.empty() ? "UTC" : axis.time_zone;
        return (axis.label.empty() ? std::string("Time") : axis.label) + " (" + zone + ")";
    }
    return axis.unit.empty() ? axis.label : axis.label + " [" + axis.unit + "]";
}

double estimate_text_width(const std::string& text, double size) {
    double width = 0.0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
        // Generous: DejaVu Sans (the usual fallback for Helvetica) runs wide.
        width += (c == ' ' || c == '.' || c == ',' || c == 'i' || c == 'l') ? 0.34
                 : (c >= 'A' && c <= 'Z')                                   ? 0.74
                                                                            : 0.62;
    }
    return width * size;
}

ChartScene layout_chart(const Chart& chart, double width, double height) {
    ChartScene scene{width, height, {}};
    Range xr, yr;
    for (const auto& s : chart.series) {
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (i < s.y.size() && std::isfinite(s.y[i])) xr.add(s.x[i]);
            if (i < s.y.size() && std::isfinite(s.x[i])) yr.add(s.y[i]);
            if (i < s.y_high.size() && std::isfinite(s.x[i])) yr.add(s.y_high[i]);
        }
    }
    for (const auto& l : chart.lines) (l.vertical ? xr : yr).add(l.value);
    if (chart.identity_line && xr.valid() && yr.valid()) {
        const Range both{std::min(xr.lo, yr.lo), std::max(xr.hi, yr.hi)};
        xr = yr = both;
    }
    const Range x = chart.x.time ? padded(xr, 0.0) : padded(xr, 0.03);
    const Range y = padded(yr, 0.06);
    const auto xticks = axis_ticks(chart.x, x.lo, x.hi);
    const auto yticks = axis_ticks(chart.y, y.lo, y.hi);

    double ylabel_width = 0.0;
    for (const auto& t : yticks)
        ylabel_width = std::max(ylabel_width, estimate_text_width(t.label, tick_font));
    const double left = 18.0 + ylabel_width + 6.0;
    const double right = 12.0;
    const double top = 22.0 + (chart.series.size() + chart.lines.size() > 1 ? 14.0 : 0.0);
    const double bottom = 34.0;
    const double pw = std::max(10.0, width - left - right);
    const double ph = std::max(10.0, height - top - bottom);
    const auto px = [&](double v) { return left + (v - x.lo) / (x.hi - x.lo) * pw; };
    const auto py = [&](double v) { return top + ph - (v - y.lo) / (y.hi - y.lo) * ph; };
    const auto map = [&](double a, double b) { return Point{px(a), py(b)}; };
    auto& out = scene.shapes;

    out.push_back(RectShape{left, top, pw, ph, grid_color(), 0.0, true, Rgb{252, 252, 253}});
    out.push_back(TextShape{
        {left, 12.0}, chart.title, title_font, TextAnchor::start, true, false, text_color()});
    // Tick labels and axis titles: one font and colour, placed and anchored each its own way.
    const auto axis_text = [&](Point at, const std::string& text, TextAnchor anchor,
                               bool vertical = false) {
        out.push_back(TextShape{at, text, tick_font, anchor, false, vertical, text_color()});
    };
    for (const auto& t : yticks) {
        out.push_back(
            PolylineShape{{{left, py(t.value)}, {left + pw, py(t.value)}}, grid_color(), 0.6});
        axis_text({left - 4.0, py(t.value) + 2.6}, t.label, TextAnchor::end);
    }
    for (const auto& t : xticks) {
        out.push_back(
            PolylineShape{{{px(t.value), top}, {px(t.value), top + ph}}, grid_color(), 0.6});
        axis_text({px(t.value), top + ph + 11.0}, t.label, TextAnchor::middle);
    }
    axis_text({left + pw / 2.0, height - 6.0}, axis_title(chart.x), TextAnchor::middle);
    axis_text({10.0, top + ph / 2.0}, axis_title(chart.y), TextAnchor::middle, true);

    if (chart.identity_line)
        out.push_back(
            PolylineShape{{map(x.lo, x.lo), map(x.hi, x.hi)}, Rgb{150, 150, 150}, 0.8, true});
    for (const auto& s : chart.series) {
        if (s.kind != SeriesKind::band) continue;
        // One polygon per finite run: lower edge forward, upper edge back.
        std::vector<Point> poly;
        const auto flush = [&] {
            if (poly.size() >= 4) out.push_back(PolygonShape{poly, series_color(s.color), 0.22});
            poly.clear();
        };
        std::vector<Point> upper;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size() && i < s.y_high.size(); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || !std::isfinite(s.y_high[i])) {
                poly.insert(poly.end(), upper.rbegin(), upper.rend());
                upper.clear();
                flush();
                continue;
            }
            poly.push_back(map(s.x[i], s.y[i]));
            upper.push_back(map(s.x[i], s.y_high[i]));
        }
        poly.insert(poly.end(), upper.rbegin(), upper.rend());
        flush();
    }
    for (const auto& s : chart.series) {
        if (s.kind == SeriesKind::line) {
            for (auto& run : line_runs(s, map, pw))
                out.push_back(PolylineShape{std::move(run), series_color(s.color), 1.1});
        } else if (s.kind == SeriesKind::points) {
            // A cloud of hold-out points stays light; a few marked points (the recommended
            // setting, the baseline) must stand out.
            const bool few = s.x.size() <= 20;
            for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
                if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                    out.push_back(CircleShape{map(s.x[i], s.y[i]), few ? 3.2 : 1.4,
                                              series_color(s.color), few ? 0.95 : 0.55});
        }
    }
    for (const auto& l : chart.lines) {
        if (!std::isfinite(l.value)) continue;
        const Rgb color = l.limit ? limit_color() : Rgb{110, 110, 110};
        if (l.vertical) {
            out.push_back(
                PolylineShape{{{px(l.value), top}, {px(l.value), top + ph}}, color, 1.0, true});
        } else {
            out.push_back(
                PolylineShape{{{left, py(l.value)}, {left + pw, py(l.value)}}, color, 1.0, true});
            out.push_back(TextShape{{left + pw - 3.0, py(l.value) - 3.0},
                                    l.label,
                                    tick_font,
                                    TextAnchor::end,
                                    false,
                                    false,
                                    color});
        }
    }
    out.push_back(RectShape{left, top, pw, ph, Rgb{160, 166, 175}, 0.7, false, {}});

    // Legend: one row under the title, wrapped when it does not fit.
    if (chart.series.size() + chart.lines.size() > 1) {
        double lx = left, ly = 27.0;
        const auto entry = [&](const std::string& name, Rgb color, bool dashed, bool filled) {
            const double w = 14.0 + estimate_text_width(name, legend_font) + 10.0;
            if (lx + w > width - right && lx > left) {
                lx = left;
                ly += 10.0;
            }
            if (filled)
                out.push_back(RectShape{lx, ly - 5.5, 10.0, 6.0, color, 0.0, true, color});
            else
                out.push_back(
                    PolylineShape{{{lx, ly - 2.5}, {lx + 10.0, ly - 2.5}}, color, 1.6, dashed});
            out.push_back(TextShape{
                {lx + 14.0, ly}, name, legend_font, TextAnchor::start, false, false, text_color()});
            lx += w;
        };
        for (const auto& s : chart.series) {
            Rgb c = series_color(s.color);
            if (s.kind == SeriesKind::band)  // the legend swatch shows the band as drawn
                c = Rgb{static_cast<std::uint8_t>(255 - (255 - c.r) * 0.35),
                        static_cast<std::uint8_t>(255 - (255 - c.g) * 0.35),
                        static_cast<std::uint8_t>(255 - (255 - c.b) * 0.35)};
            entry(s.name, c, false, s.kind != SeriesKind::line);
        }
        for (const auto& l : chart.lines)
            if (l.vertical && !l.label.empty())
                entry(l.label, l.limit ? limit_color() : Rgb{110, 110, 110}, true, false);
    }
    return scene;
}

}  // namespace twinbench::report
