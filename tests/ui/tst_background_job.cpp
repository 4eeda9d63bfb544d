// BackgroundJob (progress, errors, cancel) and what cancelling an import means for the
// project: nothing changes.
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "common/error.h"
#include "ui/app/background_job.h"
#include "ui/app/workbench_document.h"
#include "ui/import/import_page.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"
#include "ui_test_support.h"

using twinbench::ui::BackgroundJob;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class BackgroundJobTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { t::isolateSettings(); }

    void reportsProgressOnTheGuiThread() {
        QThread* worker = nullptr;
        BackgroundJob job(QStringLiteral("count"), [&worker](const twinbench::ProgressCallback& progress) {
            worker = QThread::currentThread();
            for (int i = 1; i <= 5; ++i) {
                progress(i / 5.0, "step");
                QThread::msleep(40);  // slower than the progress throttle, so each step shows
            }
        });
        QThread* receivedOn = nullptr;
        QList<double> fractions;
        connect(&job, &BackgroundJob::progressChanged, this, [&](double fraction, const QString&) {
            receivedOn = QThread::currentThread();
            fractions << fraction;
        });
        QSignalSpy succeeded(&job, &BackgroundJob::succeeded);
        QSignalSpy finished(&job, &BackgroundJob::finished);
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(succeeded.count(), 1);
        QCOMPARE(job.outcome(), BackgroundJob::Outcome::succeeded);
        QVERIFY(worker != QThread::currentThread());
        QCOMPARE(receivedOn, QThread::currentThread());
        QVERIFY(fractions.size() >= 3);
        QCOMPARE(fractions.back(), 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    }

    void turnsEngineErrorsIntoMessages_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code");
        QTest::newRow("bad input") << 0 << QStringLiteral("f.csv:3:2: not a number") << 3;
        QTest::newRow("project") << 1 << QStringLiteral("study.twin: cannot open") << 5;
        QTest::newRow("std exception") << 2 << QStringLiteral("bad_alloc-ish") << 0;
    }
    void turnsEngineErrorsIntoMessages() {
        QFETCH(int, kind);
        QFETCH(QString, message);
        QFETCH(int, code);
        BackgroundJob job(QStringLiteral("fail"), [kind](const twinbench::ProgressCallback&) {
            if (kind == 0) throw twinbench::BadInputError({"f.csv", 3, 2}, "not a number");
            if (kind == 1) throw twinbench::ProjectError("study.twin: cannot open");
            throw std::runtime_error("bad_alloc-ish");
        });
        QSignalSpy failed(&job, &BackgroundJob::failed);
        job.start();
        job.waitForFinished();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.front().front().toString(), message);
        QCOMPARE(job.errorCode(), code);
        QCOMPARE(job.outcome(), BackgroundJob::Outcome::failed);
    }

    void cancelStopsAtTheNextProgressCheck() {
        std::atomic<int> steps{0};
        BackgroundJob job(QStringLiteral("endless"), [&steps](const twinbench::ProgressCallback& progress) {
            for (int i = 0; i < 100000; ++i) {
                ++steps;
                if (!progress(i / 100000.0, "spin")) throw twinbench::Cancelled();
                QThread::msleep(1);
            }
        });
        QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
        QSignalSpy progressed(&job, &BackgroundJob::progressChanged);
        job.start();
        QVERIFY(progressed.wait(10000));
        job.cancel();
        job.waitForFinished();
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(job.outcome(), BackgroundJob::Outcome::cancelled);
        QVERIFY(steps.load() < 100000);
    }

    void cancelledImportLeavesProjectUnchanged() {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, project));
        const auto small = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        QVERIFY(t::importFiles(document, {small.path}));
        const std::size_t rowsBefore = t::storedRows(project);
        QCOMPARE(rowsBefore, static_cast<std::size_t>(small.rowsWritten));
        const QStringList datasetsBefore = document.datasetNames();

        // Big enough that the parser reaches several progress checks (every 16,384 rows).
        t::PlantCsvSpec bigSpec;
        bigSpec.rows = 200000;
        const auto big = t::writePlantCsv(dir.path(), QStringLiteral("furnace_march.csv"), bigSpec);

        twinbench::ui::ImportPage page(document);
        QSignalSpy previewed(&page, &twinbench::ui::ImportPage::previewReady);
        page.setFiles({big.path});
        QVERIFY(previewed.wait(30000));
        QSignalSpy done(&page, &twinbench::ui::ImportPage::importFinished);
        QVERIFY(page.startImport());
        QVERIFY(document.runningImport());
        QVERIFY(page.progress()->isVisibleTo(&page));
        QTest::mouseClick(page.progress()->cancelButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.front().front().toBool(), false);
        QVERIFY(page.banner()->text().contains(QStringLiteral("cancelled")));
        QVERIFY(!document.runningImport());

        QCOMPARE(t::storedRows(project), rowsBefore);
        QCOMPARE(document.datasetNames(), datasetsBefore);
        QCOMPARE(document.table()->row_count(), static_cast<std::size_t>(small.rowsWritten));
    }
};

QTEST_MAIN(BackgroundJobTest)
#include "tst_background_job.moc"
