#include "report_qt/report_writer.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/utf8_path.h"
#include "report/html_renderer.h"
#include "report/xlsx_renderer.h"
#include "report_qt/pdf_renderer.h"

namespace twinbench::report {

ReportFormat report_format_for(const std::filesystem::path& path) {
    std::string ext = utf8_path_string(path.extension());
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".pdf") return ReportFormat::pdf;
    if (ext == ".html" || ext == ".htm") return ReportFormat::html;
    if (ext == ".xlsx") return ReportFormat::xlsx;
    throw UsageError("report: cannot tell the format of '" + utf8_path_string(path.filename()) +
                     "'; name the output FILE.pdf, FILE.html or FILE.xlsx");
}

void write_report(const ReportDocument& document, const std::filesystem::path& path) {
    const auto format = report_format_for(path);
    // Written next to the target and renamed at the end, so a failed export never leaves a
    // half-written report in place of a good one.
    auto partial = path;
    partial += ".part";
    try {
        switch (format) {
            case ReportFormat::pdf:
                write_pdf(document, partial);
                break;
            case ReportFormat::html:
                write_html(document, partial);
                break;
            case ReportFormat::xlsx:
                write_xlsx(document, partial);
                break;
        }
        std::filesystem::rename(partial, path);
    } catch (const std::filesystem::filesystem_error& e) {
        std::error_code ec;
        std::filesystem::remove(partial, ec);
        throw ProjectError("cannot write the report to " + utf8_path_string(path) + ": " +
                           e.code().message());
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(partial, ec);
        throw;
    }
}

}  // namespace twinbench::report
