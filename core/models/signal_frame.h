// One stretch of the process as the twin sees it: a value per step for every signal of
// the process graph (controls, disturbances, outputs), on a regular time grid when the
// data have a time axis, row by row when they do not (per-item records). Models are
// fitted on the history's frame and simulate into a horizon's frame; a what-if changes
// the controls' rows of a copy.
//
// Categorical signals (material grade, load type) hold their level code as a double,
// with the labels beside it, so one contiguous array type serves every signal; NaN is
// missing for both.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/table.h"

namespace twinbench {

struct FrameSignal {
    std::string name;
    std::string unit;
    ColumnType type = ColumnType::numeric;  // numeric (boolean as 0/1) or categorical
    std::vector<std::string> levels;        // categorical: label of each code
    std::vector<double> values;             // one per step; NaN = missing

    bool categorical() const { return type == ColumnType::categorical; }
    // Code of a label, -1 when the signal has no such level.
    int level_code(std::string_view label) const;
};

struct SignalFrame {
    // Minutes between steps; 0 for per-item rows without a time axis.
    double step_min = 0.0;
    std::vector<double> time_s;  // UTC start of each step; empty without a time axis
    std::string time_zone;       // for the local clock (time-of-day and weekday terms)
    std::vector<FrameSignal> series;  // one per signal (not "signals": a Qt keyword)
    // Local clock of each step (filled with the time axis): hour of the day in [0, 24)
    // and 1 on Saturdays and Sundays. Models with calendar terms read these.
    std::vector<double> local_hour;
    std::vector<double> weekend;
    // Rows of the table that fell on each step (-1: none, a gap in the data).
    std::vector<std::ptrdiff_t> table_row;

    std::size_t steps() const;
    bool has_time() const { return !time_s.empty(); }
    double hours() const;  // the frame's length (steps x step; per-item: 0)

    int index(std::string_view name) const;  // -1 when absent
    const FrameSignal* find(std::string_view name) const;
    FrameSignal* find(std::string_view name);
    // Throws ModelError naming the signal and the frame's signals.
    const FrameSignal& at(std::string_view name) const;
    FrameSignal& at(std::string_view name);
    FrameSignal& add(FrameSignal signal);  // replaces a signal of the same name
};

// The history on its regular grid: the named columns of the table (the process graph's
// signals),
// placed on step k = round((t - t0) / step) with the median row spacing as step (rows
// that share a step: the first wins; steps without a row stay missing). Without a time
// axis, or when the data are too irregular for a grid (more than 4 steps per row), the
// rows are the steps. Throws ModelError when a name is not a column.
SignalFrame history_frame(const Table& table, const std::vector<std::string>& signal_names,
                          const std::string& time_zone);

// The frame on a coarser grid: blocks of `factor` steps, numeric signals averaged over
// the block (missing values skipped), categorical ones at the block's first step; the
// step is factor times longer. What a search over settings simulates before it polishes
// on the fine grid (a 10-minute week is a tenth of a 1-minute one).
SignalFrame coarse_frame(const SignalFrame& frame, std::size_t factor);

// Fills local_hour and weekend from time_s and time_zone ("" = UTC). Throws ModelError
// for an unknown zone.
void fill_local_clock(SignalFrame& frame);

}  // namespace twinbench
