#include "ui/scenarios/scenarios_page.h"

#include <cmath>

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/error.h"
#include "sim/kpis.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/app/simulation_unavailable.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"
#include "ui/scenarios/graph_scenarios_view.h"
#include "ui/scenarios/pareto_chart.h"
#include "ui/scenarios/scenario_overlay_chart.h"
#include "ui/whatif/kpi_tiles.h"
#include "ui/whatif/simulation_chart.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {
namespace {

QString kpiKey(int kpi) {
    return toQString(twinbench::kpi_keys[static_cast<std::size_t>(kpi)]);
}

}  // namespace

ScenariosPage::ScenariosPage(WorkbenchDocument& document, WhatIfState& state, QWidget* parent)
    : ScenariosPage(document, state, nullptr, parent) {}

ScenariosPage::ScenariosPage(WorkbenchDocument& document, WhatIfState& state, GraphWhatIfState* graphState,
                             QWidget* parent)
    : QWidget(parent),
      document_(document),
      state_(state),
      graphState_(graphState),
      banner_(new MessageBanner(this)),
      name_(new QLineEdit(this)),
      note_(new QPlainTextEdit(this)),
      save_(new QPushButton(tr("Save current settings"), this)),
      list_(new QListWidget(this)),
      apply_(new QPushButton(tr("Apply on What-if"), this)),
      delete_(new QPushButton(tr("Delete"), this)),
      table_(new QTableWidget(this)),
      chart_(new ScenarioOverlayChart(this)),
      bands_(new QPushButton(tr("Monte Carlo bands"), this)),
      overlayLegend_(new QLabel(this)),
      bandRuns_(new QSpinBox(this)),
      bandsProgress_(new JobProgressWidget(this)),
      objective_(new QLineEdit(QStringLiteral("energy_kwh_per_part"), this)),
      constraints_(new QLineEdit(this)),
      optimize_(new QPushButton(tr("Optimise"), this)),
      progress_(new JobProgressWidget(this)),
      optimizerSummary_(new QLabel(this)),
      pareto_(new ParetoChart(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    auto* title = new QLabel(tr("Scenarios"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    layout->addWidget(banner_);

    // Left: save, list.
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* saveBox = new QGroupBox(tr("Save the What-if settings"), left);
    auto* saveForm = new QFormLayout(saveBox);
    name_->setPlaceholderText(tr("e.g. faster line, hotter furnace"));
    note_->setPlaceholderText(tr("Why, for the review meeting"));
    note_->setMaximumHeight(70);
    saveForm->addRow(tr("Name"), name_);
    saveForm->addRow(tr("Note"), note_);
    saveForm->addRow(save_);
    leftLayout->addWidget(saveBox);
    auto* listBox = new QGroupBox(tr("Stored scenarios (tick to compare)"), left);
    auto* listLayout = new QVBoxLayout(listBox);
    listLayout->addWidget(list_, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(apply_);
    listButtons->addWidget(delete_);
    listLayout->addLayout(listButtons);
    leftLayout->addWidget(listBox, 1);

    // Optimiser.
    auto* optBox = new QGroupBox(tr("Optimiser: constant speed and setpoint"), left);
    auto* optForm = new QFormLayout(optBox);
    objective_->setToolTip(
        tr("A KPI to minimise (energy_kwh_per_part, energy_cost, scrap_rate), or a weighted "
           "sum: 0.7*energy_kwh_per_part+0.3*scrap_rate"));
    constraints_->setToolTip(
        tr("Comma-separated: scrap_rate<=2%, throughput_per_h>=450, P(scrap_rate>2%)<=5%"));
    optForm->addRow(tr("Minimise"), objective_);
    optForm->addRow(tr("Subject to"), constraints_);
    const QString boundNames[4] = {tr("Speed from"), tr("to"), tr("Setpoint from"), tr("to")};
    auto* speedRow = new QHBoxLayout;
    auto* setpointRow = new QHBoxLayout;
    for (int i = 0; i < 4; ++i) {
        bounds_[i] = new QDoubleSpinBox(this);
        bounds_[i]->setRange(0.0, 10000.0);
        bounds_[i]->setDecimals(i < 2 ? 2 : 1);
        bounds_[i]->setSuffix(i < 2 ? tr(" m/min") : tr(" °C"));
        (i < 2 ? speedRow : setpointRow)->addWidget(bounds_[i]);
    }
    optForm->addRow(tr("Speed"), speedRow);
    optForm->addRow(tr("Setpoint"), setpointRow);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(optimize_);
    runRow->addWidget(progress_, 1);
    optForm->addRow(runRow);
    optimizerSummary_->setWordWrap(true);
    optForm->addRow(optimizerSummary_);
    leftLayout->addWidget(optBox);
    left->setMinimumWidth(320);
    left->setMaximumWidth(460);

    // Right: comparison, overlay, Pareto.
    auto* right = new QSplitter(Qt::Vertical, this);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    right->addWidget(table_);
    chart_->setObjectName(QStringLiteral("comparisonChart"));
    auto* overlay = new QWidget(right);
    auto* overlayLayout = new QVBoxLayout(overlay);
    overlayLayout->setContentsMargins(0, 0, 0, 0);
    auto* bandsRow = new QHBoxLayout;
    bandRuns_->setRange(20, 2000);
    bandRuns_->setValue(100);
    bandRuns_->setSingleStep(50);
    bandRuns_->setSuffix(tr(" runs"));
    bandRuns_->setToolTip(
        tr("Monte Carlo runs per compared row (parameters drawn from the "
           "fits' uncertainty, process noise)"));
    bands_->setToolTip(
        tr("Run Monte Carlo for the baseline and each ticked scenario in the "
           "background; the overlay shades their P10–P90 bands"));
    bandsRow->addWidget(bands_);
    bandsRow->addWidget(bandRuns_);
    bandsRow->addWidget(bandsProgress_, 1);
    overlayLayout->addLayout(bandsRow);
    overlayLegend_->setWordWrap(true);
    overlayLegend_->setTextFormat(Qt::RichText);
    overlayLayout->addWidget(overlayLegend_);
    overlayLayout->addWidget(chart_, 1);
    chart_->setMinimumHeight(220);
    right->addWidget(overlay);
    right->addWidget(pareto_);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    right->setStretchFactor(2, 3);
    // The table needs a few rows; the overlay is what the comparison is about.
    table_->setMinimumHeight(110);
    right->setSizes({150, 420, 260});

    furnaceBody_ = new QWidget(this);
    auto* body = new QHBoxLayout(furnaceBody_);
    body->setContentsMargins(0, 0, 0, 0);
    body->addWidget(left);
    body->addWidget(right, 1);
    layout->addWidget(furnaceBody_, 1);
    if (graphState_) {
        // Any other process: its stored scenarios and the optimiser over its graph.
        graphView_ = new GraphScenariosView(*graphState_, *banner_, this);
        layout->addWidget(graphView_, 1);
        graphView_->hide();
        connect(graphView_, &GraphScenariosView::settingsApplied, this, &ScenariosPage::settingsApplied);
        connect(graphState_, &GraphWhatIfState::loaded, this, &ScenariosPage::updateEnabled);
        connect(graphState_, &GraphWhatIfState::loadFailed, this, [this](const QString& message) {
            if (showsGraph()) banner_->showMessage(MessageBanner::Kind::error, tr("The simulation cannot start: %1").arg(message));
        });
        connect(graphState_, &GraphWhatIfState::unloaded, this, [this] {
            updateEnabled();
            banner_->clear();
            if (isVisible()) ensureLoaded();
        });
        const auto switchBody = [this] {
            if (isVisible() && document_.hasDataset()) ensureLoaded();
        };
        connect(&document_, &WorkbenchDocument::datasetChanged, this, switchBody);
        connect(&document_, &WorkbenchDocument::rolesChanged, this, switchBody);
    }

    connect(pareto_, &ParetoChart::pointClicked, this, &ScenariosPage::applyParetoPoint);

    connect(save_, &QPushButton::clicked, this, &ScenariosPage::saveCurrent);
    connect(name_, &QLineEdit::returnPressed, this, &ScenariosPage::saveCurrent);
    connect(delete_, &QPushButton::clicked, this, [this] {
        auto* item = list_->currentItem();
        if (!item) return;
        QString error;
        if (!state_.deleteScenario(item->data(Qt::UserRole).toString(), &error))
            banner_->showMessage(MessageBanner::Kind::error, error);
    });
    connect(apply_, &QPushButton::clicked, this, [this] {
        const int row = list_->currentRow();
        if (row < 0 || row >= static_cast<int>(scenarios_.size())) return;
        const auto& s = scenarios_[static_cast<std::size_t>(row)];
        try {
            state_.changeSettings(state_.settingsOf(s),
                                  tr("Apply scenario '%1'").arg(toQString(s.name)));
        } catch (const std::exception& e) {
            banner_->showMessage(MessageBanner::Kind::error, toQString(e.what()));
            return;
        }
        emit settingsApplied();
    });
    connect(list_, &QListWidget::itemChanged, this, &ScenariosPage::refreshComparison);
    connect(optimize_, &QPushButton::clicked, this, &ScenariosPage::startOptimizer);
    connect(bands_, &QPushButton::clicked, this, &ScenariosPage::startBands);
    connect(&state_, &WhatIfState::scenariosChanged, this, [this] {
        // A scenario saved again under its name has other inputs: its band is stale.
        retire_job(bandsJob_, this);
        bands_->setEnabled(true);
        const auto baseline = mc_.find(QString());
        decltype(mc_) kept;
        if (baseline != mc_.end()) kept.insert(*baseline);
        mc_ = std::move(kept);
        refreshList();
    });
    connect(&state_, &WhatIfState::loaded, this, &ScenariosPage::onLoaded);
    connect(&state_, &WhatIfState::unloaded, this, [this] {
        retire_job(job_, this);
        retire_job(bandsJob_, this);
        bands_->setEnabled(true);
        mc_.clear();
        compared_.clear();
        result_.reset();
        scenarios_.clear();
        list_->clear();
        table_->clear();
        table_->setRowCount(0);
        table_->setColumnCount(0);
        chart_->setRows({});
        overlayLegend_->clear();
        optimizerSummary_->clear();
        banner_->clear();
        pareto_->clearFront();
        updateEnabled();
    });
    connect(&state_, &WhatIfState::loadFailed, this, [this](const QString& message) {
        banner_->showMessage(MessageBanner::Kind::error,
                             simulationUnavailable(document_.datasetName(), message));
    });
    setEnabled(false);
}

ScenariosPage::~ScenariosPage() {
    retire_job(job_, this);
    retire_job(bandsJob_, this);
}

const twinbench::MonteCarloResult* ScenariosPage::bandOf(const QString& row) const {
    const auto it = mc_.find(row);
    return it == mc_.end() ? nullptr : it->second.get();
}

bool ScenariosPage::showsGraph() const {
    return graphState_ != nullptr && document_.hasDataset() && GraphWhatIfState::appliesTo(*document_.table());
}

void ScenariosPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    ensureLoaded();
}

void ScenariosPage::updateEnabled() {
    // Enabled while the body on show has a study to answer from.
    setEnabled(showsGraph() ? graphState_->isLoaded() : state_.isLoaded());
}

void ScenariosPage::ensureLoaded() {
    const bool graph = showsGraph();
    updateEnabled();
    furnaceBody_->setVisible(!graph);
    if (graphView_) graphView_->setVisible(graph);
    if (graph) {
        if (graphState_->isLoaded() || graphState_->isLoading()) return;
        QString error;
        if (!graphState_->load(&error) && !error.isEmpty()) banner_->showMessage(MessageBanner::Kind::error, error);
        return;
    }
    if (!state_.isLoaded() && !state_.isLoading() && document_.hasDataset()) {
        if (auto* job = state_.load()) progress_->track(job);
    }
}

void ScenariosPage::onLoaded() {
    updateEnabled();
    const auto rs = state_.range(WhatIfControl::speed), rt = state_.range(WhatIfControl::setpoint);
    // The optimiser stays inside what the plant has done unless told otherwise.
    const double b[4] = {std::isfinite(rs.data_min) ? rs.data_min : rs.low,
                         std::isfinite(rs.data_max) ? rs.data_max : rs.high,
                         std::isfinite(rt.data_min) ? rt.data_min : rt.low,
                         std::isfinite(rt.data_max) ? rt.data_max : rt.high};
    for (int i = 0; i < 4; ++i) bounds_[i]->setValue(b[i]);
    if (constraints_->text().isEmpty())
        for (const auto& l : state_.limits())
            if (l.series == "scrap_rate" && l.max)
                constraints_->setText(QStringLiteral("scrap_rate<=%1%").arg(100.0 * *l.max, 0, 'g', 3));
    refreshList();
}

bool ScenariosPage::saveCurrent() {
    if (!state_.isLoaded()) {
        banner_->showMessage(MessageBanner::Kind::error,
                             simulationUnavailable(document_.datasetName(), state_.loadError(),
                                                   state_.isLoading()));
        return false;
    }
    QString error;
    if (!state_.saveScenario(name_->text(), note_->toPlainText(), &error)) {
        banner_->showMessage(MessageBanner::Kind::error, error);
        return false;
    }
    banner_->showMessage(MessageBanner::Kind::success,
                         tr("Saved '%1' in the project.").arg(name_->text().trimmed()));
    // The new scenario joins the comparison.
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toString() == name_->text().trimmed())
            list_->item(i)->setCheckState(Qt::Checked);
    return true;
}

void ScenariosPage::refreshList() {
    QStringList checked;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() == Qt::Checked)
            checked << list_->item(i)->data(Qt::UserRole).toString();
    QString error;
    scenarios_ = state_.storedScenarios(&error);
    if (!error.isEmpty()) banner_->showMessage(MessageBanner::Kind::error, error);
    const QSignalBlocker block(list_);
    list_->clear();
    for (const auto& s : scenarios_) {
        const QString name = toQString(s.name);
        auto* item = new QListWidgetItem(name, list_);
        item->setData(Qt::UserRole, name);
        item->setToolTip(s.note.empty() ? toQString(twinbench::to_json(s).dump(2))
                                        : toQString(s.note));
        item->setCheckState(checked.contains(name) || checked.isEmpty() ? Qt::Checked
                                                                        : Qt::Unchecked);
    }
    refreshComparison();
}

void ScenariosPage::refreshComparison() {
    if (!state_.isLoaded()) return;
    const auto kpis = KpiTiles::kpiIndices();
    auto& rows = compared_;
    rows.clear();
    rows.push_back({QString(), tr("Baseline"), state_.window().inputs, state_.baseline()});
    for (int i = 0; i < list_->count(); ++i) {
        if (list_->item(i)->checkState() != Qt::Checked) continue;
        const auto& s = scenarios_[static_cast<std::size_t>(i)];
        Compared row{toQString(s.name), toQString(s.name), {}, {}};
        try {
            row.inputs = state_.inputsOf(s);
        } catch (const std::exception& e) {
            banner_->showMessage(MessageBanner::Kind::warning,
                                 tr("%1: %2").arg(row.name, toQString(e.what())));
            continue;
        }
        twinbench::SimulationOptions so;
        so.keep_series = true;
        row.result = twinbench::simulate(state_.study()->twin, row.inputs, so);
        rows.push_back(std::move(row));
    }
    table_->clear();
    table_->setRowCount(static_cast<int>(rows.size()));
    // Each KPI, then its Monte Carlo P10-P90 (empty until the bands have run).
    table_->setColumnCount(2 * static_cast<int>(kpis.size()));
    QStringList headers;
    for (int k : kpis) {
        const QString unit = KpiTiles::unit(k, state_.currency());
        headers << QStringLiteral("%1\n[%2]").arg(KpiTiles::title(k), unit)
                << tr("P10 … P90\n[%1]").arg(unit);
    }
    table_->setHorizontalHeaderLabels(headers);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        table_->setVerticalHeaderItem(static_cast<int>(r), new QTableWidgetItem(rows[r].name));
        for (std::size_t c = 0; c < kpis.size(); ++c) {
            const auto k = static_cast<std::size_t>(kpis[c]);
            // With Monte Carlo bands the headline is their median (as on the tiles and in
            // the report), so that it lies inside its own P10-P90; until then the single run.
            const auto* rowBand = bandOf(rows[r].key);
            const auto* baseBand = bandOf(rows[0].key);
            const double v = twinbench::kpi_value(rowBand != nullptr ? rowBand->p50 : rows[r].result.kpis, k);
            const double b = twinbench::kpi_value(baseBand != nullptr ? baseBand->p50 : rows[0].result.kpis, k);
            QString text = KpiTiles::format(kpis[c], v);
            auto* item = new QTableWidgetItem;
            // The change as the What-if tile says it (pp for a share).
            if (const QString change = r > 0 ? KpiTiles::formatChange(kpis[c], v, b) : QString(); !change.isEmpty()) {
                text += QStringLiteral("  (%1)").arg(change);
                item->setForeground((v - b) * KpiTiles::goodDirection(kpis[c]) > 0 ? QColor(0x2e, 0x7d, 0x32)
                                                                                   : QColor(0xc6, 0x28, 0x28));
            }
            item->setText(text);
            if (const auto* mc = bandOf(rows[r].key))
                item->setToolTip(
                    tr("Monte Carlo P10–P90: %1 … %2")
                        .arg(KpiTiles::format(kpis[c], twinbench::kpi_value(mc->p10, k)),
                             KpiTiles::format(kpis[c], twinbench::kpi_value(mc->p90, k))));
            item->setData(Qt::UserRole, v);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(static_cast<int>(r), valueColumn(static_cast<int>(c)), item);
            auto* band = new QTableWidgetItem;
            band->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (const auto* mc = bandOf(rows[r].key)) {
                const double lo = twinbench::kpi_value(mc->p10, k),
                             hi = twinbench::kpi_value(mc->p90, k);
                band->setText(QStringLiteral("%1 … %2")
                                  .arg(KpiTiles::format(kpis[c], lo), KpiTiles::format(kpis[c], hi)));
                band->setData(Qt::UserRole, lo);
                band->setData(Qt::UserRole + 1, hi);
            } else {
                band->setText(QStringLiteral("–"));
                band->setToolTip(tr("Run the Monte Carlo bands to fill this column"));
            }
            table_->setItem(static_cast<int>(r), bandColumn(static_cast<int>(c)), band);
        }
    }

    // Overlay: furnace temperature and hourly scrap rate of every row, with bands.
    std::vector<ScenarioOverlayChart::Row> overlay;
    for (const auto& r : rows) overlay.push_back({r.name, &r.inputs, &r.result, bandOf(r.key)});
    chart_->setTimeZone(document_.timeZone());
    chart_->setRows(overlay);
    overlayLegend_->setText(chart_->legendText());
    bool missing = false;
    for (const auto& r : rows) missing = missing || bandOf(r.key) == nullptr;
    bands_->setText(missing ? tr("Monte Carlo bands") : tr("Bands shown"));
    bands_->setEnabled(missing && !bandsJob_);
}

