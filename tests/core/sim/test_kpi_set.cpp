// Several KPIs evaluated together: the same numbers as each KPI on its own, shared
// aggregates computed once, names unique, the first broken KPI reported.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "sim/kpi_set.h"

namespace twinbench {
namespace {

const std::vector<std::string> signals = {"NOX", "CO", "Gas energy", "Powder"};

TEST(KpiSet, SameValuesAsEachKpiAloneWithSharedAggregatesOnce) {
    const std::vector<KpiDefinition> defs = {
        {"nox_spread", "p90(NOX) - p10(NOX)"},
        {"gas_per_powder_h", R"(sum("Gas energy") / (mean(Powder) * hours))"},
        {"nox_high", "p90(NOX) / mean(Powder)"}};
    const KpiSet set(defs, signals);
    EXPECT_EQ(set.signals_used(), (std::vector<std::string>{"NOX", "Gas energy", "Powder"}));
    EXPECT_EQ(set.find("nox_high"), 2);
    EXPECT_EQ(set.find("CO"), -1);

    const std::vector<double> nox = {12.5, 3.0, 7.0, std::numeric_limits<double>::quiet_NaN(), 1.0, 20.0, 8.0};
    const std::vector<double> gas = {10.0, 20.0, 30.0};
    const std::vector<double> powder = {2.0, 4.0};
    const std::vector<std::span<const double>> series = {nox, gas, powder};
    std::vector<double> values(3);
    set.evaluate(series, 5.0, values);
    // By hand: p10 = 2, p90 = 16.25 (type 7 over 1, 3, 7, 8, 12.5, 20); 60 / (3 * 5) = 4.
    EXPECT_DOUBLE_EQ(values[0], 14.25);
    EXPECT_DOUBLE_EQ(values[1], 4.0);
    EXPECT_DOUBLE_EQ(values[2], 16.25 / 3.0);
    for (std::size_t i = 0; i < defs.size(); ++i) {
        const KpiExpression& kpi = set.kpis()[i];
        std::vector<std::span<const double>> own;
        for (const auto& name : kpi.signals_used())
            own.push_back(series[static_cast<std::size_t>(
                std::find(set.signals_used().begin(), set.signals_used().end(), name) -
                set.signals_used().begin())]);
        EXPECT_DOUBLE_EQ(kpi.evaluate(own, 5.0), values[i]) << defs[i].name;
    }

    // From two threads at once.
    std::vector<double> a(3), b(3);
    std::thread ta([&] { for (int k = 0; k < 200; ++k) set.evaluate(series, 5.0, a); });
    std::thread tb([&] { for (int k = 0; k < 200; ++k) set.evaluate(series, 5.0, b); });
    ta.join();
    tb.join();
    EXPECT_EQ(a, values);
    EXPECT_EQ(b, values);
    EXPECT_THROW(set.evaluate(series, 5.0, std::span<double>(values).first(2)), std::invalid_argument);
}

TEST(KpiSet, RepeatedNameAndBrokenKpiAreUsageErrors) {
    try {
        KpiSet({{"a", "mean(NOX)"}, {"a", "mean(CO)"}}, signals);
        FAIL() << "no error";
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(), "the KPI 'a' is defined twice; give each KPI its own name");
    }
    try {
        KpiSet({{"a", "mean(NOX)"}, {"b", "mean(NOXX)"}}, signals);
        FAIL() << "no error";
    } catch (const KpiExpressionError& e) {
        EXPECT_EQ(e.kpi(), "b");
        EXPECT_EQ(e.position(), 6U);
        EXPECT_EQ(e.hint(), "did you mean mean(NOX)?");
    }
    EXPECT_TRUE(KpiSet({}, signals).kpis().empty());
}

}  // namespace
}  // namespace twinbench
