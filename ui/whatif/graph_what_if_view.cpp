#include "ui/whatif/graph_what_if_view.h"

#include <QHBoxLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/whatif/graph_contour_view.h"
#include "ui/whatif/graph_control_panel.h"
#include "ui/whatif/graph_outcome_tiles.h"
#include "ui/whatif/graph_profiler.h"
#include "ui/whatif/graph_time_chart.h"

namespace twinbench::ui {

GraphWhatIfView::GraphWhatIfView(GraphWhatIfState& state, QWidget* parent)
    : QWidget(parent),
      state_(state),
      controls_(new GraphControlPanel(state, this)),
      tiles_(new GraphOutcomeTiles(state, this)),
      profiler_(new GraphProfiler(state, this)),
      chart_(new GraphTimeChart(state, this)),
      contour_(new GraphContourView(state, this)) {
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(controls_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFixedWidth(330);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(tiles_);
    auto* charts = new QSplitter(Qt::Vertical, right);
    auto* top = new QSplitter(Qt::Horizontal, charts);
    top->addWidget(profiler_);
    top->addWidget(contour_);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({560, 400});
    charts->addWidget(top);
    charts->addWidget(chart_);
    charts->setStretchFactor(0, 1);
    charts->setStretchFactor(1, 1);
    charts->setSizes({400, 440});
    rightLayout->addWidget(charts, 1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    layout->addWidget(right, 1);
}

QString GraphWhatIfView::summaryText() const {
    if (!state_.isLoaded()) return {};
    QString text =
        state_.hasTimeAxis()
            ? tr("Baseline: the last %1 h of the data replayed, the controls at their median over it. Drag a "
                 "control: every view follows.")
                  .arg(state_.horizonHours(), 0, 'f', 0)
            : tr("Baseline: the last %1 rows of the data (no time axis) replayed, the controls at their median "
                 "over them. Drag a control: every view follows.")
                  .arg(state_.horizonRows());
    if (state_.study()->fitted_now) text += tr(" Models fitted for this session (none stored in the project).");
    return text;
}

QString GraphWhatIfView::warningText() const {
    if (!state_.isLoaded()) return {};
    QStringList lines;
    for (const auto& w : state_.result().warnings) lines << toQString(w);
    lines.removeDuplicates();
    return lines.join(QLatin1Char('\n'));
}

}  // namespace twinbench::ui
