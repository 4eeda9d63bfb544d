// The models page: "Fit all models" on the shipped sample plant lists every model with
// its terms, the core-temperature soft sensor chart and the check-interval table; a
// dataset without roles lists why each model could not be fitted; a short history keeps
// the soft sensor and says why it has no check-interval curve (its typed model's reason).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>
#include <nlohmann/json.hpp>

#include "data/project.h"
#include "data/sqlite_statement.h"
#include "models/furnace_output_models.h"
#include "models/stored_model_card.h"
#include "sample/plant_export.h"
#include "sim/study.h"
#include "ui/app/background_job.h"
#include "ui/app/gui_wording.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/chart_export.h"
#include "ui/models/model_charts.h"
#include "ui/models/models_page.h"
#include "ui_test_support.h"

using twinbench::ui::ModelsPage;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class ModelsPageTest : public QObject {
    Q_OBJECT

    QString sampleDir_ = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);

    static void fitAndWait(ModelsPage& page) {
        QSignalSpy finished(&page, &ModelsPage::fitFinished);
        QTest::mouseClick(page.fitButton(), Qt::LeftButton);
        QVERIFY(page.isRunning() || finished.count() > 0);
        if (finished.isEmpty()) QVERIFY(finished.wait(240000));
        QVERIFY(!page.isRunning());
    }

  private slots:
    void initTestCase() { t::isolateSettings(); }

    void emptyProjectCannotFit() {
        QTemporaryDir dir;
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        ModelsPage page(document);
        QVERIFY(!page.fitButton()->isEnabled());
        page.fitAll();
        QVERIFY(!page.isRunning());
        QVERIFY(page.modelKeys().isEmpty());
    }

    void datasetWithoutRolesListsTheReasons() {
        QTemporaryDir dir;
        QByteArray csv = "when,a,b\n";
        for (int i = 0; i < 200; ++i)
            csv += QStringLiteral("2026-02-16 %1:%2:00,%3,%4\n")
                       .arg(i / 60, 2, 10, QLatin1Char('0'))
                       .arg(i % 60, 2, 10, QLatin1Char('0'))
                       .arg(1.5 * i)
                       .arg(i % 7)
                       .toUtf8();
        const auto file = t::writeTextFile(dir.path(), QStringLiteral("signals.csv"), csv);
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("study.twin"))));
        QVERIFY(t::importFiles(document, {file}));
        ModelsPage page(document);
        page.resize(1200, 800);
        page.show();
        fitAndWait(page);
        QVERIFY(page.modelKeys().isEmpty());
        QVERIFY(!page.softSensorPlot());
        auto* skipped = page.skippedTable();
        QCOMPARE(skipped->rowCount(), 4);
        QStringList keys;
        for (int r = 0; r < skipped->rowCount(); ++r) {
            keys << skipped->item(r, 0)->data(Qt::UserRole).toString();
            QVERIFY(!skipped->item(r, 1)->text().isEmpty());
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("temperature"), QStringLiteral("defect"),
                                    QStringLiteral("energy"), QStringLiteral("throughput")}));
        QCOMPARE(page.modelTabs()->count(), 1);
    }

    void shortHistoryShowsWhyThereIsNoCheckIntervalCurve() {
        // Twenty days of the furnace sample: daily checks, too few once thinned to a weekly
        // interval for the curve to be scored.
        QTemporaryDir dir;
        twinbench::SampleOptions sample;
        sample.days = 20;
        const auto data = twinbench::ui::toPath(dir.filePath(QStringLiteral("plant")));
        QStringList files;
        for (const auto& f : twinbench::write_sample_plant(data, sample).files)
            if (f.name.ends_with(".csv") && !f.name.starts_with("truth"))  // the exports, not the truth
                files << dir.filePath(QStringLiteral("plant/") + twinbench::ui::toQString(f.name));
        WorkbenchDocument document;
        QVERIFY(t::createProject(document, dir.filePath(QStringLiteral("short.twin"))));
        QVERIFY(t::importFiles(document, files));
        ModelsPage page(document);
        page.resize(1600, 1000);
        page.show();
        fitAndWait(page);
        QVERIFY2(page.modelKeys().contains(QStringLiteral("temperature")), qPrintable(page.modelKeys().join(QLatin1Char(','))));

        // What the stored fit's typed soft sensor says.
        std::string reason;
        {
            twinbench::Project project(twinbench::ui::toPath(document.projectPath()), twinbench::Project::Mode::read_only);
            const auto typed = twinbench::furnace_output_models(twinbench::stored_models(project, document.dataset()->id));
            QVERIFY(typed.core);
            QVERIFY(typed.core->checks().curve.points.empty());
            reason = typed.core->checks().curve_skipped;
        }
        QVERIFY(!reason.empty());
        // The soft sensor is shown (chart, empty table) with the reason below its table.
        QVERIFY(page.softSensorPlot());
        QVERIFY(page.checkIntervalTable());
        QCOMPARE(page.checkIntervalTable()->rowCount(), 0);
        auto* note = page.findChild<QLabel*>(QStringLiteral("checkIntervalsSkipped"));
        QVERIFY(note);
        QVERIFY2(note->text().contains(twinbench::ui::guiWording(twinbench::ui::toQString(reason)).toHtmlEscaped()),
                 qPrintable(note->text()));
        QVERIFY(note->text().contains(QStringLiteral("manual checks")));
    }

    void diagnosticsChartsFromTheFitJson() {
        // Four held-out rows of a temperature model, in °C, one without its actual; residual =
        // actual − predicted. Read as every view reads a stored fit (its card), of a hold-out
        // of 9000 rows the fit thinned.
        const twinbench::StoredModelCard card = twinbench::stored_model_card({"temperature", nlohmann::json::parse(R"({
            "diagnostics": {"unit": "°C", "points": 9000,
                            "predicted_vs_actual": [[180.0, 181.5], [182.0, 181.0], [179.0, null], [185.0, 186.0]],
                            "residuals_over_time": [[1771200000, 1.5], [1771200060, -1.0], [1771200120, null],
                                                    [1771200180, 1.0]]}})")});
        QCOMPARE(card.diagnostics.points.size(), std::size_t{4});
        QCOMPARE(card.diagnostics_rows, std::size_t{9000});
        QWidget parent;
        const QTimeZone berlin("Europe/Berlin");
        QWidget* box = twinbench::ui::buildDiagnostics("temperature", card.diagnostics, card.diagnostics_rows,
                                                       nullptr, berlin, &parent);
        auto* pva = box->findChild<QCustomPlot*>(QStringLiteral("predictedVsActual_temperature"));
        QVERIFY(pva);
        QCOMPARE(pva->graph(0)->data()->size(), 3);  // the pair with a null is left out
        QCOMPARE(pva->graph(0)->data()->at(0)->key, 180.0);
        QCOMPARE(pva->graph(0)->data()->at(0)->value, 181.5);
        // Same scale on both axes, covering every point: the 1:1 line is the diagonal.
        QCOMPARE(pva->xAxis->range().lower, pva->yAxis->range().lower);
        QCOMPARE(pva->xAxis->range().upper, pva->yAxis->range().upper);
        QVERIFY(pva->xAxis->range().lower < 180.0 && pva->xAxis->range().upper > 186.0);
        QVERIFY(pva->xAxis->label().contains(QStringLiteral("°C")));
        QVERIFY2(pva->toolTip().contains(QStringLiteral("3 of 9000 rows")), qPrintable(pva->toolTip()));
        auto* residuals = box->findChild<QCustomPlot*>(QStringLiteral("residuals_temperature"));
        QVERIFY(residuals);
        QCOMPARE(residuals->graph(0)->data()->size(), 3);
        QCOMPARE(residuals->graph(0)->data()->at(2)->key, 1771200180.0);
        QVERIFY(residuals->xAxis->label().contains(QStringLiteral("Europe/Berlin")));
        QVERIFY(!box->findChild<QLabel*>(QStringLiteral("diagnosticsMissing_temperature")));
        // Every chart exports; the residuals with Berlin times.
        QVERIFY(twinbench::ui::ChartExport::of(pva));
        QCOMPARE(twinbench::ui::ChartExport::of(residuals)->options().zone, berlin);
        QVERIFY(!twinbench::ui::ChartExport::of(pva)->options().timeKeys);

        // Defect: calibration bins with 95 % Wilson intervals (10 of 100: 0.0552 to 0.1744;
        // 0 of 50: 0 to 0.0713), no stored diagnostics.
        const twinbench::StoredModelCard defect = twinbench::stored_model_card({"defect", nlohmann::json::parse(R"({"calibration": [
            {"p_low": 0.0, "p_high": 0.05, "items": 50, "mean_predicted": 0.02, "observed_rate": 0.0},
            {"p_low": 0.05, "p_high": 0.2, "items": 100, "mean_predicted": 0.12, "observed_rate": 0.1},
            {"p_low": 0.2, "p_high": 1.0, "items": 0, "mean_predicted": 0.3, "observed_rate": 0.0}]})")});
        QWidget* defectBox = twinbench::ui::buildDiagnostics("defect", defect.diagnostics, defect.diagnostics_rows,
                                                             &defect.calibration, berlin, &parent);
        auto* calibration =
            defectBox->findChild<QCustomPlot*>(QStringLiteral("calibration_defect"));
        QVERIFY(calibration);
        QCOMPARE(calibration->graph(0)->data()->size(), 2);  // the empty bin has no rate
        QCOMPARE(calibration->graph(0)->data()->at(1)->key, 0.12);
        QCOMPARE(calibration->graph(0)->data()->at(1)->value, 0.1);
        QCPErrorBars* bars = nullptr;
        for (int i = 0; i < calibration->plottableCount(); ++i)
            if (auto* b = qobject_cast<QCPErrorBars*>(calibration->plottable(i))) bars = b;
        QVERIFY(bars);
        QVERIFY(std::abs(bars->data()->at(1).errorMinus - (0.1 - 0.0552291)) < 1e-6);
        QVERIFY(std::abs(bars->data()->at(1).errorPlus - (0.1743657 - 0.1)) < 1e-6);
        QCOMPARE(bars->data()->at(0).errorMinus, 0.0);
        QVERIFY(std::abs(bars->data()->at(0).errorPlus - 0.0713476) < 1e-6);
        auto* missing = defectBox->findChild<QLabel*>(QStringLiteral("diagnosticsMissing_defect"));
        QVERIFY(missing);
        QVERIFY(missing->text().contains(QStringLiteral("predicted vs actual")));
        QVERIFY(!missing->text().contains(QStringLiteral("calibration")));
    }

    void fitsTheSamplePlant() {
        if (!QFileInfo(sampleDir_ + QStringLiteral("/plant")).isDir())
            QSKIP("sample_data/plant is not there yet");
        qputenv("TWINBENCH_SAMPLE_DATA_DIR", sampleDir_.toUtf8());
        WorkbenchDocument document;
        QString error;
        if (auto* job = document.openSamplePlant(&error)) {
            QSignalSpy finished(job, &twinbench::ui::BackgroundJob::finished);
            QVERIFY(finished.wait(240000));
        }
        QVERIFY2(document.isOpen() && document.hasDataset(), qPrintable(error));

        // Nothing stored before (a second connection, as another program would look).
        const std::filesystem::path projectFile = document.projectPath().toStdString();
        {
            twinbench::Project project(projectFile, twinbench::Project::Mode::open_existing);
            twinbench::Statement clear(project.handle(), "DELETE FROM model");
            clear.run();
        }
        QSignalSpy stored(&document, &WorkbenchDocument::modelsStored);
        ModelsPage page(document);
        page.resize(1600, 1000);
        page.show();
        fitAndWait(page);
        // The fit is saved in the project, as `twinbench-cli fit` saves it: the report and
        // the CLI read the same models the page shows.
        QCOMPARE(stored.count(), 1);
        {
            twinbench::Project project(projectFile, twinbench::Project::Mode::read_only);
            const auto models = twinbench::stored_models(project, document.dataset()->id);
            for (const char* key : {"temperature", "defect", "energy", "throughput"})
                QVERIFY2(models.contains(key), key);
        }
        // Opened again, the page says they are stored instead of "not fitted".
        {
            ModelsPage reopened(document);
            QCOMPARE(reopened.statusText(),
                     QStringLiteral("Models: %1 stored").arg(page.modelKeys().size()));
        }

        const QStringList keys = page.modelKeys();
        for (const char* key : {"temperature", "defect", "energy", "throughput"})
            QVERIFY2(keys.contains(QLatin1String(key)), qPrintable(keys.join(QLatin1Char(','))));
        for (const auto& key : keys) {
            QVERIFY(page.termsTable(key)->rowCount() > 0);
            QVERIFY(page.metricsTable(key)->rowCount() > 0);
        }

        auto* terms = page.termsTable(QStringLiteral("temperature"));
        int tauRow = -1;
        for (int r = 0; r < terms->rowCount(); ++r)
            if (terms->item(r, twinbench::ui::term_col_name)->text() == QStringLiteral("Time constant"))
                tauRow = r;
        QVERIFY(tauRow >= 0);
        QCOMPARE(terms->item(tauRow, twinbench::ui::term_col_name)->toolTip(), QStringLiteral("stored as tau"));
        // Every term of every model in words: no stored key or patsy syntax on the page.
        for (const auto& key : keys) {
            auto* table = page.termsTable(key);
            for (int r = 0; r < table->rowCount(); ++r) {
                const QString name = table->item(r, twinbench::ui::term_col_name)->text();
                for (const char* raw : {"I(", "[T.", "**", "(Intercept)", "_"})
                    QVERIFY2(!name.contains(QLatin1String(raw)), qPrintable(key + QStringLiteral(": ") + name));
            }
        }
        const double tau =
            terms->item(tauRow, twinbench::ui::term_col_estimate)->data(Qt::UserRole).toDouble();
        QVERIFY2(std::abs(tau - 25.0) <= 2.5, qPrintable(QString::number(tau)));
        const double se =
            terms->item(tauRow, twinbench::ui::term_col_std_error)->data(Qt::UserRole).toDouble();
        const double low =
            terms->item(tauRow, twinbench::ui::term_col_ci_low)->data(Qt::UserRole).toDouble();
        QVERIFY(std::abs(low - (tau - 1.96 * se)) < 1e-9 * std::max(1.0, std::abs(tau)));
        // Numbers name their unit on hover.
        QCOMPARE(terms->item(tauRow, twinbench::ui::term_col_estimate)->toolTip(),
                 QStringLiteral("Estimate of Time constant, in ") +
                     terms->item(tauRow, twinbench::ui::term_col_unit)->text());

        // Estimate, band (lower and upper edge) and the manual checks.
        auto* plot = page.softSensorPlot();
        QVERIFY(plot);
        QCOMPARE(plot->graphCount(), 4);
        QVERIFY(plot->graph(0)->data()->size() > 100000);
        QCOMPARE(plot->graph(1)->data()->size(), plot->graph(0)->data()->size());
        QCOMPARE(plot->graph(2)->channelFillGraph(), plot->graph(1));
        QCOMPARE(plot->graph(3)->lineStyle(), QCPGraph::lsNone);
        QVERIFY(plot->graph(3)->data()->size() > 50);

        // Against held-out checks the 24 h row need not meet +-5 degC, but spacing the
        // checks further must cost accuracy.
        auto* intervals = page.checkIntervalTable();
        QVERIFY(intervals);
        QCOMPARE(intervals->rowCount(), 3);
        QCOMPARE(intervals->item(0, twinbench::ui::interval_col_hours)->text(),
                 QStringLiteral("24"));
        QCOMPARE(intervals->item(2, twinbench::ui::interval_col_hours)->text(),
                 QStringLiteral("168"));
        const double rmse24 =
            intervals->item(0, twinbench::ui::interval_col_rmse)->data(Qt::UserRole).toDouble();
        const double rmse168 =
            intervals->item(2, twinbench::ui::interval_col_rmse)->data(Qt::UserRole).toDouble();
        QVERIFY2(rmse24 < rmse168, qPrintable(QStringLiteral("%1 vs %2").arg(rmse24).arg(rmse168)));
        const QString meets = intervals->item(0, twinbench::ui::interval_col_meets)->text();
        QVERIFY(meets == QStringLiteral("yes") || meets == QStringLiteral("no"));
        // A curve was computed: no note saying why there is none.
        QVERIFY(!page.findChild<QLabel*>(QStringLiteral("checkIntervalsSkipped")));
        // The soft sensor's heating constants in words, from its typed model.
        auto* sensorTerms = page.findChild<QTableWidget*>(QStringLiteral("softSensorTerms"));
        QVERIFY(sensorTerms);
        QCOMPARE(sensorTerms->rowCount(), 3);
        for (int r = 0; r < sensorTerms->rowCount(); ++r)
            QVERIFY2(sensorTerms->item(r, twinbench::ui::term_col_name)->text().startsWith(QStringLiteral("Heating constant (grade ")),
                     qPrintable(sensorTerms->item(r, twinbench::ui::term_col_name)->text()));

        // Every chart exports from its context menu.
        QVERIFY(twinbench::ui::ChartExport::of(plot));
        QCOMPARE(twinbench::ui::ChartExport::of(plot)->options().zone, document.timeZone());

        // The defect model's calibration bins: rates are rates, each with its interval.
        auto* calibration = page.findChild<QCustomPlot*>(QStringLiteral("calibration_defect"));
        QVERIFY(calibration);
        QVERIFY(calibration->graph(0)->data()->size() >= 3);
        for (auto it = calibration->graph(0)->data()->constBegin();
             it != calibration->graph(0)->data()->constEnd(); ++it)
            QVERIFY(it->key >= 0.0 && it->key <= 1.0 && it->value >= 0.0 && it->value <= 1.0);

        // Predicted vs actual and residuals for every model (fit stores them since 17150e9):
        // the residuals are the actual minus the predicted values of the same held-out rows.
        for (const auto& key : keys) {
            auto* pva = page.findChild<QCustomPlot*>(QStringLiteral("predictedVsActual_") + key);
            auto* residuals = page.findChild<QCustomPlot*>(QStringLiteral("residuals_") + key);
            QVERIFY2(pva && residuals, qPrintable(key));
            QVERIFY(!page.findChild<QLabel*>(QStringLiteral("diagnosticsMissing_") + key));
            std::vector<double> fromPairs, plotted;
            for (auto it = pva->graph(0)->data()->constBegin();
                 it != pva->graph(0)->data()->constEnd(); ++it)
                fromPairs.push_back(it->value - it->key);
            for (auto it = residuals->graph(0)->data()->constBegin();
                 it != residuals->graph(0)->data()->constEnd(); ++it)
                plotted.push_back(it->value);
            QVERIFY2(fromPairs.size() > 10, qPrintable(key));
            QCOMPARE(plotted.size(), fromPairs.size());
            std::sort(fromPairs.begin(), fromPairs.end());
            std::sort(plotted.begin(), plotted.end());
            for (std::size_t i = 0; i < plotted.size(); ++i)
                QVERIFY2(std::abs(plotted[i] - fromPairs[i]) <=
                             1e-9 * std::max(1.0, std::abs(plotted[i])),
                         qPrintable(key));
        }

        page.modelTabs()->setCurrentIndex(0);
        QTest::qWait(100);
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        const QPixmap image = page.grab();
        QVERIFY(image.save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/models.png")));
        page.modelTabs()->setCurrentIndex(1);
        QTest::qWait(50);
        QVERIFY(page.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/models_defect.png")));
    }
};

QTEST_MAIN(ModelsPageTest)
#include "tst_models_page.moc"
