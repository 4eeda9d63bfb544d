#include "ui/import/file_preview_widget.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "data/timestamp_parser.h"
#include "ui/app/qt_strings.h"
#include "ui/widgets/role_reason.h"
#include "ui/import/preview_table_model.h"
#include "ui/widgets/role_combo_box.h"

namespace twinbench::ui {
namespace {

QString delimiterName(char delimiter) {
    switch (delimiter) {
        case ',': return QObject::tr("comma ( , )");
        case ';': return QObject::tr("semicolon ( ; )");
        case '\t': return QObject::tr("tab");
        case '|': return QObject::tr("pipe ( | )");
        case ' ': return QObject::tr("space");
        default: return QStringLiteral("'%1'").arg(QLatin1Char(delimiter));
    }
}

QString decimalName(char mark) {
    return mark == ',' ? QObject::tr("comma (12,5)") : QObject::tr("point (12.5)");
}

enum ColumnsTableColumn { col_name, col_unit, col_type, col_role, col_why, col_count };

QString ambiguityReason(const twinbench::AmbiguousNumbers& a) {
    return QObject::tr("'%1' (line %2) reads two ways: a decimal number, or a whole number with thousands "
                       "grouped. Choose the decimal mark under File format.")
        .arg(toQString(a.example))
        .arg(a.line);
}

}  // namespace

FilePreviewWidget::FilePreviewWidget(std::shared_ptr<const FilePreview> preview, const QTimeZone& zone, QWidget* parent)
    : QWidget(parent), preview_(std::move(preview)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    if (!preview_->ok()) {
        auto* error = new QLabel(tr("This file cannot be imported:\n%1").arg(preview_->error), this);
        error->setWordWrap(true);
        error->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(error);
        layout->addStretch(1);
        return;
    }
    layout->addWidget(buildDetectionPanel());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    columns_ = new QTableWidget(splitter);
    buildColumnsTable();
    rows_ = new QTableView(splitter);
    model_ = new PreviewTableModel(rows_);
    model_->setTable(std::shared_ptr<const twinbench::Table>(preview_, &preview_->parsed.table), zone);
    rows_->setModel(model_);
    rows_->setAlternatingRowColors(true);
    rows_->verticalHeader()->setDefaultSectionSize(rows_->fontMetrics().height() + 6);
    rows_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (const auto& a : preview_->parsed.ambiguous_numbers)
        model_->markColumn(static_cast<int>(a.position), ambiguityReason(a));
    rows_->resizeColumnsToContents();
    splitter->addWidget(columns_);
    splitter->addWidget(rows_);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);
}

