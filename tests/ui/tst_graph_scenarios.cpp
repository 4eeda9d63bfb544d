// The Scenarios page and the contour map of a process that is not the furnace template:
// the UCI gas turbine (2015, 7384 rows, no time axis) imported through the document with
// the roles an engineer gives it, TEY and TIT the controls (two, for the map), NOX and CO
// the outputs; fitted and stored as the Models page does. What the page shows is checked
// against core opened independently from the project file: the scenarios' figures and
// their Monte Carlo P10/P90, the optimiser's answer (optimize_graph_controls with the same
// objective and constraints), the map's cells; and what is drawn is checked in pixels.
#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QSemaphore>
#include <QThreadPool>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

#include "data/importer.h"
#include "data/project.h"
#include "data/robust_stats.h"
#include "opt/graph_optimizer.h"
#include "sample/dryer_export.h"
#include "sim/graph_monte_carlo.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"
#include "sim/scenario.h"
#include "sim/twin_fitting.h"
#include "sim/twin_study.h"
#include "sim/twin_what_if.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/scenarios/graph_optimizer_panel.h"
#include "ui/scenarios/graph_scenario_overlay.h"
#include "ui/scenarios/graph_scenarios_view.h"
#include "ui/scenarios/scenarios_page.h"
#include "ui/whatif/graph_contour_view.h"
#include "ui/whatif/graph_what_if_view.h"
#include "ui/whatif/what_if_page.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui_test_support.h"

using twinbench::ui::GraphContourView;
using twinbench::ui::GraphOptimizerPanel;
using twinbench::ui::GraphScenariosView;
using twinbench::ui::GraphWhatIfState;
using twinbench::ui::ScenariosPage;
using twinbench::ui::WhatIfPage;
using twinbench::ui::WhatIfState;
using twinbench::ui::WorkbenchDocument;
using twinbench::ui::toQString;
using twinbench::ui::toUtf8;
namespace t = twinbench::ui::test;

namespace {

constexpr int band_runs = 30;

bool close(double a, double b, double relative = 1e-9) {
    return std::fabs(a - b) <= relative * std::max({1.0, std::fabs(a), std::fabs(b)});
}

twinbench::ControlChange setTo(const std::string& control, double value) {
    twinbench::ControlChange c;
    c.control = twinbench::Control::signal;
    c.signal = control;
    c.value = value;
    return c;
}

// Pixels of the widget's picture that differ between two renders.
// Waits for the map being worked out in the background, if any.
bool waitForMap(GraphContourView* contour) {
    if (contour->mapJob() == nullptr) return true;
    QSignalSpy drawn(contour, &GraphContourView::mapDrawn);
    return drawn.wait(30000);
}

int differingPixels(const QImage& a, const QImage& b, const QRect& within) {
    int n = 0;
    for (int y = within.top(); y <= within.bottom(); ++y)
        for (int x = within.left(); x <= within.right(); ++x) n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

}  // namespace

class tst_GraphScenarios : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
        document_ = std::make_unique<WorkbenchDocument>();
        projectPath_ = dir_.filePath(QStringLiteral("turbine.twin"));
        QVERIFY(t::createProject(*document_, projectPath_));
        QVERIFY(t::importTurbineAndFit(*document_,
                                       QStringLiteral(TWINBENCH_REAL_DATA_DIR "/gas_turbine_emissions/gt_2015.csv.gz"),
                                       {QStringLiteral("TIT")}));
        furnaceState_ = std::make_unique<WhatIfState>(*document_);
        whatIf_ = std::make_unique<WhatIfPage>(*document_, *furnaceState_);
        auto& state = whatIf_->graphState();
        state.setMonteCarloRuns(1);  // the What-if page's own bands are not under test here
        page_ = std::make_unique<ScenariosPage>(*document_, *furnaceState_, &state);
        view_ = page_->graphView();
        QVERIFY(view_ != nullptr);
        view_->bandRunsBox()->setValue(band_runs);
        view_->optimizer()->setMonteCarloRuns(band_runs);
        whatIf_->graphView()->contour()->setGridPoints(15);
        page_->resize(1280, 720);
        page_->show();  // the generic body: loads the study
        QVERIFY(page_->showsGraph());
        if (auto* job = state.loadJob()) job->waitForFinished();
        QVERIFY2(state.isLoaded(), qPrintable(state.loadError()));
        QApplication::processEvents();
        QVERIFY(page_->isEnabled());
        QVERIFY(view_->isVisible());

