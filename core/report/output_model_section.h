// The report's section on one modelled output of the process graph, read through the typed
// model interface (models/output_model.h), not the stored JSON's keys: what the model found in
// plain words first (models/model_findings.h), the form and why, the trust verdict, the terms
// with their units, the hold-out metrics with the output's unit, predicted against actual,
// the validity envelope and the warnings.
#pragma once

#include <string>
#include <vector>

#include "models/output_model.h"
#include "models/model_findings.h"
#include "report/report_document.h"

namespace twinbench::report {

// Terms in words and units, with 95 % intervals (estimate +- 1.96 standard errors; a term
// without a standard error is "fixed"). title: the model's name in the XLSX sheet of terms.
DataTable terms_table(const std::vector<ModelTerm>& terms, const std::string& caption, const std::string& title);
// The model's own terms, as above.
DataTable model_terms_table(const OutputModel& model, const std::string& caption, const std::string& title);

// findings: what model_findings read off the model (the first four are shown).
Section output_model_section(const OutputModel& model, const std::vector<ModelFinding>& findings,
                             const std::string& number, const std::string& fitted_utc);

}  // namespace twinbench::report
