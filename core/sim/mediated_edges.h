// Direct edges an upstream output takes the place of. The proposed graph puts every
// declared input on every output; once an output is chained on an upstream output (the
// off-spec bags on the powder moisture), an input that drives both may act on the output
// only through the upstream one (the inlet air temperature dries the powder, and the
// moisture decides the bag). Kept beside the upstream output, such an input shares its
// information: the fit spreads the moisture's effect over inputs that carry it only in
// part, and a what-if that moves the moisture through another path (the humidity, the
// feed's solids) comes out too weak. The data decide: an input whose direct edge the
// likelihood does not need, given the upstream output and the other inputs, loses it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/signal_frame.h"
#include "sim/process_graph.h"

namespace twinbench {

struct MediatedEdge {
    std::string from;
    // 2 (log L with the direct edge - log L without), given the output's other inputs.
    double likelihood_ratio = 0.0;
};

// An output chained on an upstream output, and the direct edges the upstream takes the
// place of: starting from all the output's numeric inputs and the upstream, the direct
// edges of the inputs that also drive the upstream (input -> upstream -> output) are
// dropped, weakest first, while the weakest one's likelihood ratio stays below `critical`
// (10.83: the edge does not matter at p < 0.001, one degree of freedom). The likelihood is
// the logistic one for a 0/1 or count output, the Gaussian one of least squares for a
// continuous one, on the output's measured rows where all its numeric inputs and the
// upstream are present; the upstream as it stands in the history (a sparse one's
// continuous estimate). The graph is not changed.
//
// Only meaningful for an upstream with information of its own (measured, or estimated
// with its measurements fused in): one that is nothing but a function of the inputs would
// stand in for any of them. So nothing is dropped unless the upstream adds to all the
// inputs (upstream_ratio at least `critical`).
struct MediatedChain {
    // 2 (log L with the upstream - log L without), beside all the output's inputs.
    double upstream_ratio = 0.0;
    std::vector<MediatedEdge> dropped;  // in the order they went
    std::size_t rows = 0;
};

MediatedChain mediated_chain(const SignalFrame& history, const ProcessGraph& graph, const std::string& upstream,
                             const std::string& output, double critical = 10.83);

// "takes the place of the direct edges from 'a' (likelihood ratio 0.4) and 'b' (2.1)"; ""
// when none was dropped. For the chained edge's evidence.
std::string mediated_edges_evidence(const std::vector<MediatedEdge>& dropped);

}  // namespace twinbench
