// The horizon of any process, one panel per modelled output: the baseline ("if nothing
// changes", grey), the scenario, the Monte Carlo P10-P90 band shaded around it once it is
// in, and the limits as dashed lines. Hours from the horizon's start on a time axis, the
// row within the horizon for per-item data.
#pragma once

#include <string>
#include <vector>

#include <qcustomplot.h>

namespace twinbench::ui {

class GraphWhatIfState;

class GraphTimeChart : public QCustomPlot {
    Q_OBJECT

  public:
    explicit GraphTimeChart(GraphWhatIfState& state, QWidget* parent = nullptr);

    int panelCount() const { return static_cast<int>(panels_.size()); }
    const std::string& panelOutput(int panel) const { return panels_[static_cast<std::size_t>(panel)].output; }
    QCPAxisRect* panelRect(int panel) const { return panels_[static_cast<std::size_t>(panel)].rect; }
    QCPGraph* baselineGraph(int panel) const { return panels_[static_cast<std::size_t>(panel)].baseline; }
    QCPGraph* scenarioGraph(int panel) const { return panels_[static_cast<std::size_t>(panel)].scenario; }
    QCPGraph* bandLowGraph(int panel) const { return panels_[static_cast<std::size_t>(panel)].low; }
    QCPGraph* bandHighGraph(int panel) const { return panels_[static_cast<std::size_t>(panel)].high; }
    // The limit lines drawn in a panel (none when the output has no limit).
    std::vector<QCPItemStraightLine*> limitLines(int panel) const {
        return panels_[static_cast<std::size_t>(panel)].limits;
    }

    void refresh();

  private:
    void rebuild();
    void refreshBand();
    void refreshLimits();
    void fitValueAxes();

    struct Panel {
        std::string output;
        QCPAxisRect* rect = nullptr;
        QCPGraph *low = nullptr, *high = nullptr, *baseline = nullptr, *scenario = nullptr;
        std::vector<QCPItemStraightLine*> limits;
    };
    GraphWhatIfState& state_;
    std::vector<Panel> panels_;
    QVector<double> keys_;
    QCPLayer* scenarioLayer_ = nullptr;
    bool drawnDragging_ = false;
};

}  // namespace twinbench::ui
