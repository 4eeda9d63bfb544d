// File > Export report...: asks where to write the report (PDF, HTML or XLSX by the chosen
// type) and the question studied, then writes it with the same engine as
// `twinbench-cli report`, so the GUI and the CLI produce the same files.
#pragma once

#include <QString>

class QWidget;

namespace twinbench::ui {

// Returns the written file, or an empty string when the user cancelled or writing failed
// (the failure is shown in a message box naming the file and the reason).
QString exportReportDialog(QWidget* parent, const QString& projectPath, const QString& datasetName);

}  // namespace twinbench::ui
