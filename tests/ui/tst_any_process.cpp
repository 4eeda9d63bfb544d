// The workbench on processes that are not the furnace template, end to end as an engineer
// goes: import, roles set as the Project page sets them, the models fitted from the
// process map's Refit button, the map drawn, a control changed on the What-if page, and
// the tiles compared with core's generic session on the same project file opened
// independently.
//
//   Steel Industry Energy (UCI, 35,040 quarter hours): the control is categorical, the load
//   type; the page offers its levels, the profiler draws one point per level named on its
//   axis, and the tiles follow a change of level.
//   The generated spray dryer (sample --template dryer, 3 days): roles as the importer
//   proposes them; the inlet air set point moved on its slider.
#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "data/project.h"
#include "sample/dryer_export.h"
#include "sim/scenario.h"
#include "sim/twin_study.h"
#include "sim/twin_what_if.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/processmap/node_health.h"
#include "ui/processmap/process_map_scene.h"
#include "ui/processmap/process_map_page.h"
#include "ui/whatif/envelope_slider.h"
#include "ui/whatif/graph_control_panel.h"
#include "ui/whatif/graph_outcome_tiles.h"
#include "ui/whatif/graph_profiler.h"
#include "ui/whatif/graph_what_if_view.h"
#include "ui/whatif/what_if_page.h"
#include "ui_test_support.h"

using twinbench::ui::GraphOutcomeTiles;
using twinbench::ui::GraphWhatIfState;
using twinbench::ui::ProcessMapPage;
using twinbench::ui::WhatIfPage;
using twinbench::ui::WhatIfState;
using twinbench::ui::WorkbenchDocument;
using twinbench::ui::toPath;
using twinbench::ui::toQString;
using twinbench::ui::toUtf8;
namespace t = twinbench::ui::test;

namespace {

// Empty when every tile shows the engine's value for its output (to its four significant
// digits); else which tile differs.
QString tileMismatch(const GraphOutcomeTiles& tiles, const GraphWhatIfState& state,
                     const twinbench::TwinWhatIfResult& engine) {
    if (static_cast<std::size_t>(tiles.tileCount()) != state.figures().size())
        return QStringLiteral("%1 tiles for %2 figures").arg(tiles.tileCount()).arg(state.figures().size());
    for (int i = 0; i < tiles.tileCount(); ++i) {
        const auto& f = state.figures()[static_cast<std::size_t>(i)];
        const double value = GraphWhatIfState::valueOf(engine.result, f);
        const QString text = tiles.valueLabel(i)->text();
        if (text != GraphOutcomeTiles::formatFigure(f, value))
            return QStringLiteral("%1: tile '%2', engine %3").arg(f.title, text).arg(value, 0, 'g', 8);
    }
    return {};
}

// The map's refit (the models fitted and stored in the background), waited for.
bool refitOnTheMap(ProcessMapPage& map) {
    // The graph is proposed in the background first; then the engineer's click.
    if (!QTest::qWaitFor([&] { return map.graph().has_value(); }, 60000)) return false;
    return t::refitAndWait(map);
}

}  // namespace

