#include "ui/explain/explain_page.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/explain/cause_evidence_chart.h"
#include "ui/explain/excursion_chart.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {
namespace {

QString figure(double v) {
    if (std::isinf(v)) return v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    return std::isfinite(v) ? QString::number(v, 'g', 3) : QStringLiteral("–");
}

QString pText(double p) { return p < 1e-4 ? QStringLiteral("< 0.0001") : QString::number(p, 'f', 4); }

QString percent(double share) { return QStringLiteral("%1 %").arg(qRound(100.0 * share)); }

QTableWidgetItem* numberItem(const QString& text, double value) {
    auto* item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString utcIso(double utc) {
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(std::llround(utc)), QTimeZone::utc()).toString(Qt::ISODate);
}

}  // namespace

QString explainMessageInPageWords(const QString& engineMessage) {
    QString m = engineMessage;
    m.replace(QRegularExpression(QStringLiteral("--window '[^']*'")), QStringLiteral("The time window"));
    m.replace(QRegularExpression(QStringLiteral("--window")), QStringLiteral("A time window"));
    m.replace(QRegularExpression(QStringLiteral("--output (\\S+?):")), QStringLiteral("Output \\1:"));
    m.replace(QRegularExpression(QStringLiteral("--condition")), QStringLiteral("a condition"));
    m.replace(QStringLiteral("; run `fit` (or map it as an output) first"),
              QStringLiteral("; fit the models on the Models page first"));
    m.replace(QStringLiteral("write e.g. 2026-03-02T06:00..2026-03-09"), QStringLiteral("pick a start and an end"));
    m.replace(QStringLiteral("run `fit`"), QStringLiteral("fit the models on the Models page"));
    if (!m.isEmpty()) m[0] = m[0].toUpper();
    return m;
}

