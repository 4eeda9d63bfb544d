// Instants as the project's JSON writes them (common/time_format.h's format_utc_iso) read
// back by the importer's ISO 8601 parser to the millisecond, as UTC: what a stored model's
// time range is restored with (OutputModel). A time without its Z is a wall-clock time.
#include <gtest/gtest.h>

#include <cmath>

#include "common/time_format.h"
#include "data/timestamp_parser.h"

namespace twinbench {
namespace {

TEST(UtcIso, WhatIsWrittenReadsBackAsUtc) {
    for (const double t : {0.0, 1774747800.0, 1774747800.125, 1893456000.5}) {
        const auto parsed = parse_timestamp(format_utc_iso(t), TimestampFormat::iso8601);
        ASSERT_TRUE(parsed) << format_utc_iso(t);
        EXPECT_TRUE(parsed->has_offset) << format_utc_iso(t);
        EXPECT_DOUBLE_EQ(parsed->seconds, t) << format_utc_iso(t);
    }
    EXPECT_EQ(format_utc_iso(1774747800.0), "2026-03-29T01:30:00Z");
}

TEST(UtcIso, WithoutItsZItIsNoUtcInstant) {
    const auto naive = parse_timestamp("2026-03-29T01:30:00", TimestampFormat::iso8601);
    ASSERT_TRUE(naive);
    EXPECT_FALSE(naive->has_offset);
    EXPECT_FALSE(parse_timestamp("yesterday", TimestampFormat::iso8601));
    EXPECT_EQ(format_utc_iso(std::nan("")), "");
}

}  // namespace
}  // namespace twinbench
