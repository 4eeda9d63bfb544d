#include "data/robust_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace twinbench {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(RobustStats, QuantileType7SmallSample) {
    const std::vector<double> x{4, 1, 3, 2};
    // sorted 1 2 3 4, n = 4: h = 3p
    EXPECT_DOUBLE_EQ(quantile(x, 0.0), 1.0);
    EXPECT_DOUBLE_EQ(quantile(x, 0.25), 1.75);  // h = 0.75: 1 + 0.75 (2 - 1)
    EXPECT_DOUBLE_EQ(quantile(x, 0.5), 2.5);    // h = 1.5: 2 + 0.5 (3 - 2)
    EXPECT_DOUBLE_EQ(quantile(x, 0.99), 3.97);  // h = 2.97: 3 + 0.97 (4 - 3)
    EXPECT_DOUBLE_EQ(quantile(x, 1.0), 4.0);
}

TEST(RobustStats, QuantileSkipsNaN) {
    const std::vector<double> x{10, nan, 1, 7, 3, nan, 5};
    // finite sorted 1 3 5 7 10, n = 5: h = 4p
    EXPECT_DOUBLE_EQ(quantile(x, 0.01), 1.08);  // h = 0.04: 1 + 0.04 (3 - 1)
    EXPECT_DOUBLE_EQ(quantile(x, 0.1), 1.8);    // h = 0.4: 1 + 0.4 (3 - 1)
    EXPECT_DOUBLE_EQ(quantile(x, 0.9), 8.8);    // h = 3.6: 7 + 0.6 (10 - 7)
    EXPECT_DOUBLE_EQ(median(x), 5.0);
}

TEST(RobustStats, QuantilesKeepRequestOrder) {
    std::vector<double> x;
    for (int i = 100; i >= 0; --i) x.push_back(i);  // 0..100, n = 101: h = 100 p
    const std::vector<double> p{0.99, 0.01, 0.5, 0.255};
    const auto q = quantiles(x, p);
    ASSERT_EQ(q.size(), 4u);
    EXPECT_DOUBLE_EQ(q[0], 99.0);
    EXPECT_DOUBLE_EQ(q[1], 1.0);
    EXPECT_DOUBLE_EQ(q[2], 50.0);
    EXPECT_NEAR(q[3], 25.5, 1e-12);  // h = 25.5: 25 + 0.5 (26 - 25)
}

TEST(RobustStats, QuantilesMatchFullSort) {
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 3.0);
    std::vector<double> x(1001);
    for (auto& v : x) v = std::round(noise(rng) * 4) / 4;  // ties on purpose
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    const std::vector<double> p{0.0, 0.001, 0.01, 0.25, 0.5, 0.5, 0.75, 0.99, 0.999, 1.0};
    const auto q = quantiles(x, p);
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double h = 1000.0 * p[i];
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const double expected =
            lo + 1 < sorted.size()
                ? sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo])
                : sorted[lo];
        EXPECT_NEAR(q[i], expected, 1e-12) << "p = " << p[i];
    }
}

TEST(RobustStats, TailQuantilesOfLargeArraysMatchFullSort) {
    // Large arrays take a sampled shortcut for the outer 5 %; it must stay exact, also
    // with heavy ties and with a block of identical values at the tail.
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(100.0, 5.0);
    for (int variant = 0; variant < 3; ++variant) {
        std::vector<double> x(50001);
        for (auto& v : x) v = variant == 1 ? std::round(noise(rng)) : noise(rng);
        if (variant == 2)
            for (std::size_t i = 0; i < 2000; ++i) x[i * 25] = 0.0;  // 4 % exact zeros
        std::vector<double> sorted = x;
        std::sort(sorted.begin(), sorted.end());
        const std::vector<double> p{0.0, 0.001, 0.01, 0.0437, 0.05, 0.5, 0.95, 0.99, 0.999, 1.0};
        const auto q = quantiles(x, p);
        for (std::size_t i = 0; i < p.size(); ++i) {
            const double h = 50000.0 * p[i];
            const auto lo = static_cast<std::size_t>(std::floor(h));
            const double expected =
                lo + 1 < sorted.size()
                    ? sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo])
                    : sorted[lo];
            EXPECT_NEAR(q[i], expected, 1e-9) << "variant " << variant << ", p = " << p[i];
        }
    }
}

