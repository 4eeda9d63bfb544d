#include "ui/processmap/graph_edit_command.h"

namespace twinbench::ui {

GraphEditCommand::GraphEditCommand(WorkbenchDocument& document, QString dataset, const QString& text,
                                   twinbench::ProcessGraph before, twinbench::ProcessGraph after)
    : document_(document), dataset_(std::move(dataset)), before_(std::move(before)), after_(std::move(after)) {
    setText(text);
}

void GraphEditCommand::redo() {
    // A write the project refuses must not stay on the stack as if it had happened.
    if (!document_.writeGraph(dataset_, after_)) setObsolete(true);
}

void GraphEditCommand::undo() {
    if (!document_.writeGraph(dataset_, before_)) setObsolete(true);
}

}  // namespace twinbench::ui
