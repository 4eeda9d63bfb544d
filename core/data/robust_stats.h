// Small numeric helpers for the audit, the fits and the charts. Every function skips NaN
// (a missing cell) and returns NaN when nothing is left, so callers never special-case
// dropouts. Order statistics use nth_element on one copy instead of sorting, because the
// audit asks for several quantiles of 100k-row columns many times.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace twinbench {

// Scale factor that makes the median absolute deviation estimate the standard deviation
// of normally distributed data.
inline constexpr double mad_normal_scale = 1.4826;

// Quantile of type 7 (R's default, numpy's "linear"): with the n finite values sorted as
// x[0..n-1], h = (n - 1) p and the result is x[floor h] + (h - floor h) (x[floor h + 1] -
// x[floor h]). p outside [0, 1] throws std::invalid_argument.
double quantile(std::span<const double> values, double p);

// Several quantiles from one copy of the data; the results follow the order of
// probabilities (which need not be sorted).
std::vector<double> quantiles(std::span<const double> values,
                              std::span<const double> probabilities);

double median(std::span<const double> values);

// 1.4826 * median |x - median(x)|.
double mad(std::span<const double> values);
// Same around a given centre (when the caller already knows the median).
double mad(std::span<const double> values, double center);

struct Moments {
    std::size_t n = 0;  // finite values
    double mean = 0.0;
    double std = 0.0;  // sample standard deviation (n - 1); NaN when n < 2
    double min = 0.0;
    double max = 0.0;
};

// One pass; NaN fields (and n = 0) when there is no finite value.
Moments moments(std::span<const double> values);
double mean(std::span<const double> values);
double stddev(std::span<const double> values);

// In-place variants for callers that own a scratch buffer already free of NaN: they
// reorder the buffer and allocate nothing. out receives one value per probability.
double quantile_inplace(std::span<double> finite_values, double p);
void quantiles_inplace(std::span<double> finite_values, std::span<const double> probabilities,
                       std::span<double> out);

// Minimum, 1st percentile, median, 99th percentile and maximum of finite values (the
// operating envelope of a control); reorders the buffer. All NaN when it is empty.
struct FivePoints {
    double min, p01, median, p99, max;
};
FivePoints five_points_inplace(std::vector<double>& finite_values);

// Copies the finite values of `values` into `out` (cleared first); returns how many.
std::size_t copy_finite(std::span<const double> values, std::vector<double>& out);

}  // namespace twinbench
