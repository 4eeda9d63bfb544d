#include "ui/app/graph_what_if_command.h"

#include <utility>

namespace twinbench::ui {

GraphWhatIfCommand::GraphWhatIfCommand(GraphWhatIfState& state, GraphSettings before, GraphSettings after,
                                       const QString& text, int dragSerial)
    : state_(state), before_(std::move(before)), after_(std::move(after)), dragSerial_(dragSerial) {
    setText(text);
}

void GraphWhatIfCommand::redo() { state_.applySettings(after_); }

void GraphWhatIfCommand::undo() { state_.applySettings(before_); }

bool GraphWhatIfCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const GraphWhatIfCommand*>(other);
    // Only the frames of one drag merge; the next drag is its own step.
    if (next->dragSerial_ != dragSerial_ || &next->state_ != &state_) return false;
    after_ = next->after_;
    return true;
}

}  // namespace twinbench::ui
