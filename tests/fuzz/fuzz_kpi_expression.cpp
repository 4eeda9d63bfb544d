// Fuzz target: KPI expressions as the engineer types them (--kpi 'NAME=EXPRESSION'). The
// input is parsed as a --kpi argument and, whole, as an expression over fixed signal names
// (quoted, with spaces and umlauts); what compiles is evaluated on small series with NaN rows.
// UsageError (a twinbench::Error) is the expected answer to a broken text; its position must
// lie inside the expression (or one past its end).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_common.h"
#include "sim/kpi_expression.h"

namespace {

std::size_t characters(const std::string& text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

void compile_and_evaluate(const twinbench::KpiDefinition& definition) {
    static const std::vector<std::string> signals = {"NOX", "CO", "Gas energy", "Température sortie",
                                                     "hours", "mean", "a\"b"};
    static const std::vector<double> values[] = {
        {1.0, 2.0, std::numeric_limits<double>::quiet_NaN(), 4.0},
        {0.0, 0.0, 0.0, 0.0},
        {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(), 1.0, 2.0},
        {-5.0, 1e300, -1e300, 3.0},
        {},
        {7.0, 7.0, 7.0, 7.0},
        {std::numeric_limits<double>::infinity(), 1.0, 2.0, 3.0}};
    try {
        const twinbench::KpiExpression kpi(definition, signals);
        std::vector<std::span<const double>> series;
        for (const auto& name : kpi.signals_used()) {
            std::size_t i = 0;
            while (signals[i] != name) ++i;
            series.emplace_back(values[i]);
        }
        TWINBENCH_FUZZ_CHECK(!kpi.terms().empty() || kpi.signals_used().empty());
        const double a = kpi.evaluate(series, 24.0);
        std::vector<double> terms(kpi.terms().size());
        kpi.compute_terms(series, terms);
        const double b = kpi.evaluate_terms(terms, 24.0);
        TWINBENCH_FUZZ_CHECK((std::isnan(a) && std::isnan(b)) || a == b);
        (void)kpi.explain_non_finite(terms, 24.0, a);
    } catch (const twinbench::KpiExpressionError& e) {
        TWINBENCH_FUZZ_CHECK(e.code() == twinbench::ExitCode::usage);
        TWINBENCH_FUZZ_CHECK(e.position() <= characters(definition.expression) + 1);
    } catch (const twinbench::Error&) {
        // a KPI name that cannot be one: expected
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 2048) return 0;  // KPIs are typed by hand
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        compile_and_evaluate(twinbench::parse_kpi_argument(text));
    } catch (const twinbench::Error&) {
        // not NAME=EXPRESSION: expected
    }
    compile_and_evaluate({"k", text});
    return 0;
}
