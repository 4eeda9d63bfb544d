#include "ui/scenarios/graph_optimizer_panel.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "common/error.h"
#include "ui/app/background_job.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/whatif/graph_outcome_tiles.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {
namespace {

constexpr int keep_column = 1, limit_column = 2;

QDoubleSpinBox* numberBox(QWidget* parent, double value, int decimals) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(-1e12, 1e12);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setFrame(false);
    box->setButtonSymbols(QAbstractSpinBox::NoButtons);
    return box;
}

// Decimals that show a figure to about four significant digits.
int decimalsOf(double value) {
    if (!std::isfinite(value) || value == 0.0) return 3;
    return std::clamp(3 - static_cast<int>(std::floor(std::log10(std::fabs(value)))), 0, 6);
}

}  // namespace

GraphOptimizerPanel::GraphOptimizerPanel(GraphWhatIfState& state, MessageBanner& banner, QWidget* parent)
    : QWidget(parent),
      state_(state),
      banner_(banner),
      direction_(new QComboBox(this)),
      objective_(new QComboBox(this)),
      constraints_(new QTableWidget(this)),
      bounds_(new QTableWidget(this)),
      optimize_(new QPushButton(tr("Optimise"), this)),
      progress_(new JobProgressWidget(this)),
      summary_(new QLabel(this)),
      notes_(new QLabel(this)),
      apply_(new QPushButton(tr("Apply on What-if"), this)) {
    auto* box = new QGroupBox(tr("Optimiser: constant settings of the controls"), this);
    auto* layout = new QVBoxLayout(box);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(box);

    auto* objectiveRow = new QHBoxLayout;
    direction_->addItems({tr("Minimise"), tr("Maximise")});
    objectiveRow->addWidget(direction_);
    objectiveRow->addWidget(objective_, 1);
    layout->addLayout(objectiveRow);
    layout->addWidget(new QLabel(tr("Keep the others (default: no higher than today):"), box));
    for (auto* table : {constraints_, bounds_}) {
        table->verticalHeader()->setVisible(false);
        table->horizontalHeader()->setStretchLastSection(true);
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionMode(QAbstractItemView::NoSelection);
        table->verticalHeader()->setDefaultSectionSize(24);
    }
    constraints_->setColumnCount(3);
    constraints_->setHorizontalHeaderLabels({tr("Output / KPI"), tr("keep"), tr("limit")});
    constraints_->setMaximumHeight(110);
    layout->addWidget(constraints_);
    layout->addWidget(new QLabel(tr("Controls between (default: the data's envelope):"), box));
    bounds_->setColumnCount(3);
    bounds_->setHorizontalHeaderLabels({tr("Control"), tr("from"), tr("to")});
    bounds_->setMaximumHeight(90);
    layout->addWidget(bounds_);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(optimize_);
    runRow->addWidget(progress_, 1);
    layout->addLayout(runRow);
    // The table is not wrapped (a wrapped rich-text table misjudges its height); the
    // notes below it are.
    summary_->setTextFormat(Qt::RichText);
    summary_->setObjectName(QStringLiteral("optimizerSummary"));
    layout->addWidget(summary_);
    notes_->setWordWrap(true);
    notes_->setTextFormat(Qt::RichText);
    layout->addWidget(notes_);
    layout->addWidget(apply_);
    apply_->setEnabled(false);

    connect(objective_, &QComboBox::currentIndexChanged, this, &GraphOptimizerPanel::rebuildConstraints);
    connect(optimize_, &QPushButton::clicked, this, &GraphOptimizerPanel::start);
    connect(apply_, &QPushButton::clicked, this, &GraphOptimizerPanel::apply);
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphOptimizerPanel::rebuild);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphOptimizerPanel::rebuild);
}

GraphOptimizerPanel::~GraphOptimizerPanel() { retire_job(job_, this); }

void GraphOptimizerPanel::clearResult() {
    retire_job(job_, this);
    result_.reset();
    band_.reset();
    risks_.clear();
    summary_->clear();
    notes_->clear();
    apply_->setEnabled(false);
    optimize_->setEnabled(state_.isLoaded());
}

