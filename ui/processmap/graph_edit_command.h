// Undoable edit of a dataset's process graph (an input added or dropped on the Process
// map). Keeps the whole graph before and after: an edit is small, and restoring the exact
// graph also restores the edges' evidence and dead times an engineer's drop took away.
#pragma once

#include <QString>
#include <QUndoCommand>

#include "sim/process_graph.h"
#include "ui/app/workbench_document.h"

namespace twinbench::ui {

class GraphEditCommand : public QUndoCommand {
public:
    GraphEditCommand(WorkbenchDocument& document, QString dataset, const QString& text,
                     twinbench::ProcessGraph before, twinbench::ProcessGraph after);

    void undo() override;
    void redo() override;

private:
    WorkbenchDocument& document_;
    QString dataset_;
    twinbench::ProcessGraph before_;
    twinbench::ProcessGraph after_;
};

}  // namespace twinbench::ui
