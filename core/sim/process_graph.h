// The process graph (PRODUCT.md section 4): the signals of one dataset with their role
// in the twin, and the edges "this input drives that output". The twin is built from it:
// every output gets a model of the inputs its edges name, and the outputs are simulated
// in topological order, so an output upstream of another (the outlet air temperature of
// a dryer before the powder moisture) is simulated first and feeds it.
//
// In the terms of FMI (the Functional Mock-up Interface, STYLE.md): controls and
// disturbances are inputs (controls tunable by the engineer, disturbances replayed from
// the data), outputs are outputs; the fitted terms are the model's parameters. Keeping
// the graph in those terms keeps a later export of the fitted twin a serialisation.
//
// Edges are proposed from the data (graph_proposal.h) and edited by the engineer; an edit
// that would close a cycle is refused with the cycle named, since a cycle has no order to
// simulate in.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/roles.h"
#include "models/output_model.h"

namespace twinbench {

struct GraphSignal {
    std::string name;  // column name as `import` lists it (unit split off)
    std::string unit;
    Role role = Role::none;  // as mapped: a generic role or a furnace role
    SignalKind kind = SignalKind::none;
    ColumnType type = ColumnType::numeric;
    // Measured on a minority of the rows (a lab check, an analyser every 15 minutes):
    // fitted where measured, estimated continuously in between.
    bool sparse = false;
    // Outputs: continuous, 0/1, or a count out of `total` (scrap out of parts made).
    OutputKind output_kind = OutputKind::continuous;
    std::string total;
};

enum class EdgeOrigin { proposed, engineer, furnace_template };

struct GraphEdge {
    std::string from, to;
    EdgeOrigin origin = EdgeOrigin::proposed;
    // Dead time from the pre-whitened cross-correlation (minutes; NaN when not estimated)
    // and why the edge is there, in words ("cross-correlation 0.31 at 4 min, band 0.05").
    double delay_min = std::numeric_limits<double>::quiet_NaN();
    std::string evidence;
};

class ProcessGraph {
  public:
    const std::vector<GraphSignal>& signals() const { return signals_; }
    const std::vector<GraphEdge>& edges() const { return edges_; }

    const GraphSignal* find(std::string_view name) const;
    // Adds or replaces a signal (by name).
    void set_signal(GraphSignal signal);

    std::vector<std::string> names_of(SignalKind kind) const;
    std::vector<std::string> controls() const { return names_of(SignalKind::control); }
    std::vector<std::string> disturbances() const { return names_of(SignalKind::disturbance); }
    std::vector<std::string> outputs() const { return names_of(SignalKind::output); }
    // The signals with an edge into `output`, in the order the edges were added.
    std::vector<std::string> inputs_of(std::string_view output) const;
    bool has_edge(std::string_view from, std::string_view to) const;

    // Throws UsageError (exit 2) naming the problem: an unknown signal, an edge into a
    // control or disturbance (nothing drives those in the twin), a self-loop, or a cycle
    // ("a -> b -> a"): the graph is left as it was.
    void add_edge(GraphEdge edge);
    // Throws UsageError when there is no such edge.
    void remove_edge(std::string_view from, std::string_view to);
    // Drops the edges that touch a signal and the signal itself (a role set to none).
    void remove_signal(std::string_view name);

    // The outputs, each after every output it depends on. Throws UsageError naming a
    // cycle (only possible in a hand-edited stored graph: edits refuse cycles).
    std::vector<std::string> simulation_order() const;

    // Whether the engineer has edited the edges: a proposed graph may gain proposals (a
    // chained output found at fit time), an edited one is not changed behind their back.
    bool edited() const { return edited_; }
    void mark_edited() { edited_ = true; }

    nlohmann::json to_json() const;
    // Throws BadInputError (source named, line 0) when a key is missing or wrong.
    static ProcessGraph from_json(const nlohmann::json& json, const std::string& source);

  private:
    // The cycle that an edge from -> to would close ("to -> ... -> from -> to"), if any.
    std::optional<std::vector<std::string>> cycle_through(std::string_view from,
                                                          std::string_view to) const;

    std::vector<GraphSignal> signals_;
    std::vector<GraphEdge> edges_;
    bool edited_ = false;
};

std::string_view edge_origin_name(EdgeOrigin origin);

}  // namespace twinbench
