// Interactive speed of the What-if page of any process (issue 15), offscreen, on the UCI
// gas turbine (tests/data/real: NOX and CO outputs, TEY the control, AT, AP, AH, AFDP
// disturbances; imported and fitted first, setup, not timed):
//   (a) opening the project to a drawn What-if page (the twin opened with its stored
//       models, tiles, profiler and time chart filled and replotted);
//   (b) dragging the TEY slider through N positions: per position, the time from the
//       value change until core's generic session has answered, the profiles are swept
//       and every linked chart (profiler, time chart) and tile is redrawn (events
//       processed); goal p95 < 16 ms. Each step checks that the tiles and the time chart
//       show the session's numbers.
//
//   twinbench_whatif_graph_bench [--positions N] [--years N] [--data DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <QApplication>
#include <QLabel>
#include <QTemporaryDir>

#include "data/importer.h"
#include "data/project.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/main_window.h"
#include "ui/whatif/envelope_slider.h"
#include "ui/whatif/graph_control_panel.h"
#include "ui/whatif/graph_outcome_tiles.h"
#include "ui/whatif/graph_profiler.h"
#include "ui/whatif/graph_time_chart.h"
#include "ui/whatif/graph_what_if_view.h"
#include "ui/whatif/what_if_page.h"

namespace {

using clock_type = std::chrono::steady_clock;
namespace ui = twinbench::ui;

double ms_since(clock_type::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void drawAll() {
    QApplication::processEvents();
    QApplication::processEvents();
}

std::string loadAverage() {
    double load[3] = {-1, -1, -1};
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        std::fclose(f);
    }
    char text[96];
    std::snprintf(text, sizeof text, "load average: %.2f %.2f %.2f (%u cores)", load[0], load[1], load[2],
                  std::thread::hardware_concurrency());
    return text;
}

// The turbine project: the first `years` files imported with the roles, fitted and stored.
void buildProject(const QString& dataDir, int years, const QString& path) {
    twinbench::Project project(ui::toPath(path), twinbench::Project::Mode::create_if_missing);
    twinbench::ImportOptions options;
    for (int y = 0; y < years; ++y)
        options.files.push_back(ui::toPath(QStringLiteral("%1/gt_%2.csv.gz").arg(dataDir).arg(2011 + y)));
    options.dataset = "turbine";
    options.time_zone = "UTC";
    using twinbench::Role;
    for (const char* c : {"NOX", "CO"}) options.role_overrides.emplace_back(Role::output, c);
    options.role_overrides.emplace_back(Role::control, "TEY");
    for (const char* c : {"AT", "AP", "AH", "AFDP"}) options.role_overrides.emplace_back(Role::disturbance, c);
    for (const char* c : {"GTEP", "TIT", "TAT", "CDP"}) options.role_overrides.emplace_back(Role::none, c);
    twinbench::import_files(project, options);
    const auto dataset = project.dataset("turbine");
    const auto table = project.read_dataset(dataset);
    twinbench::store_twin_fit(project, dataset, twinbench::fit_twin(table, dataset, std::nullopt));
}

// Mismatches between what the views show and the session's result (each printed).
int checkViews(const ui::GraphWhatIfView& view) {
    int errors = 0;
    const auto& state = view.state();
    const auto& r = state.result();
    for (int i = 0; i < view.tiles()->tileCount(); ++i) {
        const double engine = ui::GraphWhatIfState::valueOf(r.result, state.figures()[static_cast<std::size_t>(i)]);
        if (view.tiles()->valueLabel(i)->text() != ui::GraphOutcomeTiles::formatValue(engine) && ++errors <= 3)
            std::fprintf(stderr, "error: tile %d shows %s, the session %g\n", i,
                         view.tiles()->valueLabel(i)->text().toUtf8().constData(), engine);
    }
    for (int p = 0; p < view.chart()->panelCount(); ++p) {
        const auto& series = r.result.frame.at(view.chart()->panelOutput(p)).values;
        const auto* g = view.chart()->scenarioGraph(p);
        if (g->dataCount() != static_cast<int>(series.size()) ||
            g->data()->at(g->dataCount() / 2)->value != series[series.size() / 2])
            if (++errors <= 3) std::fprintf(stderr, "error: time chart panel %d is not the session's series\n", p);
    }
    return errors;
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int positions = 200, years = 5;
    QString data = QStringLiteral(TWINBENCH_REAL_DATA_DIR "/gas_turbine_emissions");
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--positions" && i + 1 < argc)
            positions = std::max(2, std::stoi(argv[++i]));
        else if (arg == "--years" && i + 1 < argc)
            years = std::clamp(std::stoi(argv[++i]), 1, 5);
        else if (arg == "--data" && i + 1 < argc)
            data = QString::fromLocal8Bit(argv[++i]);
        else {
            std::fprintf(stderr, "usage: twinbench_whatif_graph_bench [--positions N] [--years N] [--data DIR]\n");
            return 2;
        }
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("turbine.twin"));
    try {
        buildProject(data, years, path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: cannot build the gas-turbine project from %s: %s\n", data.toUtf8().constData(),
                     e.what());
        return 3;
    }

