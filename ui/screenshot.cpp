#include "ui/screenshot.h"

#include <cstdio>

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>

#include "common/error.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/workbench_document.h"
#include "ui/app/background_job.h"
#include "ui/app/what_if_state.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/main_window.h"
#include "ui/whatif/what_if_page.h"

namespace twinbench::ui {
namespace {

int fail(const QString& message, int code) {
    std::fprintf(stderr, "error: %s\n", message.toUtf8().constData());
    return code;
}

// Lets layouts, queued signals and deferred repaints settle before the grab.
void settle(int milliseconds) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < milliseconds) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

}  // namespace

int renderScreenshot(WorkbenchDocument& document, MainWindow& window, const QString& projectPath, const QString& pngPath) {
    QString path = projectPath;
    if (path.isEmpty()) {
        path = samplePlantProjectPath();
        if (!samplePlantProjectReady(path)) {
            const QString dataDir = findSampleDataDir();
            if (dataDir.isEmpty())
                return fail(QStringLiteral("the sample plant data is not installed (no sample_data/plant next to the "
                                           "program or in the source tree); pass a PROJECT"),
                            static_cast<int>(twinbench::ExitCode::project_io));
            try {
                buildSamplePlantProject(dataDir, path, {});
            } catch (const twinbench::Error& e) {
                return fail(toQString(e.what()), static_cast<int>(e.code()));
            } catch (const std::exception& e) {
                return fail(toQString(e.what()), static_cast<int>(twinbench::ExitCode::project_io));
            }
        }
    }
    QString error;
    if (!document.openProject(path, &error)) return fail(error, static_cast<int>(twinbench::ExitCode::project_io));
    if (!document.hasDataset()) return fail(QStringLiteral("%1: the project holds no data").arg(path), 3);

    window.setAttribute(Qt::WA_DontShowOnScreen);  // render only; nothing flashes on a desktop
    window.resize(screenshot_width, screenshot_height);
    window.show();
    // The what-if page with its charts filled (PRODUCT.md): the study is prepared (models
    // fitted when the project holds none) and the Monte Carlo band computed before the grab.
    window.showPage(MainWindow::Page::whatif);
    if (window.whatIfPage()->showsGraph()) {
        // Any other process: the page's generic body, prepared and banded the same way.
        auto& graph = window.whatIfPage()->graphState();
        if (auto* job = graph.loadJob()) job->waitForFinished();
        if (!graph.isLoaded())
            return fail(graph.loadError().isEmpty() ? QStringLiteral("%1: the simulation cannot start").arg(path)
                                                    : graph.loadError(),
                        4);
        QElapsedTimer waited;
        waited.start();
        while (!graph.band() && waited.elapsed() < 5000) {
            if (auto* job = graph.monteCarloJob()) job->waitForFinished();
            QApplication::processEvents(QEventLoop::AllEvents, 20);
        }
        settle(200);
        const QPixmap image = window.grab();
        if (!image.save(pngPath, "PNG")) return fail(QStringLiteral("%1: cannot write the PNG").arg(pngPath), 5);
        return 0;
    }
    auto* state = window.whatIfState();
    if (auto* job = state->loadJob()) job->waitForFinished();
    if (!state->isLoaded())
        return fail(state->loadError().isEmpty() ? QStringLiteral("%1: the simulation cannot start").arg(path)
                                                 : state->loadError(),
                    4);
    settle(300);
    if (auto* job = state->monteCarloJob()) job->waitForFinished();
    QElapsedTimer waited;
    waited.start();
    while (!state->band() && waited.elapsed() < 5000) {
        if (auto* job = state->monteCarloJob()) job->waitForFinished();
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    settle(200);
    window.resize(screenshot_width, screenshot_height);
    settle(100);

    const QPixmap image = window.grab();
    if (!image.save(pngPath, "PNG")) return fail(QStringLiteral("%1: cannot write the PNG").arg(pngPath), 5);
    return 0;
}

}  // namespace twinbench::ui