class tst_AnyProcess : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // The What-if page of the open dataset, loaded; the engine's twin of the same file.
    struct Opened {
        std::unique_ptr<WhatIfState> furnace;
        std::unique_ptr<WhatIfPage> page;
        std::unique_ptr<twinbench::TwinStudy> engine;
    };
    static std::unique_ptr<Opened> openWhatIf(WorkbenchDocument& document, const QString& project,
                                              const std::string& dataset) {
        auto o = std::make_unique<Opened>();
        o->furnace = std::make_unique<WhatIfState>(document);
        o->page = std::make_unique<WhatIfPage>(document, *o->furnace);
        o->page->graphState().setMonteCarloRuns(1);  // tiles only: the bands are tst_whatif_graph's
        o->page->resize(1400, 900);
        o->page->show();
        auto& state = o->page->graphState();
        if (auto* job = state.loadJob()) job->waitForFinished();
        if (!QTest::qWaitFor([&] { return state.isLoaded(); }, 60000)) {
            qWarning("the What-if page did not load: %s", qPrintable(state.loadError()));
            return nullptr;
        }
        QApplication::processEvents();
        const twinbench::Project p(toPath(project), twinbench::Project::Mode::read_only);
        o->engine = std::make_unique<twinbench::TwinStudy>(twinbench::open_twin_study(p, dataset));
        return o;
    }

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void steelEnergyWithItsLoadTypeAsACategoricalControl() {
        WorkbenchDocument document;
        const QString project = dir_.filePath(QStringLiteral("steel.twin"));
        QVERIFY(t::createProject(document, project));
        QVERIFY(t::importFiles(document, {QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR "/steel_energy/Steel_industry_data.csv.gz")},
                               QStringLiteral("steel")));
        // As the Project page sets them: the load type is what the plant decides; the
        // reactive power and power factors are left out.
        const std::pair<const char*, twinbench::Role> roles[] = {
            {"Load_Type", twinbench::Role::control},
            {"Lagging_Current_Reactive.Power_kVarh", twinbench::Role::none},
            {"Leading_Current_Reactive_Power_kVarh", twinbench::Role::none},
            {"Lagging_Current_Power_Factor", twinbench::Role::none},
            {"Leading_Current_Power_Factor", twinbench::Role::none}};
        for (const auto& [column, role] : roles) {
            QString error;
            QVERIFY2(document.changeRole(QString::fromLatin1(column), role, &error), qPrintable(error));
        }
        {
            ProcessMapPage map(document);
            map.resize(1200, 700);
            map.show();
            QVERIFY(refitOnTheMap(map));
            // The map draws the control and both outputs, each output with a model.
            for (const char* name : {"Load_Type", "Usage_kWh", "CO2"})
                QVERIFY2(map.scene()->node(QString::fromLatin1(name)) != nullptr, name);
            QVERIFY(map.scene()->node(QStringLiteral("Usage_kWh"))->verdict() != twinbench::ui::NodeVerdict::no_model);
        }

        auto o = openWhatIf(document, project, "steel");
        QVERIFY(o);
        auto& state = o->page->graphState();
        auto* view = o->page->graphView();
        QVERIFY(o->page->showsGraph());
        // The load type: a list of its levels, not a slider.
        const int row = view->controls()->rowOf("Load_Type");
        QVERIFY(row >= 0);
        QVERIFY(view->controls()->slider(row) == nullptr);
        QComboBox* levels = view->controls()->levelBox(row);
        QVERIFY(levels != nullptr && levels->isVisible());
        const auto& engineLevels = o->engine->history.at("Load_Type").levels;
        QCOMPARE(levels->count(), static_cast<int>(engineLevels.size()));
        for (int i = 0; i < levels->count(); ++i) QCOMPARE(toUtf8(levels->itemText(i)), engineLevels[static_cast<std::size_t>(i)]);
        // The baseline: the level the plant ran most often, as core holds it.
        const auto* control = state.control("Load_Type");
        QVERIFY(control != nullptr && control->categorical);
        QCOMPARE(levels->currentIndex(), static_cast<int>(std::lround(control->baseline)));
        QVERIFY2(tileMismatch(*view->tiles(), state, twinbench::run_twin_what_if(*o->engine, twinbench::Scenario{})).isEmpty(),
                 qPrintable(tileMismatch(*view->tiles(), state, twinbench::run_twin_what_if(*o->engine, twinbench::Scenario{}))));

        // The profiler: a point per level, the levels named on the axis.
        auto* profiler = view->profiler();
        profiler->replot();
        const int column = static_cast<int>(std::find_if(state.controls().begin(), state.controls().end(),
                                                         [](const auto& c) { return c.name == "Load_Type"; }) -
                                            state.controls().begin());
        const auto* trace = profiler->traceGraph(profiler->rowCount() - 1, column);
        QCOMPARE(trace->dataCount(), levels->count());
        QCOMPARE(trace->lineStyle(), QCPGraph::lsNone);
        QStringList ticks = trace->keyAxis()->tickVectorLabels().toList();
        for (const auto& level : engineLevels) QVERIFY2(ticks.contains(toQString(level)), level.c_str());
        // The grid lines up: a row's cells on the same pixels vertically, a column's cells on
        // the same pixels horizontally, so a level sits at one x in every row (the last level's
        // name reaches past the bottom row's right edge, and the bottom cell was narrower).
        for (int r = 0; r < profiler->rowCount(); ++r)
            for (int c = 0; c < profiler->columnCount(); ++c) {
                QCOMPARE(profiler->cell(r, c)->top(), profiler->cell(r, 0)->top());
                QCOMPARE(profiler->cell(r, c)->bottom(), profiler->cell(r, 0)->bottom());
                QCOMPARE(profiler->cell(r, c)->left(), profiler->cell(0, c)->left());
                QCOMPARE(profiler->cell(r, c)->right(), profiler->cell(0, c)->right());
            }
        QCOMPARE(profiler->pixelOf(0, column, 0.0, 0.0).x(), profiler->pixelOf(profiler->rowCount() - 1, column, 0.0, 0.0).x());

        // Maximum load over the whole horizon: one undo step, the tiles at the engine's answer.
        const int maximum = levels->findText(QStringLiteral("Maximum_Load"));
        QVERIFY(maximum >= 0 && maximum != levels->currentIndex());
        const QString usageBefore = view->tiles()->valueLabel(0)->text();
        const int undoBefore = document.undoStack()->index();
        levels->setCurrentIndex(maximum);
        QCOMPARE(document.undoStack()->index(), undoBefore + 1);
        QCOMPARE(state.settings().at("Load_Type"), static_cast<double>(maximum));
        const auto engine = twinbench::run_twin_what_if(
            *o->engine, [] {
                twinbench::Scenario s;
                s.changes.push_back(twinbench::parse_set_argument("Load_Type=Maximum_Load"));
                return s;
            }());
        QVERIFY2(tileMismatch(*view->tiles(), state, engine).isEmpty(), qPrintable(tileMismatch(*view->tiles(), state, engine)));
        // Maximum load uses more energy than the baseline's level, and the tile says so.
        QVERIFY(engine.result.outputs.at("Usage_kWh") > engine.baseline.outputs.at("Usage_kWh") + 1.0);
        QVERIFY(view->tiles()->valueLabel(0)->text() != usageBefore);
        // The profiler's marker sits on the chosen level.
        QCOMPARE(profiler->markerPosition(0, column).x(), static_cast<double>(maximum));

        document.undoStack()->undo();
        QCOMPARE(levels->currentIndex(), static_cast<int>(std::lround(control->baseline)));
        QCOMPARE(view->tiles()->valueLabel(0)->text(), usageBefore);
    }

    void sprayDryerWithTheRolesTheImporterProposes() {
        twinbench::DryerSampleOptions sample;
        sample.days = 3;
        const QString data = dir_.filePath(QStringLiteral("dryer"));
        twinbench::write_dryer_sample(toPath(data), sample);
        WorkbenchDocument document;
        const QString project = dir_.filePath(QStringLiteral("dryer.twin"));
        QVERIFY(t::createProject(document, project));
        QVERIFY(t::importFiles(document,
                               {data + QStringLiteral("/historian.csv"), data + QStringLiteral("/lab_moisture.csv"),
                                data + QStringLiteral("/bagging_15min.csv")},
                               QStringLiteral("dryer")));
        {
            ProcessMapPage map(document);
            map.resize(1200, 700);
            map.show();
            QVERIFY(refitOnTheMap(map));
        }
        auto o = openWhatIf(document, project, "dryer");
        QVERIFY(o);
        auto& state = o->page->graphState();
        auto* view = o->page->graphView();
        const int row = view->controls()->rowOf("Inlet air temp SP");
        QVERIFY2(row >= 0, "the importer proposes the inlet air set point as a control");
        auto* slider = view->controls()->slider(row);
        QVERIFY(slider != nullptr);
        const double before = state.settings().at("Inlet air temp SP");
        const double after = std::min(slider->high(), before + 5.0);
        QVERIFY(after > before + 1.0);
        // The spin box, as the engineer types a value.
        view->controls()->spinBox(row)->setValue(after);
        const double set = state.settings().at("Inlet air temp SP");
        QVERIFY(std::abs(set - after) < 0.051);
        twinbench::Scenario s;
        s.changes.push_back(twinbench::parse_set_argument("Inlet air temp SP=" + std::to_string(set)));
        s.changes.back().value = set;
        s.horizon_h = state.horizonHours();  // the page's horizon: all the data when it holds less than a week
        const auto engine = twinbench::run_twin_what_if(*o->engine, s);
        QVERIFY2(tileMismatch(*view->tiles(), state, engine).isEmpty(), qPrintable(tileMismatch(*view->tiles(), state, engine)));
        // A hotter inlet heats the outlet air, and the tile shows the change.
        const double outletChange = engine.result.outputs.at("Outlet air temp") - engine.baseline.outputs.at("Outlet air temp");
        QVERIFY2(outletChange > 0.5, qPrintable(QString::number(outletChange)));

        // The engineer's KPI, typed on the page: a name the twin does not know is refused
        // with the engine's reason and nothing is stored...
        auto* kpis = view->controls()->kpisEdit();
        kpis->setText(QStringLiteral("gas_per_bag = sum(\"Gas energie\")/sum(\"Bags filled\")"));
        emit kpis->editingFinished();
        QVERIFY2(view->controls()->kpisNote()->text().contains(QStringLiteral("Gas energie")),
                 qPrintable(view->controls()->kpisNote()->text()));
        QVERIFY(document.storedKpis().empty());
        // ...a good one is stored, and the page comes back with its tile at the engine's value.
        kpis->setText(QStringLiteral("gas_per_bag = sum(\"Gas energy\")/sum(\"Bags filled\")"));
        emit kpis->editingFinished();
        QCOMPARE(document.storedKpis().size(), std::size_t{1});
        QTRY_VERIFY_WITH_TIMEOUT(state.isLoaded() && view->tiles()->tileCount() == static_cast<int>(state.figures().size()) &&
                                     state.figures().back().name == "gas_per_bag",
                                 60000);
        const twinbench::Project reopened(toPath(project), twinbench::Project::Mode::read_only);
        const auto withKpi = twinbench::open_twin_study(reopened, "dryer");
        twinbench::Scenario baseline;
        baseline.horizon_h = state.horizonHours();
        const auto kpiEngine = twinbench::run_twin_what_if(withKpi, baseline);
        QVERIFY(std::isfinite(kpiEngine.result.kpis.at("gas_per_bag")));
        QVERIFY2(tileMismatch(*view->tiles(), state, kpiEngine).isEmpty(),
                 qPrintable(tileMismatch(*view->tiles(), state, kpiEngine)));
        QCOMPARE(view->profiler()->rowCount(), static_cast<int>(state.figures().size()));
        // The KPI's tile says the period it aggregates over (the horizon).
        const QString kpiTitle = view->tiles()->titleLabel(view->tiles()->tileCount() - 1)->text();
        const double h = state.horizonHours();
        const QString period = std::fmod(h, 24.0) == 0.0 ? QStringLiteral("%1 days").arg(h / 24.0) : QStringLiteral("%1 h").arg(h);
        QCOMPARE(kpiTitle, QStringLiteral("gas_per_bag (over %1)").arg(period));
    }
};

QTEST_MAIN(tst_AnyProcess)
#include "tst_any_process.moc"
