// What parse_file decides about a whole file for issue 18 ("no silent misreads"), on files
// written by the test: evidence found only past the first rows, the ambiguous column in the
// GUI preview's mode, the header and preamble rules, named encodings and line ends kept.
// The end-to-end cases (CLI, project, value by value) are in tests/data/misread/.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/error.h"
#include "data/number_format.h"
#include "data/parsed_file.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::TempDir;

ParsedFile parse(const TempDir& dir, std::string_view name, std::string_view bytes, ParseOptions options = {}) {
    return parse_file(dir.write(name, bytes), options);
}

// 6,000 rows of "1.234"-style weights (more than the 5,000 the types are sampled from),
// then one row that decides.
std::string late_evidence_file(std::string_view deciding_cell) {
    std::string text = "Nr;Gewicht [kg]\n";
    for (int i = 0; i < 6000; ++i)
        text += std::to_string(i) + ";" + std::to_string(1 + i % 9) + "." + std::to_string(100 + i % 900) + "\n";
    text += "6000;" + std::string(deciding_cell) + "\n";
    return text;
}

TEST(ParsedFileMisreads, EvidenceFarDownTheFileDecides) {
    TempDir dir;
    const auto comma = parse(dir, "late_comma.csv", late_evidence_file("2,5"));
    EXPECT_EQ(comma.info.decimal_mark, ',');
    EXPECT_EQ(comma.info.thousands, ".");
    const auto& weights = comma.table.find("Gewicht")->values;
    ASSERT_EQ(weights.size(), 6001u);
    EXPECT_EQ(weights[0], 1100.0);
    EXPECT_EQ(weights.back(), 2.5);

    const auto point = parse(dir, "late_point.csv", late_evidence_file("2.5"));
    EXPECT_EQ(point.info.decimal_mark, '.');
    EXPECT_EQ(point.table.find("Gewicht")->values[0], 1.1);
}

TEST(ParsedFileMisreads, AmbiguousColumnIsAskedForOrListed) {
    TempDir dir;
    const std::string text = "Zeit;Gewicht [kg];Menge\n"
                             "2026-01-14 06:00;1.234;12\n"
                             "2026-01-14 06:15;2.500;13\n";
    try {
        parse(dir, "amb.csv", text);
        ADD_FAILURE() << "an ambiguous column was read without asking";
    } catch (const UsageError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("amb.csv:2:2:"), std::string::npos) << message;
        EXPECT_NE(message.find("'Gewicht'"), std::string::npos) << message;
        EXPECT_NE(message.find("'1.234' is 1.234"), std::string::npos) << message;
        EXPECT_NE(message.find("or 1234 with '.' grouping"), std::string::npos) << message;
        EXPECT_NE(message.find("--decimal"), std::string::npos) << message;
    }
    ParseOptions preview;
    preview.allow_ambiguous_numbers = true;
    const auto listed = parse(dir, "amb.csv", text, preview);
    ASSERT_EQ(listed.ambiguous_numbers.size(), 1u);
    EXPECT_EQ(listed.ambiguous_numbers[0].column, "Gewicht");
    EXPECT_EQ(listed.ambiguous_numbers[0].position, 1u);
    EXPECT_EQ(listed.ambiguous_numbers[0].line, 2);
    EXPECT_EQ(listed.table.find("Gewicht")->values[1], 2.5);  // read with '.' until told

    ParseOptions told;
    told.overrides.decimal_mark = ',';
    const auto with_comma = parse(dir, "amb.csv", text, told);
    EXPECT_TRUE(with_comma.ambiguous_numbers.empty());
    EXPECT_EQ(with_comma.table.find("Gewicht")->values[1], 2500.0);
    EXPECT_EQ(with_comma.info.given, "--decimal ','");
}

TEST(ParsedFileMisreads, HeaderWiderThanTheRowsKeepsTheFirstRow) {
    TempDir dir;
    const auto file = parse(dir, "wide.csv",
                            "Zeit,Temperatur,Status,Bemerkung\n"
                            "2026-01-14 06:00,180.5,RUN\n"
                            "2026-01-14 06:15,181.5,RUN,Probe\n"
                            "2026-01-14 06:30,182.5,RUN\n"
                            "2026-01-14 06:45,183.5,RUN\n");
    EXPECT_EQ(file.info.header_line, 1);
    EXPECT_TRUE(file.info.rows_drop_trailing_fields);
    ASSERT_EQ(file.table.row_count(), 4u);
    EXPECT_EQ(file.table.find("Temperatur")->values[0], 180.5);
    const auto* remark = file.table.find("Bemerkung");
    ASSERT_NE(remark, nullptr);
    EXPECT_TRUE(remark->is_missing(0));
    EXPECT_EQ(remark->label(1), "Probe");
    EXPECT_TRUE(file.skipped.empty());
}

TEST(ParsedFileMisreads, ShortRowUnderAHeaderOfTheRowsWidthIsStillRejected) {
    TempDir dir;
    std::string text = "Zeit,Temperatur,Status\n";
    for (int i = 0; i < 10; ++i) text += "2026-01-14 06:" + std::to_string(10 + i) + ",180.5,RUN\n";
    text += "2026-01-14 07:00,180.5\n";  // a damaged line among full rows
    const auto file = parse(dir, "short.csv", text);
    EXPECT_FALSE(file.info.rows_drop_trailing_fields);
    ASSERT_EQ(file.rejected.size(), 1u);
    EXPECT_EQ(file.rejected[0].line, 12);
}

