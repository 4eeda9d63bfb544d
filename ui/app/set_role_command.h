// Undoable role change of a dataset column. It stores the complete before/after roles of
// every column it touches, because a unique role (furnace_temp, speed...) moving to one
// column silently takes it from another.
#pragma once

#include <QString>
#include <QUndoCommand>

#include "ui/app/workbench_document.h"

namespace twinbench::ui {

class SetRoleCommand : public QUndoCommand {
public:
    SetRoleCommand(WorkbenchDocument& document, QString dataset, const QString& column, twinbench::Role role,
                   WorkbenchDocument::RoleAssignment before, WorkbenchDocument::RoleAssignment after);

    void undo() override;
    void redo() override;

private:
    WorkbenchDocument& document_;
    QString dataset_;
    WorkbenchDocument::RoleAssignment before_;
    WorkbenchDocument::RoleAssignment after_;
};

}  // namespace twinbench::ui
