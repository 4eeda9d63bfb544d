#include "sim/kpi_set.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace twinbench {

KpiSet::KpiSet(const std::vector<KpiDefinition>& definitions,
               const std::vector<std::string>& known_signals) {
    for (const auto& d : definitions) {
        if (find(d.name) >= 0)
            throw UsageError(fmt::format("the KPI '{}' is defined twice; give each KPI its own name", d.name));
        kpis_.emplace_back(d, known_signals);
        const KpiExpression& kpi = kpis_.back();
        std::vector<std::size_t> slots;
        for (const KpiTerm& term : kpi.terms()) {
            const std::string& signal = kpi.signals_used()[term.signal];
            auto it = std::find(signals_.begin(), signals_.end(), signal);
            if (it == signals_.end()) {
                signals_.push_back(signal);
                per_signal_.emplace_back();
                it = signals_.end() - 1;
            }
            SignalAggregates& mine = per_signal_[static_cast<std::size_t>(it - signals_.begin())];
            const auto known = std::find(mine.aggregates.begin(), mine.aggregates.end(), term.aggregate);
            if (known != mine.aggregates.end()) {
                slots.push_back(mine.value_slots[static_cast<std::size_t>(known - mine.aggregates.begin())]);
            } else {
                mine.aggregates.push_back(term.aggregate);
                mine.value_slots.push_back(slot_count_);
                slots.push_back(slot_count_++);
            }
        }
        slots_of_kpi_.push_back(std::move(slots));
    }
}

int KpiSet::find(const std::string& name) const {
    for (std::size_t i = 0; i < kpis_.size(); ++i)
        if (kpis_[i].name() == name) return static_cast<int>(i);
    return -1;
}

void KpiSet::evaluate(std::span<const std::span<const double>> series, double hours,
                      std::span<double> values) const {
    if (series.size() != signals_.size() || values.size() != kpis_.size())
        throw std::invalid_argument(fmt::format("KpiSet: {} signals and {} KPIs, given {} and {}",
                                                signals_.size(), kpis_.size(), series.size(),
                                                values.size()));
    // Local buffers keep this safe from several threads; their allocation is small next to
    // the quantiles' selection over the horizon's rows.
    std::vector<double> shared(slot_count_);
    std::vector<double> scratch;
    std::vector<double> of_signal;
    for (std::size_t s = 0; s < signals_.size(); ++s) {
        const SignalAggregates& mine = per_signal_[s];
        of_signal.resize(mine.aggregates.size());
        kpi_aggregates(series[s], mine.aggregates, of_signal, scratch);
        for (std::size_t k = 0; k < of_signal.size(); ++k) shared[mine.value_slots[k]] = of_signal[k];
    }
    std::vector<double> terms;
    for (std::size_t i = 0; i < kpis_.size(); ++i) {
        terms.clear();
        for (std::size_t slot : slots_of_kpi_[i]) terms.push_back(shared[slot]);
        values[i] = kpis_[i].evaluate_terms(terms, hours);
    }
}

}  // namespace twinbench
