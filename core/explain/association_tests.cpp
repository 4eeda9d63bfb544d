#include "explain/association_tests.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "common/missing_value.h"

namespace twinbench {
namespace {

double normal_upper_tail(double z) {
    if (std::isnan(z)) return 1.0;
    if (z == std::numeric_limits<double>::infinity()) return 0.0;
    if (z == -std::numeric_limits<double>::infinity()) return 1.0;
    return boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), z));
}

}  // namespace

double fisher_exact_greater(const TwoByTwo& t) {
    const auto a = static_cast<unsigned>(std::llround(t.a));
    if (a == 0) return 1.0;
    const auto exposed = static_cast<unsigned>(std::llround(t.a + t.c));
    const auto excursion = static_cast<unsigned>(std::llround(t.a + t.b));
    const auto total = static_cast<unsigned>(std::llround(t.total()));
    const boost::math::hypergeometric_distribution<double> law(exposed, excursion, total);
    // P(X >= a) = 1 - P(X <= a - 1)
    return std::clamp(boost::math::cdf(boost::math::complement(law, a - 1)), 0.0, 1.0);
}

double association_z(const TwoByTwo& t) {
    const double n = t.total();
    const double row1 = t.a + t.b, row2 = t.c + t.d, col1 = t.a + t.c, col2 = t.b + t.d;
    if (row1 <= 0 || row2 <= 0 || col1 <= 0 || col2 <= 0) return nan;
    // Pearson's chi-square of a 2 x 2 table is n (ad - bc)^2 / (row1 row2 col1 col2); its
    // signed root is the z of the difference in proportions.
    return std::sqrt(n) * (t.a * t.d - t.b * t.c) / std::sqrt(row1 * row2 * col1 * col2);
}

double chi_square_greater(const TwoByTwo& t) { return normal_upper_tail(association_z(t)); }

double over_representation_p(const TwoByTwo& t, std::size_t exact_max_rows) {
    const double n = t.total();
    if (n <= 0) return 1.0;
    const double row1 = t.a + t.b, row2 = t.c + t.d, col1 = t.a + t.c, col2 = t.b + t.d;
    const double smallest_expected = std::min({row1 * col1, row1 * col2, row2 * col1, row2 * col2}) / n;
    if (n <= static_cast<double>(exact_max_rows) || smallest_expected < 5.0) {
        try {
            return fisher_exact_greater(t);
        } catch (const std::exception&) {
            // Boost refuses a table beyond its evaluation limits: the asymptotic test.
        }
    }
    return chi_square_greater(t);
}

void MantelHaenszel::add(const TwoByTwo& t) {
    const double n = t.total();
    if (n < 2) return;
    const double row1 = t.a + t.b, row2 = t.c + t.d, col1 = t.a + t.c, col2 = t.b + t.d;
    deviation_ += t.a - row1 * col1 / n;
    variance_ += row1 * row2 * col1 * col2 / (n * n * (n - 1));
    r_ += t.a * t.d / n;
    s_ += t.b * t.c / n;
}

double MantelHaenszel::z() const { return variance_ > 0 ? deviation_ / std::sqrt(variance_) : nan; }

double MantelHaenszel::p_greater() const { return normal_upper_tail(z()); }

double MantelHaenszel::pooled_odds_ratio() const {
    if (s_ > 0) return r_ / s_;
    return r_ > 0 ? std::numeric_limits<double>::infinity() : nan;
}

double welch_t_two_sided(double mean1, double var1, double n1, double mean2, double var2, double n2) {
    if (n1 < 2 || n2 < 2) return 1.0;
    const double s1 = var1 / n1, s2 = var2 / n2;
    const double se2 = s1 + s2;
    if (!(se2 > 0)) return mean1 == mean2 ? 1.0 : 0.0;
    const double t = (mean1 - mean2) / std::sqrt(se2);
    const double df = se2 * se2 / (s1 * s1 / (n1 - 1) + s2 * s2 / (n2 - 1));
    const boost::math::students_t_distribution<double> law(df);
    return std::clamp(2.0 * boost::math::cdf(boost::math::complement(law, std::abs(t))), 0.0, 1.0);
}

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
    const std::size_t m = p.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return p[i] < p[j]; });
    std::vector<double> adjusted(m);
    double running = 1.0;
    for (std::size_t k = m; k-- > 0;) {
        const double value = p[order[k]] * static_cast<double>(m) / static_cast<double>(k + 1);
        running = std::min(running, value);
        adjusted[order[k]] = std::min(1.0, running);
    }
    return adjusted;
}

}  // namespace twinbench
