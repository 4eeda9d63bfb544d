#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "cli/report_output.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "report/report_builder.h"
#include "report/svg_chart_writer.h"

#ifdef TWINBENCH_HAS_PDF_REPORT
#include <QGuiApplication>

#include "report_qt/chart_painter.h"
#include "report_qt/report_writer.h"
#endif

namespace twinbench::cli {
namespace {

// "03-furnace-temperature": the chart's number in the report and its title, file-safe.
std::string chart_file_stem(std::size_t index, const std::string& title) {
    std::string slug;
    for (const char c : title) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            slug += static_cast<char>(std::tolower(u));
        else if (!slug.empty() && slug.back() != '-')
            slug += '-';
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return fmt::format("{:02d}-{}", index, slug.empty() ? "chart" : slug.substr(0, 60));
}

void write_charts(const report::ReportDocument& document, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw ProjectError("cannot create the chart folder " + utf8_path_string(dir) + ": " +
                           ec.message());
    std::size_t index = 0;
    for (const auto& section : document.sections)
        for (const auto& block : section.blocks) {
            const auto* chart = std::get_if<report::Chart>(&block);
            if (chart == nullptr) continue;
            const auto stem = dir / chart_file_stem(++index, section.number + " " + chart->title);
            auto svg_path = stem;
            svg_path += ".svg";
            std::ofstream svg(svg_path, std::ios::binary | std::ios::trunc);
            svg << report::chart_svg_file(*chart);
            svg.close();
            if (!svg) throw ProjectError("cannot write the chart " + utf8_path_string(svg_path));
#ifdef TWINBENCH_HAS_PDF_REPORT
            auto png_path = stem;
            png_path += ".png";
            report::write_chart_png(*chart, png_path);
            auto pdf_path = stem;
            pdf_path += ".pdf";
            report::write_chart_pdf(*chart, pdf_path);
#endif
        }
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
        sub_->add_option("--scenario", options_.study.scenario_names,
                         "Stored scenario to simulate and include (repeatable; default: all)");
        sub_->add_option("--runs", options_.study.runs,
                         "Monte Carlo runs per scenario (P10-P90; default 100)")
            ->check(CLI::Range(1, 100000));
        sub_->add_option("--seed", options_.study.seed, "Seed of the Monte Carlo runs (default 1)");
        sub_->add_option("--minimize", minimize_,
                         "Add a recommendation: optimise speed and setpoint for this KPI, e.g. "
                         "energy_kwh_per_part");
        sub_->add_option("--maximize", maximize_,
                         "Recommendation maximising a KPI instead, e.g. throughput_per_h");
        sub_->add_option("--constraint", options_.study.constraints,
                         "Constraint of the recommendation, e.g. scrap_rate<=0.02");
        sub_->add_option(
            "--charts", charts_dir_,
            "Also write every chart alone into this folder (SVG, and PNG and PDF with the PDF build)");
        sub_->add_option("--author", options_.author, "Author on the title page (default: $USER)");
        sub_->add_option("--question", options_.question,
                         "The question studied, for the title page");
        sub_->add_option("--title", options_.title,
                         "Report title (default: '<dataset>: process study')");
    }

    int run() override {
        const auto start = std::chrono::steady_clock::now();
        const auto out = path_from_utf8(output_);
#ifdef TWINBENCH_HAS_PDF_REPORT
        report::report_format_for(out);  // a wrong file name fails before any work is done
#endif
        // Read-only: writing a report never changes the project.
        Project project(path_from_utf8(project_), Project::Mode::read_only);
        if (!minimize_.empty() && !maximize_.empty())
            throw UsageError("give --minimize or --maximize, not both");
        options_.study.objective = !maximize_.empty() ? maximize_ : minimize_;
        options_.study.maximize = !maximize_.empty();
        const auto document = report::build_report(project, dataset_, options_);
#ifdef TWINBENCH_HAS_PDF_REPORT
        // PDF pages and PNG charts are painted with Qt, which needs its application object.
        std::unique_ptr<QGuiApplication> app;
        if ((report::report_format_for(out) == report::ReportFormat::pdf || !charts_dir_.empty()) &&
            QGuiApplication::instance() == nullptr)
            app = make_gui_application();
#endif
        write_report_file(document, out);
        if (!charts_dir_.empty()) write_charts(document, path_from_utf8(charts_dir_));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << fmt::format("wrote {} ({} sections) in {:.2f} s\n", utf8_path_string(out),
                                 document.sections.size(), seconds);
        return 0;
    }

  private:
    std::string project_;
    std::string output_;
    std::string dataset_;
    std::string minimize_;
    std::string charts_dir_;
    std::string maximize_;
    report::ReportOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
    return std::make_unique<ReportCommand>();
}

}  // namespace twinbench::cli
