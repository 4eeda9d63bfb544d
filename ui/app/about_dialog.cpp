#include "ui/app/about_dialog.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSysInfo>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtGlobal>

#include <fmt/core.h>
#include <qcustomplot.h>
#include <Eigen/Core>
#include <nlohmann/json_fwd.hpp>

#include "ui/app/sample_plant.h"

#ifndef TWINBENCH_VERSION
#define TWINBENCH_VERSION "unknown"
#endif

namespace twinbench::ui {
namespace {

QString eigenVersion() {
    return QStringLiteral("%1.%2.%3")
        .arg(EIGEN_WORLD_VERSION)
        .arg(EIGEN_MAJOR_VERSION)
        .arg(EIGEN_MINOR_VERSION);
}

QString fmtVersion() {
    return QStringLiteral("%1.%2.%3")
        .arg(FMT_VERSION / 10000)
        .arg(FMT_VERSION / 100 % 100)
        .arg(FMT_VERSION % 100);
}

QString jsonVersion() {
#ifdef NLOHMANN_JSON_VERSION_MAJOR
    return QStringLiteral("%1.%2.%3")
        .arg(NLOHMANN_JSON_VERSION_MAJOR)
        .arg(NLOHMANN_JSON_VERSION_MINOR)
        .arg(NLOHMANN_JSON_VERSION_PATCH);
#else
    return {};  // json_fwd.hpp before 3.11 does not carry the version
#endif
}

QString compilerName() {
#if defined(__clang__)
    return QStringLiteral("Clang " __clang_version__);
#elif defined(__GNUC__)
    return QStringLiteral("GCC " __VERSION__);
#elif defined(_MSC_VER)
    return QStringLiteral("MSVC %1").arg(_MSC_FULL_VER);
#else
    return QStringLiteral("unknown compiler");
#endif
}

// The copy the packages install next to the program (share/doc/twinbench), if there.
QString installedLicenceFile() {
    const QString file =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/doc/twinbench/LICENSE");
    return QFileInfo::exists(file) ? QFileInfo(file).canonicalFilePath() : QString();
}

QString aboutText() {
    QString text =
        QObject::tr(
            "<h2>Twinbench %1</h2>"
            "<p>What-if workbench for process engineers.</p>"
            "<p>Copyright © the Twinbench developers.</p>"
            "<p>This program is free software: you can redistribute it and/or modify it under "
            "the terms of the GNU General Public License as published by the Free Software "
            "Foundation, either version 3 of the License, or (at your option) any later version "
            "(<b>GPL-3.0-or-later</b>).</p>"
            "<p>This program is distributed in the hope that it will be useful, but WITHOUT ANY "
            "WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A "
            "PARTICULAR PURPOSE. See the "
            "<a href='https://www.gnu.org/licenses/gpl-3.0.html'>GNU General Public License</a> "
            "for more details.</p>")
            .arg(QStringLiteral(TWINBENCH_VERSION));
    const QString licence = installedLicenceFile();
    if (!licence.isEmpty())
        text +=
            QObject::tr("<p>The licence text is installed at %1.</p>").arg(licence.toHtmlEscaped());
    text += QObject::tr(
        "<p>The libraries Twinbench is built on and the data sets it ships with keep their own "
        "licences "
        "(tabs <i>Libraries</i> and <i>Data sets</i>).</p>");
    return text;
}

QTableWidget* noticeTable(const QStringList& headers, const std::vector<QStringList>& rows,
                          QWidget* parent) {
    auto* table =
        new QTableWidget(static_cast<int>(rows.size()), static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(true);
    table->verticalHeader()->hide();
    for (int row = 0; row < table->rowCount(); ++row)
        for (int column = 0; column < table->columnCount(); ++column) {
            const QString& value = rows[static_cast<size_t>(row)].at(column);
            auto* item = new QTableWidgetItem(value);
            item->setToolTip(value);
            table->setItem(row, column, item);
        }
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    // Long citations and notes wrap inside a column of readable width instead of
    // scrolling sideways.
    for (int column = 0; column < table->columnCount(); ++column)
        table->setColumnWidth(column, std::min(table->columnWidth(column), 240));
    table->resizeRowsToContents();
    return table;
}

}  // namespace

std::vector<LibraryNotice> thirdPartyLibraries() {
    const QString linked = QObject::tr("linked library");
    const QString headerOnly = QObject::tr("compiled in (header-only)");
    return {
        {QStringLiteral("Qt"),
         QObject::tr("%1 (running %2)")
             .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())),
         QStringLiteral("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"),
         QObject::tr("linked library (Core, Gui, Widgets, Svg, PrintSupport)"),
         QStringLiteral("https://www.qt.io")},
        {QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR),
         QStringLiteral("GPL-3.0-or-later"), linked, QStringLiteral("https://www.qcustomplot.com")},
        {QStringLiteral("Eigen"), eigenVersion(), QStringLiteral("MPL-2.0"), headerOnly,
         QStringLiteral("https://eigen.tuxfamily.org")},
        {QStringLiteral("SQLite"), QString(), QStringLiteral("blessing (public domain)"), linked,
         QStringLiteral("https://www.sqlite.org")},
        {QStringLiteral("{fmt}"), fmtVersion(), QStringLiteral("MIT"), linked,
         QStringLiteral("https://fmt.dev")},
        {QStringLiteral("JSON for Modern C++ (nlohmann/json)"), jsonVersion(),
         QStringLiteral("MIT"), headerOnly, QStringLiteral("https://github.com/nlohmann/json")},
        {QStringLiteral("date and tz (Howard Hinnant)"), QString(), QStringLiteral("MIT"), linked,
         QStringLiteral("https://github.com/HowardHinnant/date")},
        {QStringLiteral("fast_float"), QString(), QStringLiteral("Apache-2.0 OR MIT"), headerOnly,
         QStringLiteral("https://github.com/fastfloat/fast_float")},
        {QStringLiteral("zlib"), QString(), QStringLiteral("Zlib"), linked,
         QStringLiteral("https://zlib.net")},
        {QStringLiteral("CLI11"), QString(), QStringLiteral("BSD-3-Clause"),
         QObject::tr("twinbench-cli only (header-only)"),
         QStringLiteral("https://github.com/CLIUtils/CLI11")},
        {QStringLiteral("NLopt"), QString(), QStringLiteral("LGPL-2.1-or-later AND MIT"), linked,
         QStringLiteral("https://github.com/stevengj/nlopt")},
        {QStringLiteral("muparser"), QString(), QStringLiteral("BSD-2-Clause"), linked,
         QStringLiteral("https://github.com/beltoforion/muparser")},
        {QStringLiteral("libxlsxwriter"), QString(),
         QStringLiteral("BSD-2-Clause AND MPL-2.0 AND Zlib"), linked,
         QStringLiteral("https://libxlsxwriter.github.io")},
        {QStringLiteral("OpenSSL (libcrypto)"), QString(), QStringLiteral("Apache-2.0"), linked,
         QStringLiteral("https://www.openssl.org")},
    };
}

