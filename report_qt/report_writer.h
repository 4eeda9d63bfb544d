// One entry point for every report format, chosen by the file extension (.pdf, .html/.htm,
// .xlsx): the CLI's `report` and the GUI's File > Export report call it, so both produce
// the same files.
#pragma once

#include <filesystem>
#include <string>

#include "report/report_document.h"

namespace twinbench::report {

enum class ReportFormat { pdf, html, xlsx };

// Throws UsageError (exit 2) for any other extension.
ReportFormat report_format_for(const std::filesystem::path& path);

// Writes the report; PDF needs a QGuiApplication. Throws ProjectError when the file
// cannot be written.
void write_report(const ReportDocument& document, const std::filesystem::path& path);

}  // namespace twinbench::report
