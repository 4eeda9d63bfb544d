// WorkbenchDocument: the project, the current dataset and undoable role changes.
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "ui/app/workbench_document.h"
#include "ui_test_support.h"

using twinbench::Role;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class DocumentTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { t::isolateSettings(); }

    void exposesImportedDataset() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QSignalSpy changed(&document, &WorkbenchDocument::datasetChanged);
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        QVERIFY(!document.hasDataset());
        QCOMPARE(document.table()->row_count(), 0u);

        QVERIFY(t::importFiles(document, {csv.path}));
        QCOMPARE(document.datasetNames(), QStringList{QStringLiteral("furnace")});
        QCOMPARE(document.datasetName(), QStringLiteral("furnace"));
        QVERIFY(changed.count() >= 2);  // empty project, then the import
        const auto table = document.table();
        QCOMPARE(table->row_count(), static_cast<std::size_t>(csv.rowsWritten));
        QCOMPARE(table->time_s.front(), t::csv_start_utc);
        const auto* furnace = table->find_role(Role::furnace_temp);
        QVERIFY(furnace);
        QCOMPARE(QString::fromStdString(furnace->name), QStringLiteral("Furnace temperature"));
        QCOMPARE(QString::fromStdString(furnace->unit), QStringLiteral("°C"));

        QCOMPARE(document.dataset()->rows_rejected, 1u);
        const auto rejected = document.rejectedRows();
        QCOMPARE(rejected.size(), 1u);
        QCOMPARE(rejected.front().line, csv.badLine);
        QVERIFY(QString::fromStdString(rejected.front().reason).contains(QStringLiteral("Furnace temperature")));
        QCOMPARE(document.timeZone().id(), QByteArray("UTC"));
    }

    void undoRestoresStoredRoles() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, project));
        QVERIFY(t::importFiles(document, {csv.path}));
        const QString dataset = document.datasetName();
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Furnace temperature")), Role::furnace_temp);
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Hall temperature")), Role::ambient_temp);

        // furnace_temp is unique: moving it takes it from the column that had it.
        QSignalSpy rolesChanged(&document, &WorkbenchDocument::rolesChanged);
        QString error;
        QVERIFY2(document.changeRole(QStringLiteral("Hall temperature"), Role::furnace_temp, &error), qPrintable(error));
        QCOMPARE(rolesChanged.count(), 1);
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Hall temperature")), Role::furnace_temp);
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Furnace temperature")), Role::none);
        QCOMPARE(QString::fromStdString(document.table()->find_role(Role::furnace_temp)->name), QStringLiteral("Hall temperature"));
        QCOMPARE(document.undoStack()->count(), 1);

        document.undoStack()->undo();
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Hall temperature")), Role::ambient_temp);
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Furnace temperature")), Role::furnace_temp);
        QCOMPARE(QString::fromStdString(document.table()->find_role(Role::furnace_temp)->name), QStringLiteral("Furnace temperature"));

        document.undoStack()->redo();
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Hall temperature")), Role::furnace_temp);
        QCOMPARE(t::storedRole(project, dataset, QStringLiteral("Furnace temperature")), Role::none);
    }

    void refusedRoleChangeLeavesNoUndoStep() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("furnace.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        QVERIFY(t::importFiles(document, {csv.path}));
        QString error;
        QVERIFY(!document.changeRole(QStringLiteral("No such column"), Role::factor, &error));
        QVERIFY(error.contains(QStringLiteral("No such column")));
        QVERIFY(!document.changeRole(QStringLiteral("Timestamp"), Role::factor, &error));
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void failedOpenKeepsTheOpenProject() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        QVERIFY(t::createProject(document, project));
        const QString notAProject = t::writeTextFile(dir.path(), QStringLiteral("notes.twin"), "just some text\n");
        QString error;
        QVERIFY(!document.openProject(notAProject, &error));
        QVERIFY2(error.contains(QStringLiteral("not a Twinbench project")), qPrintable(error));
        QVERIFY(document.isOpen());
        QCOMPARE(QFileInfo(document.projectPath()).canonicalFilePath(), QFileInfo(project).canonicalFilePath());

        QVERIFY(!document.openProject(dir.filePath(QStringLiteral("missing.twin")), &error));
        QVERIFY(error.contains(QStringLiteral("no such project file")));
    }
};

QTEST_MAIN(DocumentTest)
#include "tst_document.moc"
