// The debrief of a training session (issue 16, training mode): what happened, in time
// order, and what it cost.
//
//   faults     what the trainer injected, when
//   alerts     what the twin alongside raised and cleared, with how long after the fault
//   moves      the trainee's control changes
//   outcome    each output's mean (and the template's and the engineer's KPIs) from the
//              first fault to the end of the session, three ways, all simulated by the
//              twin (the process, not the instruments: a stuck reading does not count):
//                played       the faults and the trainee's moves as they were
//                held         the faults, the settings held as they stood at the first
//                             fault (the twin's reference: what doing nothing gives)
//                fault-free   no process fault, the settings held (what the plant would
//                             have done undisturbed)
//                best         the faults as played, the controls at the twin's best
//                             response from the first fault on (training_best_response.h:
//                             the optimiser's settings within the envelopes, for the
//                             session's objective or distance_from_fault_free)
//   best       the best response: its objective, settings, envelopes and figure, and how
//              much of its gain over `held` the trainee's moves recovered
//   findings   the same in sentences: each fault with its alert (or "no alert"), each
//              move against the best response's setting, the share of the best response's
//              gain the trainee recovered, the outputs where the moves helped or hurt
//
// The report (PDF, HTML, XLSX through report_qt's writer) is report/training_report.h.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/alert_events.h"
#include "live/training_best_response.h"
#include "live/training_faults.h"
#include "live/training_plant.h"

namespace twinbench {

class TrainingSession;

struct DebriefFault {
    TrainingFault fault;
    double time_s = 0.0;
    std::optional<std::int64_t> first_alert;  // the first alert after it (its id)
    double alert_after_min = std::numeric_limits<double>::quiet_NaN();
};

struct DebriefEvent {
    AlertEvent event;
    std::string fault;  // the fault it is put down to ("" = none before it)
    double after_fault_min = std::numeric_limits<double>::quiet_NaN();
};

struct DebriefOutcome {
    std::string name;
    std::string unit;
    double played = std::numeric_limits<double>::quiet_NaN();
    double held = std::numeric_limits<double>::quiet_NaN();
    double fault_free = std::numeric_limits<double>::quiet_NaN();
    double best = std::numeric_limits<double>::quiet_NaN();  // NaN without a best response
};

// The debrief's view of the best response: what it set and what it gives on the objective
// against the trainee's play and the held settings.
struct DebriefBestResponse {
    BestResponse response;  // response.outcome is not in the JSON
    double played_objective = std::numeric_limits<double>::quiet_NaN();
    double held_objective = std::numeric_limits<double>::quiet_NaN();
    // (held - played) / (held - best) on the objective, its better direction up: 1 = the
    // trainee got all the best response gets, 0 = no better than doing nothing, below 0 =
    // worse than doing nothing. NaN when the best response gains nothing over `held`.
    double recovered_share = std::numeric_limits<double>::quiet_NaN();
};

// What the trainee saw of one output: measured rows and the twin alongside's expectation.
struct TrainingTrace {
    std::string name;
    std::string unit;
    std::vector<double> time_s, measured, expected, band_sd;
};

struct TrainingDebrief {
    std::string project_file;  // the .twin (UTF-8 path)
    std::string dataset, training_dataset, time_zone;
    double start_s = 0.0, end_s = 0.0, played_until_s = 0.0;
    double speed = 0.0;
    std::uint64_t seed = 1;
    std::size_t rows = 0;
    std::vector<DebriefFault> faults;
    std::vector<DebriefEvent> events;  // alerts and clears, in time order
    std::vector<ControlMove> moves;
    double compared_from_s = 0.0;  // the first fault (the session's start without faults)
    std::string reference;         // what `held` is, in words
    std::vector<DebriefOutcome> outputs, kpis;
    DebriefBestResponse best;
    std::vector<std::string> findings;
    std::string monitor_note;
    std::vector<TrainingTrace> traces;  // for the report's charts; not in the JSON
};

TrainingDebrief make_training_debrief(const TrainingSession& session);
// The same on a plant played without a session (no alerts, no traces): the outcomes, the
// best response and the findings.
TrainingDebrief make_training_debrief(const TrainingPlant& plant,
                                      const TrainingObjective& objective);

nlohmann::json to_json(const TrainingDebrief& debrief);
// The debrief for people: a heading, the timeline, the outcome table, the findings.
std::string debrief_text(const TrainingDebrief& debrief);

}  // namespace twinbench
