// Numbers as plant exports spell them (number_format.h): each reading checked against the
// value the spelling means, and every spelling that is not a group of three rejected
// rather than misread.
#include "data/number_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "data/cell_parsing.h"
#include "data/format_overrides.h"
#include "data/timestamp_parser.h"

namespace twinbench {
namespace {

const NumberFormat point = NumberFormat::with_grouping('.');
const NumberFormat comma = NumberFormat::with_grouping(',');

double read(std::string_view cell, const NumberFormat& format) {
    const auto n = parse_number(cell, format);
    EXPECT_EQ(n.status, NumberStatus::ok) << "'" << cell << "'";
    return n.value;
}

bool rejected(std::string_view cell, const NumberFormat& format) {
    return parse_number(cell, format).status == NumberStatus::not_a_number;
}

TEST(NumberFormat, PlainNumbersWithEitherMark) {
    EXPECT_EQ(read("185.3", point), 185.3);
    EXPECT_EQ(read("20,5", comma), 20.5);
    EXPECT_EQ(read("-0.5", point), -0.5);
    EXPECT_EQ(read("+2", point), 2.0);
    EXPECT_EQ(read("2.5e+2", point), 250.0);
    EXPECT_EQ(read("1234", comma), 1234.0);
    EXPECT_TRUE(rejected("20,5", NumberFormat{'.', 0}));
    EXPECT_TRUE(rejected("185.3", NumberFormat{',', 0}));
}

TEST(NumberFormat, ThousandsInGroupsOfThree) {
    EXPECT_EQ(read("2,334.01", point), 2334.01);
    EXPECT_EQ(read("1,234,567.89", point), 1234567.89);
    EXPECT_EQ(read("1.234,5", comma), 1234.5);
    EXPECT_EQ(read("12.345.678,9", comma), 12345678.9);
    EXPECT_EQ(read("-1.234", comma), -1234.0);
    EXPECT_EQ(read("+1,234", point), 1234.0);
    EXPECT_EQ(read("1 234,5", comma), 1234.5);
    EXPECT_EQ(read("1\u00a0234,5", comma), 1234.5);       // no-break space
    EXPECT_EQ(read("1\u202f234\u202f567,5", comma), 1234567.5);  // narrow no-break space
    EXPECT_EQ(read("1\u2009234.5", point), 1234.5);       // thin space
    EXPECT_EQ(read("1'234.5", point), 1234.5);
    EXPECT_EQ(read("1\u2019234.50", point), 1234.5);      // right single quote
    EXPECT_EQ(parse_number("1,234.5", point).grouping_used, thousands_comma);
    EXPECT_EQ(parse_number("1 234,5", comma).grouping_used, thousands_space);
    EXPECT_EQ(parse_number("185.3", point).grouping_used, 0);
}

TEST(NumberFormat, GroupsThatAreNotThreeDigitsAreNotNumbers) {
    EXPECT_TRUE(rejected("20,5", point));        // a group of one digit: a decimal comma, not thousands
    EXPECT_TRUE(rejected("1,23,456.7", point));  // Indian grouping
    EXPECT_TRUE(rejected("12,34.5", point));
    EXPECT_TRUE(rejected("1,2345", point));
    EXPECT_TRUE(rejected("1234,567.5", point));  // first group of four
    EXPECT_TRUE(rejected("0,123", point));       // a first group of 0 is no group
    EXPECT_TRUE(rejected("1,234 567", point));   // two conventions in one number
    EXPECT_TRUE(rejected("1,234e3", point));     // no exponent on grouped digits
    EXPECT_TRUE(rejected("1.234.5", comma));
    EXPECT_TRUE(rejected("1,234", NumberFormat::with_grouping('.', 0)));  // --thousands none
    EXPECT_TRUE(rejected("1.234,5", NumberFormat::with_grouping(',', thousands_space)));
}

TEST(NumberFormat, InfinityIsNotFiniteAndNotMissing) {
    for (const std::string_view cell : {"inf", "-Infinity", "1.#INF", "-1.#INF", "1e309"})
        EXPECT_EQ(parse_number(cell, point).status, NumberStatus::not_finite) << cell;
}

TEST(NumberFormat, EachColumnsEvidence) {
    const auto evidence = [](std::vector<std::string_view> cells) {
        DecimalMarkTally tally;
        std::int64_t line = 2;
        for (const auto c : cells) tally.add(c, line++);
        return tally.evidence();
    };
    EXPECT_EQ(evidence({"20,5", "21,0", "1.020,5"}), DecimalEvidence::comma);
    EXPECT_EQ(evidence({"185.3", "1,234.5"}), DecimalEvidence::point);
    EXPECT_EQ(evidence({"1.234", "2.345"}), DecimalEvidence::ambiguous);
    EXPECT_EQ(evidence({"1,234", "985"}), DecimalEvidence::ambiguous);
    EXPECT_EQ(evidence({"1234", "1 234", "12"}), DecimalEvidence::irrelevant);
    EXPECT_EQ(evidence({"0.125", "0.250"}), DecimalEvidence::point);  // 0.125 cannot be 125
    // One cell of the other kind among many: the reading that makes the column numbers.
    std::vector<std::string_view> mostly_point(30, "185.3");
    mostly_point.push_back("20,5");
    EXPECT_EQ(evidence(mostly_point), DecimalEvidence::point);

    DecimalMarkTally tally;
    tally.add("985", 2);
    tally.add("1.234", 3);
    EXPECT_EQ(tally.ambiguous_example(), "1.234");
    EXPECT_EQ(tally.ambiguous_example_line(), 3);
}

TEST(NumberFormat, FileDecidesColumnsWithoutEvidence) {
    // Issue 18's file: '20,5' in one column, '1.234' in the other.
    std::vector<DecimalMarkTally> tallies(3);
    for (const auto c : {"20,5", "21,0"}) tallies[0].add(c, 2);
    for (const auto c : {"1.234", "2.345"}) tallies[1].add(c, 2);
    for (const auto c : {"98", "99"}) tallies[2].add(c, 2);
    const auto marks = decide_decimal_marks(tallies, {true, true, true});
    ASSERT_TRUE(marks.file_mark);
    EXPECT_EQ(*marks.file_mark, ',');
    EXPECT_EQ(marks.marks[1], ',');
    EXPECT_EQ(marks.marks[2], ',');
    EXPECT_FALSE(marks.mixed);

    // Nothing decides: the ambiguous column has no mark (the importer asks).
    const auto alone = decide_decimal_marks({tallies[1], tallies[2]}, {true, true});
    EXPECT_FALSE(alone.file_mark);
    EXPECT_FALSE(alone.marks[0]);
    EXPECT_EQ(alone.marks[1], '.');

    // Two decided columns that disagree: each keeps its own, the ambiguous one has none.
    std::vector<DecimalMarkTally> mixed(3);
    mixed[0].add("20,5", 2);
    mixed[1].add("185.25", 2);
    mixed[2].add("1.234", 2);
    const auto m = decide_decimal_marks(mixed, {true, true, true});
    EXPECT_TRUE(m.mixed);
    EXPECT_FALSE(m.file_mark);
    EXPECT_EQ(m.marks[0], ',');
    EXPECT_EQ(m.marks[1], '.');
    EXPECT_FALSE(m.marks[2]);
    // A text column takes no part in the file's decision.
    std::vector<DecimalMarkTally> with_text(2);
    with_text[0].add("20,5", 2);
    with_text[1].add("1.5", 2);
    EXPECT_EQ(decide_decimal_marks(with_text, {true, false}).file_mark, ',');
}

TEST(MissingTokens, SpellingsOfRuntimesAndSpreadsheets) {
    for (const std::string_view cell : {"", "-nan", "+nan", "-NaN", "nan", "NaN", "1.#QNAN", "-1.#QNAN", "1.#IND",
                                        "-1.#IND", "<NA>", "#NA", "#N/A", "#N/A N/A", "NA", "n/a", "NULL", "null",
                                        "None", "#DIV/0!", "#WERT!", "-", "--", "?"})
        EXPECT_TRUE(is_missing_token(cell)) << "'" << cell << "'";
    for (const std::string_view cell : {"-12.5", "1.5", "-1.5e3", "1.#INF", "-1.#INF", "+3", "Nano", "-n", "1.#"})
        EXPECT_FALSE(is_missing_token(cell)) << "'" << cell << "'";
}

TEST(FormatOverrides, SpellingsAndWhatCannotWork) {
    EXPECT_EQ(delimiter_from_text("tab"), '\t');
    EXPECT_EQ(delimiter_from_text("\\t"), '\t');
    EXPECT_EQ(delimiter_from_text(":"), ':');
    EXPECT_EQ(delimiter_from_text("semicolon"), ';');
    EXPECT_THROW(delimiter_from_text("::"), UsageError);
    EXPECT_EQ(decimal_mark_from_text(","), ',');
    EXPECT_EQ(decimal_mark_from_text("point"), '.');
    EXPECT_THROW(decimal_mark_from_text(";"), UsageError);
    EXPECT_EQ(thousands_from_text("none"), 0);
    EXPECT_EQ(thousands_from_text("space"), thousands_space);
    EXPECT_EQ(thousands_from_text("'"), thousands_apostrophe);
    EXPECT_THROW(thousands_from_text("_"), UsageError);

    FormatOverrides o;
    o.decimal_mark = ',';
    o.thousands = thousands_comma;
    EXPECT_THROW(check_overrides(o), UsageError);
    o.thousands = thousands_dot;
    EXPECT_NO_THROW(check_overrides(o));
    o.encoding = "no-such-encoding-anywhere";
    try {
        check_overrides(o);
        ADD_FAILURE() << "unknown encoding accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("--encoding no-such-encoding-anywhere"), std::string::npos) << e.what();
    }
    FormatOverrides given;
    given.encoding = "cp1255";
    given.delimiter = '\t';
    given.thousands = 0;
    given.header_line = 3;
    EXPECT_EQ(given.given(), "--encoding cp1255 --delimiter tab --thousands none --header-line 3");
    EXPECT_EQ(FormatOverrides{}.given(), "");
}

TEST(PlaceholderDates, OpenEndsAndEmptyDates) {
    const auto at = [](std::string_view cell) {
        return parse_timestamp(cell, TimestampFormat::iso8601).value().seconds;
    };
    EXPECT_EQ(placeholder_date(at("9999-12-31")), PlaceholderDate::open_end);
    EXPECT_EQ(placeholder_date(at("9999-12-31 23:59:59")), PlaceholderDate::open_end);
    EXPECT_EQ(placeholder_date(at("2999-12-31 00:00")), PlaceholderDate::open_end);
    EXPECT_EQ(placeholder_date(at("2099-12-31")), PlaceholderDate::open_end);
    EXPECT_EQ(placeholder_date(at("1899-12-30 14:30")), PlaceholderDate::empty_date);
    EXPECT_EQ(placeholder_date(at("0001-01-01")), PlaceholderDate::empty_date);
    EXPECT_EQ(placeholder_date(at("1900-01-01")), PlaceholderDate::empty_date);
    EXPECT_EQ(placeholder_date(at("2026-01-14 06:00")), PlaceholderDate::none);
    EXPECT_EQ(placeholder_date(at("2099-12-30 23:59:59")), PlaceholderDate::none);
    EXPECT_EQ(placeholder_date(at("1900-01-02")), PlaceholderDate::none);
    // Stored as UTC from Berlin, 2999-12-31 00:00 is the 30th at 23:00 UTC: still an open end.
    EXPECT_TRUE(is_open_end_utc(at("2999-12-30 23:00")));
    EXPECT_FALSE(is_open_end_utc(at("2026-12-31 00:00")));
}

}  // namespace
}  // namespace twinbench
