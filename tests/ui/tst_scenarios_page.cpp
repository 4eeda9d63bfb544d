// The Scenarios page on the shipped sample plant: a scenario saved from the What-if
// settings lands in the project (read back through the engine), the comparison table
// shows the engine's KPIs of each scenario against the baseline, a scenario can be
// applied and deleted, and the optimiser's result, clicked on the Pareto chart, becomes
// the What-if settings.
#include <cmath>

#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

#include "data/project.h"
#include "sim/kpis.h"
#include "sim/scenario_store.h"
#include "sim/simulator.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/time_series_plot.h"
#include "ui/scenarios/scenarios_page.h"
#include "ui/whatif/kpi_tiles.h"
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
            QCOMPARE(table->item(0, c)->data(Qt::UserRole).toDouble(),
                     twinbench::kpi_value(base, k));
            QCOMPARE(table->item(1, c)->data(Qt::UserRole).toDouble(),
                     twinbench::kpi_value(kpis, k));
        }
        // Faster line: more parts per hour, shown as a change against the baseline.
        QVERIFY(kpis.throughput_per_h > base.throughput_per_h);
        QVERIFY(table->item(1, 0)->text().contains(QStringLiteral("(+")));
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
