#include "ui/processmap/process_map_page.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QUndoStack>
#include <QVBoxLayout>

#include "common/error.h"
#include "sim/twin_fitting.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/processmap/graph_edit_command.h"
#include "ui/processmap/node_panel.h"
#include "ui/processmap/process_map_scene.h"
#include "ui/processmap/process_map_view.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {
namespace {

QWidget* legend(QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(14);
    for (const auto verdict : {NodeVerdict::trusted, NodeVerdict::caution, NodeVerdict::not_trusted,
                               NodeVerdict::no_model, NodeVerdict::template_model, NodeVerdict::input,
                               NodeVerdict::kpi}) {
        auto* chip = new QLabel(box);
        chip->setFixedSize(14, 14);
        chip->setStyleSheet(QStringLiteral("background:%1; border:1px solid #3a3a3a; border-radius:3px")
                                .arg(verdictColour(verdict).name()));
        auto* item = new QHBoxLayout;
        item->setSpacing(5);
        item->addWidget(chip);
        item->addWidget(new QLabel(verdictName(verdict), box));
        row->addLayout(item);
    }
    auto* width = new QLabel(ProcessMapPage::tr("Arrow width: the model's hold-out skill"), box);
    width->setToolTip(ProcessMapPage::tr("Skill is 1 − the hold-out error / the error of predicting the training "
                                         "mean (or rate): 0 knows no more than the average, 1 predicts perfectly"));
    row->addWidget(width);
    row->addStretch(1);
    return box;
}

}  // namespace

