// KPIs the engineer defines (PRODUCT.md section 4): values against numbers worked out by hand
// on small series, the names engineers write (quotes, spaces, umlauts), muparser's arithmetic
// and precedence, every error with the character it points at, NaN rows, evaluation from two
// threads at once, and the project store's JSON.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "sim/kpi_expression.h"

namespace twinbench {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> signals = {"NOX", "CO", "Gas energy", "Powder", "Température sortie",
                                          "Température", "TEY"};

// Evaluates `expression` with each signal's series given by name.
double eval(const std::string& expression,
            const std::vector<std::pair<std::string, std::vector<double>>>& data, double hours = 1.0) {
    const KpiExpression kpi({"k", expression}, signals);
    std::vector<std::span<const double>> series;
    for (const auto& name : kpi.signals_used()) {
        const auto it = std::find_if(data.begin(), data.end(), [&](const auto& d) { return d.first == name; });
        EXPECT_NE(it, data.end()) << name;
        series.emplace_back(it->second);
    }
    return kpi.evaluate(series, hours);
}

// The error a broken expression gives, or a failed expectation when it compiles.
KpiExpressionError error_of(const std::string& expression, const std::string& name = "k") {
    try {
        KpiExpression({name, expression}, signals);
    } catch (const KpiExpressionError& e) {
        EXPECT_EQ(e.code(), ExitCode::usage);
        return e;
    }
    ADD_FAILURE() << "no error for " << expression;
    return KpiExpressionError(name, expression, 0, "", "");
}

TEST(KpiExpression, AggregatesOfASmallSeriesMatchHandComputedValues) {
    const std::vector<std::pair<std::string, std::vector<double>>> d = {{"NOX", {2.0, 4.0, nan, 6.0}}};
    EXPECT_DOUBLE_EQ(eval("mean(NOX)", d), 4.0);  // (2 + 4 + 6) / 3: the NaN row is skipped
    EXPECT_DOUBLE_EQ(eval("sum(NOX)", d), 12.0);
    EXPECT_DOUBLE_EQ(eval("min(NOX)", d), 2.0);
    EXPECT_DOUBLE_EQ(eval("max(NOX)", d), 6.0);
}

TEST(KpiExpression, QuantilesAreType7) {
    // Finite values sorted: 1, 3, 7, 8, 12.5, 20 (n = 6). Type 7: h = (n - 1) p.
    // p10: h = 0.5 -> 1 + 0.5 (3 - 1) = 2;  p90: h = 4.5 -> 12.5 + 0.5 (20 - 12.5) = 16.25.
    const std::vector<std::pair<std::string, std::vector<double>>> d = {
        {"NOX", {12.5, 3.0, 7.0, nan, 1.0, 20.0, 8.0}}};
    EXPECT_DOUBLE_EQ(eval("p10(NOX)", d), 2.0);
    EXPECT_DOUBLE_EQ(eval("p90(NOX)", d), 16.25);
    EXPECT_DOUBLE_EQ(eval("p90(NOX) - p10(NOX)", d), 14.25);
    // Only one of them asked for gives the same number as both together.
    EXPECT_DOUBLE_EQ(kpi_aggregate(KpiAggregate::p90, d[0].second), 16.25);
    EXPECT_DOUBLE_EQ(kpi_aggregate(KpiAggregate::p10, d[0].second), 2.0);
}

TEST(KpiExpression, ProductSpecExampleWithQuotedNamesAndHours) {
    // sum = 60, mean = (2 + 4) / 2 = 3, hours = 5: 60 / (3 * 5) = 4.
    const std::vector<std::pair<std::string, std::vector<double>>> d = {
        {"Gas energy", {10.0, 20.0, 30.0}}, {"Powder", {2.0, 4.0, nan}}};
    EXPECT_DOUBLE_EQ(eval(R"(sum("Gas energy")/(mean("Powder")*hours))", d, 5.0), 4.0);
    EXPECT_DOUBLE_EQ(eval(R"(sum("Gas energy")/(mean(Powder)*hours))", d, 5.0), 4.0);
    EXPECT_DOUBLE_EQ(eval("hours", d, 168.0), 168.0);
}

TEST(KpiExpression, UmlautsInQuotedAndBareNames) {
    const std::vector<std::pair<std::string, std::vector<double>>> d = {
        {"Température sortie", {80.0, 90.0}}, {"Température", {1.0, 3.0}}};
    EXPECT_DOUBLE_EQ(eval(R"(mean("Température sortie") - mean(Température))", d), 83.0);
    const KpiExpression kpi({"k", R"(max("Température sortie")/min(Température))"}, signals);
    EXPECT_EQ(kpi.signals_used(), (std::vector<std::string>{"Température sortie", "Température"}));
    EXPECT_EQ(kpi.term_text(0), R"(max("Température sortie"))");
    EXPECT_EQ(kpi.term_text(1), "min(Température)");
}

TEST(KpiExpression, OperatorPrecedenceIsArithmetics) {
    const std::vector<std::pair<std::string, std::vector<double>>> d = {{"NOX", {3.0}}, {"CO", {2.0}}};
    EXPECT_DOUBLE_EQ(eval("1 + mean(NOX) * mean(CO)", d), 7.0);
    EXPECT_DOUBLE_EQ(eval("(1 + mean(NOX)) * mean(CO)", d), 8.0);
    EXPECT_DOUBLE_EQ(eval("mean(CO) ^ mean(NOX) ^ 2", d), 512.0);  // 2^(3^2), right to left
    EXPECT_DOUBLE_EQ(eval("-mean(NOX) ^ 2", d), -9.0);              // -(3^2)
    EXPECT_DOUBLE_EQ(eval("10 - mean(NOX) - mean(CO)", d), 5.0);    // left to right
    EXPECT_DOUBLE_EQ(eval("12 / mean(NOX) / mean(CO)", d), 2.0);
    EXPECT_DOUBLE_EQ(eval("mean(NOX) * -mean(CO)", d), -6.0);
    EXPECT_DOUBLE_EQ(eval("1.5e1 + .5", d), 15.5);
    EXPECT_DOUBLE_EQ(eval("mean(NOX) > 2 ? 1 : 0", d), 1.0);
    EXPECT_DOUBLE_EQ(eval("sqrt(abs(-mean(NOX) * 3))", d), 3.0);
    // The full pi on every platform (muparser's own _pi has 12 digits when built by GCC).
    EXPECT_DOUBLE_EQ(eval("2 * _pi", d), 6.283185307179586);
    EXPECT_DOUBLE_EQ(eval("ln(_e)", d), 1.0);
}

TEST(KpiExpression, MinMaxSumOfSeveralNumbersAreMuparsersFunctions) {
    const std::vector<std::pair<std::string, std::vector<double>>> d = {{"NOX", {3.0, 5.0}},
                                                                        {"CO", {10.0, 30.0}}};
    EXPECT_DOUBLE_EQ(eval("max(mean(NOX), mean(CO))", d), 20.0);
    EXPECT_DOUBLE_EQ(eval("min(mean(NOX), 1, max(NOX))", d), 1.0);
    EXPECT_DOUBLE_EQ(eval("sum(2, 3) + sum(NOX)", d), 13.0);
}

TEST(KpiExpression, EachAggregateIsComputedOnceAndSignalsInOrderOfFirstUse) {
    const KpiExpression kpi({"k", "mean(CO)/mean(NOX) + mean(CO) - p90(NOX) + hours"}, signals);
    EXPECT_EQ(kpi.signals_used(), (std::vector<std::string>{"CO", "NOX"}));
    ASSERT_EQ(kpi.terms().size(), 3U);
    EXPECT_EQ(kpi.terms()[0], (KpiTerm{0, KpiAggregate::mean}));
    EXPECT_EQ(kpi.terms()[1], (KpiTerm{1, KpiAggregate::mean}));
    EXPECT_EQ(kpi.terms()[2], (KpiTerm{1, KpiAggregate::p90}));
    EXPECT_TRUE(kpi.uses_hours());
    EXPECT_FALSE(KpiExpression({"k", "mean(CO)"}, signals).uses_hours());

    // Precomputed aggregates give what the series give.
    const std::vector<double> co = {4.0, 8.0};
    const std::vector<double> nox = {1.0, 2.0, 3.0};
    const std::vector<std::span<const double>> series = {co, nox};
    std::vector<double> terms(3);
    kpi.compute_terms(series, terms);
    EXPECT_DOUBLE_EQ(terms[0], 6.0);
    EXPECT_DOUBLE_EQ(terms[1], 2.0);
    EXPECT_DOUBLE_EQ(terms[2], 2.8);  // p90 of 1, 2, 3: h = 1.8 -> 2 + 0.8 (3 - 2)
    const double expected = 6.0 / 2.0 + 6.0 - 2.8 + 10.0;
    EXPECT_DOUBLE_EQ(kpi.evaluate(series, 10.0), expected);
    EXPECT_DOUBLE_EQ(kpi.evaluate_terms(terms, 10.0), expected);
    EXPECT_THROW(kpi.evaluate_terms(std::vector<double>{1.0}, 1.0), std::invalid_argument);
    EXPECT_THROW(kpi.evaluate(std::vector<std::span<const double>>{co}, 1.0), std::invalid_argument);
}

TEST(KpiExpression, NaNRowsAreSkippedAndAnEmptySignalGivesNaN) {
    const std::vector<std::pair<std::string, std::vector<double>>> sparse = {
        {"NOX", {nan, nan, 40.0, nan, 60.0}}};  // an analyser every few rows
    EXPECT_DOUBLE_EQ(eval("mean(NOX)", sparse), 50.0);
    EXPECT_DOUBLE_EQ(eval("p10(NOX)", sparse), 42.0);

    const KpiExpression kpi({"k", "sum(NOX) / mean(CO)"}, signals);
    const std::vector<double> none = {nan, nan};
    const std::vector<double> empty;
    const std::vector<double> co = {1.0, 3.0};
    for (const auto* nox : {&none, &empty}) {
        const std::vector<std::span<const double>> series = {*nox, co};
        const double v = kpi.evaluate(series, 1.0);
        EXPECT_TRUE(std::isnan(v));
        std::vector<double> terms(2);
        kpi.compute_terms(series, terms);
        EXPECT_EQ(kpi.explain_non_finite(terms, 1.0, v), "sum(NOX) has no value over the horizon");
    }
    for (auto a : {KpiAggregate::mean, KpiAggregate::sum, KpiAggregate::min, KpiAggregate::max,
                   KpiAggregate::p10, KpiAggregate::p90})
        EXPECT_TRUE(std::isnan(kpi_aggregate(a, none))) << kpi_aggregate_name(a);
}

TEST(KpiExpression, DivisionByZeroIsInfiniteAndExplained) {
    const KpiExpression kpi({"k", "sum(NOX) / mean(CO)"}, signals);
    const std::vector<double> nox = {1.0, 2.0};
    const std::vector<double> co = {-1.0, 1.0};
    const std::vector<std::span<const double>> series = {nox, co};
    const double v = kpi.evaluate(series, 1.0);
    EXPECT_TRUE(std::isinf(v));
    EXPECT_EQ(kpi.explain_non_finite(std::vector<double>{3.0, 0.0}, 1.0, v),
              "mean(CO) is 0 (a division by zero?)");
    EXPECT_EQ(kpi.explain_non_finite(std::vector<double>{3.0, 1.5}, 1.0, 2.0), "");

    const KpiExpression per_hour({"k", "sum(NOX) / hours"}, signals);
    const std::vector<std::span<const double>> one = {nox};
    const double w = per_hour.evaluate(one, 0.0);
    EXPECT_TRUE(std::isinf(w));
    EXPECT_EQ(per_hour.explain_non_finite(std::vector<double>{3.0}, 0.0, w),
              "the horizon's length (hours) is 0");
}

TEST(KpiExpression, EvaluatesFromTwoThreadsAtOnce) {
    const KpiExpression kpi({"k", R"(sum("Gas energy") / (mean(Powder) * hours) + p90(NOX))"}, signals);
    const KpiExpression copy = kpi;  // copies share the compiled parsers
    constexpr int runs = 400;
    auto series_of = [](int run) {
        std::vector<std::vector<double>> s(3, std::vector<double>(500));
        for (int i = 0; i < 500; ++i) {
            s[0][i] = 1.0 + (i * 7 + run) % 13;
            s[1][i] = 2.0 + (i * 3 + run) % 5;
            s[2][i] = (i + run) % 17 == 0 ? nan : 30.0 + (i * 11 + run) % 29;
        }
        return s;
    };
    auto evaluate_all = [&](const KpiExpression& k, std::vector<double>& out) {
        for (int r = 0; r < runs; ++r) {
            const auto s = series_of(r);
            const std::vector<std::span<const double>> spans = {s[0], s[1], s[2]};
            out[r] = k.evaluate(spans, 24.0 + r % 3);
        }
    };
    std::vector<double> alone(runs);
    evaluate_all(kpi, alone);
    std::vector<double> a(runs), b(runs);
    std::thread ta([&] { evaluate_all(kpi, a); });
    std::thread tb([&] { evaluate_all(copy, b); });
    ta.join();
    tb.join();
    EXPECT_EQ(a, alone);
    EXPECT_EQ(b, alone);
    // And they are the numbers: run 0 by hand from the same series.
    const auto s = series_of(0);
    double sum = 0.0, mean = 0.0;
    for (double v : s[0]) sum += v;
    for (double v : s[1]) mean += v / 500.0;
    EXPECT_NEAR(alone[0], sum / (mean * 24.0) + kpi_aggregate(KpiAggregate::p90, s[2]), 1e-9);
}

// --- errors ---------------------------------------------------------------------------

TEST(KpiExpressionErrors, UnknownSignalPointsAtItAndSuggests) {
    const auto e = error_of(R"(sum("Gas enrgy")/hours)", "gas_per_h");
    EXPECT_EQ(e.position(), 5U);
    EXPECT_EQ(e.reason(), R"(unknown signal "Gas enrgy")");
    EXPECT_EQ(e.hint(), R"(did you mean sum("Gas energy")?)");
    EXPECT_STREQ(e.what(), R"(KPI 'gas_per_h', expression 'sum("Gas enrgy")/hours': unknown signal )"
                           R"("Gas enrgy" at character 5; did you mean sum("Gas energy")?)");
    const auto far = error_of("mean(Throughput)");
    EXPECT_EQ(far.position(), 6U);
    EXPECT_NE(far.hint().find("the signals are NOX, CO, \"Gas energy\""), std::string::npos) << far.hint();
}

TEST(KpiExpressionErrors, PositionsCountCharactersNotBytes) {
    const auto e = error_of(R"(mean("Température") + foo)");
    EXPECT_EQ(e.position(), 23U);  // 22 characters before 'foo', 23 bytes (é is two)
    EXPECT_EQ(e.reason(), "unknown name 'foo'");
}

TEST(KpiExpressionErrors, UnknownAggregateOrFunction) {
    auto e = error_of("2 * avrg(NOX)");
    EXPECT_EQ(e.position(), 5U);
    EXPECT_EQ(e.reason(), "unknown function 'avrg'");
    EXPECT_EQ(e.hint(), "the aggregates are mean, sum, min, max, p10 and p90");
    e = error_of("p95(NOX)");
    EXPECT_EQ(e.position(), 1U);
    EXPECT_EQ(e.hint(), "did you mean p90?");
    e = error_of("mean + 1");
    EXPECT_EQ(e.reason(), "'mean' needs a signal in parentheses");
}

TEST(KpiExpressionErrors, AggregateWithoutOrWithMoreThanASignal) {
    auto e = error_of("1 + mean()");
    EXPECT_EQ(e.position(), 10U);
    EXPECT_EQ(e.reason(), "mean() needs a signal");
    e = error_of("p90(NOX + 1)");
    EXPECT_EQ(e.position(), 9U);
    EXPECT_EQ(e.reason(), "p90() takes one signal; expected ')' after NOX");
    e = error_of("mean(Gas energy)");  // spaces without quotes
    EXPECT_EQ(e.position(), 6U);
    EXPECT_EQ(e.hint(), R"(write mean("Gas energy"))");
    e = error_of("NOX * 2");
    EXPECT_EQ(e.position(), 1U);
    EXPECT_EQ(e.reason(), "signal NOX needs an aggregate");
    e = error_of(R"(2 * "Gas energy")");
    EXPECT_EQ(e.position(), 5U);
    EXPECT_EQ(e.reason(), R"(signal "Gas energy" needs an aggregate)");
}

TEST(KpiExpressionErrors, UnbalancedParentheses) {
    auto e = error_of("(mean(NOX) + 1");
    EXPECT_EQ(e.position(), 1U);
    EXPECT_EQ(e.reason(), "'(' is not closed");
    e = error_of("mean(NOX)) * 2");
    EXPECT_EQ(e.position(), 10U);
    EXPECT_EQ(e.reason(), "')' has no matching '('");
    e = error_of("mean(NOX");
    EXPECT_EQ(e.position(), 9U);
    EXPECT_NE(std::string(e.what()).find("(end of the expression)"), std::string::npos);
}

TEST(KpiExpressionErrors, ArithmeticErrorsFromMuparserPointIntoTheUsersText) {
    auto e = error_of("mean(NOX) +");
    EXPECT_EQ(e.position(), 12U);  // the end
    EXPECT_EQ(e.reason(), "the expression ends too early");
    EXPECT_NE(std::string(e.what()).find("at character 12 (end of the expression)"), std::string::npos);
    e = error_of(R"(sum("Gas energy") ** 2)");
    EXPECT_EQ(e.position(), 20U);
    EXPECT_EQ(e.reason(), "unexpected operator '*'");
    e = error_of("mean(NOX) mean(CO)");
    EXPECT_EQ(e.position(), 11U);
    EXPECT_EQ(e.reason(), "unexpected 'mean(CO)'");
    e = error_of("2 hours");
    EXPECT_EQ(e.position(), 3U);
    e = error_of("mean(NOX) > 1 ? 2");
    EXPECT_EQ(e.reason(), "'?' without its ':'");
    e = error_of("atan2(mean(NOX))");
    EXPECT_EQ(e.reason(), "too few arguments for this function");
}

TEST(KpiExpressionErrors, StrayCharactersAndEquals) {
    auto e = error_of("mean(NOX) = 2");
    EXPECT_EQ(e.position(), 11U);
    e = error_of("1,5 * mean(NOX)");
    EXPECT_EQ(e.position(), 2U);
    EXPECT_EQ(e.hint(), "numbers take a decimal point: 1.5");
    e = error_of("mean('NOX')");
    EXPECT_EQ(e.position(), 6U);
    EXPECT_EQ(e.reason(), "unexpected character '''");
    e = error_of("mean(NOX) # 2");
    EXPECT_EQ(e.position(), 11U);
    EXPECT_EQ(e.reason(), "unexpected character '#'");
    e = error_of("mean(NOX) × 2");  // non-ASCII characters belong to names (Température)
    EXPECT_EQ(e.position(), 11U);
    EXPECT_EQ(e.reason(), "unknown name '×'");
    e = error_of(R"(mean("NOX)");
    EXPECT_EQ(e.position(), 6U);
    e = error_of("   ");
    EXPECT_EQ(e.position(), 0U);
    EXPECT_EQ(e.reason(), "the expression is empty");
    e = error_of("mean(NOX)", "NOX");  // a KPI named like a signal
    EXPECT_EQ(e.position(), 0U);
}

// --- the --kpi argument and the stored list ---------------------------------------------

TEST(KpiDefinition, ParsesNameEqualsExpression) {
    auto d = parse_kpi_argument(R"(gas_per_t = sum("Gas energy")/(mean(Powder)*hours))");
    EXPECT_EQ(d.name, "gas_per_t");
    EXPECT_EQ(d.expression, R"(sum("Gas energy")/(mean(Powder)*hours))");
    d = parse_kpi_argument(R"("Gas per ""tonne""" =p90(NOX) == 2)");
    EXPECT_EQ(d.name, R"(Gas per "tonne")");
    EXPECT_EQ(d.expression, "p90(NOX) == 2");
    EXPECT_EQ(parse_kpi_argument(format_kpi_argument(d)), d);
    d = parse_kpi_argument("Durchsatz_ä=mean(TEY)");
    EXPECT_EQ(d.name, "Durchsatz_ä");
    EXPECT_EQ(format_kpi_argument(d), "Durchsatz_ä=mean(TEY)");
}

TEST(KpiDefinition, RejectsBrokenArgumentsNamingThem) {
    auto message = [](const std::string& text) -> std::string {
        try {
            parse_kpi_argument(text);
        } catch (const UsageError& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(message("nox="), "--kpi 'nox=': the expression after '=' is empty; write --kpi "
                               "'NAME=EXPRESSION', e.g. --kpi 'nox_p90=p90(NOX)'");
    EXPECT_NE(message("nox").find("no '='"), std::string::npos);
    EXPECT_NE(message("=mean(NOX)").find("the KPI name is empty"), std::string::npos);
    EXPECT_EQ(message("gas/t=sum(NOX)"),
              R"(--kpi 'gas/t=sum(NOX)': '/' at character 4 cannot be part of a KPI name without )"
              R"(quotes; write the name in double quotes: "gas/t"=...)");
    EXPECT_NE(message("gas per t=sum(NOX)").find("' ' at character 4"), std::string::npos);
    EXPECT_NE(message("3x=sum(NOX)").find("starts with a digit"), std::string::npos);
    EXPECT_NE(message(R"("open=sum(NOX))").find("is not closed"), std::string::npos);
    EXPECT_NE(message(R"("a" b=sum(NOX))").find("expected '=' after the quoted name at character 5"),
              std::string::npos);
    EXPECT_NE(message(R"("  "=sum(NOX))").find("the KPI name is empty"), std::string::npos);
}

TEST(KpiDefinition, JsonRoundTripAndStoredListErrors) {
    const std::vector<KpiDefinition> defs = {{"gas_per_t", R"(sum("Gas energy")/hours)"},
                                             {"NOx spread", "p90(NOX) - p10(NOX)"}};
    const nlohmann::json j = kpi_definitions_to_json(defs);
    EXPECT_EQ(j.dump(), R"([{"expression":"sum(\"Gas energy\")/hours","name":"gas_per_t"},)"
                        R"x({"expression":"p90(NOX) - p10(NOX)","name":"NOx spread"}])x");
    EXPECT_EQ(kpi_definitions_from_json(j), defs);
    EXPECT_EQ(kpi_definitions_from_json(nlohmann::json::parse(j.dump())), defs);
    for (const char* bad : {R"({"name":"a"})", R"([{"name":"a"}])", R"([{"name":1,"expression":"1"}])",
                            R"([{"name":"a","expression":""}])", R"([{"name":" a","expression":"1"}])",
                            R"([{"name":"a","expression":"1"},{"name":"a","expression":"2"}])"})
        EXPECT_THROW(kpi_definitions_from_json(nlohmann::json::parse(bad)), ProjectError) << bad;
}

}  // namespace
}  // namespace twinbench
