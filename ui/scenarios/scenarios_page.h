// Step 7: "which change should we make?". Saves the What-if settings as named scenarios
// with a note (in the project), compares several against the baseline (KPI table and
// overlaid charts, with Monte Carlo P10-P90 bands once they have been run in the
// background), and runs the optimiser (objective, constraints, bounds) in the
// background; clicking a point of its Pareto front applies those settings on the What-if
// page.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "opt/optimizer.h"
#include "sim/monte_carlo.h"
#include "sim/scenario.h"

class QCustomPlot;
class QCPGraph;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;
class GraphScenariosView;
class GraphWhatIfState;
class JobProgressWidget;
class MessageBanner;
class ParetoChart;
class ScenarioOverlayChart;
class WhatIfState;
class WorkbenchDocument;

class ScenariosPage : public QWidget {
    Q_OBJECT

  public:
    ScenariosPage(WorkbenchDocument& document, WhatIfState& state, QWidget* parent = nullptr);
    // With the What-if page's study of any process: a dataset that is not the furnace
    // template gets the generic body (GraphScenariosView) instead of the furnace one.
    ScenariosPage(WorkbenchDocument& document, WhatIfState& state, GraphWhatIfState* graphState,
                  QWidget* parent = nullptr);
    ~ScenariosPage() override;

    QLineEdit* nameEdit() const { return name_; }
    QPlainTextEdit* noteEdit() const { return note_; }
    QPushButton* saveButton() const { return save_; }
    QListWidget* scenarioList() const { return list_; }
    QPushButton* applyButton() const { return apply_; }
    QPushButton* deleteButton() const { return delete_; }
    // Rows: baseline, then each checked scenario; columns: each KPI of the tiles (the
    // value in Qt::UserRole) followed by its Monte Carlo P10-P90 (P10 in Qt::UserRole,
    // P90 in Qt::UserRole + 1; "–" until the bands have run).
    QTableWidget* comparisonTable() const { return table_; }
    static int valueColumn(int kpiPosition) { return 2 * kpiPosition; }
    static int bandColumn(int kpiPosition) { return 2 * kpiPosition + 1; }
    ScenarioOverlayChart* comparisonChart() const { return chart_; }
    // Monte Carlo of the compared rows (baseline and each ticked scenario) for the bands.
    QPushButton* bandsButton() const { return bands_; }
    QSpinBox* bandRunsBox() const { return bandRuns_; }
    BackgroundJob* bandsJob() const { return bandsJob_.data(); }
    // The Monte Carlo result of a compared row (a scenario's name; the baseline's is
    // empty, which no scenario can be named), nullptr until run.
    const twinbench::MonteCarloResult* bandOf(const QString& row) const;
    QLineEdit* objectiveEdit() const { return objective_; }
    QLineEdit* constraintsEdit() const { return constraints_; }
    QDoubleSpinBox* boundBox(int i) const { return bounds_[i]; }  // speed min/max, setpoint min/max
    QPushButton* optimizeButton() const { return optimize_; }
    ParetoChart* paretoPlot() const { return pareto_; }
    QLabel* optimizerSummary() const { return optimizerSummary_; }
    MessageBanner* banner() const { return banner_; }
    // The body for any process (nullptr without a graph state), and whether it shows.
    GraphScenariosView* graphView() const { return graphView_; }
    bool showsGraph() const;
    const std::optional<twinbench::OptimizeResult>& optimizerResult() const { return result_; }
    BackgroundJob* optimizerJob() const { return job_.data(); }

    // Saves the What-if page's current settings under the name and note in the edits.
    bool saveCurrent();
    void refreshList();
    void refreshComparison();
    // Starts the optimiser; false (with the reason in the banner) for bad input.
    bool startOptimizer();
    // Runs Monte Carlo (with hourly bands) for the compared rows that have none yet, in
    // the background; the overlay and table show them when done. False when all have.
    bool startBands();
    // Applies the settings of Pareto point i (-1: the optimum) to the What-if page.
    void applyParetoPoint(int index);
    // Pixel of Pareto point i on the chart (for tests: where to click).
    QPoint paretoPixel(int index) const;

  signals:
    // Settings were applied to the What-if page (a stored scenario or an optimiser point).
    void settingsApplied();
    void optimizerFinished();
    void bandsFinished();

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void onLoaded();
    // Shows the body the dataset calls for and loads its study.
    void ensureLoaded();
    void updateEnabled();
    void showResult();

    WorkbenchDocument& document_;
    WhatIfState& state_;
    GraphWhatIfState* graphState_ = nullptr;
    MessageBanner* banner_;
    QWidget* furnaceBody_ = nullptr;
    GraphScenariosView* graphView_ = nullptr;
    QLineEdit* name_;
    QPlainTextEdit* note_;
    QPushButton* save_;
    QListWidget* list_;
    QPushButton* apply_;
    QPushButton* delete_;
    QTableWidget* table_;
    ScenarioOverlayChart* chart_;
    QPushButton* bands_;
    QLabel* overlayLegend_;
    QSpinBox* bandRuns_;
    JobProgressWidget* bandsProgress_;
    QPointer<BackgroundJob> bandsJob_;
    // Per row name; cleared when the stored scenarios or the study change.
    std::map<QString, std::shared_ptr<const twinbench::MonteCarloResult>> mc_;
    struct Compared {
        QString key;  // "" for the baseline
        QString name;
        twinbench::SimulationInputs inputs;
        twinbench::SimulationResult result;
    };
    std::vector<Compared> compared_;
    QLineEdit* objective_;
    QLineEdit* constraints_;
    QDoubleSpinBox* bounds_[4];
    QPushButton* optimize_;
    JobProgressWidget* progress_;
    QLabel* optimizerSummary_;
    ParetoChart* pareto_;
    QPointer<BackgroundJob> job_;
    std::optional<twinbench::OptimizeResult> result_;
    std::vector<twinbench::Scenario> scenarios_;
};

}  // namespace twinbench::ui
