#include "ui/report/export_report_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUrl>
#include <QVBoxLayout>

#include "common/error.h"
#include "data/project.h"
#include "report/report_builder.h"
#include "report_qt/report_writer.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {

ExportReportDialog::ExportReportDialog(QWidget* parent, QString projectPath, QString datasetName,
                                       UnsavedStudy unsaved)
    : QDialog(parent),
      projectPath_(std::move(projectPath)),
      datasetName_(std::move(datasetName)),
      unsaved_(std::move(unsaved)),
      question_(new QLineEdit(this)),
      includeWhatIf_(new QCheckBox(tr("Include the current What-if settings (not saved as a scenario)"), this)),
      includeOptimisation_(new QCheckBox(tr("Include the last optimisation (Scenarios page)"), this)) {
    setWindowTitle(tr("Export report"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    question_->setPlaceholderText(tr("optional, for the title page"));
    form->addRow(tr("Question studied:"), question_);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("The report holds what is saved in the project; add what is on screen:"), this));
    includeWhatIf_->setEnabled(unsaved_.whatIf.has_value());
    includeWhatIf_->setChecked(unsaved_.whatIf.has_value());
    includeWhatIf_->setToolTip(unsaved_.whatIf ? tr("Reported as the scenario \"%1\"").arg(unsavedScenarioName())
                                               : tr("The What-if settings are the baseline's"));
    includeOptimisation_->setEnabled(unsaved_.optimisation.has_value());
    includeOptimisation_->setChecked(unsaved_.optimisation.has_value());
    includeOptimisation_->setToolTip(unsaved_.optimisation ? tr("Reported as the recommendation chapter")
                                                           : tr("No optimisation has run in this session"));
    layout->addWidget(includeWhatIf_);
    layout->addWidget(includeOptimisation_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Write report"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString ExportReportDialog::unsavedScenarioName() {
    return tr("Current What-if settings (not saved)");
}

QString ExportReportDialog::write(const QString& file) const {
    try {
        // Its own read-only connection: the report reads what is saved in the project.
        Project reader(toPath(projectPath_), Project::Mode::read_only);
        report::ReportOptions options;
        options.question = question_->text().trimmed().toStdString();
        if (includeWhatIf_->isChecked() && unsaved_.whatIf) {
            Scenario s = *unsaved_.whatIf;
            s.name = unsavedScenarioName().toStdString();
            if (s.note.empty()) s.note = "The What-if page's settings when the report was written; not saved.";
            options.study.unsaved_scenarios.push_back(std::move(s));
        }
        if (includeOptimisation_->isChecked() && unsaved_.optimisation) options.recommendation = unsaved_.optimisation;
        const auto document = report::build_report(reader, datasetName_.toStdString(), options);
        report::write_report(document, toPath(file));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString reportWrittenMessage(const QString& file) {
    return QObject::tr("Report written to %1").arg(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath()));
}

QString exportReportDialog(QWidget* parent, const QString& projectPath, const QString& datasetName,
                           const UnsavedStudy& unsaved) {
    if (projectPath.isEmpty()) return {};
    const QString pdf = QObject::tr("PDF document (*.pdf)");
    const QString html = QObject::tr("Web page, self-contained (*.html)");
    const QString xlsx = QObject::tr("Excel workbook (*.xlsx)");
    QString filter = pdf;
    const QFileInfo project(projectPath);
    QString file = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export report"),
        project.absolutePath() + QLatin1Char('/') + project.completeBaseName() + QStringLiteral(".pdf"),
        pdf + QStringLiteral(";;") + html + QStringLiteral(";;") + xlsx, &filter);
    if (file.isEmpty()) return {};
    // A name typed without extension gets the one of the chosen type.
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix != QLatin1String("pdf") && suffix != QLatin1String("html") && suffix != QLatin1String("htm") &&
        suffix != QLatin1String("xlsx"))
        file += filter == html ? QStringLiteral(".html") : filter == xlsx ? QStringLiteral(".xlsx") : QStringLiteral(".pdf");

    ExportReportDialog dialog(parent, projectPath, datasetName, unsaved);
    if (dialog.exec() != QDialog::Accepted) return {};

    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString error = dialog.write(file);
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Export report"),
                             QObject::tr("The report could not be written to %1:\n%2").arg(file, error));
        return {};
    }
    const QString message = reportWrittenMessage(file);
    if (auto* window = qobject_cast<QMainWindow*>(parent)) window->statusBar()->showMessage(message, 15000);
    if (QMessageBox::question(parent, QObject::tr("Export report"), message + QObject::tr(".\nOpen it now?"),
                              QMessageBox::Open | QMessageBox::Close, QMessageBox::Open) == QMessageBox::Open)
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath()));
    return file;
}

}  // namespace twinbench::ui
