// Help > About: version, licence, and the licences of what Twinbench is built on and
// ships with (libraries and the bundled data sets), as their licences require.
#pragma once

class QWidget;

namespace twinbench::ui {

void showAboutDialog(QWidget* parent);

}  // namespace twinbench::ui
