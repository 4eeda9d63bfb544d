// Interactive speed of the What-if page (issue 6), offscreen, on the shipped 90-day sample
// plant (imported first; setup, not timed):
//   (a) opening the project to a fully drawn What-if page: the study prepared (models
//       fitted on the fly when none are stored, then again with stored models), every
//       chart filled and replotted; goal < 1 s;
//   (b) dragging each slider through N positions: per position, the time from the value
//       change until the simulation, profile grid, map and time chart are recomputed and
//       every chart replotted (events processed); goal p95 < 16 ms.
//
//   twinbench_whatif_interactive_bench [--positions N] [--sample DIR]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>

#include "data/project.h"
#include "models/model_fitting.h"
#include "sim/kpis.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/data/data_page.h"
#include "ui/main_window.h"
#include "ui/whatif/contour_view.h"
#include "ui/whatif/envelope_slider.h"
#include "ui/whatif/kpi_tiles.h"
#include "ui/whatif/parameter_panel.h"
#include "ui/whatif/profiler_grid.h"
#include "ui/whatif/simulation_chart.h"
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

// Every chart of the page drawn: the charts queue one replot per change; processing the
// events runs them (and the paint events they post).
void drawAll(ui::WhatIfPage&) {
    QApplication::processEvents();
    QApplication::processEvents();
}

// The parts of one drag step. The computation's parts come from the state's own timings;
// "views' refresh" is what the views' slots spend handing the results over (set data,
// label texts) inside the value change, with the redraws of single buffered layers they
// do there (the map's point, the profiler's traces when the axes stay); each whole
// replot (queued, one per event-loop turn at most) is timed between QCustomPlot's
// beforeReplot and afterReplot; "rest" is the rest of the event processing (painting the
// plots' buffers and the other widgets, layout).
enum Part {
    part_inputs,
    part_simulate,
    part_profiles,
    part_contour,
    part_views,
    part_replot_profiler,
    part_replot_contour,
    part_replot_chart,
    part_rest,
    part_count
};
const char* const part_names[part_count] = {"scenario inputs",
                                            "simulation (time chart, tiles)",
                                            "profile grid",
                                            "speed x setpoint map",
                                            "views' refresh (+ layer redraws)",
                                            "replot profiler grid",
                                            "replot contour view",
                                            "replot time chart",
                                            "rest (paint, layout, events)"};

struct Frame {
    double total = 0.0;
    double part[part_count] = {};
    int replots[part_count] = {};
};

// Times every replot of the watched plots.
struct ReplotMeter {
    double ms[part_count] = {};
    int count[part_count] = {};
    clock_type::time_point started[part_count];
    void watch(QCustomPlot* plot, Part part) {
        QObject::connect(plot, &QCustomPlot::beforeReplot, plot,
                         [this, part] { started[part] = clock_type::now(); });
        QObject::connect(plot, &QCustomPlot::afterReplot, plot, [this, part] {
            ms[part] += ms_since(started[part]);
            ++count[part];
        });
    }
    void reset() {
        std::fill(std::begin(ms), std::end(ms), 0.0);
        std::fill(std::begin(count), std::end(count), 0);
    }
};

std::string loadAverage() {
    double load[3] = {-1, -1, -1};
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        std::fclose(f);
    }
    if (load[0] < 0) return "load average: unknown";
    char text[96];
    std::snprintf(text, sizeof text, "load average: %.2f %.2f %.2f (%u cores)", load[0], load[1],
                  load[2], std::thread::hardware_concurrency());
    return text;
}

