// The optimiser for any process (Scenarios page): the constant settings of the process
// graph's controls that minimise or maximise one output, count rate or KPI, subject to
// constraints on the others (by default each "no worse than today": at most its baseline
// value; the engineer turns a row to at least, to a limit of their own, or free), each
// control within its bounds (by default the data's envelope). core's
// optimize_graph_controls searches in the background with progress and cancel; then a
// Monte Carlo of the answer gives every figure's P10-P90, and a P90 (P10 for an "at
// least") beyond its limit is warned about. "Apply on What-if" sets the answer as one
// undo step.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "opt/graph_optimizer.h"
#include "sim/graph_monte_carlo.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;
class GraphWhatIfState;
class JobProgressWidget;
class MessageBanner;

class GraphOptimizerPanel : public QWidget {
    Q_OBJECT

  public:
    // How a figure other than the objective is kept.
    enum class Keep { free, no_higher_than_today, no_lower_than_today, at_most, at_least };

    GraphOptimizerPanel(GraphWhatIfState& state, MessageBanner& banner, QWidget* parent = nullptr);
    ~GraphOptimizerPanel() override;

    QComboBox* directionBox() const { return direction_; }  // 0 minimise, 1 maximise
    QComboBox* objectiveBox() const { return objective_; }  // the state's figures (index = figure)
    // One row per figure but the objective: name, how it is kept, the limit.
    QTableWidget* constraintTable() const { return constraints_; }
    QTableWidget* boundsTable() const { return bounds_; }  // per control: from, to
    QPushButton* optimizeButton() const { return optimize_; }
    QPushButton* applyButton() const { return apply_; }
    QLabel* summary() const { return summary_; }  // the settings and the figures' table
    QLabel* notes() const { return notes_; }      // evaluations, unmet constraints, warnings
    JobProgressWidget* progress() const { return progress_; }
    BackgroundJob* job() const { return job_.data(); }

    // Sets how the constraint row of a figure (by the state's figure index) is kept.
    void setKeep(int figure, Keep keep, double limit = 0.0);
    // The options the panel would run with (throws UsageError for a bad entry).
    twinbench::GraphOptimizeOptions options() const;
    bool start();
    const std::optional<twinbench::GraphOptimizeResult>& result() const { return result_; }
    // The Monte Carlo of the answer (figures' P10-P90).
    const std::optional<twinbench::GraphMonteCarloResult>& resultBand() const { return band_; }
    // The warnings shown: a constraint whose P90 (P10 for "at least") breaks its limit.
    const QStringList& riskWarnings() const { return risks_; }
    int monteCarloRuns() const { return runs_; }
    void setMonteCarloRuns(int runs) { runs_ = runs; }
    void apply();

  signals:
    void finished();
    void settingsApplied();

  private:
    void rebuild();
    void rebuildConstraints();
    void showResult();
    void clearResult();

    GraphWhatIfState& state_;
    MessageBanner& banner_;
    QComboBox* direction_;
    QComboBox* objective_;
    QTableWidget* constraints_;
    QTableWidget* bounds_;
    QPushButton* optimize_;
    JobProgressWidget* progress_;
    QLabel* summary_;
    QLabel* notes_;
    QPushButton* apply_;
    QPointer<BackgroundJob> job_;
    std::optional<twinbench::GraphOptimizeResult> result_;
    std::optional<twinbench::GraphMonteCarloResult> band_;
    QStringList risks_;
    int runs_ = 100;
};

}  // namespace twinbench::ui