ExplainPage::ExplainPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      banner_(new MessageBanner(this)),
      pick_(new QComboBox(this)),
      pickEditors_(new QStackedWidget(this)),
      from_(new QDateTimeEdit(this)),
      to_(new QDateTimeEdit(this)),
      condition_(new QComboBox(this)),
      output_(new QComboBox(this)),
      run_(new QPushButton(tr("Explain"), this)),
      summary_(new QLabel(this)),
      process_(new QLabel(this)),
      causes_(new QTableWidget(0, 8, this)),
      cause_(new QLabel(this)),
      chart_(new ExcursionChart(this)),
      evidence_(new CauseEvidenceChart(this)) {
    auto* title = new QLabel(tr("<h2>Why did it happen?</h2>Pick what went wrong; the likely causes are ranked "
                                "against the rest of the data, controlling for what the process settings "
                                "already explain."),
                             this);
    title->setWordWrap(true);
    // The page must not widen the window: the chart and the table shrink, the title wraps.
    pickEditors_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    summary_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    process_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    cause_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    pick_->addItem(tr("A time window"), static_cast<int>(Pick::window));
    pick_->addItem(tr("A condition"), static_cast<int>(Pick::condition));
    pick_->addItem(tr("Output above its band"), static_cast<int>(Pick::band));
    for (auto* edit : {from_, to_}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
    }
    auto* window = new QWidget(this);
    auto* windowLayout = new QHBoxLayout(window);
    windowLayout->setContentsMargins(0, 0, 0, 0);
    windowLayout->addWidget(new QLabel(tr("from"), window));
    windowLayout->addWidget(from_);
    windowLayout->addWidget(new QLabel(tr("to"), window));
    windowLayout->addWidget(to_);
    window->setToolTip(tr("In the plant's time; or drag across the chart"));
    windowLayout->addStretch();
    condition_->setEditable(true);
    condition_->setToolTip(tr("A stored condition, or a rule such as Humidity > 60"));
    auto* band = new QLabel(tr("where the output is above its model's band"), this);
    pickEditors_->addWidget(window);
    pickEditors_->addWidget(condition_);
    pickEditors_->addWidget(band);
    connect(pick_, &QComboBox::currentIndexChanged, pickEditors_, &QStackedWidget::setCurrentIndex);

    auto* form = new QFormLayout;
    form->addRow(tr("Output"), output_);
    auto* pickRow = new QHBoxLayout;
    pickRow->addWidget(pick_);
    pickRow->addWidget(pickEditors_, 1);
    pickRow->addWidget(run_);
    form->addRow(tr("What went wrong"), pickRow);

    summary_->setWordWrap(true);
    process_->setWordWrap(true);
    process_->setObjectName(QStringLiteral("processShare"));
    cause_->setWordWrap(true);
    cause_->setMinimumHeight(cause_->fontMetrics().lineSpacing() * 4);
    cause_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    causes_->setHorizontalHeaderLabels({tr("Rank"), tr("Cause"), tr("Kind"), tr("Lift"), tr("Share explained"),
                                        tr("p"), tr("p given the others"), tr("Supported")});
    causes_->horizontalHeaderItem(pColumn)->setToolTip(tr("Fisher's exact test, one-sided"));
    causes_->horizontalHeaderItem(conditionalPColumn)
        ->setToolTip(tr("Mantel-Haenszel, within strata of the twin's prediction and of the other likely causes"));
    causes_->horizontalHeaderItem(shareColumn)
        ->setToolTip(tr("The share of the excursion the cause accounts for beyond its usual frequency"));
    causes_->verticalHeader()->setVisible(false);
    causes_->setSelectionBehavior(QAbstractItemView::SelectRows);
    causes_->setSelectionMode(QAbstractItemView::SingleSelection);
    causes_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    causes_->horizontalHeader()->setSectionResizeMode(causeColumn, QHeaderView::Stretch);

    auto* results = new QWidget(this);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addWidget(summary_);
    resultsLayout->addWidget(process_);
    resultsLayout->addWidget(causes_, 1);
    auto* causeRow = new QHBoxLayout;
    causeRow->addWidget(cause_, 1);
    causeRow->addWidget(evidence_);
    resultsLayout->addLayout(causeRow);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chart_);
    split->addWidget(results);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(banner_);
    layout->addLayout(form);
    layout->addWidget(split, 1);

    connect(run_, &QPushButton::clicked, this, [this] { explain(); });
    connect(output_, &QComboBox::currentIndexChanged, this, [this] { showOutput(); });
    connect(chart_, &ExcursionChart::windowDragged, this, &ExplainPage::pickWindow);
    connect(causes_, &QTableWidget::currentCellChanged, this, [this](int row) { showCause(row); });
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &ExplainPage::reload);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, &ExplainPage::reload);
    connect(&document_, &WorkbenchDocument::modelsStored, this, &ExplainPage::reload);
    reload();
}

void ExplainPage::reload() {
    retire_job(job_, this);
    result_.reset();
    excursion_.clear();
    causes_->setRowCount(0);
    summary_->clear();
    process_->clear();
    cause_->clear();
    evidence_->clear();
    banner_->clear();
    const auto table = document_.table();
    const QString current = output_->currentText();
    output_->blockSignals(true);
    output_->clear();
    QStringList outputs;
    for (const auto& model : document_.storedOutputModels()) outputs << toQString(model->output());
    for (const auto& c : table->columns)
        if ((c.role == twinbench::Role::output || c.role == twinbench::Role::scrap || c.role == twinbench::Role::defect) &&
            !outputs.contains(toQString(c.name)))
            outputs << toQString(c.name);
    output_->addItems(outputs);
    if (outputs.contains(current)) output_->setCurrentText(current);
    output_->blockSignals(false);
    condition_->clear();
    for (const auto& c : document_.conditions()) condition_->addItem(toQString(c.name), toQString(c.rule));
    if (table->has_time()) {
        // The edits hold the plant's wall clock without a zone (Qt 6.4 has no per-edit zone).
        const QDateTime first = wallClock(table->time_s.front()), last = wallClock(table->time_s.back() + 1.0);
        for (auto* edit : {from_, to_}) edit->setDateTimeRange(first, last);
        from_->setDateTime(std::max(first, last.addDays(-1)));
        to_->setDateTime(last);
    }
    run_->setEnabled(document_.hasDataset());
    if (!document_.hasDataset())
        banner_->showMessage(MessageBanner::Kind::info, tr("Import data first: the Import page turns plant exports into a dataset."));
    showOutput();
}

