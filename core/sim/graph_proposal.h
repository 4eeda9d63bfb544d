// Proposes the process graph of a dataset from its roles and its data (issue 14 item 2);
// the engineer edits it afterwards (`twinbench-cli graph`, the Process map page).
//
// Signals: every column with a role that has a place in the twin (signal_kind): controls,
// disturbances, outputs. An output measured on fewer than 20 % of the rows is sparse; an
// output holding only 0 and 1 is binary; a non-negative whole-number output that never
// exceeds another whole-number column of larger mean is a count out of that column
// (scrap out of parts made, bags off-spec out of bags filled).
//
// Edges:
//  - every control and disturbance drives every output (PRODUCT.md section 4: each output
//    is modelled from the controls and disturbances); with a time axis each edge carries
//    the dead time of the pre-whitened cross-correlation (transport_delay.h) where that is
//    significant and distinct, and says so in its evidence;
//  - an output drives another output (chained) where the data show it: dense pairs by
//    the pre-whitened cross-correlation peaking at a positive lag (upstream leads) and
//    above the band, a sparse one (a lab value) when adding the upstream output to its
//    inputs explains at least 20 % of what they leave unexplained on the measured rows;
//    proposals are added strongest first and any that would close a cycle is skipped;
//  - a count output is driven by its total;
//  - the furnace template's outputs get the template's edges (GraphProposalOptions).
#pragma once

#include <set>
#include <utility>
#include <string>
#include <vector>

#include "data/table.h"
#include "models/signal_frame.h"
#include "sim/process_graph.h"

namespace twinbench {

struct GraphProposalOptions {
    double max_delay_min = 120.0;
    double sparse_fraction = 0.2;
    // Chained outputs: share of the unexplained variation the upstream output must explain.
    double min_chain_gain = 0.2;
    bool dead_times = true;  // estimate the inputs' dead times (costs a cross-correlation per edge)
    // Outputs the furnace template simulates with its own physics: their edges are the
    // template's causal chain (setpoint, load and ambient -> furnace temperature -> part
    // core temperature -> scrap; energy from all of them), not proposed from the data.
    std::set<std::string> template_outputs;
};

// The signals of the table's role-mapped columns (no edges).
ProcessGraph graph_signals(const Table& table, const GraphProposalOptions& options = {});

// Signals and proposed edges. history: the table on its regular grid (history_frame of
// the graph's signals).
ProcessGraph propose_graph(const Table& table, const SignalFrame& history, const GraphProposalOptions& options = {});

// Share of what an output's own (non-output) inputs leave unexplained that adding
// `upstream` explains, by least squares over the output's measured steps (a count by its
// rate), and how many steps that was. The evidence for a chained output.
std::pair<double, std::size_t> chain_gain(const SignalFrame& history, const ProcessGraph& graph,
                                          const std::string& upstream, const std::string& output);

// The stored graph brought up to date with the dataset's roles: signals follow the roles
// as they are now (kind, unit, sparse, count/binary as stored where still valid); edges
// whose ends no longer exist are dropped; an output that is new, or a control or
// disturbance that is new, gets the proposed edges. notes: what changed, in words.
ProcessGraph reconcile_graph(const ProcessGraph& stored, const ProcessGraph& proposed, std::vector<std::string>& notes);

}  // namespace twinbench
