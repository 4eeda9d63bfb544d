#include "ui/app/set_role_command.h"

#include "ui/app/qt_strings.h"

namespace twinbench::ui {

SetRoleCommand::SetRoleCommand(WorkbenchDocument& document, QString dataset, const QString& column,
                               twinbench::Role role, WorkbenchDocument::RoleAssignment before,
                               WorkbenchDocument::RoleAssignment after)
    : document_(document), dataset_(std::move(dataset)), before_(std::move(before)), after_(std::move(after)) {
    setText(QObject::tr("Role of '%1' to %2").arg(column, toQString(twinbench::role_name(role))));
}

void SetRoleCommand::redo() {
    // A write the project refuses must not stay on the stack as if it had happened.
    if (!document_.writeRoles(dataset_, after_)) setObsolete(true);
}

void SetRoleCommand::undo() {
    if (!document_.writeRoles(dataset_, before_)) setObsolete(true);
}

}  // namespace twinbench::ui
