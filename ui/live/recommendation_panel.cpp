#include "ui/live/recommendation_panel.h"

#include <cmath>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "common/error.h"
#include "live/recommendation_publisher.h"
#include "ui/app/background_job.h"
#include "ui/app/live_jobs.h"
#include "ui/app/qt_strings.h"
#include "ui/widgets/job_progress_widget.h"

namespace twinbench::ui {
namespace {

QString number(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 5) : QStringLiteral("–");
}

}  // namespace

RecommendationPanel::RecommendationPanel(QWidget* parent)
    : QWidget(parent),
      objective_(new QComboBox(this)),
      direction_(new QComboBox(this)),
      constraints_(new QLineEdit(this)),
      horizon_(new QDoubleSpinBox(this)),
      seed_(new QSpinBox(this)),
      recommend_(new QPushButton(tr("Recommend settings"), this)),
      progress_(new JobProgressWidget(this)),
      settings_(new QTableWidget(0, 4, this)),
      summary_(new QLabel(this)),
      target_(new QComboBox(this)),
      where_(new QLineEdit(this)),
      reason_(new QLineEdit(this)),
      approve_(new QPushButton(tr("Approve and publish"), this)),
      reject_(new QPushButton(tr("Reject"), this)),
      status_(new QLabel(this)),
      engineer_([] { return RecommendationPanel::tr("engineer"); }) {
    objective_->setEditable(true);
    objective_->setToolTip(tr("An output or KPI of the process"));
    direction_->addItems({tr("minimise"), tr("maximise")});
    constraints_->setPlaceholderText(
        tr("constraints, e.g. Outlet air temp>=75, Residual moisture<=3.5"));
    horizon_->setRange(0.25, 168.0);
    horizon_->setValue(4.0);
    horizon_->setSuffix(tr(" h"));
    horizon_->setToolTip(
        tr("The latest hours of data the settings are judged over, disturbances as recorded"));
    seed_->setRange(1, 1000000);
    seed_->setToolTip(tr(
        "Seed of the Monte Carlo runs behind chance constraints; logged with the recommendation"));
    settings_->setHorizontalHeaderLabels({tr("Setting"), tr("Now"), tr("Recommended"), tr("Unit")});
    settings_->verticalHeader()->setVisible(false);
    settings_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    settings_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    settings_->horizontalHeader()->setStretchLastSection(true);
    settings_->setMaximumHeight(150);
    summary_->setWordWrap(true);
    status_->setWordWrap(true);
    summary_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    target_->addItems({tr("Append to CSV file"), tr("Publish to MQTT topic")});
    where_->setPlaceholderText(tr("file, or HOST:PORT/TOPIC"));
    reason_->setPlaceholderText(tr("reason (logged with a rejection)"));
    approve_->setToolTip(
        tr("Publishes these settings where configured and logs the approval. Nothing is "
           "published without it."));

    auto* ask = new QHBoxLayout;
    ask->addWidget(direction_);
    ask->addWidget(objective_, 1);
    auto* run = new QHBoxLayout;
    run->addWidget(new QLabel(tr("over the last"), this));
    run->addWidget(horizon_);
    run->addWidget(new QLabel(tr("seed"), this));
    run->addWidget(seed_);
    run->addStretch();
    run->addWidget(recommend_);
    auto* publish = new QHBoxLayout;
    publish->addWidget(target_);
    publish->addWidget(where_, 1);
    auto* decide = new QHBoxLayout;
    decide->addWidget(reason_, 1);
    decide->addWidget(reject_);
    decide->addWidget(approve_);
    auto* form = new QFormLayout;
    form->addRow(tr("Objective"), ask);
    form->addRow(tr("Keep"), constraints_);
    form->addRow(QString(), run);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(settings_);
    layout->addWidget(summary_);
    layout->addLayout(publish);
    layout->addLayout(decide);
    layout->addWidget(status_);
    layout->addStretch();

    connect(recommend_, &QPushButton::clicked, this, [this] { recommend(); });
    connect(approve_, &QPushButton::clicked, this, [this] { approve(); });
    connect(reject_, &QPushButton::clicked, this, [this] { reject(); });
    updateButtons();
}

RecommendationPanel::~RecommendationPanel() = default;

void RecommendationPanel::setProject(const QString& projectPath, const QString& dataset,
                                     const QString& timeZone, const QStringList& objectives) {
    projectPath_ = projectPath;
    dataset_ = dataset;
    timeZone_ = timeZone;
    const QString current = objective_->currentText();
    objective_->clear();
    objective_->addItems(objectives);
    if (!current.isEmpty() && objectives.contains(current)) objective_->setCurrentText(current);
    updateButtons();
}

