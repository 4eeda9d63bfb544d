// Step 4: the time-series explorer. Columns of the dataset on the left (tick to plot),
// stacked strips on the right sharing the time axis in the plant's zone. Manual checks
// and other sparse sources show as points, categories and states as steps. Other pages
// (the audit's findings) point the chart at a time range through showTimeRange(), and the
// chart hands a window to the Explain page ("why did it happen?"): the A-B cursors' range
// when they are shown, else the time in view.
#pragma once

#include <utility>
#include <vector>

#include <QStringList>
#include <QWidget>

#include "data/roles.h"

class QAction;
class QLabel;
class QListWidget;
class QListWidgetItem;

namespace twinbench::ui {

class MessageBanner;
class RangeStatisticsPanel;
class TimeSeriesPlot;
class WorkbenchDocument;

class DataPage : public QWidget {
    Q_OBJECT

  public:
    explicit DataPage(WorkbenchDocument& document, QWidget* parent = nullptr);

    QStringList columns() const;
    // In list (table) order.
    QStringList checkedColumns() const;
    // Strips are drawn in the order given here; columns ticked later go below.
    void setCheckedColumns(const QStringList& names);
    // Ticks the columns holding these roles (in this order of preference); returns how many.
    int checkColumnsWithRoles(const std::vector<twinbench::Role>& roles);
    // Zooms to the range and shades it; ticks `column` first when given.
    void showTimeRange(double startUtc, double endUtc, const QString& column = {});

    TimeSeriesPlot* plot() const { return plot_; }
    RangeStatisticsPanel* rangeStatistics() const { return statistics_; }
    // "Explain this window…" (on the chart's menu and beside the cursors' button).
    QAction* explainAction() const { return explainAction_; }
    // The window it hands over, UTC seconds: the A-B range with the cursors shown, else
    // the time in view; (0, 0) when nothing is plotted.
    std::pair<double, double> explainWindow() const;

  signals:
    void explainWindowRequested(double startUtc, double endUtc);

  private:
    void reloadColumns();
    void replot();
    void updateRangeLabel(double startUtc, double endUtc);

    WorkbenchDocument& document_;
    QListWidget* list_;
    TimeSeriesPlot* plot_;
    RangeStatisticsPanel* statistics_;
    QLabel* range_;
    MessageBanner* banner_;
    QAction* explainAction_;
    QStringList plotOrder_;  // checked columns, top strip first
    bool updating_ = false;
};

}  // namespace twinbench::ui
