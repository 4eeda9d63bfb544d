// All the engineer's KPIs of a simulation together: every aggregate that several KPIs share
// (p90(NOX) in two of them, mean(Powder) in three) is computed once per evaluation. The
// what-if session evaluates this once per simulated horizon (per Monte Carlo run, per
// optimiser step) instead of each KPI on its own.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/kpi_expression.h"

namespace twinbench {

class KpiSet {
public:
    // Compiles every definition against known_signals; throws the first KpiExpressionError,
    // or UsageError when two KPIs have the same name.
    KpiSet(const std::vector<KpiDefinition>& definitions, const std::vector<std::string>& known_signals);

    const std::vector<KpiExpression>& kpis() const { return kpis_; }
    // The signals any KPI reads, each once, in the order of first use.
    const std::vector<std::string>& signals_used() const { return signals_; }
    // Index of the KPI called name, -1 when there is none.
    int find(const std::string& name) const;

    // values[i] is kpis()[i] over the horizon; series[j] holds the rows of signals_used()[j].
    // Const and safe from several threads at once. Throws std::invalid_argument when series
    // or values do not have the sizes above.
    void evaluate(std::span<const std::span<const double>> series, double hours,
                  std::span<double> values) const;

private:
    struct SignalAggregates {
        std::vector<KpiAggregate> aggregates;
        // Where each lands in the shared list of values (not "slots": a Qt keyword).
        std::vector<std::size_t> value_slots;
    };
    std::vector<KpiExpression> kpis_;
    std::vector<std::string> signals_;
    std::vector<SignalAggregates> per_signal_;            // one per signals_ entry
    std::size_t slot_count_ = 0;                          // distinct (signal, aggregate) pairs
    std::vector<std::vector<std::size_t>> slots_of_kpi_;  // kpis_[i].terms()[k] -> slot
};

}  // namespace twinbench
