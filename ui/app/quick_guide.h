// Help > Quick guide: the workbench's steps in a few lines each, by the names of the pages
// on the left, for an engineer who opens it the first time.
#pragma once

class QWidget;

namespace twinbench::ui {

// Shows the guide beside the window (not modal: the engineer can follow it while working);
// a second call raises the open one.
void showQuickGuide(QWidget* parent);

}  // namespace twinbench::ui
