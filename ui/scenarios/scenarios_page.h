// Step 7: "which change should we make?". Saves the What-if settings as named scenarios
// with a note (in the project), compares several against the baseline (KPI table and
// overlaid charts), and runs the optimiser (objective, constraints, bounds) in the
// background; clicking a point of its Pareto front applies those settings on the What-if
// page.
#pragma once

#include <optional>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "opt/optimizer.h"
#include "sim/scenario.h"

class QCustomPlot;
class QCPGraph;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;
class JobProgressWidget;
class MessageBanner;
class TimeSeriesPlot;
class WhatIfState;
class WorkbenchDocument;

class ScenariosPage : public QWidget {
    Q_OBJECT

  public:
    ScenariosPage(WorkbenchDocument& document, WhatIfState& state, QWidget* parent = nullptr);
    ~ScenariosPage() override;

    QLineEdit* nameEdit() const { return name_; }
    QPlainTextEdit* noteEdit() const { return note_; }
    QPushButton* saveButton() const { return save_; }
    QListWidget* scenarioList() const { return list_; }
    QPushButton* applyButton() const { return apply_; }
    QPushButton* deleteButton() const { return delete_; }
    // Rows: baseline, then each checked scenario; columns: the KPIs of the tiles.
    QTableWidget* comparisonTable() const { return table_; }
    TimeSeriesPlot* comparisonChart() const { return chart_; }
    QLineEdit* objectiveEdit() const { return objective_; }
    QLineEdit* constraintsEdit() const { return constraints_; }
    QDoubleSpinBox* boundBox(int i) const { return bounds_[i]; }  // speed min/max, setpoint min/max
    QPushButton* optimizeButton() const { return optimize_; }
    QCustomPlot* paretoPlot() const { return pareto_; }
    QLabel* optimizerSummary() const { return optimizerSummary_; }
    MessageBanner* banner() const { return banner_; }
    const std::optional<twinbench::OptimizeResult>& optimizerResult() const { return result_; }
    BackgroundJob* optimizerJob() const { return job_.data(); }

    // Saves the What-if page's current settings under the name and note in the edits.
    bool saveCurrent();
    void refreshList();
    void refreshComparison();
    // Starts the optimiser; false (with the reason in the banner) for bad input.
    bool startOptimizer();
    // Applies the settings of Pareto point i (-1: the optimum) to the What-if page.
    void applyParetoPoint(int index);
    // Pixel of Pareto point i on the chart (for tests: where to click).
    QPoint paretoPixel(int index) const;

  signals:
    // Settings were applied to the What-if page (a stored scenario or an optimiser point).
    void settingsApplied();
    void optimizerFinished();

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void onLoaded();
    void showResult();
    bool eventFilter(QObject* watched, QEvent* event) override;

    WorkbenchDocument& document_;
    WhatIfState& state_;
    MessageBanner* banner_;
    QLineEdit* name_;
    QPlainTextEdit* note_;
    QPushButton* save_;
    QListWidget* list_;
    QPushButton* apply_;
    QPushButton* delete_;
    QTableWidget* table_;
    TimeSeriesPlot* chart_;
    QLineEdit* objective_;
    QLineEdit* constraints_;
    QDoubleSpinBox* bounds_[4];
    QPushButton* optimize_;
    JobProgressWidget* progress_;
    QLabel* optimizerSummary_;
    QCustomPlot* pareto_;
    QCPGraph* paretoGraph_ = nullptr;
    QCPGraph* bestGraph_ = nullptr;
    QPointer<BackgroundJob> job_;
    std::optional<twinbench::OptimizeResult> result_;
    std::vector<twinbench::Scenario> scenarios_;
};

}  // namespace twinbench::ui
