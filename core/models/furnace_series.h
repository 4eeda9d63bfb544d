// The series the furnace temperature model is identified on, taken from a dataset table
// by role: setpoint, measured furnace temperature, ambient, load (parts per minute from
// the produced counts) and which rows have trustworthy inputs. Internal to
// furnace_temperature_model.cpp; header-only because it is small and
// has no other user.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/table.h"
#include "models/model_inputs.h"

namespace twinbench {

struct FurnaceSeries {
    std::vector<double> time_s;
    std::vector<double> furnace;   // NaN where missing or stuck
    std::vector<double> setpoint;
    std::vector<double> load;      // parts per minute over the interval starting at the row
    std::vector<double> ambient;
    // Inputs of the row usable to step to the next row: setpoint and ambient present,
    // state known and consistent with produced (parts only while running).
    std::vector<char> inputs_ok;
    double step_s = 0.0;           // sampling step: median positive row spacing
    std::size_t stuck_rows = 0;
    std::string setpoint_column, furnace_column, ambient_column, produced_column, state_column;
    std::string running_label;

    std::size_t size() const { return time_s.size(); }
    bool step_ok(std::size_t k) const {
        return k + 1 < time_s.size() && std::abs(time_s[k + 1] - time_s[k] - step_s) <= 0.01 * step_s;
    }
};

// A stretch simulated in one go: steps k = first .. last-1 all have usable inputs and are
// one sampling step apart; the furnace is measured at first (the start value).
struct Segment {
    std::size_t first = 0;
    std::size_t last = 0;
};

namespace furnace_detail {

inline const Column& require_role(const Table& table, Role role) {
    return twinbench::require_role(table, role, "furnace temperature model");
}

inline const std::vector<double>& require_numeric(const Column& c, Role role) {
    if (c.type == ColumnType::categorical)
        throw ModelError("furnace temperature model: column '" + c.name + "' mapped to " +
                         std::string(role_name(role)) + " is not numeric; map a numeric column with --map " +
                         std::string(role_name(role)) + "=COLUMN");
    return c.values;
}

// Per-row running flag (-1 unknown, 0 not running, 1 running) with the most frequent
// state value meaning running (PRODUCT.md section 2).
inline std::vector<int> running_flags(const Column& state, std::string& label) {
    const std::size_t n = state.size();
    std::vector<int> flags(n, -1);
    if (state.type == ColumnType::categorical) {
        std::vector<std::size_t> counts(state.levels.size(), 0);
        for (const auto code : state.codes)
            if (code >= 0) ++counts[static_cast<std::size_t>(code)];
        if (counts.empty()) return flags;
        const auto best = static_cast<std::int32_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
        label = state.levels[static_cast<std::size_t>(best)];
        for (std::size_t i = 0; i < n; ++i)
            if (state.codes[i] != missing_code) flags[i] = state.codes[i] == best ? 1 : 0;
        return flags;
    }
    std::map<double, std::size_t> counts;
    for (const double v : state.values)
        if (!std::isnan(v)) ++counts[v];
    if (counts.empty()) return flags;
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](const auto& x, const auto& y) { return x.second < y.second; })->first;
    label = std::to_string(best);
    label.erase(label.find_last_not_of('0') + 1);
    if (!label.empty() && label.back() == '.') label.pop_back();
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(state.values[i])) flags[i] = state.values[i] == best ? 1 : 0;
    return flags;
}

// Marks runs of at least min_run identical readings as missing: a noisy thermocouple
// never repeats itself that long, a frozen one does.
inline std::size_t remove_stuck(std::vector<double>& v, std::size_t min_run) {
    if (min_run < 2) return 0;
    std::size_t removed = 0;
    std::size_t i = 0;
    while (i < v.size()) {
        std::size_t j = i + 1;
        if (!std::isnan(v[i]))
            while (j < v.size() && v[j] == v[i]) ++j;
        if (j - i >= min_run) {
            std::fill(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(j),
                      missing_value);
            removed += j - i;
        }
        i = j;
    }
    return removed;
}

}  // namespace furnace_detail

