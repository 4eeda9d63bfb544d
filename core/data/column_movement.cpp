#include "data/column_movement.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "data/robust_stats.h"

namespace twinbench {
namespace {

// Splits the series at its jumps and scores how well flat plateaus describe it.
void find_plateaus(const std::vector<double>& x, const std::vector<std::size_t>& rows,
                   double variance, const MovementOptions& options, MovementSummary& m) {
    const std::size_t n = x.size();
    std::vector<double> diffs(n - 1);
    for (std::size_t k = 0; k + 1 < n; ++k) diffs[k] = x[k + 1] - x[k];
    // A robust standard deviation of the changes (1.4826 MAD): a few jumps do not widen it.
    // Zero when most values hold exactly; then every change is a jump.
    const double change_sd = mad(diffs);
    const double range =
        *std::max_element(x.begin(), x.end()) - *std::min_element(x.begin(), x.end());
    const double threshold =
        std::max(options.jump_noise_widths * change_sd, 1e-12 * std::max(range, 1.0));

    std::vector<std::size_t> starts{0};
    for (std::size_t k = 0; k + 1 < n; ++k)
        if (std::abs(diffs[k]) > threshold) starts.push_back(k + 1);
    m.jumps = starts.size() - 1;
    starts.push_back(n);

    double within = 0.0;
    std::size_t short_plateaus = 0;
    std::vector<double> means;
    for (std::size_t s = 0; s + 1 < starts.size(); ++s) {
        const std::size_t a = starts[s], b = starts[s + 1];
        double mean = 0.0;
        for (std::size_t k = a; k < b; ++k) mean += x[k];
        mean /= static_cast<double>(b - a);
        for (std::size_t k = a; k < b; ++k) within += (x[k] - mean) * (x[k] - mean);
        if (b - a < options.short_plateau_rows) ++short_plateaus;
        means.push_back(mean);
    }
    m.plateau_share = variance > 0.0 ? 1.0 - within / (static_cast<double>(n) * variance) : 0.0;
    const std::size_t plateaus = starts.size() - 1;
    const bool few_jumps =
        m.jumps >= options.min_jumps &&
        static_cast<double>(m.jumps) <= options.max_jump_fraction * static_cast<double>(n - 1);
    const bool held = m.plateau_share >= options.min_plateau_share &&
                      static_cast<double>(short_plateaus) <=
                          options.max_short_plateau_fraction * static_cast<double>(plateaus);
    if (!few_jumps || !held) return;
    m.kind = Movement::steps;
    for (std::size_t s = 1; s + 1 < starts.size(); ++s) {
        m.jump_rows.push_back(rows[starts[s]]);
        m.jump_sizes.push_back(means[s] - means[s - 1]);
    }
}

}  // namespace

std::string_view movement_name(Movement movement) {
    switch (movement) {
        case Movement::too_few:
            return "too few values";
        case Movement::constant:
            return "constant";
        case Movement::counter:
            return "counter";
        case Movement::accumulating:
            return "accumulating";
        case Movement::steps:
            return "steps";
        case Movement::memoryless:
            return "memoryless";
        case Movement::drift:
            return "drift";
        case Movement::noisy:
            return "noisy";
    }
    return "noisy";
}

MovementSummary classify_movement(std::span<const double> values, const MovementOptions& options) {
    MovementSummary m;
    std::vector<double> x;
    std::vector<std::size_t> rows;
    x.reserve(values.size());
    rows.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::isfinite(values[i])) {
            x.push_back(values[i]);
            rows.push_back(i);
        }
    const std::size_t n = x.size();
    m.values = n;
    if (n < std::max<std::size_t>(options.min_values, 3)) return m;
    m.first = x.front();

    m.whole_numbers = std::all_of(x.begin(), x.end(), [](double v) { return v == std::round(v); });
    const auto [low, high] = std::minmax_element(x.begin(), x.end());
    if (*low == *high) {
        m.kind = Movement::constant;
        return m;
    }

    std::size_t rises = 0, falls = 0;
    for (std::size_t k = 0; k + 1 < n; ++k) {
        rises += x[k + 1] > x[k];
        falls += x[k + 1] < x[k];
    }
    m.changes = rises + falls;
    const std::size_t pairs = n - 1;
    if (rises == pairs || falls == pairs) {  // strictly monotone: no value repeats
        m.kind = Movement::counter;
        const double step = x[1] - x[0];
        m.unit_steps = true;
        for (std::size_t k = 1; k + 1 < n && m.unit_steps; ++k)
            m.unit_steps = std::abs((x[k + 1] - x[k]) - step) <= 1e-9 * std::abs(step);
        return m;
    }
    const double rise_fraction = static_cast<double>(rises) / static_cast<double>(pairs);
    const double fall_fraction = static_cast<double>(falls) / static_cast<double>(pairs);
    if ((rise_fraction >= options.accumulating_rise_fraction &&
         fall_fraction <= options.accumulating_fall_fraction) ||
        (fall_fraction >= options.accumulating_rise_fraction &&
         rise_fraction <= options.accumulating_fall_fraction)) {
        m.kind = Movement::accumulating;
        m.resets = std::min(rises, falls);
        return m;
    }

    double mean = 0.0;
    for (const double v : x) mean += v;
    mean /= static_cast<double>(n);
    double variance = 0.0, squared_changes = 0.0;
    for (const double v : x) variance += (v - mean) * (v - mean);
    variance /= static_cast<double>(n);
    for (std::size_t k = 0; k + 1 < n; ++k)
        squared_changes += (x[k + 1] - x[k]) * (x[k + 1] - x[k]);
    squared_changes /= static_cast<double>(pairs);
    m.roughness = squared_changes / (2.0 * variance);
    m.lag1_autocorrelation = 1.0 - m.roughness;

    find_plateaus(x, rows, variance, options, m);
    if (m.kind == Movement::steps) return m;
    if (std::abs(m.lag1_autocorrelation) <= options.memoryless_autocorrelation)
        m.kind = Movement::memoryless;
    else if (m.roughness <= options.drift_roughness)
        m.kind = Movement::drift;
    else
        m.kind = Movement::noisy;
    return m;
}

LevelChanges level_changes(std::span<const std::int32_t> codes) {
    LevelChanges c;
    std::set<std::int32_t> used;
    std::int32_t previous = -1;
    for (const std::int32_t code : codes) {
        if (code < 0) continue;
        if (c.values > 0 && code != previous) ++c.changes;
        used.insert(code);
        previous = code;
        ++c.values;
    }
    c.levels_used = used.size();
    return c;
}

}  // namespace twinbench
