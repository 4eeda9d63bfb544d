// How a column moves in row order, for the role proposal (PRODUCT.md section 4: "the
// importer proposes roles from names, units and how a column moves"). A few passes over
// the values, no model fitting: an operator's setting moves in steps and holds between
// them, an ambient condition drifts smoothly, a measurement that follows the process is a
// noisy continuous signal, a row number counts up.
//
// Rules, in this order, over the present values (missing cells are skipped, so a gap
// joins the values on either side of it):
//  - too_few: fewer than 10 values;
//  - constant: one value;
//  - counter: rises (or falls) from every value to the next and no value repeats (a row
//    number, an identifier);
//  - accumulating: rises in at least 80 % of the steps and falls in at most 2 % of them (a
//    clock or counter that resets, a running total, wear between maintenance stops);
//  - steps: piecewise constant. A jump is a change larger than 5 robust standard
//    deviations of the row-to-row changes (MAD / 0.6745: a few jumps do not widen it; zero
//    when the value holds exactly most of the time, and then every change is a jump); steps need at
//    least 3 jumps, at most 5 % of the row pairs jumping, the plateaus between jumps holding at
//    least 90 % of the variance (within-plateau variance <= 10 % of the total) and at most a
//    quarter of the plateaus shorter than 3 rows (rare 0/1 events are spikes, not settings);
//  - memoryless: the lag-1 autocorrelation of the levels is within +-0.2 (each row on its
//    own: per-item records, or pure noise);
//  - drift: roughness <= 0.1, where roughness = mean squared change from one value to the
//    next / (2 x variance) = 1 - lag-1 autocorrelation (von Neumann's ratio / 2): small
//    moves from row to row relative to the spread, no plateaus;
//  - noisy: anything else (a continuous signal with noise on it).
// Roughness depends on the sampling: a process output logged every minute is smooth too.
// The proposal therefore also asks whether a smooth column follows the steps of a
// control (step_response.h) before it calls it a disturbance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace twinbench {

enum class Movement { too_few, constant, counter, accumulating, steps, memoryless, drift, noisy };

std::string_view movement_name(Movement movement);

struct MovementSummary {
    Movement kind = Movement::too_few;
    std::size_t values = 0;   // present values
    std::size_t changes = 0;  // consecutive present values that differ
    std::size_t jumps = 0;    // changes larger than the noise (steps)
    std::size_t resets = 0;   // falls of an accumulating column (rises of a falling one)
    double first = 0.0;       // first present value
    double lag1_autocorrelation = 0.0;
    double roughness = 0.0;      // 1 - lag-1 autocorrelation
    double plateau_share = 0.0;  // variance explained by the plateaus between jumps
    bool whole_numbers = false;
    bool unit_steps = false;  // a counter that moves by the same step every row (1, 2, 3, ...)
    // Rows (indices into the series given) where each jump lands, and its size.
    std::vector<std::size_t> jump_rows;
    std::vector<double> jump_sizes;
};

struct MovementOptions {
    std::size_t min_values = 10;
    double accumulating_rise_fraction = 0.8;
    double accumulating_fall_fraction = 0.02;
    double jump_noise_widths = 5.0;
    std::size_t min_jumps = 3;
    double max_jump_fraction = 0.05;
    double min_plateau_share = 0.9;
    double max_short_plateau_fraction = 0.25;
    std::size_t short_plateau_rows = 3;
    double memoryless_autocorrelation = 0.2;
    double drift_roughness = 0.1;
};

// values: the column in row order, NaN = missing.
MovementSummary classify_movement(std::span<const double> values,
                                  const MovementOptions& options = {});

// A categorical column in row order (codes, negative = missing): how many labels it uses
// and how often it changes from one present row to the next.
struct LevelChanges {
    std::size_t values = 0;
    std::size_t levels_used = 0;
    std::size_t changes = 0;
    double change_fraction() const {
        return values > 1 ? static_cast<double>(changes) / static_cast<double>(values - 1) : 0.0;
    }
};
LevelChanges level_changes(std::span<const std::int32_t> codes);

}  // namespace twinbench
