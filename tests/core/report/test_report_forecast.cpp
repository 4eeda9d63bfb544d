// The forecast "if nothing changes" is in every report (issue 15): for the furnace sample
// plant without a stored scenario, and for a process that is not a furnace (the spray
// dryer), with each output's figure equal to the what-if session's and the trust verdict
// beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "../sim/generated_process.h"
#include "report/graph_forecast.h"
#include "report_fixture.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

using report::Chart;
using report::DataTable;
using report::Paragraph;

const DataTable* table_captioned(const report::Section& s, const std::string& caption) {
    for (const auto* t : test::blocks_of<DataTable>(s))
        if (t->caption == caption) return t;
    return nullptr;
}

std::size_t column(const DataTable& t, const std::string& header) {
    const auto it = std::find(t.header.begin(), t.header.end(), header);
    return static_cast<std::size_t>(it - t.header.begin());
}

TEST(ReportForecast, TheFurnacePlantWithoutScenariosStillGetsItsForecast) {
    const auto doc = test::plant_report();
    const auto& forecast = test::section(doc, "forecast");
    const DataTable* figures = table_captioned(forecast, "Key figures over the horizon");
    ASSERT_NE(figures, nullptr) << "no key figures in the forecast";
    const std::size_t p10 = column(*figures, "P10"), p90 = column(*figures, "P90"),
                      value = column(*figures, "Forecast");
    ASSERT_LT(p90, figures->header.size()) << "the forecast has no Monte Carlo band";
    bool scrap_seen = false;
    for (const auto& row : figures->rows) {
        if (row[0].text != "Scrap rate") continue;
        scrap_seen = true;
        // The headline sits inside its own band, and the band is not a point.
        ASSERT_TRUE(row[value].value && row[p10].value && row[p90].value);
        EXPECT_LT(*row[p10].value, *row[p90].value);
        EXPECT_GT(*row[value].value, 0.0);
    }
    EXPECT_TRUE(scrap_seen);
    const auto charts = test::blocks_of<Chart>(forecast);
    ASSERT_FALSE(charts.empty());
    for (const auto* c : charts) {
        EXPECT_TRUE(std::none_of(c->series.begin(), c->series.end(), [](const auto& s) { return s.name == "scenario"; }))
            << c->title << ": a forecast has no scenario line";
        EXPECT_TRUE(std::any_of(c->series.begin(), c->series.end(), [](const auto& s) {
            return s.name == "forecast" && std::any_of(s.y.begin(), s.y.end(), [](double v) { return std::isfinite(v); });
        })) << c->title << ": the forecast line has no values";
    }
    // Still no stored scenario: the scenarios chapter says so after the forecast.
    const auto& scenarios = test::section(doc, "scenarios");
    EXPECT_NE(std::get<Paragraph>(scenarios.blocks[0]).text.find("No scenario"), std::string::npos);
}

TEST(ReportForecast, AnyProcessGetsOutputsWithBandsAndTrustFromTheWhatIfSession) {
    const auto& g = test::dryer_twin(1, 14);
    report::ReportOptions options;
    options.date = "2026-12-06";
    options.study.runs = 40;
    options.study.seed = 3;
    const Project project(g.project_path, Project::Mode::read_only);
    const auto doc = report::build_report(project, "", options);
    const auto& forecast = test::section(doc, "forecast");
    const DataTable* figures = table_captioned(forecast, "Key figures over the horizon");
    ASSERT_NE(figures, nullptr);
    const std::size_t value = column(*figures, "Forecast"), trust = column(*figures, "Model trust");
    ASSERT_LT(trust, figures->header.size()) << "no trust column beside the figures";

    // The same question to the session directly: the figures must be its numbers.
    TwinWhatIfOptions session;
    session.runs = 40;
    session.seed = 3;
    const TwinWhatIfResult r = run_twin_what_if(*g.study, report::nothing_changes_scenario({}), session);
    std::size_t compared = 0;
    for (const auto& [output, mean] : r.baseline.outputs) {
        const bool rate = r.baseline.rates.count(output) > 0;
        const std::string label = output + (rate ? " (rate)" : " (mean)");
        const auto row = std::find_if(figures->rows.begin(), figures->rows.end(),
                                      [&](const auto& cells) { return cells[0].text == label; });
        ASSERT_NE(row, figures->rows.end()) << label << " missing from the forecast";
        const double expected = rate ? 100.0 * r.baseline.rates.at(output) : mean;
        ASSERT_TRUE((*row)[value].value) << label;
        EXPECT_NEAR(*(*row)[value].value, expected, 1e-3 * std::abs(expected) + 1e-9) << label;
        if (r.trust.count(output) > 0) {
            EXPECT_FALSE((*row)[trust].text.empty()) << label << " has a model but no trust shown";
        }
        ++compared;
    }
    EXPECT_GE(compared, 4u) << "the dryer has at least four modelled outputs";
    const auto charts = test::blocks_of<Chart>(forecast);
    EXPECT_GE(charts.size(), std::min<std::size_t>(compared, 6));
}

}  // namespace
}  // namespace twinbench