bool ScenariosPage::startBands() {
    if (!state_.isLoaded() || bandsJob_) return false;
    struct Work {
        QString key, name;
        twinbench::SimulationInputs inputs;
        std::shared_ptr<twinbench::MonteCarloResult> out;
    };
    auto work = std::make_shared<std::vector<Work>>();
    for (const auto& r : compared_)
        if (!bandOf(r.key))
            work->push_back(
                {r.key, r.name, r.inputs, std::make_shared<twinbench::MonteCarloResult>()});
    if (work->empty()) return false;
    auto done = std::make_shared<std::vector<bool>>(work->size(), false);
    const twinbench::PlantTwin twin = state_.study()->twin;
    const int runs = bandRuns_->value();
    bandsJob_ = new BackgroundJob(
        tr("Monte Carlo bands (%1 runs each)").arg(runs),
        [work, done, twin, runs](const twinbench::ProgressCallback& progress) {
            const auto rows = static_cast<double>(work->size());
            for (std::size_t i = 0; i < work->size(); ++i) {
                auto& w = (*work)[i];
                const std::string name = toUtf8(w.name);
                twinbench::MonteCarloOptions mc;
                mc.runs = runs;
                mc.seed = 1;
                mc.threads = 1;  // the other core keeps the window responsive
                mc.bands = true;
                // Progress after every run, so a cancel lands within one run (a few ms).
                mc.progress = [&](double fraction, std::string_view) {
                    return progress((static_cast<double>(i) + fraction) / rows, name);
                };
                *w.out = twinbench::run_monte_carlo(twin, w.inputs, mc);
                (*done)[i] = true;
            }
        },
        this);
    bandsProgress_->track(bandsJob_);
    bands_->setEnabled(false);
    connect(bandsJob_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        banner_->showMessage(MessageBanner::Kind::error, tr("Monte Carlo failed: %1").arg(message));
    });
    connect(bandsJob_.data(), &BackgroundJob::finished, this, [this, work, done] {
        // Rows finished before a cancel keep their bands.
        for (std::size_t i = 0; i < work->size(); ++i)
            if ((*done)[i]) mc_[(*work)[i].key] = (*work)[i].out;
        bandsJob_->deleteLater();
        bandsJob_ = nullptr;
        refreshComparison();
        emit bandsFinished();
    });
    bandsJob_->start();
    return true;
}