void GraphOptimizerPanel::rebuild() {
    clearResult();
    {
        const QSignalBlocker block(objective_);
        objective_->clear();
        for (const auto& f : state_.figures()) objective_->addItem(f.unit.isEmpty() ? f.title : QStringLiteral("%1 [%2]").arg(f.title, f.unit));
    }
    bounds_->setRowCount(0);
    if (state_.isLoaded()) {
        // The numeric controls (core's optimiser keeps a categorical one as set).
        for (const auto& c : state_.controls()) {
            if (c.categorical) continue;
            const int i = bounds_->rowCount();
            bounds_->insertRow(i);
            auto* name = new QTableWidgetItem(c.unit.isEmpty() ? toQString(c.name)
                                                              : QStringLiteral("%1 [%2]").arg(toQString(c.name), c.unit));
            name->setData(Qt::UserRole, toQString(c.name));
            bounds_->setItem(i, 0, name);
            bounds_->setCellWidget(i, 1, numberBox(bounds_, c.min, c.decimals));
            bounds_->setCellWidget(i, 2, numberBox(bounds_, c.max, c.decimals));
        }
    }
    rebuildConstraints();
}

void GraphOptimizerPanel::rebuildConstraints() {
    constraints_->setRowCount(0);
    if (!state_.isLoaded()) return;
    const auto& figures = state_.figures();
    const int objective = objective_->currentIndex();
    for (int f = 0; f < static_cast<int>(figures.size()); ++f) {
        if (f == objective) continue;
        const int row = constraints_->rowCount();
        constraints_->insertRow(row);
        const auto& figure = figures[static_cast<std::size_t>(f)];
        auto* name = new QTableWidgetItem(figure.title);
        name->setData(Qt::UserRole, f);
        constraints_->setItem(row, 0, name);
        auto* keep = new QComboBox(constraints_);
        keep->addItems({tr("free"), tr("≤ today"), tr("≥ today"), tr("≤ limit"), tr("≥ limit")});
        keep->setCurrentIndex(static_cast<int>(Keep::no_higher_than_today));
        keep->setFrame(false);
        constraints_->setCellWidget(row, keep_column, keep);
        const double today = GraphWhatIfState::valueOf(state_.result().baseline, figure);
        auto* limit = numberBox(constraints_, today, decimalsOf(today));
        limit->setEnabled(false);
        limit->setToolTip(tr("today: %1").arg(GraphOutcomeTiles::formatValue(today)));
        constraints_->setCellWidget(row, limit_column, limit);
        connect(keep, &QComboBox::currentIndexChanged, limit, [keep, limit, today] {
            const auto k = static_cast<Keep>(keep->currentIndex());
            limit->setEnabled(k == Keep::at_most || k == Keep::at_least);
            if (!limit->isEnabled()) limit->setValue(today);
        });
    }
}

void GraphOptimizerPanel::setKeep(int figure, Keep keep, double limit) {
    for (int row = 0; row < constraints_->rowCount(); ++row) {
        if (constraints_->item(row, 0)->data(Qt::UserRole).toInt() != figure) continue;
        static_cast<QComboBox*>(constraints_->cellWidget(row, keep_column))->setCurrentIndex(static_cast<int>(keep));
        if (keep == Keep::at_most || keep == Keep::at_least)
            static_cast<QDoubleSpinBox*>(constraints_->cellWidget(row, limit_column))->setValue(limit);
    }
}

