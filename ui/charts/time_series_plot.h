// Stacked time-series strips sharing one time axis (QCustomPlot): one strip per signal,
// so a temperature in °C and a speed in m/min each get a readable value axis. Drag pans
// and the wheel zooms time in every strip at once; each strip's value axis follows the
// data in view. Double-click shows everything again.
//
// Data is handed over once per setSeries(); repaints only re-sample what is stored
// (adaptive sampling), so 130,000-point series pan smoothly.
//
// A/B cursors: two vertical lines across every strip that bound a time range for
// statistics (RangeStatisticsPanel). Drag a line with the mouse, or with the keyboard:
// A / B picks the cursor, Left / Right move it by 1/200 of the view (Shift: 1/20),
// Home / End put it on the view's edges.
#pragma once

#include <optional>
#include <vector>

#include <QStringList>
#include <QTimeZone>
#include <QVector>

#include <qcustomplot.h>

#include "data/roles.h"

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
    QStringList levels;                            // steps: the label of code 0, 1, ...
    twinbench::Role role = twinbench::Role::none;  // what the signal means (energy, scrap...)
};

enum class AbCursor { a, b };

class TimeSeriesPlot : public QCustomPlot {
    Q_OBJECT

  public:
    explicit TimeSeriesPlot(QWidget* parent = nullptr);

    // Times on the axis and in tooltips are wall-clock times of this zone.
    void setTimeZone(const QTimeZone& zone);
    QTimeZone timeZone() const { return zone_; }
    // Replaces all strips, top to bottom in the given order. Keeps the visible time range
    // when there was one, otherwise shows all data.
    void setSeries(std::vector<PlotSeries> series);

    int seriesCount() const { return static_cast<int>(strips_.size()); }
    QCPGraph* seriesGraph(int index) const;
    QString seriesName(int index) const;
    QString seriesUnit(int index) const;
    twinbench::Role seriesRole(int index) const;
    PlotSeries::Style seriesStyle(int index) const;

    // A/B cursors. Shown for the first time, they bound the middle third of the view.
    void setCursorsVisible(bool visible);
    bool cursorsVisible() const { return cursorsVisible_; }
    void setCursorTime(AbCursor cursor, double utc);
    double cursorTime(AbCursor cursor) const { return cursorTime_[index(cursor)]; }
    void setActiveCursor(AbCursor cursor) { activeCursor_ = cursor; }
    AbCursor activeCursor() const { return activeCursor_; }
    // The toggle for menus and toolbars ("A/B cursors", checkable, shortcut C on the chart).
    QAction* cursorsAction() const { return cursorsAction_; }

    // Zooms every strip to the range (with some context around it) and, with highlight,
    // shades it: how the audit page points at a stuck sensor or a gap.
    void showTimeRange(double startUtc, double endUtc, bool highlight = true);
    void showAll();
    QCPRange timeRange() const;
    // Span of all data of all strips; an invalid (0,0) range when empty.
    QCPRange dataTimeRange() const { return dataRange_; }

  signals:
    void timeRangeChanged(double startUtc, double endUtc);
    // A cursor moved or the cursors were shown or hidden.
    void cursorsChanged();
    // setSeries() replaced the strips.
    void seriesChanged();

  protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
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
        twinbench::Role role = twinbench::Role::none;
    };
    static std::size_t index(AbCursor cursor) { return cursor == AbCursor::a ? 0 : 1; }

    void rebuild(std::vector<PlotSeries>& series);
    void onTimeRangeChanged(const QCPRange& range);
    void fitValueAxes();
    void updateTickFormat(const QCPRange& range);
    void alignTicksToLocalMidnight();
    void applyStyle();
    void clearHighlight();
    QString tooltipAt(const QPoint& pos) const;
    void placeCursorItems();
    void updateCursorItems();
    // The cursor whose line is within a few pixels of x, if any.
    std::optional<AbCursor> cursorNear(int x) const;

    std::vector<Strip> strips_;
    std::vector<QCPItemRect*> highlights_;
    QSharedPointer<QCPAxisTickerDateTime> ticker_;
    QCPMarginGroup* margins_ = nullptr;
    QCPTextElement* placeholder_ = nullptr;
    QTimeZone zone_ = QTimeZone::utc();
    QCPRange dataRange_{0.0, 0.0};
    bool syncing_ = false;

    bool cursorsVisible_ = false;
    double cursorTime_[2] = {qQNaN(), qQNaN()};
    AbCursor activeCursor_ = AbCursor::a;
    std::optional<AbCursor> dragging_;
    struct CursorItems {
        std::vector<QCPItemStraightLine*> lines;  // one per strip
        QCPItemText* label = nullptr;             // "A" / "B" at the top of the first strip
    };
    CursorItems cursorItems_[2];
    QAction* cursorsAction_ = nullptr;
};

}  // namespace twinbench::ui
