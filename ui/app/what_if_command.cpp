#include "ui/app/what_if_command.h"

#include <utility>

namespace twinbench::ui {

WhatIfSettingsCommand::WhatIfSettingsCommand(WhatIfState& state, WhatIfSettings before,
                                             WhatIfSettings after, const QString& text,
                                             int dragSerial)
    : state_(state),
      before_(std::move(before)),
      after_(std::move(after)),
      dragSerial_(dragSerial),
      studySerial_(state.studySerial()) {
    setText(text);
}

void WhatIfSettingsCommand::redo() {
    if (state_.studySerial() != studySerial_ || !state_.isLoaded()) {
        setObsolete(true);
        return;
    }
    state_.applySettings(after_);
}

void WhatIfSettingsCommand::undo() {
    if (state_.studySerial() != studySerial_ || !state_.isLoaded()) {
        setObsolete(true);
        return;
    }
    state_.applySettings(before_);
}

bool WhatIfSettingsCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const WhatIfSettingsCommand*>(other);
    // Only the frames of one drag merge; the next drag is its own step.
    if (next->dragSerial_ != dragSerial_ || &next->state_ != &state_ ||
        next->studySerial_ != studySerial_)
        return false;
    after_ = next->after_;
    return true;
}

}  // namespace twinbench::ui
