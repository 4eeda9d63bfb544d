#include "data/robust_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "common/missing_value.h"

namespace twinbench {
namespace {

void check_probability(double p) {
    if (!(p >= 0.0 && p <= 1.0))
        throw std::invalid_argument("quantile probability must lie in [0, 1]");
}

}  // namespace

std::size_t copy_finite(std::span<const double> values, std::vector<double>& out) {
    out.clear();
    out.reserve(values.size());
    for (double v : values)
        if (!std::isnan(v)) out.push_back(v);
    return out.size();
}

namespace {

// Type-7 interpolation between the order statistics at ranks lo and lo + 1.
double interpolate(double lo_value, double hi_value, double frac) {
    return frac == 0.0 ? lo_value : lo_value + frac * (hi_value - lo_value);
}

// Quantiles in the outer 5 % of a large array without touching most of it: a strided
// sample gives a threshold that, with a safety margin, has the needed ranks behind it; only
// the values beyond it are selected exactly. Falls back (returns false) when the margin was
// not enough, e.g. with many ties.
bool tail_quantile(std::span<const double> x, double p, std::vector<double>& cand, double& out) {
    const std::size_t n = x.size();
    const double h = static_cast<double>(n - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const bool upper = p > 0.5;
    // How many of the smallest (largest) values must be in the candidate set.
    const std::size_t need = upper ? n - lo : lo + 2;
    const std::size_t stride = n / 1024;
    cand.clear();
    for (std::size_t i = 0; i < n; i += stride) cand.push_back(x[i]);
    const double m = static_cast<double>(cand.size());
    const double expected = static_cast<double>(need) * m / static_cast<double>(n);
    const auto r =
        static_cast<std::size_t>(std::min(m - 1.0, expected + 4.0 * std::sqrt(expected) + 8.0));
    auto by = [upper](double a, double b) { return upper ? a > b : a < b; };
    std::nth_element(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(r), cand.end(), by);
    const double threshold = cand[r];
    cand.clear();
    for (double v : x)
        if (!by(threshold, v))
            cand.push_back(v);  // v <= threshold (lower) or v >= threshold (upper)
    if (cand.size() < need || cand.size() == n) return false;
    // Rank of x[lo] counted from the tail's end.
    const std::size_t k = upper ? n - 1 - lo : lo;
    std::nth_element(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k), cand.end(), by);
    const double at_lo = cand[k];
    double next = at_lo;
    if (lo + 1 < n) {
        next =
            upper
                ? *std::min_element(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k))
                : *std::min_element(cand.begin() + static_cast<std::ptrdiff_t>(k + 1), cand.end());
    }
    out = interpolate(at_lo, next, h - static_cast<double>(lo));
    return true;
}

}  // namespace

void quantiles_inplace(std::span<double> x, std::span<const double> probabilities,
                       std::span<double> out) {
    const std::size_t k = probabilities.size();
    if (out.size() < k) throw std::invalid_argument("quantiles_inplace: output span too short");
    for (double p : probabilities) check_probability(p);
    const std::size_t n = x.size();
    if (n == 0) {
        std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(k), nan);
        return;
    }
    // Tails of large arrays first: they only read x, so the selections below stay valid.
    constexpr std::size_t tail_min_size = 8192;
    std::vector<std::size_t> order;
    std::vector<double> cand;
    order.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
        const double p = probabilities[i];
        if (n >= tail_min_size && (p <= 0.05 || p >= 0.95) && tail_quantile(x, p, cand, out[i]))
            continue;
        order.push_back(i);
    }
    // The rest in ascending order: after nth_element at rank r every element right of r is
    // >= x[r], so the next selection only has to look right of r.
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return probabilities[a] < probabilities[b]; });
    const auto first = x.begin();
    std::size_t settled = 0;
    std::size_t last_lo = std::numeric_limits<std::size_t>::max();
    double lo_value = nan;
    double hi_value = nan;
    for (std::size_t idx : order) {
        const double h = static_cast<double>(n - 1) * probabilities[idx];
        const auto lo = static_cast<std::size_t>(std::floor(h));
        if (lo != last_lo) {
            std::nth_element(first + static_cast<std::ptrdiff_t>(settled),
                             first + static_cast<std::ptrdiff_t>(lo), x.end());
            lo_value = x[lo];
            // The next order statistic is the minimum of what lies to the right.
            hi_value = lo + 1 < n
                           ? *std::min_element(first + static_cast<std::ptrdiff_t>(lo + 1), x.end())
                           : lo_value;
            settled = lo + 1;
            last_lo = lo;
        }
        out[idx] = interpolate(lo_value, hi_value, h - static_cast<double>(lo));
    }
}

