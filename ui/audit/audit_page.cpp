#include "ui/audit/audit_page.h"

#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/score_badge.h"

namespace twinbench::ui {

AuditPage::AuditPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      run_(new QPushButton(tr("Run audit again"), this)),
      progress_(new JobProgressWidget(this)),
      banner_(new MessageBanner(this)),
      score_(new ScoreBadge(this)),
      summary_(new QLabel(this)),
      reasons_(new QListWidget(this)),
      tabs_(new QTabWidget(this)),
      columns_(new QTableWidget(this)),
      findings_(new QTableWidget(this)),
      envelope_(new QTableWidget(this)) {
    auto* title = new QLabel(tr("<h2>Data audit</h2>"), this);
    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(progress_);
    header->addWidget(run_);

    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    reasons_->setWordWrap(true);
    reasons_->setToolTip(tr("Every point the score lost, largest first"));
    auto* scoreColumn = new QVBoxLayout;
    scoreColumn->addWidget(score_, 0, Qt::AlignLeft);
    scoreColumn->addWidget(summary_);
    auto* top = new QHBoxLayout;
    top->addLayout(scoreColumn, 0);
    top->addSpacing(16);
    auto* reasonsBox = new QVBoxLayout;
    reasonsBox->addWidget(new QLabel(tr("<b>Why points were lost</b>"), this));
    reasonsBox->addWidget(reasons_, 1);
    top->addLayout(reasonsBox, 1);

    tabs_->addTab(columns_, tr("Columns"));
    tabs_->addTab(findings_, tr("Gaps and stuck sensors"));
    tabs_->addTab(envelope_, tr("Operating envelope"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 12, 20, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addWidget(banner_);
    layout->addLayout(top);
    layout->addWidget(tabs_, 1);
    // The score block is compact; the tables get the height.
    reasons_->setMaximumHeight(score_->sizeHint().height() * 2);

    connect(run_, &QPushButton::clicked, this, &AuditPage::runAudit);
    connect(findings_, &QTableWidget::cellClicked, this, [this](int row, int) { activateFinding(row); });
    connect(columns_, &QTableWidget::cellClicked, this, [this](int row, int) { activateColumn(row); });
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &AuditPage::runAudit);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, &AuditPage::runAudit);
    runAudit();
}

void AuditPage::runAudit() {
    retire_job(job_, this);
    banner_->clear();
    const auto table = document_.table();
    if (table->row_count() == 0) {
        clearReport();
        run_->setEnabled(false);
        return;
    }
    twinbench::AuditOptions options;
    if (const auto* dataset = document_.dataset()) {
        options.rows_rejected = dataset->rows_rejected;
        options.running_label = dataset->running_state;
    }
    auto result = std::make_shared<twinbench::AuditReport>();
    job_ = new BackgroundJob(
        tr("Auditing"),
        // The table is shared, not copied: a newer dataset replaces the document's pointer,
        // never the rows this audit reads.
        [table, options, result](const twinbench::ProgressCallback&) { *result = twinbench::audit_table(*table, options); },
        this);
    progress_->track(job_);
    run_->setEnabled(false);
    connect(job_.data(), &BackgroundJob::succeeded, this, [this, result] { showReport(*result); });
    connect(job_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        clearReport();
        banner_->showMessage(MessageBanner::Kind::error, tr("The audit failed: %1").arg(message));
    });
    connect(job_.data(), &BackgroundJob::finished, this, [this] {
        job_->deleteLater();
        job_ = nullptr;
        run_->setEnabled(true);
        emit auditFinished();
    });
    job_->start();
}

void AuditPage::clearReport() {
    report_.reset();
    findingList_.clear();
    score_->setScore(std::nan(""));
    summary_->setText(tr("Open a project with data to audit it."));
    reasons_->clear();
    columns_->setRowCount(0);
    findings_->setRowCount(0);
    envelope_->setRowCount(0);
}

void AuditPage::showReport(const twinbench::AuditReport& report) {
    report_ = report;
    const QTimeZone zone = document_.timeZone();
    const QLocale locale;
    score_->setScore(report.score);
    QStringList facts;
    facts << tr("%1 rows audited").arg(locale.toString(static_cast<qulonglong>(report.rows)));
    if (report.has_time) {
        facts << formatRange(report.start_s, report.end_s, zone);
        facts << tr("sampling every %1").arg(formatDuration(report.sampling_interval_s));
        facts << tr("%n gap(s), %1 in total", nullptr, static_cast<int>(report.gaps.size())).arg(formatDuration(report.gap_total_s));
        if (report.duplicate_timestamps > 0)
            facts << tr("%n duplicate timestamp(s)", nullptr, static_cast<int>(report.duplicate_timestamps));
        if (report.non_monotonic_timestamps > 0)
            facts << tr("%n timestamp(s) going backwards", nullptr, static_cast<int>(report.non_monotonic_timestamps));
    }
    if (report.rows_rejected > 0)
        facts << tr("%n row(s) rejected at import", nullptr, static_cast<int>(report.rows_rejected));
    summary_->setText(facts.join(QLatin1Char('\n')));

    reasons_->clear();
    for (const auto& reason : report.reasons()) reasons_->addItem(toQString(reason));
    if (reasons_->count() == 0) reasons_->addItem(tr("No findings: the data is clean."));

    findingList_ = collectFindings(report);
    fillColumnTable(columns_, report);
    fillFindingsTable(findings_, findingList_, zone);
    fillEnvelopeTable(envelope_, report);
    tabs_->setTabText(1, tr("Gaps and stuck sensors (%1)").arg(findingList_.size()));
    tabs_->setTabToolTip(2, tr("Where the controls were operated, over %1").arg(toQString(report.envelope_basis)));
}

void AuditPage::activateFinding(int row) {
    if (row < 0 || row >= static_cast<int>(findingList_.size())) return;
    const auto& f = findingList_[static_cast<std::size_t>(row)];
    emit timeRangeRequested(f.startUtc, f.endUtc, f.column);
}

void AuditPage::activateColumn(int row) {
    if (!report_ || row < 0 || row >= static_cast<int>(report_->columns.size())) return;
    const auto& c = report_->columns[static_cast<std::size_t>(row)];
    if (c.flatline_ranges.empty()) return;
    const auto longest = std::max_element(c.flatline_ranges.begin(), c.flatline_ranges.end(), [](const auto& a, const auto& b) {
        return a.end_s - a.start_s < b.end_s - b.start_s;
    });
    emit timeRangeRequested(longest->start_s, longest->end_s, toQString(c.name));
}

}  // namespace twinbench::ui
