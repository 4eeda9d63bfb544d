#include "ui/widgets/role_reason.h"

#include <QCoreApplication>
#include <QTableWidgetItem>

#include "ui/app/qt_strings.h"
#include "ui/app/gui_wording.h"
#include "ui/widgets/role_combo_box.h"

namespace twinbench::ui {
namespace {

QString reasonTr(const char* text) { return QCoreApplication::translate("RoleReason", text); }

}  // namespace

QString roleReasonText(const QString& engineReason) {
    QString text = guiWording(engineReason.trimmed());
    text.replace(QStringLiteral(" -> "), QStringLiteral(" → "));
    return text;
}

QTableWidgetItem* roleReasonItem(twinbench::Role proposed, const QString& engineReason) {
    const QString reason = roleReasonText(engineReason);
    auto* item = new QTableWidgetItem(reason.isEmpty() ? reasonTr("no proposal: set the role you know") : reason);
    const QString role = toQString(twinbench::role_name(proposed));
    item->setToolTip(reasonTr("Proposed role: %1 (%2)").arg(role, RoleComboBox::describe(proposed)) +
                     (reason.isEmpty() ? QString() : QStringLiteral("\n") + reasonTr("Why: %1").arg(reason)));
    return item;
}

}  // namespace twinbench::ui
