#include "report/graph_forecast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "common/missing_value.h"
#include "report/number_format.h"
#include "sim/twin_what_if.h"

namespace twinbench::report {
namespace {

// Charts of the first outputs only: a report of a 40-signal plant stays readable, and
// every output's figures are in the table anyway.
constexpr std::size_t max_output_charts = 6;

double value_or_nan(const std::map<std::string, double>& values, const std::string& key) {
    const auto it = values.find(key);
    return it == values.end() ? nan : it->second;
}

ScenarioSetting setting_of(const ControlChange& c) {
    ScenarioSetting s;
    s.name = control_name(c);
    if (!c.level.empty()) {
        s.value = c.level;
        return s;
    }
    switch (c.op) {
        case ChangeOp::set:
            s.value = format_significant(c.value, 6);
            s.number = c.value;
            break;
        case ChangeOp::add:
            s.value = fmt::format("{:+g}", c.value);
            break;
        case ChangeOp::percent:
            s.value = fmt::format("{:+g} %", c.value);
            break;
    }
    return s;
}

// Decimals that show a value to about four significant digits.
int forecast_decimals(double v) {
    if (!std::isfinite(v) || v == 0.0) return 2;
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(v))));
    return std::clamp(3 - magnitude, 0, 6);
}

std::vector<double> hourly_grid(const SignalFrame& frame) {
    std::vector<double> hours;
    if (frame.time_s.empty()) return hours;
    for (double t = frame.time_s.front(); t <= frame.time_s.back(); t += 3600.0) hours.push_back(t);
    return hours;
}

// Hourly means of a frame signal (per-item frames: the rows as they are, numbered).
void hourly_means(const SignalFrame& frame, const FrameSignal& signal, const std::vector<double>& hours,
                  std::vector<double>& x, std::vector<double>& y) {
    x.clear();
    y.clear();
    if (hours.empty()) {
        for (std::size_t i = 0; i < signal.values.size(); ++i) {
            x.push_back(static_cast<double>(i + 1));
            y.push_back(signal.values[i]);
        }
        return;
    }
    std::vector<double> sum(hours.size(), 0.0), n(hours.size(), 0.0);
    for (std::size_t i = 0; i < frame.time_s.size() && i < signal.values.size(); ++i) {
        if (!std::isfinite(signal.values[i])) continue;
        const auto h = static_cast<std::size_t>((frame.time_s[i] - hours.front()) / 3600.0);
        if (h >= hours.size()) continue;
        sum[h] += signal.values[i];
        n[h] += 1.0;
    }
    x = hours;
    for (std::size_t i = 0; i < hours.size(); ++i) y.push_back(n[i] > 0 ? sum[i] / n[i] : nan);
}

Chart output_chart(const TwinWhatIfResult& r, const std::string& output, const std::vector<SeriesLimit>& limits,
                   const std::string& zone) {
    const FrameSignal* base = r.baseline.frame.find(output);
    const FrameSignal* scen = r.result.frame.find(output);
    Chart c;
    c.title = output;
    const bool timed = r.baseline.frame.has_time();
    c.x = timed ? ChartAxis{"Time", "", true, zone} : ChartAxis{"Row", "", false, ""};
    c.y = {output, base->unit, false, ""};
    const auto hours = hourly_grid(r.baseline.frame);
    ChartSeries b{"baseline", SeriesKind::line, {}, {}, {}, 5};
    hourly_means(r.baseline.frame, *base, hours, b.x, b.y);
    c.series.push_back(std::move(b));
    if (scen != nullptr) {
        ChartSeries s{"scenario", SeriesKind::line, {}, {}, {}, 1};
        hourly_means(r.result.frame, *scen, hours, s.x, s.y);
        c.series.push_back(std::move(s));
    }
    for (const auto& l : limits) {
        if (l.series != output) continue;
        for (const auto& bound : {l.min, l.max})
            if (bound)
                c.lines.push_back({"limit " + format_significant(*bound, 4) + " " + base->unit, *bound, false, true});
    }
    for (const auto& x : r.limits)
        if (x.crossed && x.limit.series == output && timed) c.lines.push_back({"limit reached", x.time_s, true, true});
    c.caption = timed ? "Hourly means over the horizon; dashed red: limits." : "Row by row over the horizon.";
    c.export_series = true;
    return c;
}

}  // namespace

