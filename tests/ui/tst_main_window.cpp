// The window as a whole: steps, status bar, undo through the Edit menu's stack, and an
// audit finding taking the engineer to the chart.
#include <atomic>
#include <chrono>
#include <memory>
#include <string_view>
#include <thread>

#include <QAction>
#include <QDialog>
#include <QMenu>
#include <QTextBrowser>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/settings.h"
#include "ui/app/workbench_document.h"
#include "ui/audit/audit_page.h"
#include "ui/charts/time_series_plot.h"
#include "ui/data/data_page.h"
#include "ui/main_window.h"
#include "ui/models/models_page.h"
#include "ui/project/dataset_columns_table.h"
#include "ui/project/project_page.h"
#include "ui/widgets/colour_scheme.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/role_combo_box.h"
#include "ui_test_support.h"

using twinbench::Role;
using twinbench::ui::MainWindow;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class MainWindowTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() { t::isolateSettings(); }

    void startsOnTheProjectPage() {
        WorkbenchDocument document;
        MainWindow window(document);
        QCOMPARE(window.currentPage(), MainWindow::Page::project);
        QVERIFY(window.projectPage()->samplePlantButton()->isEnabled());
        QCOMPARE(window.rangeLabel()->text(), QStringLiteral("No project open"));
        QStringList menus;
        for (auto* action : window.menuBar()->actions()) menus << action->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"),
                                     QStringLiteral("&Go"), QStringLiteral("&View"),
                                     QStringLiteral("&Tools"), QStringLiteral("&Help")}));
        QCOMPARE(window.modelsLabel()->text(), QStringLiteral("Models: not fitted"));
    }

    void missingSampleDataIsExplainedInTheWindow() {
        // The tests point TWINBENCH_SAMPLE_DATA_DIR at an empty place (see CMakeLists.txt).
        QTemporaryDir dir;
        qputenv("TWINBENCH_SAMPLE_DATA_DIR", dir.path().toUtf8());
        WorkbenchDocument document;
        MainWindow window(document);
        QFile::remove(twinbench::ui::samplePlantProjectPath());
        window.openSamplePlant();
        QCOMPARE(window.currentPage(), MainWindow::Page::project);
        QVERIFY2(window.projectPage()->banner()->text().contains(
                     QStringLiteral("sample plant data is not installed")),
                 qPrintable(window.projectPage()->banner()->text()));
    }

    void colourSchemeIsAppliedAndRemembered() {
        twinbench::ui::settings::colourScheme.set(
            QStringLiteral("system"));  // test settings outlive a run
        const QColor platformWindow = QApplication::palette().color(QPalette::Window);
        WorkbenchDocument document;
        {
            MainWindow window(document);
            auto* dark = window.findChild<QAction*>(QStringLiteral("scheme_dark"));
            QVERIFY(dark);
            QVERIFY(window.findChild<QAction*>(QStringLiteral("scheme_system"))->isChecked());
            dark->trigger();
            QVERIFY(dark->isChecked());
            QCOMPARE(QApplication::palette().color(QPalette::Window),
                     twinbench::ui::darkPalette().color(QPalette::Window));
            QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 64);
            // The charts follow: the data chart's plot area takes the dark base colour.
            QTRY_COMPARE(window.dataPage()->plot()->palette().color(QPalette::Base),
                         twinbench::ui::darkPalette().color(QPalette::Base));
            QCOMPARE(twinbench::ui::settings::colourScheme.get(), QStringLiteral("dark"));
        }
        {
            // The next session starts dark; System brings back the platform's palette.
            MainWindow window(document);
            QVERIFY(window.findChild<QAction*>(QStringLiteral("scheme_dark"))->isChecked());
            QCOMPARE(QApplication::palette().color(QPalette::Window),
                     twinbench::ui::darkPalette().color(QPalette::Window));
            window.findChild<QAction*>(QStringLiteral("scheme_light"))->trigger();
            QCOMPARE(QApplication::palette().color(QPalette::Base), QColor(Qt::white));
            window.findChild<QAction*>(QStringLiteral("scheme_system"))->trigger();
            QCOMPARE(QApplication::palette().color(QPalette::Window), platformWindow);
            QCOMPARE(twinbench::ui::settings::colourScheme.get(), QStringLiteral("system"));
        }
    }

    void windowGeometryIsRemembered() {
        WorkbenchDocument document;
        {
            MainWindow window(document);
            window.show();
            window.resize(1234, 777);
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QTRY_COMPARE(window.size(), QSize(1234, 777));
            window.close();
        }
        MainWindow again(document);
        QCOMPARE(again.size(), QSize(1234, 777));
    }

    void statusBarShowsModelStatus() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        {
            WorkbenchDocument setup;
            QVERIFY(t::createProject(setup, project));
            QVERIFY(t::importFiles(setup, {csv.path}));
        }
        WorkbenchDocument document;
        MainWindow window(document);
        window.openProject(project);
        QCOMPARE(window.modelsLabel()->text(), QStringLiteral("Models: not fitted"));
        QSignalSpy finished(window.modelsPage(), &twinbench::ui::ModelsPage::fitFinished);
        window.modelsPage()->fitAll();
        QCOMPARE(window.modelsLabel()->text(), QStringLiteral("Models: fitting…"));
        QVERIFY(finished.wait(120000));
        // The furnace template's models and the process graph's other outputs, each a tab.
        const int fitted = static_cast<int>(window.modelsPage()->modelKeys().size() +
                                            window.modelsPage()->outputCards().size());
        QVERIFY2(window.modelsLabel()->text().startsWith(
                     QStringLiteral("Models: %1 fitted").arg(fitted)),
                 qPrintable(window.modelsLabel()->text()));
        // New roles make the fit stale.
        window.showPage(MainWindow::Page::project);
        QVERIFY(document.changeRole(QStringLiteral("Extra signal"), Role::humidity));
        QCOMPARE(window.modelsLabel()->text(), QStringLiteral("Models: not fitted"));
    }

    void statusUndoAndFindingNavigation() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        {
            WorkbenchDocument setup;
            QVERIFY(t::createProject(setup, project));
            QVERIFY(t::importFiles(setup, {csv.path}));
        }
        WorkbenchDocument document;
        MainWindow window(document);
        window.resize(1400, 900);
        window.show();
        QSignalSpy audited(window.auditPage(), &twinbench::ui::AuditPage::auditFinished);
        window.openProject(project);
        QVERIFY(document.isOpen());
        QCOMPARE(window.currentPage(), MainWindow::Page::data);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("study.twin")));
        QCOMPARE(window.rowsLabel()->text(), QStringLiteral("%1 rows").arg(csv.rowsWritten));
        QCOMPARE(window.rejectedLabel()->text(), QStringLiteral("1 rejected"));
        QVERIFY(window.rangeLabel()->text().contains(QStringLiteral("2026-02-16 00:00")));
        QCOMPARE(window.dataPage()->plot()->seriesCount(), 4);

        // A role changed on the Project page is one undo step of the Edit menu.
        window.showPage(MainWindow::Page::project);
        auto* combo =
            window.projectPage()->columnsTable()->roleCombo(QStringLiteral("Extra signal"));
        QVERIFY(combo);
        QCOMPARE(combo->role(), Role::none);
        combo->setCurrentIndex(combo->findText(QStringLiteral("humidity")));
        emit combo->activated(combo->currentIndex());
        QTRY_COMPARE(
            t::storedRole(project, QStringLiteral("furnace"), QStringLiteral("Extra signal")),
            Role::humidity);
        QCOMPARE(document.undoStack()->count(), 1);
        QVERIFY(document.undoStack()->undoText().contains(QStringLiteral("Extra signal")));
        document.undoStack()->undo();
        QCOMPARE(t::storedRole(project, QStringLiteral("furnace"), QStringLiteral("Extra signal")),
                 Role::none);
        QCOMPARE(
            window.projectPage()->columnsTable()->roleCombo(QStringLiteral("Extra signal"))->role(),
            Role::none);

        // A clicked finding opens the chart on its time range.
        if (window.auditPage()->isRunning() || audited.isEmpty()) QVERIFY(audited.wait(30000));
        QVERIFY(window.auditPage()->findingsTable()->rowCount() > 0);
        window.showPage(MainWindow::Page::audit);
        window.auditPage()->activateFinding(0);
        QCOMPARE(window.currentPage(), MainWindow::Page::data);
        const auto range = window.dataPage()->plot()->timeRange();
        QVERIFY(range.size() < window.dataPage()->plot()->dataTimeRange().size());
    }

    void quittingDuringAnImportAsksFirst() {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        t::PlantCsvSpec spec;
        spec.rows = 500;
        const auto small = t::writePlantCsv(dir.path(), QStringLiteral("day.csv"), spec);
        WorkbenchDocument document;
        MainWindow window(document);
        window.show();
        QVERIFY(t::createProject(document, project));
        // The import is held at its first progress report until the window has asked to
        // cancel it, so the test does not race the machine's speed: without the hold a small
        // file is stored before the question is even asked.
        auto job = std::make_shared<std::atomic<const twinbench::ui::BackgroundJob*>>(nullptr);
        twinbench::ImportOptions options;
        options.files = {twinbench::ui::toPath(small.path)};
        options.time_zone = "UTC";
        options.progress = [job](double, std::string_view) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            for (;;) {
                const auto* running = job->load();
                if ((running && running->isCancelRequested()) ||
                    std::chrono::steady_clock::now() > deadline)
                    return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        };
        auto* started = document.startImport(options);
        QVERIFY(started);
        job->store(started);

        // "No": the window stays and the import goes on.
        QTimer::singleShot(50, this, [] { answerQuestion(QMessageBox::No); });
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QVERIFY(document.runningImport());

        // "Yes": the import is cancelled, the window closes, the project is as before.
        QTimer::singleShot(50, this, [] { answerQuestion(QMessageBox::Yes); });
        QVERIFY(window.close());
        QVERIFY(!document.runningImport());
        QCOMPARE(t::storedRows(project), 0u);
        QVERIFY(document.datasetNames().isEmpty());
    }

    void helpHasAShortGuide() {
        WorkbenchDocument document;
        MainWindow window(document);
        window.show();
        QMenu* help = nullptr;
        for (auto* action : window.menuBar()->actions())
            if (action->text().remove(QLatin1Char('&')) == QStringLiteral("Help")) help = action->menu();
        QVERIFY(help);
        QAction* guide = nullptr;
        for (auto* action : help->actions())
            if (action->text().remove(QLatin1Char('&')).contains(QStringLiteral("guide"), Qt::CaseInsensitive))
                guide = action;
        QVERIFY2(guide, "no guide in the Help menu");
        guide->trigger();
        auto* dialog = window.findChild<QDialog*>(QStringLiteral("quickGuide"));
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto* text = dialog->findChild<QTextBrowser*>();
        QVERIFY(text);
        // The steps, by the names of the pages the engineer sees on the left.
        for (const char* page : {"Project", "Import", "Audit", "Models", "Data", "What-if", "Scenarios"})
            QVERIFY2(text->toPlainText().contains(QString::fromUtf8(page)), page);
        dialog->close();
    }

  private:
    static void answerQuestion(QMessageBox::StandardButton answer) {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("import is still running")));
        QTest::mouseClick(box->button(answer), Qt::LeftButton);
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
