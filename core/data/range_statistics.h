// Statistics of the samples between two times, as the A/B cursors of a time chart ask for
// them: count, mean, min, max, standard deviation and sum of one signal, and a ratio of
// two sums (scrapped over produced parts) over the rows both signals have. Missing
// samples (NaN) are skipped, as in robust_stats.
#pragma once

#include <cstddef>
#include <span>

#include "data/robust_stats.h"

namespace twinbench {

// Samples [begin, end) of an ascending time vector.
struct IndexRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
};

// The samples whose time lies in the closed interval [start_s, end_s] (the bounds may be
// given in either order). time_s must be ascending; binary search, so O(log n).
IndexRange time_window(std::span<const double> time_s, double start_s, double end_s);

struct RangeStatistics {
    std::size_t samples = 0;  // in the window, missing ones included
    Moments moments;          // of the finite samples (n, mean, std, min, max)
    double sum = 0.0;         // of the finite samples; NaN when there is none
};

RangeStatistics range_statistics(std::span<const double> values);
// The samples of (time_s, values) in [start_s, end_s]; both spans of the same length.
RangeStatistics range_statistics(std::span<const double> time_s, std::span<const double> values,
                                 double start_s, double end_s);

struct RatioOfSums {
    std::size_t rows = 0;  // rows where both signals have a value
    double numerator = 0.0;
    double denominator = 0.0;
    double ratio = 0.0;  // numerator / denominator; NaN when the denominator sums to 0
};

// Sum of the numerator over sum of the denominator, both taken over the times at which
// both signals have a finite value (a minute with a scrap count but no produced count
// would otherwise inflate the rate). Each signal has its own ascending times; a row is a
// time that appears in both.
RatioOfSums ratio_of_sums(std::span<const double> numerator_time_s,
                          std::span<const double> numerator,
                          std::span<const double> denominator_time_s,
                          std::span<const double> denominator);

}  // namespace twinbench
