// Applies a scenario's changes of process-graph controls (Control::signal) to a horizon
// frame (graph_window.h): NAME=VALUE, +DELTA, +P% on a numeric control, over the whole
// horizon or a daily window of local plant time; NAME=LEVEL on a categorical one.
#pragma once

#include <vector>

#include "models/signal_frame.h"
#include "sim/graph_window.h"
#include "sim/process_graph.h"
#include "sim/scenario.h"

namespace twinbench {

// Throws UsageError (exit 2) for a name that is not a control of the graph ("'flux' is
// not a control; the controls are ..."), a level the control never had, or a number on
// a categorical control.
void apply_graph_scenario(const Scenario& scenario, const ProcessGraph& graph, SignalFrame& frame);

// UsageError unless every Control::signal change names a control of the graph; furnace
// controls (speed, setpoint, ...) are checked by name against `furnace_controls`.
void check_scenario_controls(const Scenario& scenario, const ProcessGraph& graph,
                             const std::vector<std::string>& furnace_controls);

}  // namespace twinbench
