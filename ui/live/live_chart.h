// The Live page's chart of one output (QCustomPlot): on top the recorded signal (dots),
// the twin's prediction (a line) inside its band (prediction ± the band the divergence
// rule fires outside, filled), the "nothing changes" forecast from now (dashed) and the
// output's limit; below, on the same time axis, the residual (measured - expected)
// with the band's half-width either side of zero.
#pragma once

#include <optional>

#include <QTimeZone>
#include <QVector>
#include <QWidget>

class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;

namespace twinbench::ui {

// One output's points so far (UTC seconds).
struct LiveTrace {
    QVector<double> time;
    QVector<double> measured;  // NaN where the row did not measure it
    QVector<double> expected;
    QVector<double> bandHalfWidth;  // fire_sigma x band sd
    QVector<double> residual;
};

class LiveChart : public QWidget {
    Q_OBJECT

  public:
    explicit LiveChart(QWidget* parent = nullptr);

    void setTimeZone(const QTimeZone& zone) { zone_ = zone; }
    // Replaces what is drawn; the time axis shows the trace and the forecast.
    void showTrace(const QString& output, const QString& unit, const LiveTrace& trace);
    void setForecast(const QVector<double>& time, const QVector<double>& values,
                     std::optional<double> limit);
    void clear();

    QCustomPlot* plot() const { return plot_; }
    QCPGraph* measuredGraph() const { return measured_; }
    QCPGraph* expectedGraph() const { return expected_; }
    // The band: its upper edge is filled down to its lower edge.
    QCPGraph* bandUpperGraph() const { return upper_; }
    QCPGraph* bandLowerGraph() const { return lower_; }
    QCPGraph* forecastGraph() const { return forecast_; }
    QCPGraph* residualGraph() const { return residual_; }
    QCPItemStraightLine* limitLine() const { return limit_; }
    QCPAxisRect* signalRect() const { return signalRect_; }

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void rescale();

    QCustomPlot* plot_;
    QCPAxisRect* signalRect_;
    QCPAxisRect* residualRect_;
    QCPGraph* upper_;
    QCPGraph* lower_;
    QCPGraph* expected_;
    QCPGraph* measured_;
    QCPGraph* forecast_;
    QCPGraph* residual_;
    QCPGraph* residualUpper_;
    QCPGraph* residualLower_;
    QCPItemStraightLine* limit_;
    QTimeZone zone_ = QTimeZone::utc();
};

}  // namespace twinbench::ui
