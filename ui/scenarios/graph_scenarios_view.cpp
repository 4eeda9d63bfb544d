#include "ui/scenarios/graph_scenarios_view.h"

#include <cmath>

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "sim/scenario_store.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/scenarios/graph_optimizer_panel.h"
#include "ui/scenarios/graph_scenario_overlay.h"
#include "ui/whatif/graph_outcome_tiles.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {

GraphScenariosView::GraphScenariosView(GraphWhatIfState& state, MessageBanner& banner, QWidget* parent)
    : QWidget(parent),
      state_(state),
      banner_(banner),
      name_(new QLineEdit(this)),
      save_(new QPushButton(tr("Save current What-if settings"), this)),
      list_(new QListWidget(this)),
      apply_(new QPushButton(tr("Apply on What-if"), this)),
      table_(new QTableWidget(this)),
      legend_(new QLabel(this)),
      overlay_(new GraphScenarioOverlay(this)),
      bandRuns_(new QSpinBox(this)),
      bandsProgress_(new JobProgressWidget(this)),
      optimizer_(new GraphOptimizerPanel(state, banner, this)) {
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* listBox = new QGroupBox(tr("Stored scenarios (tick to compare)"), left);
    auto* listLayout = new QVBoxLayout(listBox);
    auto* saveRow = new QHBoxLayout;
    name_->setPlaceholderText(tr("name for the What-if settings"));
    saveRow->addWidget(name_, 1);
    saveRow->addWidget(save_);
    listLayout->addLayout(saveRow);
    listLayout->addWidget(list_, 1);
    listLayout->addWidget(apply_);
    // A few rows: the room below is the optimiser's answer and its warnings (1280x720).
    list_->setMinimumHeight(50);
    list_->setMaximumHeight(100);
    leftLayout->addWidget(listBox);
    leftLayout->addWidget(optimizer_, 1);
    left->setMinimumWidth(330);
    left->setMaximumWidth(440);

    auto* right = new QSplitter(Qt::Vertical, this);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->setMinimumHeight(100);
    right->addWidget(table_);
    auto* overlayBox = new QWidget(right);
    auto* overlayLayout = new QVBoxLayout(overlayBox);
    overlayLayout->setContentsMargins(0, 0, 0, 0);
    auto* bandsRow = new QHBoxLayout;
    bandRuns_->setRange(20, 2000);
    bandRuns_->setValue(100);
    bandRuns_->setSingleStep(50);
    bandRuns_->setPrefix(tr("Monte Carlo: "));
    bandRuns_->setSuffix(tr(" runs per row"));
    bandRuns_->setToolTip(tr("Runs drawn from the models' uncertainty and each output's own scatter, for the "
                             "P10–P90 columns and the shaded bands"));
    bandRuns_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    bandsRow->addWidget(bandRuns_);
    bandsRow->addWidget(bandsProgress_, 1);
    bandsRow->addStretch(1);
    overlayLayout->addLayout(bandsRow);
    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    overlayLayout->addWidget(legend_);
    overlayLayout->addWidget(overlay_, 1);
    right->addWidget(overlayBox);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 3);
    right->setSizes({160, 520});

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(left);
    layout->addWidget(right, 1);

    connect(save_, &QPushButton::clicked, this, &GraphScenariosView::saveCurrent);
    connect(name_, &QLineEdit::returnPressed, this, &GraphScenariosView::saveCurrent);
    connect(apply_, &QPushButton::clicked, this, [this] {
        const int row = list_->currentRow();
        if (row < 0 || row >= static_cast<int>(scenarios_.size())) return;
        const auto& s = scenarios_[static_cast<std::size_t>(row)];
        state_.changeControls(state_.settingsOf(s), tr("Apply scenario '%1'").arg(toQString(s.name)));
        emit settingsApplied();
    });
    connect(optimizer_, &GraphOptimizerPanel::settingsApplied, this, &GraphScenariosView::settingsApplied);
    connect(list_, &QListWidget::itemChanged, this, &GraphScenariosView::refreshComparison);
    connect(bandRuns_, &QSpinBox::valueChanged, this, [this] {
        bands_.clear();
        refreshComparison();
    });
    // Saved here or on the What-if page: the list and the comparison follow.
    connect(&state_, &GraphWhatIfState::scenarioSaved, this, [this](const QString& name) {
        bands_.erase(name);
        refreshList();
    });
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphScenariosView::refreshList);
    connect(&state_, &GraphWhatIfState::limitsChanged, this, &GraphScenariosView::refreshComparison);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphScenariosView::clear);
}

GraphScenariosView::~GraphScenariosView() { retire_job(bandsJob_, this); }

