// Compiling (through kpi_expression_compiler.cpp and muparser) and evaluating a KPI, with
// the pool of parsers that makes evaluation safe from several threads.
#include "sim/kpi_expression.h"

#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>
#include <muParser.h>

#include "sim/kpi_expression_compiler.h"

namespace twinbench {

struct KpiExpression::Compiled {
    KpiDefinition definition;
    kpi_detail::Translation translation;
    // Per signal used: its aggregates and the terms they fill, for one pass per signal.
    std::vector<std::vector<KpiAggregate>> aggregates_of_signal;
    std::vector<std::vector<std::size_t>> terms_of_signal;
};

// Not in an anonymous namespace: ParserPool (a class of the header) holds Slots, and a
// member of a type with internal linkage is what -Wsubobject-linkage warns of when the
// file is compiled inside a batch of the unity build.
namespace kpi_parser {

// One compiled muparser parser with the variables it reads and scratch space for the
// aggregates; used by one thread at a time.
struct Slot {
    mu::Parser parser;
    std::vector<double> variables;  // one per term, then hours (muparser holds their addresses)
    std::vector<double> scratch;    // finite values of a signal, for its quantiles
    std::vector<double> values;     // aggregates of one signal
};

}  // namespace kpi_parser

using kpi_parser::Slot;

class KpiExpression::ParserPool {
public:
    explicit ParserPool(std::unique_ptr<Slot> first) { idle_.push_back(std::move(first)); }

    std::unique_ptr<Slot> take(const Compiled& compiled) {
        {
            const std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto slot = std::move(idle_.back());
                idle_.pop_back();
                return slot;
            }
        }
        return make_slot(compiled);  // outside the lock: other threads need not wait for it
    }

    void give_back(std::unique_ptr<Slot> slot) {
        const std::lock_guard lock(mutex_);
        idle_.push_back(std::move(slot));
    }

    // Throws mu::ParserError when muparser rejects the expression.
    static std::unique_ptr<Slot> make_slot(const Compiled& compiled) {
        auto slot = std::make_unique<Slot>();
        const auto& tr = compiled.translation;
        slot->variables.assign(tr.terms.size() + 1, 1.0);
        for (std::size_t i = 0; i < tr.terms.size(); ++i)
            slot->parser.DefineVar(kpi_detail::variable_name(i), &slot->variables[i]);
        slot->parser.DefineVar("hours", &slot->variables.back());
        // muparser's _pi has 12 digits when built by GCC (a speed trick for sin) and 25 with
        // other compilers: the full value, so a KPI gives the same number on every platform.
        slot->parser.DefineConst("_pi", std::numbers::pi);
        slot->parser.SetExpr(tr.muparser_expression);
        // The first Eval parses the text into muparser's bytecode; later ones only run it.
        slot->parser.Eval();
        return slot;
    }