// The views show what the state computed for the dragged value: the tiles its KPIs, every
// profiler marker the current value and KPI, the map's point the speed and setpoint, the
// time chart the simulated furnace and core temperatures (their extremes survive any
// thinning). Returns the number of mismatches (each printed).
int checkViews(ui::WhatIfPage& page, const ui::WhatIfState& state, ui::WhatIfControl dragged) {
    int errors = 0;
    const auto fail = [&](const QString& what) {
        if (++errors <= 3)
            std::fprintf(stderr, "error: dragging %s: %s\n",
                         state.range(dragged).name.toUtf8().constData(), what.toUtf8().constData());
    };
    const auto& kpis = state.result().kpis;
    const auto tiles = ui::KpiTiles::kpiIndices();
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        const double want = twinbench::kpi_value(kpis, static_cast<std::size_t>(tiles[i]));
        const double shown = page.tiles()->shownValue(static_cast<int>(i));
        if (!(shown == want || (std::isnan(shown) && std::isnan(want))))
            fail(QStringLiteral("tile %1 shows %2, the state %3").arg(i).arg(shown).arg(want));
    }
    auto* grid = page.profiler();
    for (int c = 0; c < grid->columnCount(); ++c) {
        const auto control = grid->columnControl(c);
        double x = state.settings().value(control);
        if (!std::isfinite(x)) x = state.range(control).high;
        for (int r = 0; r < grid->rowCount(); ++r) {
            const QPointF m = grid->markerPosition(r, c);
            const double y = twinbench::kpi_value(kpis, static_cast<std::size_t>(grid->rowKpi(r)));
            if (m.x() != x || !(m.y() == y || (std::isnan(m.y()) && std::isnan(y))))
                fail(QStringLiteral("profiler cell (%1, %2) marker at (%3, %4), state (%5, %6)")
                         .arg(r)
                         .arg(c)
                         .arg(m.x())
                         .arg(m.y())
                         .arg(x)
                         .arg(y));
        }
    }
    const QPointF point = page.contour()->currentPoint();
    if (point.x() != state.settings().speed_m_per_min ||
        point.y() != state.settings().setpoint_degC)
        fail(QStringLiteral("map point at (%1, %2)").arg(point.x()).arg(point.y()));
    const auto extremes = [](const std::vector<double>& v) {
        double low = qInf(), high = -qInf();  // (QCPRange would swap them)
        for (double x : v)
            if (std::isfinite(x)) low = std::min(low, x), high = std::max(high, x);
        return std::pair{low, high};
    };
    const std::pair<ui::SimulationChart::Strip, const std::vector<double>*> strips[] = {
        {ui::SimulationChart::furnace_strip, &state.result().series.furnace_degC},
        {ui::SimulationChart::core_strip, &state.result().series.core_degC}};
    for (const auto& [strip, series] : strips) {
        bool found = false;
        const QCPRange shown = page.chart()->scenarioGraph(strip)->getValueRange(found);
        const auto want = extremes(*series);
        if (!found || shown.lower != want.first || shown.upper != want.second)
            fail(QStringLiteral("time chart strip %1 spans %2..%3, the simulation %4..%5")
                     .arg(strip)
                     .arg(shown.lower)
                     .arg(shown.upper)
                     .arg(want.first)
                     .arg(want.second));
    }
    return errors;
}

// Median (p95) of each part per slider and over all frames, and how often each plot
// replotted per step.
void printBreakdown(const std::vector<std::vector<Frame>>& perSlider,
                    const std::vector<Frame>& all) {
    const auto column = [](const std::vector<Frame>& frames, int part, bool replots) {
        std::vector<double> v;
        for (const auto& f : frames) v.push_back(replots ? f.replots[part] : f.part[part]);
        return v;
    };
    std::printf(
        "drag step breakdown, ms (median per slider in slider order; all sliders: "
        "p50 / p95):\n");
    for (int part = 0; part < part_count; ++part) {
        std::printf("  %-31s", part_names[part]);
        for (const auto& frames : perSlider)
            std::printf(" %6.2f", percentile(column(frames, part, false), 0.5));
        const auto v = column(all, part, false);
        std::printf("   %6.2f / %6.2f\n", percentile(v, 0.5), percentile(v, 0.95));
    }
    std::printf("  %-31s", "whole step");
    for (const auto& frames : perSlider) {
        std::vector<double> v;
        for (const auto& f : frames) v.push_back(f.total);
        std::printf(" %6.2f", percentile(v, 0.5));
    }
    std::vector<double> totals;
    for (const auto& f : all) totals.push_back(f.total);
    std::printf("   %6.2f / %6.2f\n", percentile(totals, 0.5), percentile(totals, 0.95));
    std::printf("replots per step (mean per slider):\n");
    for (int part = part_replot_profiler; part <= part_replot_chart; ++part) {
        std::printf("  %-31s", part_names[part]);
        for (const auto& frames : perSlider) {
            const auto v = column(frames, part, true);
            double sum = 0.0;
            for (double x : v) sum += x;
            std::printf(" %6.2f", v.empty() ? 0.0 : sum / static_cast<double>(v.size()));
        }
        std::printf("\n");
    }
}

