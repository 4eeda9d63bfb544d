#include <gtest/gtest.h>

#include <cmath>

#include "report/chart_layout.h"
#include "report/svg_chart_writer.h"

namespace twinbench::report {
namespace {

Chart two_series_chart() {
    Chart c;
    c.title = "Furnace <temperature> & \"setpoint\"";
    c.x = {"Time", "", true, "Europe/Berlin"};
    c.y = {"Temperature",
           "\xC2\xB0"
           "C",
           false, ""};
    ChartSeries t{"furnace", SeriesKind::line, {}, {}, {}, 0};
    ChartSeries band{"P10-P90", SeriesKind::band, {}, {}, {}, 1};
    const double start = 1772319600.0;  // 2026-03-01 00:00 CET
    for (int i = 0; i < 7 * 24; ++i) {
        const double x = start + 3600.0 * i;
        t.x.push_back(x);
        t.y.push_back(i == 50 ? NAN : 180.0 + 5.0 * std::sin(i / 10.0));
        band.x.push_back(x);
        band.y.push_back(170.0);
        band.y_high.push_back(190.0);
    }
    c.series = {t, band};
    c.lines.push_back(
        {"limit 200 \xC2\xB0"
         "C",
         200.0, false, true});
    return c;
}

TEST(ChartLayout, NumericTicksAreRoundAndCoverTheRange) {
    const ChartAxis axis{"Speed", "m/min", false, ""};
    const auto ticks = axis_ticks(axis, 0.93, 4.12);
    ASSERT_GE(ticks.size(), 4u);
    ASSERT_LE(ticks.size(), 8u);
    EXPECT_DOUBLE_EQ(ticks.front().value, 1.0);
    EXPECT_EQ(ticks.front().label, "1.0");
    EXPECT_DOUBLE_EQ(ticks.back().value, 4.0);
    for (std::size_t i = 1; i < ticks.size(); ++i)
        EXPECT_NEAR(ticks[i].value - ticks[i - 1].value, 0.5, 1e-12);
}

TEST(ChartLayout, TimeTicksFallOnLocalMidnight) {
    const ChartAxis axis{"Time", "", true, "Europe/Berlin"};
    // 2026-03-01 00:00 CET (UTC+1) .. one week later
    const double start = 1772319600.0;
    const auto ticks = axis_ticks(axis, start, start + 7 * 86400.0);
    ASSERT_GE(ticks.size(), 3u);
    for (const auto& t : ticks) {
        const auto local_s = static_cast<long long>(t.value) + 3600;  // CET, before the DST change
        EXPECT_EQ(local_s % 86400, 0) << t.label;
    }
    EXPECT_EQ(ticks.front().label, "Mar 01");
}

TEST(ChartLayout, SceneHasTheSeriesTheLimitAndABreakAtMissingValues) {
    const auto scene = layout_chart(two_series_chart(), 640, 300);
    int polygons = 0, long_lines = 0, limit_lines = 0;
    for (const auto& s : scene.shapes) {
        if (std::holds_alternative<PolygonShape>(s)) ++polygons;
        if (const auto* l = std::get_if<PolylineShape>(&s)) {
            if (l->points.size() > 20) ++long_lines;
            const auto c = limit_color();
            if (l->dashed && l->color.r == c.r && l->color.g == c.g) ++limit_lines;
            for (const auto& p : l->points) {
                EXPECT_GE(p.x, 0.0);
                EXPECT_LE(p.x, 640.0);
                EXPECT_GE(p.y, 0.0);
                EXPECT_LE(p.y, 300.0);
            }
        }
    }
    EXPECT_EQ(polygons, 1);
    EXPECT_EQ(long_lines, 2);  // the NaN at hour 50 splits the line in two
    EXPECT_EQ(limit_lines, 1);
}

TEST(SvgChartWriter, EscapesTextAndHasNoReferences) {
    const auto svg = chart_svg(two_series_chart());
    EXPECT_NE(svg.find("Furnace &lt;temperature&gt; &amp; &quot;setpoint&quot;"),
              std::string::npos);
    EXPECT_EQ(svg.find("<temperature>"), std::string::npos);
    EXPECT_EQ(svg.find("http"), std::string::npos);
    EXPECT_EQ(svg.find("href"), std::string::npos);
    EXPECT_NE(svg.find("<polygon"), std::string::npos);
    EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
}

TEST(SvgChartWriter, XmlEscapeRemovesControlCharacters) {
    EXPECT_EQ(xml_escape("a\x01"
                         "b<'&>"),
              "a\xEF\xBF\xBD"
              "b&lt;&#39;&amp;&gt;");
}

}  // namespace
}  // namespace twinbench::report
