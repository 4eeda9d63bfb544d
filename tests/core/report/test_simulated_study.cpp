// The scenario and recommendation chapters filled from the simulation layer: a scenario
// stored in the project is simulated for the report, and its key figures are the ones
// run_what_if gives for the same scenario (the report does not recompute them).
#include <gtest/gtest.h>

#include "common/error.h"
#include "opt/optimizer.h"
#include "report/number_format.h"
#include "report/report_builder.h"
#include "report_fixture.h"
#include "sim/kpis.h"
#include "sim/replay.h"
#include "sim/scenario_store.h"
#include "sim/study.h"
#include "sim/what_if.h"

namespace twinbench::report {
namespace {

// A copy of the plant project with one stored scenario, so the shared plant stays as fitted.
struct ScenarioProject {
    test::TempDir dir;
    std::filesystem::path path = test::sample_plant_copy(dir);
    Scenario scenario;
    ScenarioProject() {
        Project project(path, Project::Mode::open_existing);
        scenario.name = "cooler <furnace>";
        scenario.note = "Save energy with a 5 degC lower setpoint";
        scenario.horizon_h = 72.0;
        scenario.changes.push_back(parse_set_argument("setpoint=-5"));
        scenario.limits.push_back(parse_limit_argument("core_temp>=160"));
        save_scenario(project, project.dataset("plant"), scenario);
    }
};

using test::plant_report;
using test::section;

TEST(SimulatedStudy, StoredScenarioKpisAreTheSimulationsOwn) {
    ScenarioProject p;
    Project project(p.path, Project::Mode::read_only);
    ReportOptions options;
    options.study.runs = 20;
    options.study.seed = 7;
    const auto doc = build_report(project, "plant", options);
    EXPECT_EQ(doc.title.question, p.scenario.note);

    const Study study = open_study(project, "plant");
    // The report's headline is the median of its Monte Carlo runs, as `simulate --runs`.
    WhatIfOptions same_runs;
    same_runs.runs = 20;
    same_runs.seed = 7;
    const auto expected =
        run_what_if(study, twinbench::stored_scenarios(project, study.dataset).front(), same_runs);
    const auto& sec = section(doc, "scenario-1");
    EXPECT_EQ(sec.title, "Scenario: cooler <furnace>");
    const DataTable* kpis = nullptr;
    const DataTable* settings = nullptr;
    std::size_t charts = 0;
    for (const auto& b : sec.blocks) {
        if (const auto* t = std::get_if<DataTable>(&b); t && t->sheet == Sheet::kpis) kpis = t;
        if (const auto* t = std::get_if<DataTable>(&b); t && t->sheet == Sheet::scenario_settings)
            settings = t;
        if (std::holds_alternative<Chart>(b)) ++charts;
    }
    ASSERT_NE(kpis, nullptr);
    ASSERT_NE(settings, nullptr);
    EXPECT_EQ(charts, 3u);
    ASSERT_EQ(kpis->rows.size(), kpi_keys.size());
    ASSERT_EQ(kpis->header.size(), 7u);  // with P10 and P90
    for (std::size_t i = 0; i < kpi_keys.size(); ++i) {
        const auto row =
            kpi_row(std::string(kpi_keys[i]), kpi_value(expected.baseline.kpis, i),
                    kpi_value(expected.result.kpis, i), NAN, NAN, study.tariff.settings().currency);
        EXPECT_EQ(kpis->rows[i][0].text, row.label);
        EXPECT_EQ(kpis->rows[i][1].text, row.unit);
        // The sample plant has every role, so every KPI is simulated.
        ASSERT_TRUE(kpis->rows[i][2].value && kpis->rows[i][3].value) << row.key;
        EXPECT_DOUBLE_EQ(*kpis->rows[i][2].value, row.baseline) << row.key;
        EXPECT_DOUBLE_EQ(*kpis->rows[i][3].value, row.scenario) << row.key;
        const auto& p10 = kpis->rows[i][5].value;
        const auto& p90 = kpis->rows[i][6].value;
        ASSERT_TRUE(p10 && p90) << row.key;
        EXPECT_LE(*p10, *p90) << row.key;
        // The headline lies inside its own band (issue 15, fault 6).
        EXPECT_LE(*p10, *kpis->rows[i][3].value) << row.key;
        EXPECT_LE(*kpis->rows[i][3].value, *p90) << row.key;
    }
    // The setpoint change is shown as given and as the absolute value it led to.
    EXPECT_EQ(settings->rows[0][0].text, "setpoint");
    EXPECT_EQ(settings->rows[0][1].text, "-5");
    EXPECT_NEAR(settings->rows[0][2].value.value(), expected.window.baseline_setpoint_degC - 5.0,
                1e-9);
}

// The KPI row for a key of the study, from a section's key-figures table.
const std::vector<Cell>& kpi_table_row(const Section& sec, const std::string& label) {
    for (const auto* t : test::blocks_of<DataTable>(sec))
        if (t->sheet == Sheet::kpis)
            for (const auto& row : t->rows)
                if (row[0].text == label) return row;
    throw std::runtime_error("no KPI row " + label + " in " + sec.title);
}

TEST(SimulatedStudy, EnergyCostIsInTheTariffsCurrency) {
    ScenarioProject p;
    {
        Project project(p.path, Project::Mode::open_existing);
        const auto dataset = project.dataset("plant");
        TariffSettings settings = stored_tariff(project, dataset).settings();
        ASSERT_NE(settings.currency, "CHF");
        settings.currency = "CHF";
        store_tariff(project, dataset, TimeOfUseTariff(settings));
    }
    ReportOptions options;
    options.study.runs = 1;
    options.study.objective = "energy_cost";
    const auto doc = plant_report(options, p.path);
    EXPECT_EQ(kpi_table_row(section(doc, "scenario-1"), "Energy cost")[1].text, "CHF");
    EXPECT_EQ(kpi_table_row(section(doc, "recommendation"), "Energy cost")[1].text, "CHF");
    // Only money takes the currency.
    EXPECT_EQ(kpi_table_row(section(doc, "scenario-1"), "Energy")[1].text, "kWh");
    // The trade-off chart's axis of the objective too.
    bool axis = false;
    for (const auto* c : test::blocks_of<Chart>(section(doc, "recommendation")))
        axis = axis || c->y.unit == "CHF";
    EXPECT_TRUE(axis);
}

TEST(SimulatedStudy, KpiRowCurrency) {
    EXPECT_EQ(kpi_row("energy_cost", 10, 12, NAN, NAN, "USD").unit, "USD");
    EXPECT_EQ(kpi_row("energy_cost", 10, 12, NAN, NAN, "").unit, "currency units");
    EXPECT_EQ(kpi_row("energy_kwh", 10, 12, NAN, NAN, "USD").unit, "kWh");
}

TEST(SimulatedStudy, UnknownScenarioNameListsTheStoredOnes) {
    ScenarioProject p;
    ReportOptions options;
    options.study.scenario_names = {"faster line"};
    try {
        plant_report(options, p.path);
        FAIL() << "expected a UsageError";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("cooler <furnace>"), std::string::npos) << e.what();
    }
}

TEST(SimulatedStudy, RecommendationWithParetoChart) {
    Project project(test::sample_plant().project_path, Project::Mode::read_only);
    ReportOptions options;
    options.study.objective = "energy_kwh_per_part";
    options.study.constraints = {"scrap_rate<=0.03"};
    const auto doc = build_report(project, "plant", options);
    const auto& rec = section(doc, "recommendation");
    bool pareto = false;
    for (const auto& b : rec.blocks)
        if (const auto* c = std::get_if<Chart>(&b))
            pareto = c->series.size() >= 3 && c->series[0].x.size() >= 2;
    EXPECT_TRUE(pareto);
    // The settings are the optimiser's.
    const Study study = open_study(project, "plant");
    const auto window =
        replay_latest_window(study.table, study.twin, 168.0, ReplayControls::median, study.tariff);
    OptimizeOptions o;
    o.objective = parse_objective("energy_kwh_per_part");
    o.constraints = {parse_constraint("scrap_rate<=0.03")};
    for (const auto& e : window.envelope) {
        if (e.control == "speed")
            std::tie(o.bounds.speed_min, o.bounds.speed_max) = std::pair{e.min, e.max};
        if (e.control == "setpoint")
            std::tie(o.bounds.setpoint_min, o.bounds.setpoint_max) = std::pair{e.min, e.max};
    }
    const auto best = optimize_controls(study.twin, window.inputs, o).best;
    for (const auto& b : rec.blocks)
        if (const auto* t = std::get_if<DataTable>(&b); t && t->sheet == Sheet::scenario_settings) {
            EXPECT_DOUBLE_EQ(t->rows[0][2].value.value(), best.speed_m_per_min);
            EXPECT_DOUBLE_EQ(t->rows[1][2].value.value(), best.setpoint_degC);
        }
}

}  // namespace
}  // namespace twinbench::report
