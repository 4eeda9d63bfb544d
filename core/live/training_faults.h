// The edge cases a trainer injects into a training session (issue 16, training mode): what
// goes wrong in the plant the twin plays, from a minute of the session on.
//
//   stuck        a sensor's reading freezes at its value while the process goes on
//   drift        a sensor's reading drifts away (units per hour) while the process does not
//   step         a disturbance steps (+DELTA, or a level: a bad batch); the plant's
//                instrument shows it
//   unseen-step  the same step, but the instrument does not show it (an analyser lagging,
//                an unmeasured feed change): only the process moves
//   frozen       a control stops responding: the plant keeps its value at the fault
//                whatever the trainee sets (a valve stuck, a drive in local mode)
//   trip         a control falls to a value on its own (a burner trip: the furnace's heat
//                goes to ambient while the setpoint stays where the trainee put it)
//
// On the command line: KIND:SIGNAL@MINUTES, with =VALUE for drift (per hour), step,
// unseen-step (+DELTA or a level) and trip (the value), e.g. stuck:Outlet air temp@30,
// drift:Outlet air temp=+6@20, step:Feed solids=+4@10, trip:Furnace setpoint=25@15.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinbench {

class ProcessGraph;

enum class FaultKind { stuck, drift, step, unseen_step, frozen, trip };

std::string_view fault_kind_name(FaultKind kind);  // "stuck", "unseen-step", ...
// In the trainer's words: "stuck sensor", "disturbance step not measured", "burner trip".
std::string_view fault_kind_words(FaultKind kind);

struct TrainingFault {
    FaultKind kind = FaultKind::stuck;
    std::string signal;
    double at_min = 0.0;  // minutes after the session's start
    // drift: units per hour; step: the change (+DELTA); trip: the value the control falls to
    double value = std::numeric_limits<double>::quiet_NaN();
    std::string level;  // step on a categorical disturbance: the level it steps to

    // Whether the fault changes what the process does (step, frozen, trip) rather than
    // only what its instruments say (stuck, drift; unseen-step does both).
    bool moves_the_process() const;
    bool changes_the_reading() const;
};

// "stuck sensor: Outlet air temp at 30 min"
std::string describe(const TrainingFault& fault);

// KIND:SIGNAL@MINUTES[=VALUE before the @]. Throws UsageError (exit 2) with the forms.
TrainingFault parse_training_fault(const std::string& text);

// UsageError unless the signal is one of the graph's and of the right kind: a reading
// (stuck, drift) any numeric signal, a step a disturbance, frozen and trip a numeric
// control; a level exactly on a categorical disturbance; the minute inside the session.
void check_training_fault(const TrainingFault& fault, const ProcessGraph& graph,
                          double session_min);

nlohmann::json to_json(const TrainingFault& fault);

}  // namespace twinbench
