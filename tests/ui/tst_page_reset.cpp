// What the What-if and Scenarios pages show when the engineer switches to another project
// or dataset: nothing of the previous study (tiles, profiler traces, map, time chart,
// compared rows, optimiser result), a header that says what happened instead of
// "Preparing the simulation…", and an undo stack that never applies one dataset's
// settings to another's study.
#include <QFileInfo>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

#include "data/importer.h"
#include "data/project.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/main_window.h"
#include "ui/scenarios/scenario_overlay_chart.h"
#include "ui/scenarios/scenarios_page.h"
#include "ui/whatif/contour_view.h"
#include "ui/whatif/kpi_tiles.h"
#include "ui/whatif/profiler_grid.h"
#include "ui/whatif/simulation_chart.h"
#include "ui/whatif/what_if_page.h"
#include "ui/widgets/message_banner.h"
#include "ui_test_support.h"

using twinbench::ui::ScenariosPage;
using twinbench::ui::WhatIfControl;
using twinbench::ui::WhatIfPage;
using twinbench::ui::WhatIfState;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class PageResetTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString plantPath_;
    QString otherPath_;
    std::unique_ptr<WorkbenchDocument> document_;
    std::unique_ptr<WhatIfState> state_;
    std::unique_ptr<WhatIfPage> whatIf_;
    std::unique_ptr<ScenariosPage> scenarios_;

    bool waitLoaded() {
        if (auto* job = state_->loadJob()) job->waitForFinished();
        QApplication::processEvents();
        return state_->isLoaded();
    }

    // Number of data points the What-if views draw (tiles count as one each when they show
    // a number).
    int drawnPoints() const {
        int points = 0;
        auto* profiler = whatIf_->profiler();
        for (int r = 0; r < profiler->rowCount(); ++r)
            for (int c = 0; c < profiler->columnCount(); ++c)
                points += profiler->traceGraph(r, c)->dataCount();
        points += whatIf_->contour()->colourMap()->data()->keySize() *
                  whatIf_->contour()->colourMap()->data()->valueSize();
        for (int i = 0; i < whatIf_->chart()->graphCount(); ++i)
            points += whatIf_->chart()->graph(i)->dataCount();
        for (auto* label : whatIf_->tiles()->findChildren<QLabel*>())
            if (label->objectName().startsWith(QStringLiteral("kpi_")) &&
                label->text() != QStringLiteral("–"))
                ++points;
        return points;
    }

  private slots:
    void initTestCase() {
        t::isolateSettings();
        const QString sample = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);
        if (!QFileInfo(sample + QStringLiteral("/plant")).isDir())
            QSKIP("sample_data/plant is not there");
        plantPath_ = dir_.filePath(QStringLiteral("plant.twin"));
        twinbench::ui::buildSamplePlantProject(sample, plantPath_, {});
        {
            // The same plant a second time, as another dataset of the project.
            twinbench::Project project(twinbench::ui::toPath(plantPath_),
                                       twinbench::Project::Mode::open_existing);
            twinbench::ImportOptions options;
            options.files = twinbench::ui::samplePlantFiles(sample);
            options.dataset = "plant copy";
            options.time_zone = "Europe/Berlin";
            twinbench::import_files(project, options);
        }
        // A project the simulation cannot run on: one vibration signal, no process roles.
        otherPath_ = dir_.filePath(QStringLiteral("vibration.twin"));
        QByteArray csv("Timestamp,Vibration [mm/s]\n");
        for (int i = 0; i < 200; ++i)
            csv += QByteArrayLiteral("2026-01-01 ") + QByteArray::number(10 + i / 60) + ':' +
                   QByteArray::number(i % 60).rightJustified(2, '0') + ",1." +
                   QByteArray::number(i % 7) + '\n';
        const QString file = t::writeTextFile(dir_.path(), QStringLiteral("vibration.csv"), csv);
        {
            WorkbenchDocument other;
            QVERIFY(t::createProject(other, otherPath_));
            QVERIFY(t::importFiles(other, {file}));
        }

        document_ = std::make_unique<WorkbenchDocument>();
        QString error;
        QVERIFY2(document_->openProject(plantPath_, &error), qPrintable(error));
        QVERIFY(document_->selectDataset(QStringLiteral("plant"), &error));
        state_ = std::make_unique<WhatIfState>(*document_);
        state_->setMonteCarloRuns(0);
        whatIf_ = std::make_unique<WhatIfPage>(*document_, *state_);
        scenarios_ = std::make_unique<ScenariosPage>(*document_, *state_);
        whatIf_->resize(1400, 900);
        scenarios_->resize(1400, 900);
        whatIf_->show();
        scenarios_->show();
        QVERIFY2(waitLoaded(), qPrintable(state_->loadError()));
    }

    void switchingProjectLeavesNothingOfThePreviousStudy() {
        QVERIFY(state_->isLoaded());
        QVERIFY(drawnPoints() > 100);
        QVERIFY(scenarios_->comparisonTable()->rowCount() >= 1);
        QVERIFY(scenarios_->comparisonChart()->rowCount() >= 1);

        QSignalSpy failed(state_.get(), &WhatIfState::loadFailed);
        QString error;
        QVERIFY2(document_->openProject(otherPath_, &error), qPrintable(error));
        QVERIFY(failed.count() == 1 || failed.wait(60000));
        QApplication::processEvents();

        // Nothing of the sample plant is drawn any more.
        QCOMPARE(drawnPoints(), 0);
        QVERIFY(whatIf_->contour()->contourLevels().empty());
        QCOMPARE(scenarios_->comparisonTable()->rowCount(), 0);
        QCOMPARE(scenarios_->comparisonChart()->rowCount(), 0);
        QVERIFY(!scenarios_->optimizerResult().has_value());
        QVERIFY(!scenarios_->isEnabled());
        // The header says the simulation did not start, not that it is being prepared.
        QVERIFY2(!whatIf_->summary()->text().contains(QStringLiteral("Preparing")),
                 qPrintable(whatIf_->summary()->text()));
        QVERIFY(whatIf_->summary()->text().contains(QStringLiteral("vibration")));
        QVERIFY(!whatIf_->banner()->text().isEmpty());

        // No models: Save and Optimise say what to do, in the GUI's words (not the command
        // line's), instead of an empty banner or nothing.
        const auto saysWhatToDo = [](const QString& text) {
            return text.contains(QStringLiteral("Project page")) &&
                   text.contains(QStringLiteral("Models page")) &&
                   !text.contains(QStringLiteral("--"));
        };
        for (auto* banner : {whatIf_->banner(), scenarios_->banner()})
            QVERIFY2(saysWhatToDo(banner->text()), qPrintable(banner->text()));
        QVERIFY(!scenarios_->saveCurrent());
        QVERIFY2(saysWhatToDo(scenarios_->banner()->text()), qPrintable(scenarios_->banner()->text()));
        QVERIFY(!scenarios_->startOptimizer());
        QVERIFY2(saysWhatToDo(scenarios_->banner()->text()), qPrintable(scenarios_->banner()->text()));

        // Back to the plant: every view is drawn again.
        QVERIFY2(document_->openProject(plantPath_, &error), qPrintable(error));
        QVERIFY(document_->selectDataset(QStringLiteral("plant"), &error));
        QVERIFY2(waitLoaded(), qPrintable(state_->loadError()));
        QVERIFY(drawnPoints() > 100);
        QVERIFY(whatIf_->banner()->text().isEmpty() ||
                !whatIf_->banner()->text().contains(QStringLiteral("cannot start")));
    }

    void undoNeverAppliesOneDatasetsSettingsToAnother() {
        QVERIFY(state_->isLoaded());
        QCOMPARE(document_->datasetName(), QStringLiteral("plant"));
        auto* stack = document_->undoStack();
        const double speed = state_->settings().speed_m_per_min;
        state_->changeControl(WhatIfControl::speed, speed * 1.04);
        state_->changeControl(WhatIfControl::speed, speed * 1.08);
        stack->undo();
        QCOMPARE(state_->settings().speed_m_per_min, speed * 1.04);
        QVERIFY(stack->canRedo() && stack->canUndo());

        QString error;
        QVERIFY(document_->selectDataset(QStringLiteral("plant copy"), &error));
        QVERIFY2(waitLoaded(), qPrintable(state_->loadError()));
        const auto baseline = state_->baselineSettings();
        QVERIFY(state_->settings() == baseline);
        // The plant's steps are not applied to the copy's study, neither way.
        stack->redo();
        QVERIFY(state_->settings() == baseline);
        stack->undo();
        QVERIFY(state_->settings() == baseline);
        // A step made on the copy undoes as usual.
        state_->changeControl(WhatIfControl::speed, baseline.speed_m_per_min * 0.95);
        QCOMPARE(state_->settings().speed_m_per_min, baseline.speed_m_per_min * 0.95);
        stack->undo();
        QVERIFY(state_->settings() == baseline);
    }

    void reloadingTheStudyWarnsNothing() {
        // QCustomPlot says "removeItem ... item not in list" when asked to remove an item it
        // no longer has (a dangling pointer of ours): none while a study is (re)loaded.
        static QStringList plotWarnings;
        plotWarnings.clear();
        const auto previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext&, const QString& message) {
                if (message.contains(QStringLiteral("QCustomPlot"))) plotWarnings << message;
            });
        QString error;
        const QString other = document_->datasetName() == QStringLiteral("plant")
                                  ? QStringLiteral("plant copy")
                                  : QStringLiteral("plant");
        QVERIFY(document_->selectDataset(other, &error));
        const bool loaded = waitLoaded();
        qInstallMessageHandler(previous);
        QVERIFY(loaded);
        QVERIFY2(plotWarnings.isEmpty(), qPrintable(plotWarnings.join(QLatin1Char('\n'))));
    }

    void statusBarSaysModelsAreFittedForWhatIf() {
        // The sample project stores no models: the What-if page fits them for the session.
        // The status bar then must not say "Models: not fitted".
        QString error;
        QVERIFY2(document_->openProject(plantPath_, &error), qPrintable(error));
        QVERIFY(document_->storedModelKeys().isEmpty());
        twinbench::ui::MainWindow window(*document_);
        window.show();
        window.showPage(twinbench::ui::MainWindow::Page::whatif);
        if (auto* job = window.whatIfState()->loadJob()) job->waitForFinished();
        QApplication::processEvents();
        QVERIFY(window.whatIfState()->isLoaded());
        QVERIFY(window.whatIfState()->study()->models_fitted_now);
        const QString status = window.modelsLabel()->text();
        QVERIFY2(!status.contains(QStringLiteral("not fitted")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("fitted")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("not stored")), qPrintable(status));
    }

    void cleanupTestCase() {
        scenarios_.reset();
        whatIf_.reset();
        state_.reset();
        document_.reset();
    }
};

QTEST_MAIN(PageResetTest)
#include "tst_page_reset.moc"
