#include "ui/import/preview_table_model.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>
#include <QApplication>

#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"

namespace twinbench::ui {

QBrush markedBackground() {
    // Amber, light enough for dark text in both palettes' base colour.
    return QBrush(QColor(255, 214, 102, 150));
}

PreviewTableModel::PreviewTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void PreviewTableModel::setTable(std::shared_ptr<const twinbench::Table> table, const QTimeZone& zone) {
    beginResetModel();
    table_ = std::move(table);
    zone_ = zone;
    endResetModel();
}

int PreviewTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->row_count());
}

int PreviewTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->columns.size());
}

void PreviewTableModel::markColumn(int column, const QString& reason) {
    marked_.insert(column, reason);
    if (rowCount() > 0) emit dataChanged(index(0, column), index(rowCount() - 1, column));
    emit headerDataChanged(Qt::Horizontal, column, column);
}

QVariant PreviewTableModel::data(const QModelIndex& index, int role) const {
    if (!table_ || !index.isValid()) return {};
    if (marked_.contains(index.column())) {
        if (role == Qt::BackgroundRole) return markedBackground();
        if (role == Qt::ToolTipRole) return marked_.value(index.column());
    }
    const auto& column = table_->columns[static_cast<std::size_t>(index.column())];
    const auto row = static_cast<std::size_t>(index.row());
    if (row >= column.size()) return {};
    const bool missing = column.is_missing(row);
    if (role == Qt::ForegroundRole && missing) return QApplication::palette().brush(QPalette::PlaceholderText);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(column.type == twinbench::ColumnType::numeric ? (Qt::AlignRight | Qt::AlignVCenter)
                                                                                 : (Qt::AlignLeft | Qt::AlignVCenter));
    if (role != Qt::DisplayRole) return {};
    if (missing) return QStringLiteral("—");
    switch (column.type) {
        case twinbench::ColumnType::categorical: return toQString(column.label(row));
        case twinbench::ColumnType::timestamp: return formatTime(column.values[row], zone_);
        case twinbench::ColumnType::boolean: return column.values[row] != 0.0 ? tr("yes") : tr("no");
        case twinbench::ColumnType::numeric: break;
    }
    return QLocale().toString(column.values[row], 'g', 6);
}

QVariant PreviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (table_ && orientation == Qt::Horizontal && marked_.contains(section)) {
        if (role == Qt::ToolTipRole) return marked_.value(section);
        if (role == Qt::BackgroundRole) return markedBackground();
    }
    if (!table_ || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical) return section + 1;
    const auto& column = table_->columns[static_cast<std::size_t>(section)];
    QString text = toQString(column.name);
    if (!column.unit.empty()) text += QStringLiteral(" [") + toQString(column.unit) + QLatin1Char(']');
    return text + QLatin1Char('\n') + toQString(twinbench::column_type_name(column.type));
}

}  // namespace twinbench::ui
