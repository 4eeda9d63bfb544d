// twinbench [PROJECT] [--sample] [--screenshot FILE.png]: the workbench. All the work is in ui/;
// this only reads the command line and starts the window.
#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>

#include "ui/app/workbench_document.h"
#include "ui/main_window.h"
#include "ui/screenshot.h"

#ifdef _WIN32
#include <date/tz.h>
#include <QDir>
#include <QFileInfo>
#endif

#ifndef TWINBENCH_VERSION
#define TWINBENCH_VERSION "unknown"
#endif

int main(int argc, char* argv[]) {
#if defined(_WIN32) && QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Qt 6.4 follows the Windows dark mode only when asked to.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "windows:darkmode=2");
#endif
    QApplication app(argc, argv);
#ifdef _WIN32
    // Windows has no zoneinfo: date reads the IANA files the installer puts in
    // <install>\share\twinbench\tzdata (installer/windows/windows_install.cmake).
    const QString tzdata = QDir::cleanPath(QApplication::applicationDirPath() +
                                           QStringLiteral("/../share/twinbench/tzdata"));
    if (QFileInfo(tzdata).isDir())
        date::set_install(QDir::toNativeSeparators(tzdata).toStdString());
#endif
    QApplication::setOrganizationName(QStringLiteral("Twinbench"));
    QApplication::setApplicationName(QStringLiteral("twinbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Twinbench"));
    QApplication::setApplicationVersion(QStringLiteral(TWINBENCH_VERSION));
    // Wayland shells match the window to the installed menu entry (and its icon) by this id.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.twinbench.Twinbench"));
    // Fusion draws with the platform's palette (light or dark) the same on every OS.
    if (auto* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("What-if workbench for process engineers"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("Project file (.twin) to open"),
                                 QStringLiteral("[PROJECT]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the workbench (PROJECT, or the sample plant) to FILE.png and exit"),
        QStringLiteral("FILE.png"));
    parser.addOption(screenshot);
    const QCommandLineOption sample(
        QStringLiteral("sample"),
        QStringLiteral("Open the bundled sample plant (imported on first use)"));
    parser.addOption(sample);
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "error: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "error: give at most one PROJECT file\n");
        return 2;
    }
    const QString project = positional.value(0);

    twinbench::ui::WorkbenchDocument document;
    twinbench::ui::MainWindow window(document);
    if (parser.isSet(screenshot))
        return twinbench::ui::renderScreenshot(document, window, project, parser.value(screenshot));

    window.show();
    if (!project.isEmpty())
        window.openProject(project);
    else if (parser.isSet(sample))
        window.openSamplePlant();
    return QApplication::exec();
}