TEST(RobustStats, EmptyGivesNaN) {
    const std::vector<double> none;
    const std::vector<double> all_missing{nan, nan};
    EXPECT_TRUE(std::isnan(quantile(none, 0.5)));
    EXPECT_TRUE(std::isnan(median(all_missing)));
    EXPECT_TRUE(std::isnan(mad(all_missing)));
    const Moments m = moments(all_missing);
    EXPECT_EQ(m.n, 0u);
    EXPECT_TRUE(std::isnan(m.mean));
    EXPECT_TRUE(std::isnan(m.min));
}

TEST(RobustStats, BadProbabilityThrows) {
    const std::vector<double> x{1, 2};
    EXPECT_THROW(quantile(x, 1.5), std::invalid_argument);
    EXPECT_THROW(quantile(x, -0.1), std::invalid_argument);
    EXPECT_THROW(quantile(x, nan), std::invalid_argument);
}

TEST(RobustStats, MadIsScaledAndRobust) {
    const std::vector<double> x{1, 2, 3, 4, 100, nan};
    // median 3, |x - 3| = 2 1 0 1 97, their median 1
    EXPECT_DOUBLE_EQ(mad(x), 1.4826);
    EXPECT_DOUBLE_EQ(mad(x, 3.0), 1.4826);

    std::mt19937 rng(1);
    std::normal_distribution<double> noise(10.0, 2.0);
    std::vector<double> g(20000);
    for (auto& v : g) v = noise(rng);
    EXPECT_NEAR(mad(g), 2.0, 0.05);  // estimates sigma for normal data
}

TEST(RobustStats, MomentsSampleStd) {
    const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9, nan};
    const Moments m = moments(x);
    EXPECT_EQ(m.n, 8u);
    EXPECT_DOUBLE_EQ(m.mean, 5.0);
    EXPECT_NEAR(m.std, std::sqrt(32.0 / 7.0), 1e-12);  // sum of squares 32, n - 1 = 7
    EXPECT_DOUBLE_EQ(m.min, 2.0);
    EXPECT_DOUBLE_EQ(m.max, 9.0);
    EXPECT_DOUBLE_EQ(mean(x), 5.0);
    EXPECT_NEAR(stddev(x), std::sqrt(32.0 / 7.0), 1e-12);
}

TEST(RobustStats, MomentsAccurateWithLargeOffset) {
    // Epoch-second sized values: naive sum of squares would lose the variance.
    const std::vector<double> x{1.7e9 + 0, 1.7e9 + 1, 1.7e9 + 2};
    const Moments m = moments(x);
    EXPECT_DOUBLE_EQ(m.mean, 1.7e9 + 1);
    EXPECT_DOUBLE_EQ(m.std, 1.0);
    const std::vector<double> one{3.0};
    EXPECT_TRUE(std::isnan(moments(one).std));
}

TEST(RobustStats, InPlaceVariantsAgree) {
    std::vector<double> x{5, 1, 4, 2, 3};
    const double p[2] = {0.5, 0.25};
    double out[2];
    quantiles_inplace(x, p, out);
    EXPECT_DOUBLE_EQ(out[0], 3.0);
    EXPECT_DOUBLE_EQ(out[1], 2.0);  // h = 1
    std::vector<double> y{5, 1, 4, 2, 3};
    EXPECT_DOUBLE_EQ(quantile_inplace(y, 0.75), 4.0);  // h = 3
    std::vector<double> finite;
    const std::vector<double> mixed{1, nan, 2};
    EXPECT_EQ(copy_finite(mixed, finite), 2u);
}

}  // namespace
}  // namespace twinbench
