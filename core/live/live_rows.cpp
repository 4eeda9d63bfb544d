#include "live/live_rows.h"

#include "data/table.h"

namespace twinbench {

LiveRows live_rows_from_table(const Table& table) {
    LiveRows out;
    out.time_s = table.time_s;
    for (const auto& c : table.columns) {
        LiveColumn column;
        column.name = c.name;
        switch (c.type) {
            case ColumnType::numeric:
            case ColumnType::boolean:
                column.values = c.values;
                break;
            case ColumnType::categorical:
                column.labels.reserve(c.codes.size());
                for (std::size_t i = 0; i < c.codes.size(); ++i) column.labels.emplace_back(c.label(i));
                break;
            case ColumnType::timestamp:
                continue;  // the time axis is time_s
        }
        out.columns.push_back(std::move(column));
    }
    return out;
}

}  // namespace twinbench
