// Row classification for the throughput and availability model (issue 4, model 4):
// every row of a plant table is running, an unplanned stop or maintenance, and
// contiguous rows of one class form a stretch. Kept apart from the model because the
// rules (which state label means running, what marks maintenance) are plant habits
// the user may override, while the model only needs the resulting stretches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/table.h"

namespace twinbench {

enum class RowClass : std::uint8_t { running, stop, maintenance };

struct StateRules {
    std::string running_label;      // "" = most frequent state level over the rows
    std::string maintenance_label;  // "" = a state level that reads like maintenance
    // Without any maintenance marking (no such state level, no aligned maintenance log),
    // non-running stretches at least this long are taken as maintenance.
    double long_stop_min = 60.0;
};

enum class MaintenanceSource { state_label, aligned_log, long_stops };

struct RowClassification {
    std::vector<RowClass> classes;  // per table row
    std::string running_label;
    std::string maintenance_label;   // state level or log label, "" for long stops
    std::string maintenance_column;  // column the maintenance marking came from
    MaintenanceSource source = MaintenanceSource::long_stops;
};

struct Stretch {
    RowClass kind = RowClass::running;
    std::size_t first = 0;  // rows [first, last]
    std::size_t last = 0;
    double minutes = 0.0;   // from the first row's start to the last row's end
    bool censored = false;  // touches the first or last row: its true length is unknown
};

// True for labels such as "MAINT", "maintenance", "Wartung", "Instandhaltung",
// "cleaning", "Reinigung" (case-insensitive).
bool looks_like_maintenance(const std::string& label);

// Classifies rows [first, last) of `table`; rows outside the range are left running.
// A row is running when its state is the running label and it produced parts (PRODUCT.md
// section 2: intervals with no parts produced count as not running). Maintenance comes,
// in this order of preference, from a state level, from a categorical column aligned
// from another source (the maintenance log) whose label reads like maintenance, or from
// long stops. `step_min` is the length of one row.
RowClassification classify_rows(const Table& table, const Column& state, const Column* produced,
                                std::size_t first, std::size_t last, double step_min,
                                const StateRules& rules);

// Contiguous stretches of one class over rows [first, last).
std::vector<Stretch> find_stretches(const Table& table, const std::vector<RowClass>& classes,
                                    std::size_t first, std::size_t last, double step_min);

}  // namespace twinbench
