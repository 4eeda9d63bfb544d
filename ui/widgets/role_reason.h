// The importer's reason for a proposed role (core/data/role_proposal.h: "changes in 37
// steps and holds between them: set by an operator -> control") as the Import and Project
// pages show it: one line in the table, the role's meaning and the whole reason in its
// tooltip, in the GUI's words.
#pragma once

#include <QString>

#include "data/roles.h"

class QTableWidgetItem;

namespace twinbench::ui {

// "changes in 37 steps ... → control"; any command-line advice said the GUI's way.
QString roleReasonText(const QString& engineReason);

// The table cell: the reason (or "no proposal" when there is none), its tooltip the
// proposed role with its meaning, then the reason.
QTableWidgetItem* roleReasonItem(twinbench::Role proposed, const QString& engineReason);

}  // namespace twinbench::ui
