#include "data/timestamp_parser.h"

#include "data/text_decoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

namespace twinbench {
namespace {

// Reference values are spelled out rather than recomputed with the code under test:
// 2026-03-29T02:30:00Z is 1774751400 s since 1970.
constexpr double t_2026_03_29_0230 = 1774751400.0;
constexpr double hour = 3600.0;
constexpr double day = 86400.0;

double parse_ok(std::string_view cell, TimestampFormat format) {
    const auto parsed = parse_timestamp(cell, format);
    EXPECT_TRUE(parsed.has_value()) << "cell '" << cell << "'";
    return parsed ? parsed->seconds : std::numeric_limits<double>::quiet_NaN();
}

bool rejects(std::string_view cell, TimestampFormat format) {
    return !parse_timestamp(cell, format).has_value();
}

// Naive local seconds for a wall-clock time on 2026-03-29 / 2026-10-25 etc.
double local(double day_start, int hh, int mm) {
    return day_start + hh * hour + mm * 60.0;
}

constexpr double midnight_2026_03_29 = t_2026_03_29_0230 - 2.5 * hour;
constexpr double midnight_2026_10_25 = midnight_2026_03_29 + 210 * day;  // Mar 29 + 210 d
constexpr double midnight_2026_03_08 = midnight_2026_03_29 - 21 * day;
constexpr double midnight_2026_11_01 = midnight_2026_10_25 + 7 * day;

// ---- formats ----------------------------------------------------------------------------

TEST(TimestampFormatName, EveryFormatHasAName) {
    EXPECT_EQ(timestamp_format_name(TimestampFormat::dmy_dot), "dd.mm.yyyy HH:MM:SS");
    EXPECT_EQ(timestamp_format_name(TimestampFormat::mdy_slash), "mm/dd/yyyy HH:MM:SS");
    for (auto f : {TimestampFormat::iso8601, TimestampFormat::dmy_slash, TimestampFormat::dmy_dash,
                   TimestampFormat::ymd_slash, TimestampFormat::epoch_seconds,
                   TimestampFormat::epoch_millis})
        EXPECT_FALSE(timestamp_format_name(f).empty());
}

TEST(ParseTimestamp, IsoVariants) {
    const auto iso = TimestampFormat::iso8601;
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:00", iso), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29 02:30:00", iso), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29 02:30", iso), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29t02:30", iso), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29 2:30", iso), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("  2026-03-29T02:30:00 \r\n", iso), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29", iso), midnight_2026_03_29);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:59", iso), t_2026_03_29_0230 + 59);

    const auto naive = parse_timestamp("2026-03-29T02:30:00", iso);
    ASSERT_TRUE(naive);
    EXPECT_FALSE(naive->has_offset);
    EXPECT_FALSE(naive->end_of_day);
}

TEST(ParseTimestamp, IsoOffsets) {
    const auto iso = TimestampFormat::iso8601;
    const auto z = parse_timestamp("2026-03-29T02:30:00Z", iso);
    ASSERT_TRUE(z);
    EXPECT_TRUE(z->has_offset);
    EXPECT_DOUBLE_EQ(z->seconds, t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:00+01:00", iso), t_2026_03_29_0230 - hour);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:00+0100", iso), t_2026_03_29_0230 - hour);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:00+01", iso), t_2026_03_29_0230 - hour);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:00-05:00", iso), t_2026_03_29_0230 + 5 * hour);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29T02:30:00+05:30", iso), t_2026_03_29_0230 - 5.5 * hour);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29 02:30:00.250+01:00", iso),
                     t_2026_03_29_0230 - hour + 0.25);
    EXPECT_DOUBLE_EQ(parse_ok("2026-03-29 02:30 +0100", iso), t_2026_03_29_0230 - hour);
    EXPECT_TRUE(parse_timestamp("2026-03-29T02:30:00-05:00", iso)->has_offset);

    EXPECT_TRUE(rejects("2026-03-29T02:30:00+1", iso));
    EXPECT_TRUE(rejects("2026-03-29T02:30:00+01:0", iso));
    EXPECT_TRUE(rejects("2026-03-29T02:30:00+25:00", iso));
    EXPECT_TRUE(rejects("2026-03-29T02:30:00+01:60", iso));
    EXPECT_TRUE(rejects("2026-03-29T02:30:00ZZ", iso));
    EXPECT_TRUE(rejects("2026-03-29T02:30:00 CET", iso));
}

