// The import page driven like an engineer would: files in, preview, a role corrected in
// place, Import, the rejected row listed with its line.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include "ui/app/workbench_document.h"
#include "ui/import/file_format_widget.h"
#include "ui/import/file_preview_widget.h"
#include "ui/import/import_page.h"
#include "ui/import/import_preview.h"
#include "ui/import/import_report_widget.h"
#include "ui/import/preview_table_model.h"
#include "ui/project/dataset_columns_table.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/role_combo_box.h"
#include "ui/widgets/time_zone_combo_box.h"
#include "ui_test_support.h"

using twinbench::Role;
using twinbench::ui::ImportPage;
using twinbench::ui::MessageBanner;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class ImportPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { t::isolateSettings(); }

    void timeZoneDefaultIsSaid() {
        // The zone naive timestamps are read in defaults to this computer's (often UTC on a
        // server): the page says so next to the box, and which zone is used after a change.
        WorkbenchDocument document;
        ImportPage page(document);
        page.show();
        auto* note = page.findChild<QLabel*>(QStringLiteral("timeZoneNote"));
        QVERIFY(note);
        QVERIFY(note->isVisible());
        const QString machine = page.timeZoneCombo()->currentText();
        QVERIFY(note->text().contains(machine));
        QVERIFY(note->text().contains(QStringLiteral("this computer")));
        const QString other = machine == QStringLiteral("Asia/Tokyo") ? QStringLiteral("Europe/Berlin")
                                                                      : QStringLiteral("Asia/Tokyo");
        QVERIFY(page.timeZoneCombo()->setZone(other));
        QVERIFY(note->text().contains(other));
        QVERIFY(!note->text().contains(QStringLiteral("this computer")));
    }

    void previewRoleEditAndImport() {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("study.twin"));
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("line3.csv"));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, project));
        ImportPage page(document);
        page.resize(1400, 900);
        QVERIFY(page.timeZoneCombo()->setZone(QStringLiteral("UTC")));

        QSignalSpy previewed(&page, &ImportPage::previewReady);
        page.setFiles({csv.path});
        QVERIFY(page.isPreviewRunning());
        QVERIFY(previewed.wait(20000));
        QCOMPARE(page.previewCount(), 1);
        auto* preview = page.preview(0);
        QVERIFY(preview->preview().ok());
        const QString detected = preview->detectionSummary();
        QVERIFY2(detected.contains(QStringLiteral("comma")), qPrintable(detected));
        QVERIFY(detected.contains(QStringLiteral("line 1")));
        QVERIFY(detected.contains(QStringLiteral("UTF-8")));
        QVERIFY(detected.contains(QStringLiteral("Timestamp")));
        // The first rows, parsed; the bad row is counted, not shown.
        QCOMPARE(preview->rowsView()->model()->rowCount(), 200);
        QCOMPARE(preview->rowsView()->model()->columnCount(), 8);
        QVERIFY(preview->rowsView()->model()->headerData(1, Qt::Horizontal).toString().contains(QStringLiteral("[°C]")));
        QCOMPARE(preview->preview().parsed.info.rows_rejected, 1u);

        auto* furnace = preview->roleCombo(QStringLiteral("Furnace temperature"));
        auto* hall = preview->roleCombo(QStringLiteral("Hall temperature"));
        auto* extra = preview->roleCombo(QStringLiteral("Extra signal"));
        QVERIFY(furnace && hall && extra);
        QVERIFY(!preview->roleCombo(QStringLiteral("Timestamp")));  // the time axis is not a choice
        QCOMPARE(furnace->role(), Role::furnace_temp);
        QCOMPARE(hall->role(), Role::ambient_temp);
        QCOMPARE(extra->role(), Role::none);

        // The engineer picks roles in the combos: a unique role moves, the old holder clears.
        hall->setCurrentIndex(hall->findText(QStringLiteral("furnace_temp")));
        emit hall->activated(hall->currentIndex());
        extra->setCurrentIndex(extra->findText(QStringLiteral("factor")));
        emit extra->activated(extra->currentIndex());
        QCOMPARE(hall->role(), Role::furnace_temp);
        QCOMPARE(furnace->role(), Role::none);
        QCOMPARE(extra->role(), Role::factor);

        page.datasetEdit()->setText(QStringLiteral("line 3"));
        QSignalSpy imported(&page, &ImportPage::importFinished);
        QVERIFY(page.importButton()->isEnabled());
        QTest::mouseClick(page.importButton(), Qt::LeftButton);
        QVERIFY(imported.wait(30000));
        QCOMPARE(imported.front().front().toBool(), true);

        QCOMPARE(document.datasetName(), QStringLiteral("line 3"));
        QCOMPARE(document.table()->row_count(), static_cast<std::size_t>(csv.rowsWritten));
        QCOMPARE(t::storedRole(project, QStringLiteral("line 3"), QStringLiteral("Hall temperature")), Role::furnace_temp);
        QCOMPARE(t::storedRole(project, QStringLiteral("line 3"), QStringLiteral("Furnace temperature")), Role::none);
        QCOMPARE(t::storedRole(project, QStringLiteral("line 3"), QStringLiteral("Extra signal")), Role::factor);
        QCOMPARE(t::storedRole(project, QStringLiteral("line 3"), QStringLiteral("Line speed")), Role::speed);

        auto* rejected = page.report()->rejectedTable();
        QCOMPARE(rejected->rowCount(), 1);
        QCOMPARE(rejected->item(0, 0)->text(), QStringLiteral("line3.csv"));
        QCOMPARE(rejected->item(0, 1)->text(), QString::number(csv.badLine));
        QVERIFY(rejected->item(0, 2)->text().contains(QStringLiteral("'abc' is not a number")));
        QVERIFY(rejected->item(0, 3)->text().contains(QStringLiteral(",abc,")));
        QVERIFY(page.report()->summary().contains(QString::number(csv.rowsWritten)));
        QVERIFY(page.report()->notesList()->count() >= 1);
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::warning);  // rows were rejected

        // The Project page's columns table: each column's proposal and its reason beside
        // the role set now, saying so where the engineer chose another role.
        twinbench::ui::DatasetColumnsTable columns(document);
        int hallRow = -1, speedRow = -1;
        for (int r = 0; r < columns.rowCount(); ++r) {
            if (columns.item(r, 0)->text() == QStringLiteral("Hall temperature")) hallRow = r;
            if (columns.item(r, 0)->text() == QStringLiteral("Line speed")) speedRow = r;
        }
        QVERIFY(hallRow >= 0 && speedRow >= 0);
        QCOMPARE(columns.horizontalHeaderItem(4)->text(), QStringLiteral("Proposed, and why"));
        const QString hallWhy = columns.item(hallRow, 4)->text();
        QVERIFY2(hallWhy.startsWith(QStringLiteral("ambient_temp proposed: ")), qPrintable(hallWhy));
        QVERIFY2(hallWhy.endsWith(QStringLiteral("→ ambient_temp")), qPrintable(hallWhy));
        const QString speedWhy = columns.item(speedRow, 4)->text();
        QVERIFY2(speedWhy.endsWith(QStringLiteral("→ speed")) && !speedWhy.contains(QStringLiteral("proposed:")),
                 qPrintable(speedWhy));
        QVERIFY(columns.item(speedRow, 4)->toolTip().contains(twinbench::ui::RoleComboBox::describe(Role::speed)));
    }

    void previewSaysWhyEachRoleWasProposed() {
        QTemporaryDir dir;
        const auto csv = t::writePlantCsv(dir.path(), QStringLiteral("line4.csv"));
        WorkbenchDocument document;
        ImportPage page(document);
        QSignalSpy previewed(&page, &ImportPage::previewReady);
        page.setFiles({csv.path});
        QVERIFY(previewed.wait(20000));
        auto* table = page.preview(0)->columnsTable();
        QCOMPARE(table->columnCount(), 5);
        QCOMPARE(table->horizontalHeaderItem(4)->text(), QStringLiteral("Why this role"));
        int checked = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString column = table->item(r, 0)->text();
            auto* combo = page.preview(0)->roleCombo(column);
            if (!combo) continue;  // the time axis
            const QString role = QString::fromUtf8(std::string(twinbench::role_name(combo->role())).c_str());
            auto* why = table->item(r, 4);
            QVERIFY2(why && why->text().endsWith(QStringLiteral("→ ") + role), qPrintable(column + QStringLiteral(": ") + (why ? why->text() : QString())));
            QVERIFY(!why->text().contains(QStringLiteral("->")));
            // The tooltip says what the role means.
            QVERIFY2(why->toolTip().contains(twinbench::ui::RoleComboBox::describe(combo->role())),
                     qPrintable(why->toolTip()));
            ++checked;
        }
        QVERIFY(checked >= 5);
    }

    void engineMessagesSpeakTheWorkbenchsWords() {
        // Messages the engine writes for the command line, as a page's banner shows them.
        MessageBanner banner;
        const QString engine = QStringLiteral(
            "energy model: no column is mapped to role 'energy' (interval energy, kWh): map it with "
            "--map energy=COLUMN; the horizon (900 h) is longer than the data (500.0 h); choose a shorter "
            "--horizon; --set 'speed=fast': use ROLE=VALUE; run twinbench-cli fit");
        banner.showMessage(MessageBanner::Kind::error, engine);
        const QString shown = banner.text();
        for (const char* cli : {"--", "twinbench-cli", "=COLUMN"})
            QVERIFY2(!shown.contains(QLatin1String(cli)), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Project page")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("the role energy")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("the setting 'speed=fast'")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("press Refit")), qPrintable(shown));
    }

    void roleOverridesFollowEditsOnly() {
        using twinbench::ui::PreviewRole;
        const std::vector<PreviewRole> roles = {
            {"Timestamp", Role::time, Role::time, false},
            {"Scrap", Role::defect, Role::defect, false},       // detection's guess: left to the importer
            {"Hall", Role::furnace_temp, Role::ambient_temp, true},
            {"Oven", Role::none, Role::furnace_temp, false},  // released by the pick above
            {"Extra", Role::none, Role::factor, true},        // explicitly cleared
            {"Hall", Role::humidity, Role::none, true},       // same name in a later file: first wins
        };
        const auto overrides = twinbench::ui::roleOverrides(roles);
        QCOMPARE(overrides.size(), 2u);
        QCOMPARE(overrides[0].first, Role::furnace_temp);
        QCOMPARE(QString::fromStdString(overrides[0].second), QStringLiteral("Hall"));
        QCOMPARE(overrides[1].first, Role::none);
        QCOMPARE(QString::fromStdString(overrides[1].second), QStringLiteral("Extra"));
    }

    void unreadableFileIsReportedNotImported() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        const QString empty = t::writeTextFile(dir.path(), QStringLiteral("export_empty.csv"), QByteArray());
        ImportPage page(document);
        QSignalSpy previewed(&page, &ImportPage::previewReady);
        page.setFiles({empty});
        QVERIFY(previewed.wait(20000));
        QCOMPARE(page.previewCount(), 1);
        QVERIFY(!page.preview(0)->preview().ok());
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::error);
        QVERIFY2(page.banner()->text().contains(QStringLiteral("export_empty.csv")), qPrintable(page.banner()->text()));

        QSignalSpy imported(&page, &ImportPage::importFinished);
        QVERIFY(page.startImport());
        QVERIFY(imported.wait(20000));
        QCOMPARE(imported.front().front().toBool(), false);
        QVERIFY(page.banner()->text().contains(QStringLiteral("project is unchanged")));
        QVERIFY(document.datasetNames().isEmpty());
    }

    // Issue 18: a column whose numbers read two ways is marked in the preview and asked
    // about; the File format settings rerun the preview and go with the import.
    void ambiguousNumbersAreMarkedAndAskedAbout() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        const QString csv = t::writeTextFile(dir.path(), QStringLiteral("waage.csv"),
                                             QByteArrayLiteral("Zeit;Gewicht [kg];Status\n"
                                                               "2026-01-14 06:00;1.234;OK\n"
                                                               "2026-01-14 06:15;2.500;OK\n"
                                                               "2026-01-14 06:30;3.750;OK\n"
                                                               "2026-01-14 06:45;#NA;OK\n"));
        ImportPage page(document);
        QVERIFY(page.timeZoneCombo()->setZone(QStringLiteral("UTC")));
        QSignalSpy previewed(&page, &ImportPage::previewReady);
        page.setFiles({csv});
        QVERIFY(previewed.wait(20000));
        auto* preview = page.preview(0);
        QVERIFY(preview->preview().ok());
        QCOMPARE(preview->preview().parsed.ambiguous_numbers.size(), 1u);
        const QBrush marked = twinbench::ui::markedBackground();
        QCOMPARE(preview->columnsTable()->item(1, 0)->background(), marked);
        QCOMPARE(preview->columnsTable()->item(0, 0)->background(), QBrush());
        QCOMPARE(preview->rowsView()->model()->data(preview->rowsView()->model()->index(0, 1), Qt::BackgroundRole)
                     .value<QBrush>(),
                 marked);
        QVERIFY(preview->detectionSummary().contains(QStringLiteral("reads two ways")));
        QCOMPARE(page.banner()->kind(), MessageBanner::Kind::warning);
        QVERIFY2(page.banner()->text().contains(QStringLiteral("'Gewicht'")), qPrintable(page.banner()->text()));

        QVERIFY(!page.startImport());  // asked, not guessed
        QVERIFY(page.banner()->text().contains(QStringLiteral("decimal mark")));
        QVERIFY(document.datasetNames().isEmpty());

        previewed.clear();
        auto* decimal = page.fileFormat()->decimalCombo();
        decimal->setCurrentIndex(decimal->findData(QStringLiteral(",")));
        QVERIFY(previewed.wait(20000));
        preview = page.preview(0);
        QVERIFY(preview->preview().parsed.ambiguous_numbers.empty());
        QCOMPARE(preview->columnsTable()->item(1, 0)->background(), QBrush());
        QVERIFY2(preview->detectionSummary().contains(QStringLiteral("comma (12,5) (chosen)")),
                 qPrintable(preview->detectionSummary()));

        QSignalSpy imported(&page, &ImportPage::importFinished);
        QVERIFY(page.startImport());
        QVERIFY(imported.wait(30000));
        QCOMPARE(imported.front().front().toBool(), true);
        const auto* weight = document.table()->find("Gewicht");
        QVERIFY(weight);
        QCOMPARE(weight->values[0], 1234.0);
        QCOMPARE(weight->values[2], 3750.0);
        QVERIFY2(page.report()->summary().contains(QStringLiteral("Missing values: 'Gewicht' 1.")),
                 qPrintable(page.report()->summary()));
    }

    void filesWithTheSameColumnsShareRoleEdits() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        const auto january = t::writePlantCsv(dir.path(), QStringLiteral("historian_01.csv"));
        const auto february = t::writePlantCsv(dir.path(), QStringLiteral("historian_02.csv"));
        const QString checks = t::writeManualChecksCsv(dir.path(), QStringLiteral("checks.csv"), {10, 50});
        ImportPage page(document);
        QSignalSpy previewed(&page, &ImportPage::previewReady);
        page.setFiles({january.path, february.path, checks});
        QVERIFY(previewed.wait(20000));
        QCOMPARE(page.previewCount(), 3);
        QCOMPARE(page.preview(2)->roleCombo(QStringLiteral("Core temperature check"))->role(), Role::core_temp_check);
        QVERIFY(page.preview(0)->setRole(QStringLiteral("Extra signal"), Role::humidity));
        QCOMPARE(page.preview(1)->roleCombo(QStringLiteral("Extra signal"))->role(), Role::humidity);
        QCOMPARE(page.preview(2)->roleCombo(QStringLiteral("Core temperature check"))->role(), Role::core_temp_check);
        QVERIFY(page.preview(2)->setRole(QStringLiteral("Core temperature check"), Role::furnace_temp));
        QCOMPARE(page.preview(0)->roleCombo(QStringLiteral("Furnace temperature"))->role(), Role::none);
        QCOMPARE(page.preview(1)->roleCombo(QStringLiteral("Furnace temperature"))->role(), Role::none);
    }
};

QTEST_MAIN(ImportPageTest)
#include "tst_import_page.moc"
