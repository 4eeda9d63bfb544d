// Help > About Twinbench: the dialog opens from the menu and tells the version, the
// program's licence and every library and data set licence. The expected licences are
// written out here from the libraries' Debian copyright files, and the data set citations
// are checked against each folder's SOURCE.md, so a wrong or dropped notice fails.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>

#include "ui/app/about_dialog.h"
#include "ui/app/sample_plant.h"
#include "ui/app/workbench_document.h"
#include "ui/main_window.h"
#include "ui_test_support.h"

using twinbench::ui::AboutDialog;
namespace t = twinbench::ui::test;

namespace {

// Row of the table whose first column is name, else the first that starts with it; -1 if none.
int rowStartingWith(const QTableWidget& table, const QString& name) {
    for (int row = 0; row < table.rowCount(); ++row)
        if (table.item(row, 0)->text() == name) return row;
    for (int row = 0; row < table.rowCount(); ++row)
        if (table.item(row, 0)->text().startsWith(name)) return row;
    return -1;
}

}  // namespace

class AboutDialogTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() { t::isolateSettings(); }

    void aboutTabNamesVersionAndLicence() {
        AboutDialog dialog;
        QCOMPARE(dialog.windowTitle(), QStringLiteral("About Twinbench"));
        auto* text = dialog.findChild<QLabel*>(QStringLiteral("aboutText"));
        QVERIFY(text);
        QVERIFY2(text->text().contains(QStringLiteral("Twinbench " TWINBENCH_VERSION)),
                 qPrintable(text->text()));
        QVERIFY(text->text().contains(QStringLiteral("GPL-3.0-or-later")));
        QVERIFY(text->text().contains(QStringLiteral("WITHOUT ANY WARRANTY")));
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("aboutTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 4);
    }

    void librariesTabListsEveryLibraryWithItsLicence() {
        AboutDialog dialog;
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("libraryTable"));
        QVERIFY(table);
        const QList<QPair<QString, QString>> expected = {
            {QStringLiteral("Qt"), QStringLiteral("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only")},
            {QStringLiteral("QCustomPlot"), QStringLiteral("GPL-3.0-or-later")},
            {QStringLiteral("Eigen"), QStringLiteral("MPL-2.0")},
            {QStringLiteral("SQLite"), QStringLiteral("blessing (public domain)")},
            {QStringLiteral("{fmt}"), QStringLiteral("MIT")},
            {QStringLiteral("JSON for Modern C++"), QStringLiteral("MIT")},
            {QStringLiteral("date and tz"), QStringLiteral("MIT")},
            {QStringLiteral("fast_float"), QStringLiteral("Apache-2.0 OR MIT")},
            {QStringLiteral("zlib"), QStringLiteral("Zlib")},
            {QStringLiteral("CLI11"), QStringLiteral("BSD-3-Clause")},
            {QStringLiteral("NLopt"), QStringLiteral("LGPL-2.1-or-later AND MIT")},
            {QStringLiteral("muparser"), QStringLiteral("BSD-2-Clause")},
            {QStringLiteral("libxlsxwriter"), QStringLiteral("BSD-2-Clause AND MPL-2.0 AND Zlib")},
            {QStringLiteral("OpenSSL"), QStringLiteral("Apache-2.0")},
        };
        QCOMPARE(table->rowCount(), expected.size());
        for (const auto& [name, licence] : expected) {
            const int row = rowStartingWith(*table, name);
            QVERIFY2(row >= 0, qPrintable(name));
            QCOMPARE(table->item(row, 2)->text(), licence);
        }
        // Versions come from the headers built against, and Qt's also from the running library.
        const QString qt = table->item(rowStartingWith(*table, QStringLiteral("Qt")), 1)->text();
        QVERIFY2(qt.contains(QString::fromLatin1(qVersion())), qPrintable(qt));
        QCOMPARE(table->item(rowStartingWith(*table, QStringLiteral("QCustomPlot")), 1)->text(),
                 QStringLiteral(QCUSTOMPLOT_VERSION_STR));
        QVERIFY(table->item(rowStartingWith(*table, QStringLiteral("Eigen")), 1)
                    ->text()
                    .startsWith(QStringLiteral("3.")));
    }

    void dataSetsTabMatchesTheShippedSourceFiles() {
        // No TWINBENCH_SAMPLE_DATA_DIR: the lookup falls back to the source tree's sample_data,
        // which is the folder the packages install.
        qunsetenv("TWINBENCH_SAMPLE_DATA_DIR");
        const QString sampleData = twinbench::ui::findSampleDataDir();
        if (sampleData.isEmpty()) QSKIP("sample_data is not there");

        AboutDialog dialog;
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("dataSetTable"));
        QVERIFY(table);
        const auto dataSets = twinbench::ui::bundledDataSets();
        QCOMPARE(table->rowCount(), static_cast<int>(dataSets.size()));
        int cited = 0;
        for (const auto& data : dataSets) {
            QVERIFY2(QFileInfo(sampleData + QStringLiteral("/") + data.folder).isDir(),
                     qPrintable(data.folder));
            const int row = rowStartingWith(*table, data.name);
            QVERIFY2(row >= 0, qPrintable(data.name));
            QCOMPARE(table->item(row, 3)->text(), data.licence);
            if (data.doi.isEmpty()) continue;
            // A real data set: its SOURCE.md cites the same DOI and mentions the same licence.
            QFile source(sampleData + QStringLiteral("/") + data.folder +
                         QStringLiteral("/SOURCE.md"));
            QVERIFY2(source.open(QIODevice::ReadOnly), qPrintable(source.fileName()));
            const QString markdown = QString::fromUtf8(source.readAll());
            QVERIFY2(markdown.contains(QStringLiteral("https://doi.org/") + data.doi),
                     qPrintable(data.doi));
            QVERIFY(markdown.contains(QStringLiteral("CC BY 4.0")));
            QVERIFY(table->item(row, 2)->text().contains(data.doi));
            ++cited;
        }
        QCOMPARE(cited, 2);
        // Every shipped data folder is listed.
        const auto folders = QDir(sampleData).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(folders.size(), static_cast<qsizetype>(dataSets.size()));

        auto* build = dialog.findChild<QPlainTextEdit*>(QStringLiteral("buildText"));
        QVERIFY(build);
        QVERIFY2(build->toPlainText().contains(QStringLiteral("Sample data: ") + sampleData),
                 qPrintable(build->toPlainText()));
        QVERIFY(build->toPlainText().contains(QStringLiteral("running ") +
                                              QString::fromLatin1(qVersion())));
    }

    void helpMenuOpensIt() {
        twinbench::ui::WorkbenchDocument document;
        twinbench::ui::MainWindow window(document);
        window.show();
        QAction* about = nullptr;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->menu() && menu->text() == QStringLiteral("&Help"))
                for (QAction* action : menu->menu()->actions())
                    if (action->text() == QStringLiteral("&About Twinbench")) about = action;
        QVERIFY(about);
        about->trigger();
        AboutDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<AboutDialog*>()) != nullptr && dialog->isVisible());
        dialog->close();
        QTRY_VERIFY(window.findChild<AboutDialog*>() == nullptr);  // deleted on close
    }
};

QTEST_MAIN(AboutDialogTest)
#include "tst_about_dialog.moc"
