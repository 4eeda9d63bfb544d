// The process graph and the engineer's KPI definitions of a dataset, kept in the project
// file (a document per dataset in project_meta, see docs/FILE_FORMAT.md). Everything
// else reaches them through these functions, never through SQL.
#pragma once

#include <optional>
#include <vector>

#include "data/project.h"
#include "sim/process_graph.h"

namespace twinbench {

// nullopt when the dataset has no stored graph. Throws ProjectError naming the project
// when the stored graph is damaged.
std::optional<ProcessGraph> load_graph(const Project& project, const DatasetInfo& dataset);
void save_graph(Project& project, const DatasetInfo& dataset, const ProcessGraph& graph);

}  // namespace twinbench