twinbench::GraphOptimizeOptions GraphOptimizerPanel::options() const {
    const auto& figures = state_.figures();
    const int objective = objective_->currentIndex();
    if (!state_.isLoaded() || objective < 0 || objective >= static_cast<int>(figures.size()))
        throw twinbench::UsageError(toUtf8(tr("Pick the output or KPI to optimise.")));
    twinbench::GraphOptimizeOptions o;
    o.objective = GraphWhatIfState::figureKey(figures[static_cast<std::size_t>(objective)]);
    o.maximize = direction_->currentIndex() == 1;
    for (int row = 0; row < constraints_->rowCount(); ++row) {
        const auto keep = static_cast<Keep>(static_cast<QComboBox*>(constraints_->cellWidget(row, keep_column))->currentIndex());
        if (keep == Keep::free) continue;
        const auto& figure = figures[static_cast<std::size_t>(constraints_->item(row, 0)->data(Qt::UserRole).toInt())];
        twinbench::KpiConstraint c;
        c.kpi = GraphWhatIfState::figureKey(figure);
        c.at_most = keep == Keep::no_higher_than_today || keep == Keep::at_most;
        c.value = keep == Keep::at_most || keep == Keep::at_least
                      ? static_cast<QDoubleSpinBox*>(constraints_->cellWidget(row, limit_column))->value()
                      : GraphWhatIfState::valueOf(state_.result().baseline, figure);
        if (!std::isfinite(c.value)) continue;  // no baseline value to hold it to
        o.constraints.push_back(c);
    }
    for (int row = 0; row < bounds_->rowCount(); ++row) {
        const auto* c = state_.control(toUtf8(bounds_->item(row, 0)->data(Qt::UserRole).toString()));
        if (c == nullptr) continue;
        const double from = static_cast<QDoubleSpinBox*>(bounds_->cellWidget(row, 1))->value();
        const double to = static_cast<QDoubleSpinBox*>(bounds_->cellWidget(row, 2))->value();
        if (!(to > from))
            throw twinbench::UsageError(toUtf8(tr("The bounds of %1: 'to' must be above 'from'.").arg(toQString(c->name))));
        o.bounds[c->name] = {from, to};
    }
    if (state_.hasTimeAxis()) o.horizon_h = state_.horizonHours();
    o.seed = 1;
    return o;
}

bool GraphOptimizerPanel::start() {
    if (!state_.isLoaded()) {
        banner_.showMessage(MessageBanner::Kind::error,
                            state_.loadError().isEmpty() ? tr("The simulation is not ready yet.") : state_.loadError());
        return false;
    }
    twinbench::GraphOptimizeOptions o;
    try {
        o = options();
    } catch (const std::exception& e) {
        banner_.showMessage(MessageBanner::Kind::error, toQString(e.what()));
        return false;
    }
    clearResult();
    struct Out {
        twinbench::GraphOptimizeResult result;
        twinbench::GraphMonteCarloResult band;
    };
    auto out = std::make_shared<Out>();
    const auto study = state_.sharedStudy();
    const auto kpis = state_.sharedKpis();
    twinbench::Scenario scenario = state_.scenario();
    const int runs = runs_;
    job_ = new BackgroundJob(
        tr("Optimising"),
        [out, study, kpis, o, scenario, runs](const twinbench::ProgressCallback& progress) mutable {
            // Nine tenths for the search, the rest for the Monte Carlo of its answer.
            o.progress = [&](double f, std::string_view what) { return progress(0.9 * f, what); };
            out->result = twinbench::optimize_graph_controls(*study, o);
            scenario.changes.clear();
            for (const auto& [name, value] : out->result.settings) {
                twinbench::ControlChange c;
                c.control = twinbench::Control::signal;
                c.signal = name;
                c.value = value;
                scenario.changes.push_back(c);
            }
            const auto answer = twinbench::run_twin_what_if(*study, scenario);
            twinbench::GraphMonteCarloOptions mc;
            mc.runs = runs;
            mc.seed = 1;
            mc.threads = 1;
            mc.progress = [&](double f, std::string_view) { return progress(0.9 + 0.1 * f, "Monte Carlo of the answer"); };
            out->band = twinbench::run_graph_monte_carlo(*study, answer.result.frame, *kpis, mc);
            out->band.runs.clear();
        },
        this);
    progress_->track(job_);
    optimize_->setEnabled(false);
    summary_->setText(tr("Searching…"));
    connect(job_.data(), &BackgroundJob::succeeded, this, [this, out] {
        result_ = std::move(out->result);
        band_ = std::move(out->band);
        showResult();
    });
    connect(job_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        summary_->clear();
        banner_.showMessage(MessageBanner::Kind::error, tr("The optimiser failed: %1").arg(message));
    });
    connect(job_.data(), &BackgroundJob::cancelled, this, [this] { summary_->setText(tr("Cancelled.")); });
    connect(job_.data(), &BackgroundJob::finished, this, [this] {
        job_->deleteLater();
        job_ = nullptr;
        optimize_->setEnabled(true);
        emit finished();
    });
    job_->start();
    return true;
}

