#include "sim/mediated_edges.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "models/output_likelihood.h"

namespace twinbench {

MediatedChain mediated_chain(const SignalFrame& history, const ProcessGraph& graph, const std::string& upstream,
                             const std::string& output, double critical) {
    MediatedChain chain;
    const GraphSignal* out = graph.find(output);
    if (out == nullptr || out->type != ColumnType::numeric || history.find(upstream) == nullptr) return chain;
    // The output's numeric inputs (its count's total is the number of trials, no input),
    // which of them act through the upstream output as well, and the upstream last.
    std::vector<std::string> inputs;
    std::vector<bool> mediated;
    for (const auto& input : graph.inputs_of(output)) {
        const GraphSignal* s = graph.find(input);
        if (input == upstream || s == nullptr || s->type != ColumnType::numeric || input == out->total ||
            history.find(input) == nullptr)
            continue;
        inputs.push_back(input);
        mediated.push_back(s->kind != SignalKind::output && graph.has_edge(input, upstream));
    }
    inputs.push_back(upstream);
    mediated.push_back(false);
    const OutputLikelihood likelihood(history, output, out->output_kind, out->total, inputs);
    chain.rows = likelihood.rows();
    if (chain.rows < inputs.size() + 20) return chain;

    std::vector<Eigen::Index> kept(inputs.size());
    for (std::size_t j = 0; j < kept.size(); ++j) kept[j] = static_cast<Eigen::Index>(j);
    const std::vector<Eigen::Index> without_upstream(kept.begin(), kept.end() - 1);
    const double inputs_only = likelihood.log_likelihood(without_upstream);
    double with_all = likelihood.log_likelihood(kept);
    if (!std::isfinite(inputs_only) || !std::isfinite(with_all)) return chain;
    chain.upstream_ratio = std::max(0.0, 2.0 * (with_all - inputs_only));
    // An upstream that adds nothing of its own beside the inputs could stand in for any of them.
    if (!(chain.upstream_ratio >= critical)) return chain;
    for (;;) {
        std::size_t weakest = kept.size();
        double weakest_ratio = std::numeric_limits<double>::infinity(), weakest_log_l = 0.0;
        for (std::size_t i = 0; i < kept.size(); ++i) {
            if (!mediated[static_cast<std::size_t>(kept[i])]) continue;
            auto without = kept;
            without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
            const double log_l = likelihood.log_likelihood(without);
            if (!std::isfinite(log_l)) continue;
            const double ratio = std::max(0.0, 2.0 * (with_all - log_l));
            if (ratio < weakest_ratio) {
                weakest = i;
                weakest_ratio = ratio;
                weakest_log_l = log_l;
            }
        }
        if (weakest == kept.size() || !(weakest_ratio < critical)) break;
        chain.dropped.push_back({inputs[static_cast<std::size_t>(kept[weakest])], weakest_ratio});
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(weakest));
        with_all = weakest_log_l;
    }
    return chain;
}

std::string mediated_edges_evidence(const std::vector<MediatedEdge>& dropped) {
    if (dropped.empty()) return "";
    std::string list;
    for (std::size_t i = 0; i < dropped.size(); ++i) {
        if (i > 0) list += i + 1 == dropped.size() ? " and " : ", ";
        list += i == 0 ? fmt::format("'{}' (likelihood ratio {:.1f})", dropped[i].from, dropped[i].likelihood_ratio)
                       : fmt::format("'{}' ({:.1f})", dropped[i].from, dropped[i].likelihood_ratio);
    }
    return fmt::format("; it takes the place of the direct edge{} from {}, which the data do not need beside it "
                       "(p > 0.001)",
                       dropped.size() == 1 ? "" : "s", list);
}

}  // namespace twinbench
