// The stored columns of the current dataset with their roles, editable in place. A role
// change is an undo command on the document (Edit > Undo puts the old role back in the
// project file).
#pragma once

#include <QTableWidget>

namespace twinbench::ui {

class WorkbenchDocument;
class RoleComboBox;

class DatasetColumnsTable : public QTableWidget {
    Q_OBJECT

public:
    explicit DatasetColumnsTable(WorkbenchDocument& document, QWidget* parent = nullptr);

    RoleComboBox* roleCombo(const QString& column) const;

signals:
    void errorOccurred(const QString& message);

private:
    void reload();

    WorkbenchDocument& document_;
};

}  // namespace twinbench::ui
