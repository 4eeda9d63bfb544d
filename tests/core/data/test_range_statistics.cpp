#include "data/range_statistics.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace twinbench {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(RangeStatistics, WindowIsClosedAndOrderFree) {
    const std::vector<double> t{0, 60, 120, 180, 240, 300};
    auto w = time_window(t, 60, 240);
    EXPECT_EQ(w.begin, 1u);
    EXPECT_EQ(w.end, 5u);         // 60, 120, 180, 240: both bounds included
    w = time_window(t, 250, 61);  // B before A
    EXPECT_EQ(w.begin, 2u);
    EXPECT_EQ(w.end, 5u);
    EXPECT_EQ(time_window(t, 301, 900).size(), 0u);
    EXPECT_EQ(time_window(t, -10, -1).size(), 0u);
    EXPECT_EQ(time_window(t, nan, 100).size(), 0u);
    EXPECT_EQ(time_window(std::vector<double>{}, 0, 100).size(), 0u);
}

TEST(RangeStatistics, HandComputedValues) {
    // Window 60..240 holds 182, nan, 178, 184: n = 3, sum 544, mean 181.3333,
    // deviations 0.6667, -3.3333, 2.6667, squares 0.4444 + 11.1111 + 7.1111 = 18.6667,
    // sample variance 18.6667 / 2 = 9.3333, std 3.0551.
    const std::vector<double> t{0, 60, 120, 180, 240, 300};
    const std::vector<double> v{100, 182, nan, 178, 184, 500};
    const auto s = range_statistics(t, v, 60, 240);
    EXPECT_EQ(s.samples, 4u);
    EXPECT_EQ(s.moments.n, 3u);
    EXPECT_DOUBLE_EQ(s.sum, 544.0);
    EXPECT_NEAR(s.moments.mean, 544.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(s.moments.min, 178.0);
    EXPECT_DOUBLE_EQ(s.moments.max, 184.0);
    EXPECT_NEAR(s.moments.std, std::sqrt(28.0 / 3.0), 1e-12);
}

TEST(RangeStatistics, EnergyTotalKeepsItsDigits) {
    // 100,000 minutes of 0.1 kWh plus one of 1e9: the sum is exact to the cent.
    std::vector<double> v(100000, 0.1);
    v.push_back(1e9);
    const auto s = range_statistics(v);
    EXPECT_NEAR(s.sum, 1e9 + 10000.0, 1e-4);
}

TEST(RangeStatistics, NothingFinite) {
    const std::vector<double> t{0, 60};
    const std::vector<double> v{nan, nan};
    const auto s = range_statistics(t, v, 0, 60);
    EXPECT_EQ(s.samples, 2u);
    EXPECT_EQ(s.moments.n, 0u);
    EXPECT_TRUE(std::isnan(s.sum));
    EXPECT_TRUE(std::isnan(s.moments.mean));
    EXPECT_EQ(range_statistics(t, v, 100, 200).samples, 0u);
    EXPECT_THROW(range_statistics(t, std::vector<double>{1.0}, 0, 60), std::invalid_argument);
}

TEST(RangeStatistics, ScrapRateOverTheRowsBothHave) {
    // Scrap at 0, 60, 120, 180; produced at 60, 120, 180, 240 with 120 missing.
    // Shared rows with both values: 60 (2 of 40) and 180 (1 of 60): 3 / 100.
    const std::vector<double> scrap_t{0, 60, 120, 180};
    const std::vector<double> scrap{5, 2, 7, 1};
    const std::vector<double> produced_t{60, 120, 180, 240};
    const std::vector<double> produced{40, nan, 60, 50};
    const auto r = ratio_of_sums(scrap_t, scrap, produced_t, produced);
    EXPECT_EQ(r.rows, 2u);
    EXPECT_DOUBLE_EQ(r.numerator, 3.0);
    EXPECT_DOUBLE_EQ(r.denominator, 100.0);
    EXPECT_DOUBLE_EQ(r.ratio, 0.03);

    const std::vector<double> none{0, 0};
    const std::vector<double> t2{0, 60};
    EXPECT_TRUE(std::isnan(ratio_of_sums(t2, none, t2, none).ratio));
    EXPECT_THROW(ratio_of_sums(t2, none, t2, std::vector<double>{1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace twinbench
