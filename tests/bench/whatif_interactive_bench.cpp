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
#include <cstdio>
#include <string>
#include <vector>

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>

#include "data/project.h"
#include "models/model_fitting.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/main_window.h"
#include "ui/whatif/contour_view.h"
#include "ui/whatif/envelope_slider.h"
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
    auto& page = *window.whatIfPage();
    drawAll(page);
    const ui::WhatIfControl controls[] = {ui::WhatIfControl::speed,
                                          ui::WhatIfControl::setpoint,
                                          ui::WhatIfControl::maintenance_interval,
                                          ui::WhatIfControl::check_interval,
                                          ui::WhatIfControl::peak_price,
                                          ui::WhatIfControl::offpeak_price};
    std::vector<double> all, release;
    std::printf("what-if interactive bench: %zu steps per simulation, %d positions per slider\n",
                state->window().inputs.steps(), positions);
    for (auto control : controls) {
        auto* slider = page.parameters()->slider(control);
        std::vector<double> frame;
        slider->setSliderDown(true);
        for (int p = 0; p < positions; ++p) {
            const int position = static_cast<int>(
                std::lround(ui::EnvelopeSlider::steps * p / double(positions - 1)));
            const auto t0 = clock_type::now();
            slider->setValue(position);  // emits: simulate, profiles, map, tiles, charts
            drawAll(page);
            frame.push_back(ms_since(t0));
        }
        const auto t0 = clock_type::now();
        slider->setSliderDown(false);  // release: the fine profile grid
        drawAll(page);
        release.push_back(ms_since(t0));
        std::printf("  %-22s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms  release %6.1f ms\n",
                    state->range(control).name.toUtf8().constData(), percentile(frame, 0.5),
                    percentile(frame, 0.95), *std::max_element(frame.begin(), frame.end()),
                    release.back());
        all.insert(all.end(), frame.begin(), frame.end());
    }
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
    return 0;
}