        const twinbench::Project project(twinbench::ui::toPath(projectPath_), twinbench::Project::Mode::read_only);
        engine_ = std::make_unique<twinbench::TwinStudy>(twinbench::open_twin_study(project, "turbine"));
        window_ = twinbench::graph_window(engine_->history, engine_->graph, {});
        std::vector<std::string> known;
        for (const auto& s : window_.baseline.series) known.push_back(s.name);
        kpis_ = std::make_unique<twinbench::KpiSet>(engine_->kpis, known);
    }

    void twoSavedScenariosAreComparedWithTheirBands() {
        auto& state = whatIf_->graphState();
        QCOMPARE(state.controls().size(), std::size_t{2});
        const auto* tey = state.control("TEY");
        const auto* tit = state.control("TIT");
        QVERIFY(tey && tit);
        QSignalSpy bands(view_, &GraphScenariosView::bandsFinished);
        // Saved from the What-if page's settings, as its "save as scenario" does.
        state.changeControls({{"TEY", tey->p99}}, QStringLiteral("test"));
        QVERIFY(state.saveScenario(QStringLiteral("more energy"), QString()));
        state.changeControls({{"TEY", tey->baseline}, {"TIT", tit->p01}}, QStringLiteral("test"));
        QVERIFY(state.saveScenario(QStringLiteral("cooler inlet"), QString()));
        QCOMPARE(view_->scenarioList()->count(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!view_->bandsJob() && view_->comparedCount() == 3 && view_->bandOf(2) != nullptr, 20000);

        auto* table = view_->comparisonTable();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->columnCount(), 2 * static_cast<int>(state.figures().size()));
        for (int row = 0; row < 3; ++row) {
            // The engine's horizon for the row's settings, and its Monte Carlo (same seed).
            twinbench::Scenario s;
            if (row > 0) {
                const auto stored = view_->comparedScenario(row);
                for (const auto& c : stored.changes) s.changes.push_back(setTo(c.signal, c.value));
            }
            const auto r = twinbench::run_twin_what_if(*engine_, s);
            const auto& outcome = row == 0 ? r.baseline : r.result;
            twinbench::GraphMonteCarloOptions mc;
            mc.runs = band_runs;
            mc.seed = 1;
            mc.series_band = true;
            const auto band = twinbench::run_graph_monte_carlo(*engine_, outcome.frame, *kpis_, mc);
            for (std::size_t f = 0; f < state.figures().size(); ++f) {
                const auto& figure = state.figures()[f];
                const auto* value = table->item(row, GraphScenariosView::valueColumn(static_cast<int>(f)));
                const auto* range = table->item(row, GraphScenariosView::bandColumn(static_cast<int>(f)));
                const double p10 = range->data(Qt::UserRole).toDouble(), p90 = range->data(Qt::UserRole + 1).toDouble();
                const double shown = value->data(Qt::UserRole).toDouble();
                QVERIFY2(close(p10, GraphWhatIfState::valueOf(band.p10, figure)) &&
                             close(p90, GraphWhatIfState::valueOf(band.p90, figure)) &&
                             close(shown, GraphWhatIfState::valueOf(band.p50, figure)),
                         qPrintable(QStringLiteral("row %1 %2: %3 (%4-%5) vs engine %6 (%7-%8)")
                                        .arg(row)
                                        .arg(figure.title)
                                        .arg(shown)
                                        .arg(p10)
                                        .arg(p90)
                                        .arg(GraphWhatIfState::valueOf(band.p50, figure))
                                        .arg(GraphWhatIfState::valueOf(band.p10, figure))
                                        .arg(GraphWhatIfState::valueOf(band.p90, figure))));
                // The headline inside its own band, and a band with width.
                QVERIFY(p10 < p90 && p10 <= shown && shown <= p90);
                QVERIFY(range->text().contains(QStringLiteral("–")));
            }
            // The scenario moved NOX off the baseline (the rows are not all one run).
            if (row > 0)
                QVERIFY(std::fabs(r.result.outputs.at("NOX") - r.baseline.outputs.at("NOX")) > 0.05);
            // The overlay draws the row's P10/P90 series step by step.
            auto* overlay = view_->overlay();
            for (int p = 0; p < overlay->panelCount(); ++p) {
                auto* low = overlay->bandGraph(p, row, false);
                QVERIFY(low != nullptr);
                const std::string& output = overlay->panelOutput(p);
                const auto& expected = band.series.at(output).p10;
                QCOMPARE(low->dataCount(), static_cast<int>(expected.size()));
                QVERIFY(close(low->data()->at(low->dataCount() / 2)->value, expected[expected.size() / 2]));
            }
        }
        QVERIFY(bands.count() >= 1);
    }

    void theBandsAreDrawn() {
        auto* overlay = view_->overlay();
        QCOMPARE(overlay->bandCount(), 3 * overlay->panelCount());
        const auto setBands = [&](int row, bool visible) {
            for (int p = 0; p < overlay->panelCount(); ++p)
                for (bool upper : {false, true})
                    if (auto* g = overlay->bandGraph(p, row, upper)) g->setVisible(visible);
        };
        // Each row's band, alone, changes the pixels of its panels by a shaded area.
        for (int row = 0; row < 3; ++row) {
            for (int other = 0; other < 3; ++other) setBands(other, false);
            overlay->replot();
            const QImage without = overlay->toPixmap().toImage();
            setBands(row, true);
            overlay->replot();
            const QImage with = overlay->toPixmap().toImage();
            QCOMPARE(with.size(), without.size());
            for (int p = 0; p < overlay->panelCount(); ++p) {
                const QRect rect = overlay->panelRect(p)->rect();
                const int changed = differingPixels(with, without, rect);
                QVERIFY2(changed > rect.width() * 3,
                         qPrintable(QStringLiteral("row %1 panel %2: %3 pixels shaded").arg(row).arg(p).arg(changed)));
            }
        }
        for (int row = 0; row < 3; ++row) setBands(row, true);
        overlay->replot();
    }

    void theOptimiserAgreesWithTheEngineAndAppliesAsOneStep() {
        auto& state = whatIf_->graphState();
        auto* panel = view_->optimizer();
        // Minimise NOX; CO at most today's (the default row); TEY at least 130 MWh.
        const int nox = figureIndex("NOX"), co = figureIndex("CO");
        QVERIFY(nox >= 0 && co >= 0);
        panel->objectiveBox()->setCurrentIndex(nox);
        panel->directionBox()->setCurrentIndex(0);
        QCOMPARE(panel->constraintTable()->rowCount(), static_cast<int>(state.figures().size()) - 1);
        QSignalSpy finished(panel, &GraphOptimizerPanel::finished);
        QVERIFY(panel->start());
        QVERIFY(finished.wait(30000));
        QVERIFY(panel->result().has_value());
        const auto& r = *panel->result();

        twinbench::GraphOptimizeOptions o;
        o.objective = "NOX";
        const auto today = twinbench::run_twin_what_if(*engine_, twinbench::Scenario{});
        o.constraints.push_back({"CO", true, today.baseline.outputs.at("CO"), std::nullopt});
        const auto engine = twinbench::optimize_graph_controls(*engine_, o);
        QCOMPARE(r.settings.size(), engine.settings.size());
        for (const auto& [name, value] : engine.settings)
            QVERIFY2(close(r.settings.at(name), value, 1e-9),
                     qPrintable(QStringLiteral("%1: %2 vs engine %3").arg(twinbench::ui::toQString(name)).arg(r.settings.at(name)).arg(value)));
        QVERIFY(close(r.objective, engine.objective));
        QCOMPARE(r.constraints_met, engine.constraints_met);
        QVERIFY(engine.objective < engine.baseline_objective);  // NOX went down

        // The figures with their P10-P90 (the engine's Monte Carlo of the answer).
        twinbench::Scenario answer;
        for (const auto& [name, value] : engine.settings) answer.changes.push_back(setTo(name, value));
        const auto ar = twinbench::run_twin_what_if(*engine_, answer);
        twinbench::GraphMonteCarloOptions mc;
        mc.runs = band_runs;
        mc.seed = 1;
        const auto band = twinbench::run_graph_monte_carlo(*engine_, ar.result.frame, *kpis_, mc);
        QVERIFY(close(GraphWhatIfState::valueOf(panel->resultBand()->p90, state.figures()[co]), band.p90.outputs.at("CO")));
        const QString summary = panel->summary()->text();
        QVERIFY(summary.contains(QStringLiteral("P10–P90")));
        // A warning exactly when CO's P90 breaks its limit.
        const bool breaks = band.p90.outputs.at("CO") > today.baseline.outputs.at("CO");
        QCOMPARE(!panel->riskWarnings().isEmpty(), breaks);
        const QString notes = panel->notes()->text();
        QCOMPARE(notes.contains(QStringLiteral("P90 of CO")), breaks);

        // A setting beyond the data's P1-P99 is said to lean on little data.
        bool beyond = false;
        for (const auto& c : window_.controls)
            if (const auto it = engine.settings.find(c.name); it != engine.settings.end())
                beyond = beyond || it->second > c.p99 || it->second < c.p01;
        QCOMPARE(notes.contains(QStringLiteral("beyond the data")), beyond);

        // Apply: the What-if page's controls take the answer, one undo step.
        QVERIFY(panel->applyButton()->isEnabled());
        const auto before = state.settings();
        const int undo = document_->undoStack()->index();
        panel->applyButton()->click();
        QCOMPARE(document_->undoStack()->index(), undo + 1);
        for (const auto& [name, value] : r.settings) QVERIFY(close(state.settings().at(name), value));
        document_->undoStack()->undo();
        QCOMPARE(state.settings(), before);
    }

    void theOptimiserCanBeCancelled() {
        auto* panel = view_->optimizer();
        QSignalSpy finished(panel, &GraphOptimizerPanel::finished);
        // The worker held back until Cancel is clicked, so the click cannot come after
        // the search is done however the machine schedules (core's own test stops the
        // search in flight: GraphOptimizerProgress).
        auto* pool = QThreadPool::globalInstance();
        const int threads = pool->maxThreadCount();
        pool->setMaxThreadCount(1);
        QSemaphore hold;
        pool->start([&hold] { hold.acquire(); });
        QVERIFY(panel->start());
        QVERIFY(panel->job() != nullptr && panel->progress()->isVisible());
        panel->progress()->cancelButton()->click();
        hold.release();
        QVERIFY(finished.wait(30000));
        pool->setMaxThreadCount(threads);
        QVERIFY(!panel->result().has_value());
        QCOMPARE(panel->summary()->text(), QStringLiteral("Cancelled."));
        QVERIFY(!panel->applyButton()->isEnabled());
        QVERIFY(panel->optimizeButton()->isEnabled());
    }

    void theContourMapShowsTheEnginesCellsOnAPlausibleScale() {
        whatIf_->resize(1280, 720);
        whatIf_->show();
        QApplication::processEvents();
        auto* contour = whatIf_->graphView()->contour();
        QVERIFY(contour->plot()->isVisible());
        // The first two controls by default; TEY across, TIT up, NOX.
        QCOMPARE(contour->xBox()->count(), 2);
        QVERIFY(contour->xBox()->currentIndex() != contour->yBox()->currentIndex());
        contour->yBox()->setCurrentText(QStringLiteral("TIT"));
        contour->xBox()->setCurrentText(QStringLiteral("TEY"));
        contour->figureBox()->setCurrentIndex(figureIndex("NOX"));
        QCOMPARE(contour->xBox()->currentText(), QStringLiteral("TEY"));
        QCOMPARE(contour->yBox()->currentText(), QStringLiteral("TIT"));
        QVERIFY(waitForMap(contour));
        const int n = contour->gridPoints();
        const auto& values = contour->mapValues();
        QCOMPARE(values.size(), static_cast<std::size_t>(n * n));
        auto& state = whatIf_->graphState();
        // Cells against the engine's horizon at those settings (the corners and the middle).
        for (const auto& [col, row] : {std::pair{0, 0}, {n - 1, 0}, {0, n - 1}, {n - 1, n - 1}, {n / 2, n / 3}}) {
            twinbench::Scenario s;
            s.changes.push_back(setTo("TEY", contour->xValues()[static_cast<std::size_t>(col)]));
            s.changes.push_back(setTo("TIT", contour->yValues()[static_cast<std::size_t>(row)]));
            const double engine = twinbench::run_twin_what_if(*engine_, s).result.outputs.at("NOX");
            QVERIFY2(close(values[static_cast<std::size_t>(row * n + col)], engine),
                     qPrintable(QStringLiteral("cell %1,%2: %3 vs %4").arg(col).arg(row).arg(values[static_cast<std::size_t>(row * n + col)]).arg(engine)));
        }
        // The scale: the 2nd-98th percentile of the cells inside the data's P1-P99 box of
        // both controls (from the engine's window), not the whole grid's extremes.
        const auto* tey = state.control("TEY");
        const auto* tit = state.control("TIT");
        std::vector<double> inside;
        double lowest = INFINITY, highest = -INFINITY;
        for (int row = 0; row < n; ++row)
            for (int col = 0; col < n; ++col) {
                const double v = values[static_cast<std::size_t>(row * n + col)];
                lowest = std::min(lowest, v);
                highest = std::max(highest, v);
                const double x = contour->xValues()[static_cast<std::size_t>(col)], y = contour->yValues()[static_cast<std::size_t>(row)];
                if (x >= tey->p01 && x <= tey->p99 && y >= tit->p01 && y <= tit->p99) inside.push_back(v);
            }
        QVERIFY(inside.size() >= 9);
        const double q[2] = {0.02, 0.98};
        double expected[2] = {0, 0};
        twinbench::quantiles_inplace(inside, q, expected);
        const QCPRange range = contour->colourMap()->dataRange();
        QVERIFY(close(range.lower, expected[0]) && close(range.upper, expected[1]));
        QVERIFY(range.lower >= lowest && range.upper <= highest && range.size() > 0.0);
        // The turbine's map has cells outside the plausible range (its corners): they do
        // not stretch the scale.
        QVERIFY(lowest < range.lower || highest > range.upper);

        // Pixels: the colour at a cell's centre is the gradient's colour of its value.
        contour->plot()->replot();
        const QImage image = contour->plot()->toPixmap().toImage();
        auto gradient = contour->colourMap()->gradient();
        int matched = 0, tried = 0;
        for (int row = 2; row < n - 2; row += 3)
            for (int col = 2; col < n - 2; col += 3) {
                const double x = contour->xValues()[static_cast<std::size_t>(col)], y = contour->yValues()[static_cast<std::size_t>(row)];
                const QPoint px(qRound(contour->plot()->xAxis->coordToPixel(x)), qRound(contour->plot()->yAxis->coordToPixel(y)));
                const QColor want = QColor::fromRgb(gradient.color(values[static_cast<std::size_t>(row * n + col)], range));
                const QColor got = image.pixelColor(px);
                ++tried;
                matched += std::abs(want.red() - got.red()) < 24 && std::abs(want.green() - got.green()) < 24 &&
                           std::abs(want.blue() - got.blue()) < 24;
            }
        // (A contour line or its label may cover a few centres.)
        QVERIFY2(matched * 4 >= tried * 3, qPrintable(QStringLiteral("%1 of %2 cells in their colour").arg(matched).arg(tried)));
        QVERIFY(!contour->contourLevels().empty());

        // Another pair and figure: the map follows (TIT across, CO).
        const int computed = contour->mapsComputed();
        QElapsedTimer clock;
        clock.start();
        contour->figureBox()->setCurrentIndex(figureIndex("CO"));
        QVERIFY(contour->mapJob() != nullptr);  // worked out in the background
        QVERIFY(waitForMap(contour));
        qInfo("a %dx%d map of the turbine: %lld ms", n, n, static_cast<long long>(clock.elapsed()));
        QCOMPARE(contour->mapsComputed(), computed + 1);
        QVERIFY(contour->colourMap()->dataRange().upper != range.upper);
    }

    void screenshots() {
        // The optimiser's answer (least NOX, CO no higher than today), applied on What-if.
        auto* panel = view_->optimizer();
        panel->objectiveBox()->setCurrentIndex(figureIndex("NOX"));
        QSignalSpy finished(panel, &GraphOptimizerPanel::finished);
        QVERIFY(panel->start());
        QVERIFY(finished.wait(30000));
        QVERIFY(panel->result().has_value());
        panel->applyButton()->click();
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        page_->show();
        QApplication::processEvents();
        QVERIFY(page_->grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/workbench-scenarios-turbine.png")));
        whatIf_->graphView()->contour()->figureBox()->setCurrentIndex(figureIndex("NOX"));
        QVERIFY(waitForMap(whatIf_->graphView()->contour()));
        QApplication::processEvents();
        QVERIFY(whatIf_->grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/workbench-whatif-contour-turbine.png")));
    }

    // The generated spray dryer (3 days, a time axis): a KPI as the objective, a count's
    // rate and the other outputs as constraints, a stored scenario with its band.
    void dryerKpiObjectiveWithRateAndOutputConstraints() {
        twinbench::DryerSampleOptions sample;
        sample.days = 3;
        const QString data = dir_.filePath(QStringLiteral("dryer"));
        twinbench::write_dryer_sample(twinbench::ui::toPath(data), sample);
        WorkbenchDocument document;
        const QString path = dir_.filePath(QStringLiteral("dryer.twin"));
        QVERIFY(t::createProject(document, path));
        twinbench::ImportOptions options;
        for (const char* f : {"historian.csv", "lab_moisture.csv", "bagging_15min.csv"})
            options.files.push_back(twinbench::ui::toPath(data) / f);
        options.time_zone = sample.time_zone;
        for (const char* c : {"Inlet air temp SP", "Feed rate"}) options.role_overrides.emplace_back(twinbench::Role::control, c);
        for (const char* c : {"Feed solids", "Ambient humidity", "Ambient temp"})
            options.role_overrides.emplace_back(twinbench::Role::disturbance, c);
        for (const char* c : {"Outlet air temp", "Gas energy", "Residual moisture", "Bags filled", "Bags off-spec"})
            options.role_overrides.emplace_back(twinbench::Role::output, c);
        {
            QString error;
            auto* job = document.startImport(std::move(options), &error);
            QVERIFY2(job, qPrintable(error));
            QSignalSpy done(job, &twinbench::ui::BackgroundJob::finished);
            QVERIFY(done.wait(60000));
            QVERIFY(document.hasDataset());
        }
        {
            twinbench::Project p(twinbench::ui::toPath(path), twinbench::Project::Mode::open_existing);
            twinbench::store_kpis(p, p.dataset(""), {{"Gas per bag", "sum(\"Gas energy\")/sum(\"Bags filled\")"}});
        }
        QString error;
        QVERIFY2(document.storeModels(twinbench::fit_twin(*document.table(), *document.dataset(), document.storedGraph()), &error),
                 qPrintable(error));

        WhatIfState furnace(document);
        WhatIfPage whatIf(document, furnace);
        auto& state = whatIf.graphState();
        state.setMonteCarloRuns(1);
        ScenariosPage page(document, furnace, &state);
        auto* view = page.graphView();
        view->bandRunsBox()->setValue(band_runs);
        view->optimizer()->setMonteCarloRuns(band_runs);
        page.resize(1280, 720);
        page.show();
        if (auto* job = state.loadJob()) job->waitForFinished();
        QVERIFY2(state.isLoaded(), qPrintable(state.loadError()));
        QApplication::processEvents();
        const twinbench::Project project(twinbench::ui::toPath(path), twinbench::Project::Mode::read_only);
        const auto engine = twinbench::open_twin_study(project, toUtf8(document.datasetName()));

        const auto index = [&](twinbench::ui::GraphFigure::Kind kind, const std::string& name) {
            for (std::size_t i = 0; i < state.figures().size(); ++i)
                if (state.figures()[i].kind == kind && state.figures()[i].name == name) return static_cast<int>(i);
            return -1;
        };
        using Kind = twinbench::ui::GraphFigure::Kind;
        const int kpi = index(Kind::kpi, "Gas per bag"), rate = index(Kind::rate, "Bags off-spec");
        const int bags = index(Kind::output, "Bags filled"), moisture = index(Kind::output, "Residual moisture");
        QVERIFY(kpi >= 0 && rate >= 0 && bags >= 0 && moisture >= 0);

        // A stored scenario, compared with its band: the KPI's and the rate's columns.
        const auto* feed = state.control("Feed rate");
        QVERIFY(feed != nullptr);
        state.changeControls({{"Feed rate", feed->p99}}, QStringLiteral("test"));
        QVERIFY(state.saveScenario(QStringLiteral("full feed"), QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!view->bandsJob() && view->comparedCount() == 2 && view->bandOf(1) != nullptr, 30000);
        twinbench::Scenario s;
        s.changes.push_back(setTo("Feed rate", feed->p99));
        s.horizon_h = state.horizonHours();
        const auto r = twinbench::run_twin_what_if(engine, s);
        std::vector<std::string> known;
        for (const auto& sg : r.result.frame.series) known.push_back(sg.name);
        const twinbench::KpiSet kpis(engine.kpis, known);
        twinbench::GraphMonteCarloOptions mc;
        mc.runs = band_runs;
        mc.seed = 1;
        mc.series_band = true;
        const auto band = twinbench::run_graph_monte_carlo(engine, r.result.frame, kpis, mc);
        for (const int f : {kpi, rate}) {
            const auto* cell = view->comparisonTable()->item(1, GraphScenariosView::bandColumn(f));
            const auto& figure = state.figures()[static_cast<std::size_t>(f)];
            QVERIFY2(close(cell->data(Qt::UserRole).toDouble(), GraphWhatIfState::valueOf(band.p10, figure)) &&
                         close(cell->data(Qt::UserRole + 1).toDouble(), GraphWhatIfState::valueOf(band.p90, figure)),
                     qPrintable(figure.title));
        }
        QVERIFY(view->overlay()->bandCount() > 0);

        // The map of the KPI over the two controls, on its plausible scale.
        auto* contour = whatIf.graphView()->contour();
        QElapsedTimer clock;
        clock.start();
        contour->figureBox()->setCurrentIndex(kpi);
        QVERIFY(waitForMap(contour));
        qInfo("a %dx%d map of the dryer (%zu steps): %lld ms", contour->gridPoints(), contour->gridPoints(),
              state.horizonRows(), static_cast<long long>(clock.elapsed()));
        const auto [low, high] = std::minmax_element(contour->mapValues().begin(), contour->mapValues().end());
        const QCPRange range = contour->colourMap()->dataRange();
        QVERIFY(range.lower >= *low && range.upper <= *high && range.size() > 0.0);

        // Least gas per bag; bags filled at least today's, residual moisture at most 3 %,
        // the off-spec rate no higher than today (the default); the outlet air, the gas and
        // the off-spec count (the rate holds it) free.
        state.changeControls(state.baselineSettings(), QStringLiteral("test"));
        auto* panel = view->optimizer();
        panel->objectiveBox()->setCurrentIndex(kpi);
        panel->setKeep(bags, GraphOptimizerPanel::Keep::no_lower_than_today);
        panel->setKeep(moisture, GraphOptimizerPanel::Keep::at_most, 3.0);
        for (std::size_t f = 0; f < state.figures().size(); ++f)
            if (state.figures()[f].kind == Kind::output &&
                (state.figures()[f].name == "Outlet air temp" || state.figures()[f].name == "Gas energy" ||
                 state.figures()[f].name == "Bags off-spec"))
                panel->setKeep(static_cast<int>(f), GraphOptimizerPanel::Keep::free);
        QSignalSpy finished(panel, &GraphOptimizerPanel::finished);
        QVERIFY(panel->start());
        QVERIFY(finished.wait(60000));
        QVERIFY(panel->result().has_value());

        twinbench::Scenario nothing;
        nothing.horizon_h = state.horizonHours();
        const auto today = twinbench::run_twin_what_if(engine, nothing);
        twinbench::GraphOptimizeOptions o;
        o.objective = "Gas per bag";
        o.horizon_h = state.horizonHours();
        o.constraints.push_back({"Bags filled", false, today.baseline.outputs.at("Bags filled"), std::nullopt});
        o.constraints.push_back({"Residual moisture", true, 3.0, std::nullopt});
        o.constraints.push_back({"rate(Bags off-spec)", true, today.baseline.rates.at("Bags off-spec"), std::nullopt});
        const auto answer = twinbench::optimize_graph_controls(engine, o);
        const auto& got = *panel->result();
        QCOMPARE(got.constraints.size(), answer.constraints.size());
        for (const auto& [name, value] : answer.settings)
            QVERIFY2(close(got.settings.at(name), value),
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(toQString(name)).arg(got.settings.at(name)).arg(value)));
        QVERIFY(close(got.objective, answer.objective));
        QCOMPARE(got.constraints_met, answer.constraints_met);
    }

    void cleanupTestCase() {
        page_.reset();
        whatIf_.reset();
        furnaceState_.reset();
        document_.reset();
    }

  private:
    int figureIndex(const std::string& name) const {
        const auto& figures = whatIf_->graphState().figures();
        for (std::size_t i = 0; i < figures.size(); ++i)
            if (figures[i].name == name && figures[i].kind == twinbench::ui::GraphFigure::Kind::output) return static_cast<int>(i);
        return -1;
    }

    QTemporaryDir dir_;
    QString projectPath_;
    std::unique_ptr<WorkbenchDocument> document_;
    std::unique_ptr<WhatIfState> furnaceState_;
    std::unique_ptr<WhatIfPage> whatIf_;
    std::unique_ptr<ScenariosPage> page_;
    GraphScenariosView* view_ = nullptr;
    std::unique_ptr<twinbench::TwinStudy> engine_;
    twinbench::GraphWindow window_;
    std::unique_ptr<twinbench::KpiSet> kpis_;
};

QTEST_MAIN(tst_GraphScenarios)
#include "tst_graph_scenarios.moc"
