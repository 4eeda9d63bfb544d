// The chapter "Excursions and causes" (issue 17): for every output the twin models, the rows
// where it is above its model band are explained (core/explain): the excursion against the
// rest, how much of it the process settings already explain, and the top causes with their
// figures. Without a model of an output, or without context items (lots, operators,
// shifts), a paragraph says why there is nothing (or only signals) to rank.
#pragma once

#include <string>

#include "data/project.h"
#include "report/report_document.h"

namespace twinbench::report {

// Causes listed per output in the report (the engine tests them all).
inline constexpr std::size_t excursion_causes_listed = 5;

void append_excursions_chapter(ReportDocument& document, const std::string& chapter, const Project& project,
                               const DatasetInfo& dataset);

}  // namespace twinbench::report
