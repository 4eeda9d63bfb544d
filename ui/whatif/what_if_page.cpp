#include "ui/whatif/what_if_page.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/app/simulation_unavailable.h"
#include "ui/app/time_format.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/whatif/contour_view.h"
#include "ui/whatif/graph_what_if_view.h"
#include "ui/whatif/kpi_tiles.h"
#include "ui/whatif/limits_editor.h"
#include "ui/whatif/parameter_panel.h"
#include "ui/whatif/profiler_grid.h"
#include "ui/whatif/simulation_chart.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {

WhatIfPage::WhatIfPage(WorkbenchDocument& document, WhatIfState& state, QWidget* parent)
    : QWidget(parent),
      document_(document),
      state_(state),
      summary_(new QLabel(this)),
      progress_(new JobProgressWidget(this)),
      banner_(new MessageBanner(this)),
      parameters_(new ParameterPanel(state, this)),
      limitsEditor_(new LimitsEditor(state, this)),
      tiles_(new KpiTiles(state, this)),
      profiler_(new ProfilerGrid(state, this)),
      contour_(new ContourView(state, this)),
      chart_(new SimulationChart(state, this)),
      graphState_(new GraphWhatIfState(document, this)),
      graphView_(new GraphWhatIfView(*graphState_, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    auto* header = new QHBoxLayout;
    auto* title = new QLabel(tr("What if…"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    header->addWidget(title);
    header->addSpacing(12);
    summary_->setWordWrap(true);
    header->addWidget(summary_, 1);
    header->addWidget(progress_);
    layout->addLayout(header);
    layout->addWidget(banner_);

    // The controls, then the limits the time chart judges them by, in one scrolled column.
    auto* column = new QWidget(this);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->addWidget(parameters_);
    auto* limitsBox = new QWidget(column);
    auto* limitsLayout = new QVBoxLayout(limitsBox);
    limitsLayout->setContentsMargins(8, 0, 8, 8);
    limitsLayout->addWidget(limitsEditor_);
    columnLayout->addWidget(limitsBox);
    columnLayout->addStretch(1);
    limitsEditor_->setEnabled(false);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(column);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFixedWidth(std::max(parameters_->sizeHint().width() + 24, 330));

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(tiles_);
    auto* charts = new QSplitter(Qt::Vertical, right);
    charts_ = charts;
    auto* top = new QSplitter(Qt::Horizontal, charts);
    top->addWidget(profiler_);
    top->addWidget(contour_);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    // The profiler's three columns need the room more than the map does.
    top->setSizes({560, 400});
    charts->addWidget(top);
    charts->addWidget(chart_);
    charts->setStretchFactor(0, 1);
    charts->setStretchFactor(1, 1);
    charts->setSizes({440, 400});
    chart_->setMinimumHeight(200);
    rightLayout->addWidget(charts, 1);

    furnaceBody_ = new QWidget(this);
    auto* body = new QHBoxLayout(furnaceBody_);
    body->setContentsMargins(0, 0, 0, 0);
    body->addWidget(scroll);
    body->addWidget(right, 1);
    layout->addWidget(furnaceBody_, 1);
    // Any other process: the same questions over its process graph (one body shows).
    layout->addWidget(graphView_, 1);
    graphView_->hide();
    connect(graphState_, &GraphWhatIfState::loaded, this, [this] { summary_->setText(graphView_->summaryText()); });
    connect(graphState_, &GraphWhatIfState::resultChanged, this, &WhatIfPage::showGraphWarnings);
    connect(graphState_, &GraphWhatIfState::loadFailed, this, [this](const QString& message) {
        banner_->showMessage(MessageBanner::Kind::error, tr("The simulation cannot start: %1").arg(message));
    });
    connect(graphState_, &GraphWhatIfState::monteCarloStarted, progress_, &JobProgressWidget::track);
    connect(graphState_, &GraphWhatIfState::unloaded, this, [this] {
        banner_->clear();
        if (isVisible()) ensureLoaded();
    });
    // New data or roles: the body they call for, loaded (after both states have unloaded; a
    // load started from the furnace state's unloading may have been retired by the graph
    // state's own unloading since, and ensureLoaded does nothing when one runs).
    const auto switchBody = [this] {
        if (isVisible() && document_.hasDataset()) ensureLoaded();
    };
    connect(&document_, &WorkbenchDocument::datasetChanged, this, switchBody);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, switchBody);

    summary_->setText(tr("Open a project with data to ask what-if questions."));
    connect(&state_, &WhatIfState::loaded, this, [this] {
        const auto& w = state_.window();
        QString text =
            tr("Baseline: the last %1 h of the data (%2) replayed with speed and setpoint at their "
               "median. Drag a control: every view follows.")
                .arg(state_.horizonHours(), 0, 'f', 0)
                .arg(formatRange(w.start_s, w.end_s, document_.timeZone()));
        if (state_.study()->models_fitted_now)
            text += tr(" Models fitted for this session (none stored in the project).");
        summary_->setText(text);
        showWarnings();
    });
    connect(&state_, &WhatIfState::loadFailed, this, [this](const QString& message) {
        summary_->setText(tr("No simulation of '%1': see the message below.")
                              .arg(document_.datasetName()));
        banner_->showMessage(MessageBanner::Kind::error,
                             simulationUnavailable(document_.datasetName(), message));
    });
    connect(&state_, &WhatIfState::resultChanged, this, &WhatIfPage::showWarnings);
    connect(&state_, &WhatIfState::loaded, this, [this] { limitsEditor_->setEnabled(true); });
    connect(&state_, &WhatIfState::unloaded, this, [this] { limitsEditor_->setEnabled(false); });
    connect(&state_, &WhatIfState::monteCarloStarted, progress_, &JobProgressWidget::track);
    connect(&state_, &WhatIfState::unloaded, this, [this] {
        // Nothing of the previous study stays on screen (the views clear themselves).
        banner_->clear();
        summary_->setText(document_.hasDataset()
                              ? tr("Open this page to simulate '%1'.").arg(document_.datasetName())
                              : tr("Open a project with data to ask what-if questions."));
        if (isVisible()) ensureLoaded();
    });
}

WhatIfPage::~WhatIfPage() {
    // Hiding a shown page moves the focus out of a line edit (the limits, the KPIs, the
    // map's constraint) whose editingFinished still reaches the states and this page's
    // slots. Hidden here, while the page is whole; ~QWidget would hide it when only its
    // QWidget part is left. (Inside the main window it is hidden already: the window
    // closes before its pages are deleted, and the states may be gone by then.)
    if (isVisible()) hide();
}

void WhatIfPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    ensureLoaded();
}

bool WhatIfPage::showsGraph() const { return GraphWhatIfState::appliesTo(*document_.table()); }

void WhatIfPage::ensureLoaded() {
    const bool graph = document_.hasDataset() && showsGraph();
    furnaceBody_->setVisible(!graph);
    graphView_->setVisible(graph);
    if (graph) {
        if (graphState_->isLoaded() || graphState_->isLoading()) return;
        QString error;
        if (auto* job = graphState_->load(&error)) {
            progress_->track(job);
            summary_->setText(tr("Preparing the simulation (fitting the models when the project holds none)…"));
        } else if (!error.isEmpty()) {
            summary_->setText(error);
        }
        return;
    }
    if (state_.isLoaded() || state_.isLoading() || !document_.hasDataset()) return;
    QString error;
    if (auto* job = state_.load(&error)) {
        progress_->track(job);
        summary_->setText(
            tr("Preparing the simulation (fitting the models when the project holds none)…"));
    } else if (!error.isEmpty()) {
        summary_->setText(error);
    }
}

void WhatIfPage::showGraphWarnings() {
    const QString text = graphView_->warningText();
    if (text == banner_->text()) return;
    if (text.isEmpty())
        banner_->clear();
    else
        banner_->showMessage(MessageBanner::Kind::warning, text);
}

void WhatIfPage::showWarnings() {
    QStringList lines;
    for (const auto& f : state_.extrapolation())
        if (!f.inside) lines << toQString(f.message);
    if (state_.study())
        for (const auto& w : state_.study()->twin.warnings) lines << toQString(w);
    // Called on every drag frame: the banner is only touched when its text changes.
    const QString text = lines.join(QLatin1Char('\n'));
    if (text == banner_->text()) return;
    if (lines.isEmpty())
        banner_->clear();
    else
        banner_->showMessage(MessageBanner::Kind::warning, text);
}

}  // namespace twinbench::ui
