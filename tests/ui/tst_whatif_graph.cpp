// The What-if page of a process that is not the furnace template: the UCI gas turbine
// (2015, 7384 rows, no time axis) imported through the document, roles set as the
// Project page sets them (NOX and CO outputs, TEY the control, AT, AP, AH, AFDP
// disturbances), fitted and stored as the Models page does. The page shows a slider per
// control, tiles, a profiler and a time chart; dragging TEY is one undo step, and what
// the tiles and charts draw is what core's generic session (run_twin_what_if) computes
// for the same setting on a twin opened independently from the project file.
#include <algorithm>
#include <cmath>

#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "data/project.h"
#include "sim/scenario.h"
#include "sim/scenario_store.h"
#include "sim/twin_fitting.h"
#include "sim/twin_study.h"
#include "sim/twin_what_if.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/whatif/envelope_slider.h"
#include "ui/whatif/graph_control_panel.h"
#include "ui/whatif/graph_outcome_tiles.h"
#include "ui/whatif/graph_profiler.h"
#include "ui/whatif/graph_time_chart.h"
#include "ui/whatif/graph_what_if_view.h"
#include "ui/whatif/what_if_page.h"
#include "drawn_text.h"
#include "ui_test_support.h"

using twinbench::ui::GraphWhatIfState;
using twinbench::ui::GraphOutcomeTiles;
using twinbench::ui::WhatIfPage;
using twinbench::ui::WhatIfState;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

namespace {

void sendMouse(QWidget* w, QEvent::Type type, const QPoint& pos, Qt::MouseButtons buttons) {
    QMouseEvent e(type, QPointF(pos), w->mapToGlobal(QPointF(pos)), Qt::LeftButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

// The number a label shows (its first word).
double shownNumber(const QLabel* label) {
    bool ok = false;
    const double v = label->text().section(QLatin1Char(' '), 0, 0).toDouble(&ok);
    return ok ? v : std::nan("");
}

// Every finite point of a graph lies inside its axes' ranges: what is drawn is visible.
QString invisiblePoints(const QCPGraph* g) {
    int finite = 0, outside = 0;
    const QCPRange x = g->keyAxis()->range(), y = g->valueAxis()->range();
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
        if (!std::isfinite(it->value)) continue;
        ++finite;
        if (!x.contains(it->key) || !y.contains(it->value)) ++outside;
    }
    if (finite == 0) return QStringLiteral("%1: no finite point").arg(g->name());
    if (outside > 0) return QStringLiteral("%1: %2 of %3 points outside the axes").arg(g->name()).arg(outside).arg(finite);
    return {};
}

}  // namespace

class tst_WhatIfGraph : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
        document_ = std::make_unique<WorkbenchDocument>();
        projectPath_ = dir_.filePath(QStringLiteral("turbine.twin"));
        QVERIFY(t::createProject(*document_, projectPath_));
        // As the Project page sets the roles (one undo step each) and the Models page fits.
        QVERIFY(t::importTurbineAndFit(
            *document_, QStringLiteral(TWINBENCH_REAL_DATA_DIR "/gas_turbine_emissions/gt_2015.csv.gz")));

        furnaceState_ = std::make_unique<WhatIfState>(*document_);
        page_ = std::make_unique<WhatIfPage>(*document_, *furnaceState_);
        page_->graphState().setMonteCarloRuns(60);
        page_->graphState().setMonteCarloDelayMs(0);
        page_->resize(1400, 900);
        page_->show();  // starts loading
        auto& state = page_->graphState();
        QVERIFY(state.isLoading() || state.isLoaded());
        if (auto* job = state.loadJob()) job->waitForFinished();
        QVERIFY2(state.isLoaded(), qPrintable(state.loadError()));
        QApplication::processEvents();

