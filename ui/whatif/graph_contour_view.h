// Two-factor map for any process: one output, count rate or KPI over any two controls
// (the others as set on the What-if page), as a colour map with contour lines at round
// levels (contour_lines.h), the data's envelope (P1-P99 of each control) outlined and the
// current setting marked. The colour scale spans the plausible values of the shown
// region, the 2nd to 98th percentile of the cells inside the envelope, so one corner the
// plant never ran at cannot wash every other colour out; cells beyond take the end colours.
#pragma once

#include <string>
#include <vector>

#include <QPointer>
#include <QString>
#include <QWidget>

#include "ui/app/graph_what_if_state.h"

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPCurve;
class QCPGraph;
class QCPItemText;
class QLabel;

namespace twinbench::ui {

class BackgroundJob;

class GraphContourView : public QWidget {
    Q_OBJECT

  public:
    explicit GraphContourView(GraphWhatIfState& state, QWidget* parent = nullptr);

    QComboBox* xBox() const { return x_; }
    QComboBox* yBox() const { return y_; }
    QComboBox* figureBox() const { return figure_; }  // index = the state's figure
    QCustomPlot* plot() const { return plot_; }
    QCPColorMap* colourMap() const { return map_; }
    QLabel* note() const { return note_; }
    int gridPoints() const { return n_; }
    void setGridPoints(int n) { n_ = std::max(n, 3); }
    // The grid (row-major: y rows, x columns) and the controls' values along it.
    const std::vector<double>& mapValues() const { return values_; }
    const std::vector<double>& xValues() const { return xs_; }
    const std::vector<double>& yValues() const { return ys_; }
    // The envelope's box the colour scale is taken over.
    double envelopeLow(bool y) const { return y ? yEnv_[0] : xEnv_[0]; }
    double envelopeHigh(bool y) const { return y ? yEnv_[1] : xEnv_[1]; }
    const std::vector<double>& contourLevels() const { return levels_; }
    // Maps drawn since load (a drag of x or y moves only the point).
    int mapsComputed() const { return computed_; }
    // The grid being worked out (nullptr when the drawn map is current).
    BackgroundJob* mapJob() const { return job_.data(); }

    void refresh();

  signals:
    void mapDrawn();

  private:
    void clear();
    void rebuildChoices();
    void startMap();
    void drawMap(int x, int y, int figure, std::vector<double> values);
    void refreshPoint();

    GraphWhatIfState& state_;
    QComboBox* x_;
    QComboBox* y_;
    QComboBox* figure_;
    QLabel* note_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    QCPGraph* point_;
    QCPCurve* envelope_;
    std::vector<QCPCurve*> curves_;
    std::vector<QCPItemText*> labels_;
    std::vector<double> values_, xs_, ys_, levels_;
    double xEnv_[2] = {0.0, 0.0}, yEnv_[2] = {0.0, 0.0};
    int n_ = 21;
    int computed_ = 0;
    // What the drawn map was computed for: the choices and the other controls' values.
    QString mapKey_;
    QPointer<BackgroundJob> job_;
};

}  // namespace twinbench::ui
