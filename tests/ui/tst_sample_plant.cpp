// The whole workbench on the shipped sample plant (90 days, 1-minute historian plus
// manual checks, maintenance log and batch list): "Open sample plant" end to end, every
// page filled with real data, and each page rendered to a PNG under the build tree
// (tests/ui/screenshots/) for a human to look at.
#include <cmath>

#include <QDir>
#include <QFileInfo>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include "ui/app/background_job.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/audit/audit_page.h"
#include "ui/charts/range_statistics_panel.h"
#include "ui/charts/time_series_plot.h"
#include "ui/data/data_page.h"
#include "ui/import/file_preview_widget.h"
#include "ui/import/import_page.h"
#include "ui/main_window.h"
#include "ui/widgets/role_combo_box.h"
#include "ui/widgets/score_badge.h"
#include "ui_test_support.h"

using twinbench::Role;
using twinbench::ui::MainWindow;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class SamplePlantTest : public QObject {
    Q_OBJECT

    QString sampleDir_ = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);

    static void save(QWidget& window, const QString& name) {
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        const QPixmap image = window.grab();
        QCOMPARE(image.size(), QSize(1600, 1000));
        QVERIFY(image.save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/") + name +
                           QStringLiteral(".png")));
    }

  private slots:
    void initTestCase() {
        t::isolateSettings();
        if (!QFileInfo(sampleDir_ + QStringLiteral("/plant")).isDir())
            QSKIP("sample_data/plant is not there yet");
        qputenv("TWINBENCH_SAMPLE_DATA_DIR", sampleDir_.toUtf8());
        QFile::remove(twinbench::ui::samplePlantProjectPath());
    }

    void openSamplePlantImportsOnceThenReuses() {
        WorkbenchDocument document;
        QString error;
        auto* job = document.openSamplePlant(&error);
        QVERIFY2(job, qPrintable(error));
        QSignalSpy finished(job, &twinbench::ui::BackgroundJob::finished);
        QVERIFY(finished.wait(120000));
        QVERIFY(document.isOpen());
        QCOMPARE(document.projectPath(), twinbench::ui::samplePlantProjectPath());
        QCOMPARE(document.datasetName(), QStringLiteral("plant"));
        QCOMPARE(document.timeZone().id(), QByteArray("Europe/Berlin"));
        QVERIFY(document.table()->row_count() > 100000);
        QVERIFY(!QFileInfo::exists(twinbench::ui::samplePlantProjectPath() +
                                   QStringLiteral(".partial")));

        WorkbenchDocument again;
        QVERIFY(!again.openSamplePlant(&error));  // no job: the project is reused
        QVERIFY(again.isOpen());
        QCOMPARE(again.table()->row_count(), document.table()->row_count());
    }

    void everyPageShowsTheSamplePlant() {
        WorkbenchDocument document;
        MainWindow window(document);
        window.resize(1600, 1000);
        window.show();
        QSignalSpy audited(window.auditPage(), &twinbench::ui::AuditPage::auditFinished);
        QTest::qWait(50);
        save(window, QStringLiteral("start"));
        window.openSamplePlant();
        QVERIFY(document.isOpen());
        QCOMPARE(window.currentPage(), MainWindow::Page::data);
        const auto rows = static_cast<int>(document.table()->row_count());

        auto* plot = window.dataPage()->plot();
        QCOMPARE(plot->seriesCount(), 4);
        QCOMPARE(plot->seriesName(0), QStringLiteral("Furnace temperature"));
        QCOMPARE(plot->seriesGraph(0)->data()->size(), rows);
        QTest::qWait(100);
        save(window, QStringLiteral("data"));

        // Manual checks as points, states and grades as steps, under the furnace temperature.
        window.dataPage()->setCheckedColumns(
            {QStringLiteral("Furnace temperature"), QStringLiteral("Core temperature"),
             QStringLiteral("Line state"), QStringLiteral("Material grade")});
        QCOMPARE(plot->seriesCount(), 4);
        QCOMPARE(plot->seriesGraph(1)->lineStyle(), QCPGraph::lsNone);
        std::size_t manualRows = 0;
        for (const auto& source : document.dataset()->sources)
            if (source.name == "manual_checks") manualRows = source.rows;
        // Each check lands on its nearest historian row; checks during gaps have none.
        const auto checks = static_cast<std::size_t>(plot->seriesGraph(1)->data()->size());
        QVERIFY2(manualRows > 50 && checks > manualRows * 9 / 10 && checks <= manualRows,
                 qPrintable(QStringLiteral("%1 of %2").arg(checks).arg(manualRows)));
        QCOMPARE(plot->seriesGraph(2)->lineStyle(), QCPGraph::lsStepLeft);
        QCOMPARE(plot->seriesGraph(3)->lineStyle(), QCPGraph::lsStepLeft);
        plot->showTimeRange(plot->dataTimeRange().lower + 20 * 86400.0,
                            plot->dataTimeRange().lower + 27 * 86400.0, false);
        QTest::qWait(50);
        save(window, QStringLiteral("data_mixed"));

        if (audited.isEmpty()) QVERIFY(audited.wait(60000));
        auto* audit = window.auditPage();
        QVERIFY(audit->scoreBadge()->score() > 0 && audit->scoreBadge()->score() < 100);
        bool stuck = false;
        for (int r = 0; r < audit->findingsTable()->rowCount(); ++r)
            stuck |= audit->findingsTable()->item(r, 0)->text() == QStringLiteral("stuck sensor");
        QVERIFY2(stuck, "the sample plant has a stuck thermocouple stretch");
        window.showPage(MainWindow::Page::audit);
        QTest::qWait(50);
        save(window, QStringLiteral("audit"));
        auto* tabs = audit->findChild<QTabWidget*>();
        QVERIFY(tabs);
        tabs->setCurrentIndex(1);
        QTest::qWait(50);
        save(window, QStringLiteral("audit_findings"));
        tabs->setCurrentIndex(2);
        QVERIFY(audit->envelopeTable()->rowCount() >= 2);  // speed and setpoint at least
        QTest::qWait(50);
        save(window, QStringLiteral("audit_envelope"));
        tabs->setCurrentIndex(0);

        // The stuck stretch, clicked, is shown on the chart.
        for (int r = 0; r < audit->findingsTable()->rowCount(); ++r)
            if (audit->findingsTable()->item(r, 0)->text() == QStringLiteral("stuck sensor")) {
                audit->activateFinding(r);
                break;
            }
        QCOMPARE(window.currentPage(), MainWindow::Page::data);
        QVERIFY(plot->timeRange().size() < 0.1 * plot->dataTimeRange().size());
        QTest::qWait(50);
        save(window, QStringLiteral("data_finding"));

        auto* import = window.importPage();
        QSignalSpy previewed(import, &twinbench::ui::ImportPage::previewReady);
        import->setFiles({sampleDir_ + QStringLiteral("/plant/historian_2026-03.csv.gz"),
                          sampleDir_ + QStringLiteral("/plant/manual_checks.csv.gz")});
        QVERIFY(previewed.wait(60000));
        QCOMPARE(import->previewCount(), 2);
        auto* historian = import->preview(0);
        QVERIFY(historian->detectionSummary().contains(QStringLiteral("gzip")));
        QCOMPARE(historian->roleCombo(QStringLiteral("Furnace temperature"))->role(),
                 Role::furnace_temp);
        QCOMPARE(historian->roleCombo(QStringLiteral("Line speed"))->role(), Role::speed);
        window.showPage(MainWindow::Page::import);
        QTest::qWait(50);
        save(window, QStringLiteral("import"));

        window.showPage(MainWindow::Page::project);
        QTest::qWait(50);
        save(window, QStringLiteral("project"));

        // File > Export report offers the What-if page's settings once they differ from
        // the baseline (and no optimisation before one has run).
        auto* state = window.whatIfState();
        window.showPage(MainWindow::Page::whatif);
        if (auto* job = state->loadJob()) job->waitForFinished();
        QTRY_VERIFY_WITH_TIMEOUT(state->isLoaded(), 60000);
        QVERIFY(!window.unsavedStudy().whatIf);
        state->changeControl(twinbench::ui::WhatIfControl::setpoint, state->settings().setpoint_degC + 3.0);
        const auto unsaved = window.unsavedStudy();
        QVERIFY(unsaved.whatIf.has_value());
        QCOMPARE(unsaved.whatIf->changes.size(), std::size_t{1});
        QCOMPARE(unsaved.whatIf->changes.front().control, twinbench::Control::setpoint);
        QVERIFY(!unsaved.optimisation);
    }

    void abCursorsOnTheSamplePlant() {
        // Energy total and scrap rate of a week between the cursors, against sums taken
        // straight from the imported table.
        WorkbenchDocument document;
        MainWindow window(document);
        window.resize(1600, 1000);
        window.show();
        QString error;
        if (auto* job = document.openSamplePlant(&error)) {  // imported when run on its own
            QSignalSpy finished(job, &twinbench::ui::BackgroundJob::finished);
            QVERIFY(finished.wait(120000));
        }
        QVERIFY2(document.isOpen(), qPrintable(error));
        window.showPage(MainWindow::Page::data);
        auto* page = window.dataPage();
        page->setCheckedColumns({QStringLiteral("Furnace temperature"), QStringLiteral("Energy"),
                                 QStringLiteral("Parts produced"),
                                 QStringLiteral("Parts scrapped")});
        auto* plot = page->plot();
        QCOMPARE(plot->seriesCount(), 4);
        plot->setCursorsVisible(true);
        const double start = plot->dataTimeRange().lower + 30 * 86400.0;
        const double end = start + 7 * 86400.0;
        plot->setCursorTime(twinbench::ui::AbCursor::a, start);
        plot->setCursorTime(twinbench::ui::AbCursor::b, end);

        const auto table = document.table();
        const auto* energy = table->find_role(Role::energy);
        const auto* produced = table->find_role(Role::produced);
        const auto* scrap = table->find_role(Role::scrap);
        QVERIFY(energy && produced && scrap);
        double kwh = 0, made = 0, scrapped = 0;
        for (std::size_t i = 0; i < table->row_count(); ++i) {
            if (table->time_s[i] < start || table->time_s[i] > end) continue;
            if (!std::isnan(energy->values[i])) kwh += energy->values[i];
            if (!std::isnan(produced->values[i]) && !std::isnan(scrap->values[i])) {
                made += produced->values[i];
                scrapped += scrap->values[i];
            }
        }
        const auto& st = page->rangeStatistics()->statistics();
        QCOMPARE(st.series[1].role, Role::energy);
        QVERIFY(st.series[1].hasTotal);
        QVERIFY2(std::abs(st.series[1].stats.sum - kwh) <= 1e-9 * kwh,
                 qPrintable(QString::number(st.series[1].stats.sum - kwh)));
        QVERIFY(st.scrapRate.has_value());
        QCOMPARE(st.scrapRate->ratio.numerator, scrapped);
        QCOMPARE(st.scrapRate->ratio.denominator, made);
        QVERIFY(made > 1000 && scrapped > 0);
        plot->showTimeRange(start - 2 * 86400.0, end + 2 * 86400.0, false);
        QTest::qWait(100);
        save(window, QStringLiteral("data_cursors"));

        // The same in the dark scheme, then back to the platform's.
        window.setColourScheme(QStringLiteral("dark"));
        QTest::qWait(100);
        save(window, QStringLiteral("data_cursors_dark"));
        window.setColourScheme(QStringLiteral("system"));
    }
};

QTEST_MAIN(SamplePlantTest)
#include "tst_sample_plant.moc"
