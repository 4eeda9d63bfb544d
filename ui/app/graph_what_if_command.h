// Undoable change of the controls on the What-if page of any process. A slider drag sends
// a change per frame; they merge into one command (same drag serial), so Ctrl+Z takes
// the whole drag back.
#pragma once

#include <QString>
#include <QUndoCommand>

#include "ui/app/graph_what_if_state.h"

namespace twinbench::ui {

class GraphWhatIfCommand : public QUndoCommand {
  public:
    // dragSerial < 0: a discrete change that never merges.
    GraphWhatIfCommand(GraphWhatIfState& state, GraphSettings before, GraphSettings after, const QString& text,
                       int dragSerial);

    void undo() override;
    void redo() override;
    int id() const override { return dragSerial_ < 0 ? -1 : command_id; }
    bool mergeWith(const QUndoCommand* other) override;

  private:
    static constexpr int command_id = 0x57a2;
    GraphWhatIfState& state_;
    GraphSettings before_;
    GraphSettings after_;
    int dragSerial_;
};

}  // namespace twinbench::ui
