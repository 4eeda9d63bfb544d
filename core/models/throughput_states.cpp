#include "models/throughput_states.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "common/ascii_text.h"
#include "common/error.h"

namespace twinbench {

namespace {

// Most frequent level over rows [first, last): the PRODUCT.md default for "running".
std::string most_frequent_level(const Column& state, std::size_t first, std::size_t last) {
    std::vector<std::size_t> counts(state.levels.size(), 0);
    for (std::size_t r = first; r < last; ++r) {
        const auto code = state.codes[r];
        if (code != missing_code) ++counts[static_cast<std::size_t>(code)];
    }
    const auto best = std::max_element(counts.begin(), counts.end());
    if (best == counts.end() || *best == 0) return {};
    return state.levels[static_cast<std::size_t>(best - counts.begin())];
}

std::int32_t level_code(const Column& column, const std::string& label) {
    for (std::size_t i = 0; i < column.levels.size(); ++i)
        if (column.levels[i] == label) return static_cast<std::int32_t>(i);
    return missing_code;
}

// Codes of the levels of `column` that read like maintenance (or equal `wanted`).
std::vector<bool> maintenance_levels(const Column& column, const std::string& wanted, std::string& first_label) {
    std::vector<bool> is_maint(column.levels.size(), false);
    for (std::size_t i = 0; i < column.levels.size(); ++i) {
        const bool match = wanted.empty() ? looks_like_maintenance(column.levels[i]) : column.levels[i] == wanted;
        if (match) {
            is_maint[i] = true;
            if (first_label.empty()) first_label = column.levels[i];
        }
    }
    return is_maint;
}

}  // namespace

bool looks_like_maintenance(const std::string& label) {
    static constexpr std::array<std::string_view, 8> stems = {
        "maint", "wartung", "instand", "clean", "reinig", "service", "inspekt", "inspect",
    };
    const std::string text = ascii_lower(label);
    return std::any_of(stems.begin(), stems.end(),
                       [&](std::string_view stem) { return text.find(stem) != std::string::npos; });
}

RowClassification classify_rows(const Table& table, const Column& state, const Column* produced,
                                std::size_t first, std::size_t last, double step_min,
                                const StateRules& rules) {
    RowClassification out;
    const std::size_t rows = table.row_count();
    out.classes.assign(rows, RowClass::running);
    out.running_label = rules.running_label.empty() ? most_frequent_level(state, first, last) : rules.running_label;
    const auto running_code = level_code(state, out.running_label);
    if (running_code == missing_code)
        throw ModelError("throughput model: the state column '" + state.name + "' has no value '" + out.running_label +
                         "'; say which state value means running");

    for (std::size_t r = first; r < last; ++r) {
        const bool state_running = state.codes[r] == running_code;
        const bool no_parts = produced && !produced->is_missing(r) && produced->values[r] <= 0.0;
        out.classes[r] = state_running && !no_parts ? RowClass::running : RowClass::stop;
    }

    // 1. A state level that means maintenance.
    std::string label;
    auto is_maint = maintenance_levels(state, rules.maintenance_label, label);
    if (!label.empty() && label != out.running_label) {
        out.source = MaintenanceSource::state_label;
        out.maintenance_label = label;
        out.maintenance_column = state.name;
        for (std::size_t r = first; r < last; ++r) {
            const auto code = state.codes[r];
            if (code != missing_code && is_maint[static_cast<std::size_t>(code)] && out.classes[r] != RowClass::running)
                out.classes[r] = RowClass::maintenance;
        }
        return out;
    }
    // 2. A maintenance log aligned onto the rows (interval source: rows inside an entry
    //    carry its type, e.g. "Wartung" vs "Störung").
    for (const auto& column : table.columns) {
        if (column.aligned_from.empty() || column.type != ColumnType::categorical) continue;
        label.clear();
        is_maint = maintenance_levels(column, rules.maintenance_label, label);
        if (label.empty()) continue;
        out.source = MaintenanceSource::aligned_log;
        out.maintenance_label = label;
        out.maintenance_column = column.name;
        for (std::size_t r = first; r < last; ++r) {
            const auto code = column.codes[r];
            if (code != missing_code && is_maint[static_cast<std::size_t>(code)] && out.classes[r] != RowClass::running)
                out.classes[r] = RowClass::maintenance;
        }
        return out;
    }
    // 3. Long stops.
    out.source = MaintenanceSource::long_stops;
    for (const auto& s : find_stretches(table, out.classes, first, last, step_min)) {
        if (s.kind == RowClass::stop && s.minutes >= rules.long_stop_min)
            std::fill(out.classes.begin() + static_cast<std::ptrdiff_t>(s.first),
                      out.classes.begin() + static_cast<std::ptrdiff_t>(s.last + 1), RowClass::maintenance);
    }
    return out;
}

std::vector<Stretch> find_stretches(const Table& table, const std::vector<RowClass>& classes,
                                    std::size_t first, std::size_t last, double step_min) {
    std::vector<Stretch> out;
    if (first >= last) return out;
    std::size_t begin = first;
    for (std::size_t r = first + 1; r <= last; ++r) {
        if (r < last && classes[r] == classes[begin]) continue;
        Stretch s;
        s.kind = classes[begin];
        s.first = begin;
        s.last = r - 1;
        // Times, not row counts: rows lost to gaps inside a stretch still count.
        s.minutes = (table.time_s[s.last] - table.time_s[s.first]) / 60.0 + step_min;
        s.censored = s.first == first || r == last;
        out.push_back(s);
        begin = r;
    }
    return out;
}

}  // namespace twinbench
