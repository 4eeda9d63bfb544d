// Each importer feature on a small file written by the test, so the bytes are exact.
#include "data/parsed_file.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::TempDir;

ParsedFile parse(const TempDir& dir, std::string_view name, std::string_view bytes,
                 std::string zone = "UTC") {
    ParseOptions options;
    options.time_zone = std::move(zone);
    return parse_file(dir.write(name, bytes), options);
}

TEST(ParsedFile, SemicolonDecimalCommaWithUnitsAndBom) {
    TempDir dir;
    const auto file =
        parse(dir, "h.csv",
              "\xEF\xBB\xBFZeitstempel;Ofentemperatur [°C];Bandgeschwindigkeit (m/min);Zustand\n"
              "16.02.2026 00:00:00;181,25;2,1;RUN\n"
              "16.02.2026 00:01:00;181,50;2,1;RUN\n"
              "16.02.2026 00:02:00;182,00;2,2;STOP\n");
    EXPECT_EQ(file.info.encoding, "UTF-8 with BOM");
    EXPECT_EQ(file.info.delimiter, ';');
    EXPECT_EQ(file.info.decimal_mark, ',');
    ASSERT_EQ(file.table.row_count(), 3u);
    const auto* temp = file.table.find("Ofentemperatur");
    ASSERT_NE(temp, nullptr);
    EXPECT_EQ(temp->unit, "°C");
    EXPECT_DOUBLE_EQ(temp->values[1], 181.5);
    EXPECT_EQ(file.table.find("Bandgeschwindigkeit")->unit, "m/min");
    const auto* state = file.table.find("Zustand");
    EXPECT_EQ(state->type, ColumnType::categorical);
    EXPECT_EQ(state->label(2), "STOP");
    EXPECT_EQ(file.info.time_column, "Zeitstempel");
    EXPECT_DOUBLE_EQ(file.table.time_s[1] - file.table.time_s[0], 60.0);
}

TEST(ParsedFile, TabsQuotesAndEmbeddedNewlines) {
    TempDir dir;
    const auto file = parse(dir, "t.tsv",
                            "time\tcomment\tvalue\n"
                            "2026-01-01T00:00:00Z\t\"line one\nline two\"\t1.5\n"
                            "2026-01-01T00:01:00Z\t\"say \"\"hi\"\"\t there\"\t2.5\n");
    EXPECT_EQ(file.info.delimiter, '\t');
    ASSERT_EQ(file.table.row_count(), 2u);
    EXPECT_EQ(file.table.find("comment")->label(0), "line one\nline two");
    EXPECT_EQ(file.table.find("comment")->label(1), "say \"hi\"\t there");
    EXPECT_DOUBLE_EQ(file.table.find("value")->values[1], 2.5);
}

TEST(ParsedFile, CrOnlyLineEndsAndPreamble) {
    TempDir dir;
    const auto file = parse(
        dir, "p.csv",
        "Export from historian\rTags: 3\r\rtime,a,b\r2026-01-01 00:00,1,2\r2026-01-01 00:01,3,4\r");
    EXPECT_EQ(file.info.header_line, 4);
    ASSERT_EQ(file.table.row_count(), 2u);
    EXPECT_DOUBLE_EQ(file.table.find("b")->values[1], 4.0);
    EXPECT_FALSE(file.notes.empty());
}

TEST(ParsedFile, NoHeaderGetsGeneratedNames) {
    TempDir dir;
    const auto file = parse(dir, "n.csv", "1,2.5,3\n4,5.5,6\n");
    EXPECT_FALSE(file.info.has_header);
    ASSERT_EQ(file.table.row_count(), 2u);
    EXPECT_NE(file.table.find("column_2"), nullptr);
    EXPECT_DOUBLE_EQ(file.table.find("column_2")->values[0], 2.5);
    EXPECT_FALSE(file.table.has_time());
}

TEST(ParsedFile, BadRowsAreRejectedWithLineAndReason) {
    TempDir dir;
    // 30 good rows make the columns clearly numeric; the bad ones follow from line 32.
    std::string text = "time,temp,speed\n";
    for (int i = 0; i < 30; ++i)
        text +=
            "2026-01-01 00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ",180.1,2.0\n";
    text +=
        "2026-01-01 01:01,180.2\n"         // line 32: short
        "2026-01-01 01:02,abc,2.0\n"       // line 33: text in number
        "2026-01-01 01:03,inf,2.0\n"       // line 34: not finite
        "31.02.2026 01:04,180.3,2.0\n"     // line 35: bad date
        "2026-01-01 01:05,#NV,2.0\n"       // missing token: kept
        "2026-01-01 01:06,180.4,2.0,9\n";  // line 37: long
    const auto file = parse(dir, "bad.csv", text);
    ASSERT_EQ(file.table.row_count(), 31u);
    ASSERT_EQ(file.rejected.size(), 5u);
    EXPECT_EQ(file.rejected[0].line, 32);
    EXPECT_NE(file.rejected[0].reason.find("expected 3 fields, found 2"), std::string::npos);
    EXPECT_EQ(file.rejected[1].line, 33);
    EXPECT_NE(file.rejected[1].reason.find("'abc' is not a number"), std::string::npos);
    EXPECT_EQ(file.rejected[2].line, 34);
    EXPECT_NE(file.rejected[2].reason.find("not a finite number"), std::string::npos);
    EXPECT_EQ(file.rejected[3].line, 35);
    EXPECT_EQ(file.rejected[4].line, 37);
    EXPECT_EQ(file.rejected[4].raw, "2026-01-01 01:06,180.4,2.0,9");
    EXPECT_TRUE(std::isnan(file.table.find("temp")->values[30]));
}

