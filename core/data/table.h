// In-memory columnar table: one source of a dataset (the historian, the manual checks,
// the maintenance log...). Columns are contiguous vectors so that models read them
// without per-cell allocation.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "data/roles.h"

namespace twinbench {

inline constexpr double missing_value = std::numeric_limits<double>::quiet_NaN();
inline constexpr std::int32_t missing_code = -1;

struct Column {
    std::string name;    // header without the unit, trimmed ("Temp" for "Temp [°C]")
    std::string header;  // header exactly as in the file (after decoding)
    std::string unit;    // "°C", "m/min", "" if none was given
    ColumnType type = ColumnType::numeric;
    Role role = Role::none;
    // "" for the table's own columns; the source's name for a column of a sparse source
    // aligned onto these rows (manual checks, batch list): missing between its entries.
    std::string aligned_from;

    // numeric, boolean (0/1) and timestamp (UTC seconds since 1970) columns; NaN = missing
    std::vector<double> values;
    // categorical columns: index into levels, missing_code = missing
    std::vector<std::int32_t> codes;
    std::vector<std::string> levels;

    std::size_t size() const { return type == ColumnType::categorical ? codes.size() : values.size(); }
    bool is_missing(std::size_t row) const {
        return type == ColumnType::categorical ? codes[row] == missing_code : std::isnan(values[row]);
    }
    // Level label of a categorical row ("" when missing).
    std::string_view label(std::size_t row) const {
        const auto code = codes[row];
        return code == missing_code ? std::string_view{} : std::string_view{levels[code]};
    }
};

struct Table {
    std::string name;
    // Row times as UTC seconds since 1970, ascending as imported. Empty when the source
    // has no timestamps: then the row order is the index.
    std::vector<double> time_s;
    std::vector<Column> columns;

    std::size_t row_count() const {
        if (!time_s.empty()) return time_s.size();
        return columns.empty() ? 0 : columns.front().size();
    }
    bool has_time() const { return !time_s.empty(); }

    const Column* find(std::string_view column_name) const {
        for (const auto& c : columns)
            if (c.name == column_name) return &c;
        return nullptr;
    }
    Column* find(std::string_view column_name) {
        for (auto& c : columns)
            if (c.name == column_name) return &c;
        return nullptr;
    }
    const Column* find_role(Role role) const {
        for (const auto& c : columns)
            if (c.role == role) return &c;
        return nullptr;
    }
    // The column with this role when it holds numbers (a text column cannot feed a model).
    const Column* find_numeric_role(Role role) const {
        const Column* c = find_role(role);
        return c != nullptr && c->type == ColumnType::numeric ? c : nullptr;
    }
};

}  // namespace twinbench