TEST(ParsedFileMisreads, PreambleIsKeptAndADataRowThereIsAnError) {
    TempDir dir;
    const auto file = parse(dir, "pre.csv",
                            "Export Linie 2\n"
                            "Intervall: 15 min\n"
                            "Zeit;Temperatur\n"
                            "2026-01-14 06:00;180,5\n"
                            "2026-01-14 06:15;181,5\n");
    EXPECT_EQ(file.info.header_line, 3);
    ASSERT_EQ(file.skipped.size(), 2u);
    EXPECT_EQ(file.skipped[0].line, 1);
    EXPECT_EQ(file.skipped[0].raw, "Export Linie 2");
    EXPECT_EQ(file.skipped[1].raw, "Intervall: 15 min");

    const std::string row_above = "Export\n"
                                  "2026-01-14 05:45;179,5\n"
                                  "---\n"
                                  "Zeit;Temperatur\n"
                                  "2026-01-14 06:00;180,5\n"
                                  "2026-01-14 06:15;181,5\n";
    try {
        parse(dir, "above.csv", row_above);
        ADD_FAILURE() << "a data row before the header was skipped";
    } catch (const BadInputError& e) {
        EXPECT_EQ(e.where().line, 2);
        EXPECT_NE(e.reason().find("--header-line"), std::string::npos) << e.what();
    }
    // The engineer says where the header is: the lines above are theirs to skip.
    ParseOptions told;
    told.overrides.header_line = 4;
    const auto file2 = parse(dir, "above.csv", row_above, told);
    EXPECT_EQ(file2.info.header_line, 4);
    EXPECT_EQ(file2.table.row_count(), 2u);
    EXPECT_EQ(file2.skipped.size(), 3u);
    // ...or that there is none.
    ParseOptions none;
    none.overrides.header_line = 0;
    const auto headless = parse(dir, "n.csv", "180,5;1\n181,5;2\n", none);
    EXPECT_FALSE(headless.info.has_header);
    EXPECT_EQ(headless.table.row_count(), 2u);
}

TEST(ParsedFileMisreads, NamedEncodingAndDelimiter) {
    TempDir dir;
    // "מצב" (state) and "פעיל" (active) in cp1255, ':' between the fields.
    const std::string bytes = "\xEE\xF6\xE1:T\r\n\xF4\xF2\xE9\xEC:1.5\r\n\xF4\xF2\xE9\xEC:2.5\r\n";
    ParseOptions options;
    options.overrides.encoding = "windows-1255";
    options.overrides.delimiter = ':';
    const auto file = parse(dir, "he.csv", bytes, options);
    EXPECT_EQ(file.info.encoding, "windows-1255");
    EXPECT_EQ(file.info.delimiter, ':');
    ASSERT_NE(file.table.find("מצב"), nullptr);
    EXPECT_EQ(file.table.find("מצב")->label(0), "פעיל");
    EXPECT_EQ(file.table.find("T")->values[1], 2.5);

    ParseOptions utf8;
    utf8.overrides.encoding = "UTF-8";
    try {
        parse(dir, "bad.csv", "a;b\n1;2\n3;\xFF\n", utf8);
        ADD_FAILURE() << "invalid UTF-8 accepted";
    } catch (const BadInputError& e) {
        EXPECT_EQ(e.where().line, 3);
        EXPECT_NE(e.reason().find("0xFF"), std::string::npos) << e.what();
        EXPECT_NE(e.reason().find("--encoding"), std::string::npos) << e.what();
    }
    ParseOptions unknown;
    unknown.overrides.encoding = "klingon-8";
    EXPECT_THROW(parse(dir, "u.csv", "a\n1\n", unknown), UsageError);
}

TEST(ParsedFileMisreads, LineEndsInsideQuotesAreKeptAsWritten) {
    TempDir dir;
    const auto file = parse(dir, "q.csv",
                            "t,v,c\r\n"
                            "2026-01-14 06:00,1,\"a\r\nb\"\r\n"
                            "2026-01-14 06:15,2,\"c\rd\"\r\n"
                            "2026-01-14 06:30,3,\"e\nf\"\r\n");
    const auto* c = file.table.find("c");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->label(0), "a\r\nb");
    EXPECT_EQ(c->label(1), "c\rd");
    EXPECT_EQ(c->label(2), "e\nf");
}

TEST(ParsedFileMisreads, OpenEndsKeptEmptyDatesMissingOnlyTheTimeAxisRejects) {
    TempDir dir;
    const auto file = parse(dir, "lots.csv",
                            "ab;bis;m\n"
                            "2026-01-05;9999-12-31;1\n"
                            "2026-01-12;2026-03-31;2\n"
                            "2026-01-19;1899-12-30;3\n"
                            "9999-12-31;2026-04-30;4\n");
    ASSERT_EQ(file.table.row_count(), 3u);
    ASSERT_EQ(file.rejected.size(), 1u);
    EXPECT_EQ(file.rejected[0].line, 5);
    EXPECT_NE(file.rejected[0].reason.find("open-end"), std::string::npos) << file.rejected[0].reason;
    const auto& until = file.table.find("bis")->values;
    EXPECT_EQ(until[0], 253402214400.0);  // 9999-12-31T00:00:00Z
    EXPECT_TRUE(std::isnan(until[2]));
}

}  // namespace
}  // namespace twinbench
