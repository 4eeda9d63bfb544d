// Chart tools shared by every page: the A/B cursors of the time charts (mouse and
// keyboard) with the statistics of the range between them.
#include <cmath>

#include <memory>

#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QProcess>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

#include "data/table.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/range_statistics_panel.h"
#include "ui/charts/time_series_plot.h"
#include "ui/data/data_page.h"
#include "ui_test_support.h"

using twinbench::Role;
using twinbench::ui::AbCursor;
using twinbench::ui::DataPage;
using twinbench::ui::PlotSeries;
using twinbench::ui::RangeStatisticsPanel;
using twinbench::ui::TimeSeriesPlot;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

namespace {

constexpr double t0 = t::csv_start_utc;

PlotSeries series(const QString& name, const QString& unit, Role role, int n,
                  double (*value)(int)) {
    PlotSeries s;
    s.name = name;
    s.unit = unit;
    s.role = role;
    for (int i = 0; i < n; ++i) {
        s.times.push_back(t0 + 60.0 * i);
        s.values.push_back(value(i));
    }
    return s;
}

// Temperature i, energy 0.5 kWh per minute, 20 parts produced per minute, scrap 1 on odd
// minutes; minute 15 has no produced count.
std::vector<PlotSeries> knownSeries(int n = 60) {
    std::vector<PlotSeries> s;
    s.push_back(series(QStringLiteral("Furnace"), QStringLiteral("°C"), Role::furnace_temp, n,
                       [](int i) { return double(i); }));
    s.push_back(series(QStringLiteral("Energy"), QStringLiteral("kWh"), Role::energy, n,
                       [](int) { return 0.5; }));
    s.push_back(series(QStringLiteral("Scrap"), QStringLiteral("count"), Role::scrap, n,
                       [](int i) { return double(i % 2); }));
    s.push_back(series(QStringLiteral("Produced"), QStringLiteral("count"), Role::produced, n,
                       [](int i) { return i == 15 ? qQNaN() : 20.0; }));
    return s;
}

}  // namespace

class ChartsTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() { t::isolateSettings(); }

    void cursorStatisticsMatchHandComputedValues() {
        TimeSeriesPlot plot;
        plot.resize(1000, 700);
        RangeStatisticsPanel panel(&plot);
        plot.setSeries(knownSeries());
        QVERIFY(!plot.cursorsVisible());
        QVERIFY(panel.isHidden());
        QSignalSpy changed(&plot, &TimeSeriesPlot::cursorsChanged);
        plot.setCursorsVisible(true);
        QVERIFY(plot.cursorsAction()->isChecked());
        QVERIFY(!panel.isHidden());
        // B before A: the range is the same.
        plot.setCursorTime(AbCursor::a, t0 + 60.0 * 19);
        plot.setCursorTime(AbCursor::b, t0 + 60.0 * 10);
        QVERIFY(changed.count() >= 3);

        // Minutes 10..19: temperature 10..19, mean 14.5, sample variance of ten consecutive
        // integers (n² − 1)/12 · n/(n − 1) = 99/12 · 10/9 = 9.1667, std 3.02765.
        const auto& st = panel.statistics();
        QCOMPARE(st.series.size(), std::size_t{4});
        const auto& furnace = st.series[0].stats;
        QCOMPARE(furnace.moments.n, std::size_t{10});
        QCOMPARE(furnace.moments.mean, 14.5);
        QCOMPARE(furnace.moments.min, 10.0);
        QCOMPARE(furnace.moments.max, 19.0);
        QVERIFY(std::abs(furnace.moments.std - std::sqrt(99.0 / 12.0 * 10.0 / 9.0)) < 1e-12);
        QVERIFY(!st.series[0].hasTotal);
        // Energy: 10 minutes of 0.5 kWh.
        QVERIFY(st.series[1].hasTotal);
        QCOMPARE(st.series[1].stats.sum, 5.0);
        // Scrap: odd minutes 11, 13, 15, 17, 19 = 5 parts, but minute 15 has no produced
        // count: 4 scrapped of 9 x 20 = 180 produced.
        QVERIFY(st.scrapRate.has_value());
        QCOMPARE(st.scrapRate->ratio.rows, std::size_t{9});
        QCOMPARE(st.scrapRate->ratio.numerator, 4.0);
        QCOMPARE(st.scrapRate->ratio.denominator, 180.0);
        QVERIFY(panel.scrapRateLabel()->text().contains(
            QLocale().toString(100.0 * 4.0 / 180.0, 'f', 2)));

        // The table shows the same numbers.
        auto* table = panel.table();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(0, twinbench::ui::range_col_mean)->data(Qt::UserRole).toDouble(),
                 14.5);
        QCOMPARE(table->item(1, twinbench::ui::range_col_total)->data(Qt::UserRole).toDouble(),
                 5.0);
        QVERIFY(std::isnan(
            table->item(0, twinbench::ui::range_col_total)->data(Qt::UserRole).toDouble()));
        QCOMPARE(table->item(0, twinbench::ui::range_col_unit)->text(), QStringLiteral("°C"));

        plot.setCursorsVisible(false);
        QVERIFY(panel.isHidden());
        QVERIFY(!plot.cursorsAction()->isChecked());
    }

    void dragMovesTheCursorNotTheView() {
        TimeSeriesPlot plot;
        plot.resize(1000, 700);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setSeries(knownSeries());
        plot.setCursorsVisible(true);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        auto* time = plot.seriesGraph(0)->keyAxis();
        const QCPRange view = plot.timeRange();
        const double a = plot.cursorTime(AbCursor::a);
        const int y = static_cast<int>(plot.seriesGraph(0)->valueAxis()->axisRect()->center().y());
        const QPoint from(qRound(time->coordToPixel(a)), y);
        const double target = t0 + 60.0 * 5;
        const QPoint to(qRound(time->coordToPixel(target)), y);
        QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, from);
        QMouseEvent move(QEvent::MouseMove, to, plot.mapToGlobal(to), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(&plot, &move);
        QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, to);
        const double secondsPerPixel = view.size() / time->axisRect()->width();
        QVERIFY2(std::abs(plot.cursorTime(AbCursor::a) - target) <= secondsPerPixel,
                 qPrintable(QString::number(plot.cursorTime(AbCursor::a) - target)));
        QCOMPARE(plot.timeRange().lower, view.lower);  // the view did not pan
        QCOMPARE(plot.activeCursor(), AbCursor::a);

        // A drag away from the cursors still pans.
        const QPoint elsewhere(qRound(time->coordToPixel(t0 + 60.0 * 50)), y);
        QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, elsewhere);
        QMouseEvent pan(QEvent::MouseMove, elsewhere - QPoint(100, 0),
                        plot.mapToGlobal(elsewhere - QPoint(100, 0)), Qt::NoButton, Qt::LeftButton,
                        Qt::NoModifier);
        QApplication::sendEvent(&plot, &pan);
        QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, elsewhere - QPoint(100, 0));
        QVERIFY(plot.timeRange().lower > view.lower);
    }

    void keyboardOperatesTheCursors() {
        TimeSeriesPlot plot;
        plot.resize(1000, 700);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setSeries(knownSeries(600));
        plot.setFocus();
        QVERIFY(!plot.cursorsVisible());
        QTest::keyClick(&plot, Qt::Key_C);  // the action's shortcut on the focused chart
        QVERIFY(plot.cursorsVisible());
        const QCPRange view = plot.timeRange();
        const double b = plot.cursorTime(AbCursor::b);
        const double a = plot.cursorTime(AbCursor::a);
        QTest::keyClick(&plot, Qt::Key_B);
        QCOMPARE(plot.activeCursor(), AbCursor::b);
        QTest::keyClick(&plot, Qt::Key_Right);
        QVERIFY(std::abs(plot.cursorTime(AbCursor::b) - (b + view.size() / 200.0)) < 1e-6);
        QTest::keyClick(&plot, Qt::Key_Left, Qt::ShiftModifier);
        QVERIFY(std::abs(plot.cursorTime(AbCursor::b) -
                         (b + view.size() / 200.0 - view.size() / 20.0)) < 1e-6);
        QCOMPARE(plot.cursorTime(AbCursor::a), a);
        QTest::keyClick(&plot, Qt::Key_A);
        QTest::keyClick(&plot, Qt::Key_Home);
        QCOMPARE(plot.cursorTime(AbCursor::a), view.lower);
        // Never beyond the data.
        for (int i = 0; i < 30; ++i) QTest::keyClick(&plot, Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(plot.cursorTime(AbCursor::a), t0);
        QTest::keyClick(&plot, Qt::Key_C);
        QVERIFY(!plot.cursorsVisible());
    }

    void dataPageScrapRateMatchesTheTable() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        DataPage page(document);
        page.resize(1400, 900);
        page.show();
        QVERIFY(t::importFiles(document, {csv.path}));
        page.setCheckedColumns({QStringLiteral("Furnace temperature"),
                                QStringLiteral("Parts scrapped"),
                                QStringLiteral("Parts produced")});
        auto* toggle = page.findChild<QToolButton*>();
        QVERIFY(toggle);
        QVERIFY(page.rangeStatistics()->isHidden());
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(page.plot()->cursorsVisible());
        QVERIFY(page.rangeStatistics()->isVisible());
        const double start = t::csv_start_utc + 30 * t::csv_step_s;
        const double end = t::csv_start_utc + 150 * t::csv_step_s;
        page.plot()->setCursorTime(AbCursor::a, start);
        page.plot()->setCursorTime(AbCursor::b, end);

        // Ground truth straight from the imported table.
        const auto table = document.table();
        const auto* scrap = table->find_role(Role::scrap);
        const auto* produced = table->find_role(Role::produced);
        const auto* furnace = table->find_role(Role::furnace_temp);
        double scrapped = 0, made = 0, maxTemp = -1e300;
        for (std::size_t i = 0; i < table->row_count(); ++i) {
            if (table->time_s[i] < start || table->time_s[i] > end) continue;
            scrapped += scrap->values[i];
            made += produced->values[i];
            maxTemp = std::max(maxTemp, furnace->values[i]);
        }
        const auto& st = page.rangeStatistics()->statistics();
        QVERIFY(st.scrapRate.has_value());
        QCOMPARE(st.scrapRate->ratio.numerator, scrapped);
        QCOMPARE(st.scrapRate->ratio.denominator, made);
        QCOMPARE(st.series[0].stats.moments.max, maxTemp);
        QVERIFY(st.series[1].hasTotal);
        QCOMPARE(st.series[1].stats.sum, scrapped);
    }

    void exportWritesEveryFormat() {
        QTemporaryDir dir;
        TimeSeriesPlot plot;
        plot.resize(800, 600);
        plot.setTimeZone(QTimeZone("Europe/Berlin"));
        auto s = knownSeries();
        PlotSeries state;
        state.name = QStringLiteral("State");
        state.style = PlotSeries::Style::steps;
        state.levels = {QStringLiteral("run"), QStringLiteral("stop, cleaning")};
        for (int i = 0; i < 60; ++i) {
            state.times.push_back(t0 + 60.0 * i);
            state.values.push_back(i < 40 ? 0 : 1);
        }
        s.push_back(state);
        plot.setSeries(std::move(s));
        plot.seriesGraph(0)->keyAxis()->setRange(t0 + 60.0 * 10,
                                                 t0 + 60.0 * 29);  // 20 minutes in view
        plot.replot(QCustomPlot::rpImmediateRefresh);

        auto* exporter = twinbench::ui::ChartExport::of(&plot);
        QVERIFY(exporter);
        const auto& options = exporter->options();
        QCOMPARE(options.zone.id(), QByteArray("Europe/Berlin"));

        // CSV of the visible range: minutes 10..29, times in Berlin (UTC+1 in February).
        const QString visible = dir.filePath(QStringLiteral("visible.csv"));
        QCOMPARE(
            twinbench::ui::exportChartCsv(plot, visible, twinbench::ui::CsvRange::visible, options),
            20);
        QFile file(visible);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 21);
        QCOMPARE(
            lines[0],
            QStringLiteral("time,Furnace [°C],Energy [kWh],Scrap [count],Produced [count],State"));
        QCOMPARE(lines[1], QStringLiteral("2026-02-16T01:10:00+01:00,10,0.5,0,20,run"));
        QCOMPARE(lines[6],
                 QStringLiteral("2026-02-16T01:15:00+01:00,15,0.5,1,,run"));  // produced missing
        const QString all = dir.filePath(QStringLiteral("all.csv"));
        QCOMPARE(twinbench::ui::exportChartCsv(plot, all, twinbench::ui::CsvRange::all, options),
                 60);
        QFile allFile(all);
        QVERIFY(allFile.open(QIODevice::ReadOnly | QIODevice::Text));
        QVERIFY(
            allFile.readAll().contains("2026-02-16T01:59:00+01:00,59,0.5,1,20,\"stop, cleaning\""));

        // PNG at twice the size.
        const QString png = dir.filePath(QStringLiteral("chart.png"));
        QVERIFY(twinbench::ui::exportChartImage(plot, twinbench::ui::ChartImageFormat::png, png));
        QCOMPARE(QImage(png).size(), QSize(1600, 1200));

        // SVG: vector lines (polylines or paths) for the five series and their titles as text.
        const QString svg = dir.filePath(QStringLiteral("chart.svg"));
        QVERIFY(twinbench::ui::exportChartImage(plot, twinbench::ui::ChartImageFormat::svg, svg));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.startsWith("<?xml"));
        QVERIFY(svgText.count("<polyline") + svgText.count("<path") >= 5);
        QVERIFY(svgText.contains("Energy [kWh]"));
        QVERIFY(svgText.contains("#4e79a7"));  // the first series' colour

        // PDF: vector (no embedded image), and it renders to the chart with its colours.
        const QString pdf = dir.filePath(QStringLiteral("chart.pdf"));
        QVERIFY(twinbench::ui::exportChartImage(plot, twinbench::ui::ChartImageFormat::pdf, pdf));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(!pdfFile.readAll().contains("/Subtype /Image"));
        QProcess render;
        render.start(
            QStringLiteral("pdftoppm"),
            {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("72"),
             QStringLiteral("-singlefile"), pdf, dir.filePath(QStringLiteral("rendered"))});
        QVERIFY(render.waitForFinished(60000));
        QCOMPARE(render.exitCode(), 0);
        const QImage page(dir.filePath(QStringLiteral("rendered.png")));
        QCOMPARE(page.size(), QSize(800, 600));
        int seriesPixels = 0;
        for (int y = 0; y < page.height(); ++y)
            for (int x = 0; x < page.width(); ++x) {
                const QColor c = page.pixelColor(x, y);
                seriesPixels += std::abs(c.red() - 0x4e) < 20 && std::abs(c.green() - 0x79) < 20 &&
                                std::abs(c.blue() - 0xa7) < 20;
            }
        QVERIFY2(seriesPixels > 100, qPrintable(QString::number(seriesPixels)));
    }

    void contextMenuExportsThroughTheChosenFile() {
        QTemporaryDir dir;
        TimeSeriesPlot plot;
        plot.resize(800, 600);
        plot.setSeries(knownSeries());
        auto* exporter = twinbench::ui::ChartExport::of(&plot);
        const QString target = dir.filePath(QStringLiteral("from_menu.csv"));
        exporter->chooseFile = [&](const QString& suggested, const QString&) {
            return suggested.endsWith(QStringLiteral(".csv")) ? target : QString();
        };
        QSignalSpy exported(exporter, &twinbench::ui::ChartExport::exported);
        std::unique_ptr<QMenu> menu(exporter->createMenu(nullptr));
        QStringList texts;
        for (auto* action : menu->actions())
            if (!action->isSeparator()) texts << action->text();
        QCOMPARE(texts.size(), 6);
        QCOMPARE(texts.front(), plot.cursorsAction()->text());  // the chart's own action first
        QAction* csvAll = nullptr;
        for (auto* action : menu->actions())
            if (action->text().contains(QStringLiteral("CSV (all)"))) csvAll = action;
        QVERIFY(csvAll);
        csvAll->trigger();
        QCOMPARE(exported.count(), 1);
        QCOMPARE(exported.front().front().toString(), target);
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 61);  // header + 60 minutes

        // The menu key on the focused chart opens the same menu.
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QVERIFY(plot.focusPolicy() != Qt::NoFocus);
        QContextMenuEvent key(QContextMenuEvent::Keyboard, QPoint(100, 100),
                              plot.mapToGlobal(QPoint(100, 100)));
        QApplication::sendEvent(&plot, &key);
        QMenu* shown = nullptr;
        QTRY_VERIFY((shown = plot.findChild<QMenu*>(QStringLiteral("chartMenu"))) &&
                    shown->isVisible());
        shown->close();
    }

    void statisticsOfLongSeries() {
        // 90 days at one minute: the statistics follow a dragged cursor on every move.
        constexpr int n = 130000;
        TimeSeriesPlot plot;
        plot.resize(1400, 800);
        std::vector<PlotSeries> s;
        for (const auto role : {Role::furnace_temp, Role::energy, Role::scrap, Role::produced})
            s.push_back(series(QStringLiteral("signal"), QString(), role, n,
                               [](int i) { return 180.0 + std::sin(i / 500.0); }));
        plot.setSeries(std::move(s));
        RangeStatisticsPanel panel(&plot);
        plot.setCursorsVisible(true);
        plot.setCursorTime(AbCursor::a, t0);
        QElapsedTimer timer;
        timer.start();
        constexpr int moves = 20;
        for (int i = 1; i <= moves; ++i)
            plot.setCursorTime(AbCursor::b, t0 + 60.0 * (n - 1) * i / moves);
        qInfo("A/B statistics of 4 x %d points (with replot): %.2f ms per cursor move", n,
              static_cast<double>(timer.elapsed()) / moves);
        QCOMPARE(panel.statistics().series[0].stats.moments.n, std::size_t{n});
        // The statistics alone, over all 4 x 130,000 points (scrap rate included).
        timer.restart();
        std::size_t counted = 0;
        for (int i = 0; i < moves; ++i)
            counted += twinbench::ui::computeRangeStatistics(plot).series[1].stats.moments.n;
        qInfo("A/B statistics alone over 4 x %d points: %.2f ms", n,
              static_cast<double>(timer.elapsed()) / moves);
        QCOMPARE(counted, std::size_t{n} * moves);
    }
};

QTEST_MAIN(ChartsTest)
#include "tst_charts.moc"
