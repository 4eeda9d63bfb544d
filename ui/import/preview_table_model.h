// The parsed rows of one file, read-only, as the importer will store them: numbers in
// the workstation's locale, categories as labels, timestamps in the chosen zone.
// Column headers carry name, unit and type so a wrong detection is visible at a glance.
#pragma once

#include <memory>

#include <QAbstractTableModel>
#include <QBrush>
#include <QHash>
#include <QTimeZone>

#include "data/table.h"

namespace twinbench::ui {

// The background of a column that needs the engineer's decision.
QBrush markedBackground();

class PreviewTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    explicit PreviewTableModel(QObject* parent = nullptr);

    void setTable(std::shared_ptr<const twinbench::Table> table, const QTimeZone& zone);
    // Columns shown on a warning background with a reason (a number column that reads two
    // ways until the engineer picks the decimal mark).
    void markColumn(int column, const QString& reason);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const twinbench::Table> table_;
    QTimeZone zone_;
    QHash<int, QString> marked_;
};

}  // namespace twinbench::ui