void GraphOptimizerPanel::showResult() {
    const auto& r = *result_;
    const auto& figures = state_.figures();
    QStringList settings;
    for (const auto& [name, value] : r.settings) {
        const auto* c = state_.control(name);
        settings << QStringLiteral("%1 <b>%2</b>%3 (today %4)")
                        .arg(toQString(name), QString::number(value, 'f', c ? c->decimals : 2),
                             c && !c->unit.isEmpty() ? QStringLiteral(" ") + c->unit : QString(),
                             QString::number(r.baseline_settings.at(name), 'f', c ? c->decimals : 2));
    }
    QString text = settings.join(QStringLiteral(", "));
    text += QStringLiteral("<table cellspacing=\"4\"><tr><th></th><th>%1</th><th>%2</th><th>%3</th></tr>")
                .arg(tr("result"), tr("P10–P90"), tr("today"));
    for (const auto& f : figures) {
        const std::string key = GraphWhatIfState::figureKey(f);
        const auto v = r.figures.find(key);
        const auto b = r.baseline_figures.find(key);
        text += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td><td align=\"center\">%3 – %4</td><td "
                               "align=\"right\">%5</td></tr>")
                    .arg(f.title.toHtmlEscaped(),
                         v != r.figures.end() ? GraphOutcomeTiles::formatValue(v->second) : QStringLiteral("–"),
                         GraphOutcomeTiles::formatValue(GraphWhatIfState::valueOf(band_->p10, f)),
                         GraphOutcomeTiles::formatValue(GraphWhatIfState::valueOf(band_->p90, f)),
                         b != r.baseline_figures.end() ? GraphOutcomeTiles::formatValue(b->second) : QStringLiteral("–"));
    }
    text += QStringLiteral("</table>");
    summary_->setText(text);
    QString notes = tr("%1 evaluations of the twin.").arg(r.evaluations);
    if (!r.constraints_met)
        notes += QStringLiteral("<br><span style=\"color:#c62828\">%1</span>")
                    .arg(tr("Constraints not met: %1").arg(toQString(r.message)).toHtmlEscaped());
    // A limit met on the fitted twin can still break in one horizon in ten.
    risks_.clear();
    for (const auto& c : r.constraints) {
        const GraphFigure* figure = nullptr;
        for (const auto& f : figures)
            if (GraphWhatIfState::figureKey(f) == c.constraint.kpi) figure = &f;
        if (figure == nullptr || c.constraint.probability) continue;
        const double p = GraphWhatIfState::valueOf(c.constraint.at_most ? band_->p90 : band_->p10, *figure);
        if (!std::isfinite(p) || (c.constraint.at_most ? p <= c.constraint.value : p >= c.constraint.value)) continue;
        risks_ << (c.constraint.at_most ? tr("P90 of %1 (%2) is above its limit %3: one horizon in ten or more breaks it.")
                                        : tr("P10 of %1 (%2) is below its limit %3: one horizon in ten or more breaks it."))
                      .arg(figure->title, GraphOutcomeTiles::formatValue(p), GraphOutcomeTiles::formatValue(c.constraint.value));
    }
    // Where the answer leans on little data: a setting beyond the data's P1-P99, and the
    // engine's own warnings (untrusted models).
    QStringList warnings;
    for (const auto& [name, value] : r.settings) {
        const auto* c = state_.control(name);
        if (c == nullptr || (value >= c->p01 && value <= c->p99)) continue;
        warnings << tr("%1 %2 lies beyond the data's %3 (%4): the plant seldom ran there.")
                     .arg(toQString(name), QString::number(value, 'f', c->decimals),
                          value > c->p99 ? tr("99th percentile") : tr("1st percentile"),
                          QString::number(value > c->p99 ? c->p99 : c->p01, 'f', c->decimals));
    }
    for (const auto& w : r.warnings) warnings << toQString(w);
    for (const auto& w : risks_ + warnings)
        notes += QStringLiteral("<br><span style=\"color:#b26a00\">&#9888; %1</span>").arg(w.toHtmlEscaped());
    notes_->setText(notes);
    apply_->setEnabled(true);
}

void GraphOptimizerPanel::apply() {
    if (!result_ || !state_.isLoaded()) return;
    state_.changeControls(result_->settings, tr("Apply the optimiser's settings"));
    emit settingsApplied();
}

}  // namespace twinbench::ui
