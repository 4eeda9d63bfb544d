// Undoable change of the what-if settings. A slider drag sends a change per frame; they
// merge into one command (same drag serial), so Ctrl+Z takes the whole drag back.
#pragma once

#include <QString>
#include <QUndoCommand>

#include "ui/app/what_if_state.h"

namespace twinbench::ui {

class WhatIfSettingsCommand : public QUndoCommand {
  public:
    // dragSerial < 0: a discrete change that never merges.
    WhatIfSettingsCommand(WhatIfState& state, WhatIfSettings before, WhatIfSettings after,
                          const QString& text, int dragSerial);

    // Both do nothing once another study is loaded (the command is then dropped from the
    // stack): settings of one dataset never land on another's.
    void undo() override;
    void redo() override;
    int id() const override { return dragSerial_ < 0 ? -1 : command_id; }
    bool mergeWith(const QUndoCommand* other) override;

  private:
    static constexpr int command_id = 0x57a1;
    WhatIfState& state_;
    WhatIfSettings before_;
    WhatIfSettings after_;
    int dragSerial_;
    int studySerial_;  // the study the settings belong to
};

}  // namespace twinbench::ui