// Opens the project into a fresh window and returns the time to a drawn What-if page.
double timeOpen(const QString& path) {
    const auto t0 = clock_type::now();
    ui::WorkbenchDocument document;
    ui::MainWindow window(document);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1600, 1000);
    window.show();
    QString error;
    if (!document.openProject(path, &error)) {
        std::fprintf(stderr, "error: %s\n", error.toUtf8().constData());
        return -1.0;
    }
    window.showPage(ui::MainWindow::Page::whatif);
    if (auto* job = window.whatIfState()->loadJob()) job->waitForFinished();
    drawAll(*window.whatIfPage());
    const double ms = ms_since(t0);
    if (!window.whatIfState()->isLoaded()) {
        std::fprintf(stderr, "error: %s\n", window.whatIfState()->loadError().toUtf8().constData());
        return -1.0;
    }
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int positions = 200;
    QString sample = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--positions" && i + 1 < argc)
            positions = std::max(2, std::stoi(argv[++i]));
        else if (arg == "--sample" && i + 1 < argc)
            sample = QString::fromLocal8Bit(argv[++i]);
        else {
            std::fprintf(
                stderr,
                "usage: twinbench_whatif_interactive_bench [--positions N] [--sample DIR]\n");
            return 2;
        }
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plant.twin"));
    try {
        ui::buildSamplePlantProject(sample, path, {});
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: cannot import the sample plant from %s: %s\n",
                     sample.toUtf8().constData(), e.what());
        return 3;
    }

    // (a) Open to a drawn page: first without stored models (fitted on the fly), then
    // with the models stored by a fit, as after the Models step.
    const double openFitting = timeOpen(path);
    {
        twinbench::Project project(ui::toPath(path), twinbench::Project::Mode::open_existing);
        const auto dataset = project.dataset("plant");
        const auto table = project.read_dataset(dataset);
        twinbench::store_models(project, dataset.id,
                                twinbench::fit_all_models(table, dataset.time_zone));
    }
    const double openStored = timeOpen(path);
    if (openFitting < 0 || openStored < 0) return 4;

    // (b) Drags.
    ui::WorkbenchDocument document;
    ui::MainWindow window(document);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1600, 1000);
    window.show();
    document.openProject(path);
    window.showPage(ui::MainWindow::Page::whatif);
    auto* state = window.whatIfState();
    if (auto* job = state->loadJob()) job->waitForFinished();
    // The setting: the 90-day history drawn as well (the Data page's chart holds
    // the furnace and setpoint series, 129,187 points each) while the what-if page is used.
    window.showPage(ui::MainWindow::Page::data);
    const int historyCurves = window.dataPage()->checkColumnsWithRoles(
        {twinbench::Role::furnace_temp, twinbench::Role::setpoint});
    QApplication::processEvents();
    std::printf("history drawn on the Data page: %d curves of %zu points\n", historyCurves,
                document.table() ? document.table()->row_count() : std::size_t{0});
    window.showPage(ui::MainWindow::Page::whatif);
    auto& page = *window.whatIfPage();
    drawAll(page);
    if (!state->isLoaded()) {
        std::fprintf(stderr, "error: the what-if study did not load: %s\n",
                     state->loadError().toUtf8().constData());
        return 4;
    }
    ReplotMeter meter;
    meter.watch(page.profiler(), part_replot_profiler);
    meter.watch(page.contour()->plot(), part_replot_contour);
    meter.watch(page.chart(), part_replot_chart);
    const ui::WhatIfControl controls[] = {ui::WhatIfControl::speed,
                                          ui::WhatIfControl::setpoint,
                                          ui::WhatIfControl::maintenance_interval,
                                          ui::WhatIfControl::check_interval,
                                          ui::WhatIfControl::peak_price,
                                          ui::WhatIfControl::offpeak_price};
    std::vector<double> all, release;
    std::vector<Frame> allFrames;
    std::vector<std::vector<Frame>> perSlider;
    int errors = 0;
    std::printf("what-if interactive bench: %zu steps per simulation, %d positions per slider\n",
                state->window().inputs.steps(), positions);
    std::printf("%s\n", loadAverage().c_str());
    std::printf("whole drag step (value change -> every chart recomputed and replotted):\n");
    for (auto control : controls) {
        auto* slider = page.parameters()->slider(control);
        std::vector<double> frame;
        std::vector<Frame> frames;
        slider->setSliderDown(true);
        for (int p = 0; p < positions; ++p) {
            const int position = static_cast<int>(
                std::lround(ui::EnvelopeSlider::steps * p / double(positions - 1)));
            Frame f;
            meter.reset();
            const auto t0 = clock_type::now();
            slider->setValue(position);  // emits: simulate, profiles, map, tiles, charts
            const double changed = ms_since(t0);
            const auto t1 = clock_type::now();
            drawAll(page);
            const double drawn = ms_since(t1);
            f.total = ms_since(t0);
            const auto& c = state->lastTimings();
            f.part[part_inputs] = c.inputs_ms;
            f.part[part_simulate] = c.simulate_ms;
            f.part[part_profiles] = c.profiles_ms;
            f.part[part_contour] = c.contour_ms;
            f.part[part_views] =
                std::max(0.0, changed - c.inputs_ms - c.simulate_ms - c.profiles_ms - c.contour_ms);
            double replotted = 0.0;
            for (int k = part_replot_profiler; k <= part_replot_chart; ++k) {
                f.part[k] = meter.ms[k];
                f.replots[k] = meter.count[k];
                replotted += meter.ms[k];
            }
            f.part[part_rest] = std::max(0.0, drawn - replotted);
            if (p > 0 && state->isDragging()) errors += checkViews(page, *state, control);
            frame.push_back(f.total);
            frames.push_back(f);
        }
        if (!state->isDragging()) {
            std::fprintf(stderr, "error: %s: the slider drag did not start a drag\n",
                         state->range(control).name.toUtf8().constData());
            ++errors;
        }
        const auto t0 = clock_type::now();
        slider->setSliderDown(false);  // release: the fine profile grid
        drawAll(page);
        release.push_back(ms_since(t0));
        errors += checkViews(page, *state, control);
        std::printf("  %-22s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms  release %6.1f ms\n",
                    state->range(control).name.toUtf8().constData(), percentile(frame, 0.5),
                    percentile(frame, 0.95), *std::max_element(frame.begin(), frame.end()),
                    release.back());
        all.insert(all.end(), frame.begin(), frame.end());
        allFrames.insert(allFrames.end(), frames.begin(), frames.end());
        perSlider.push_back(std::move(frames));
    }
    printBreakdown(perSlider, allFrames);
    // The same drags without any view: what the engine and the state cost alone.
    {
        ui::WhatIfState bare(document);
        bare.setMonteCarloRuns(0);
        if (auto* job = bare.load()) job->waitForFinished();
        std::vector<double> compute;
        for (auto control : controls) {
            const auto r = bare.range(control);
            for (int p = 0; p < positions; ++p) {
                const auto t0 = clock_type::now();
                bare.changeControl(control, r.low + (r.high - r.low) * p / double(positions - 1),
                                   true);
                compute.push_back(ms_since(t0));
            }
            bare.endDrag();
        }
        std::printf(
            "compute only (simulation, coarse profiles, map), no views: p50 %.2f ms, p95 %.2f ms\n",
            percentile(compute, 0.5), percentile(compute, 0.95));
    }
    std::printf(
        "drag, all sliders (%zu frames): p50 %.2f ms, p95 %.2f ms (goal p95 < 16 ms); release p50 "
        "%.1f ms\n",
        all.size(), percentile(all, 0.5), percentile(all, 0.95), percentile(release, 0.5));
    std::printf(
        "open to a drawn what-if page: %.0f ms with models fitted on the fly, %.0f ms with stored "
        "models "
        "(goal < 1000 ms)\n",
        openFitting, openStored);
    std::printf("%s\n", loadAverage().c_str());
    if (errors > 0) {
        std::fprintf(stderr, "error: %d drag steps left a view behind the engine (see above)\n",
                     errors);
        return 4;
    }
    return 0;
}
