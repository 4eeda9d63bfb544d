#include "cli/report_output.h"

#include <cstdlib>

#include "common/error.h"
#include "common/utf8_path.h"

#ifdef TWINBENCH_HAS_PDF_REPORT
#include "report_qt/report_writer.h"
#else
#include "report/html_renderer.h"
#include "report/xlsx_renderer.h"
#endif

namespace twinbench::cli {

#ifdef TWINBENCH_HAS_PDF_REPORT
// The PDF is drawn with Qt's painter, which needs a QGuiApplication; on a server or in CI
// there is no display, so the offscreen platform is used unless the user chose one.
std::unique_ptr<QGuiApplication> make_gui_application() {
    if (std::getenv("QT_QPA_PLATFORM") == nullptr && std::getenv("DISPLAY") == nullptr &&
        std::getenv("WAYLAND_DISPLAY") == nullptr) {
#ifndef _WIN32
        setenv("QT_QPA_PLATFORM", "offscreen", 0);
#endif
    }
    static int argc = 1;
    static char name[] = "twinbench-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}
#endif

void write_report_file(const report::ReportDocument& document, const std::filesystem::path& out) {
#ifdef TWINBENCH_HAS_PDF_REPORT
    std::unique_ptr<QGuiApplication> app;
    if (report::report_format_for(out) == report::ReportFormat::pdf &&
        QGuiApplication::instance() == nullptr)
        app = make_gui_application();
    report::write_report(document, out);
#else
    const auto ext = utf8_path_string(out.extension());
    if (ext == ".html" || ext == ".htm")
        report::write_html(document, out);
    else if (ext == ".xlsx")
        report::write_xlsx(document, out);
    else if (ext == ".pdf")
        throw UsageError(
            "this twinbench-cli was built without Qt (TWINBENCH_BUILD_GUI=OFF) and cannot write "
            "PDF; "
            "write FILE.html or FILE.xlsx");
    else
        throw UsageError("report: name the output FILE.html or FILE.xlsx");
#endif
}

}  // namespace twinbench::cli
