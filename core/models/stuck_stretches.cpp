#include "models/stuck_stretches.h"

#include <cmath>

#include "data/audit.h"

namespace twinbench {

std::vector<std::size_t> drop_stuck_stretches(const Table& table, const std::vector<std::string>& sensors,
                                              SignalFrame& frame) {
    std::vector<std::size_t> masked(sensors.size(), 0);
    if (sensors.empty() || frame.table_row.size() != frame.steps()) return masked;
    const AuditReport audit = audit_table(table, AuditOptions{});
    for (std::size_t s = 0; s < sensors.size(); ++s) {
        FrameSignal* signal = frame.find(sensors[s]);
        if (signal == nullptr) continue;
        for (const ColumnAudit& column : audit.columns) {
            if (column.name != sensors[s] || column.flatline_ranges.empty()) continue;
            std::vector<std::uint8_t> stuck(table.row_count(), 0);
            for (const TimeRange& r : column.flatline_ranges)
                for (std::size_t row = r.first_row; row <= r.last_row && row < stuck.size(); ++row) stuck[row] = 1;
            for (std::size_t k = 0; k < frame.steps(); ++k) {
                const std::ptrdiff_t row = frame.table_row[k];
                if (row >= 0 && stuck[static_cast<std::size_t>(row)] && !std::isnan(signal->values[k])) {
                    signal->values[k] = std::nan("");
                    ++masked[s];
                }
            }
        }
    }
    return masked;
}

}  // namespace twinbench