void ExplainPage::showOutput() {
    chart_->showOutput(*document_.table(), output_->currentText(), document_.timeZone());
    if (result_) chart_->showExcursion(excursion_);
}

QDateTime ExplainPage::wallClock(double utc) const {
    const QDateTime t = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(std::llround(utc)), document_.timeZone());
    return {t.date(), t.time()};
}

void ExplainPage::pickWindow(double startUtc, double endUtc) {
    from_->setDateTime(wallClock(startUtc));
    to_->setDateTime(wallClock(endUtc));
    pick_->setCurrentIndex(static_cast<int>(Pick::window));
}

void ExplainPage::pickCondition(const QString& nameOrRule) {
    condition_->setCurrentText(nameOrRule);
    pick_->setCurrentIndex(static_cast<int>(Pick::condition));
}

void ExplainPage::pickOutputBand(const QString& output) {
    output_->setCurrentText(output);
    pick_->setCurrentIndex(static_cast<int>(Pick::band));
}

BackgroundJob* ExplainPage::explain() {
    banner_->clear();
    twinbench::ExplainRequest request;
    const auto pick = static_cast<Pick>(pick_->currentIndex());
    switch (pick) {
        case Pick::window: {
            const QTimeZone zone = document_.timeZone();
            const auto start = static_cast<double>(QDateTime(from_->date(), from_->time(), zone).toSecsSinceEpoch());
            const auto end = static_cast<double>(QDateTime(to_->date(), to_->time(), zone).toSecsSinceEpoch());
            if (!(end > start)) {
                fail(tr("The window's end must come after its start."));
                return nullptr;
            }
            request.window = toUtf8(utcIso(start) + QStringLiteral("..") + utcIso(end));
            break;
        }
        case Pick::condition: {
            const QString text = condition_->currentText().trimmed();
            if (text.isEmpty()) {
                fail(tr("Pick a stored condition or type a rule such as Humidity > 60."));
                return nullptr;
            }
            request.condition = toUtf8(text);
            break;
        }
        case Pick::band:
            if (output_->currentText().isEmpty()) {
                fail(tr("The dataset has no output; give a column the role output on the Data page."));
                return nullptr;
            }
            request.output = toUtf8(output_->currentText());
            break;
    }
    retire_job(job_, this);
    auto result = std::make_shared<twinbench::ExplainResult>();
    auto rows = std::make_shared<std::vector<std::uint8_t>>();
    QString error;
    job_ = document_.startExplain(request, result, this, &error, rows);
    if (!job_) {
        fail(error);
        return nullptr;
    }
    run_->setEnabled(false);
    summary_->setText(tr("Explaining…"));
    connect(job_, &BackgroundJob::succeeded, this, [this, result, rows] {
        result_ = std::move(*result);
        excursion_ = std::move(*rows);
        // The chart shows what was explained: a window or a condition explains the outcome
        // the engine chose (the scrap rate, say), whichever output the box showed before.
        const QString outcome = toQString(result_->excursion.outcome);
        if (output_->findText(outcome) >= 0 && output_->currentText() != outcome) {
            const QSignalBlocker quiet(output_);
            output_->setCurrentText(outcome);
            showOutput();
        }
        showResult();
    });
    connect(job_, &BackgroundJob::failed, this, [this](const QString& message) {
        summary_->clear();
        fail(explainMessageInPageWords(message));
    });
    connect(job_, &BackgroundJob::finished, this, [this] { run_->setEnabled(document_.hasDataset()); });
    job_->start();
    return job_;
}

void ExplainPage::fail(const QString& message) { banner_->showMessage(MessageBanner::Kind::error, message); }