ScenarioSection graph_scenario_section(const TwinStudy& study, const Scenario& scenario, int runs,
                                       std::uint64_t seed) {
    TwinWhatIfOptions options;
    options.runs = runs;
    options.seed = seed;
    const TwinWhatIfResult r = run_twin_what_if(study, scenario, options);
    ScenarioSection s;
    s.name = scenario.name;
    s.note = scenario.note;
    s.runs = r.runs;
    s.seed = seed;
    s.time_zone = study.dataset.time_zone;
    s.horizon = r.baseline.frame.has_time()
                    ? (scenario.horizon_h >= 48 && std::fmod(scenario.horizon_h, 24.0) == 0.0
                           ? fmt::format("{} d", scenario.horizon_h / 24.0)
                           : fmt::format("{} h", format_significant(scenario.horizon_h, 3)))
                    : fmt::format("{} rows", r.baseline.frame.steps());
    for (const auto& c : scenario.changes) s.settings.push_back(setting_of(c));

    // Outputs: a count output by its rate (scrap out of parts made) in percent, the others
    // by their mean over the horizon; the model's trust verdict beside each.
    for (const auto& output : r.baseline.outputs) {
        // Named, not a structured binding: clang before 16 cannot capture one in a lambda.
        const std::string& name = output.first;
        const double base = output.second;
        const FrameSignal* signal = r.baseline.frame.find(name);
        const bool rate = r.baseline.rates.count(name) > 0;
        const double scale = rate ? 100.0 : 1.0;
        const auto pick = [&](const GraphOutcome& o) { return rate ? value_or_nan(o.rates, name) : value_or_nan(o.outputs, name); };
        const auto band = [&](const std::optional<OutcomeBand>& b) {
            if (!b) return nan;
            return rate ? value_or_nan(b->rates, name) : value_or_nan(b->outputs, name);
        };
        KpiRow row;
        row.key = name;
        row.label = rate ? name + " (rate)" : name + " (mean)";
        row.unit = rate ? "%" : (signal != nullptr ? signal->unit : "");
        row.baseline = scale * (rate ? value_or_nan(r.baseline.rates, name) : base);
        row.scenario = scale * pick(r.result);
        row.p10 = scale * band(r.p10);
        row.p90 = scale * band(r.p90);
        row.decimals = forecast_decimals(row.baseline);
        if (const auto t = r.trust.find(name); t != r.trust.end()) row.trust = std::string(trust_level_name(t->second.level));
        s.kpis.push_back(std::move(row));
    }
    for (const auto& [name, base] : r.baseline.kpis) {
        KpiRow row;
        row.key = name;
        row.label = name;
        row.baseline = base;
        row.scenario = value_or_nan(r.result.kpis, name);
        row.p10 = r.p10 ? value_or_nan(r.p10->kpis, name) : nan;
        row.p90 = r.p90 ? value_or_nan(r.p90->kpis, name) : nan;
        row.decimals = forecast_decimals(base);
        s.kpis.push_back(std::move(row));
    }
    std::size_t charts = 0;
    for (const auto& [name, value] : r.baseline.outputs) {
        (void)value;
        if (charts++ == max_output_charts) break;
        s.charts.push_back(output_chart(r, name, scenario.limits, study.dataset.time_zone));
    }
    for (const auto& x : r.limits) {
        const std::string bound = x.limit.max ? "<= " + format_significant(*x.limit.max, 4)
                                              : ">= " + format_significant(x.limit.min.value_or(nan), 4);
        if (x.crossed)
            s.events.push_back({x.limit.series + " " + bound + ": reached", x.time_s, x.hours_from_start});
        else
            s.events.push_back({x.limit.series + " " + bound + ": not reached (most extreme " +
                                    format_significant(x.worst, 4) + ")",
                                nan, nan});
    }
    for (const auto& f : r.extrapolation)
        if (!f.inside) s.extrapolation_warnings.push_back(f.message);
    for (const auto& [output, verdict] : r.trust)
        if (verdict.level != TrustVerdict::Level::trusted && !verdict.message.empty())
            s.notes.push_back(output + ": " + verdict.message);
    for (const auto& w : r.warnings) s.notes.push_back(w);
    return s;
}

Scenario nothing_changes_scenario(const std::vector<Scenario>& stored) {
    Scenario s;
    s.name = "If nothing changes";
    if (!stored.empty()) s.horizon_h = stored.front().horizon_h;
    for (const auto& scenario : stored)
        for (const auto& limit : scenario.limits) {
            const bool known = std::any_of(s.limits.begin(), s.limits.end(), [&](const SeriesLimit& l) {
                return l.series == limit.series && l.min == limit.min && l.max == limit.max;
            });
            if (!known) s.limits.push_back(limit);
        }
    return s;
}

ScenarioSection as_forecast(ScenarioSection section) {
    section.forecast = true;
    for (auto& chart : section.charts) {
        std::erase_if(chart.series, [](const ChartSeries& s) { return s.name == "scenario"; });
        for (auto& s : chart.series) {
            if (s.name == "baseline") s.name = "forecast";
            if (s.name == "scenario P10-P90") s.name = "forecast P10-P90";
        }
    }
    return section;
}

}  // namespace twinbench::report
