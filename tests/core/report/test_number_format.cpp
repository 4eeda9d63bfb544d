#include <gtest/gtest.h>

#include <cmath>

#include "report/number_format.h"

namespace twinbench::report {
namespace {

TEST(NumberFormat, EstimateHasThePrecisionOfItsStandardError) {
    EXPECT_EQ(format_estimate(25.0712, 0.083), "25.071");
    EXPECT_EQ(format_estimate(25.0712, 0.83), "25.07");
    EXPECT_EQ(format_estimate(25.0712, 8.3), "25.1");
    EXPECT_EQ(format_estimate(1234.5, 120.0), "1,234");  // two digits of 120 -> no decimals
    EXPECT_EQ(format_estimate(-0.0123456, 0.00042), "-0.01235");
    // Without a usable error the estimate keeps four significant digits.
    EXPECT_EQ(format_estimate(0.97930123, std::nan("")), "0.9793");
}

TEST(NumberFormat, CountsAndPercentages) {
    EXPECT_EQ(format_count(129556), "129,556");
    EXPECT_EQ(format_count(4), "4");
    EXPECT_EQ(format_count(-1234567), "-1,234,567");
    EXPECT_EQ(format_percent(0.12345), "12.3 %");
    EXPECT_EQ(format_percent(std::nan("")), "\xE2\x80\x93");
}

TEST(NumberFormat, NoNegativeZeroAndNoExponentInTheUsualRange) {
    EXPECT_EQ(format_fixed(-0.0004, 2), "0.00");
    EXPECT_EQ(format_significant(0.00012345, 3), "0.000123");
    EXPECT_EQ(format_significant(2.5e-7, 2), "2.5e-07");
    EXPECT_EQ(format_significant(123456.0, 3), "123,456");
}

}  // namespace
}  // namespace twinbench::report
