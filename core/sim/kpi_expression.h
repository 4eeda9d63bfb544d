// A KPI the engineer defines, compiled once and evaluated many times (a simulation, every run
// of a Monte Carlo, every step of an optimiser). PRODUCT.md section 4:
//
//   expression := arithmetic over numbers, `hours` (the horizon's length) and aggregates
//   aggregate  := (mean | sum | min | max | p10 | p90) '(' SIGNAL ')'
//   SIGNAL     := a bare name (NOX, Température) or a name in double quotes ("Gas energy";
//                 a quote inside is doubled), matched exactly against the simulation's
//                 signal names (column names with units split off, as `import` lists them)
//
//   e.g. sum("Gas energy")/(mean(Powder)*hours), p90(NOX) - p10(NOX), max(mean(A), mean(B))
//
// The arithmetic is muparser's (Debian libmuparser-dev): + - * / ^, unary minus, parentheses,
// comparisons, `a ? b : c`, its functions (abs, sqrt, exp, ln, log10, min, max, sum, avg, ...)
// of numbers and the constants _pi and _e. min, max and sum with one signal name are
// aggregates; with several arguments they are muparser's functions of numbers. The
// aggregates are found and checked here, each replaced by a muparser variable, so muparser
// does the arithmetic and every aggregate is computed once per evaluation.
//
// Values: aggregates skip NaN rows and are NaN when a signal has no value over the horizon
// (sim/kpi_aggregates.h); the KPI is then NaN. Division by zero and the like follow IEEE 754
// (1/0 = inf, 0/0 = NaN), nothing throws: a non-finite KPI is written as JSON null, and
// explain_non_finite() says why in words.
//
// Threads: evaluation is const and safe from any number of threads at once. A muparser
// parser is not (it evaluates on a stack inside the parser object and reads its variables
// through pointers), so the expression keeps a small pool of compiled parsers: a call takes
// one (a mutex held for a pop and a push), and a thread that finds none compiles one more.
// Copies of a KpiExpression share the pool.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/kpi_aggregates.h"
#include "sim/kpi_definition.h"

namespace twinbench {

// One aggregate the expression takes: of signals_used()[signal].
struct KpiTerm {
    std::size_t signal = 0;
    KpiAggregate aggregate = KpiAggregate::mean;

    bool operator==(const KpiTerm&) const = default;
};

class KpiExpression {
public:
    // known_signals: every signal the simulation provides (outputs, controls, disturbances).
    // Throws KpiExpressionError (a UsageError, exit 2) with the 1-based character position in
    // the expression for an unknown signal (with the closest known name as "did you mean"),
    // a signal outside an aggregate, an unknown function or name, an aggregate without a
    // signal, parentheses that do not match, a stray '=' or ',', and whatever muparser
    // rejects in the arithmetic (a trailing operator, two operators, ...); also when the
    // KPI's name is a signal's name (limits and --minimize take both kinds of name).
    KpiExpression(const KpiDefinition& definition, const std::vector<std::string>& known_signals);

    const KpiDefinition& definition() const;
    const std::string& name() const { return definition().name; }

    // The signals the expression reads, each once, in the order of first use.
    const std::vector<std::string>& signals_used() const;
    // The distinct aggregates, in the order of first use; evaluate_terms takes their values.
    const std::vector<KpiTerm>& terms() const;
    // The aggregate as the engineer would write it: sum("Gas energy").
    std::string term_text(std::size_t term) const;
    bool uses_hours() const;

    // series[i] holds one value per horizon row of signals_used()[i] (NaN where a sparse
    // signal has no value); hours is the horizon's length. Throws std::invalid_argument when
    // series has not one entry per signal used.
    double evaluate(std::span<const std::span<const double>> series, double hours) const;

    // From aggregates the caller has already computed (term_values[i] of terms()[i]): the
    // fast path for a simulator that keeps running sums. Throws std::invalid_argument when
    // term_values has not one value per term.
    double evaluate_terms(std::span<const double> term_values, double hours) const;

    // The values of terms() over series (as evaluate takes them) into out (one per term).
    void compute_terms(std::span<const std::span<const double>> series, std::span<double> out) const;

    // "" when result is finite; otherwise why not, in the engineer's words: which aggregate
    // has no value, which is 0 (a division by zero?) or infinite, or the horizon's length.
    std::string explain_non_finite(std::span<const double> term_values, double hours,
                                   double result) const;

private:
    struct Compiled;
    class ParserPool;
    std::shared_ptr<const Compiled> compiled_;
    std::shared_ptr<ParserPool> pool_;
};

}  // namespace twinbench