        // The engine, independently: the same project file opened by core alone.
        const twinbench::Project project(twinbench::ui::toPath(projectPath_), twinbench::Project::Mode::read_only);
        engine_ = std::make_unique<twinbench::TwinStudy>(twinbench::open_twin_study(project, "turbine"));
    }

    void showsTheGraphPageNotTheFurnaceOne() {
        QVERIFY(page_->showsGraph());
        QVERIFY(page_->graphView()->isVisible());
        QVERIFY(!furnaceState_->isLoaded() && !furnaceState_->isLoading());
        auto& state = page_->graphState();
        QCOMPARE(state.controls().size(), std::size_t{1});
        QCOMPARE(state.controls().front().name, std::string("TEY"));
        QCOMPARE(page_->graphView()->controls()->rowCount(), 1);
        // NOX and CO, each a tile and a profiler row, each a time-chart panel.
        QCOMPARE(page_->graphView()->tiles()->tileCount(), 2);
        QCOMPARE(page_->graphView()->profiler()->rowCount(), 2);
        QCOMPARE(page_->graphView()->profiler()->columnCount(), 1);
        QCOMPARE(page_->graphView()->chart()->panelCount(), 2);
        // The slider spans the data's range of TEY, the envelope shaded under it.
        const auto* slider = page_->graphView()->controls()->slider(0);
        const auto& tey = engine_->history.at("TEY").values;
        const auto [lo, hi] = std::minmax_element(tey.begin(), tey.end());
        QCOMPARE(slider->low(), *lo);
        QCOMPARE(slider->high(), *hi);
        QVERIFY(slider->hasEnvelope());
    }

    void baselineTilesAreTheSessionsBaseline() {
        twinbench::Scenario nothing;
        // Once the page's Monte Carlo is back its tiles show the runs' median: the
        // engine's headline with as many runs (same seed, same draws).
        twinbench::TwinWhatIfOptions options;
        options.runs = page_->graphState().band() ? page_->graphState().monteCarloRuns() : 1;
        const auto r = twinbench::run_twin_what_if(*engine_, nothing, options);
        checkTiles(r);
        for (int i = 0; i < page_->graphView()->tiles()->tileCount(); ++i)
            QVERIFY(page_->graphView()->tiles()->deltaLabel(i)->text().contains(QStringLiteral("= baseline")));
    }

    void draggingTeyMovesTheTilesToTheEnginesNumbersInOneUndoStep() {
        auto& state = page_->graphState();
        auto* slider = page_->graphView()->controls()->slider(0);
        const double before = state.settings().at("TEY");
        const int undoBefore = document_->undoStack()->index();
        // The single run at the estimates, as the tile shows it again after the undo below.
        const QString noxBefore = GraphOutcomeTiles::formatValue(
            GraphWhatIfState::valueOf(state.result().result, state.figures().front()));

        const int y = slider->height() / 2 - 3;
        const QPoint start(slider->pixelOf(before), y);
        sendMouse(slider, QEvent::MouseButtonPress, start, Qt::LeftButton);
        QVERIFY(slider->isSliderDown());
        for (int dx = 8; dx <= 64; dx += 8) {
            sendMouse(slider, QEvent::MouseMove, start + QPoint(dx, 0), Qt::LeftButton);
            QVERIFY(state.isDragging());
        }
        sendMouse(slider, QEvent::MouseButtonRelease, start + QPoint(64, 0), Qt::NoButton);
        QVERIFY(!state.isDragging());
        QCOMPARE(document_->undoStack()->index(), undoBefore + 1);

        const double after = state.settings().at("TEY");
        QVERIFY2(after > before + 1.0, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        QCOMPARE(slider->physicalValue(), after);
        auto* spin = page_->graphView()->controls()->spinBox(0);
        QCOMPARE(spin->value(), QString::number(after, 'f', spin->decimals()).toDouble());

        // The engine's answer for TEY = after, through the CLI's --set path.
        twinbench::Scenario scenario;
        scenario.changes.push_back(twinbench::parse_set_argument("TEY=" + std::to_string(after)));
        scenario.changes.back().value = after;  // exactly, not the printed digits
        const auto r = twinbench::run_twin_what_if(*engine_, scenario);
        checkTiles(r);
        // TEY moves NOX visibly: the tile's text changed with it.
        QVERIFY(std::abs(r.result.outputs.at("NOX") - r.baseline.outputs.at("NOX")) > 0.05);
        QVERIFY(page_->graphView()->tiles()->valueLabel(0)->text() != noxBefore);

        // The time chart draws the engine's scenario series, visibly.
        QApplication::processEvents();
        auto* chart = page_->graphView()->chart();
        for (int p = 0; p < chart->panelCount(); ++p) {
            const auto& output = chart->panelOutput(p);
            const auto& series = r.result.frame.at(output).values;
            auto* g = chart->scenarioGraph(p);
            QCOMPARE(g->dataCount(), static_cast<int>(series.size()));
            for (std::size_t k = 0; k < series.size(); k += series.size() / 7)
                QCOMPARE(g->data()->at(static_cast<int>(k))->value, series[k]);
            QVERIFY2(invisiblePoints(g).isEmpty(), qPrintable(invisiblePoints(g)));
            QVERIFY2(invisiblePoints(chart->baselineGraph(p)).isEmpty(),
                     qPrintable(invisiblePoints(chart->baselineGraph(p))));
            QVERIFY(g->visible() && chart->baselineGraph(p)->visible());
        }
        // The profiler's marker sits at the new TEY and the engine's figure there.
        auto* profiler = page_->graphView()->profiler();
        for (int row = 0; row < profiler->rowCount(); ++row) {
            const QPointF m = profiler->markerPosition(row, 0);
            QCOMPARE(m.x(), after);
            const auto& figure = state.figures()[static_cast<std::size_t>(row)];
            QCOMPARE(m.y(), r.result.outputs.at(figure.name));
            QVERIFY2(invisiblePoints(profiler->traceGraph(row, 0)).isEmpty(),
                     qPrintable(invisiblePoints(profiler->traceGraph(row, 0))));
        }

        // Undo takes the whole drag back; redo brings it again.
        document_->undoStack()->undo();
        QCOMPARE(state.settings().at("TEY"), before);
        QCOMPARE(page_->graphView()->tiles()->valueLabel(0)->text(), noxBefore);
        document_->undoStack()->redo();
        QCOMPARE(state.settings().at("TEY"), after);
    }

    void monteCarloBandIsShadedAroundTheScenario() {
        auto& state = page_->graphState();
        QSignalSpy band(&state, &GraphWhatIfState::bandChanged);
        if (!state.band()) QVERIFY(band.wait(20000));
        QVERIFY(state.band().has_value());
        QApplication::processEvents();
        // Each tile's headline is the runs' median, inside its own P10-P90 (issue 15
        // fault 6), and it is the engine's headline for as many runs.
        auto* tiles = page_->graphView()->tiles();
        QVERIFY(state.baselineMedian().has_value());
        for (int i = 0; i < tiles->tileCount(); ++i) {
            const auto& f = state.figures()[static_cast<std::size_t>(i)];
            const double shown = tiles->shownValue(i);
            QCOMPARE(shown, GraphWhatIfState::valueOf(state.band()->p50, f));
            QVERIFY(GraphWhatIfState::valueOf(state.band()->p10, f) <= shown);
            QVERIFY(shown <= GraphWhatIfState::valueOf(state.band()->p90, f));
            QCOMPARE(tiles->valueLabel(i)->text(), GraphOutcomeTiles::formatValue(shown));
        }
        auto* chart = page_->graphView()->chart();
        chart->resize(900, 500);
        chart->replot();
        for (int p = 0; p < chart->panelCount(); ++p) {
            auto* low = chart->bandLowGraph(p);
            auto* high = chart->bandHighGraph(p);
            QVERIFY2(invisiblePoints(low).isEmpty(), qPrintable(invisiblePoints(low)));
            QVERIFY2(invisiblePoints(high).isEmpty(), qPrintable(invisiblePoints(high)));
            QCOMPARE(high->channelFillGraph(), low);
            QVERIFY(high->brush().style() != Qt::NoBrush && high->brush().color().alpha() > 0);
            // The band holds the scenario: P10 below, P90 above on most steps.
            const auto* scenario = chart->scenarioGraph(p);
            int inside = 0;
            for (int k = 0; k < scenario->dataCount(); ++k)
                if (low->data()->at(k)->value <= scenario->data()->at(k)->value &&
                    scenario->data()->at(k)->value <= high->data()->at(k)->value)
                    ++inside;
            QVERIFY2(inside > 0.9 * scenario->dataCount(), qPrintable(QString::number(inside)));
            // And it is drawn: a pixel between P10 and the scenario line, away from both,
            // is not the background's colour.
            const QImage image = chart->toPixmap().toImage();
            const int k = scenario->dataCount() / 2;
            const double lo = low->data()->at(k)->value, mid = scenario->data()->at(k)->value;
            const QPoint at(qRound(low->keyAxis()->coordToPixel(low->data()->at(k)->key)),
                            qRound(low->valueAxis()->coordToPixel(lo + 0.3 * (mid - lo))));
            // The background: the same column just under the panel's top edge (the axes
            // leave 5 % of room above the highest line).
            const QColor background = image.pixelColor(at.x(), chart->panelRect(p)->top() + 2);
            const QColor drawn = image.pixelColor(at);
            QVERIFY2(drawn != background,
                     qPrintable(QStringLiteral("%1 at (%2, %3)").arg(drawn.name()).arg(at.x()).arg(at.y())));
        }
        // The tiles carry the band's P10-P90.
        for (int i = 0; i < page_->graphView()->tiles()->tileCount(); ++i)
            QVERIFY2(page_->graphView()->tiles()->bandLabel(i)->text().startsWith(QStringLiteral("P10–P90 ")),
                     qPrintable(page_->graphView()->tiles()->bandLabel(i)->text()));
    }

    void limitsAreDrawnAndTheirCrossingsComeFromTheSession() {
        auto& state = page_->graphState();
        auto* chart = page_->graphView()->chart();
        // Defaults: each output's 99th percentile over the data, a line in its panel.
        QCOMPARE(state.limits().size(), std::size_t{2});
        for (int p = 0; p < chart->panelCount(); ++p) QCOMPARE(chart->limitLines(p).size(), std::size_t{1});
        // A limit the scenario crosses, typed as the engineer would.
        const double nox = state.result().result.outputs.at("NOX");
        auto* edit = page_->graphView()->controls()->limitsEdit();
        edit->setText(QStringLiteral("NOX<=%1").arg(nox, 0, 'f', 2));
        emit edit->editingFinished();
        QCOMPARE(state.limits().size(), std::size_t{1});
        QCOMPARE(chart->limitLines(0).size() + chart->limitLines(1).size(), std::size_t{1});
        QCOMPARE(state.result().limits.size(), std::size_t{1});
        QVERIFY(state.result().limits.front().crossed);
        QVERIFY2(page_->graphView()->controls()->limitsNote()->text().contains(QStringLiteral("NOX crosses")),
                 qPrintable(page_->graphView()->controls()->limitsNote()->text()));
        // Not an output: said, and the limits stay.
        edit->setText(QStringLiteral("flux<=3"));
        emit edit->editingFinished();
        QCOMPARE(state.limits().size(), std::size_t{1});
        QVERIFY(page_->graphView()->controls()->limitsNote()->text().contains(QStringLiteral("not understood")));
        // Not a number: the engine's reason in the page's words (no command-line flag).
        edit->setText(QStringLiteral("NOX<=hot"));
        emit edit->editingFinished();
        const QString note = page_->graphView()->controls()->limitsNote()->text();
        QVERIFY2(note.contains(QStringLiteral("'hot' is not a number")) && !note.contains(QStringLiteral("--")), qPrintable(note));
        QCOMPARE(state.limits().size(), std::size_t{1});
    }

    // A spin-box entry is one undo step; the settings saved as a scenario come back from
    // the project file as core reads them, and simulate to what the tiles show.
    void savedScenarioIsTheSettingsAsTheEngineReadsThem() {
        auto& state = page_->graphState();
        auto* panel = page_->graphView()->controls();
        const int undoBefore = document_->undoStack()->index();
        const double target = std::round(state.controls().front().p01 + 3.0);
        panel->spinBox(0)->setValue(target);
        QCOMPARE(document_->undoStack()->index(), undoBefore + 1);
        QCOMPARE(state.settings().at("TEY"), target);

        panel->scenarioName()->clear();
        panel->saveButton()->click();
        QVERIFY(panel->saveNote()->text().contains(QStringLiteral("name")));
        panel->scenarioName()->setText(QStringLiteral("low load"));
        panel->saveButton()->click();
        QVERIFY2(panel->saveNote()->text().startsWith(QStringLiteral("Saved")), qPrintable(panel->saveNote()->text()));

        const twinbench::Project project(twinbench::ui::toPath(projectPath_), twinbench::Project::Mode::read_only);
        const auto stored = twinbench::load_scenario(project, project.dataset("turbine"), "low load");
        QCOMPARE(stored.changes.size(), std::size_t{1});
        QCOMPARE(stored.changes.front().signal, std::string("TEY"));
        QCOMPARE(stored.changes.front().value, target);
        checkTiles(twinbench::run_twin_what_if(*engine_, stored));
    }

    // Another dataset with the furnace roles: the page shows the furnace body; undoing
    // the turbine's last step there changes nothing (and does not throw); back on the
    // turbine the generic body returns.
    void switchingDatasetSwitchesTheBody() {
        const auto csv = t::writePlantCsv(dir_.path(), QStringLiteral("line.csv"));
        QVERIFY(t::importFiles(*document_, {csv.path}, QStringLiteral("line")));
        QApplication::processEvents();
        QVERIFY(!page_->showsGraph());
        QVERIFY(!page_->graphView()->isVisible());
        QVERIFY(!page_->graphState().isLoaded());
        document_->undoStack()->undo();
        QVERIFY(!page_->graphState().isLoaded());
        if (auto* job = furnaceState_->loadJob()) job->waitForFinished();

        QVERIFY(document_->selectDataset(QStringLiteral("turbine")));
        QApplication::processEvents();
        QVERIFY(page_->showsGraph());
        QVERIFY(page_->graphView()->isVisible());
        // The load runs in the background (a load started by the furnace state's unloading
        // is replaced by the one for the new dataset): wait until one has delivered.
        QTRY_VERIFY2_WITH_TIMEOUT(page_->graphState().isLoaded(), qPrintable(page_->graphState().loadError()), 60000);
        QCOMPARE(page_->graphState().settings(), page_->graphState().baselineSettings());
        // Settings of other controls (another dataset's undo step) are not applied.
        page_->graphState().applySettings({{"Line speed", 2.0}});
        QCOMPARE(page_->graphState().settings(), page_->graphState().baselineSettings());
    }

    // Issue 15 fault 8: in a 1280x720 window (the page is about 1030x660 beside the
    // step list, under the menu) no label of the profiler or the time chart runs into
    // another or out of its plot: tick labels, axis labels, strip titles, limit labels.
    void labelsStayApartAt1280x720() {
        const QSize before = page_->size();
        page_->resize(1030, 660);
        // The plots fit their words over a few queued replots after a resize.
        for (int i = 0; i < 8; ++i) QApplication::processEvents();
        const QString shots = qEnvironmentVariable("TWINBENCH_UI_SHOTS");
        if (!shots.isEmpty()) page_->grab().save(shots + QStringLiteral("/graph_1280x720.png"));
        for (QCustomPlot* plot : {static_cast<QCustomPlot*>(page_->graphView()->profiler()), static_cast<QCustomPlot*>(page_->graphView()->chart())}) {
            plot->replot(QCustomPlot::rpImmediateRefresh);
            const QString crowded = t::crowdedText(t::drawnTexts(plot), QRectF(plot->rect()));
            QVERIFY2(crowded.isEmpty(), qPrintable(QString::fromLatin1(plot->metaObject()->className()) +
                                                   QStringLiteral(": ") + crowded));
        }
        page_->resize(before);
        QApplication::processEvents();
    }

    void cleanupTestCase() {
        page_.reset();
        furnaceState_.reset();
        document_.reset();
    }

  private:
    // Every tile shows the engine's figure as the tile formats it, its change against the
    // engine's baseline, and the trust verdict of the output's model.
    void checkTiles(const twinbench::TwinWhatIfResult& r) {
        auto& state = page_->graphState();
        auto* tiles = page_->graphView()->tiles();
        QCOMPARE(static_cast<std::size_t>(tiles->tileCount()), state.figures().size());
        for (int i = 0; i < tiles->tileCount(); ++i) {
            const auto& f = state.figures()[static_cast<std::size_t>(i)];
            QCOMPARE(f.kind, twinbench::ui::GraphFigure::Kind::output);
            const double engine = r.result.outputs.at(f.name);
            const QString text = tiles->valueLabel(i)->text();
            QCOMPARE(text, GraphOutcomeTiles::formatValue(engine));
            // Four significant digits: within half a unit of the last one.
            const double shown = shownNumber(tiles->valueLabel(i));
            QVERIFY2(std::abs(shown - engine) <= 5e-4 * std::abs(engine),
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(f.title, text).arg(engine)));
            const double change = engine - r.baseline.outputs.at(f.name);
            if (std::abs(change) > 1e-9)
                QVERIFY2(tiles->deltaLabel(i)->text().startsWith(GraphOutcomeTiles::formatChange(change)),
                         qPrintable(tiles->deltaLabel(i)->text()));
            // The unit-less turbine columns: the title is the output's name.
            QVERIFY(tiles->titleLabel(i)->text().startsWith(twinbench::ui::toQString(f.name)));
            QVERIFY(!tiles->trustLabel(i)->text().isEmpty());
            QCOMPARE(tiles->trustLabel(i)->toolTip(), twinbench::ui::toQString(r.trust.at(f.name).message));
        }
    }

    QTemporaryDir dir_;
    QString projectPath_;
    std::unique_ptr<WorkbenchDocument> document_;
    std::unique_ptr<WhatIfState> furnaceState_;
    std::unique_ptr<WhatIfPage> page_;
    std::unique_ptr<twinbench::TwinStudy> engine_;
};

QTEST_MAIN(tst_WhatIfGraph)
#include "tst_whatif_graph.moc"
