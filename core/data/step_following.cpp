#include "data/step_following.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "data/robust_stats.h"

namespace twinbench {
namespace {

std::optional<double> mean_over(std::span<const double> column, std::size_t from, std::size_t to) {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t i = from; i < to && i < column.size(); ++i)
        if (std::isfinite(column[i])) {
            sum += column[i];
            ++n;
        }
    if (n < 2) return std::nullopt;
    return sum / static_cast<double>(n);
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const auto n = static_cast<double>(a.size());
    if (a.size() < 3) return 0.0;
    double ma = 0.0, mb = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0.0 && sbb > 0.0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

}  // namespace

StepFollowing follows_steps(std::span<const double> column, const MovementSummary& control,
                            const StepFollowingOptions& options) {
    StepFollowing result;
    const auto& rows = control.jump_rows;
    if (rows.size() < options.min_steps || rows.size() != control.jump_sizes.size()) return result;
    std::vector<double> gaps;
    for (std::size_t j = 1; j < rows.size(); ++j)
        gaps.push_back(static_cast<double>(rows[j] - rows[j - 1]));
    const auto window = std::clamp(static_cast<std::size_t>(median(gaps) / 2.0),
                                   options.min_window_rows, options.max_window_rows);

    std::vector<double> sizes, after, sizes_led, before;
    for (std::size_t j = 0; j < rows.size(); ++j) {
        const std::size_t t = rows[j];
        const std::size_t previous = j == 0 ? 0 : rows[j - 1];
        const std::size_t next = j + 1 < rows.size() ? rows[j + 1] : column.size();
        const std::size_t half = window / 2;
        const std::size_t level_from = t > previous + half ? t - half : previous;
        const std::size_t after_to = std::min(next, t + window);
        const std::size_t after_from = t + (after_to - t) / 2;
        const auto level = mean_over(column, level_from, t);
        const auto settled = mean_over(column, after_from, after_to);
        if (!level || !settled) continue;
        sizes.push_back(control.jump_sizes[j]);
        after.push_back(*settled - *level);
        if (level_from >= previous + half) {
            if (const auto earlier = mean_over(column, level_from - half, level_from)) {
                sizes_led.push_back(control.jump_sizes[j]);
                before.push_back(*level - *earlier);
            }
        }
    }
    result.steps = sizes.size();
    if (result.steps < options.min_steps) return result;
    result.correlation = correlation(sizes, after);
    result.correlation_before =
        sizes_led.size() >= options.min_steps ? correlation(sizes_led, before) : 0.0;
    const double r = std::abs(result.correlation);
    const double t =
        r < 1.0 ? r * std::sqrt(static_cast<double>(result.steps - 2) / (1.0 - r * r)) : INFINITY;
    result.follows = r >= options.min_correlation && t >= options.min_t &&
                     r >= std::abs(result.correlation_before) + options.lead_margin;
    return result;
}

}  // namespace twinbench
