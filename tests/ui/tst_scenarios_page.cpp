// The Scenarios page on the shipped sample plant: a scenario saved from the What-if
// settings lands in the project (read back through the engine), the comparison table
// shows the engine's KPIs of each scenario against the baseline, a scenario can be
// applied and deleted, the overlay draws a curve per compared row and, once their Monte
// Carlo has run in the background, the engine's P10-P90 bands, and the optimiser's
// result, clicked on the Pareto chart, becomes the What-if settings.
#include <cmath>

#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

#include "data/project.h"
#include "sim/kpis.h"
#include "sim/monte_carlo.h"
#include "sim/scenario_store.h"
#include "sim/simulator.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/time_series_plot.h"
#include "ui/scenarios/pareto_chart.h"
#include "ui/scenarios/scenario_overlay_chart.h"
#include "ui/scenarios/scenarios_page.h"
#include "ui/whatif/kpi_tiles.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui_test_support.h"

using twinbench::ui::ScenariosPage;
using twinbench::ui::WhatIfControl;
using twinbench::ui::WhatIfState;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

class ScenariosPageTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString projectPath_;
    std::unique_ptr<WorkbenchDocument> document_;
    std::unique_ptr<WhatIfState> state_;
    std::unique_ptr<ScenariosPage> page_;

    std::vector<twinbench::Scenario> storedInProject() {
        const twinbench::Project project(twinbench::ui::toPath(projectPath_),
                                         twinbench::Project::Mode::read_only);
        return twinbench::stored_scenarios(project, project.dataset("plant"));
    }

  private slots:
    void initTestCase() {
        t::isolateSettings();
        const QString sample = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);
        if (!QFileInfo(sample + QStringLiteral("/plant")).isDir())
            QSKIP("sample_data/plant is not there");
        projectPath_ = dir_.filePath(QStringLiteral("plant.twin"));
        twinbench::ui::buildSamplePlantProject(sample, projectPath_, {});
        document_ = std::make_unique<WorkbenchDocument>();
        QString error;
        QVERIFY2(document_->openProject(projectPath_, &error), qPrintable(error));
        state_ = std::make_unique<WhatIfState>(*document_);
        state_->setMonteCarloRuns(0);  // not needed here
        page_ = std::make_unique<ScenariosPage>(*document_, *state_);
        page_->resize(1400, 900);
        page_->show();
        if (auto* job = state_->loadJob()) job->waitForFinished();
        QVERIFY2(state_->isLoaded(), qPrintable(state_->loadError()));
        QApplication::processEvents();
        QVERIFY(page_->isEnabled());
        QCOMPARE(page_->comparisonTable()->rowCount(), 1);  // the baseline only
    }

    void savedScenarioIsStoredAndCompared() {
        const double speed = state_->settings().speed_m_per_min * 1.05;
        state_->changeControl(WhatIfControl::speed, speed);
        page_->nameEdit()->setText(QStringLiteral("faster line"));
        page_->noteEdit()->setPlainText(QStringLiteral("5 % faster, same setpoint"));
        QTest::mouseClick(page_->saveButton(), Qt::LeftButton);

        const auto stored = storedInProject();
        QCOMPARE(stored.size(), std::size_t{1});
        QCOMPARE(stored[0].name, std::string("faster line"));
        QCOMPARE(stored[0].note, std::string("5 % faster, same setpoint"));
        QCOMPARE(stored[0].changes.size(), std::size_t{1});
        QCOMPARE(stored[0].changes[0].control, twinbench::Control::speed);
        QCOMPARE(stored[0].changes[0].value, speed);
        QCOMPARE(page_->scenarioList()->count(), 1);

        // Table: baseline and the scenario; its KPIs are the engine's at that speed.
        auto* table = page_->comparisonTable();
        QCOMPARE(table->rowCount(), 2);
        twinbench::SimulationInputs in = state_->window().inputs;
        std::fill(in.speed_m_per_min.begin(), in.speed_m_per_min.end(), speed);
        const auto kpis = twinbench::simulate(state_->study()->twin, in).kpis;
        const auto base = twinbench::simulate(state_->study()->twin, state_->window().inputs).kpis;
        const auto indices = twinbench::ui::KpiTiles::kpiIndices();
        for (int c = 0; c < static_cast<int>(indices.size()); ++c) {
            const auto k = static_cast<std::size_t>(indices[static_cast<std::size_t>(c)]);
            QCOMPARE(table->item(0, ScenariosPage::valueColumn(c))->data(Qt::UserRole).toDouble(),
                     twinbench::kpi_value(base, k));
            QCOMPARE(table->item(1, ScenariosPage::valueColumn(c))->data(Qt::UserRole).toDouble(),
                     twinbench::kpi_value(kpis, k));
        }
        // Faster line: more parts per hour, shown as a change against the baseline.
        QVERIFY(kpis.throughput_per_h > base.throughput_per_h);
        QVERIFY(table->item(1, 0)->text().contains(QStringLiteral("(+")));
        // Each change as the What-if tile says it: a share (the scrap rate) in pp.
        for (int c = 0; c < static_cast<int>(indices.size()); ++c) {
            const int kpi = indices[static_cast<std::size_t>(c)];
            const auto k = static_cast<std::size_t>(kpi);
            const QString change =
                twinbench::ui::KpiTiles::formatChange(kpi, twinbench::kpi_value(kpis, k), twinbench::kpi_value(base, k));
            const QString text = table->item(1, ScenariosPage::valueColumn(c))->text();
            QVERIFY2(change.isEmpty() ? !text.contains(QLatin1Char('(')) : text.endsWith(QStringLiteral("(%1)").arg(change)),
                     qPrintable(text + QStringLiteral(" / ") + change));
            if (kpi == twinbench::kpi_index("scrap_rate") && !change.isEmpty())
                QVERIFY2(text.endsWith(QStringLiteral(" pp)")), qPrintable(text));
        }
        // Overlay: a furnace curve per row.
        QCOMPARE(page_->comparisonChart()->graphCount(), 4);  // 2 strips x (baseline + scenario)
    }

    void appliedScenarioSetsTheWhatIfControls() {
        const double saved = storedInProject()[0].changes[0].value;
        document_->undoStack()->undo();  // back to the baseline speed
        QVERIFY(state_->settings().speed_m_per_min != saved);
        QSignalSpy applied(page_.get(), &ScenariosPage::settingsApplied);
        page_->scenarioList()->setCurrentRow(0);
        QTest::mouseClick(page_->applyButton(), Qt::LeftButton);
        QCOMPARE(applied.count(), 1);
        QVERIFY(std::abs(state_->settings().speed_m_per_min - saved) < 1e-9);
        document_->undoStack()->undo();
    }

    void deleteRemovesItFromTheProject() {
        page_->nameEdit()->setText(QStringLiteral("to delete"));
        QVERIFY(page_->saveCurrent());
        QCOMPARE(storedInProject().size(), std::size_t{2});
        page_->scenarioList()->setCurrentRow(1);
        QCOMPARE(page_->scenarioList()->currentItem()->text(), QStringLiteral("to delete"));
        QTest::mouseClick(page_->deleteButton(), Qt::LeftButton);
        QCOMPARE(storedInProject().size(), std::size_t{1});
        QCOMPARE(page_->scenarioList()->count(), 1);
        // An empty name is refused and stores nothing.
        page_->nameEdit()->clear();
        QVERIFY(!page_->saveCurrent());
        QCOMPARE(storedInProject().size(), std::size_t{1});
    }

    void overlayHasACurvePerRowAndBandsAfterMonteCarlo() {
        // Two scenarios against the baseline: the stored faster line and a hotter furnace.
        const auto before = state_->settings();
        state_->changeControl(WhatIfControl::setpoint, before.setpoint_degC + 6.0);
        page_->nameEdit()->setText(QStringLiteral("hotter furnace"));
        QVERIFY(page_->saveCurrent());
        document_->undoStack()->undo();
        QCOMPARE(page_->scenarioList()->count(), 2);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(page_->scenarioList()->item(i)->checkState(), Qt::Checked);
        auto* chart = page_->comparisonChart();
        QCOMPARE(chart->rowCount(), 3);
        QCOMPARE(chart->bandGraphCount(), 0);
        QCOMPARE(chart->graphCount(), 2 * 3);  // 2 strips x (baseline + 2 scenarios)
        const auto stored = storedInProject();
        for (int strip = 0; strip < 2; ++strip) {
            QCOMPARE(chart->rowGraph(strip, 0)->name(), QStringLiteral("Baseline"));
            for (int r = 1; r < 3; ++r)
                QCOMPARE(chart->rowGraph(strip, r)->name(),
                         page_->comparisonTable()->verticalHeaderItem(r)->text());
        }
        // The hotter furnace's curve is the engine's furnace series of that scenario.
        int hot = -1;
        for (int r = 1; r < 3; ++r)
            if (chart->rowGraph(0, r)->name() == QStringLiteral("hotter furnace")) hot = r;
        QVERIFY(hot > 0);
        twinbench::Scenario hotter;
        for (const auto& s : stored)
            if (s.name == "hotter furnace") hotter = s;
        const auto hotInputs = state_->inputsOf(hotter);
        twinbench::SimulationOptions so;
        so.keep_series = true;
        const auto hotResult = twinbench::simulate(state_->study()->twin, hotInputs, so);
        auto* hotGraph = chart->rowGraph(0, hot);
        QCOMPARE(hotGraph->dataCount(), static_cast<int>(hotResult.series.furnace_degC.size()));
        QCOMPARE(hotGraph->data()->at(100)->value, hotResult.series.furnace_degC[100]);

        // Monte Carlo in the background, with progress; the bands follow.
        page_->bandRunsBox()->setValue(30);
        QSignalSpy done(page_.get(), &ScenariosPage::bandsFinished);
        QVERIFY(page_->startBands());
        QVERIFY(page_->bandsJob() != nullptr);
        QVERIFY(!page_->bandsButton()->isEnabled());
        QVERIFY(done.wait(240000));
        QVERIFY(page_->bandsJob() == nullptr);
        QCOMPARE(chart->bandGraphCount(), 2 * 2 * 3);  // P10 + P90, 2 strips, 3 rows
        QCOMPARE(chart->graphCount(), 2 * 3 + 2 * 2 * 3);
        QVERIFY(!page_->startBands());  // nothing left to run
        // The band is the engine's Monte Carlo of the scenario (same seed, runs, bands).
        twinbench::MonteCarloOptions mc;
        mc.runs = 30;
        mc.seed = 1;
        mc.threads = 1;
        mc.bands = true;
        const auto expected = twinbench::run_monte_carlo(state_->study()->twin, hotInputs, mc);
        auto* lower = chart->bandGraph(0, hot, false);
        auto* upper = chart->bandGraph(0, hot, true);
        QVERIFY(lower && upper);
        QCOMPARE(lower->dataCount(), static_cast<int>(expected.furnace_degC.p10.size()));
        QCOMPARE(lower->data()->at(10)->value, expected.furnace_degC.p10[10]);
        QCOMPARE(upper->data()->at(10)->value, expected.furnace_degC.p90[10]);
        QCOMPARE(upper->channelFillGraph(), lower);
        int ordered = 0;
        for (int i = 0; i < lower->dataCount(); ++i)
            ordered += lower->data()->at(i)->value <= upper->data()->at(i)->value;
        QCOMPARE(ordered, lower->dataCount());
        auto* scrapUpper = chart->bandGraph(1, hot, true);
        QCOMPARE(scrapUpper->data()->at(10)->value, 100.0 * expected.scrap_rate.p90[10]);
        // The table's tooltip quotes the KPI band.
        QVERIFY(page_->comparisonTable()
                    ->item(hot, ScenariosPage::valueColumn(1))
                    ->toolTip()
                    .contains(QStringLiteral("P10")));
        // What is drawn: between each band's P10 and P90 the pixels are shaded, not the
        // plot's bare background (the legend says "shaded: Monte Carlo P10-P90").
        QVERIFY(chart->legendText().contains(QStringLiteral("shaded")));
        const QImage image = chart->grab().toImage();
        int inside = 0, bare = 0;
        for (int strip = 0; strip < 2; ++strip) {
            for (int r = 0; r < chart->rowCount(); ++r) {
                auto* lo = chart->bandGraph(strip, r, false);
                auto* hi = chart->bandGraph(strip, r, true);
                QVERIFY(lo && hi);
                const QColor background = lo->keyAxis()->axisRect()->backgroundBrush().color();
                for (int i = 1; i + 1 < lo->dataCount(); i += 3) {
                    // Hours without production have no scrap rate (NaN): no band there.
                    bool finite = true;
                    for (int j = i - 1; j <= i + 1; ++j)
                        finite = finite && std::isfinite(lo->data()->at(j)->value) &&
                                 std::isfinite(hi->data()->at(j)->value);
                    if (!finite) continue;
                    const int x = qRound(lo->keyAxis()->coordToPixel(lo->data()->at(i)->key));
                    const int y0 = qRound(lo->valueAxis()->coordToPixel(lo->data()->at(i)->value));
                    const int y1 = qRound(hi->valueAxis()->coordToPixel(hi->data()->at(i)->value));
                    for (int y = std::min(y0, y1) + 2; y <= std::max(y0, y1) - 2; ++y) {
                        if (!image.rect().contains(x, y)) continue;
                        ++inside;
                        bare += image.pixelColor(x, y).rgb() == background.rgb();
                    }
                }
            }
        }
        QVERIFY2(inside >= 50, qPrintable(QString::number(inside)));
        QVERIFY2(bare <= inside / 10, qPrintable(QStringLiteral("%1 of %2 pixels inside the bands "
                                                               "are the bare background")
                                                    .arg(bare)
                                                    .arg(inside)));
        // The table's P10 and P90 columns are the engine's KPI band of each row.
        const auto indices = twinbench::ui::KpiTiles::kpiIndices();
        for (int c = 0; c < static_cast<int>(indices.size()); ++c) {
            const auto k = static_cast<std::size_t>(indices[static_cast<std::size_t>(c)]);
            auto* band = page_->comparisonTable()->item(hot, ScenariosPage::bandColumn(c));
            QVERIFY(band);
            QCOMPARE(band->data(Qt::UserRole).toDouble(), twinbench::kpi_value(expected.p10, k));
            QCOMPARE(band->data(Qt::UserRole + 1).toDouble(), twinbench::kpi_value(expected.p90, k));
            QVERIFY(band->text().contains(QStringLiteral("…")));
            // The headline beside it is the runs' median, inside its own band.
            const double headline =
                page_->comparisonTable()->item(hot, ScenariosPage::valueColumn(c))->data(Qt::UserRole).toDouble();
            if (std::isfinite(twinbench::kpi_value(expected.p50, k))) {
                QCOMPARE(headline, twinbench::kpi_value(expected.p50, k));
                QVERIFY(headline >= twinbench::kpi_value(expected.p10, k) && headline <= twinbench::kpi_value(expected.p90, k));
            }
        }
        QVERIFY(page_->bandOf(QString()) != nullptr);  // the baseline's

        // Unticking a scenario drops its curve and band.
        page_->scenarioList()->item(0)->setCheckState(Qt::Unchecked);
        QCOMPARE(chart->rowCount(), 2);
        QCOMPARE(chart->bandGraphCount(), 2 * 2 * 2);
    }

    void bandsJobCanBeCancelled() {
        // Two new scenarios without bands. Cancel while the first row runs: the engine
        // reports after every run, so the job stops inside that row (2,000 runs would take
        // seconds) and never starts the next; no row without a band gets one.
        for (const auto& [name, factor] : {std::pair{QStringLiteral("slower line"), 0.95},
                                           std::pair{QStringLiteral("much slower line"), 0.9}}) {
            state_->changeControl(WhatIfControl::speed,
                                  state_->window().baseline_speed_m_per_min * factor);
            page_->nameEdit()->setText(name);
            QVERIFY(page_->saveCurrent());
            document_->undoStack()->undo();
        }
        // The compared rows without a band (by the name the job reports; the baseline's
        // key is empty).
        const auto keyOf = [this](int row) {
            return row == 0 ? QString() : page_->comparisonTable()->verticalHeaderItem(row)->text();
        };
        QStringList missing;
        for (int r = 0; r < page_->comparisonTable()->rowCount(); ++r)
            if (!page_->bandOf(keyOf(r)))
                missing << page_->comparisonTable()->verticalHeaderItem(r)->text();
        QVERIFY(missing.size() >= 2);
        QVERIFY(missing.contains(QStringLiteral("slower line")));
        page_->bandRunsBox()->setValue(2000);
        QSignalSpy done(page_.get(), &ScenariosPage::bandsFinished);
        QVERIFY(page_->startBands());
        auto* job = page_->bandsJob();
        QStringList rowsStarted;
        connect(job, &twinbench::ui::BackgroundJob::progressChanged, this,
                [job, &rowsStarted](double, const QString& what) {
                    rowsStarted << what;
                    job->cancel();
                });
        QVERIFY(done.wait(240000));
        QVERIFY(!rowsStarted.isEmpty());
        // Progress reports queued before the cancel arrived all name the first row.
        QCOMPARE(rowsStarted.count(rowsStarted.front()), rowsStarted.size());
        for (int r = 0; r < page_->comparisonTable()->rowCount(); ++r) {
            const QString name = page_->comparisonTable()->verticalHeaderItem(r)->text();
            if (missing.contains(name)) QVERIFY2(!page_->bandOf(keyOf(r)), qPrintable(name));
        }
        QVERIFY(page_->bandsButton()->isEnabled());  // the other row can still be run
        page_->bandRunsBox()->setValue(100);
    }

    void optimiserPointIsAppliedFromTheParetoChart() {
        page_->objectiveEdit()->setText(QStringLiteral("energy_kwh_per_part"));
        page_->constraintsEdit()->setText(QStringLiteral("scrap_rate<=0.03"));
        QVERIFY(page_->startOptimizer());
        QSignalSpy done(page_.get(), &ScenariosPage::optimizerFinished);
        QVERIFY(done.wait(240000));
        QVERIFY(page_->optimizerResult().has_value());
        const auto& r = *page_->optimizerResult();
        QVERIFY(r.best.constraints_met);
        QVERIFY(r.best.kpis.scrap_rate <= 0.03 * (1 + 1e-6));
        QVERIFY(r.best.speed_m_per_min >= page_->boundBox(0)->value() - 1e-9);
        QVERIFY(r.best.speed_m_per_min <= page_->boundBox(1)->value() + 1e-9);
        // At least as good as the baseline point, which meets the constraint too.
        QVERIFY(r.best.kpis.energy_kwh_per_part <=
                state_->baseline().kpis.energy_kwh_per_part * (1 + 1e-6));
        QVERIFY(page_->paretoPlot()->graph(1)->dataCount() == 1);

        QSignalSpy applied(page_.get(), &ScenariosPage::settingsApplied);
        const int undoBefore = document_->undoStack()->index();
        QTest::mouseClick(page_->paretoPlot(), Qt::LeftButton, Qt::NoModifier,
                          page_->paretoPixel(-1));
        QCOMPARE(applied.count(), 1);
        QCOMPARE(state_->settings().speed_m_per_min, r.best.speed_m_per_min);
        QCOMPARE(state_->settings().setpoint_degC, r.best.setpoint_degC);
        QCOMPARE(document_->undoStack()->index(), undoBefore + 1);
        // The What-if result is the engine's at the optimum.
        QVERIFY(
            std::abs(state_->result().kpis.energy_kwh_per_part - r.best.kpis.energy_kwh_per_part) <=
            1e-9 * r.best.kpis.energy_kwh_per_part);
        document_->undoStack()->undo();
    }

    void cleanupTestCase() {
        page_.reset();
        state_.reset();
        document_.reset();
    }
};

QTEST_MAIN(ScenariosPageTest)
#include "tst_scenarios_page.moc"
