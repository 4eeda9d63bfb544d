#include "ui/live/live_alerts_panel.h"

#include <cmath>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/app/background_job.h"
#include "ui/app/live_jobs.h"
#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"

namespace twinbench::ui {
namespace {

QString alertNumber(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 4) : QStringLiteral("–");
}

QString userName() {
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? QObject::tr("engineer") : user;
}

}  // namespace

LiveAlertsPanel::LiveAlertsPanel(QWidget* parent)
    : QWidget(parent),
      table_(new QTableWidget(0, 7, this)),
      protocol_(new QLabel(this)),
      by_(new QLineEdit(userName(), this)),
      note_(new QLineEdit(this)),
      acknowledge_(new QPushButton(tr("Acknowledge"), this)),
      annotate_(new QPushButton(tr("Add note"), this)) {
    table_->setHorizontalHeaderLabels({tr("Time"), tr("Signal"), tr("Kind"), tr("Value"),
                                       tr("Expected"), tr("Since"), tr("State")});
    table_->horizontalHeaderItem(expectedColumn)
        ->setToolTip(tr("The twin's prediction; for a limit alert the limit"));
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    protocol_->setWordWrap(true);
    protocol_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    by_->setToolTip(tr("Who acknowledges: stored with the acknowledgement"));
    by_->setMaximumWidth(140);
    note_->setPlaceholderText(tr("note (what was checked, who was called)"));
    for (auto* b : {acknowledge_, annotate_}) b->setEnabled(false);

    auto* actions = new QHBoxLayout;
    actions->addWidget(new QLabel(tr("By"), this));
    actions->addWidget(by_);
    actions->addWidget(note_, 1);
    actions->addWidget(acknowledge_);
    actions->addWidget(annotate_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addWidget(protocol_);
    layout->addLayout(actions);

    connect(table_, &QTableWidget::itemSelectionChanged, this, &LiveAlertsPanel::showProtocol);
    connect(acknowledge_, &QPushButton::clicked, this, [this] { acknowledgeSelected(); });
    connect(annotate_, &QPushButton::clicked, this, [this] { annotateSelected(); });
}

void LiveAlertsPanel::setProject(const QString& projectPath, const QString& dataset,
                                 const QTimeZone& zone) {
    projectPath_ = projectPath;
    dataset_ = dataset;
    zone_ = zone;
}

void LiveAlertsPanel::clear() {
    table_->setRowCount(0);
    alerts_.clear();
    protocol_->clear();
    emit alertCountChanged(0);
}

int LiveAlertsPanel::rowOf(std::int64_t alertId) const {
    for (std::size_t r = 0; r < alerts_.size(); ++r)
        if (alerts_[r].alert_id == alertId) return static_cast<int>(r);
    return -1;
}

std::int64_t LiveAlertsPanel::alertIdAt(int row) const {
    return row >= 0 && row < static_cast<int>(alerts_.size())
               ? alerts_[static_cast<std::size_t>(row)].alert_id
               : 0;
}

void LiveAlertsPanel::addEvents(const std::vector<twinbench::AlertEvent>& events) {
    using Type = twinbench::AlertEventType;
    for (const auto& e : events) {
        if (e.type == Type::alert) {
            const int row = table_->rowCount();
            table_->insertRow(row);
            alerts_.push_back(e);
            const QString against = e.kind == "limit"
                                        ? tr("limit %1").arg(alertNumber(e.band))
                                        : tr("%1 ± %2").arg(alertNumber(e.expected), alertNumber(e.band));
            const QString cells[] = {formatTime(e.time_s, zone_),
                                     toQString(e.signal),
                                     toQString(e.kind),
                                     alertNumber(e.value),
                                     against,
                                     formatTime(e.since_s, zone_),
                                     tr("open")};
            for (int c = 0; c < 7; ++c) table_->setItem(row, c, new QTableWidgetItem(cells[c]));
            continue;
        }
        const int row = rowOf(e.alert_id);
        if (row < 0) continue;
        auto* state = table_->item(row, stateColumn);
        if (e.type == Type::cleared)
            state->setText(tr("cleared %1").arg(formatTime(e.time_s, zone_)) +
                           (state->text().startsWith(tr("acknowledged"))
                                ? QStringLiteral(", ") + state->text()
                                : QString()));
        else if (e.type == Type::acknowledged)
            state->setText(tr("acknowledged by %1").arg(toQString(e.by)));
        else if (e.type == Type::annotated)
            state->setToolTip(state->toolTip() +
                              (state->toolTip().isEmpty() ? QString() : QStringLiteral("\n")) +
                              tr("%1: %2").arg(toQString(e.by), toQString(e.note)));
    }
    int open = 0;
    for (int r = 0; r < table_->rowCount(); ++r)
        open += table_->item(r, stateColumn)->text() == tr("open") ? 1 : 0;
    emit alertCountChanged(open);
}

void LiveAlertsPanel::showProtocol() {
    const int row = table_->currentRow();
    const bool selected = row >= 0 && row < static_cast<int>(alerts_.size()) &&
                          table_->selectionModel()->hasSelection();
    for (auto* b : {acknowledge_, annotate_}) b->setEnabled(selected);
    if (!selected) {
        protocol_->clear();
        return;
    }
    const auto& a = alerts_[static_cast<std::size_t>(row)];
    protocol_->setText(
        a.protocol.empty()
            ? tr("<b>%1</b>: no response protocol set for this rule yet")
                  .arg(toQString(a.rule).toHtmlEscaped())
            : tr("<b>%1</b>: %2")
                  .arg(toQString(a.rule).toHtmlEscaped(), toQString(a.protocol).toHtmlEscaped()));
}

BackgroundJob* LiveAlertsPanel::acknowledgeSelected() {
    return record(twinbench::AlertEventType::acknowledged);
}

BackgroundJob* LiveAlertsPanel::annotateSelected() {
    return record(twinbench::AlertEventType::annotated);
}

BackgroundJob* LiveAlertsPanel::record(twinbench::AlertEventType type) {
    const int row = table_->currentRow();
    const std::int64_t id = alertIdAt(row);
    if (id == 0 || projectPath_.isEmpty() || job_) return nullptr;
    if (type == twinbench::AlertEventType::annotated && note_->text().trimmed().isEmpty()) {
        emit failed(tr("Write the note first, then Add note."));
        return nullptr;
    }
    const std::string by = toUtf8(by_->text().trimmed()), note = toUtf8(note_->text().trimmed());
    const double at = latestUtc_;
    auto* job = startAlertNote(projectPath_, dataset_, type, id, at, by_->text().trimmed(),
                               note_->text().trimmed(), this);
    job_ = job;
    connect(job, &BackgroundJob::succeeded, this, [this, type, id, by, note, at] {
        twinbench::AlertEvent e = alerts_[static_cast<std::size_t>(rowOf(id))];
        e.type = type;
        e.by = by;
        e.note = note;
        e.time_s = at;
        addEvents({e});
        note_->clear();
    });
    connect(job, &BackgroundJob::failed, this, &LiveAlertsPanel::failed);
    return job;
}

}  // namespace twinbench::ui
