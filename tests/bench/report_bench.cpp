// Report benchmark: the 90-day sample plant (imported and fitted once), then the whole
// report command's work per format: open the project, build the content (reads the data,
// audits it, hashes the project file, simulates two stored scenarios with 100 Monte Carlo
// runs each, runs the optimiser) and write PDF, HTML and XLSX. Goal: under 3 s each.
//
//   twinbench_report_bench [--project FILE.twin] [--days N] [--repeat R]
//
// Without --project the sample plant is generated (--days, default 90), imported and
// fitted into a temporary project first; that setup is not timed.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <unistd.h>

#include <fmt/format.h>
#include <QGuiApplication>

#include "data/importer.h"
#include "data/project.h"
#include "models/model_fitting.h"
#include "report/html_renderer.h"
#include "report/report_builder.h"
#include "report/xlsx_renderer.h"
#include "sample/plant_export.h"
#include "sim/scenario_store.h"
#include "report_qt/pdf_renderer.h"

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::filesystem::path make_plant_project(const std::filesystem::path& dir, int days) {
    const auto data = dir / "plant";
    twinbench::SampleOptions options;  // the defaults are the shipped sample plant's
    options.days = days;
    twinbench::write_sample_plant(data, options);
    const auto project_path = dir / "plant.twin";
    twinbench::Project project(project_path, twinbench::Project::Mode::create_if_missing);
    twinbench::ImportOptions import;
    for (const auto& e : std::filesystem::directory_iterator(data))
        if (e.is_regular_file()) import.files.push_back(e.path());  // truth/ is a folder
    std::sort(import.files.begin(), import.files.end());
    import.dataset = "plant";
    import.time_zone = "Europe/Berlin";
    twinbench::import_files(project, import);
    const auto dataset = project.dataset("plant");
    twinbench::store_models(
        project, dataset.id,
        twinbench::fit_all_models(project.read_dataset(dataset), dataset.time_zone));
    // The acceptance study: two scenarios (simulated for the report with 100 Monte Carlo
    // runs each) and an optimisation.
    for (const auto& [name, set] :
         {std::pair{"cooler furnace", "setpoint=-5"}, {"faster line", "speed=+5%"}}) {
        twinbench::Scenario scenario;
        scenario.name = name;
        scenario.note = std::string("Bench scenario ") + set;
        scenario.changes.push_back(twinbench::parse_set_argument(set));
        scenario.limits.push_back(twinbench::parse_limit_argument("core_temp>=160"));
        twinbench::save_scenario(project, dataset, scenario);
    }
    return project_path;
}

}  // namespace

int main(int argc, char** argv) {
    std::string project_arg;
    int days = 90, repeat = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--project" && i + 1 < argc)
            project_arg = argv[++i];
        else if (arg == "--days" && i + 1 < argc)
            days = std::stoi(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc)
            repeat = std::stoi(argv[++i]);
        else {
            std::cerr
                << "usage: twinbench_report_bench [--project FILE.twin] [--days N] [--repeat R]\n";
            return 2;
        }
    }
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QGuiApplication app(argc, argv);
    const auto dir = std::filesystem::temp_directory_path() /
                     fmt::format("twinbench-report-bench-{}", ::getpid());
    std::filesystem::create_directories(dir);
    try {
        const auto setup = Clock::now();
        const std::filesystem::path project_path = project_arg.empty()
                                                       ? make_plant_project(dir, days)
                                                       : std::filesystem::path(project_arg);
        if (project_arg.empty())
            std::cout << fmt::format("setup (sample {} d, import, fit): {:.2f} s\n", days,
                                     seconds_since(setup));

        double best_build = 1e9, best[3] = {1e9, 1e9, 1e9};
        int pages = 0;
        for (int r = 0; r < repeat; ++r) {
            for (int f = 0; f < 3; ++f) {
                // Each format timed as the CLI does it: open, build the content, write.
                const auto start = Clock::now();
                twinbench::Project project(project_path, twinbench::Project::Mode::read_only);
                twinbench::report::ReportOptions options;
                options.study.objective = "energy_kwh_per_part";
                options.study.constraints = {"scrap_rate<=0.03"};
                const auto doc = twinbench::report::build_report(project, "", options);
                best_build = std::min(best_build, seconds_since(start));
                const auto out = dir / (f == 0   ? "report.pdf"
                                        : f == 1 ? "report.html"
                                                 : "report.xlsx");
                if (f == 0) pages = twinbench::report::write_pdf(doc, out).pages;
                if (f == 1) twinbench::report::write_html(doc, out);
                if (f == 2) twinbench::report::write_xlsx(doc, out);
                best[f] = std::min(best[f], seconds_since(start));
            }
        }
        std::cout << fmt::format(
            "build_report (read, audit, hash, 2 scenarios x 100 Monte Carlo runs, optimisation): "
            "{:.3f} s\n",
            best_build);
        const char* names[3] = {"PDF", "HTML", "XLSX"};
        const char* files[3] = {"report.pdf", "report.html", "report.xlsx"};
        for (int f = 0; f < 3; ++f)
            std::cout << fmt::format("{:<4} total {:.3f} s  ({} bytes{})  goal < 3 s: {}\n",
                                     names[f], best[f], std::filesystem::file_size(dir / files[f]),
                                     f == 0 ? fmt::format(", {} pages", pages) : std::string(),
                                     best[f] < 3.0 ? "met" : "NOT MET");
        std::cout << fmt::format("best of {} runs\n", repeat);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        std::filesystem::remove_all(dir);
        return 1;
    }
    std::filesystem::remove_all(dir);
    return 0;
}
