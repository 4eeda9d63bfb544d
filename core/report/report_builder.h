// build_report: the one function that turns a project into report content. Every number
// the PDF, HTML and XLSX show comes from here, read from the project (imported files,
// audit, stored models, stored scenarios) at the time of the call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/project.h"
#include "report/report_document.h"
#include "report/scenario_section.h"
#include "report/simulated_study.h"

namespace twinbench::report {

struct ReportOptions {
    std::string title;     // "" = "<dataset>: process study"
    std::string author;    // "" = $USER (or $USERNAME on Windows)
    std::string question;  // "" = the first scenario's note
    std::string date;      // "" = today (UTC), "YYYY-MM-DD"
    // The stored scenarios to simulate, the Monte Carlo runs and seed, and the optional
    // optimisation (simulated_study.h); scenario_names empty = every stored scenario.
    StudyReportOptions study;
    // Results the caller already has (the workbench's what-if page): used instead of
    // simulating the stored scenarios / running the optimiser again.
    std::optional<std::vector<ScenarioSection>> scenarios;
    std::optional<RecommendationSection> recommendation;
};

// dataset "" = the only/first one. Throws UsageError for an unknown dataset or scenario,
// ProjectError when the project cannot be read. Simulating the stored scenarios is part
// of building the report (a few hundred ms for 100 Monte Carlo runs over 7 days).
ReportDocument build_report(const Project& project, const std::string& dataset,
                            const ReportOptions& options);

// Chapters built from the project (one file each).
void append_data_chapter(ReportDocument& document, const std::string& chapter,
                         const Project& project, const DatasetInfo& dataset);
void append_models_chapter(ReportDocument& document, const std::string& chapter,
                           const Project& project, const DatasetInfo& dataset);

}  // namespace twinbench::report