ProcessMapPage::ProcessMapPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      summary_(new QLabel(this)),
      refit_(new QPushButton(tr("Refit"), this)),
      progress_(new JobProgressWidget(this)),
      banner_(new MessageBanner(this)),
      scene_(new ProcessMapScene(this)),
      view_(new ProcessMapView(scene_, this)),
      panel_(new NodePanel(this)) {
    auto* title = new QLabel(tr("Process map"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    refit_->setToolTip(tr("Fit a model of every output again, from the inputs the map shows now; the stored "
                          "models are replaced when it succeeds"));
    summary_->setWordWrap(true);

    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(progress_);
    header->addWidget(refit_);

    auto* side = new QScrollArea(this);
    side->setWidget(panel_);
    side->setWidgetResizable(true);
    side->setFrameShape(QFrame::NoFrame);
    side->setMinimumWidth(320);
    side->setMaximumWidth(520);  // the map gets the room
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(view_);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({900, 380});
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 12, 20, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addWidget(banner_);
    layout->addWidget(summary_);
    layout->addWidget(legend(this));
    layout->addWidget(splitter, 1);

    connect(view_, &ProcessMapView::nodeClicked, this, &ProcessMapPage::selectSignal);
    connect(view_, &ProcessMapView::edgeDragged, this, [this](const QString& from, const QString& to) {
        addInput(from, to);
    });
    connect(view_, &ProcessMapView::deleteRequested, this, &ProcessMapPage::deleteSelectedEdge);
    connect(view_, &ProcessMapView::dropRequested, this, &ProcessMapPage::dropInput);
    connect(scene_, &QGraphicsScene::selectionChanged, this, &ProcessMapPage::onSceneSelection);
    connect(panel_, &NodePanel::roleChosen, this, &ProcessMapPage::setRole);
    connect(panel_, &NodePanel::addInputRequested, this, &ProcessMapPage::addInput);
    connect(panel_, &NodePanel::dropInputRequested, this, &ProcessMapPage::dropInput);
    connect(refit_, &QPushButton::clicked, this, &ProcessMapPage::refit);
    connect(progress_->cancelButton(), &QPushButton::clicked, this, [this] {
        stopRefit(tr("Refit cancelled: the models stored before are kept."));
    });

    // Another dataset: nothing of the last one's map, selection or refit may stay.
    connect(&document_, &WorkbenchDocument::datasetChanged, this, [this] {
        stopRefit({});
        skipped_.clear();
        selected_.clear();
        banner_->clear();
        scheduleRefresh();
    });
    connect(&document_, &WorkbenchDocument::projectClosed, this, [this] {
        stopRefit({});
        scheduleRefresh();
    });
    // A refit started before a change of roles or edges would store models (and a graph)
    // for what the engineer has just changed: stop it.
    connect(&document_, &WorkbenchDocument::rolesChanged, this, [this] {
        stopRefit(tr("The roles changed during the refit: press Refit again."));
        scheduleRefresh();
    });
    connect(&document_, &WorkbenchDocument::graphChanged, this, [this] {
        stopRefit(tr("The inputs changed during the refit: press Refit again."));
        scheduleRefresh();
    });
    connect(&document_, &WorkbenchDocument::modelsStored, this, &ProcessMapPage::scheduleRefresh);
}

ProcessMapPage::~ProcessMapPage() {
    stopRefit({});
    retire_job(proposal_, this);
}

void ProcessMapPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (dirty_) refresh();
}

void ProcessMapPage::scheduleRefresh() {
    // Proposing a graph (no graph stored yet) costs a cross-correlation per edge: only
    // for a page that is seen.
    dirty_ = true;
    if (isVisible()) refresh();
}

void ProcessMapPage::refresh() {
    dirty_ = false;
    view_->cancelDrag();
    retire_job(proposal_, this);
    QString error;
    if (document_.hasDataset() && !document_.storedGraph()) {
        // No graph stored yet: the proposal from the data runs in the background.
        auto proposed = std::make_shared<std::optional<twinbench::ProcessGraph>>();
        proposal_ = document_.proposeGraph(proposed, &error);
        if (proposal_) {
            graph_.reset();
            scene_->showMap({}, {}, {});
            panel_->showNothing();
            refit_->setEnabled(false);
            summary_->setText(tr("Proposing the process graph from the roles and the data…"));
            connect(proposal_.data(), &BackgroundJob::succeeded, this, [this, proposed] { draw(*proposed, {}); });
            connect(proposal_.data(), &BackgroundJob::failed, this,
                    [this](const QString& message) { draw(std::nullopt, message); });
            connect(proposal_.data(), &BackgroundJob::finished, this, [this] {
                proposal_->deleteLater();
                proposal_ = nullptr;
                emit mapDrawn();
            });
            return;
        }
    }
    draw(document_.hasDataset() ? document_.currentGraph(nullptr, &error) : std::nullopt, error);
    emit mapDrawn();
}

void ProcessMapPage::draw(std::optional<twinbench::ProcessGraph> graph, QString error) {
    graph_ = std::move(graph);
    kpis_ = graph_ ? document_.storedKpis() : std::vector<twinbench::KpiDefinition>{};
    health_.clear();
    layout_ = {};
    if (graph_) {
        try {
            layout_ = layout_process_map(*graph_, kpis_);
        } catch (const std::exception& e) {
            error = toQString(e.what());
            graph_.reset();
        }
    }
    if (!graph_) {
        scene_->showMap({}, {}, {});
        panel_->showNothing();
        // A damaged stored graph is proposed anew by a refit.
        refit_->setEnabled(document_.hasDataset() && job_.isNull());
        summary_->setText(document_.hasDataset()
                              ? tr("The process graph cannot be shown: %1").arg(guiWording(error))
                              : tr("Open a project with data to see its process map."));
        return;
    }
    QString modelError;
    const auto models = document_.storedOutputModels(&modelError);
    if (!modelError.isEmpty())
        banner_->showMessage(MessageBanner::Kind::warning,
                             tr("The stored models cannot be read (%1): press Refit.").arg(guiWording(modelError)));
    std::vector<std::string> template_outputs;
    for (const auto& e : graph_->edges())
        if (e.origin == twinbench::EdgeOrigin::furnace_template) template_outputs.push_back(e.to);
    health_ = judge_nodes(*graph_, models, template_outputs, skipped_);
    scene_->showMap(*graph_, layout_, health_);
    view_->fitMap();
    refit_->setEnabled(job_.isNull() && !graph_->outputs().empty());
    updateSummary();
    if (!selected_.isEmpty() && !scene_->node(selected_)) selected_.clear();
    showSelection();
}

void ProcessMapPage::updateSummary() {
    int counts[5] = {0, 0, 0, 0, 0};  // trusted, caution, not trusted, no model, furnace template
    int stale = 0;
    for (const auto& [name, h] : health_) {
        if (h.verdict == NodeVerdict::trusted) ++counts[0];
        else if (h.verdict == NodeVerdict::caution) ++counts[1];
        else if (h.verdict == NodeVerdict::not_trusted) ++counts[2];
        else if (h.verdict == NodeVerdict::no_model) ++counts[3];
        else if (h.verdict == NodeVerdict::template_model) ++counts[4];
        if (h.stale) ++stale;
    }
    const int inputs = static_cast<int>(graph_->controls().size() + graph_->disturbances().size());
    QString text = tr("%n input(s) drive %1 output(s) through %2 edge(s). ", nullptr, inputs)
                       .arg(graph_->outputs().size())
                       .arg(graph_->edges().size());
    text += tr("Models: %1 trusted, %2 to use with care, %3 not trusted, %4 without a model.")
                .arg(counts[0])
                .arg(counts[1])
                .arg(counts[2])
                .arg(counts[3]);
    if (counts[4] > 0)
        text += QLatin1Char(' ') + tr("%n output(s) simulated by the furnace template's physics (Models page).",
                                      nullptr, counts[4]);
    if (stale > 0)
        text += QLatin1Char(' ') + tr("%n model(s) were fitted for other inputs than the map shows: press Refit.",
                                      nullptr, stale);
    if (graph_->outputs().empty())
        text = tr("No signal has the role output: set the role of a column to Output on the Project page (or "
                  "click a signal here) to model it.");
    summary_->setText(text);
}

void ProcessMapPage::selectSignal(const QString& name) {
    selected_ = name;
    selectedInput_.clear();
    scene_->clearSelection();
    showSelection();
}

void ProcessMapPage::showSelection() {
    scene_->highlightNode(selected_);
    if (selected_.isEmpty() || !graph_) {
        panel_->showNothing();
        return;
    }
    const std::string name = toUtf8(selected_);
    const auto kpi = std::find_if(kpis_.begin(), kpis_.end(), [&](const auto& k) { return k.name == name; });
    if (!graph_->find(name) && kpi != kpis_.end()) {
        QStringList reads;
        for (const auto& link : layout_.kpi_links)
            if (link.kpi == name) reads << toQString(link.signal);
        QString problem;
        for (const auto& [k, reason] : layout_.kpi_problems)
            if (k == name) problem = toQString(reason);
        panel_->showKpi(*kpi, reads, problem);
        return;
    }
    const auto h = health_.find(name);
    panel_->showSignal(*graph_, selected_, h == health_.end() ? nullptr : &h->second, selectedInput_);
}

void ProcessMapPage::onSceneSelection() {
    const MapEdgeItem* edge = scene_->selectedEdge();
    if (!edge) return;
    // An arrow shows the output it feeds, with that input picked for Drop.
    selected_ = edge->to();
    selectedInput_ = edge->from();
    showSelection();
}

void ProcessMapPage::deleteSelectedEdge() {
    if (const MapEdgeItem* edge = scene_->selectedEdge()) {
        dropInput(edge->from(), edge->to());
        return;
    }
    banner_->showMessage(MessageBanner::Kind::info, tr("Click an arrow first, then press Delete to drop that input."));
}

bool ProcessMapPage::pushEdit(twinbench::ProcessGraph after, const QString& text) {
    if (!graph_) return false;
    after.mark_edited();
    auto* command = new GraphEditCommand(document_, document_.datasetName(), text, *graph_, std::move(after));
    document_.undoStack()->push(command);  // runs redo(): stores, graphChanged() redraws
    return true;
}

bool ProcessMapPage::addInput(const QString& from, const QString& to) {
    if (!graph_) return false;
    twinbench::ProcessGraph after = *graph_;
    twinbench::GraphEdge edge;
    edge.from = toUtf8(from);
    edge.to = toUtf8(to);
    edge.origin = twinbench::EdgeOrigin::engineer;
    edge.evidence = "added by the engineer";
    if (graph_->has_edge(edge.from, edge.to)) {
        banner_->showMessage(MessageBanner::Kind::info, tr("%1 is already an input of %2.").arg(from, to));
        return false;
    }
    try {
        after.add_edge(std::move(edge));
    } catch (const twinbench::UsageError& e) {
        banner_->showMessage(MessageBanner::Kind::error,
                             tr("%1 cannot become an input of %2: %3").arg(from, to, guiWording(toQString(e.what()))));
        return false;
    }
    banner_->clear();
    selected_ = to;
    selectedInput_ = from;
    return pushEdit(std::move(after), tr("Add input %1 of %2").arg(from, to));
}

bool ProcessMapPage::dropInput(const QString& from, const QString& to) {
    if (!graph_) return false;
    twinbench::ProcessGraph after = *graph_;
    try {
        after.remove_edge(toUtf8(from), toUtf8(to));
    } catch (const twinbench::UsageError& e) {
        banner_->showMessage(MessageBanner::Kind::error, guiWording(toQString(e.what())));
        return false;
    }
    banner_->clear();
    selected_ = to;
    selectedInput_.clear();
    return pushEdit(std::move(after), tr("Drop input %1 of %2").arg(from, to));
}

bool ProcessMapPage::setRole(const QString& signal, twinbench::Role role) {
    QString error;
    if (!document_.changeRole(signal, role, &error)) {
        banner_->showMessage(MessageBanner::Kind::error,
                             tr("The role of %1 was not changed: %2").arg(signal, guiWording(error)));
        showSelection();  // the panel's role box back to the stored role
        return false;
    }
    banner_->clear();
    return true;
}

void ProcessMapPage::stopRefit(const QString& why) {
    if (!job_) return;
    retire_job(job_, this);
    progress_->progressBar()->setRange(0, 1000);
    refit_->setEnabled(graph_ && !graph_->outputs().empty());
    if (!why.isEmpty()) banner_->showMessage(MessageBanner::Kind::warning, why);
    emit refitFinished();
}

void ProcessMapPage::refit() {
    stopRefit({});
    const auto table = document_.table();
    if (!document_.hasDataset() || table->row_count() == 0) {
        banner_->showMessage(MessageBanner::Kind::info, tr("Open a project with data to fit its models."));
        return;
    }
    banner_->clear();
    const twinbench::DatasetInfo dataset = *document_.dataset();
    const std::optional<twinbench::ProcessGraph> stored = document_.storedGraph();
    auto result = std::make_shared<std::optional<twinbench::TwinFitResult>>();
    job_ = new BackgroundJob(
        tr("Refitting the models"),
        // The shared table stays alive and unchanged while the worker reads it.
        [table, dataset, stored, result](const twinbench::ProgressCallback& progress) {
            if (!progress(0.0, "Fitting a model per output")) throw twinbench::Cancelled();
            *result = twinbench::fit_twin(*table, dataset, stored);
            // The fit itself cannot stop half-way: a cancel during it drops its result here.
            if (!progress(1.0, "Fitted")) throw twinbench::Cancelled();
        },
        this);
    progress_->track(job_);
    progress_->progressBar()->setRange(0, 0);  // the fit reports no steps: a busy bar
    refit_->setEnabled(false);
    connect(job_.data(), &BackgroundJob::succeeded, this, [this, result] {
        if (!*result) return;
        const auto& fit = **result;
        skipped_.clear();
        for (const auto& s : fit.skipped) skipped_[s.key] = toQString(s.reason);
        QString error;
        // Emits modelsStored(): the map redraws with the new verdicts and skipped reasons.
        if (!document_.storeModels(fit, &error)) {
            banner_->showMessage(MessageBanner::Kind::error,
                                 tr("The models were fitted but could not be saved in the project: %1").arg(error));
            return;
        }
        QString text = tr("Refitted: %n output model(s) stored.", nullptr, static_cast<int>(fit.twin.models.size()));
        if (!fit.skipped.empty())
            text += QLatin1Char(' ') + tr("%n output(s) could not be modelled; click one for why.", nullptr,
                                          static_cast<int>(fit.skipped.size()));
        banner_->showMessage(fit.skipped.empty() ? MessageBanner::Kind::success : MessageBanner::Kind::warning, text);
    });
    connect(job_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        banner_->showMessage(MessageBanner::Kind::error, tr("Refit failed: %1").arg(guiWording(message)));
    });
    connect(job_.data(), &BackgroundJob::finished, this, [this] {
        job_->deleteLater();
        job_ = nullptr;
        progress_->progressBar()->setRange(0, 1000);
        refit_->setEnabled(graph_ && !graph_->outputs().empty());
        emit refitFinished();
    });
    job_->start();
}

}  // namespace twinbench::ui
