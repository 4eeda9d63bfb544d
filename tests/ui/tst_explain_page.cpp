// The Explain page (issue 17) on the planted-cause plant the engine's tests use
// (tests/core/explain/planted_plant.h: lot B-05 on line B quadruples the scrap, operator
// Olsen mostly runs line B, a humid week raises scrap through the process): the page runs
// the explainer in the background, its table shows the engine's own ranking and figures,
// the sentence gives the process share, and picking a cause shades its stretches.
#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>

#include "explain/dataset_explain.h"
#include "explain/explainer.h"
#include "explain/planted_plant.h"
#include "sim/twin_fitting.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/time_series_plot.h"
#include "ui/data/data_page.h"
#include "ui/explain/cause_evidence_chart.h"
#include "ui/explain/excursion_chart.h"
#include "ui/explain/explain_page.h"
#include "ui/main_window.h"
#include "ui/widgets/message_banner.h"
#include "ui_test_support.h"

namespace t = twinbench::ui::test;
using twinbench::ui::BackgroundJob;
using twinbench::ui::CauseEvidenceChart;
using twinbench::ui::ExplainPage;
using twinbench::ui::WorkbenchDocument;

class tst_ExplainPage : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
        const QString csv = dir_.filePath(QStringLiteral("line.csv"));
        twinbench::test::write_planted_historian(twinbench::test::make_planted_plant(2), twinbench::ui::toUtf8(csv));
        document_ = std::make_unique<WorkbenchDocument>();
        QVERIFY(t::createProject(*document_, dir_.filePath(QStringLiteral("plant.twin"))));
        QVERIFY(t::importFiles(*document_, {csv}, QStringLiteral("line")));
        const std::pair<const char*, twinbench::Role> roles[] = {
            {"Scrap", twinbench::Role::output},       {"Speed", twinbench::Role::control},
            {"Humidity", twinbench::Role::disturbance}, {"Line", twinbench::Role::context},
            {"Lot", twinbench::Role::context},         {"Operator", twinbench::Role::context}};
        for (const auto& [column, role] : roles) {
            QString error;
            QVERIFY2(document_->changeRole(QString::fromLatin1(column), role, &error), qPrintable(error));
        }
        const auto fit = twinbench::fit_twin(*document_->table(), *document_->dataset(), document_->storedGraph());
        QString error;
        QVERIFY2(document_->storeModels(fit, &error), qPrintable(error));
    }

    // The page's table is the engine's result as drawn: same causes in the same order,
    // same lift; the planted lot first; the sentence gives the engine's process share.
    void outputBandShowsTheEnginesRanking() {
        ExplainPage page(*document_);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.pickOutputBand(QStringLiteral("Scrap"));
        QVERIFY(run(page));

        const auto engine = engineResult({"", "", "", "Scrap"});
        const auto* table = page.causesTable();
        QCOMPARE(table->rowCount(), static_cast<int>(engine.causes.size()));
        QVERIFY(!engine.causes.empty());
        for (int i = 0; i < table->rowCount(); ++i) {
            const auto& c = engine.causes[static_cast<std::size_t>(i)];
            QCOMPARE(table->item(i, ExplainPage::rankColumn)->text(), QString::number(i + 1));
            QCOMPARE(table->item(i, ExplainPage::causeColumn)->text(), twinbench::ui::toQString(c.name));
            QCOMPARE(table->item(i, ExplainPage::liftColumn)->data(Qt::UserRole).toDouble(), c.lift);
            const QString lift = table->item(i, ExplainPage::liftColumn)->text();
            if (std::isfinite(c.lift))
                QVERIFY2(std::abs(lift.toDouble() - c.lift) <= 0.006 * c.lift, qPrintable(lift + QStringLiteral(" vs %1").arg(c.lift)));
            else  // a label never seen in the reference (infinite) or not defined
                QVERIFY(!lift.isEmpty() && lift.toDouble() == 0.0);
            QCOMPARE(table->item(i, ExplainPage::supportedColumn)->text(), c.supported ? QStringLiteral("yes") : QStringLiteral("no"));
        }
        // Ground truth of the planted plant: the bad lot first, the confounder not supported.
        QCOMPARE(table->item(0, ExplainPage::causeColumn)->text(), QStringLiteral("Lot=B-05"));
        QCOMPARE(table->item(0, ExplainPage::supportedColumn)->text(), QStringLiteral("yes"));
        for (int i = 0; i < table->rowCount(); ++i)
            if (table->item(i, ExplainPage::causeColumn)->text() == QStringLiteral("Operator=Olsen"))
                QCOMPARE(table->item(i, ExplainPage::supportedColumn)->text(), QStringLiteral("no"));
        QVERIFY(engine.explained_by_process.has_value());
        const QString share = QStringLiteral("%1 %").arg(qRound(100.0 * *engine.explained_by_process));
        QVERIFY2(page.processLabel()->text().contains(QStringLiteral("process settings")) &&
                     page.processLabel()->text().contains(QStringLiteral("explain ")) &&
                     page.processLabel()->text().contains(share + QStringLiteral(" of it")),
                 qPrintable(page.processLabel()->text()));
        QVERIFY(!page.processLabel()->text().contains(QStringLiteral("--")));

        // Clicking the top cause shades exactly its windows, and they are drawn.
        QCOMPARE(page.chart()->causeGraph()->data()->size(), 0);
        const QRect cell = table->visualItemRect(table->item(0, ExplainPage::causeColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        const auto& windows = engine.causes.front().windows;
        QVERIFY(!windows.empty());
        auto* graph = page.chart()->causeGraph();
        QCOMPARE(graph->data()->size(), static_cast<int>(4 * windows.size()));
        for (std::size_t w = 0; w < windows.size(); ++w) {
            QCOMPARE(graph->data()->at(static_cast<int>(4 * w))->key, windows[w].start_s);
            // To the end of the last row's interval (the next row, half an hour later).
            QCOMPARE(graph->data()->at(static_cast<int>(4 * w + 2))->key, page.chart()->rowEnd(windows[w].end_s));
            QVERIFY(page.chart()->rowEnd(windows[w].end_s) - windows[w].end_s <= twinbench::test::PlantedPlant::step_s);
        }
        // Every window inside the planted lot's days (12-15 of the plant).
        const auto plant = twinbench::test::make_planted_plant(2);
        for (const auto& w : windows) {
            QVERIFY(w.start_s >= plant.bad_lot_start_s);
            QVERIFY(w.end_s < plant.bad_lot_end_s);
        }
        // Pixels, zoomed to a few hours around each place: the middle of the cause's longest
        // window is red-shaded, a day before the lot is not.
        const auto longest = *std::max_element(windows.begin(), windows.end(), [](const auto& a, const auto& b) {
            return a.end_s - a.start_s < b.end_s - b.start_s;
        });
        auto* plot = page.chart()->plot();
        const auto redShare = [&](double key) {
            plot->xAxis->setRange(key - 4 * 3600.0, key + 4 * 3600.0);
            plot->replot();
            const QImage image = plot->grab().toImage();
            const int x = qRound(plot->xAxis->coordToPixel(key) * image.devicePixelRatio());
            const QRect r = plot->axisRect()->rect();
            int red = 0, all = 0;
            for (int y = r.top() + 2; y < r.bottom() - 2; ++y, ++all) {
                const QColor c = image.pixelColor(x, qRound(y * image.devicePixelRatio()));
                red += c.red() - c.green() > 40 && c.red() - c.blue() > 40;
            }
            return double(red) / all;
        };
        const double inside = redShare(0.5 * (longest.start_s + page.chart()->rowEnd(longest.end_s)));
        const double before = redShare(plant.bad_lot_start_s - 86400.0);
        QVERIFY2(inside > 0.8, qPrintable(QStringLiteral("the cause's window is not shaded: %1").arg(inside)));
        QVERIFY2(before < 0.1, qPrintable(QStringLiteral("shading outside the cause's windows: %1").arg(before)));
        plot->xAxis->setRange(document_->table()->time_s.front(), document_->table()->time_s.back());
        plot->replot();
        saveScreenshot(page, QStringLiteral("explain_page.png"));
    }

    // A window dragged on the chart: the humid week, which the twin's prediction explains.
    void draggedWindowIsExplainedByTheProcess() {
        ExplainPage page(*document_);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* plot = page.chart()->plot();
        const double start = twinbench::test::PlantedPlant::humid_start_s();
        const double end = twinbench::test::PlantedPlant::humid_end_s();
        const QPoint from(qRound(plot->xAxis->coordToPixel(start)), plot->axisRect()->center().y());
        const QPoint to(qRound(plot->xAxis->coordToPixel(end)), from.y());
        QTest::mousePress(plot, Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, to, plot->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
        QVERIFY(run(page));
        const auto* result = page.result();
        QVERIFY(result != nullptr);
        // The dragged window is the humid week to within a pixel's worth of time.
        const double pixel_s = plot->xAxis->range().size() / plot->axisRect()->width();
        QVERIFY(std::abs(result->excursion.start_s - start) <= 1800.0 + 2 * pixel_s);
        QVERIFY(result->explained_by_process.has_value());
        QVERIFY2(*result->explained_by_process > 0.5, "the humid week is the process's own doing");
        QVERIFY(page.processLabel()->text().contains(
            QStringLiteral("%1 %").arg(qRound(100.0 * *result->explained_by_process))));
        // The excursion is shaded over its rows: inside the week, not before it.
        const auto* excursion = page.chart()->excursionGraph()->data().data();
        QVERIFY(excursion->size() >= 4);
        QVERIFY(excursion->at(0)->key >= start - 2 * pixel_s - 1800.0);
        QVERIFY((excursion->constEnd() - 1)->key <= end + 2 * pixel_s + 1800.0);
    }

    // A window picked on the Data page's chart, the A/B cursors around the humid week (set
    // B before A), is explained from the chart's own menu: the Explain page comes up with
    // the cursors' window as its excursion, shades it, and finds the process behind it.
    void dataChartWindowIsExplainedOnTheExplainPage() {
        twinbench::ui::MainWindow window(*document_);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(twinbench::ui::MainWindow::Page::data);
        auto* data = window.dataPage();
        data->setCheckedColumns({});
        QVERIFY(!data->explainAction()->isEnabled());  // nothing plotted, nothing to explain
        data->setCheckedColumns({QStringLiteral("Scrap"), QStringLiteral("Humidity")});
        QVERIFY(data->explainAction()->isEnabled());
        auto* plot = data->plot();
        plot->showAll();
        const double start = twinbench::test::PlantedPlant::humid_start_s();
        const double end = twinbench::test::PlantedPlant::humid_end_s();
        // Without cursors the window is the time in view.
        QCOMPARE(data->explainWindow().first, plot->timeRange().lower);
        plot->setCursorsVisible(true);
        plot->setCursorTime(twinbench::ui::AbCursor::a, end);
        plot->setCursorTime(twinbench::ui::AbCursor::b, start);
        QCOMPARE(data->explainWindow(), std::make_pair(start, end));
        saveScreenshot(window, QStringLiteral("data_page_explain_window.png"));

        const std::unique_ptr<QMenu> menu(twinbench::ui::ChartExport::of(plot)->createMenu(nullptr));
        QAction* explain = nullptr;
        for (auto* action : menu->actions())
            if (action->text() == QStringLiteral("Explain this window…")) explain = action;
        QVERIFY2(explain != nullptr, "the chart's menu offers the explainer");
        QVERIFY(explain->isEnabled());
        explain->trigger();
        QCOMPARE(window.currentPage(), twinbench::ui::MainWindow::Page::explain);
        auto* page = window.explainPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->result() != nullptr, 60000);
        const auto* result = page->result();
        // The excursion is the rows inside the cursors' window (rows every 30 min).
        QVERIFY(result->excursion.start_s >= start && result->excursion.start_s < start + 1800.0);
        QVERIFY(result->excursion.end_s <= end && result->excursion.end_s > end - 1800.0 - 1.0);
        QVERIFY(result->explained_by_process.has_value());
        QVERIFY2(*result->explained_by_process > 0.5, "the humid week is the process's own doing");
        QVERIFY(page->processLabel()->text().contains(
            QStringLiteral("%1 %").arg(qRound(100.0 * *result->explained_by_process))));
        // The chart shows the outcome explained (the scrap), whatever output the box held.
        QCOMPARE(twinbench::ui::toQString(result->excursion.outcome), QStringLiteral("Scrap"));
        QCOMPARE(page->chart()->plot()->yAxis->label(), QStringLiteral("Scrap"));
        const auto* excursion = page->chart()->excursionGraph()->data().data();
        QVERIFY(excursion->size() >= 4);
        QVERIFY(excursion->at(0)->key >= start);
        QVERIFY((excursion->constEnd() - 1)->key <= end + 1800.0);
        saveScreenshot(window, QStringLiteral("explain_page_from_data_chart.png"));
    }

    // The rows above the band are the engine's: the page shades exactly them, one stretch
    // per run of rows to the next row's time, and the pixels show it.
    void outputBandRowsAreShaded() {
        ExplainPage page(*document_);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.pickOutputBand(QStringLiteral("Scrap"));
        QVERIFY(run(page));
        const std::vector<std::uint8_t> rows = engineInput({"", "", "", "Scrap"}).input.excursion;
        const auto& time = document_->table()->time_s;
        QCOMPARE(rows.size(), time.size());
        std::vector<std::pair<double, double>> runs;  // first row's time, the next row's after the run
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i] != 0 && (i == 0 || rows[i - 1] == 0))
                runs.emplace_back(time[i], time[i]);
        std::size_t k = 0;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i] != 0 && (i + 1 == rows.size() || rows[i + 1] == 0))
                runs[k++].second = i + 1 < time.size() ? time[i + 1] : time[i];
        QVERIFY(runs.size() > 5);
        const auto* data = page.chart()->excursionGraph()->data().data();
        QCOMPARE(data->size(), static_cast<int>(4 * runs.size()));
        for (std::size_t r = 0; r < runs.size(); ++r) {
            QCOMPARE(data->at(static_cast<int>(4 * r))->key, runs[r].first);
            QCOMPARE(data->at(static_cast<int>(4 * r + 2))->key, runs[r].second);
        }
        // Pixels, zoomed to a few hours: the middle of the longest run is shaded, the middle
        // of a reference row between two other reference rows is not.
        const auto longest = *std::max_element(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
            return a.second - a.first < b.second - b.first;
        });
        std::size_t quiet = 1;
        while (quiet + 2 < rows.size() && (rows[quiet - 1] || rows[quiet] || rows[quiet + 1])) ++quiet;
        const double shaded = shadedShare(page, 0.5 * (longest.first + longest.second));
        const double unshaded = shadedShare(page, 0.5 * (time[quiet] + time[quiet + 1]));
        QVERIFY2(shaded > 0.6, qPrintable(QStringLiteral("the rows above the band are not shaded: %1").arg(shaded)));
        QVERIFY2(unshaded < 0.1, qPrintable(QStringLiteral("a reference row is shaded: %1").arg(unshaded)));
    }

    // Picking a cause draws its evidence: the share of rows with it in the excursion and in
    // the reference, and the outcome inside the excursion with and without it.
    void evidenceChartShowsThePickedCause() {
        ExplainPage page(*document_);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.pickOutputBand(QStringLiteral("Scrap"));
        QVERIFY(run(page));
        auto* presence = page.evidenceChart()->presenceBars();
        auto* outcome = page.evidenceChart()->outcomeBars();
        QCOMPARE(presence->data()->size(), 0);
        const auto* table = page.causesTable();
        QVERIFY(table->rowCount() >= 2);
        for (int row : {0, 1}) {
            const QRect cell = table->visualItemRect(table->item(row, ExplainPage::causeColumn));
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
            const auto& r = *page.result();
            const auto& c = r.causes[static_cast<std::size_t>(row)];
            QCOMPARE(presence->data()->size(), 2);
            QCOMPARE(presence->data()->at(0)->key, CauseEvidenceChart::excursionKey);
            QCOMPARE(presence->data()->at(0)->value, 100.0 * c.excursion_share);
            QCOMPARE(presence->data()->at(1)->value, 100.0 * c.reference_share);
            QVERIFY(c.outcome_with && c.outcome_without && r.excursion.reference_value);
            QCOMPARE(outcome->data()->size(), 3);
            QCOMPARE(outcome->data()->at(0)->value, *c.outcome_with);
            QCOMPARE(outcome->data()->at(1)->value, *c.outcome_without);
            QCOMPARE(outcome->data()->at(2)->value, *r.excursion.reference_value);
            // Every bar inside its axis's visible range.
            for (auto* bars : {presence, outcome})
                for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
                    QVERIFY(bars->keyAxis()->range().contains(it->key));
                    QVERIFY(bars->valueAxis()->range().contains(it->value));
                }
        }
        // Ground truth of the planted plant: lot B-05 ran in most of the rows above the band
        // and almost never in the others.
        const QRect first = table->visualItemRect(table->item(0, ExplainPage::causeColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, first.center());
        QCOMPARE(table->item(0, ExplainPage::causeColumn)->text(), QStringLiteral("Lot=B-05"));
        QVERIFY(presence->data()->at(0)->value > 50.0);
        QVERIFY(presence->data()->at(1)->value < 5.0);
        // rows above the band: more scrap there, with the lot or without it, than in the reference
        QVERIFY(outcome->data()->at(0)->value > outcome->data()->at(2)->value);
        QVERIFY(outcome->data()->at(1)->value > outcome->data()->at(2)->value);
        // Pixels: the excursion's bar is drawn in its colour halfway up, the reference's
        // (under 5 % of a range of at least 55 %) is not at that height.
        auto* plot = page.evidenceChart()->plot();
        plot->replot();
        const QImage image = plot->grab().toImage();
        const double half = presence->data()->at(0)->value / 2;
        const auto pixel = [&](double key) {
            const int x = qRound(plot->xAxis->coordToPixel(key) * image.devicePixelRatio());
            const int y = qRound(plot->yAxis->coordToPixel(half) * image.devicePixelRatio());
            return image.pixelColor(x, y);
        };
        const QColor bar = presence->brush().color();
        const auto near = [](const QColor& a, const QColor& b) {
            return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) < 30;
        };
        QVERIFY2(near(pixel(CauseEvidenceChart::excursionKey), bar), qPrintable(pixel(CauseEvidenceChart::excursionKey).name()));
        QVERIFY(!near(pixel(CauseEvidenceChart::referenceKey), bar));
        saveScreenshot(page, QStringLiteral("explain_page_evidence.png"));
    }

    // A rule that names no column: the engine's message, without the command line's flags.
    void badConditionSaysWhatIsWrongInPageWords() {
        ExplainPage page(*document_);
        page.pickCondition(QStringLiteral("Humdity > 60"));
        QVERIFY(!run(page));
        const QString text = page.banner()->text();
        QVERIFY2(text.contains(QStringLiteral("Humidity")), qPrintable(text));  // "did you mean"
        QVERIFY2(!text.contains(QStringLiteral("--")), qPrintable(text));
        QCOMPARE(twinbench::ui::explainMessageInPageWords(
                     QStringLiteral("--output Scrap: the twin has no model of it, so it has no band; run `fit` (or map it as an output) first")),
                 QStringLiteral("Output Scrap: the twin has no model of it, so it has no band; fit the models on the Models page first"));
    }

  private:
    // Runs the page's explainer and waits; true when it succeeded.
    static bool run(ExplainPage& page) {
        BackgroundJob* job = page.explain();
        if (job == nullptr) return false;
        QSignalSpy finished(job, &BackgroundJob::finished);
        if (!finished.wait(60000)) return false;
        return job->outcome() == BackgroundJob::Outcome::succeeded;
    }
    twinbench::DatasetExplainInput engineInput(twinbench::ExplainRequest request) const {
        const twinbench::Project project(twinbench::ui::toPath(dir_.filePath(QStringLiteral("plant.twin"))),
                                         twinbench::Project::Mode::read_only);
        request.dataset = "line";
        return twinbench::dataset_explain_input(project, request);
    }
    // Share of the time chart's pixel column at `key` (zoomed to +-4 h) in the excursion's
    // shading (orange, not the cause's red).
    static double shadedShare(ExplainPage& page, double key) {
        auto* plot = page.chart()->plot();
        plot->xAxis->setRange(key - 4 * 3600.0, key + 4 * 3600.0);
        plot->replot();
        const QImage image = plot->grab().toImage();
        const int x = qRound(plot->xAxis->coordToPixel(key) * image.devicePixelRatio());
        const QRect r = plot->axisRect()->rect();
        int shaded = 0, all = 0;
        for (int y = r.top() + 2; y < r.bottom() - 2; ++y, ++all) {
            const QColor c = image.pixelColor(x, qRound(y * image.devicePixelRatio()));
            shaded += c.red() - c.blue() > 25 && c.green() - c.blue() > 10 && c.red() - c.green() < 40;
        }
        return double(shaded) / all;
    }
    twinbench::ExplainResult engineResult(twinbench::ExplainRequest request) const {
        const twinbench::Project project(twinbench::ui::toPath(dir_.filePath(QStringLiteral("plant.twin"))),
                                         twinbench::Project::Mode::read_only);
        request.dataset = "line";
        return twinbench::explain_dataset(project, request);
    }
    static void saveScreenshot(QWidget& widget, const QString& name) {
#ifdef TWINBENCH_UI_SCREENSHOT_DIR
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        widget.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/") + name);
#else
        Q_UNUSED(widget);
        Q_UNUSED(name);
#endif
    }

    QTemporaryDir dir_;
    std::unique_ptr<WorkbenchDocument> document_;
};

QTEST_MAIN(tst_ExplainPage)
#include "tst_explain_page.moc"
