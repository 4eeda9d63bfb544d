#include "ui/project/dataset_columns_table.h"

#include <QHeaderView>

#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "data/role_proposal.h"
#include "ui/widgets/role_combo_box.h"
#include "ui/widgets/role_reason.h"

namespace twinbench::ui {
namespace {
enum Columns { col_name, col_unit, col_type, col_role, col_why, col_count };
}  // namespace

DatasetColumnsTable::DatasetColumnsTable(WorkbenchDocument& document, QWidget* parent)
    : QTableWidget(parent), document_(document) {
    setColumnCount(col_count);
    setHorizontalHeaderLabels({tr("Column"), tr("Unit"), tr("Type"), tr("Role"), tr("Proposed, and why")});
    horizontalHeaderItem(col_why)->setToolTip(
        tr("The role the importer proposes from the column's name, unit and how it moves, with the evidence"));
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setAlternatingRowColors(true);
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &DatasetColumnsTable::reload);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, &DatasetColumnsTable::reload);
    reload();
}

RoleComboBox* DatasetColumnsTable::roleCombo(const QString& column) const {
    for (int row = 0; row < rowCount(); ++row)
        if (item(row, col_name) && item(row, col_name)->text() == column)
            return qobject_cast<RoleComboBox*>(cellWidget(row, col_role));
    return nullptr;
}

void DatasetColumnsTable::reload() {
    const auto table = document_.table();
    setRowCount(0);
    setRowCount(static_cast<int>(table->columns.size()));
    // The importer's proposal for each column, with its reason, beside the role set now
    // (the rules read the first rows, as the Import page's preview does).
    std::vector<twinbench::RoleProposal> proposals;
    if (!table->columns.empty()) {
        try {
            proposals = twinbench::propose_roles({table.get()}, 5000).front();
        } catch (const std::exception&) {
            proposals.clear();  // no proposal column content rather than no page
        }
    }
    int row = 0;
    for (const auto& c : table->columns) {
        if (!c.aligned_from.empty() && c.role != twinbench::Role::time) {
            // A side file's column: the importer proposed its role with that file's rules
            // (a label of a log is context or none), which the aligned rows do not show.
            auto* why = new QTableWidgetItem(tr("from the side file %1: proposed when it was imported")
                                                 .arg(toQString(c.aligned_from)));
            why->setToolTip(RoleComboBox::describe(c.role));
            setItem(row, col_why, why);
        } else if (static_cast<std::size_t>(row) < proposals.size() && c.role != twinbench::Role::time &&
                   c.type != twinbench::ColumnType::timestamp) {
            const auto& p = proposals[static_cast<std::size_t>(row)];
            auto* why = roleReasonItem(p.role, toQString(p.reason));
            if (p.role != c.role)
                why->setText(tr("%1 proposed: %2").arg(toQString(twinbench::role_name(p.role)), why->text()));
            setItem(row, col_why, why);
        }
        const QString name = toQString(c.name);
        auto* nameItem = new QTableWidgetItem(name);
        nameItem->setToolTip(tr("Header in the file: %1").arg(toQString(c.header)));
        setItem(row, col_name, nameItem);
        setItem(row, col_unit, new QTableWidgetItem(c.unit.empty() ? QStringLiteral("—") : toQString(c.unit)));
        setItem(row, col_type, new QTableWidgetItem(toQString(twinbench::column_type_name(c.type))));
        if (c.role == twinbench::Role::time || c.type == twinbench::ColumnType::timestamp) {
            setItem(row, col_role, new QTableWidgetItem(toQString(twinbench::role_name(c.role))));
        } else {
            auto* combo = new RoleComboBox(this);
            combo->setRole(c.role);
            connect(combo, &RoleComboBox::roleChosen, this, [this, name](twinbench::Role role) {
                // Deferred: the change reloads this table, which deletes the combo sending this.
                QMetaObject::invokeMethod(
                    this,
                    [this, name, role] {
                        QString message;
                        if (!document_.changeRole(name, role, &message)) {
                            emit errorOccurred(message);
                            reload();
                        }
                    },
                    Qt::QueuedConnection);
            });
            setCellWidget(row, col_role, combo);
        }
        ++row;
    }
    resizeColumnsToContents();
    horizontalHeader()->setStretchLastSection(true);
}

}  // namespace twinbench::ui