FivePoints five_points_inplace(std::vector<double>& finite_values) {
    if (finite_values.empty()) return {nan, nan, nan, nan, nan};
    const double probabilities[] = {0.0, 0.01, 0.5, 0.99, 1.0};
    double q[5];
    quantiles_inplace(finite_values, probabilities, q);
    return {q[0], q[1], q[2], q[3], q[4]};
}

double quantile_inplace(std::span<double> finite_values, double p) {
    check_probability(p);
    const std::size_t n = finite_values.size();
    if (n == 0) return nan;
    if (n < 8192) {
        // Small arrays (running-median windows) are the hot path: no allocation.
        const double h = static_cast<double>(n - 1) * p;
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const auto mid = finite_values.begin() + static_cast<std::ptrdiff_t>(lo);
        std::nth_element(finite_values.begin(), mid, finite_values.end());
        const double frac = h - static_cast<double>(lo);
        if (frac == 0.0) return *mid;
        return interpolate(*mid, *std::min_element(mid + 1, finite_values.end()), frac);
    }
    double out = nan;
    quantiles_inplace(finite_values, std::span<const double>(&p, 1), std::span<double>(&out, 1));
    return out;
}

std::vector<double> quantiles(std::span<const double> values,
                              std::span<const double> probabilities) {
    std::vector<double> copy;
    copy_finite(values, copy);
    std::vector<double> out(probabilities.size(), nan);
    quantiles_inplace(copy, probabilities, out);
    return out;
}

double quantile(std::span<const double> values, double p) {
    check_probability(p);
    std::vector<double> copy;
    copy_finite(values, copy);
    return quantile_inplace(copy, p);
}

double median(std::span<const double> values) {
    return quantile(values, 0.5);
}

double mad(std::span<const double> values, double center) {
    if (std::isnan(center)) return nan;
    std::vector<double> dev;
    dev.reserve(values.size());
    for (double v : values)
        if (!std::isnan(v)) dev.push_back(std::abs(v - center));
    return mad_normal_scale * quantile_inplace(dev, 0.5);
}

double mad(std::span<const double> values) {
    std::vector<double> copy;
    copy_finite(values, copy);
    if (copy.empty()) return nan;
    const double center = quantile_inplace(copy, 0.5);
    for (double& v : copy) v = std::abs(v - center);
    return mad_normal_scale * quantile_inplace(copy, 0.5);
}

Moments moments(std::span<const double> values) {
    Moments m;
    // Sums are taken relative to the first value so that a temperature of 180 +- 1 does
    // not lose its variance to cancellation in sum(x^2) - n mean^2.
    double shift = nan;
    double sum = 0.0;
    double sum2 = 0.0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (double v : values) {
        if (std::isnan(v)) continue;
        if (m.n == 0) shift = v;
        const double d = v - shift;
        sum += d;
        sum2 += d * d;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        ++m.n;
    }
    if (m.n == 0) return Moments{0, nan, nan, nan, nan};
    const auto n = static_cast<double>(m.n);
    m.mean = shift + sum / n;
    m.std = m.n < 2 ? nan : std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1.0)));
    m.min = lo;
    m.max = hi;
    return m;
}

double mean(std::span<const double> values) {
    return moments(values).mean;
}

double stddev(std::span<const double> values) {
    return moments(values).std;
}

}  // namespace twinbench
