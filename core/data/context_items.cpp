#include "data/context_items.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

namespace twinbench {
namespace {

constexpr double open_end = std::numeric_limits<double>::infinity();

std::string cell_text(const Column& c, std::size_t row) {
    if (c.is_missing(row)) return {};
    if (c.type == ColumnType::categorical) return std::string(c.label(row));
    return fmt::format("{:g}", c.values[row]);
}

const Column* end_column_of(const Table& t) {
    for (const auto& c : t.columns)
        if (c.type == ColumnType::timestamp && c.role != Role::time) return &c;
    return nullptr;
}

}  // namespace

std::vector<ContextItem> context_items_of(const Table& source) {
    std::vector<ContextItem> items;
    if (!source.has_time()) return items;
    const Column* end = end_column_of(source);
    std::vector<std::size_t> order(source.row_count());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return source.time_s[a] < source.time_s[b]; });

    for (const auto& column : source.columns) {
        if (column.role != Role::context || column.type != ColumnType::categorical) continue;
        const std::size_t first_item = items.size();
        for (const auto r : order) {
            const double from = source.time_s[r];
            if (std::isnan(from) || column.is_missing(r)) continue;
            const std::string value(column.label(r));
            if (end == nullptr && items.size() > first_item && items.back().value == value) continue;  // same run
            ContextItem item;
            item.source = source.name;
            item.column = column.name;
            item.value = value;
            item.valid_from_s = from;
            item.valid_to_s = end != nullptr && !std::isnan(end->values[r]) ? end->values[r] : open_end;
            for (const auto& other : source.columns)
                if (&other != &column && other.role != Role::time && &other != end && !other.is_missing(r))
                    item.properties[other.name] = cell_text(other, r);
            items.push_back(std::move(item));
        }
        // As-of rows hold until the next row of the column.
        if (end == nullptr)
            for (std::size_t i = first_item; i + 1 < items.size(); ++i) items[i].valid_to_s = items[i + 1].valid_from_s;
    }
    return items;
}

std::vector<ContextItem> read_context_items(const Project& project, const DatasetInfo& dataset) {
    std::vector<ContextItem> items;
    for (const auto& source : dataset.sources) {
        if (!source.has_time) continue;
        auto some = context_items_of(project.read_source(source.id));
        items.insert(items.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
    }
    return items;
}

std::vector<ContextLink> context_links(const std::vector<ContextItem>& items, double min_share) {
    double latest = -open_end;
    for (const auto& i : items) {
        latest = std::max(latest, i.valid_from_s);
        if (std::isfinite(i.valid_to_s)) latest = std::max(latest, i.valid_to_s);
    }
    const auto end_of = [&](const ContextItem& i) { return std::isfinite(i.valid_to_s) ? i.valid_to_s : latest; };

    // Items per column in time order, so each item meets only the items it overlaps.
    std::map<std::string, std::vector<const ContextItem*>> by_column;
    for (const auto& i : items) by_column[i.column].push_back(&i);
    for (auto& [name, list] : by_column)
        std::stable_sort(list.begin(), list.end(),
                         [](const ContextItem* a, const ContextItem* b) { return a->valid_from_s < b->valid_from_s; });

    std::map<std::string, double> duration;                        // per "column=value"
    std::map<std::pair<std::string, std::string>, double> overlap;  // from -> to
    for (const auto& [column, list] : by_column) {
        for (const ContextItem* a : list) {
            const double a_end = end_of(*a);
            duration[a->name()] += std::max(0.0, a_end - a->valid_from_s);
            for (const auto& [other_column, others] : by_column) {
                if (other_column == column) continue;
                // First item of the other column that could still be valid at a's start.
                auto it = std::lower_bound(others.begin(), others.end(), a->valid_from_s,
                                           [&](const ContextItem* b, double t) { return end_of(*b) <= t; });
                for (; it != others.end() && (*it)->valid_from_s < a_end; ++it) {
                    const double o = std::min(a_end, end_of(**it)) - std::max(a->valid_from_s, (*it)->valid_from_s);
                    if (o > 0.0) overlap[{a->name(), (*it)->name()}] += o;
                }
            }
        }
    }
    std::vector<ContextLink> links;
    for (const auto& [pair, seconds] : overlap) {
        const double total = duration[pair.first];
        if (total > 0.0 && seconds / total >= min_share) links.push_back({pair.first, pair.second, seconds / total});
    }
    return links;
}

}  // namespace twinbench
