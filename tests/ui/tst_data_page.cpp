// The time-series explorer: checked columns become strips with all their data, sparse
// sources become points, and a requested range is shown.
#include <cmath>

#include <QElapsedTimer>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "ui/app/workbench_document.h"
#include "ui/charts/time_series_plot.h"
#include "ui/data/data_page.h"
#include "ui_test_support.h"

using twinbench::ui::DataPage;
using twinbench::ui::PlotSeries;
using twinbench::ui::TimeSeriesPlot;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class DataPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { t::isolateSettings(); }

    void plotsCheckedColumns() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        DataPage page(document);
        QCOMPARE(page.plot()->seriesCount(), 0);
        QVERIFY(t::importFiles(document, {csv.path}));

        // A new dataset opens on the key signals, by role, in table order.
        QCOMPARE(page.checkedColumns(), (QStringList{QStringLiteral("Furnace temperature"), QStringLiteral("Furnace setpoint"),
                                                     QStringLiteral("Line speed"), QStringLiteral("Parts scrapped")}));
        QCOMPARE(page.plot()->seriesCount(), 4);
        for (int i = 0; i < 4; ++i) QCOMPARE(page.plot()->seriesGraph(i)->data()->size(), csv.rowsWritten);
        // ...and draws them in the order asked for: the measured temperature on top.
        QCOMPARE(page.plot()->seriesName(0), QStringLiteral("Furnace temperature"));
        QCOMPARE(page.plot()->seriesName(2), QStringLiteral("Line speed"));

        page.setCheckedColumns({QStringLiteral("Hall temperature"), QStringLiteral("Extra signal")});
        QCOMPARE(page.plot()->seriesCount(), 2);
        QCOMPARE(page.plot()->seriesName(0), QStringLiteral("Hall temperature"));
        QCOMPARE(page.plot()->seriesGraph(1)->data()->size(), csv.rowsWritten);
        QCOMPARE(page.plot()->seriesGraph(1)->lineStyle(), QCPGraph::lsLine);
        // Data in UTC seconds, first and last sample as imported.
        QCOMPARE(page.plot()->seriesGraph(0)->data()->constBegin()->key, t::csv_start_utc);

        page.setCheckedColumns({});
        QCOMPARE(page.plot()->seriesCount(), 0);
    }

    void countsHaveWholeNumberTicks() {
        // "Parts scrapped" holds 0, 1 or 2 parts a minute: its axis must not be labelled
        // 0.5, 1.5 (no half part is ever scrapped).
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        DataPage page(document);
        page.resize(1200, 800);
        page.show();
        QVERIFY(t::importFiles(document, {csv.path}));
        page.setCheckedColumns({QStringLiteral("Parts scrapped"), QStringLiteral("Line speed")});
        page.plot()->replot();
        auto* counts = page.plot()->seriesGraph(0)->valueAxis();
        QCOMPARE(page.plot()->seriesName(0), QStringLiteral("Parts scrapped"));
        const auto ticks = counts->tickVector();
        const auto labels = counts->tickVectorLabels();
        QVERIFY(ticks.size() >= 2);
        for (int i = 0; i < ticks.size(); ++i) {
            QVERIFY2(std::abs(ticks[i] - std::round(ticks[i])) < 1e-9, qPrintable(labels.value(i)));
            QVERIFY2(!labels[i].contains(QLatin1Char('.')), qPrintable(labels[i]));
        }
        // A measured value keeps its fine ticks (line speed is not a count).
        QVERIFY(page.plot()->seriesGraph(1)->valueAxis()->tickVector().size() >= 2);
    }

    void columnsTickedLaterGoBelow() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        DataPage page(document);
        QVERIFY(t::importFiles(document, {csv.path}));
        page.setCheckedColumns({QStringLiteral("Line speed")});
        page.findChild<QListWidget*>()->findItems(QStringLiteral("Hall temperature"), Qt::MatchStartsWith)
            .front()->setCheckState(Qt::Checked);
        QCOMPARE(page.plot()->seriesCount(), 2);
        QCOMPARE(page.plot()->seriesName(1), QStringLiteral("Hall temperature"));
        page.findChild<QListWidget*>()->findItems(QStringLiteral("Line speed"), Qt::MatchStartsWith)
            .front()->setCheckState(Qt::Unchecked);
        QCOMPARE(page.plot()->seriesCount(), 1);
        QCOMPARE(page.plot()->seriesName(0), QStringLiteral("Hall temperature"));
    }

    void sparseChecksArePoints() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        const QString checks = t::writeManualChecksCsv(dir.path(), QStringLiteral("manual_checks.csv"), {10, 70, 130});
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        DataPage page(document);
        QVERIFY(t::importFiles(document, {csv.path, checks}, QStringLiteral("plant")));
        QVERIFY(page.columns().contains(QStringLiteral("Core temperature check")));
        page.setCheckedColumns({QStringLiteral("Furnace temperature"), QStringLiteral("Core temperature check")});
        QCOMPARE(page.plot()->seriesCount(), 2);
        auto* points = page.plot()->seriesGraph(1);
        QCOMPARE(points->lineStyle(), QCPGraph::lsNone);
        QCOMPARE(points->data()->size(), 3);
        QCOMPARE(points->data()->at(1)->key, t::csv_start_utc + 70 * t::csv_step_s);
        QCOMPARE(page.plot()->seriesGraph(0)->lineStyle(), QCPGraph::lsLine);
    }

    void showTimeRangeZoomsAndTicksTheColumn() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        DataPage page(document);
        QVERIFY(t::importFiles(document, {csv.path}));
        page.setCheckedColumns({QStringLiteral("Line speed")});
        const auto full = page.plot()->timeRange();
        page.showTimeRange(csv.stuckStartUtc, csv.stuckEndUtc, QStringLiteral("Furnace temperature"));
        QVERIFY(page.checkedColumns().contains(QStringLiteral("Furnace temperature")));
        const auto shown = page.plot()->timeRange();
        QVERIFY(shown.lower <= csv.stuckStartUtc && shown.upper >= csv.stuckEndUtc);
        QVERIFY(shown.size() < 0.8 * full.size());
        // Every strip shares the range.
        for (int i = 0; i < page.plot()->seriesCount(); ++i)
            QCOMPARE(page.plot()->seriesGraph(i)->keyAxis()->range().lower, shown.lower);
    }

    void handlesAQuarterMillionPoints() {
        // 90 days at one minute is ~130,000 points per signal; draw two of them.
        constexpr int n = 130000;
        std::vector<PlotSeries> series(2);
        for (int s = 0; s < 2; ++s) {
            series[s].name = QStringLiteral("signal %1").arg(s);
            series[s].unit = QStringLiteral("°C");
            series[s].times.reserve(n);
            series[s].values.reserve(n);
            for (int i = 0; i < n; ++i) {
                series[s].times.push_back(t::csv_start_utc + 60.0 * i);
                series[s].values.push_back(180.0 + 10.0 * std::sin(i / 500.0 + s) + (i % 13) * 0.1);
            }
        }
        TimeSeriesPlot plot;
        plot.resize(1400, 800);
        plot.setSeries(std::move(series));
        QCOMPARE(plot.seriesGraph(0)->data()->size(), n);
        QCOMPARE(plot.seriesGraph(1)->data()->size(), n);
        QVERIFY(plot.seriesGraph(0)->adaptiveSampling());
        plot.replot(QCustomPlot::rpImmediateRefresh);  // first paint lays out the strips
        QElapsedTimer timer;
        timer.start();
        constexpr int frames = 20;
        for (int i = 0; i < frames; ++i) {
            plot.seriesGraph(0)->keyAxis()->moveRange(3600.0);  // pan by an hour, as a drag does
            plot.replot(QCustomPlot::rpImmediateRefresh);
        }
        const double perFrameMs = static_cast<double>(timer.elapsed()) / frames;
        qInfo("pan + replot of 2 x %d points: %.1f ms per frame", n, perFrameMs);
        QVERIFY2(perFrameMs < 100.0, qPrintable(QString::number(perFrameMs)));
        // Panning one strip moves the other with it.
        QCOMPARE(plot.seriesGraph(1)->keyAxis()->range().lower, plot.seriesGraph(0)->keyAxis()->range().lower);
    }
};

QTEST_MAIN(DataPageTest)
#include "tst_data_page.moc"
