// The HTML report: one self-contained file (inline CSS and SVG charts, no scripts, no
// external references) that a reviewer can open in any browser or mail around.
#pragma once

#include <filesystem>
#include <string>

#include "report/report_document.h"

namespace twinbench::report {

std::string render_html(const ReportDocument& document);

// Writes render_html to path (throws ProjectError, exit 5, when it cannot be written).
void write_html(const ReportDocument& document, const std::filesystem::path& path);

}  // namespace twinbench::report
