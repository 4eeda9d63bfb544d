// File > Export report (issue 15): the dialog offers what is on screen but not saved (the
// What-if page's settings, the last optimisation), the written PDF holds them (read back
// with pdftotext), and the message after writing names the file.
#include <filesystem>

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "data/importer.h"
#include "data/project.h"
#include "sample/plant_export.h"
#include "sim/twin_fitting.h"
#include "ui/app/qt_strings.h"
#include "ui/report/export_report_dialog.h"
#include "ui_test_support.h"

using twinbench::ui::ExportReportDialog;
using twinbench::ui::UnsavedStudy;

class ReportExportTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString projectPath_;

    QString pdfText(const QString& pdf) {
        QProcess p;
        p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        if (!p.waitForFinished(30000) || p.exitCode() != 0) return {};
        // pdftotext breaks long lines and spaces columns: compare with single spaces.
        return QString::fromUtf8(p.readAllStandardOutput()).simplified();
    }

  private slots:
    void initTestCase() {
        twinbench::ui::test::isolateSettings();
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        // A fortnight of the furnace sample, imported and fitted as `import` and `fit` do.
        const std::filesystem::path data = twinbench::ui::toPath(dir_.filePath(QStringLiteral("plant")));
        twinbench::SampleOptions sample;
        sample.days = 14;
        sample.step_minutes = 2;
        const auto written = twinbench::write_sample_plant(data, sample);
        projectPath_ = dir_.filePath(QStringLiteral("plant.twin"));
        twinbench::Project project(twinbench::ui::toPath(projectPath_), twinbench::Project::Mode::create_if_missing);
        twinbench::ImportOptions import;
        for (const auto& f : written.files)
            if (f.name.ends_with(".csv")) import.files.push_back(data / f.name);
        import.dataset = "plant";
        import.time_zone = "Europe/Berlin";
        twinbench::import_files(project, import);
        const auto dataset = project.dataset("plant");
        const auto table = project.read_dataset(dataset);
        twinbench::store_twin_fit(project, dataset, twinbench::fit_twin(table, dataset, std::nullopt));
    }

    void unsavedWhatIfSettingsAreInThePdfWhenChecked() {
        UnsavedStudy unsaved;
        twinbench::Scenario s;
        s.changes = {twinbench::parse_set_argument("setpoint=+7")};
        unsaved.whatIf = s;
        ExportReportDialog dialog(nullptr, projectPath_, QStringLiteral("plant"), unsaved);
        QVERIFY(dialog.includeWhatIfBox()->isEnabled());
        QVERIFY(dialog.includeWhatIfBox()->isChecked());
        // Nothing optimised in this session: the box says so and cannot be ticked.
        QVERIFY(!dialog.includeOptimisationBox()->isEnabled());
        QVERIFY(!dialog.includeOptimisationBox()->isChecked());
        dialog.questionEdit()->setText(QStringLiteral("Is a hotter furnace worth it?"));

        const QString with = dir_.filePath(QStringLiteral("with.pdf"));
        const QString error = dialog.write(with);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString text = pdfText(with);
        QVERIFY2(!text.isEmpty(), "pdftotext read nothing");
        QVERIFY(text.contains(QStringLiteral("Is a hotter furnace worth it?")));
        QVERIFY2(text.contains(ExportReportDialog::unsavedScenarioName()), qPrintable(text.left(3000)));

        // Unticked: the report holds only what is saved.
        dialog.includeWhatIfBox()->setChecked(false);
        const QString without = dir_.filePath(QStringLiteral("without.pdf"));
        QVERIFY(dialog.write(without).isEmpty());
        QVERIFY(!pdfText(without).contains(ExportReportDialog::unsavedScenarioName()));
    }

    void lastOptimisationIsTheRecommendationChapter() {
        UnsavedStudy unsaved;
        twinbench::report::RecommendationSection r;
        r.objective = "minimise energy_kwh_per_part";
        r.constraints = {"scrap_rate<=2%"};
        r.settings.push_back({"setpoint", "optimised within 180-205", "°C", 193.25});
        unsaved.optimisation = r;
        ExportReportDialog dialog(nullptr, projectPath_, QStringLiteral("plant"), unsaved);
        QVERIFY(!dialog.includeWhatIfBox()->isEnabled());
        QVERIFY(dialog.includeOptimisationBox()->isChecked());
        const QString pdf = dir_.filePath(QStringLiteral("optimised.pdf"));
        QVERIFY(dialog.write(pdf).isEmpty());
        const QString text = pdfText(pdf);
        QVERIFY2(text.contains(QStringLiteral("minimise energy_kwh_per_part")), qPrintable(text.left(3000)));
        QVERIFY(text.contains(QStringLiteral("193.25")) || text.contains(QStringLiteral("193.2")));
    }

    void writtenMessageNamesTheFile() {
        const QString file = dir_.filePath(QStringLiteral("with.pdf"));
        const QString message = twinbench::ui::reportWrittenMessage(file);
        QVERIFY(message.contains(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath())));
        // A write that fails says why, naming nothing of the CLI.
        ExportReportDialog dialog(nullptr, projectPath_, QStringLiteral("no such dataset"), {});
        const QString error = dialog.write(dir_.filePath(QStringLiteral("x.pdf")));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(ReportExportTest)
#include "tst_report_export.moc"
