// Units in the expression fields (issue 15, fault 4): the tiles show shares in percent, so
// an optimiser constraint, the map's "wash out where", a KPI expression and a condition
// read "3%" as the engineer means it; what is not understood names what is known.
// `scrap_rate <= 3%` used to be "'3%' is not a number".
#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/typed_number.h"
#include "data/condition.h"
#include "opt/optimizer.h"
#include "sim/kpi_expression.h"
#include "sim/scenario.h"

namespace twinbench {
namespace {

std::string usage_error(const std::string& constraint, bool furnace = true) {
    try {
        parse_constraint(constraint, furnace);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "no error";
}

TEST(ExpressionUnits, TypedNumbersKeepTheirUnit) {
    EXPECT_DOUBLE_EQ(parse_typed_number("3%")->as_fraction(), 0.03);
    EXPECT_DOUBLE_EQ(parse_typed_number(" 2.5 % ")->as_fraction(), 0.025);
    EXPECT_EQ(parse_typed_number("0.26 kWh/part")->unit, "kWh/part");
    EXPECT_EQ(parse_typed_number("180 \xC2\xB0" "C")->unit, "\xC2\xB0" "C");
    EXPECT_DOUBLE_EQ(parse_typed_number("-1e-3")->value, -0.001);
    EXPECT_FALSE(parse_typed_number("three"));
    EXPECT_FALSE(parse_typed_number("nan"));
    EXPECT_FALSE(parse_typed_number("0x10"));
    EXPECT_FALSE(parse_typed_number("3 % 4"));
    EXPECT_FALSE(parse_typed_number("+-3"));
    EXPECT_DOUBLE_EQ(parse_typed_number("+.5 %")->as_fraction(), 0.005);
}

TEST(ExpressionUnits, ConstraintOnAShareTakesPercentOrAFraction) {
    const KpiConstraint percent = parse_constraint("scrap_rate <= 3%");
    EXPECT_EQ(percent.kpi, "scrap_rate");
    EXPECT_TRUE(percent.at_most);
    EXPECT_DOUBLE_EQ(percent.value, 0.03);
    EXPECT_DOUBLE_EQ(parse_constraint("scrap_rate<=0.03").value, 0.03);
    EXPECT_DOUBLE_EQ(parse_constraint("availability >= 92.5 %").value, 0.925);
    const KpiConstraint chance = parse_constraint("P(scrap_rate>2%)<=5%");
    EXPECT_DOUBLE_EQ(chance.value, 0.02);
    EXPECT_DOUBLE_EQ(*chance.probability, 0.05);
    // A KPI with a unit takes it after the number.
    EXPECT_DOUBLE_EQ(parse_constraint("energy_kwh_per_part <= 0.26 kWh/part").value, 0.26);
    // Any process: '%' divides by 100, the name is the caller's to check.
    EXPECT_DOUBLE_EQ(parse_constraint("\"Parts scrapped\" <= 2%", false).value, 0.02);
}

TEST(ExpressionUnits, ConstraintErrorsSayWhatIsMeantAndNameTheKpis) {
    // A share above 1 without '%' is refused with both readings.
    const std::string three = usage_error("scrap_rate <= 3");
    EXPECT_NE(three.find("write 3% for 3 percent (or 0.03 as a fraction)"), std::string::npos) << three;
    const std::string word = usage_error("scrap_rate <= lots");
    EXPECT_NE(word.find("'lots' is not a number"), std::string::npos) << word;
    EXPECT_NE(word.find("KPIs: throughput_per_h, scrap_rate"), std::string::npos) << word;
    const std::string unit = usage_error("energy_kwh_per_part <= 0.26 kWh");
    EXPECT_NE(unit.find("is in kWh/part, not kWh"), std::string::npos) << unit;
    const std::string name = usage_error("scrap <= 3%");
    EXPECT_NE(name.find("'scrap' is not a KPI (KPIs: throughput_per_h"), std::string::npos) << name;
}

TEST(ExpressionUnits, KpiExpressionReadsPercent) {
    const std::vector<std::string> signals = {"Scrap", "Produced"};
    const KpiExpression kpi({"over", "mean(Scrap) / mean(Produced) - 3 %"}, signals);
    const std::vector<double> scrap = {1.0, 3.0}, produced = {50.0, 50.0};
    std::vector<std::span<const double>> series;
    for (const auto& s : kpi.signals_used()) series.emplace_back(s == "Scrap" ? scrap : produced);
    EXPECT_NEAR(kpi.evaluate(series, 1.0), 0.04 - 0.03, 1e-12);
}

Table humidity_table() {
    Table t;
    Column h;
    h.name = h.header = "Humidity";
    h.unit = "%";
    h.role = Role::humidity;
    h.values = {50.0, 75.0, 80.0};
    t.columns.push_back(h);
    Column f;
    f.name = f.header = "Furnace temperature";
    f.unit = "\xC2\xB0" "C";
    f.role = Role::furnace_temp;
    f.values = {180.0, 190.0, 200.0};
    t.columns.push_back(f);
    return t;
}

std::string condition_error(const Table& t, const std::string& rule) {
    try {
        evaluate_condition(t, rule, {});
    } catch (const UsageError& e) {
        return e.what();
    }
    return "no error";
}

TEST(ExpressionUnits, ConditionTakesTheColumnsUnitAndNamesWhatItKnows) {
    const Table t = humidity_table();
    const auto rows = evaluate_condition(t, "humidity > 70 %", {});
    EXPECT_EQ(rows.count(), 2u);
    const std::string wrong = condition_error(t, "Furnace temperature > 185 %");
    EXPECT_NE(wrong.find("'%' is not the unit of column 'Furnace temperature'"), std::string::npos) << wrong;
    EXPECT_NE(wrong.find("its values are in \xC2\xB0" "C"), std::string::npos) << wrong;
    // Nothing close to the name typed: the names known are listed.
    const std::string unknown = condition_error(t, "pressure > 3");
    EXPECT_NE(unknown.find("the names it knows are 'Humidity', "), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("'Furnace temperature'"), std::string::npos) << unknown;
}

std::string limit_error(const std::string& text, const LimitSeriesUnits& units = furnace_limit_unit) {
    try {
        parse_limit_argument(text, units);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "no error";
}

TEST(ExpressionUnits, LimitTakesTheSeriesUnitAndAShareInPercent) {
    // The furnace template: scrap_rate is a share kept as a fraction, wear is in percent.
    EXPECT_DOUBLE_EQ(*parse_limit_argument("scrap_rate<=3%").max, 0.03);
    EXPECT_DOUBLE_EQ(*parse_limit_argument("scrap_rate <= 0.03").max, 0.03);
    EXPECT_DOUBLE_EQ(*parse_limit_argument("wear<=80 %").max, 80.0);
    EXPECT_DOUBLE_EQ(*parse_limit_argument("furnace_temp<=210 \xC2\xB0" "C").max, 210.0);
    EXPECT_DOUBLE_EQ(*parse_limit_argument("core_temp>=160").min, 160.0);
    const std::string share = limit_error("scrap_rate<=3");
    EXPECT_NE(share.find("write 3% for 3 percent"), std::string::npos) << share;
    const std::string percent_on_temperature = limit_error("furnace_temp<=210%");
    EXPECT_NE(percent_on_temperature.find("furnace_temp is in \xC2\xB0" "C, not a share"), std::string::npos)
        << percent_on_temperature;
    const std::string kelvin = limit_error("core_temp>=433 K");
    EXPECT_NE(kelvin.find("core_temp is in \xC2\xB0" "C, not in K"), std::string::npos) << kelvin;
    EXPECT_NE(limit_error("core_temp>=hot").find("'hot' is not a number"), std::string::npos);

    // Any process: the graph says each output's unit; a 0/1 output's rate is a share.
    const LimitSeriesUnits graph = [](const std::string& series) -> std::optional<LimitSeriesUnit> {
        if (series == "NOX") return LimitSeriesUnit{"mg/m3", false};
        if (series == "off_spec") return LimitSeriesUnit{"", true};
        if (series == "index") return LimitSeriesUnit{"", false};  // a column without a unit
        return std::nullopt;
    };
    EXPECT_DOUBLE_EQ(*parse_limit_argument("NOX<=80 mg/m3", graph).max, 80.0);
    EXPECT_DOUBLE_EQ(*parse_limit_argument("off_spec<=2.5%", graph).max, 0.025);
    EXPECT_NE(limit_error("NOX<=80%", graph).find("NOX is in mg/m3"), std::string::npos);
    EXPECT_NE(limit_error("off_spec<=2 kg", graph).find("off_spec is a share"), std::string::npos);
    // A series whose unit nobody knows: '%' divides by 100, as in the optimiser's constraints.
    EXPECT_DOUBLE_EQ(*parse_limit_argument("yield>=95%", graph).min, 0.95);
    // A column without a unit: nothing to check a typed unit against.
    EXPECT_DOUBLE_EQ(*parse_limit_argument("index<=4 points", graph).max, 4.0);
}

}  // namespace
}  // namespace twinbench
