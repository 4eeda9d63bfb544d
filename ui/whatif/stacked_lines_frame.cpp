#include "ui/whatif/stacked_lines_frame.h"

#include <algorithm>

#include <QEvent>
#include <QLabel>

namespace twinbench::ui {

void StackedLinesFrame::addLine(QLabel* label) {
    label->setParent(this);
    lines_.push_back(label);
}

int StackedLinesFrame::heightForWidth(int width) const {
    const int inner = std::max(1, width - pad_.left() - pad_.right() - 2 * frameWidth());
    int h = pad_.top() + pad_.bottom() + 2 * frameWidth() + spacing_ * (static_cast<int>(lines_.size()) - 1);
    for (auto* l : lines_) h += l->hasHeightForWidth() ? l->heightForWidth(inner) : l->sizeHint().height();
    return h;
}

void StackedLinesFrame::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    place();
}

bool StackedLinesFrame::event(QEvent* event) {
    // A label's text changed (labels without a layout post this to their parent).
    if (event->type() == QEvent::LayoutRequest) {
        place();
        const auto now = std::make_tuple(hints(), heightForWidth(width()));
        if (now != reported_) {
            reported_ = now;
            updateGeometry();
        }
        return true;
    }
    return QFrame::event(event);
}

std::pair<QSize, QSize> StackedLinesFrame::hints() const {
    int hint = 0, least = 0;
    for (auto* l : lines_) {
        hint = std::max(hint, l->sizeHint().width());
        // An explicit minimum width (a line that may be cut at the tile's edge) wins.
        least = std::max(least, l->minimumWidth() > 0 ? l->minimumWidth() : l->minimumSizeHint().width());
    }
    const int extra = pad_.left() + pad_.right() + 2 * frameWidth();
    return {QSize(hint + extra, heightForWidth(hint + extra)), QSize(least + extra, heightForWidth(least + extra))};
}

void StackedLinesFrame::place() {
    const QRect r = contentsRect().marginsRemoved(pad_);
    int y = r.top();
    for (auto* l : lines_) {
        const int h = l->hasHeightForWidth() ? l->heightForWidth(r.width()) : l->sizeHint().height();
        l->setGeometry(r.left(), y, r.width(), h);
        y += h + spacing_;
    }
}

}  // namespace twinbench::ui
