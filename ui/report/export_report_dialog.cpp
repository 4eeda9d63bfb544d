#include "ui/report/export_report_dialog.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>

#include "common/error.h"
#include "data/project.h"
#include "report/report_builder.h"
#include "report_qt/report_writer.h"

namespace twinbench::ui {
namespace {

std::filesystem::path toPath(const QString& file) {
#ifdef _WIN32
    return std::filesystem::path(file.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(file).toStdString());
#endif
}

}  // namespace

QString exportReportDialog(QWidget* parent, const QString& projectPath,
                           const QString& datasetName) {
    if (projectPath.isEmpty()) return {};
    const QString pdf = QObject::tr("PDF document (*.pdf)");
    const QString html = QObject::tr("Web page, self-contained (*.html)");
    const QString xlsx = QObject::tr("Excel workbook (*.xlsx)");
    QString filter = pdf;
    const QFileInfo project(projectPath);
    QString file = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export report"),
        project.absolutePath() + QLatin1Char('/') + project.completeBaseName() +
            QStringLiteral(".pdf"),
        pdf + QStringLiteral(";;") + html + QStringLiteral(";;") + xlsx, &filter);
    if (file.isEmpty()) return {};
    // A name typed without extension gets the one of the chosen type.
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix != QLatin1String("pdf") && suffix != QLatin1String("html") &&
        suffix != QLatin1String("htm") && suffix != QLatin1String("xlsx"))
        file += filter == html   ? QStringLiteral(".html")
                : filter == xlsx ? QStringLiteral(".xlsx")
                                 : QStringLiteral(".pdf");

    bool ok = false;
    const QString question =
        QInputDialog::getText(parent, QObject::tr("Export report"),
                              QObject::tr("Question studied (for the title page, optional):"),
                              QLineEdit::Normal, QString(), &ok);
    if (!ok) return {};

    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    try {
        // Its own read-only connection: the report reads what is saved in the project.
        Project reader(toPath(projectPath), Project::Mode::read_only);
        report::ReportOptions options;
        options.question = question.trimmed().toStdString();
        const auto document = report::build_report(reader, datasetName.toStdString(), options);
        report::write_report(document, toPath(file));
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty()) {
        QMessageBox::warning(
            parent, QObject::tr("Export report"),
            QObject::tr("The report could not be written to %1:\n%2").arg(file, error));
        return {};
    }
    return file;
}

}  // namespace twinbench::ui
