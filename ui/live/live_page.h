// The Live page (issue 16): follow the running plant. The engineer picks a source (a
// folder of CSV exports, an MQTT topic, or a source another part of the workbench adds:
// sourcePicker()->addSourceKind) and presses Start; core's LiveSession runs on a thread
// of its own (LiveRun), appending the rows to the dataset and running the twin alongside,
// until Stop (a last commit, as Ctrl-C in `twinbench-cli watch`). Per output with a
// model: the recorded signal, the twin's prediction in its band, the residual, and the
// "nothing changes" forecast from now with the time to each limit; the alert list with
// Acknowledge and Add note; and the optimiser's recommendation, published only once the
// engineer approves it. The link's state goes to the main window's status bar.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include <QPointer>
#include <QWidget>

#include "live/live_session.h"
#include "ui/live/live_chart.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace twinbench::ui {

class LiveAlertsPanel;
class LiveRun;
class LiveSourcePicker;
class MessageBanner;
class RecommendationPanel;
class TrainingPanel;
class WorkbenchDocument;

class LivePage : public QWidget {
    Q_OBJECT

  public:
    explicit LivePage(WorkbenchDocument& document, QWidget* parent = nullptr);
    ~LivePage() override;

    // Starts following the chosen source; false (the banner says why) without a dataset
    // or with incomplete settings.
    bool start();
    // Asks the run to stop after a last commit; runningChanged(false) follows.
    void stop();
    // Stops and waits for the last commit (closing the window or the project).
    void stopAndWait();
    bool isRunning() const;

    LiveSourcePicker* sourcePicker() const { return picker_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* stopButton() const { return stop_; }
    QComboBox* outputBox() const { return output_; }
    LiveChart* chart() const { return chart_; }
    LiveAlertsPanel* alerts() const { return alerts_; }
    RecommendationPanel* recommendations() const { return recommendations_; }
    // The page's two tabs: following the plant, and a training session in which the twin
    // plays the plant (training/training_panel.h), set up for the current dataset when
    // its tab is first shown after a change.
    QTabWidget* tabs() const { return tabs_; }
    TrainingPanel* training() const { return training_; }
    void showTraining();
    QLabel* linkLabel() const { return link_; }
    QLabel* rowsLabel() const { return rows_; }
    QLabel* forecastLabel() const { return forecastText_; }
    MessageBanner* banner() const { return banner_; }
    // The points received so far for an output (nullptr before the first).
    const LiveTrace* trace(const QString& output) const;
    // The latest forecast (nullopt before the first).
    const std::optional<twinbench::LiveForecast>& forecast() const { return forecast_; }
    // "following 1 file · 1,234 rows": what the status bar shows while a watch runs.
    QString statusText() const;

  signals:
    void runningChanged(bool running);
    // The status bar's text changed ("" once no watch runs).
    void statusChanged(const QString& text);

  private:
    void reload();
    void opened(const QStringList& outputs, const QStringList& units, const QList<double>& sigmas,
                const QString& problem, const QStringList& unwatched);
    void updated(const twinbench::LiveUpdate& update);
    void showForecast(const twinbench::LiveForecast& forecast);
    void showOutput();
    void finished(const QString& error);
    void setRunning(bool running);

    WorkbenchDocument& document_;
    MessageBanner* banner_;
    LiveSourcePicker* picker_;
    QPushButton* start_;
    QPushButton* stop_;
    QLabel* link_;
    QLabel* rows_;
    QComboBox* output_;
    LiveChart* chart_;
    QLabel* forecastText_;
    LiveAlertsPanel* alerts_;
    RecommendationPanel* recommendations_;
    QTabWidget* tabs_;
    TrainingPanel* training_;
    bool trainingStale_ = true;  // set up again for the document's dataset when shown
    std::unique_ptr<LiveRun> run_;
    QString runDataset_;
    QString linkState_;
    qulonglong rowsAppended_ = 0;
    qulonglong rowsRejected_ = 0;
    std::map<QString, LiveTrace> traces_;
    std::map<QString, QString> units_;
    std::map<QString, double> sigmas_;
    std::optional<twinbench::LiveForecast> forecast_;
};

}  // namespace twinbench::ui
