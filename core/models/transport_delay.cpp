#include "models/transport_delay.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "common/error.h"
#include "common/missing_value.h"

namespace twinbench {
namespace {

// Median positive spacing: a historian's gaps are missing rows, not longer steps.
double median_step(const std::vector<double>& t) {
    std::vector<double> d;
    d.reserve(t.size());
    double last = nan;
    for (const double v : t) {
        if (std::isnan(v)) continue;
        if (!std::isnan(last) && v > last) d.push_back(v - last);
        last = v;
    }
    if (d.empty()) return nan;
    const auto mid = d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2);
    std::nth_element(d.begin(), mid, d.end());
    return *mid;
}

// Both series on the grid t0 + k * step (nearest row; the first row wins a cell).
void to_grid(const std::vector<double>& t, const std::vector<double>& x,
             const std::vector<double>& y, double step, std::vector<double>& gx,
             std::vector<double>& gy) {
    double t0 = nan, t1 = nan;
    for (const double v : t)
        if (!std::isnan(v)) {
            if (std::isnan(t0)) t0 = v;
            t1 = v;
        }
    const double cells = std::floor((t1 - t0) / step + 0.5) + 1.0;
    if (!(cells < 5e7))
        throw ModelError(fmt::format(
            "transport delay: {} grid steps of {} s are too many; resample the data first", cells,
            step));
    const auto n = static_cast<std::size_t>(cells);
    gx.assign(n, nan);
    gy.assign(n, nan);
    std::vector<bool> taken(n, false);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (std::isnan(t[i])) continue;
        const auto k = static_cast<std::size_t>(std::floor((t[i] - t0) / step + 0.5));
        if (k >= n || taken[k]) continue;
        taken[k] = true;
        gx[k] = x[i];
        gy[k] = y[i];
    }
}

std::vector<double> difference(const std::vector<double>& v) {
    std::vector<double> d(v.size(), nan);
    for (std::size_t k = 1; k < v.size(); ++k) d[k] = v[k] - v[k - 1];  // NaN propagates
    return d;
}

// Least-squares AR(p) coefficients of v over the stretches without missing values.
Eigen::VectorXd fit_ar(const std::vector<double>& v, std::size_t p) {
    const auto pp = static_cast<Eigen::Index>(p);
    Eigen::MatrixXd xtx = Eigen::MatrixXd::Zero(pp, pp);
    Eigen::VectorXd xty = Eigen::VectorXd::Zero(pp);
    Eigen::VectorXd lagged(pp);
    std::size_t used = 0;
    for (std::size_t k = p; k < v.size(); ++k) {
        bool ok = !std::isnan(v[k]);
        for (std::size_t i = 1; ok && i <= p; ++i) {
            lagged[static_cast<Eigen::Index>(i - 1)] = v[k - i];
            ok = !std::isnan(v[k - i]);
        }
        if (!ok) continue;
        xtx.noalias() += lagged * lagged.transpose();
        xty.noalias() += v[k] * lagged;
        ++used;
    }
    if (used < 10 * p + 10) return Eigen::VectorXd::Zero(pp);
    Eigen::LDLT<Eigen::MatrixXd> ldlt(xtx);
    Eigen::VectorXd phi = ldlt.solve(xty);
    if (ldlt.info() != Eigen::Success || !phi.allFinite()) return Eigen::VectorXd::Zero(pp);
    return phi;
}

std::vector<double> ar_filter(const std::vector<double>& v, const Eigen::VectorXd& phi) {
    const auto p = static_cast<std::size_t>(phi.size());
    std::vector<double> out(v.size(), nan);
    for (std::size_t k = p; k < v.size(); ++k) {
        double e = v[k];
        for (std::size_t i = 1; i <= p; ++i) e -= phi[static_cast<Eigen::Index>(i - 1)] * v[k - i];
        out[k] = e;  // NaN when any term is
    }
    return out;
}

struct LagCorrelation {
    double r = nan;
    std::size_t pairs = 0;
};

LagCorrelation correlation_at(const std::vector<double>& a, const std::vector<double>& b,
                              std::size_t lag) {
    double sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0;
    std::size_t n = 0;
    for (std::size_t k = 0; k + lag < a.size(); ++k) {
        const double x = a[k], y = b[k + lag];
        if (std::isnan(x) || std::isnan(y)) continue;
        sa += x;
        sb += y;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
        ++n;
    }
    LagCorrelation out;
    out.pairs = n;
    if (n < 3) return out;
    const double nn = static_cast<double>(n);
    const double vxx = saa - sa * sa / nn, vyy = sbb - sb * sb / nn, vxy = sab - sa * sb / nn;
    if (vxx > 0.0 && vyy > 0.0) out.r = vxy / std::sqrt(vxx * vyy);
    return out;
}

}  // namespace

