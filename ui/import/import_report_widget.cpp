#include "ui/import/import_report_widget.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSplitter>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {
// Beyond this the table stops growing; the full list stays in the project.
constexpr std::size_t max_rejected_shown = 5000;
}  // namespace

ImportReportWidget::ImportReportWidget(QWidget* parent)
    : QWidget(parent), summary_(new QLabel(this)), rejected_(new QTableWidget(this)), notes_(new QListWidget(this)) {
    summary_->setWordWrap(true);
    QFont bigger = summary_->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.1);
    summary_->setFont(bigger);

    rejected_->setColumnCount(4);
    rejected_->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Reason"), tr("Row as in the file")});
    rejected_->verticalHeader()->hide();
    rejected_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    rejected_->setSelectionBehavior(QAbstractItemView::SelectRows);
    rejected_->setAlternatingRowColors(true);
    rejected_->horizontalHeader()->setStretchLastSection(true);
    notes_->setWordWrap(true);
    notes_->setAlternatingRowColors(true);

    auto* rejectedBox = new QWidget(this);
    auto* rejectedLayout = new QVBoxLayout(rejectedBox);
    rejectedLayout->setContentsMargins(0, 0, 0, 0);
    rejectedLayout->addWidget(new QLabel(tr("<b>Rejected rows</b>"), rejectedBox));
    rejectedLayout->addWidget(rejected_);
    auto* notesBox = new QWidget(this);
    auto* notesLayout = new QVBoxLayout(notesBox);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(new QLabel(tr("<b>Notes</b>"), notesBox));
    notesLayout->addWidget(notes_);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(rejectedBox);
    splitter->addWidget(notesBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(summary_);
    layout->addWidget(splitter, 1);
}

void ImportReportWidget::showResult(const twinbench::ImportResult& result) {
    const QLocale locale;
    // Missing cells per column (empty, NA, NaN, -nan, #N/A...): what the engineer checks first.
    QStringList missing;
    for (const auto& c : result.columns)
        if (c.missing > 0)
            missing << tr("'%1' %2").arg(toQString(c.name), locale.toString(static_cast<qulonglong>(c.missing)));
    summary_->setText(tr("%1 rows imported into dataset '%2'; %3 rows rejected.")
                          .arg(locale.toString(static_cast<qulonglong>(result.rows_imported)), toQString(result.dataset),
                               locale.toString(static_cast<qulonglong>(result.rows_rejected))) +
                      (missing.isEmpty() ? QString() : tr(" Missing values: %1.").arg(missing.join(QStringLiteral(", ")))));
    fill(result.rejected, result.notes);
}

void ImportReportWidget::showStored(const QString& summary, const std::vector<twinbench::RejectedRow>& rejected,
                                    const std::vector<twinbench::ImportNote>& notes) {
    summary_->setText(summary);
    fill(rejected, notes);
}

void ImportReportWidget::clear() {
    summary_->clear();
    rejected_->setRowCount(0);
    notes_->clear();
}

QString ImportReportWidget::summary() const { return summary_->text(); }

void ImportReportWidget::fill(const std::vector<twinbench::RejectedRow>& rejected,
                              const std::vector<twinbench::ImportNote>& notes) {
    const std::size_t shown = std::min(rejected.size(), max_rejected_shown);
    rejected_->setRowCount(static_cast<int>(shown));
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& r = rejected[i];
        const int row = static_cast<int>(i);
        const QString file = toQString(r.file);
        auto* fileItem = new QTableWidgetItem(QFileInfo(file).fileName());
        fileItem->setToolTip(file);
        rejected_->setItem(row, 0, fileItem);
        auto* line = new QTableWidgetItem;
        line->setData(Qt::DisplayRole, static_cast<qlonglong>(r.line));
        line->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        rejected_->setItem(row, 1, line);
        auto* reason = new QTableWidgetItem(toQString(r.reason));
        reason->setToolTip(toQString(r.reason));
        rejected_->setItem(row, 2, reason);
        auto* raw = new QTableWidgetItem(toQString(r.raw));
        raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        rejected_->setItem(row, 3, raw);
    }
    rejected_->resizeColumnsToContents();
    rejected_->horizontalHeader()->setStretchLastSection(true);

    notes_->clear();
    for (const auto& note : notes)
        notes_->addItem(QFileInfo(toQString(note.file)).fileName() + QStringLiteral(": ") + toQString(note.message));
    if (notes.empty()) notes_->addItem(tr("No notes."));
}

}  // namespace twinbench::ui
