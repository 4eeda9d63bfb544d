// Does a column follow the steps of a control? Evidence for the role proposal that a
// smooth signal is a process output (the outlet temperature moves when the operator steps
// the inlet setpoint) and not a disturbance (the ambient does not care).
//
// For each jump of the step-like column (column_movement.h) the column's level change is
// the mean over the second half of a window after the jump minus the mean over the half
// window just before it; the window is half the median spacing of the jumps (4 to 240
// rows) and never reaches past the neighbouring jumps. The column follows the steps when,
// over at least 5 jumps, the jump sizes and those level changes correlate with |r| >= 0.5
// and t = |r| sqrt((n - 2) / (1 - r^2)) >= 3, and better (by 0.2 in |r|) than they
// correlate with the column's change in the half window before the jump: a disturbance the
// operator reacts to moves before the step, an output after it.
#pragma once

#include <cstddef>
#include <span>

#include "data/column_movement.h"

namespace twinbench {

struct StepFollowingOptions {
    std::size_t min_steps = 5;
    double min_correlation = 0.5;
    double min_t = 3.0;
    double lead_margin = 0.2;
    std::size_t min_window_rows = 4;
    std::size_t max_window_rows = 240;
};

struct StepFollowing {
    std::size_t steps = 0;            // jumps with values on both sides
    double correlation = 0.0;         // jump sizes vs the column's change after them
    double correlation_before = 0.0;  // jump sizes vs its change before them
    bool follows = false;
};

// column: the candidate in row order (NaN = missing), on the same rows as the control
// whose movement (with its jump rows and sizes) is given.
StepFollowing follows_steps(std::span<const double> column, const MovementSummary& control,
                            const StepFollowingOptions& options = {});

}  // namespace twinbench
