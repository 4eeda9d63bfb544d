// The twin's best response to a training session's faults (issue 16, training mode: "the
// reactions and their consequences against the twin's best response").
//
// From the first fault on, with the faults as the trainer injected them (a process fault
// acts on the plant; a stuck or drifting reading is an instrument fault and changes nothing
// the process does), the constant settings of the controls that the any-process optimiser
// (opt/graph_optimizer.h, the path the live recommendation takes) finds best for the
// objective, each within its envelope (the data's range over the whole history, the
// optimiser's default bounds). Every setting it tries is simulated by the training plant
// (TrainingPlant::process_with_settings), the code path that gives the debrief's `played`
// and `held`, so the four outcomes are comparable.
//
// The objective is the session's (TrainingObjective, `train --objective`) or else the twin's
// own measure of undoing the faults: the KPI `distance_from_fault_free`, each output's mean
// from the first fault on against the fault-free run's, in units of the output's standard
// deviation over the history, summed, minimised. (Minimising the first output, the live
// recommendation's default, made the dryer's "best" drop the inlet to its minimum and spoil
// five times the bags.) Only where no output has a spread or a fault-free mean does it fall
// back to that default. A control frozen or tripped at
// the first fault does not respond and is not the optimiser's to set; the furnace
// template's own KPIs (energy per part, ...) are no figures of the graph optimiser and
// cannot be the objective (the outputs the template simulates can).
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "live/training_plant.h"
#include "opt/optimizer.h"
#include "sim/kpi_definition.h"
#include "sim/twin_what_if.h"

namespace twinbench {

struct TrainingObjective {
    std::string objective;  // an output, "rate(COUNT)" or a KPI; "" = distance_from_fault_free
    bool maximize = false;
    std::vector<KpiConstraint> constraints;  // no chance constraints (the plant is one run)
};

struct BestResponse {
    bool found = false;
    std::string objective;
    bool maximize = false;
    std::string objective_source;  // "the session's objective", "the twin's default: ..."
    // The KPI made for the default objective (distance_from_fault_free); the debrief scores
    // played, held and fault-free by it too.
    std::optional<KpiDefinition> objective_kpi;
    bool constraints_met = true;
    // Per control the optimiser set: its setting from the first fault on, the setting the
    // trainee held at the fault, the envelope searched (min, max) and its unit.
    std::map<std::string, double> settings, held_settings;
    std::map<std::string, std::pair<double, double>> envelope;
    std::map<std::string, std::string> units;
    std::vector<std::string> fixed_controls;  // frozen or tripped at the first fault
    double objective_value = std::numeric_limits<double>::quiet_NaN();
    int evaluations = 0;
    std::string note;  // why there is no best response, or what limits it
    GraphOutcome outcome;  // the process as the best response plays it, from the first fault on
};

// The frame's steps from `first` on.
SignalFrame frame_from_step(const SignalFrame& frame, std::size_t first);

// An output's mean, "rate(COUNT)" or a KPI of an outcome; NaN when it has none.
double outcome_figure(const GraphOutcome& outcome, const std::string& name);

// The best response from from_s (the first fault; the session's start without faults) to
// the session's end. Never throws for what the twin cannot do: `found` false and `note`
// saying why (no output model, an unknown objective, no control left to set).
BestResponse find_best_response(const TrainingPlant& plant, const TrainingObjective& objective,
                                double from_s);

}  // namespace twinbench