void RecommendationPanel::setTarget(Target target, const QString& where) {
    target_->setCurrentIndex(target == Target::csv ? 0 : 1);
    where_->setText(where);
}

void RecommendationPanel::updateButtons() {
    const bool busy = job_ != nullptr;
    recommend_->setEnabled(!busy && !projectPath_.isEmpty());
    approve_->setEnabled(!busy && pending_.has_value());
    reject_->setEnabled(!busy && pending_.has_value());
}

BackgroundJob* RecommendationPanel::track(BackgroundJob* job, std::function<void()> done) {
    job_ = job;
    connect(job, &BackgroundJob::succeeded, this, [done = std::move(done)] { done(); });
    connect(job, &BackgroundJob::failed, this, &RecommendationPanel::failed);
    connect(job, &BackgroundJob::finished, this, [this] {
        job_ = nullptr;
        updateButtons();
    });
    progress_->track(job);
    updateButtons();
    return job;
}

BackgroundJob* RecommendationPanel::recommend() {
    twinbench::RecommendationRequest request;
    request.objective = toUtf8(objective_->currentText().trimmed());
    request.maximize = direction_->currentIndex() == 1;
    request.horizon_h = horizon_->value();
    request.seed = static_cast<std::uint64_t>(seed_->value());
    try {
        if (request.objective.empty())
            throw twinbench::UsageError("choose the output or KPI to optimise");
        for (const QString& part : constraints_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            request.constraints.push_back(
                twinbench::parse_constraint(toUtf8(part.trimmed()), false));
    } catch (const twinbench::Error& e) {
        emit failed(toQString(e.what()));
        return nullptr;
    }
    if (job_ || projectPath_.isEmpty()) return nullptr;
    auto out = std::make_shared<twinbench::Recommendation>();
    return track(startRecommendation(projectPath_, dataset_, request, out, this), [this, out] {
        pending_ = *out;
        status_->setText(tr("Recommendation %1 waits for your decision: nothing is published until "
                            "you approve it.")
                             .arg(out->id));
        showPending();
        emit decided(QStringLiteral("recommended"));
    });
}

void RecommendationPanel::showPending() {
    settings_->setRowCount(0);
    if (!pending_) {
        summary_->clear();
        return;
    }
    const auto& r = *pending_;
    for (const auto& [name, value] : r.settings) {
        const int row = settings_->rowCount();
        settings_->insertRow(row);
        const auto now = r.baseline_settings.find(name);
        const auto unit = r.units.find(name);
        const QString cells[] = {
            toQString(name), number(now == r.baseline_settings.end() ? NAN : now->second),
            number(value), unit == r.units.end() ? QString() : toQString(unit->second)};
        for (int c = 0; c < 4; ++c) settings_->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    summary_->setText(
        tr("%1 %2: %3 (now %4); constraints %5. Model %6, seed %7.")
            .arg(r.maximize ? tr("Maximises") : tr("Minimises"), toQString(r.objective),
                 number(r.objective_value), number(r.baseline_objective),
                 r.constraints_met ? tr("met") : tr("NOT met (%1)").arg(toQString(r.message)),
                 toQString(r.model_version))
            .arg(r.seed));
}

BackgroundJob* RecommendationPanel::approve() {
    if (!pending_ || job_) return nullptr;
    RecommendationDecision decision;
    decision.approve = true;
    decision.by = engineer_();
    decision.timeZone = timeZone_;
    twinbench::PublishTarget& target = decision.target;
    const QString where = where_->text().trimmed();
    if (where.isEmpty()) {
        emit failed(tr("Say where approved settings go: a CSV file or an MQTT HOST:PORT/TOPIC."));
        return nullptr;
    }
    if (target_->currentIndex() == 0)
        target.csv = toPath(where);
    else
        target.mqtt = toUtf8(where);
    return track(startDecision(projectPath_, *pending_, decision, this), [this, where] {
        status_->setText(
            tr("Recommendation %1 approved and published to %2.").arg(pending_->id).arg(where));
        pending_.reset();
        emit decided(QStringLiteral("approved"));
    });
}

BackgroundJob* RecommendationPanel::reject() {
    if (!pending_ || job_) return nullptr;
    RecommendationDecision decision;
    decision.by = engineer_();
    decision.reason = reason_->text().trimmed();
    return track(startDecision(projectPath_, *pending_, decision, this), [this] {
        status_->setText(
            tr("Recommendation %1 rejected; nothing was published.").arg(pending_->id));
        pending_.reset();
        reason_->clear();
        emit decided(QStringLiteral("rejected"));
    });
}

}  // namespace twinbench::ui
