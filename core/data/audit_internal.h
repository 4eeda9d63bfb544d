// Internal to the audit (audit*.cpp): what the analysis in audit.cpp hands to the scoring.
#pragma once

#include "data/audit.h"

namespace twinbench::audit_detail {

// Fills report.penalties (largest first) and report.score from the findings already in the
// report, as documented in data/audit.h.
void score(AuditReport& report);

}  // namespace twinbench::audit_detail
