// Writing a report document to a file by its extension (.pdf, .html, .xlsx), for the CLI's
// `report` and `train --report`: PDF is painted with Qt (report_qt) where the build has
// it, which needs a QGuiApplication (offscreen unless the user chose a platform).
#pragma once

#include <filesystem>
#include <memory>

#include "report/report_document.h"

#ifdef TWINBENCH_HAS_PDF_REPORT
#include <QGuiApplication>
#endif

namespace twinbench::cli {

#ifdef TWINBENCH_HAS_PDF_REPORT
std::unique_ptr<QGuiApplication> make_gui_application();
#endif

// Throws UsageError for an extension the build cannot write, ProjectError when the file
// cannot be written. Makes the QGuiApplication a PDF needs when there is none.
void write_report_file(const report::ReportDocument& document, const std::filesystem::path& out);

}  // namespace twinbench::cli