const twinbench::GraphMonteCarloResult* GraphScenariosView::bandOf(int row) const {
    if (row < 0 || row >= comparedCount()) return nullptr;
    return compared_[static_cast<std::size_t>(row)].band.get();
}

void GraphScenariosView::clear() {
    retire_job(bandsJob_, this);
    stale_ = false;
    bands_.clear();
    compared_.clear();
    scenarios_.clear();
    {
        const QSignalBlocker block(list_);
        list_->clear();
    }
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    overlay_->setRows({}, {}, {});
    legend_->clear();
}

bool GraphScenariosView::saveCurrent() {
    QString error;
    if (!state_.isLoaded()) return false;
    if (!state_.saveScenario(name_->text(), QString(), &error)) {
        banner_.showMessage(MessageBanner::Kind::error, error);
        return false;
    }
    banner_.showMessage(MessageBanner::Kind::success, tr("Saved '%1' in the project.").arg(name_->text().trimmed()));
    return true;
}

void GraphScenariosView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) refreshList();
}

void GraphScenariosView::refreshList() {
    if (!state_.isLoaded()) return;
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    QStringList unticked;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() != Qt::Checked) unticked << list_->item(i)->text();
    QString error;
    scenarios_ = state_.storedScenarios(&error);
    if (!error.isEmpty()) banner_.showMessage(MessageBanner::Kind::error, error);
    {
        const QSignalBlocker block(list_);
        list_->clear();
        for (const auto& s : scenarios_) {
            auto* item = new QListWidgetItem(toQString(s.name), list_);
            QStringList changes;
            for (const auto& c : s.changes)
                changes << QStringLiteral("%1 = %2").arg(toQString(twinbench::control_name(c))).arg(c.value, 0, 'g', 6);
            item->setToolTip(s.note.empty() ? changes.join(QStringLiteral(", ")) : toQString(s.note));
            item->setCheckState(unticked.contains(item->text()) ? Qt::Unchecked : Qt::Checked);
        }
    }
    refreshComparison();
}

void GraphScenariosView::refreshComparison() {
    if (!state_.isLoaded()) return;
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    retire_job(bandsJob_, this);
    compared_.clear();
    const twinbench::Scenario today = [&] {
        twinbench::Scenario s = state_.scenario();
        s.changes.clear();
        return s;
    }();
    try {
        auto base = twinbench::run_twin_what_if(*state_.study(), today);
        compared_.push_back({tr("Nothing changes"), today, std::move(base.baseline), nullptr});
    } catch (const std::exception& e) {
        banner_.showMessage(MessageBanner::Kind::error, toQString(e.what()));
        return;
    }
    for (int i = 0; i < list_->count(); ++i) {
        if (list_->item(i)->checkState() != Qt::Checked) continue;
        twinbench::Scenario s = scenarios_[static_cast<std::size_t>(i)];
        // Compared on the What-if page's horizon and limits, whatever they were when saved.
        s.horizon_h = today.horizon_h;
        s.limits = today.limits;
        try {
            auto r = twinbench::run_twin_what_if(*state_.study(), s);
            compared_.push_back({toQString(s.name), s, std::move(r.result), nullptr});
        } catch (const std::exception& e) {
            banner_.showMessage(MessageBanner::Kind::warning, tr("%1: %2").arg(toQString(s.name), toQString(e.what())));
        }
    }
    for (auto& row : compared_) {
        const auto it = bands_.find(row.name);
        if (it != bands_.end()) row.band = it->second;
    }
    fillTable();
    if (!startBands()) emit bandsFinished();
}

