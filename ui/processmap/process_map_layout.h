// Where each signal of the process graph sits on the Process map: in layers from left to
// right, the way the twin is simulated. Controls and disturbances first, then every output
// one layer right of the furthest output it depends on (an upstream output such as the
// outlet air temperature of a dryer stands left of the powder moisture it feeds), and the
// engineer's KPIs last, linked to the signals their expressions read.
//
// Within a layer the nodes are ordered by the mean row of what feeds them (controls before
// disturbances, each in the graph's order), which keeps most edges short and uncrossed on
// the small graphs of a process (tens of signals).
#pragma once

#include <string>
#include <vector>

#include "sim/kpi_definition.h"
#include "sim/process_graph.h"

namespace twinbench::ui {

enum class MapNodeKind { control, disturbance, output, kpi };

struct MapNode {
    std::string name;
    MapNodeKind kind = MapNodeKind::output;
    int layer = 0;  // 0: controls and disturbances; outputs from 1; KPIs in the last layer
    int row = 0;    // position in its layer, from the top
};

// A KPI's link to a signal it reads (the graph's edges are drawn from the graph itself).
struct MapKpiLink {
    std::string signal;
    std::string kpi;
};

struct ProcessMapLayout {
    std::vector<MapNode> nodes;
    std::vector<MapKpiLink> kpi_links;
    int layer_count = 0;
    // KPIs whose expression does not compile against the graph's signals, with the reason
    // (a signal that has left the graph): drawn without links.
    std::vector<std::pair<std::string, std::string>> kpi_problems;

    const MapNode* find(const std::string& name) const;
    int rows_in(int layer) const;
};

// Throws UsageError naming a cycle (the engine's own message) when the graph has one.
ProcessMapLayout layout_process_map(const twinbench::ProcessGraph& graph,
                                    const std::vector<twinbench::KpiDefinition>& kpis);

}  // namespace twinbench::ui
