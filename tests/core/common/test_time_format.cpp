// Instants as the project's JSON writes them (common/time_format.h): what format_utc_iso
// writes, parse_utc_iso reads back to the millisecond; anything else is no instant.
#include <gtest/gtest.h>

#include <cmath>

#include "common/time_format.h"

namespace twinbench {
namespace {

TEST(UtcIso, WhatIsWrittenReadsBack) {
    for (const double t : {0.0, 1774747800.0, 1774747800.125, 1893456000.5})
        EXPECT_DOUBLE_EQ(parse_utc_iso(format_utc_iso(t)), t) << format_utc_iso(t);
    EXPECT_EQ(format_utc_iso(1774747800.0), "2026-03-29T01:30:00Z");
    EXPECT_DOUBLE_EQ(parse_utc_iso("2026-03-29T01:30:00Z"), 1774747800.0);
}

TEST(UtcIso, AnythingElseIsNoInstant) {
    for (const char* text : {"", "2026-03-29", "2026-03-29T01:30:00", "2026-03-29T01:30:00Zjunk", "yesterday"})
        EXPECT_TRUE(std::isnan(parse_utc_iso(text))) << text;
    EXPECT_EQ(format_utc_iso(std::nan("")), "");
}

}  // namespace
}  // namespace twinbench
