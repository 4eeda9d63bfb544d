// The PDF report (QPdfWriter + QPainter): A4 pages with the title page, a table of
// contents with page numbers, the chapters, and the charts drawn as vector paths from
// the same chart layout as the HTML report's SVG. Needs a QGuiApplication (the offscreen
// platform is enough).
#pragma once

#include <filesystem>

#include "report/report_document.h"

namespace twinbench::report {

struct PdfStats {
    int pages = 0;
};

// Throws ProjectError (exit 5) when the file cannot be written.
PdfStats write_pdf(const ReportDocument& document, const std::filesystem::path& path);

}  // namespace twinbench::report
