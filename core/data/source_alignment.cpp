#include "data/source_alignment.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace twinbench {
namespace {

double median_step(const std::vector<double>& t) {
    std::vector<double> steps;
    steps.reserve(t.size());
    for (std::size_t i = 1; i < t.size(); ++i)
        if (t[i] > t[i - 1]) steps.push_back(t[i] - t[i - 1]);
    if (steps.empty()) return 0.0;
    auto mid = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
    std::nth_element(steps.begin(), mid, steps.end());
    return *mid;
}

// Main rows in time order. Imports append files in time order, but a later import of an
// earlier month leaves the source unsorted; alignment must still find the right rows.
struct TimeIndex {
    std::vector<double> sorted_t;
    std::vector<std::size_t> row;  // main row of sorted_t[i]

    explicit TimeIndex(const std::vector<double>& t) : row(t.size()) {
        std::iota(row.begin(), row.end(), std::size_t{0});
        if (!std::is_sorted(t.begin(), t.end()))
            std::stable_sort(row.begin(), row.end(), [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
        sorted_t.reserve(t.size());
        for (const auto r : row) sorted_t.push_back(t[r]);
    }
    // Position (into sorted_t) nearest to when.
    std::size_t nearest(double when) const {
        const auto it = std::lower_bound(sorted_t.begin(), sorted_t.end(), when);
        if (it == sorted_t.begin()) return 0;
        if (it == sorted_t.end()) return sorted_t.size() - 1;
        const auto i = static_cast<std::size_t>(it - sorted_t.begin());
        return (when - sorted_t[i - 1] <= sorted_t[i] - when) ? i - 1 : i;
    }
};

Column empty_like(const Column& source, std::size_t rows) {
    Column out;
    out.name = source.name;
    out.header = source.header;
    out.unit = source.unit;
    out.type = source.type;
    out.role = source.role;
    out.levels = source.levels;
    if (source.type == ColumnType::categorical)
        out.codes.assign(rows, missing_code);
    else
        out.values.assign(rows, missing_value);
    return out;
}

void copy_cell(const Column& from, std::size_t from_row, Column& to, std::size_t to_row) {
    if (from.type == ColumnType::categorical)
        to.codes[to_row] = from.codes[from_row];
    else
        to.values[to_row] = from.values[from_row];
}

}  // namespace

void align_source_onto(Table& main, const Table& sparse) {
    if (!main.has_time() || !sparse.has_time()) return;
    const std::size_t rows = main.row_count();
    const TimeIndex index(main.time_s);
    const auto& t = index.sorted_t;
    const double tolerance = 0.5 * median_step(t);

    const Column* end_column = nullptr;
    for (const auto& c : sparse.columns)
        if (c.type == ColumnType::timestamp && c.role != Role::time) {
            end_column = &c;
            break;
        }

    // Sparse rows in time order, so "last value" and interval fills are well defined.
    std::vector<std::size_t> order(sparse.row_count());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sparse.time_s[a] < sparse.time_s[b]; });

    for (const auto& source : sparse.columns) {
        if (source.role == Role::time || &source == end_column) continue;
        Column aligned = empty_like(source, rows);
        aligned.aligned_from = sparse.name;
        if (main.find(aligned.name)) aligned.name += " (" + sparse.name + ")";

        if (end_column) {
            for (const auto r : order) {
                const double start = sparse.time_s[r];
                const double end = end_column->values[r];
                if (std::isnan(start) || std::isnan(end)) continue;
                auto first = std::lower_bound(t.begin(), t.end(), start);
                for (auto it = first; it != t.end() && *it < end; ++it)
                    copy_cell(source, r, aligned, index.row[static_cast<std::size_t>(it - t.begin())]);
            }
        } else if (source.type == ColumnType::categorical) {
            std::size_t next = 0;
            std::int32_t current = missing_code;
            for (std::size_t k = 0; k < rows; ++k) {
                while (next < order.size() && sparse.time_s[order[next]] <= t[k]) {
                    const auto code = source.codes[order[next]];
                    if (code != missing_code) current = code;
                    ++next;
                }
                aligned.codes[index.row[k]] = current;
            }
        } else {
            for (const auto r : order) {
                const double when = sparse.time_s[r];
                if (std::isnan(when) || rows == 0) continue;
                const auto k = index.nearest(when);
                if (std::abs(t[k] - when) <= tolerance || tolerance == 0.0) copy_cell(source, r, aligned, index.row[k]);
            }
        }
        main.columns.push_back(std::move(aligned));
    }
}

}  // namespace twinbench
