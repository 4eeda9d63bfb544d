// The Process map page on two processes that are not the furnace line: the real gas
// turbine (UCI 551, the first 400 hours of 2011: NOX and CO outputs, TEY a control, the
// ambient and filter readings disturbances) and the generated spray dryer (3 days, with a
// chained output and a KPI). Ground truth is the engine, read through a connection of its
// own: the drawn nodes and edges are the stored graph's, the layers follow its edges, a
// node's fill (the item's brush and the pixels on screen) is its stored model's trust
// verdict; a drag adds an edge the engine stores and undo removes it; a cycle is refused
// with the engine's words and changes nothing.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QImage>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "data/importer.h"
#include "data/project.h"
#include "data/text_decoding.h"
#include "sample/dryer_export.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"
#include "sim/twin_study.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/main_window.h"
#include "ui/processmap/node_panel.h"
#include "ui/processmap/process_map_page.h"
#include "ui/processmap/process_map_scene.h"
#include "ui/processmap/process_map_view.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/role_combo_box.h"
#include "ui_test_support.h"

using twinbench::ui::MapEdgeItem;
using twinbench::ui::MapNodeItem;
using twinbench::ui::MessageBanner;
using twinbench::ui::NodeVerdict;
using twinbench::ui::ProcessMapPage;
using twinbench::ui::WorkbenchDocument;
using twinbench::ui::toPath;
using twinbench::ui::toQString;
using twinbench::ui::toUtf8;
namespace t = twinbench::ui::test;

namespace {

using EdgeSet = std::set<std::pair<std::string, std::string>>;

// What the engine has stored, through a connection of its own (as the CLI would see it).
struct EngineView {
    twinbench::ProcessGraph graph;
    std::map<std::string, twinbench::TrustVerdict::Level> verdicts;
};

EngineView engineView(const QString& project) {
    const twinbench::Project p(toPath(project), twinbench::Project::Mode::read_only);
    const auto dataset = p.dataset("");
    EngineView out;
    const auto graph = twinbench::load_graph(p, dataset);
    if (!graph) return out;
    out.graph = *graph;
    for (const auto& m : twinbench::load_graph_twin(p, dataset, *graph).models)
        out.verdicts[m->output()] = m->report().trust.level;
    return out;
}

EdgeSet engineEdges(const twinbench::ProcessGraph& g) {
    EdgeSet out;
    for (const auto& e : g.edges()) out.emplace(e.from, e.to);
    return out;
}

EdgeSet drawnEdges(const ProcessMapPage& page) {
    EdgeSet out;
    for (const auto* e : page.scene()->graphEdges()) out.emplace(toUtf8(e->from()), toUtf8(e->to()));
    return out;
}

NodeVerdict expectedVerdict(twinbench::TrustVerdict::Level level) {
    switch (level) {
        case twinbench::TrustVerdict::Level::trusted: return NodeVerdict::trusted;
        case twinbench::TrustVerdict::Level::caution: return NodeVerdict::caution;
        case twinbench::TrustVerdict::Level::not_trusted: return NodeVerdict::not_trusted;
        case twinbench::TrustVerdict::Level::unknown: break;
    }
    return NodeVerdict::no_model;
}

QPoint viewportPoint(const ProcessMapPage& page, const QPointF& scenePoint) {
    return page.view()->mapFromScene(scenePoint);
}

QPointF centre(const MapNodeItem* node) { return node->rect().center(); }

bool closeColour(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) <= 12 && std::abs(a.green() - b.green()) <= 12 &&
           std::abs(a.blue() - b.blue()) <= 12;
}

bool importWithRoles(WorkbenchDocument& document, twinbench::ImportOptions options) {
    QString error;
    auto* job = document.startImport(std::move(options), &error);
    if (!job) {
        qWarning("startImport: %s", qPrintable(error));
        return false;
    }
    QSignalSpy finished(job, &twinbench::ui::BackgroundJob::finished);
    QSignalSpy failed(job, &twinbench::ui::BackgroundJob::failed);
    if (!finished.wait(60000)) return false;
    if (!failed.isEmpty()) qWarning("import failed: %s", qPrintable(failed.front().front().toString()));
    return failed.isEmpty() && document.hasDataset();
}

}  // namespace

class ProcessMapTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // Every check that holds on any process: nodes, layers, edges, colours.
    static void checkMapAgainstEngine(const ProcessMapPage& page, const QString& project,
                                      const std::vector<std::string>& kpis) {
        const EngineView engine = engineView(project);
        QVERIFY(!engine.graph.all_signals().empty());
        // One node per signal of the graph (and per KPI), no other.
        std::set<std::string> expected(kpis.begin(), kpis.end());
        for (const auto& s : engine.graph.all_signals())
            if (s.kind != twinbench::SignalKind::none) expected.insert(s.name);
        std::set<std::string> drawn;
        for (const auto* n : page.scene()->nodes()) drawn.insert(toUtf8(n->name()));
        QCOMPARE(drawn, expected);
        // The edges are the engine's.
        QCOMPARE(drawnEdges(page), engineEdges(engine.graph));
        // Layers left to right: every edge points right; inputs share the first column,
        // KPIs the last.
        double inputs_x = -1.0;
        for (const auto* n : page.scene()->nodes())
            if (n->kind() == twinbench::ui::MapNodeKind::control || n->kind() == twinbench::ui::MapNodeKind::disturbance) {
                if (inputs_x < 0.0) inputs_x = n->rect().x();
                QCOMPARE(n->rect().x(), inputs_x);
            }
        for (const auto& e : engine.graph.edges()) {
            const auto* from = page.scene()->node(toQString(e.from));
            const auto* to = page.scene()->node(toQString(e.to));
            QVERIFY2(from->rect().right() < to->rect().left(), (e.from + " -> " + e.to).c_str());
        }
        double rightmost_output = 0.0;
        for (const auto& o : engine.graph.outputs())
            rightmost_output = std::max(rightmost_output, page.scene()->node(toQString(o))->rect().x());
        for (const auto& k : kpis) QVERIFY(page.scene()->node(toQString(k))->rect().x() > rightmost_output);

        // Colours: each output's box and the arrows into it in its verdict's colour, on the
        // item and on screen.
        const QImage screen = page.view()->viewport()->grab().toImage();
        for (const auto& output : engine.graph.outputs()) {
            const auto it = engine.verdicts.find(output);
            const NodeVerdict verdict =
                it == engine.verdicts.end() ? NodeVerdict::no_model : expectedVerdict(it->second);
            const auto* node = page.scene()->node(toQString(output));
            QCOMPARE(node->verdict(), verdict);
            QCOMPARE(node->brush().color(), twinbench::ui::verdictColour(verdict));
            // Inside the box, left of the text.
            const QPoint p = viewportPoint(page, QPointF(node->rect().left() + 5.0, node->rect().center().y()));
            QVERIFY2(closeColour(screen.pixelColor(p), twinbench::ui::verdictColour(verdict)),
                     qPrintable(QStringLiteral("%1: pixel %2, verdict colour %3")
                                    .arg(toQString(output), screen.pixelColor(p).name(),
                                         twinbench::ui::verdictColour(verdict).name())));
            for (const auto* e : page.scene()->graphEdges())
                if (toUtf8(e->to()) == output)
                    QCOMPARE(e->pen().color(), twinbench::ui::verdictColour(verdict).darker(135));
        }
    }

    void screenshot(ProcessMapPage& page, const QString& name) {
        // The panel's labels grow to their wrapped height on the next layout pass.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        QVERIFY(page.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/") + name));
    }

    // The first 400 hours of 2011, written as a plain CSV (the importer would take the .gz,
    // but all 7,411 rows would only slow the fit).
    QString gasTurbineCsv() {
        const auto text = twinbench::read_text_file(
            std::filesystem::path(TWINBENCH_REAL_DATA_DIR) / "gas_turbine_emissions" / "gt_2011.csv.gz");
        const std::string_view all = text.view();
        std::size_t end = 0;
        for (int line = 0; line < 401 && end != std::string_view::npos; ++line) end = all.find('\n', end + 1);
        const QString path = dir_.filePath(QStringLiteral("gt_2011_first_400.csv"));
        std::ofstream(toPath(path), std::ios::binary) << all.substr(0, end + 1);
        return path;
    }

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void listedInTheMainWindow() {
        WorkbenchDocument document;
        twinbench::ui::MainWindow window(document);
        window.show();
        window.showPage(twinbench::ui::MainWindow::Page::processmap);
        QCOMPARE(window.currentPage(), twinbench::ui::MainWindow::Page::processmap);
        QVERIFY(window.processMapPage()->isVisible());
        QVERIFY(!window.processMapPage()->graph().has_value());  // no project: nothing drawn
        QVERIFY(!window.processMapPage()->refitButton()->isEnabled());
    }

    void gasTurbine() {
        WorkbenchDocument document;
        const QString project = dir_.filePath(QStringLiteral("turbine.twin"));
        QVERIFY(t::createProject(document, project));
        twinbench::ImportOptions options;
        options.files = {toPath(gasTurbineCsv())};
        options.time_zone = "UTC";
        for (const char* c : {"NOX", "CO"}) options.role_overrides.emplace_back(twinbench::Role::output, c);
        options.role_overrides.emplace_back(twinbench::Role::control, "TEY");
        for (const char* c : {"AT", "AP", "AH", "AFDP"})
            options.role_overrides.emplace_back(twinbench::Role::disturbance, c);
        for (const char* c : {"GTEP", "TIT", "TAT", "CDP"})
            options.role_overrides.emplace_back(twinbench::Role::none, c);
        QVERIFY(importWithRoles(document, options));

        ProcessMapPage page(document);
        page.resize(1400, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // Before any fit: the graph proposed (in the background), every output without a model.
        QTRY_VERIFY_WITH_TIMEOUT(page.graph().has_value(), 60000);
        QVERIFY(!page.proposalJob());
        {
            const twinbench::Project p(toPath(project), twinbench::Project::Mode::read_only);
            const auto dataset = p.dataset("");
            std::vector<std::string> notes;
            const auto proposed = twinbench::dataset_graph(p, dataset, p.read_dataset(dataset), false, notes);
            QCOMPARE(drawnEdges(page), engineEdges(proposed));
        }
        QCOMPARE(page.scene()->nodes().size(), 7);
        QCOMPARE(page.scene()->node(QStringLiteral("NOX"))->verdict(), NodeVerdict::no_model);

        // A cancelled refit stores nothing (the click lands before the fit's result does).
        page.refit();
        QPointer<twinbench::ui::BackgroundJob> cancelled = page.refitJob();
        QVERIFY(cancelled);
        QVERIFY(page.progress()->isVisible());
        page.progress()->cancelButton()->click();
        QVERIFY(!page.refitJob());
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::warning);
        QVERIFY(page.banner()->text().contains(QStringLiteral("cancelled")));
        QTRY_VERIFY_WITH_TIMEOUT(cancelled.isNull(), 60000);
        QVERIFY(document.storedModelKeys().isEmpty());

        QVERIFY(t::refitAndWait(page));
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::success);
        checkMapAgainstEngine(page, project, {});
        // On these 400 hours NOX is predicted well and CO not better than its mean: the
        // colours must tell them apart (a map in one colour would pass the checks above).
        const EngineView fitted = engineView(project);
        QCOMPARE(fitted.verdicts.size(), std::size_t{2});
        QVERIFY(fitted.verdicts.at("NOX") != fitted.verdicts.at("CO"));
        QVERIFY(page.scene()->node(QStringLiteral("NOX"))->brush().color() !=
                page.scene()->node(QStringLiteral("CO"))->brush().color());

        // The panel of an output: role, inputs, the form chosen and why, the verdict.
        const MapNodeItem* nox = page.scene()->node(QStringLiteral("NOX"));
        QTest::mouseClick(page.view()->viewport(), Qt::LeftButton, {}, viewportPoint(page, centre(nox)));
        QCOMPARE(page.selectedSignal(), QStringLiteral("NOX"));
        QCOMPARE(page.panel()->roleBox()->role(), twinbench::Role::output);
        QCOMPARE(page.panel()->inputList()->count(), 5);
        // Each input's tip is its edge's evidence, as rich text so that a long one wraps.
        for (int i = 0; i < page.panel()->inputList()->count(); ++i) {
            const QListWidgetItem* item = page.panel()->inputList()->item(i);
            const auto edge = std::find_if(fitted.graph.edges().begin(), fitted.graph.edges().end(), [&](const auto& e) {
                return e.to == "NOX" && toQString(e.from) == item->text();
            });
            QVERIFY(edge != fitted.graph.edges().end());
            QVERIFY(Qt::mightBeRichText(item->toolTip()));
            QVERIFY2(item->toolTip().contains(toQString(edge->evidence).toHtmlEscaped()), qPrintable(item->toolTip()));
        }
        {
            const twinbench::Project p(toPath(project), twinbench::Project::Mode::read_only);
            const auto dataset = p.dataset("");
            const auto twin = twinbench::load_graph_twin(p, dataset, fitted.graph);
            const auto* model = twin.model_of("NOX");
            QVERIFY(model);
            QVERIFY(page.panel()->reasonLabel()->text().contains(toQString(model->report().form_reason).toHtmlEscaped()));
            QVERIFY(page.panel()->trustLabel()->text().contains(toQString(model->report().trust.message).toHtmlEscaped()));
        }
        screenshot(page, QStringLiteral("process_map_turbine.png"));

        // Drag NOX onto CO: the engine stores the edge, CO moves a layer right; undo.
        const QString before = toQString(fitted.graph.to_json().dump());
        const int steps = document.undoStack()->count();
        const QPoint from = viewportPoint(page, centre(nox));
        const QPoint to = viewportPoint(page, centre(page.scene()->node(QStringLiteral("CO"))));
        QTest::mousePress(page.view()->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(page.view()->viewport(), from + QPoint(30, 10));
        QTest::mouseMove(page.view()->viewport(), to);
        QTest::mouseRelease(page.view()->viewport(), Qt::LeftButton, {}, to);
        QCOMPARE(document.undoStack()->count(), steps + 1);
        const EngineView added = engineView(project);
        QVERIFY(added.graph.has_edge("NOX", "CO"));
        QVERIFY(added.graph.edited());
        QCOMPARE(drawnEdges(page), engineEdges(added.graph));
        QVERIFY(page.scene()->node(QStringLiteral("NOX"))->rect().right() <
                page.scene()->node(QStringLiteral("CO"))->rect().left());
        // CO's stored model was fitted without NOX: the map says so.
        QVERIFY(page.summary()->text().contains(QStringLiteral("Refit")));

        // CO -> NOX would close a cycle: refused with the engine's message, nothing changes.
        std::string engineMessage;
        try {
            twinbench::ProcessGraph copy = added.graph;
            twinbench::GraphEdge back;
            back.from = "CO";
            back.to = "NOX";
            copy.add_edge(back);
        } catch (const twinbench::UsageError& e) {
            engineMessage = e.what();
        }
        QVERIFY(!engineMessage.empty());
        QVERIFY(!page.addInput(QStringLiteral("CO"), QStringLiteral("NOX")));
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::error);
        QVERIFY2(page.banner()->text().contains(toQString(engineMessage)), qPrintable(page.banner()->text()));
        QVERIFY(!page.banner()->text().contains(QStringLiteral("twinbench-cli")));
        QCOMPARE(document.undoStack()->count(), steps + 1);
        QCOMPARE(toQString(engineView(project).graph.to_json().dump()), toQString(added.graph.to_json().dump()));

        document.undoStack()->undo();
        QCOMPARE(toQString(engineView(project).graph.to_json().dump()), before);
        QCOMPARE(drawnEdges(page), engineEdges(fitted.graph));

        // Click an arrow, press Delete: that input goes; undo brings it back.
        MapEdgeItem* edge = nullptr;
        QPoint onEdge;
        for (auto* e : page.scene()->graphEdges()) {
            for (const double at : {0.5, 0.35, 0.65, 0.8}) {
                const QPoint p = viewportPoint(page, e->path().pointAtPercent(at));
                if (dynamic_cast<MapEdgeItem*>(page.view()->itemAt(p)) == e) {
                    edge = e;
                    onEdge = p;
                    break;
                }
            }
            if (edge) break;
        }
        QVERIFY(edge);
        const std::pair<std::string, std::string> dropped{toUtf8(edge->from()), toUtf8(edge->to())};
        QTest::mouseClick(page.view()->viewport(), Qt::LeftButton, {}, onEdge);
        QCOMPARE(page.selectedSignal(), toQString(dropped.second));
        QTest::keyClick(page.view(), Qt::Key_Delete);
        QVERIFY(!engineView(project).graph.has_edge(dropped.first, dropped.second));
        QVERIFY(!drawnEdges(page).count(dropped));
        document.undoStack()->undo();
        QCOMPARE(toQString(engineView(project).graph.to_json().dump()), before);

        // A role changed in the panel: AH leaves the map, undo brings it and its edges back.
        page.selectSignal(QStringLiteral("AH"));
        QVERIFY(page.setRole(QStringLiteral("AH"), twinbench::Role::none));
        QVERIFY(!page.scene()->node(QStringLiteral("AH")));
        QCOMPARE(t::storedRole(project, QStringLiteral("gt_2011_first_400"), QStringLiteral("AH")),
                 twinbench::Role::none);
        document.undoStack()->undo();
        QVERIFY(page.scene()->node(QStringLiteral("AH")));
        QCOMPARE(drawnEdges(page), engineEdges(fitted.graph));
    }

    // The engine's advice when nothing can be fitted names command-line options; the map
    // shows it in the workbench's words, keeping what it says to map.
    void engineAdviceSpeaksGui() {
        const QString path = dir_.filePath(QStringLiteral("no_outputs.twin"));
        twinbench::Project project(toPath(path), twinbench::Project::Mode::create_if_missing);
        twinbench::ImportOptions options;
        options.files = {toPath(gasTurbineCsv())};
        options.time_zone = "UTC";
        options.role_overrides.emplace_back(twinbench::Role::control, "TEY");
        for (const char* c : {"NOX", "CO", "GTEP", "TIT", "TAT", "CDP", "AT", "AP", "AH", "AFDP"})
            options.role_overrides.emplace_back(twinbench::Role::none, c);
        twinbench::import_files(project, options);
        const auto dataset = project.dataset("");
        QString engine;
        try {
            twinbench::fit_twin(project.read_dataset(dataset), dataset, std::nullopt);
        } catch (const twinbench::ModelError& e) {
            engine = toQString(e.what());
        }
        QVERIFY(engine.contains(QStringLiteral("--map")));
        const QString shown = twinbench::ui::guiWording(engine);
        QVERIFY2(!shown.contains(QStringLiteral("twinbench-cli")) && !shown.contains(QStringLiteral("--")),
                 qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Project page")), qPrintable(shown));
        for (const char* role : {"furnace_temp", "energy", "speed"})
            QVERIFY2(shown.contains(QStringLiteral("role %1").arg(QLatin1String(role))), qPrintable(shown));
    }

    void sprayDryer() {
        twinbench::DryerSampleOptions sample;
        sample.days = 3;
        const QString data = dir_.filePath(QStringLiteral("dryer"));
        twinbench::write_dryer_sample(toPath(data), sample);
        WorkbenchDocument document;
        const QString project = dir_.filePath(QStringLiteral("dryer.twin"));
        QVERIFY(t::createProject(document, project));
        twinbench::ImportOptions options;
        for (const char* f : {"historian.csv", "lab_moisture.csv", "bagging_15min.csv"})
            options.files.push_back(toPath(data) / f);
        options.time_zone = sample.time_zone;
        for (const char* c : {"Inlet air temp SP", "Feed rate"})
            options.role_overrides.emplace_back(twinbench::Role::control, c);
        for (const char* c : {"Feed solids", "Ambient humidity", "Ambient temp"})
            options.role_overrides.emplace_back(twinbench::Role::disturbance, c);
        for (const char* c : {"Outlet air temp", "Gas energy", "Residual moisture", "Bags filled", "Bags off-spec"})
            options.role_overrides.emplace_back(twinbench::Role::output, c);
        QVERIFY(importWithRoles(document, options));
        {
            // A KPI as the What-if page stores it: the map links it to what it reads.
            twinbench::Project p(toPath(project), twinbench::Project::Mode::open_existing);
            twinbench::store_kpis(p, p.dataset(""),
                                  {{"Gas per bag", "sum(\"Gas energy\")/sum(\"Bags filled\")"}});
        }

        ProcessMapPage page(document);
        page.resize(1500, 850);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY_WITH_TIMEOUT(page.graph().has_value(), 60000);
        QVERIFY(t::refitAndWait(page));
        checkMapAgainstEngine(page, project, {"Gas per bag"});
        std::set<std::string> reads;
        for (const auto* link : page.scene()->kpiLinks()) reads.insert(toUtf8(link->from()));
        QCOMPARE(reads, (std::set<std::string>{"Gas energy", "Bags filled"}));

        // The bags off-spec are counted out of the bags filled: an upstream output, one
        // layer left of the output it feeds.
        const EngineView engine = engineView(project);
        QVERIFY(engine.graph.has_edge("Bags filled", "Bags off-spec"));
        QVERIFY(page.scene()->node(QStringLiteral("Bags filled"))->rect().right() <
                page.scene()->node(QStringLiteral("Bags off-spec"))->rect().left());
        // Not every output of 3 days gets a model or the same verdict: the colours differ.
        std::set<QRgb> fills;
        for (const auto& o : engine.graph.outputs()) fills.insert(page.scene()->node(toQString(o))->brush().color().rgb());
        QVERIFY(fills.size() >= 2);
        // The dynamic model of the outlet air: the panel names the forms it was chosen from.
        page.selectSignal(QStringLiteral("Outlet air temp"));
        QVERIFY(page.panel()->formLabel()->text().contains(QStringLiteral("Dynamic")));
        const QString forms = page.panel()->candidatesLabel()->text();
        QVERIFY2(forms.contains(QStringLiteral("Forms compared:")), qPrintable(forms));
        QVERIFY2(forms.contains(QStringLiteral("main effects: hold-out RMSE ")), qPrintable(forms));
        QVERIFY2(forms.contains(QStringLiteral("dynamic, order 1: hold-out RMSE ")), qPrintable(forms));
        screenshot(page, QStringLiteral("process_map_dryer.png"));

        // Bags off-spec -> Bags filled closes the cycle: refused, the graph unchanged.
        const int steps = document.undoStack()->count();
        QVERIFY(!page.addInput(QStringLiteral("Bags off-spec"), QStringLiteral("Bags filled")));
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::error);
        QVERIFY(page.banner()->text().contains(QStringLiteral("cycle")));
        QCOMPARE(document.undoStack()->count(), steps);
        QCOMPARE(toQString(engineView(project).graph.to_json().dump()), toQString(engine.graph.to_json().dump()));

        // Adding an input through the panel and undoing it restores the stored graph.
        page.selectSignal(QStringLiteral("Residual moisture"));
        const int at = page.panel()->addInputBox()->findText(QStringLiteral("Outlet air temp"));
        QVERIFY(at >= 0);
        page.panel()->addInputBox()->setCurrentIndex(at);
        QTest::mouseClick(page.panel()->addInputButton(), Qt::LeftButton);
        QVERIFY(engineView(project).graph.has_edge("Outlet air temp", "Residual moisture"));
        QCOMPARE(drawnEdges(page), engineEdges(engineView(project).graph));
        document.undoStack()->undo();
        QCOMPARE(toQString(engineView(project).graph.to_json().dump()), toQString(engine.graph.to_json().dump()));
        QCOMPARE(drawnEdges(page), engineEdges(engine.graph));
    }
};

QTEST_MAIN(ProcessMapTest)
#include "tst_process_map.moc"