QWidget* FilePreviewWidget::buildDetectionPanel() {
    const auto& info = preview_->parsed.info;
    QStringList lines;
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    auto add = [&lines, &muted](const QString& label, const QString& value) {
        lines << QStringLiteral("<tr><td style='padding-right:14px; color:%1'>%2</td><td>%3</td></tr>")
                     .arg(muted, label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    // Settings the engineer chose under File format say so (info.given has the command
    // line's spelling of them).
    const auto chosen = [&info](const char* option) {
        return info.given.find(option) != std::string::npos ? tr(" (chosen)") : QString();
    };
    add(tr("Encoding"), toQString(info.encoding) + (info.gzip ? tr(", gzip-compressed") : QString()) + chosen("--encoding"));
    add(tr("Delimiter"), delimiterName(info.delimiter) + chosen("--delimiter"));
    // An ambiguous column means nothing in the file decided the mark: say so, not "point".
    QString decimal = preview_->parsed.ambiguous_numbers.empty() ? decimalName(info.decimal_mark) + chosen("--decimal")
                                                                 : tr("not decided");
    if (!info.thousands.empty())
        decimal += tr(", thousands grouped by '%1'").arg(toQString(info.thousands)) + chosen("--thousands");
    for (const auto& a : preview_->parsed.ambiguous_numbers)
        decimal += tr("; column '%1' reads two ways: choose the decimal mark under File format").arg(toQString(a.column));
    add(tr("Decimal mark"), decimal);
    QString header = (info.has_header ? tr("line %1").arg(info.header_line) : tr("none (columns are numbered)")) +
                     chosen("--header-line");
    if (info.rows_drop_trailing_fields) header += tr("; rows leave out empty trailing fields (read as missing)");
    const auto& skipped = preview_->parsed.skipped;
    if (!skipped.empty())
        header += tr("; %n line(s) above it skipped (kept with the import)", nullptr, static_cast<int>(skipped.size()));
    add(tr("Header"), header);

    QString time = tr("no timestamps: rows are indexed by their order");
    if (info.timestamp_format)
        time = tr("column '%1', %2").arg(toQString(info.time_column), toQString(twinbench::timestamp_format_name(*info.timestamp_format)));
    if (!info.time_zone.empty()) time += tr(", local time in %1").arg(toQString(info.time_zone));
    add(tr("Timestamps"), time);
    const QLocale locale;
    add(tr("Preview"), tr("first %1 rows shown of %2 read").arg(preview_->parsed.table.row_count())
                               .arg(locale.toString(static_cast<qulonglong>(info.rows_read))) +
                           (info.rows_rejected > 0 ? tr("; %n rejected among them (listed after the import)", nullptr,
                                                        static_cast<int>(info.rows_rejected))
                                                   : QString()));
    detection_ = new QLabel(QStringLiteral("<table>") + lines.join(QString()) + QStringLiteral("</table>"), this);
    detection_->setTextFormat(Qt::RichText);
    detection_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return detection_;
}

void FilePreviewWidget::buildColumnsTable() {
    const auto& table = preview_->parsed.table;
    columns_->setColumnCount(col_count);
    columns_->setHorizontalHeaderLabels({tr("Column"), tr("Unit"), tr("Type"), tr("Role"), tr("Why this role")});
    columns_->horizontalHeaderItem(col_why)->setToolTip(
        tr("The evidence behind the proposed role; change the role where you know better"));
    columns_->setRowCount(static_cast<int>(table.columns.size()));
    columns_->verticalHeader()->hide();
    columns_->setSelectionMode(QAbstractItemView::NoSelection);
    columns_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    combos_.assign(table.columns.size(), nullptr);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const auto& column = table.columns[c];
        const int row = static_cast<int>(c);
        auto* name = new QTableWidgetItem(toQString(column.name));
        name->setToolTip(tr("Header in the file: %1").arg(toQString(column.header)));
        columns_->setItem(row, col_name, name);
        for (const auto& a : preview_->parsed.ambiguous_numbers) {
            if (a.position != c) continue;
            name->setBackground(markedBackground());
            name->setToolTip(ambiguityReason(a));
        }
        columns_->setItem(row, col_unit, new QTableWidgetItem(column.unit.empty() ? QStringLiteral("—") : toQString(column.unit)));
        columns_->setItem(row, col_type, new QTableWidgetItem(toQString(twinbench::column_type_name(column.type))));
        const auto detected = preview_->roles.size() > c ? preview_->roles[c] : twinbench::Role::none;
        const QString reason = preview_->roleReasons.size() > c ? toQString(preview_->roleReasons[c]) : QString();
        columns_->setItem(row, col_why, roleReasonItem(detected, reason));
        if (detected == twinbench::Role::time) {
            auto* item = new QTableWidgetItem(tr("time (axis)"));
            item->setToolTip(tr("The time axis of this file, detected from its timestamps"));
            columns_->setItem(row, col_role, item);
            continue;
        }
        auto* combo = new RoleComboBox(columns_);
        combo->setRole(detected);
        combo->setObjectName(QStringLiteral("role:") + toQString(column.name));
        const QString columnName = toQString(column.name);
        connect(combo, &RoleComboBox::roleChosen, this, [this, columnName](twinbench::Role role) {
            edited_.insert(columnName);
            releaseRole(role, columnName);
            emit roleEdited(columnName, role);
        });
        columns_->setCellWidget(row, col_role, combo);
        combos_[c] = combo;
    }
    columns_->resizeColumnsToContents();
    columns_->horizontalHeader()->setStretchLastSection(true);
}

std::vector<PreviewRole> FilePreviewWidget::roles() const {
    std::vector<PreviewRole> roles;
    if (!preview_->ok()) return roles;
    const auto& table = preview_->parsed.table;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const auto detected = preview_->roles.size() > c ? preview_->roles[c] : twinbench::Role::none;
        const QString name = toQString(table.columns[c].name);
        roles.push_back({table.columns[c].name, combos_[c] ? combos_[c]->role() : detected, detected, edited_.contains(name)});
    }
    return roles;
}

RoleComboBox* FilePreviewWidget::roleCombo(const QString& column) const {
    if (!preview_->ok()) return nullptr;
    const auto& table = preview_->parsed.table;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (toQString(table.columns[c].name) == column) return combos_[c];
    return nullptr;
}

bool FilePreviewWidget::setRole(const QString& column, twinbench::Role role) {
    auto* combo = roleCombo(column);
    if (!combo) return false;
    combo->setRole(role);
    edited_.insert(column);
    releaseRole(role, column);
    emit roleEdited(column, role);
    return true;
}

void FilePreviewWidget::followRole(const QString& column, twinbench::Role role) {
    auto* combo = roleCombo(column);
    if (!combo) return;
    combo->setRole(role);
    edited_.insert(column);
    releaseRole(role, column);
}

void FilePreviewWidget::releaseRole(twinbench::Role role, const QString& exceptColumn) {
    if (twinbench::role_is_repeatable(role)) return;
    const auto& table = preview_->parsed.table;
    for (std::size_t c = 0; c < combos_.size(); ++c)
        if (combos_[c] && combos_[c]->role() == role && toQString(table.columns[c].name) != exceptColumn)
            combos_[c]->setRole(twinbench::Role::none);
}

QString FilePreviewWidget::detectionSummary() const { return detection_ ? detection_->text() : preview_->error; }

}  // namespace twinbench::ui