TEST(ParsedFile, Utf16AndWindows1252AreDecoded) {
    TempDir dir;
    std::string utf16 = "\xFF\xFE";
    for (const char c : std::string("a;b\n1;2\n3;4\n")) {
        utf16.push_back(c);
        utf16.push_back('\0');
    }
    const auto wide = parse(dir, "w.csv", utf16);
    EXPECT_EQ(wide.info.encoding, "UTF-16LE");
    ASSERT_EQ(wide.table.row_count(), 2u);
    EXPECT_DOUBLE_EQ(wide.table.find("b")->values[1], 4.0);

    const auto latin =
        parse(dir, "l.csv", "Art;Bemerkung\nWartung;F\xF6rderband ge\xF6lt\nReinigung;ok\n");
    EXPECT_EQ(latin.info.encoding, "Windows-1252");
    EXPECT_EQ(latin.table.find("Bemerkung")->label(0), "Förderband geölt");
}

TEST(ParsedFile, DstGapAndRepeatInLocalTime) {
    TempDir dir;
    const auto spring =
        parse(dir, "s.csv", "time,v\n2026-03-29 01:30,1\n2026-03-29 02:30,2\n2026-03-29 03:30,3\n",
              "Europe/Berlin");
    ASSERT_EQ(spring.table.row_count(), 3u);
    // 02:30 does not exist in Berlin that night: moved forward to 03:30 CEST = 01:30 UTC,
    // an hour after 01:30 CET = 00:30 UTC.
    EXPECT_DOUBLE_EQ(spring.table.time_s[1] - spring.table.time_s[0], 3600.0);
    const auto autumn = parse(
        dir, "a.csv",
        "time,v\n2026-10-25 02:00,1\n2026-10-25 02:30,2\n2026-10-25 02:00,3\n2026-10-25 02:30,4\n",
        "Europe/Berlin");
    ASSERT_EQ(autumn.table.row_count(), 4u);
    for (std::size_t i = 1; i < 4; ++i)
        EXPECT_DOUBLE_EQ(autumn.table.time_s[i] - autumn.table.time_s[i - 1], 1800.0);
    EXPECT_GE(autumn.notes.size(), 1u);
}

TEST(ParsedFile, BooleanColumnDemotedWhenLaterRowsDisagree) {
    TempDir dir;
    std::string text = "alarm\n";
    for (int i = 0; i < 6000; ++i) text += (i % 2 ? "1\n" : "0\n");
    text += "2\n";
    const auto file = parse(dir, "b.csv", text);
    EXPECT_EQ(file.table.find("alarm")->type, ColumnType::numeric);
    EXPECT_EQ(file.rejected.size(), 0u);
    EXPECT_DOUBLE_EQ(file.table.find("alarm")->values.back(), 2.0);
}

TEST(ParsedFile, UnreadableFilesFailWithLocation) {
    TempDir dir;
    const auto expect_error = [&](std::string_view name, std::string_view bytes,
                                  std::string_view needle) {
        try {
            parse(dir, name, bytes);
            ADD_FAILURE() << name << " should fail";
        } catch (const BadInputError& e) {
            EXPECT_EQ(e.code(), ExitCode::bad_input);
            EXPECT_NE(std::string(e.what()).find(std::string(name)), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    expect_error("empty.csv", "", "empty");
    expect_error("blank.csv", " \n\n  \n", "blank");
    expect_error("header.csv", "time,temp\n", ":2:1: no data rows");
    // The first 29 bytes of a PNG file (sizeof counts the literal's closing NUL; a length
    // written by hand read past the literal, found by ASan).
    static constexpr char png_start[] =
        "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    expect_error("binary.csv", std::string(png_start, sizeof png_start - 1), "not a text file");
    expect_error("allbad.csv", "t,v\n2026-01-01 00:00,1,2\n2026-01-01 00:01,1,2,3\n",
                 "none of the 2 data rows");
    expect_error("truncated.csv.gz",
                 std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c", 12), "gzip");
}

}  // namespace
}  // namespace twinbench
