// File > Export report...: asks where to write the report (PDF, HTML or XLSX by the chosen
// type), the question studied and whether to include what the engineer has on screen but
// not saved (the What-if page's current settings, the last optimisation), writes it with
// the same engine as `twinbench-cli report`, then says where it wrote and offers to open it.
#pragma once

#include <optional>

#include <QDialog>
#include <QString>

#include "report/scenario_section.h"
#include "sim/scenario.h"

class QCheckBox;
class QLineEdit;
class QWidget;

namespace twinbench::ui {

// What the workbench holds beyond the project file, offered for the report.
struct UnsavedStudy {
    // The What-if page's settings when they differ from the baseline.
    std::optional<twinbench::Scenario> whatIf;
    // The Scenarios page's last optimisation, as the report's recommendation chapter.
    std::optional<twinbench::report::RecommendationSection> optimisation;
};

// The choices before writing; write() can also be called without showing the dialog.
class ExportReportDialog : public QDialog {
    Q_OBJECT

  public:
    ExportReportDialog(QWidget* parent, QString projectPath, QString datasetName, UnsavedStudy unsaved);

    QLineEdit* questionEdit() const { return question_; }
    // Unchecked and disabled when there is nothing unsaved of the kind.
    QCheckBox* includeWhatIfBox() const { return includeWhatIf_; }
    QCheckBox* includeOptimisationBox() const { return includeOptimisation_; }

    // Writes the report with the dialog's choices; the reason when it could not.
    QString write(const QString& file) const;

    // The name the unsaved What-if settings carry in the report.
    static QString unsavedScenarioName();

  private:
    QString projectPath_, datasetName_;
    UnsavedStudy unsaved_;
    QLineEdit* question_;
    QCheckBox* includeWhatIf_;
    QCheckBox* includeOptimisation_;
};

// The sentence the status bar and the "open it?" question show after writing.
QString reportWrittenMessage(const QString& file);

// The whole interaction: file dialog, the choices, writing (a failure in a message box
// naming the file and the reason), then the path in the status bar of `parent` (when it
// is a main window) and a question whether to open the file (QDesktopServices). Returns
// the written file, or an empty string when the user cancelled or writing failed.
QString exportReportDialog(QWidget* parent, const QString& projectPath, const QString& datasetName,
                           const UnsavedStudy& unsaved = {});

}  // namespace twinbench::ui