    ui::WorkbenchDocument document;
    ui::MainWindow window(document);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1600, 1000);
    window.show();
    // (a) Open to a drawn page.
    const auto opened = clock_type::now();
    QString error;
    if (!document.openProject(path, &error)) {
        std::fprintf(stderr, "error: %s\n", error.toUtf8().constData());
        return 4;
    }
    window.showPage(ui::MainWindow::Page::whatif);
    auto& page = *window.whatIfPage();
    auto& state = page.graphState();
    if (auto* job = state.loadJob()) job->waitForFinished();
    drawAll();
    const double openMs = ms_since(opened);
    if (!page.showsGraph() || !state.isLoaded()) {
        std::fprintf(stderr, "error: the generic what-if page did not load: %s\n",
                     state.loadError().toUtf8().constData());
        return 4;
    }
    auto& view = *page.graphView();

    // (b) The TEY drag.
    double replotProfiler = 0.0, replotChart = 0.0;
    clock_type::time_point started;
    QObject::connect(view.profiler(), &QCustomPlot::beforeReplot, [&] { started = clock_type::now(); });
    QObject::connect(view.profiler(), &QCustomPlot::afterReplot, [&] { replotProfiler += ms_since(started); });
    QObject::connect(view.chart(), &QCustomPlot::beforeReplot, [&] { started = clock_type::now(); });
    QObject::connect(view.chart(), &QCustomPlot::afterReplot, [&] { replotChart += ms_since(started); });
    auto* slider = view.controls()->slider(view.controls()->rowOf("TEY"));
    std::vector<double> total, simulate, profiles, views, profilerMs, chartMs, rest;
    int errors = 0;
    std::printf("what-if graph bench: gas turbine, %d file(s), horizon %zu rows, %zu outputs, %d positions\n", years,
                state.horizonRows(), state.study()->graph.outputs().size(), positions);
    std::printf("%s\n", loadAverage().c_str());
    slider->setSliderDown(true);
    for (int p = 0; p < positions; ++p) {
        const int position = static_cast<int>(std::lround(ui::EnvelopeSlider::steps * p / double(positions - 1)));
        replotProfiler = replotChart = 0.0;
        const auto t0 = clock_type::now();
        slider->setValue(position);  // the session, the profiles, tiles and charts
        const double changed = ms_since(t0);
        const auto t1 = clock_type::now();
        drawAll();
        const double drawn = ms_since(t1);
        total.push_back(ms_since(t0));
        const auto& t = state.lastTimings();
        simulate.push_back(t.simulate_ms);
        profiles.push_back(t.profiles_ms);
        views.push_back(std::max(0.0, changed - t.simulate_ms - t.profiles_ms));
        profilerMs.push_back(replotProfiler);
        chartMs.push_back(replotChart);
        rest.push_back(std::max(0.0, drawn - replotProfiler - replotChart));
        if (p > 0) errors += checkViews(view);
    }
    if (!state.isDragging()) {
        std::fprintf(stderr, "error: the slider drag did not start a drag\n");
        ++errors;
    }
    const auto released = clock_type::now();
    slider->setSliderDown(false);  // release: the fine profiles
    drawAll();
    const double releaseMs = ms_since(released);
    errors += checkViews(view);

    const auto line = [](const char* what, const std::vector<double>& v) {
        std::printf("  %-38s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", what, percentile(v, 0.5), percentile(v, 0.95),
                    *std::max_element(v.begin(), v.end()));
    };
    std::printf("per drag step, by part:\n");
    line("generic session (run_twin_what_if)", simulate);
    line("profiles (coarse while dragging)", profiles);
    line("views' refresh (+ layer redraws)", views);
    line("replot profiler", profilerMs);
    line("replot time chart", chartMs);
    line("rest (paint, layout, events)", rest);
    std::printf("TEY drag (%zu frames): p50 %.2f ms, p95 %.2f ms, max %.2f ms (goal p95 < 16 ms); release %.1f ms\n",
                total.size(), percentile(total, 0.5), percentile(total, 0.95),
                *std::max_element(total.begin(), total.end()), releaseMs);
    std::printf("open to a drawn what-if page (stored models): %.0f ms\n", openMs);
    std::printf("%s\n", loadAverage().c_str());
    if (errors > 0) {
        std::fprintf(stderr, "error: %d drag steps left a view behind the session (see above)\n", errors);
        return 4;
    }
    return 0;
}
