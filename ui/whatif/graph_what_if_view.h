// The What-if page's body for any process (not the furnace template): a slider per
// control on the left; on the right the tiles of the outputs and KPIs, the profiler grid
// (outputs/KPIs x controls) beside the contour map of any two controls, and the horizon's
// time chart with limits and the Monte Carlo band. Every view follows the GraphWhatIfState
// it is given.
#pragma once

#include <QWidget>

namespace twinbench::ui {

class GraphContourView;
class GraphControlPanel;
class GraphOutcomeTiles;
class GraphProfiler;
class GraphTimeChart;
class GraphWhatIfState;

class GraphWhatIfView : public QWidget {
    Q_OBJECT

  public:
    explicit GraphWhatIfView(GraphWhatIfState& state, QWidget* parent = nullptr);

    GraphWhatIfState& state() const { return state_; }
    GraphControlPanel* controls() const { return controls_; }
    GraphOutcomeTiles* tiles() const { return tiles_; }
    GraphProfiler* profiler() const { return profiler_; }
    GraphTimeChart* chart() const { return chart_; }
    GraphContourView* contour() const { return contour_; }

    // One line for the page's header: what the baseline is.
    QString summaryText() const;
    // The engine's warnings for the banner (no model, extrapolation, untrusted models).
    QString warningText() const;

  private:
    GraphWhatIfState& state_;
    GraphControlPanel* controls_;
    GraphOutcomeTiles* tiles_;
    GraphProfiler* profiler_;
    GraphTimeChart* chart_;
    GraphContourView* contour_;
};

}  // namespace twinbench::ui
