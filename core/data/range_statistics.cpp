#include "data/range_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace twinbench {

IndexRange time_window(std::span<const double> time_s, double start_s, double end_s) {
    if (std::isnan(start_s) || std::isnan(end_s)) return {};
    if (end_s < start_s) std::swap(start_s, end_s);
    const auto first = std::lower_bound(time_s.begin(), time_s.end(), start_s);
    const auto last = std::upper_bound(first, time_s.end(), end_s);
    return {static_cast<std::size_t>(first - time_s.begin()),
            static_cast<std::size_t>(last - time_s.begin())};
}

RangeStatistics range_statistics(std::span<const double> values) {
    RangeStatistics out;
    out.samples = values.size();
    out.moments = moments(values);
    // The mean times n would lose the last digits of a large energy total; sum directly.
    double sum = 0.0;
    for (double v : values)
        if (!std::isnan(v)) sum += v;
    out.sum = out.moments.n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum;
    return out;
}

RangeStatistics range_statistics(std::span<const double> time_s, std::span<const double> values,
                                 double start_s, double end_s) {
    if (time_s.size() != values.size())
        throw std::invalid_argument("range_statistics: times and values differ in length");
    const IndexRange window = time_window(time_s, start_s, end_s);
    return range_statistics(values.subspan(window.begin, window.size()));
}

RatioOfSums ratio_of_sums(std::span<const double> numerator_time_s,
                          std::span<const double> numerator,
                          std::span<const double> denominator_time_s,
                          std::span<const double> denominator) {
    if (numerator_time_s.size() != numerator.size() ||
        denominator_time_s.size() != denominator.size())
        throw std::invalid_argument("ratio_of_sums: times and values differ in length");
    RatioOfSums out;
    std::size_t i = 0, j = 0;
    while (i < numerator.size() && j < denominator.size()) {
        if (numerator_time_s[i] < denominator_time_s[j]) {
            ++i;
        } else if (denominator_time_s[j] < numerator_time_s[i]) {
            ++j;
        } else {
            if (!std::isnan(numerator[i]) && !std::isnan(denominator[j])) {
                out.numerator += numerator[i];
                out.denominator += denominator[j];
                ++out.rows;
            }
            ++i;
            ++j;
        }
    }
    out.ratio = out.denominator != 0.0 ? out.numerator / out.denominator
                                       : std::numeric_limits<double>::quiet_NaN();
    return out;
}

}  // namespace twinbench