bool ScenariosPage::startOptimizer() {
    if (!state_.isLoaded()) {
        banner_->showMessage(MessageBanner::Kind::error,
                             simulationUnavailable(document_.datasetName(), state_.loadError(),
                                                   state_.isLoading()));
        return false;
    }
    twinbench::OptimizeOptions options;
    try {
        options.objective = twinbench::parse_objective(toUtf8(objective_->text().trimmed()));
        for (const QString& part : constraints_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            options.constraints.push_back(twinbench::parse_constraint(toUtf8(part.trimmed())));
    } catch (const std::exception& e) {
        banner_->showMessage(MessageBanner::Kind::error, toQString(e.what()));
        return false;
    }
    options.bounds = {bounds_[0]->value(), bounds_[1]->value(), bounds_[2]->value(),
                      bounds_[3]->value()};
    if (!(options.bounds.speed_max > options.bounds.speed_min) ||
        !(options.bounds.setpoint_max > options.bounds.setpoint_min)) {
        banner_->showMessage(MessageBanner::Kind::error,
                             tr("Each upper bound must be above its lower bound."));
        return false;
    }
    banner_->clear();
    retire_job(job_, this);
    auto out = std::make_shared<twinbench::OptimizeResult>();
    // The other controls (maintenance, material, tariff) stay as set on the What-if page.
    auto inputs = std::make_shared<twinbench::SimulationInputs>(state_.scenarioInputs());
    const twinbench::PlantTwin twin = state_.study()->twin;
    job_ = new BackgroundJob(
        tr("Optimising"),
        [out, twin, inputs, options](const twinbench::ProgressCallback&) {
            *out = twinbench::optimize_controls(twin, *inputs, options);
        },
        this);
    progress_->track(job_);
    optimize_->setEnabled(false);
    optimizerSummary_->setText(tr("Searching…"));
    connect(job_.data(), &BackgroundJob::succeeded, this, [this, out] {
        if (job_ && job_->isCancelRequested()) return;
        result_ = *out;
        showResult();
    });
    connect(job_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        optimizerSummary_->clear();
        banner_->showMessage(MessageBanner::Kind::error,
                             tr("The optimiser failed: %1").arg(message));
    });
    connect(job_.data(), &BackgroundJob::cancelled, this,
            [this] { optimizerSummary_->setText(tr("Cancelled.")); });
    connect(job_.data(), &BackgroundJob::finished, this, [this] {
        if (job_ && job_->isCancelRequested()) optimizerSummary_->setText(tr("Cancelled."));
        job_->deleteLater();
        job_ = nullptr;
        optimize_->setEnabled(true);
        emit optimizerFinished();
    });
    job_->start();
    return true;
}

