// `twinbench-cli fit` for any process: the furnace template's models where its roles are
// mapped (core/models/model_fitting.h), and a model per output of the process graph
// that the template does not cover, each from the inputs its edges give it, fitted in
// the graph's order so that a sparse upstream output (a lab value) feeds its continuous
// estimate to the outputs below it. Stored together in the project, replacing the
// dataset's previous models in one transaction.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/project.h"
#include "data/table.h"
#include "models/model_fitting.h"
#include "models/output_model.h"
#include "models/signal_frame.h"
#include "sim/graph_twin.h"
#include "sim/process_graph.h"

namespace twinbench {

struct TwinFitResult {
    std::optional<FitAllResult> furnace;  // the template's models (none mapped: nullopt)
    std::string furnace_skipped;          // why the template fitted nothing
    ProcessGraph graph;
    std::vector<std::string> graph_notes;  // proposed now, or how it followed the roles
    GraphTwin twin;                        // the generic output models
    std::vector<SkippedModel> skipped;     // outputs that could not be modelled, and why
    std::set<std::string> template_outputs;  // outputs the furnace template simulates

    // PRODUCT.md `fit` JSON: "models" with the template's keys and "outputs", plus
    // "skipped", "transport_delays", "graph".
    nlohmann::json to_json() const;
};

// Whether the furnace template can simulate the line: its simulator needs the furnace
// dynamics (temperature) and the throughput and maintenance law (throughput).
bool furnace_template_simulates_line(const FitAllResult& furnace);

// The outputs whose roles the furnace template simulates with its own physics, given
// which of its models were fitted (read through its typed models: none when they cannot
// be read together).
std::set<std::string> furnace_template_outputs(const Table& table, const FitAllResult& furnace);

// Fits the graph's outputs that are not in `skip` (history: the table's frame of the
// graph's signals; it gets the continuous estimates of sparse outputs written in). An
// output that cannot be modelled is listed in `skipped` with what to map.
// propose_chains: a sparse output, once estimated continuously, is offered as an input
// to the outputs fitted after it (chain_gain of at least 20 %), an edge added to `graph`
// (not in a graph the engineer has edited: that one is not changed behind their back).
GraphTwin fit_graph_outputs(SignalFrame& history, ProcessGraph& graph, const std::set<std::string>& skip,
                            bool propose_chains, std::vector<SkippedModel>& skipped);

// The latest part of a table: its last `hours` of time (data with a time axis) or its last
// `rows` rows (per-item data), for a refit on a recent window when the trust verdict says
// the process has drifted. Throws UsageError when that leaves too little.
Table recent_rows(const Table& table, double hours, std::size_t rows);

// The whole fit of a dataset. Throws ModelError (exit 4) listing every reason when no
// model at all could be fitted.
TwinFitResult fit_twin(const Table& table, const DatasetInfo& dataset, const std::optional<ProcessGraph>& stored_graph);

// The dataset's process graph as `fit` would take it now: the stored graph following
// the roles, or (none stored, or propose_anew) the proposal from the roles and the data,
// with the furnace template's chain for the outputs its stored models cover.
ProcessGraph dataset_graph(const Project& project, const DatasetInfo& dataset, const Table& table, bool propose_anew,
                           std::vector<std::string>& notes);

// The key a process-graph output's model is stored under: this prefix and the output's name
// ("output:NOX"); the furnace template's models keep their own keys ("temperature", ...).
inline constexpr std::string_view graph_output_model_prefix = "output:";

// Replaces the dataset's stored models (template and outputs) and graph, in one transaction.
void store_twin_fit(Project& project, const DatasetInfo& dataset, const TwinFitResult& fit);

// The twin of the stored output models, in the graph's simulation order (no models: an
// empty twin). Throws ProjectError naming a damaged model.
GraphTwin load_graph_twin(const Project& project, const DatasetInfo& dataset, const ProcessGraph& graph);

}  // namespace twinbench