void GraphScenariosView::fillTable() {
    const auto& figures = state_.figures();
    table_->clear();
    table_->setRowCount(static_cast<int>(compared_.size()));
    table_->setColumnCount(2 * static_cast<int>(figures.size()));
    QStringList headers;
    for (const auto& f : figures) {
        headers << (f.unit.isEmpty() ? f.title : QStringLiteral("%1 [%2]").arg(f.title, f.unit))
                << tr("%1 P10–P90").arg(f.title);
    }
    table_->setHorizontalHeaderLabels(headers);
    QStringList rowNames;
    for (std::size_t r = 0; r < compared_.size(); ++r) {
        const auto& row = compared_[r];
        rowNames << row.name;
        for (std::size_t f = 0; f < figures.size(); ++f) {
            const double deterministic = GraphWhatIfState::valueOf(row.outcome, figures[f]);
            const double median = row.band ? GraphWhatIfState::valueOf(row.band->p50, figures[f]) : NAN;
            // The headline sits inside its own band: the median once the runs are in.
            const double shown = std::isfinite(median) ? median : deterministic;
            auto* value = new QTableWidgetItem(GraphOutcomeTiles::formatValue(shown));
            value->setData(Qt::UserRole, shown);
            value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            value->setToolTip(std::isfinite(median)
                                  ? tr("Monte Carlo median of %1 runs (one run with the fitted parameters: %2)")
                                        .arg(bandRuns_->value())
                                        .arg(GraphOutcomeTiles::formatValue(deterministic))
                                  : tr("one run with the fitted parameters (the Monte Carlo is running)"));
            table_->setItem(static_cast<int>(r), valueColumn(static_cast<int>(f)), value);
            auto* band = new QTableWidgetItem;
            band->setTextAlignment(Qt::AlignCenter);
            if (row.band) {
                const double p10 = GraphWhatIfState::valueOf(row.band->p10, figures[f]);
                const double p90 = GraphWhatIfState::valueOf(row.band->p90, figures[f]);
                band->setText(QStringLiteral("%1 – %2").arg(GraphOutcomeTiles::formatValue(p10),
                                                             GraphOutcomeTiles::formatValue(p90)));
                band->setData(Qt::UserRole, p10);
                band->setData(Qt::UserRole + 1, p90);
            } else {
                band->setText(QStringLiteral("–"));
            }
            table_->setItem(static_cast<int>(r), bandColumn(static_cast<int>(f)), band);
        }
    }
    table_->setVerticalHeaderLabels(rowNames);

    std::vector<GraphScenarioOverlay::Row> rows;
    for (const auto& r : compared_) rows.push_back({r.name, &r.outcome.frame, r.band.get()});
    std::vector<std::string> outputs;
    std::vector<QString> units;
    for (const auto& m : state_.study()->twin.models) {
        outputs.push_back(m->output());
        const auto* g = state_.study()->graph.find(m->output());
        units.push_back(g != nullptr ? toQString(g->unit) : QString());
    }
    overlay_->setRows(rows, outputs, units);
    legend_->setText(overlay_->legendText());
}

bool GraphScenariosView::startBands() {
    if (!state_.isLoaded() || bandsJob_ || state_.study()->twin.models.empty()) return false;
    struct Work {
        QString name;
        std::shared_ptr<const twinbench::SignalFrame> inputs;
        std::shared_ptr<twinbench::GraphMonteCarloResult> out;
    };
    auto work = std::make_shared<std::vector<Work>>();
    for (const auto& r : compared_)
        if (!r.band)
            work->push_back({r.name, std::make_shared<twinbench::SignalFrame>(r.outcome.frame),
                             std::make_shared<twinbench::GraphMonteCarloResult>()});
    if (work->empty()) return false;
    auto done = std::make_shared<std::vector<char>>(work->size(), 0);
    const auto study = state_.sharedStudy();
    const auto kpis = state_.sharedKpis();
    const int runs = bandRuns_->value();
    bandsJob_ = new BackgroundJob(
        tr("Monte Carlo bands (%1 runs per row)").arg(runs),
        [work, done, study, kpis, runs](const twinbench::ProgressCallback& progress) {
            const auto rows = static_cast<double>(work->size());
            for (std::size_t i = 0; i < work->size(); ++i) {
                auto& w = (*work)[i];
                twinbench::GraphMonteCarloOptions mc;
                mc.runs = runs;
                mc.seed = 1;
                mc.threads = 1;  // the other core keeps the window responsive
                mc.series_band = true;
                const std::string name = toUtf8(w.name);
                mc.progress = [&](double fraction, std::string_view) {
                    return progress((static_cast<double>(i) + fraction) / rows, name);
                };
                *w.out = twinbench::run_graph_monte_carlo(*study, *w.inputs, *kpis, mc);
                w.out->runs.clear();  // the bands and quantiles are what the page shows
                (*done)[i] = 1;
            }
        },
        this);
    bandsProgress_->track(bandsJob_);
    connect(bandsJob_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        banner_.showMessage(MessageBanner::Kind::error, tr("Monte Carlo failed: %1").arg(message));
    });
    connect(bandsJob_.data(), &BackgroundJob::finished, this, [this, work, done] {
        // Rows finished before a cancel keep their bands.
        for (std::size_t i = 0; i < work->size(); ++i)
            if ((*done)[i]) bands_[(*work)[i].name] = (*work)[i].out;
        bandsJob_->deleteLater();
        bandsJob_ = nullptr;
        for (auto& row : compared_)
            if (const auto it = bands_.find(row.name); it != bands_.end()) row.band = it->second;
        fillTable();
        emit bandsFinished();
    });
    bandsJob_->start();
    return true;
}

}  // namespace twinbench::ui