double normal_quantile(double p) {
    // Bisection on the CDF 0.5 erfc(-z / sqrt 2): 200 halvings of [-40, 40] are exact to
    // double precision, and this is called once per estimate.
    double lo = -40.0, hi = 40.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

std::string TransportDelay::confidence() const {
    if (!significant)
        return fmt::format(
            "not significant: the largest correlation {:.3f} stays inside the band {:.3f} of "
            "unrelated signals",
            correlation, significance_band);
    if (distinct)
        return fmt::format("significant ({:.3f} vs band {:.3f}) and distinct", correlation,
                           significance_band);
    return fmt::format("significant, but a second peak at {:g} min ({:.3f}) is close",
                       next_peak_delay_min, next_peak_correlation);
}

TransportDelay estimate_transport_delay(const std::vector<double>& time_s,
                                        const std::vector<double>& input,
                                        const std::vector<double>& response,
                                        const TransportDelayOptions& options) {
    if (input.size() != time_s.size() || response.size() != time_s.size())
        throw ModelError("transport delay: the time, input and response series differ in length");
    const double step_s = median_step(time_s);
    if (!(step_s > 0.0))
        throw ModelError("transport delay: the time axis has no positive spacing between rows");
    TransportDelay out;
    out.step_min = step_s / 60.0;
    const auto min_lag = static_cast<std::size_t>(
        std::ceil(std::max(0.0, options.min_lag_min) / out.step_min - 1e-9));
    const auto max_lag =
        static_cast<std::size_t>(std::floor(options.max_lag_min / out.step_min + 1e-9));
    if (!(options.max_lag_min >= 0.0) || max_lag < min_lag)
        throw ModelError(
            "transport delay: the lag range is empty (max_lag_min below min_lag_min or one step)");

    std::vector<double> gx, gy;
    to_grid(time_s, input, response, step_s, gx, gy);
    const std::vector<double> dx = difference(gx), dy = difference(gy);
    const Eigen::VectorXd phi =
        options.prewhiten_order > 0 ? fit_ar(dx, options.prewhiten_order) : Eigen::VectorXd();
    const std::vector<double> a = phi.size() > 0 ? ar_filter(dx, phi) : dx;
    const std::vector<double> b = phi.size() > 0 ? ar_filter(dy, phi) : dy;

    std::size_t best = 0;
    double best_abs = -1.0;
    std::vector<std::size_t> pairs;
    for (std::size_t lag = min_lag; lag <= max_lag; ++lag) {
        const LagCorrelation c = correlation_at(a, b, lag);
        out.lags_min.push_back(static_cast<double>(lag) * out.step_min);
        out.correlations.push_back(c.r);
        pairs.push_back(c.pairs);
        if (!std::isnan(c.r) && std::abs(c.r) > best_abs) {
            best_abs = std::abs(c.r);
            best = out.correlations.size() - 1;
        }
    }
    if (best_abs < 0.0 || pairs[best] < options.min_pairs)
        throw ModelError(fmt::format(
            "transport delay: only {} usable pairs of consecutive readings (need {}); both "
            "signals need stretches without gaps",
            best_abs < 0.0 ? 0 : pairs[best], options.min_pairs));
    out.delay_min = out.lags_min[best];
    out.correlation = out.correlations[best];
    out.pairs = pairs[best];
    // Bonferroni over the lags tried: the band one of them would cross 5 % of the time
    // if the whitened series were white. They are not quite (a noisy input whitens
    // poorly, and the response keeps its own autocorrelation), which widens the spread of
    // the correlations. The anticausal lags (the response leading the input) measure that
    // spread from the data: the band is at least the largest of them.
    const double lags = static_cast<double>(out.lags_min.size());
    out.significance_band =
        normal_quantile(1.0 - 0.025 / lags) / std::sqrt(static_cast<double>(out.pairs));
    for (std::size_t lag = 1; lag <= max_lag; ++lag) {
        const LagCorrelation c = correlation_at(b, a, lag);  // a[k + lag] against b[k]
        if (!std::isnan(c.r)) out.anticausal_max = std::max(out.anticausal_max, std::abs(c.r));
    }
    out.significance_band = std::max(out.significance_band, out.anticausal_max);
    out.significant = best_abs > out.significance_band;

    // Main lobe: neighbours with the peak's sign and at least half its magnitude (a
    // first-order response decays over several lags; that is one answer, not two).
    std::size_t lo = best, hi = best;
    const auto in_lobe = [&](std::size_t i) {
        const double r = out.correlations[i];
        return !std::isnan(r) && r * out.correlation > 0.0 && std::abs(r) >= 0.5 * best_abs;
    };
    while (lo > 0 && in_lobe(lo - 1)) --lo;
    while (hi + 1 < out.correlations.size() && in_lobe(hi + 1)) ++hi;
    double next_abs = 0.0;
    for (std::size_t i = 0; i < out.correlations.size(); ++i) {
        if ((i >= lo && i <= hi) || std::isnan(out.correlations[i])) continue;
        if (std::abs(out.correlations[i]) > next_abs) {
            next_abs = std::abs(out.correlations[i]);
            out.next_peak_correlation = out.correlations[i];
            out.next_peak_delay_min = out.lags_min[i];
        }
    }
    out.distinct = best_abs >= options.distinct_ratio * next_abs;
    return out;
}

}  // namespace twinbench
