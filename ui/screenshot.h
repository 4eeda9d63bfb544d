// `twinbench [PROJECT] --screenshot FILE.png`: renders the workbench for the README and
// for CI's eyes, without anyone at the screen.
#pragma once

#include <QString>

namespace twinbench::ui {

class MainWindow;
class WorkbenchDocument;

inline constexpr int screenshot_width = 1600;
inline constexpr int screenshot_height = 1000;

// Opens projectPath (or, when empty, the sample plant, importing it first if needed),
// shows the What-if page with its charts filled and writes the window to pngPath. Returns the
// process exit code; on failure prints one "error: ..." line to stderr.
int renderScreenshot(WorkbenchDocument& document, MainWindow& window, const QString& projectPath, const QString& pngPath);

}  // namespace twinbench::ui
