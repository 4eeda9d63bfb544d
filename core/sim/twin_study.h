// The twin of one dataset as the CLI, the report and the workbench open it: its data on
// the regular grid, the process graph, a model per output (stored by `fit`, or fitted
// now when the project has none), and, where the furnace roles are mapped and fitted,
// the furnace template's own study (its physics, tariff and KPIs) on top.
//
// The furnace template is not beside the graph: its outputs (furnace temperature, parts
// made, scrap, energy, core temperature) are signals of the graph, simulated by the
// template's physics, and any other output can depend on them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/project.h"
#include "data/table.h"
#include "models/signal_frame.h"
#include "sim/graph_twin.h"
#include "sim/kpi_definition.h"
#include "sim/process_graph.h"
#include "sim/study.h"

namespace twinbench {

struct TwinStudy {
    DatasetInfo dataset;
    Table table;
    ProcessGraph graph;
    SignalFrame history;  // the graph's signals on the regular grid, as measured
    GraphTwin twin;       // the output models the template does not cover
    std::optional<Study> furnace;
    std::set<std::string> template_outputs;  // graph outputs the furnace template simulates
    std::vector<KpiDefinition> kpis;         // stored with the dataset
    bool fitted_now = false;                 // no stored models: fitted for this run, not stored
    std::vector<std::string> notes;

    // The furnace template's control names that --set accepts (empty without it).
    std::vector<std::string> furnace_controls() const;
};

// Throws UsageError for an unknown dataset, ModelError when nothing can be simulated
// (naming what to map), ProjectError for a damaged project.
TwinStudy open_twin_study(const Project& project, const std::string& dataset_name);

// The dataset's stored KPI definitions (none: empty); ProjectError when damaged.
std::vector<KpiDefinition> stored_kpis(const Project& project, const DatasetInfo& dataset);
void store_kpis(Project& project, const DatasetInfo& dataset, const std::vector<KpiDefinition>& kpis);

}  // namespace twinbench