inline FurnaceSeries extract_furnace_series(const Table& table, std::size_t stuck_min_run) {
    const Column& furnace = furnace_detail::require_role(table, Role::furnace_temp);
    const Column& setpoint = furnace_detail::require_role(table, Role::setpoint);
    const Column& ambient = furnace_detail::require_role(table, Role::ambient_temp);
    const Column& produced = furnace_detail::require_role(table, Role::produced);
    const Column& state = furnace_detail::require_role(table, Role::state);
    if (!table.has_time())
        throw ModelError("furnace temperature model needs timestamps: map a column to time with --map time=COLUMN");

    FurnaceSeries s;
    s.setpoint_column = setpoint.name;
    s.furnace_column = furnace.name;
    s.ambient_column = ambient.name;
    s.produced_column = produced.name;
    s.state_column = state.name;
    s.time_s = table.time_s;
    s.furnace = furnace_detail::require_numeric(furnace, Role::furnace_temp);
    s.setpoint = furnace_detail::require_numeric(setpoint, Role::setpoint);
    s.ambient = furnace_detail::require_numeric(ambient, Role::ambient_temp);
    const std::vector<double>& parts = furnace_detail::require_numeric(produced, Role::produced);
    const std::size_t n = s.size();

    std::vector<double> spacing;
    spacing.reserve(n);
    for (std::size_t k = 0; k + 1 < n; ++k)
        if (s.time_s[k + 1] > s.time_s[k]) spacing.push_back(s.time_s[k + 1] - s.time_s[k]);
    if (spacing.empty())
        throw ModelError("furnace temperature model: fewer than two distinct timestamps; import more data");
    const auto mid = spacing.begin() + static_cast<std::ptrdiff_t>(spacing.size() / 2);
    std::nth_element(spacing.begin(), mid, spacing.end());
    s.step_s = *mid;
    const double step_min = s.step_s / 60.0;

    s.stuck_rows = furnace_detail::remove_stuck(s.furnace, stuck_min_run);
    const std::vector<int> running = furnace_detail::running_flags(state, s.running_label);
    s.load.assign(n, missing_value);
    s.inputs_ok.assign(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
        const double p = parts[k];
        // A stopped line makes no parts, so its load is 0 even without a count; parts
        // counted while the state says stopped are contradictory and the row is not used.
        if (running[k] == 1 && !std::isnan(p) && p >= 0.0) s.load[k] = p / step_min;
        else if (running[k] == 0 && (std::isnan(p) || p == 0.0)) s.load[k] = 0.0;
        s.inputs_ok[k] = !std::isnan(s.load[k]) && !std::isnan(s.setpoint[k]) && !std::isnan(s.ambient[k]);
    }
    return s;
}

// Row k of every usable pair (k, k+1) with begin <= k and k + 1 < end: both furnace
// readings present, inputs of k usable, one sampling step apart.
inline std::vector<std::size_t> usable_pairs(const FurnaceSeries& s, std::size_t begin, std::size_t end) {
    std::vector<std::size_t> pairs;
    for (std::size_t k = begin; k + 1 < end; ++k)
        if (s.inputs_ok[k] && s.step_ok(k) && !std::isnan(s.furnace[k]) && !std::isnan(s.furnace[k + 1]))
            pairs.push_back(k);
    return pairs;
}

// Maximal stretches inside [begin, end) that can be simulated without a gap; dropouts of
// the furnace reading do not break them (the simulation needs only the inputs).
inline std::vector<Segment> simulation_segments(const FurnaceSeries& s, std::size_t begin, std::size_t end) {
    std::vector<Segment> segments;
    std::size_t k = begin;
    while (k < end) {
        std::size_t last = k;
        while (last + 1 < end && s.inputs_ok[last] && s.step_ok(last)) ++last;
        std::size_t first = k;
        while (first < last && std::isnan(s.furnace[first])) ++first;
        if (last > first && !std::isnan(s.furnace[first])) segments.push_back({first, last});
        k = last + 1;
    }
    return segments;
}

}  // namespace twinbench