TEST(ParseTimestamp, FractionalSeconds) {
    const auto iso = TimestampFormat::iso8601;
    EXPECT_NEAR(parse_ok("2026-03-29T02:30:00.123", iso), t_2026_03_29_0230 + 0.123, 1e-6);
    EXPECT_NEAR(parse_ok("2026-03-29T02:30:00,5", iso), t_2026_03_29_0230 + 0.5, 1e-6);
    EXPECT_NEAR(parse_ok("2026-03-29T02:30:07.123456789123", iso), t_2026_03_29_0230 + 7.123456789,
                1e-6);
    EXPECT_NEAR(parse_ok("29.03.2026 02:30:00.75", TimestampFormat::dmy_dot),
                t_2026_03_29_0230 + 0.75, 1e-6);
    EXPECT_TRUE(rejects("2026-03-29T02:30:00.", iso));
    EXPECT_TRUE(rejects("2026-03-29T02:30.5", iso));  // a fraction needs seconds
    EXPECT_TRUE(rejects("2026-03-29T02:30:00.1x", iso));
}

TEST(ParseTimestamp, DayMonthYearFormats) {
    EXPECT_DOUBLE_EQ(parse_ok("29.03.2026 02:30:00", TimestampFormat::dmy_dot), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("29.03.2026 02:30", TimestampFormat::dmy_dot), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("29.3.2026 2:30", TimestampFormat::dmy_dot), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("29.03.2026", TimestampFormat::dmy_dot), midnight_2026_03_29);
    EXPECT_DOUBLE_EQ(parse_ok("29/03/2026 02:30", TimestampFormat::dmy_slash), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("29-03-2026 02:30", TimestampFormat::dmy_dash), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026/03/29 02:30", TimestampFormat::ymd_slash), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("2026/3/29", TimestampFormat::ymd_slash), midnight_2026_03_29);
    EXPECT_DOUBLE_EQ(parse_ok("03/29/2026 02:30", TimestampFormat::mdy_slash), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("29.03.2026   02:30", TimestampFormat::dmy_dot), t_2026_03_29_0230);

    // The separator and field order belong to the format.
    EXPECT_TRUE(rejects("29.03.2026 02:30", TimestampFormat::dmy_slash));
    EXPECT_TRUE(rejects("29/03/2026 02:30", TimestampFormat::mdy_slash));
    EXPECT_TRUE(rejects("2026-03-29 02:30", TimestampFormat::dmy_dash));
    EXPECT_TRUE(rejects("29.03.2026T02:30", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("29.03.26 02:30", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("029.03.2026 02:30", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("29.03.20260 02:30", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("29.03.2026 02:30 x", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("29.03.2026 02:3", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("29.03.2026 02:30:0", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("29.03.2026 02:30+01:00", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("   ", TimestampFormat::iso8601));
}

TEST(ParseTimestamp, TwelveHourClock) {
    const auto mdy = TimestampFormat::mdy_slash;
    EXPECT_DOUBLE_EQ(parse_ok("3/29/2026 2:30 PM", mdy), midnight_2026_03_29 + 14.5 * hour);
    EXPECT_DOUBLE_EQ(parse_ok("3/29/2026 2:30 AM", mdy), t_2026_03_29_0230);
    EXPECT_DOUBLE_EQ(parse_ok("3/29/2026 2:30:15 pm", mdy), midnight_2026_03_29 + 14.5 * hour + 15);
    EXPECT_DOUBLE_EQ(parse_ok("3/29/2026 2:30PM", mdy), midnight_2026_03_29 + 14.5 * hour);
    EXPECT_DOUBLE_EQ(parse_ok("3/29/2026 12:00 AM", mdy), midnight_2026_03_29);
    EXPECT_DOUBLE_EQ(parse_ok("3/29/2026 12:30 PM", mdy), midnight_2026_03_29 + 12.5 * hour);
    EXPECT_DOUBLE_EQ(parse_ok("29/03/2026 11:59 PM", TimestampFormat::dmy_slash),
                     midnight_2026_03_29 + 23 * hour + 59 * 60);
    EXPECT_TRUE(rejects("3/29/2026 13:00 PM", mdy));
    EXPECT_TRUE(rejects("3/29/2026 0:30 AM", mdy));
    EXPECT_TRUE(rejects("3/29/2026 2:30 P", mdy));
    EXPECT_TRUE(rejects("3/29/2026 2:30 XM", mdy));
    EXPECT_TRUE(rejects("2026-03-29 02:30 PM", TimestampFormat::iso8601));
}

TEST(ParseTimestamp, InvalidDatesAndTimes) {
    const auto iso = TimestampFormat::iso8601;
    EXPECT_TRUE(rejects("2026-02-30", iso));
    EXPECT_TRUE(rejects("2026-02-29", iso));
    EXPECT_TRUE(parse_timestamp("2024-02-29", iso));
    EXPECT_TRUE(rejects("1900-02-29", iso));
    EXPECT_TRUE(parse_timestamp("2000-02-29", iso));
    EXPECT_TRUE(rejects("2026-13-01", iso));
    EXPECT_TRUE(rejects("2026-00-10", iso));
    EXPECT_TRUE(rejects("2026-04-31", iso));
    EXPECT_TRUE(rejects("2026-04-00", iso));
    EXPECT_TRUE(rejects("2026-03-29 25:00", iso));
    EXPECT_TRUE(rejects("2026-03-29 24:30", iso));
    EXPECT_TRUE(rejects("2026-03-29 24:00:01", iso));
    EXPECT_TRUE(rejects("2026-03-29 24:00:00.5", iso));
    EXPECT_TRUE(rejects("2026-03-29 12:60", iso));
    EXPECT_TRUE(rejects("2026-03-29 12:30:60", iso));
    EXPECT_TRUE(rejects("30.02.2026 10:00", TimestampFormat::dmy_dot));
    EXPECT_TRUE(rejects("02/30/2026 10:00", TimestampFormat::mdy_slash));
    EXPECT_TRUE(rejects("13/29/2026", TimestampFormat::mdy_slash));
    EXPECT_TRUE(rejects("0000-01-01", iso));  // no year 0 in four-digit dates
    EXPECT_TRUE(rejects("hello", iso));
    EXPECT_TRUE(rejects("2026-03-29T", iso));
}

TEST(ParseTimestamp, YearRangeEdges) {
    const auto iso = TimestampFormat::iso8601;
    EXPECT_DOUBLE_EQ(parse_ok("9999-12-31 23:59:59", iso), 253402300799.0);
    EXPECT_DOUBLE_EQ(parse_ok("31.12.9999 23:59:59", TimestampFormat::dmy_dot), 253402300799.0);
    EXPECT_DOUBLE_EQ(parse_ok("1900-01-01", iso), -2208988800.0);
    EXPECT_DOUBLE_EQ(parse_ok("1970-01-01 00:00", iso), 0.0);
    // The whole four-digit proleptic Gregorian range: Excel's day zero and .NET's first day
    // are dates (placeholders the importer recognises), not parse failures.
    EXPECT_DOUBLE_EQ(parse_ok("1899-12-30", iso), -2209161600.0);
    EXPECT_DOUBLE_EQ(parse_ok("0001-01-01 00:00:00", iso), -62135596800.0);
    const auto last = parse_timestamp("9999-12-31 24:00", iso);
    ASSERT_TRUE(last);
    EXPECT_DOUBLE_EQ(last->seconds, 253402300800.0);
    EXPECT_TRUE(last->end_of_day);
}

TEST(ParseTimestamp, TwentyFourHundredIsNextMidnight) {
    for (std::string_view cell : {"28.03.2026 24:00", "28.03.2026 24:00:00"}) {
        const auto parsed = parse_timestamp(cell, TimestampFormat::dmy_dot);
        ASSERT_TRUE(parsed) << cell;
        EXPECT_DOUBLE_EQ(parsed->seconds, midnight_2026_03_29);
        EXPECT_TRUE(parsed->end_of_day);
    }
    // Month and year roll over too.
    EXPECT_DOUBLE_EQ(parse_ok("2025-12-31T24:00:00", TimestampFormat::iso8601),
                     parse_ok("2026-01-01T00:00:00", TimestampFormat::iso8601));
    EXPECT_FALSE(parse_timestamp("29.03.2026 00:00", TimestampFormat::dmy_dot)->end_of_day);
}

TEST(ParseTimestamp, EpochSecondsAndMillis) {
    const auto s = parse_timestamp("1774744200", TimestampFormat::epoch_seconds);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->seconds, 1774744200.0);
    EXPECT_TRUE(s->has_offset);
    EXPECT_DOUBLE_EQ(parse_ok("1774744200.5", TimestampFormat::epoch_seconds), 1774744200.5);
    EXPECT_DOUBLE_EQ(parse_ok("1774744200000", TimestampFormat::epoch_millis), 1774744200.0);
    EXPECT_NEAR(parse_ok("1774744200123", TimestampFormat::epoch_millis), 1774744200.123, 1e-6);
    EXPECT_NEAR(parse_ok("1774744200123.5", TimestampFormat::epoch_millis), 1774744200.1235, 1e-6);
    EXPECT_DOUBLE_EQ(parse_ok(" 100000000 ", TimestampFormat::epoch_seconds), 1e8);
    EXPECT_DOUBLE_EQ(parse_ok("9999999999", TimestampFormat::epoch_seconds), 9999999999.0);

    EXPECT_TRUE(rejects("99999999", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("10000000000", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("1774744200000", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("1774744200", TimestampFormat::epoch_millis));
    EXPECT_TRUE(rejects("99999999999", TimestampFormat::epoch_millis));
    EXPECT_TRUE(rejects("10000000000000", TimestampFormat::epoch_millis));
    EXPECT_TRUE(rejects("-1774744200", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("1774744200.", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("1.7e9", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("17747x4200", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("2026-03-29", TimestampFormat::epoch_seconds));
    EXPECT_TRUE(rejects("1774744200", TimestampFormat::iso8601));
}

// ---- detection --------------------------------------------------------------------------

std::optional<TimestampFormatGuess> detect(std::vector<std::string_view> cells) {
    return detect_timestamp_format(std::span<const std::string_view>(cells));
}

TEST(DetectTimestampFormat, IsoAndOthers) {
    auto g = detect({"2026-03-29T02:30:00", "2026-03-29T02:45:00Z", "2026-03-29 03:00+01:00"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::iso8601);
    EXPECT_FALSE(g->day_month_ambiguous);
    EXPECT_DOUBLE_EQ(g->match_fraction, 1.0);

    g = detect({"2026/03/29 02:30", "2026/03/29 02:45"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::ymd_slash);

    g = detect({"29-03-2026 02:30", "30-03-2026 02:45"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::dmy_dash);
    EXPECT_FALSE(g->day_month_ambiguous);

    g = detect({"2026-03-29", "2026-03-30"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::iso8601);
}

TEST(DetectTimestampFormat, DayMonthOrderFromValuesAboveTwelve) {
    auto g = detect({"01/03/2026 10:00", "02/03/2026 10:00", "13/03/2026 10:00"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::dmy_slash);
    EXPECT_FALSE(g->day_month_ambiguous);

    g = detect({"03/01/2026 10:00", "03/02/2026 10:00", "03/13/2026 10:00"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::mdy_slash);
    EXPECT_FALSE(g->day_month_ambiguous);

    g = detect({"3/29/2026 2:30 PM", "3/29/2026 2:45 PM"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::mdy_slash);
    EXPECT_FALSE(g->day_month_ambiguous);

    g = detect({"01.03.2026 10:00", "29.03.2026 10:00"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::dmy_dot);
    EXPECT_FALSE(g->day_month_ambiguous);
}

TEST(DetectTimestampFormat, AmbiguousDayMonthFallsBackAndSaysSo) {
    auto g = detect({"01/02/2026 10:00", "02/02/2026 10:00", "03/02/2026 10:00"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::mdy_slash);
    EXPECT_TRUE(g->day_month_ambiguous);

    g = detect({"01.02.2026 10:00", "02.02.2026 10:00"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::dmy_dot);
    EXPECT_TRUE(g->day_month_ambiguous);

    g = detect({"01-02-2026", "12-02-2026"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::dmy_dash);
    EXPECT_TRUE(g->day_month_ambiguous);
}

TEST(DetectTimestampFormat, NinetyPercentThresholdAndEmptyCells) {
    std::vector<std::string_view> cells(9, "29.03.2026 02:30");
    cells.push_back("garbage");
    cells.push_back("");
    cells.push_back("   ");
    auto g = detect(cells);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::dmy_dot);
    EXPECT_DOUBLE_EQ(g->match_fraction, 0.9);

    cells.push_back("more garbage");  // 9 of 11
    EXPECT_FALSE(detect(cells));

    // Mixed formats: neither reaches 90 %.
    EXPECT_FALSE(detect({"29.03.2026 02:30", "2026-03-29 02:30"}));
    EXPECT_FALSE(detect({"", "  "}));
    EXPECT_FALSE(detect({}));
}

TEST(DetectTimestampFormat, PlainNumbersAreNotTime) {
    EXPECT_FALSE(detect({"1", "2", "3", "17", "250", "9999"}));
    EXPECT_FALSE(detect({"12.5", "13.25", "0.5"}));
    EXPECT_FALSE(detect({"2026", "2027", "2028"}));
    EXPECT_FALSE(detect({"20260329", "20260330"}));
    EXPECT_FALSE(detect({"-1774744200", "-1774744300"}));
    EXPECT_FALSE(detect({"On", "Off", "On"}));
}

TEST(DetectTimestampFormat, EpochColumns) {
    auto g = detect({"1774744200", "1774745100", "1774746000.5"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::epoch_seconds);
    EXPECT_FALSE(g->day_month_ambiguous);

    g = detect({"1774744200000", "1774745100000"});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->format, TimestampFormat::epoch_millis);
}

// ---- time zones -------------------------------------------------------------------------

TEST(LocalTimeResolver, UtcIsIdentity) {
    for (const std::string name : {"", "UTC"}) {
        LocalTimeResolver r(name);
        EXPECT_EQ(r.time_zone(), "UTC");
        const auto res = r.resolve(t_2026_03_29_0230 + 0.25);
        EXPECT_DOUBLE_EQ(res.utc_seconds, t_2026_03_29_0230 + 0.25);
        EXPECT_EQ(res.status, LocalTimeStatus::exact);
    }
}

TEST(LocalTimeResolver, UnknownZoneThrowsWithName) {
    try {
        LocalTimeResolver r("Mars/Olympus_Mons");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), "unknown time zone 'Mars/Olympus_Mons'");
    }
}

TEST(LocalTimeResolver, BerlinOrdinaryOffsets) {
    LocalTimeResolver r("Europe/Berlin");
    EXPECT_EQ(r.time_zone(), "Europe/Berlin");
    const double winter = midnight_2026_03_29 - 30 * day + 12 * hour;
    auto res = r.resolve(winter);
    EXPECT_DOUBLE_EQ(res.utc_seconds, winter - hour);
    EXPECT_EQ(res.status, LocalTimeStatus::exact);
    const double summer = midnight_2026_03_29 + 60 * day + 12 * hour + 0.5;
    res = r.resolve(summer);
    EXPECT_DOUBLE_EQ(res.utc_seconds, summer - 2 * hour);
    EXPECT_EQ(res.status, LocalTimeStatus::exact);
    // The cached span must not leak the summer offset back into winter.
    res = r.resolve(winter + 1);
    EXPECT_DOUBLE_EQ(res.utc_seconds, winter + 1 - hour);
}

TEST(LocalTimeResolver, BerlinSpringGapShiftsForward) {
    LocalTimeResolver r("Europe/Berlin");
    const double base = midnight_2026_03_29;
    EXPECT_DOUBLE_EQ(r.resolve(local(base, 1, 45)).utc_seconds, local(base, 0, 45));
    const auto gap = r.resolve(local(base, 2, 30));
    EXPECT_EQ(gap.status, LocalTimeStatus::nonexistent);
    EXPECT_DOUBLE_EQ(gap.utc_seconds, local(base, 1, 30));  // = 03:30 CEST
    const auto gap_start = r.resolve(local(base, 2, 0));
    EXPECT_EQ(gap_start.status, LocalTimeStatus::nonexistent);
    EXPECT_DOUBLE_EQ(gap_start.utc_seconds, local(base, 1, 0));
    const auto after = r.resolve(local(base, 3, 0));
    EXPECT_EQ(after.status, LocalTimeStatus::exact);
    EXPECT_DOUBLE_EQ(after.utc_seconds, local(base, 1, 0));
}

TEST(LocalTimeResolver, BerlinAutumnRepeatFollowsRowOrder) {
    LocalTimeResolver r("Europe/Berlin");
    const double base = midnight_2026_10_25;
    const std::vector<std::pair<int, int>> wall{{1, 30}, {2, 0}, {2, 30}, {2, 0},
                                                {2, 30}, {3, 0}, {3, 30}};
    const std::vector<LocalTimeStatus> expected_status{LocalTimeStatus::exact,
                                                       LocalTimeStatus::ambiguous_first,
                                                       LocalTimeStatus::ambiguous_first,
                                                       LocalTimeStatus::ambiguous_second,
                                                       LocalTimeStatus::ambiguous_second,
                                                       LocalTimeStatus::exact,
                                                       LocalTimeStatus::exact};
    // 01:30 CEST = 23:30Z the day before, then every half hour.
    std::vector<double> utc;
    for (std::size_t i = 0; i < wall.size(); ++i) {
        const auto res = r.resolve(local(base, wall[i].first, wall[i].second));
        EXPECT_EQ(res.status, expected_status[i]) << "row " << i;
        utc.push_back(res.utc_seconds);
    }
    for (std::size_t i = 0; i < utc.size(); ++i)
        EXPECT_DOUBLE_EQ(utc[i], base - 0.5 * hour + static_cast<double>(i) * 0.5 * hour)
            << "row " << i;
}

TEST(LocalTimeResolver, HourlyDataRepeatingTheSameTime) {
    LocalTimeResolver r("Europe/Berlin");
    const double base = midnight_2026_10_25;
    const double a = r.resolve(local(base, 1, 0)).utc_seconds;
    const auto first = r.resolve(local(base, 2, 0));
    const auto second = r.resolve(local(base, 2, 0));
    const double c = r.resolve(local(base, 3, 0)).utc_seconds;
    EXPECT_EQ(first.status, LocalTimeStatus::ambiguous_first);
    EXPECT_EQ(second.status, LocalTimeStatus::ambiguous_second);
    EXPECT_DOUBLE_EQ(first.utc_seconds - a, hour);
    EXPECT_DOUBLE_EQ(second.utc_seconds - first.utc_seconds, hour);
    EXPECT_DOUBLE_EQ(c - second.utc_seconds, hour);
}

TEST(LocalTimeResolver, JumpBackFromOutsideTheHourIsNotASecondPass) {
    LocalTimeResolver r("Europe/Berlin");
    const double base = midnight_2026_10_25;
    r.resolve(local(base, 5, 0));
    const auto res = r.resolve(local(base, 2, 30));
    EXPECT_EQ(res.status, LocalTimeStatus::ambiguous_first);
    EXPECT_DOUBLE_EQ(res.utc_seconds, local(base, 0, 30));
}

TEST(LocalTimeResolver, SecondPassIsScopedToItsTransition) {
    LocalTimeResolver r("Europe/Berlin");
    const double base = midnight_2026_10_25;
    r.resolve(local(base, 2, 30));
    EXPECT_EQ(r.resolve(local(base, 2, 10)).status, LocalTimeStatus::ambiguous_second);
    // A year later (2027-10-31) the repeated hour starts over with the first pass.
    const double next_year = base + 371 * day;
    const auto res = r.resolve(local(next_year, 2, 15));
    EXPECT_EQ(res.status, LocalTimeStatus::ambiguous_first);
    EXPECT_DOUBLE_EQ(res.utc_seconds, local(next_year, 0, 15));
}

TEST(LocalTimeResolver, NewYorkGapAndRepeat) {
    LocalTimeResolver r("America/New_York");
    const double spring = midnight_2026_03_08;
    EXPECT_DOUBLE_EQ(r.resolve(local(spring, 1, 30)).utc_seconds, local(spring, 6, 30));  // EST
    const auto gap = r.resolve(local(spring, 2, 30));
    EXPECT_EQ(gap.status, LocalTimeStatus::nonexistent);
    EXPECT_DOUBLE_EQ(gap.utc_seconds, local(spring, 7, 30));  // = 03:30 EDT
    EXPECT_DOUBLE_EQ(r.resolve(local(spring, 3, 30)).utc_seconds, local(spring, 7, 30));

    const double autumn = midnight_2026_11_01;
    const std::vector<std::pair<int, int>> wall{{0, 30}, {1, 0}, {1, 30}, {1, 0}, {1, 30}, {2, 0}};
    double previous = -1e300;
    for (std::size_t i = 0; i < wall.size(); ++i) {
        const double utc = r.resolve(local(autumn, wall[i].first, wall[i].second)).utc_seconds;
        EXPECT_DOUBLE_EQ(utc, local(autumn, 4, 30) + static_cast<double>(i) * 0.5 * hour)
            << "row " << i;
        EXPECT_GT(utc, previous);
        previous = utc;
    }
}

TEST(LocalTimeResolver, MoveKeepsStateAndZone) {
    LocalTimeResolver a("Europe/Berlin");
    const double base = midnight_2026_10_25;
    a.resolve(local(base, 2, 30));
    LocalTimeResolver b(std::move(a));
    EXPECT_EQ(b.time_zone(), "Europe/Berlin");
    EXPECT_EQ(b.resolve(local(base, 2, 0)).status, LocalTimeStatus::ambiguous_second);
    LocalTimeResolver c("UTC");
    c = std::move(b);
    EXPECT_EQ(c.time_zone(), "Europe/Berlin");
    EXPECT_EQ(c.resolve(local(base, 2, 15)).status, LocalTimeStatus::ambiguous_second);
}

TEST(LocalTimeResolver, NanPassesThrough) {
    LocalTimeResolver r("Europe/Berlin");
    EXPECT_TRUE(std::isnan(r.resolve(std::numeric_limits<double>::quiet_NaN()).utc_seconds));
}

TEST(SystemTimeZone, NamesAUsableZone) {
    const std::string name = system_time_zone();
    EXPECT_FALSE(name.empty());
    EXPECT_NO_THROW(LocalTimeResolver{name});
}

// ---- end-of-day midnights ----------------------------------------------------------------

// 15-minute rows from day_start 00:15 to the end of `days` days, written the way the
// Steel Industry export does: the closing 00:00 carries the date of the day it closes.
std::vector<double> steel_style(double day_start, int days) {
    std::vector<double> t;
    for (int d = 0; d < days; ++d) {
        const double start = day_start + d * day;
        for (int q = 1; q < 96; ++q) t.push_back(start + q * 900.0);
        t.push_back(start);  // "dd/mm/yyyy 00:00" of the same date
    }
    return t;
}

TEST(FixEndOfDayMidnights, SteelIndustryPattern) {
    const auto d = [](std::string_view cell) { return parse_ok(cell, TimestampFormat::dmy_slash); };
    std::vector<double> t{d("01/01/2018 23:30"), d("01/01/2018 23:45"), d("01/01/2018 00:00"),
                          d("02/01/2018 00:15"), d("02/01/2018 00:30")};
    EXPECT_EQ(fix_end_of_day_midnights(t), 1u);
    EXPECT_DOUBLE_EQ(t[2], d("02/01/2018 00:00"));

    const double jan_1_2018 = d("01/01/2018");
    auto days = steel_style(jan_1_2018, 4);
    EXPECT_EQ(fix_end_of_day_midnights(days), 4u);  // the last one has no next row, still fixed
    for (std::size_t i = 0; i < days.size(); ++i)
        EXPECT_DOUBLE_EQ(days[i], jan_1_2018 + static_cast<double>(i + 1) * 900.0) << "row " << i;
    EXPECT_EQ(fix_end_of_day_midnights(days), 0u);  // idempotent
}

TEST(FixEndOfDayMidnights, LeavesGenuineSequencesAlone) {
    const double base = 1514764800.0;  // 2018-01-01
    // 23:45 followed by 00:00 of the next date is already right.
    std::vector<double> right;
    for (int i = 0; i < 200; ++i) right.push_back(base + i * 900.0);
    auto copy = right;
    EXPECT_EQ(fix_end_of_day_midnights(copy), 0u);
    EXPECT_EQ(copy, right);

    // A real jump back that does not land on midnight.
    std::vector<double> back{base + 23.5 * hour, base + 23.75 * hour, base + 0.25 * hour,
                             base + 0.5 * hour};
    copy = back;
    EXPECT_EQ(fix_end_of_day_midnights(copy), 0u);
    EXPECT_EQ(copy, back);

    // A repeated day (the same date exported twice) starts again at 00:00, 00:15...
    std::vector<double> repeated{base + 23.5 * hour, base + 23.75 * hour, base, base + 900.0,
                                 base + 1800.0};
    copy = repeated;
    EXPECT_EQ(fix_end_of_day_midnights(copy), 0u);
    EXPECT_EQ(copy, repeated);

    // Midnight far back (noon, then the same day's 00:00): not one usual step away.
    std::vector<double> far{base + 11.75 * hour, base + 12 * hour, base, base + 12.25 * hour};
    copy = far;
    EXPECT_EQ(fix_end_of_day_midnights(copy), 0u);

    // Daily data has no within-day step.
    std::vector<double> daily{base, base + day, base + 2 * day, base + day, base + 3 * day};
    copy = daily;
    EXPECT_EQ(fix_end_of_day_midnights(copy), 0u);

    std::vector<double> empty;
    EXPECT_EQ(fix_end_of_day_midnights(empty), 0u);
    std::vector<double> one{base};
    EXPECT_EQ(fix_end_of_day_midnights(one), 0u);
}

TEST(FixEndOfDayMidnights, HourlyDataAndMissingValues) {
    const double base = 1514764800.0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> t{base + 21 * hour,     base + 22 * hour, base + 23 * hour, base, nan,
                          base + day + 2 * hour};
    EXPECT_EQ(fix_end_of_day_midnights(t), 1u);
    EXPECT_DOUBLE_EQ(t[3], base + day);
    EXPECT_TRUE(std::isnan(t[4]));
}

// ---- the real Steel Industry export ------------------------------------------------------

TEST(TimestampParserDataset, SteelIndustryDatesRunEveryFifteenMinutes) {
    // The copy shipped in sample_data (gzip, decoded by the importer's own reader).
    const auto text = read_text_file(std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "steel_energy" /
                                     "Steel_industry_data.csv.gz")
                          .text;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);  // header
    std::vector<std::string> cells;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        cells.push_back(line.substr(0, line.find(',')));
    }
    ASSERT_EQ(cells.size(), 35040u);

    const std::vector<std::string_view> views(cells.begin(), cells.end());
    const auto guess = detect_timestamp_format(views);
    ASSERT_TRUE(guess);
    EXPECT_EQ(guess->format, TimestampFormat::dmy_slash);
    EXPECT_FALSE(guess->day_month_ambiguous);
    EXPECT_DOUBLE_EQ(guess->match_fraction, 1.0);

    std::vector<double> local_seconds;
    local_seconds.reserve(views.size());
    for (std::string_view cell : views) {
        const auto parsed = parse_timestamp(cell, guess->format);
        ASSERT_TRUE(parsed) << cell;
        local_seconds.push_back(parsed->seconds);
    }
    EXPECT_EQ(fix_end_of_day_midnights(local_seconds), 365u);

    LocalTimeResolver utc("UTC");
    double previous = utc.resolve(local_seconds.front()).utc_seconds;
    EXPECT_DOUBLE_EQ(previous, 1514765700.0);  // 2018-01-01 00:15
    for (std::size_t i = 1; i < local_seconds.size(); ++i) {
        const double now = utc.resolve(local_seconds[i]).utc_seconds;
        ASSERT_DOUBLE_EQ(now - previous, 900.0) << "row " << i << " '" << views[i] << "'";
        previous = now;
    }
    EXPECT_DOUBLE_EQ(previous, 1546300800.0);  // 2019-01-01 00:00, the last "31/12/2018 00:00"
}

}  // namespace
}  // namespace twinbench
