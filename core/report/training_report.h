// The debrief of a training session (live/training_debrief.h) as a report document, so the
// report writer lays it out as PDF, HTML or XLSX like any study report: the session, the
// timeline (faults, alerts, moves), the outcome played / held / fault-free, the findings,
// and a chart per watched output (measured against the twin alongside's expectation and
// its 3-sigma band, the faults and moves marked).
#pragma once

#include "live/training_debrief.h"
#include "report/report_document.h"

namespace twinbench::report {

ReportDocument training_debrief_report(const TrainingDebrief& debrief);

}  // namespace twinbench::report