void ExplainPage::showResult() {
    const auto& r = *result_;
    const auto& e = r.excursion;
    QString summary = tr("Excursion: %1, %2 rows against %3 reference rows.")
                          .arg(toQString(e.description))
                          .arg(e.rows)
                          .arg(e.reference_rows);
    if (e.value && e.reference_value)
        summary += tr(" %1 %2 %3 against %4.")
                       .arg(toQString(e.outcome), toQString(e.measure), figure(*e.value), figure(*e.reference_value));
    summary_->setText(summary);
    if (r.explained_by_process)
        process_->setText((*r.explained_by_process >= 0.05 ? tr("The process settings already explain %1 of it%2.")
                                                            : tr("The process settings explain only %1 of it%2: the "
                                                                 "cause lies outside them."))
                              .arg(percent(*r.explained_by_process),
                                   e.predicted_value && e.predicted_reference_value
                                       ? tr(" (the twin predicts %1 against %2)")
                                             .arg(figure(*e.predicted_value), figure(*e.predicted_reference_value))
                                       : QString()));
    else
        process_->setText(tr("The twin has no prediction of this outcome, so the share the process settings explain "
                             "is not known."));
    causes_->setRowCount(0);
    causes_->setRowCount(static_cast<int>(r.causes.size()));
    for (int i = 0; i < static_cast<int>(r.causes.size()); ++i) {
        const auto& c = r.causes[static_cast<std::size_t>(i)];
        causes_->setItem(i, rankColumn, numberItem(QString::number(i + 1), i + 1));
        auto* name = new QTableWidgetItem(toQString(c.name));
        name->setToolTip(toQString(c.verdict));
        causes_->setItem(i, causeColumn, name);
        causes_->setItem(i, kindColumn,
                         new QTableWidgetItem(c.kind == "signal" ? tr("signal") : tr("context")));
        causes_->setItem(i, liftColumn, numberItem(figure(c.lift), c.lift));
        causes_->setItem(i, shareColumn, numberItem(percent(c.share_explained), c.share_explained));
        causes_->setItem(i, pColumn, numberItem(pText(c.p_value), c.p_value));
        causes_->setItem(i, conditionalPColumn, numberItem(pText(c.conditional_p_value), c.conditional_p_value));
        causes_->setItem(i, supportedColumn, new QTableWidgetItem(c.supported ? tr("yes") : tr("no")));
    }
    causes_->resizeColumnsToContents();
    if (r.causes.empty())
        cause_->setText(tr("No label or signal stands out in the excursion (%1 candidates tested).").arg(r.candidates_tested));
    else
        cause_->setText(tr("Pick a cause to see where it ran on the time axis."));
    for (const auto& note : r.notes) cause_->setText(cause_->text() + QStringLiteral("\n") + toQString(note));
    chart_->clearCause();
    evidence_->clear();
    chart_->showExcursion(excursion_);
}

void ExplainPage::showCause(int row) {
    if (!result_ || row < 0 || row >= static_cast<int>(result_->causes.size())) {
        chart_->clearCause();
        evidence_->clear();
        return;
    }
    const auto& c = result_->causes[static_cast<std::size_t>(row)];
    chart_->showCauseWindows(c.windows);
    evidence_->showCause(*result_, c);
    QString text = toQString(c.verdict);
    if (!text.isEmpty() && !text.endsWith(QLatin1Char('.'))) text += QLatin1Char('.');
    if (c.outcome_with && c.outcome_without)
        text += tr(" Inside the excursion, %1 %2 %3 with it, %4 without.")
                    .arg(toQString(result_->excursion.outcome), toQString(result_->excursion.measure),
                         figure(*c.outcome_with), figure(*c.outcome_without));
    text += tr(" Shaded: %n stretch(es) where it ran in the excursion.", nullptr, static_cast<int>(c.windows.size()));
    cause_->setText(text);
    if (causes_->currentRow() != row) causes_->selectRow(row);
}

}  // namespace twinbench::ui