    // A slot taken for the length of one call, given back on every way out.
    class Lease {
    public:
        Lease(ParserPool& pool, const Compiled& compiled)
            : pool_(pool), slot_(pool.take(compiled)) {}
        ~Lease() { pool_.give_back(std::move(slot_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Slot& operator*() const { return *slot_; }

    private:
        ParserPool& pool_;
        std::unique_ptr<Slot> slot_;
    };

private:
    std::mutex mutex_;
    std::vector<std::unique_ptr<Slot>> idle_;
};

namespace {

void fill_terms(const std::vector<std::vector<KpiAggregate>>& aggregates_of_signal,
                const std::vector<std::vector<std::size_t>>& terms_of_signal,
                std::span<const std::span<const double>> series, std::span<double> out, Slot& slot) {
    for (std::size_t s = 0; s < series.size(); ++s) {
        const auto& wanted = aggregates_of_signal[s];
        slot.values.resize(wanted.size());
        kpi_aggregates(series[s], wanted, slot.values, slot.scratch);
        for (std::size_t k = 0; k < wanted.size(); ++k) out[terms_of_signal[s][k]] = slot.values[k];
    }
}

}  // namespace

KpiExpression::KpiExpression(const KpiDefinition& definition,
                             const std::vector<std::string>& known_signals) {
    auto compiled = std::make_shared<Compiled>();
    compiled->definition = definition;
    compiled->translation = kpi_detail::translate(definition, known_signals);
    const auto& tr = compiled->translation;
    compiled->aggregates_of_signal.resize(tr.signals.size());
    compiled->terms_of_signal.resize(tr.signals.size());
    for (std::size_t i = 0; i < tr.terms.size(); ++i) {
        compiled->aggregates_of_signal[tr.terms[i].signal].push_back(tr.terms[i].aggregate);
        compiled->terms_of_signal[tr.terms[i].signal].push_back(i);
    }
    std::unique_ptr<Slot> first;
    try {
        first = ParserPool::make_slot(*compiled);
    } catch (const mu::ParserError& e) {
        kpi_detail::fail_from_muparser(definition, tr, static_cast<int>(e.GetCode()), e.GetPos(),
                                       e.GetMsg());
    }
    pool_ = std::make_shared<ParserPool>(std::move(first));
    compiled_ = std::move(compiled);
}

const KpiDefinition& KpiExpression::definition() const {
    return compiled_->definition;
}

const std::vector<std::string>& KpiExpression::signals_used() const {
    return compiled_->translation.signals;
}

const std::vector<KpiTerm>& KpiExpression::terms() const {
    return compiled_->translation.terms;
}

bool KpiExpression::uses_hours() const {
    return compiled_->translation.uses_hours;
}

std::string KpiExpression::term_text(std::size_t term) const {
    const KpiTerm& t = terms().at(term);
    return fmt::format("{}({})", kpi_aggregate_name(t.aggregate), quote_name(signals_used()[t.signal]));
}

double KpiExpression::evaluate(std::span<const std::span<const double>> series, double hours) const {
    if (series.size() != signals_used().size())
        throw std::invalid_argument(fmt::format("KPI '{}' reads {} signals, given {}", name(),
                                                signals_used().size(), series.size()));
    const ParserPool::Lease lease(*pool_, *compiled_);
    Slot& slot = *lease;
    fill_terms(compiled_->aggregates_of_signal, compiled_->terms_of_signal, series,
               std::span<double>(slot.variables).first(terms().size()), slot);
    slot.variables.back() = hours;
    return slot.parser.Eval();
}

double KpiExpression::evaluate_terms(std::span<const double> term_values, double hours) const {
    if (term_values.size() != terms().size())
        throw std::invalid_argument(fmt::format("KPI '{}' takes {} aggregates, given {}", name(),
                                                terms().size(), term_values.size()));
    const ParserPool::Lease lease(*pool_, *compiled_);
    Slot& slot = *lease;
    std::copy(term_values.begin(), term_values.end(), slot.variables.begin());
    slot.variables.back() = hours;
    return slot.parser.Eval();
}

void KpiExpression::compute_terms(std::span<const std::span<const double>> series,
                                  std::span<double> out) const {
    if (series.size() != signals_used().size() || out.size() != terms().size())
        throw std::invalid_argument(fmt::format(
            "KPI '{}' reads {} signals into {} aggregates, given {} and {}", name(),
            signals_used().size(), terms().size(), series.size(), out.size()));
    const ParserPool::Lease lease(*pool_, *compiled_);
    fill_terms(compiled_->aggregates_of_signal, compiled_->terms_of_signal, series, out, *lease);
}

std::string KpiExpression::explain_non_finite(std::span<const double> term_values, double hours,
                                              double result) const {
    if (std::isfinite(result)) return {};
    auto list = [&](auto&& pick, const char* what) {
        std::string out;
        for (std::size_t i = 0; i < term_values.size() && i < terms().size(); ++i)
            if (pick(term_values[i])) out += (out.empty() ? "" : ", ") + term_text(i);
        return out.empty() ? out : out + what;
    };
    if (auto none = list([](double v) { return std::isnan(v); }, " has no value over the horizon");
        !none.empty())
        return none;
    if (uses_hours() && !(std::isfinite(hours) && hours > 0.0))
        return fmt::format("the horizon's length (hours) is {}", hours);
    if (auto inf = list([](double v) { return std::isinf(v); }, " is infinite"); !inf.empty())
        return inf;
    if (auto zero = list([](double v) { return v == 0.0; }, " is 0 (a division by zero?)");
        !zero.empty())
        return zero;
    return "the arithmetic has no finite value for these aggregates (the square root or "
           "logarithm of a negative number, 0/0, an overflow)";
}

}  // namespace twinbench
