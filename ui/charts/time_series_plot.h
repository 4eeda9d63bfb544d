// Stacked time-series strips sharing one time axis (QCustomPlot): one strip per signal,
// so a temperature in °C and a speed in m/min each get a readable value axis. Drag pans
// and the wheel zooms time in every strip at once; each strip's value axis follows the
// data in view. Double-click shows everything again.
//
// Data is handed over once per setSeries(); repaints only re-sample what is stored
// (adaptive sampling), so 130,000-point series pan smoothly.
#pragma once

#include <vector>

#include <QStringList>
#include <QTimeZone>
#include <QVector>

#include <qcustomplot.h>

namespace twinbench::ui {

struct PlotSeries {
    enum class Style {
        line,    // continuous signal; missing values break the line
        points,  // sparse samples (manual checks): markers only
        steps,   // categories / states held until the next change
    };
    QString name;
    QString unit;
    QVector<double> times;  // UTC seconds since 1970, ascending
    QVector<double> values;
    Style style = Style::line;
    QStringList levels;  // steps: the label of code 0, 1, ...
};

class TimeSeriesPlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit TimeSeriesPlot(QWidget* parent = nullptr);

    // Times on the axis and in tooltips are wall-clock times of this zone.
    void setTimeZone(const QTimeZone& zone);
    // Replaces all strips, top to bottom in the given order. Keeps the visible time range
    // when there was one, otherwise shows all data.
    void setSeries(std::vector<PlotSeries> series);

    int seriesCount() const { return static_cast<int>(strips_.size()); }
    QCPGraph* seriesGraph(int index) const;
    QString seriesName(int index) const;

    // Zooms every strip to the range (with some context around it) and, with highlight,
    // shades it: how the audit page points at a stuck sensor or a gap.
    void showTimeRange(double startUtc, double endUtc, bool highlight = true);
    void showAll();
    QCPRange timeRange() const;
    // Span of all data of all strips; an invalid (0,0) range when empty.
    QCPRange dataTimeRange() const { return dataRange_; }

signals:
    void timeRangeChanged(double startUtc, double endUtc);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Strip {
        QCPAxisRect* rect = nullptr;
        QCPGraph* graph = nullptr;
        QCPItemText* title = nullptr;
        PlotSeries::Style style = PlotSeries::Style::line;
        QString name;
        QString unit;
        QStringList levels;
    };

    void rebuild(std::vector<PlotSeries>& series);
    void onTimeRangeChanged(const QCPRange& range);
    void fitValueAxes();
    void updateTickFormat(const QCPRange& range);
    void alignTicksToLocalMidnight();
    void applyStyle();
    void clearHighlight();
    QString tooltipAt(const QPoint& pos) const;

    std::vector<Strip> strips_;
    std::vector<QCPItemRect*> highlights_;
    QSharedPointer<QCPAxisTickerDateTime> ticker_;
    QCPMarginGroup* margins_ = nullptr;
    QCPTextElement* placeholder_ = nullptr;
    QTimeZone zone_ = QTimeZone::utc();
    QCPRange dataRange_{0.0, 0.0};
    bool syncing_ = false;
};

}  // namespace twinbench::ui