std::vector<DataSetNotice> bundledDataSets() {
    const QString unverified = QObject::tr(
        "The copy used carried no licence statement; CC BY 4.0 is the licence reported for the UCI "
        "repository and was not verified against the live UCI page.");
    return {
        {QObject::tr("Reference furnace curing line (sample plant)"), QStringLiteral("plant"),
         QObject::tr("Simulated by Twinbench itself (twinbench-cli sample)"), QString(),
         QStringLiteral("GPL-3.0-or-later"),
         QObject::tr("No real plant data; the true parameters are in plant/truth/truth.json.")},
        {QObject::tr("AI4I 2020 Predictive Maintenance Dataset"), QStringLiteral("ai4i2020"),
         QStringLiteral("Matzka, S. (2020). UCI Machine Learning Repository."),
         QStringLiteral("10.24432/C5HS5C"), QStringLiteral("CC-BY-4.0"),
         QObject::tr("Synthetic data. ") + unverified},
        {QObject::tr("Steel Industry Energy Consumption"), QStringLiteral("steel_energy"),
         QStringLiteral("V E, Sathishkumar, Shin, Changsun, and Cho, Yongyun (2023). UCI Machine "
                        "Learning Repository."),
         QStringLiteral("10.24432/C52G8C"), QStringLiteral("CC-BY-4.0"),
         QObject::tr("Real metering data of DAEWOO Steel, Gwangyang, 2018. ") + unverified},
    };
}

QString buildInformation() {
    const QString sampleData = findSampleDataDir();
    QStringList lines;
    lines << QStringLiteral("Twinbench %1").arg(QStringLiteral(TWINBENCH_VERSION));
#ifdef NDEBUG
    lines << QObject::tr("Build type: optimised (assertions off)");
#else
    lines << QObject::tr("Build type: debug (assertions on)");
#endif
    lines << QObject::tr("Compiler: %1").arg(compilerName());
    lines << QObject::tr("Qt: built with %1, running %2")
                 .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()));
    lines << QObject::tr("Platform: %1 (%2)")
                 .arg(QSysInfo::prettyProductName(), QSysInfo::buildAbi());
    lines << QObject::tr("Program folder: %1").arg(QCoreApplication::applicationDirPath());
    lines << QObject::tr("Sample data: %1")
                 .arg(sampleData.isEmpty() ? QObject::tr("not found") : sampleData);
    return lines.join(QLatin1Char('\n'));
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Twinbench"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/twinbench.svg")));
    resize(900, 560);

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("aboutTabs"));

    auto* about = new QLabel(aboutText(), tabs);
    about->setObjectName(QStringLiteral("aboutText"));
    about->setWordWrap(true);
    about->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    about->setOpenExternalLinks(true);
    about->setTextInteractionFlags(Qt::TextBrowserInteraction);
    about->setContentsMargins(12, 12, 12, 12);
    tabs->addTab(about, tr("About"));

    std::vector<QStringList> libraryRows;
    for (const auto& library : thirdPartyLibraries())
        libraryRows.push_back({library.name,
                               library.version.isEmpty() ? QStringLiteral("–") : library.version,
                               library.licence, library.use, library.url});
    auto* libraries =
        noticeTable({tr("Library"), tr("Version"), tr("Licence"), tr("Used as"), tr("Web site")},
                    libraryRows, tabs);
    libraries->setObjectName(QStringLiteral("libraryTable"));
    tabs->addTab(libraries, tr("Libraries"));

    std::vector<QStringList> dataRows;
    for (const auto& notice : bundledDataSets())
        dataRows.push_back({notice.name, QStringLiteral("sample_data/") + notice.folder,
                            notice.doi.isEmpty()
                                ? notice.citation
                                : notice.citation + QStringLiteral(" doi:") + notice.doi,
                            notice.licence, notice.note});
    auto* dataSets = noticeTable(
        {tr("Data set"), tr("Folder"), tr("Source"), tr("Licence"), tr("Note")}, dataRows, tabs);
    dataSets->setObjectName(QStringLiteral("dataSetTable"));
    tabs->addTab(dataSets, tr("Data sets"));

    auto* build = new QPlainTextEdit(buildInformation(), tabs);
    build->setObjectName(QStringLiteral("buildText"));
    build->setReadOnly(true);
    tabs->addTab(build, tr("Build"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
}

void AboutDialog::showModal(QWidget* parent) {
    auto* dialog = new AboutDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

}  // namespace twinbench::ui
