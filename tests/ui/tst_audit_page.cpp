// The audit page: runs the engine's audit in the background and shows the score, the
// per-column statistics and the findings the chart can jump to.
#include <QListWidget>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "ui/app/workbench_document.h"
#include "ui/audit/audit_page.h"
#include "ui/widgets/score_badge.h"
#include "ui_test_support.h"

using twinbench::ui::AuditPage;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class AuditPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { t::isolateSettings(); }

    void emptyProjectHasNoScore() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        AuditPage page(document);
        QVERIFY(!page.isRunning());
        QVERIFY(page.scoreBadge()->text().isEmpty());
        QCOMPARE(page.columnsTable()->rowCount(), 0);
    }

    void showsScoreColumnsAndFindings() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        AuditPage page(document);
        QSignalSpy audited(&page, &AuditPage::auditFinished);
        QVERIFY(t::importFiles(document, {csv.path}));  // the new dataset starts an audit
        QVERIFY(page.isRunning() || audited.count() > 0);
        if (audited.isEmpty()) QVERIFY(audited.wait(30000));
        QVERIFY(page.report());

        // The stuck stretch, the gap and the rejected row all cost points.
        const double score = page.scoreBadge()->score();
        QVERIFY2(score > 0.0 && score < 100.0, qPrintable(QString::number(score)));
        QCOMPARE(page.scoreBadge()->text(), QString::number(std::lround(score)));
        QVERIFY(page.reasonsList()->count() >= 2);
        const QString reasons = [&] {
            QStringList all;
            for (int i = 0; i < page.reasonsList()->count(); ++i) all << page.reasonsList()->item(i)->text();
            return all.join(QLatin1Char('\n'));
        }();
        QVERIFY2(reasons.contains(QStringLiteral("Furnace temperature")), qPrintable(reasons));

        auto* columns = page.columnsTable();
        QCOMPARE(columns->rowCount(), static_cast<int>(page.report()->columns.size()));
        int furnaceRow = -1;
        for (int r = 0; r < columns->rowCount(); ++r)
            if (columns->item(r, 0)->text() == QStringLiteral("Furnace temperature")) furnaceRow = r;
        QVERIFY(furnaceRow >= 0);
        using namespace twinbench::ui;
        QCOMPARE(columns->item(furnaceRow, audit_col_role)->text(), QStringLiteral("furnace_temp"));
        QCOMPARE(columns->item(furnaceRow, audit_col_kind)->text(), QStringLiteral("sensor"));
        QVERIFY(columns->item(furnaceRow, audit_col_stuck)->text().endsWith(QStringLiteral(" %")));
        QVERIFY(columns->item(furnaceRow, audit_col_stuck)->data(Qt::UserRole).toDouble() > 10.0);  // 45 of 240 rows
        QCOMPARE(columns->item(furnaceRow, audit_col_unit)->text(), QStringLiteral("°C"));

        // Findings: the stuck thermocouple and the gap, longest first, each clickable.
        auto* findings = page.findingsTable();
        QVERIFY(findings->rowCount() >= 2);
        int stuckRow = -1, gapRow = -1;
        for (int r = 0; r < findings->rowCount(); ++r) {
            if (findings->item(r, 1)->text() == QStringLiteral("Furnace temperature")) stuckRow = r;
            if (findings->item(r, 0)->text().contains(QStringLiteral("gap"))) gapRow = r;
        }
        QVERIFY(stuckRow >= 0 && gapRow >= 0);
        QSignalSpy requested(&page, &AuditPage::timeRangeRequested);
        page.activateFinding(stuckRow);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.front().at(2).toString(), QStringLiteral("Furnace temperature"));
        // The engine may trim the stretch's ends by a sample; it must be the planted one.
        QVERIFY(std::abs(requested.front().at(0).toDouble() - csv.stuckStartUtc) <= 2 * t::csv_step_s);
        QVERIFY(std::abs(requested.front().at(1).toDouble() - csv.stuckEndUtc) <= 2 * t::csv_step_s);
        page.activateFinding(gapRow);
        QCOMPARE(requested.count(), 2);
        QVERIFY(requested.back().at(2).toString().isEmpty());
        QVERIFY(requested.back().at(1).toDouble() - requested.back().at(0).toDouble() >= 20 * t::csv_step_s);
    }
};

QTEST_MAIN(AuditPageTest)
#include "tst_audit_page.moc"
