#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "data/project.h"
#include "report/report_builder.h"

#ifdef TWINBENCH_HAS_PDF_REPORT
#include <QGuiApplication>

#include "ui/report/report_writer.h"
#else
#include "report/html_renderer.h"
#include "report/xlsx_renderer.h"
#endif

namespace twinbench::cli {
namespace {

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

void write_file(const report::ReportDocument& document, const std::filesystem::path& out) {
#ifdef TWINBENCH_HAS_PDF_REPORT
    std::unique_ptr<QGuiApplication> app;
    if (report::report_format_for(out) == report::ReportFormat::pdf &&
        QGuiApplication::instance() == nullptr)
        app = make_gui_application();
    report::write_report(document, out);
#else
    const auto ext = out.extension().string();
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

class ReportCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("report",
                                  "Write the study report (PDF, self-contained HTML or XLSX)");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("-o,--output", output_, "Report file: FILE.pdf, FILE.html or FILE.xlsx")
            ->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option("--scenario", scenarios_,
                         "Scenario to include (repeatable; default: all stored)");
        sub_->add_option("--author", options_.author, "Author on the title page (default: $USER)");
        sub_->add_option("--question", options_.question,
                         "The question studied, for the title page");
        sub_->add_option("--title", options_.title,
                         "Report title (default: '<dataset>: process study')");
    }

    int run() override {
        const auto start = std::chrono::steady_clock::now();
        // Read-only: writing a report never changes the project.
        Project project(project_, Project::Mode::read_only);
        options_.scenario_names = scenarios_;
        const auto document = report::build_report(project, dataset_, options_);
        const std::filesystem::path out(output_);
        write_file(document, out);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << fmt::format("wrote {} ({} sections) in {:.2f} s\n", out.string(),
                                 document.sections.size(), seconds);
        return 0;
    }

  private:
    std::string project_;
    std::string output_;
    std::string dataset_;
    std::vector<std::string> scenarios_;
    report::ReportOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
    return std::make_unique<ReportCommand>();
}

}  // namespace twinbench::cli
