// The models page: "Fit all models" on the shipped sample plant lists every model with
// its terms, the core-temperature soft sensor chart and the check-interval table; a
// dataset without roles lists why each model could not be fitted.
#include <QDir>
#include <QFileInfo>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>

#include "ui/app/background_job.h"
#include "ui/app/sample_plant.h"
#include "ui/app/workbench_document.h"
#include "ui/models/models_page.h"
#include "ui_test_support.h"

using twinbench::ui::ModelsPage;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class ModelsPageTest : public QObject {
    Q_OBJECT

    QString sampleDir_ = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);

    static void fitAndWait(ModelsPage& page) {
        QSignalSpy finished(&page, &ModelsPage::fitFinished);
        QTest::mouseClick(page.fitButton(), Qt::LeftButton);
        QVERIFY(page.isRunning() || finished.count() > 0);
        if (finished.isEmpty()) QVERIFY(finished.wait(240000));
        QVERIFY(!page.isRunning());
    }

private slots:
    void initTestCase() { t::isolateSettings(); }

    void emptyProjectCannotFit() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        ModelsPage page(document);
        QVERIFY(!page.fitButton()->isEnabled());
        page.fitAll();
        QVERIFY(!page.isRunning());
        QVERIFY(page.modelKeys().isEmpty());
    }

    void datasetWithoutRolesListsTheReasons() {
        QTemporaryDir dir;
        QByteArray csv = "when,a,b\n";
        for (int i = 0; i < 200; ++i)
            csv += QStringLiteral("2026-02-16 %1:%2:00,%3,%4\n")
                       .arg(i / 60, 2, 10, QLatin1Char('0'))
                       .arg(i % 60, 2, 10, QLatin1Char('0'))
                       .arg(1.5 * i)
                       .arg(i % 7)
                       .toUtf8();
        const auto file = t::writeTextFile(dir.path(), QStringLiteral("signals.csv"), csv);
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        QVERIFY(t::importFiles(document, {file}));
        ModelsPage page(document);
        page.resize(1200, 800);
        page.show();
        fitAndWait(page);
        QVERIFY(page.modelKeys().isEmpty());
        QVERIFY(!page.softSensorPlot());
        auto* skipped = page.skippedTable();
        QCOMPARE(skipped->rowCount(), 4);
        QStringList keys;
        for (int r = 0; r < skipped->rowCount(); ++r) {
            keys << skipped->item(r, 0)->data(Qt::UserRole).toString();
            QVERIFY(!skipped->item(r, 1)->text().isEmpty());
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("temperature"), QStringLiteral("defect"), QStringLiteral("energy"),
                                    QStringLiteral("throughput")}));
        QCOMPARE(page.modelTabs()->count(), 1);
    }

    void fitsTheSamplePlant() {
        if (!QFileInfo(sampleDir_ + QStringLiteral("/plant")).isDir()) QSKIP("sample_data/plant is not there yet");
        qputenv("TWINBENCH_SAMPLE_DATA_DIR", sampleDir_.toUtf8());
        WorkbenchDocument document;
        QString error;
        if (auto* job = document.openSamplePlant(&error)) {
            QSignalSpy finished(job, &twinbench::ui::BackgroundJob::finished);
            QVERIFY(finished.wait(240000));
        }
        QVERIFY2(document.isOpen() && document.hasDataset(), qPrintable(error));

        ModelsPage page(document);
        page.resize(1600, 1000);
        page.show();
        fitAndWait(page);

        const QStringList keys = page.modelKeys();
        for (const char* key : {"temperature", "defect", "energy", "throughput"})
            QVERIFY2(keys.contains(QLatin1String(key)), qPrintable(keys.join(QLatin1Char(','))));
        for (const auto& key : keys) {
            QVERIFY(page.termsTable(key)->rowCount() > 0);
            QVERIFY(page.metricsTable(key)->rowCount() > 0);
        }

        auto* terms = page.termsTable(QStringLiteral("temperature"));
        int tauRow = -1;
        for (int r = 0; r < terms->rowCount(); ++r)
            if (terms->item(r, twinbench::ui::term_col_name)->text() == QStringLiteral("tau")) tauRow = r;
        QVERIFY(tauRow >= 0);
        const double tau = terms->item(tauRow, twinbench::ui::term_col_estimate)->data(Qt::UserRole).toDouble();
        QVERIFY2(std::abs(tau - 25.0) <= 2.5, qPrintable(QString::number(tau)));
        const double se = terms->item(tauRow, twinbench::ui::term_col_std_error)->data(Qt::UserRole).toDouble();
        const double low = terms->item(tauRow, twinbench::ui::term_col_ci_low)->data(Qt::UserRole).toDouble();
        QVERIFY(std::abs(low - (tau - 1.96 * se)) < 1e-9 * std::max(1.0, std::abs(tau)));

        // Estimate, band (lower and upper edge) and the manual checks.
        auto* plot = page.softSensorPlot();
        QVERIFY(plot);
        QCOMPARE(plot->graphCount(), 4);
        QVERIFY(plot->graph(0)->data()->size() > 100000);
        QCOMPARE(plot->graph(1)->data()->size(), plot->graph(0)->data()->size());
        QCOMPARE(plot->graph(2)->channelFillGraph(), plot->graph(1));
        QCOMPARE(plot->graph(3)->lineStyle(), QCPGraph::lsNone);
        QVERIFY(plot->graph(3)->data()->size() > 50);

        // Against held-out checks the 24 h row need not meet +-5 degC, but spacing the
        // checks further must cost accuracy.
        auto* intervals = page.checkIntervalTable();
        QVERIFY(intervals);
        QCOMPARE(intervals->rowCount(), 3);
        QCOMPARE(intervals->item(0, twinbench::ui::interval_col_hours)->text(), QStringLiteral("24"));
        QCOMPARE(intervals->item(2, twinbench::ui::interval_col_hours)->text(), QStringLiteral("168"));
        const double rmse24 = intervals->item(0, twinbench::ui::interval_col_rmse)->data(Qt::UserRole).toDouble();
        const double rmse168 = intervals->item(2, twinbench::ui::interval_col_rmse)->data(Qt::UserRole).toDouble();
        QVERIFY2(rmse24 < rmse168, qPrintable(QStringLiteral("%1 vs %2").arg(rmse24).arg(rmse168)));
        const QString meets = intervals->item(0, twinbench::ui::interval_col_meets)->text();
        QVERIFY(meets == QStringLiteral("yes") || meets == QStringLiteral("no"));

        page.modelTabs()->setCurrentIndex(0);
        QTest::qWait(100);
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        const QPixmap image = page.grab();
        QVERIFY(image.save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/models.png")));
        page.modelTabs()->setCurrentIndex(1);
        QTest::qWait(50);
        QVERIFY(page.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/models_defect.png")));
    }
};

QTEST_MAIN(ModelsPageTest)
#include "tst_models_page.moc"
