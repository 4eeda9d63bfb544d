// Rows as they arrive from the plant (a CSV line tailed, an MQTT message): time stamps
// and named columns, the block the watcher hands to the twin alongside after appending
// it to the dataset. Columns are named as `import` lists them (units split off); a
// column the block does not carry is missing on its rows (NaN), as is a cell left empty.
#pragma once

#include <string>
#include <vector>

namespace twinbench {

struct LiveColumn {
    std::string name;
    // One per row; NaN = missing. Categorical columns: leave empty and fill labels.
    std::vector<double> values;
    std::vector<std::string> labels;  // categorical columns: one label per row ("" = missing)
};

struct LiveRows {
    std::vector<double> time_s;  // UTC seconds of each row, ascending
    std::vector<LiveColumn> columns;

    std::size_t rows() const { return time_s.size(); }
};

struct Table;
// The rows of a table as the twin alongside reads them: the time axis and every numeric,
// boolean and categorical column by name (categorical ones by label). What `watch` hands
// the monitor after each commit.
LiveRows live_rows_from_table(const Table& table);

}  // namespace twinbench