void ScenariosPage::showResult() {
    const auto& r = *result_;
    const auto& b = r.best;
    const int k = twinbench::kpi_index(r.pareto_kpi);
    QString text =
        tr("Best: %1 m/min, %2 °C — objective %3 (baseline 1 = as today); %4 evaluations.")
            .arg(b.speed_m_per_min, 0, 'f', 2)
            .arg(b.setpoint_degC, 0, 'f', 1)
            .arg(b.objective, 0, 'g', 4)
            .arg(r.evaluations);
    if (!b.constraints_met)
        text += QStringLiteral(" ") + tr("Constraints not met: %1").arg(toQString(r.message));
    optimizerSummary_->setText(text);
    QVector<double> x, y;
    for (const auto& p : r.pareto) {
        x.push_back(k >= 0 ? twinbench::kpi_value(p.kpis, static_cast<std::size_t>(k)) : 0.0);
        y.push_back(p.objective);
    }
    pareto_->setFront(x, y, QPointF(k >= 0 ? twinbench::kpi_value(b.kpis, static_cast<std::size_t>(k)) : 0.0, b.objective),
                      k >= 0 ? KpiTiles::title(k) + QStringLiteral(" (") + kpiKey(k) + QStringLiteral(")")
                             : toQString(r.pareto_kpi));
}

QPoint ScenariosPage::paretoPixel(int index) const { return pareto_->pointPixel(index); }

void ScenariosPage::applyParetoPoint(int index) {
    if (!result_) return;
    const auto& p = index < 0 ? result_->best : result_->pareto.at(static_cast<std::size_t>(index));
    WhatIfSettings next = state_.settings();
    next.speed_m_per_min = p.speed_m_per_min;
    next.setpoint_degC = p.setpoint_degC;
    state_.changeSettings(next, tr("Apply optimiser point"));
    emit settingsApplied();
}

}  // namespace twinbench::ui
