// Step 6: "what happens if...?". The engineer moves the controls on the left (each with
// the data's envelope) and every view follows at once: the KPI tiles against the
// baseline with their Monte Carlo band, the profiler grid, the speed x setpoint map and
// the simulated horizon. Changes go through the undo stack; a slider drag is one step.
#pragma once

#include <QWidget>

class QLabel;
class QSplitter;

namespace twinbench::ui {

class ContourView;
class GraphWhatIfState;
class GraphWhatIfView;
class JobProgressWidget;
class KpiTiles;
class LimitsEditor;
class MessageBanner;
class ParameterPanel;
class ProfilerGrid;
class SimulationChart;
class WhatIfState;
class WorkbenchDocument;

class WhatIfPage : public QWidget {
    Q_OBJECT

  public:
    WhatIfPage(WorkbenchDocument& document, WhatIfState& state, QWidget* parent = nullptr);
    ~WhatIfPage() override;

    WhatIfState& state() const { return state_; }
    ParameterPanel* parameters() const { return parameters_; }
    LimitsEditor* limitsEditor() const { return limitsEditor_; }
    KpiTiles* tiles() const { return tiles_; }
    ProfilerGrid* profiler() const { return profiler_; }
    ContourView* contour() const { return contour_; }
    SimulationChart* chart() const { return chart_; }
    MessageBanner* banner() const { return banner_; }
    QLabel* summary() const { return summary_; }
    // The page's body for any other process than the furnace template (generic roles).
    GraphWhatIfView* graphView() const { return graphView_; }
    GraphWhatIfState& graphState() const { return *graphState_; }
    bool showsGraph() const;

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void ensureLoaded();
    void showWarnings();
    void showGraphWarnings();

    WorkbenchDocument& document_;
    WhatIfState& state_;
    QLabel* summary_;
    JobProgressWidget* progress_;
    MessageBanner* banner_;
    ParameterPanel* parameters_;
    LimitsEditor* limitsEditor_;
    KpiTiles* tiles_;
    ProfilerGrid* profiler_;
    ContourView* contour_;
    SimulationChart* chart_;
    QSplitter* charts_ = nullptr;
    QWidget* furnaceBody_ = nullptr;
    GraphWhatIfState* graphState_;
    GraphWhatIfView* graphView_;
};

}  // namespace twinbench::ui
