// One run of the live twin behind the Live page: core's LiveSession (the source, the
// ingest, the divergence monitor, the forecast, as `twinbench-cli watch` runs them) on a
// thread of its own with its own connection to the project, for as long as the engineer
// follows the plant. A thread of its own, not a BackgroundJob: a watch runs for hours and
// must not hold one of the few pool threads the other pages' jobs share.
//
// What the session reports arrives as signals on the GUI thread. stop() asks the loop to
// end after a last commit (as Ctrl-C does for the CLI); finished() follows. The destructor
// stops and waits.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include <QObject>
#include <QString>

#include "live/live_session.h"

namespace twinbench::ui {

class LiveRun : public QObject {
    Q_OBJECT

  public:
    LiveRun(QString projectPath, QString dataset, twinbench::LiveSourceFactory source,
            QObject* parent = nullptr);
    ~LiveRun() override;

    void start();
    void stop();
    bool isRunning() const { return running_; }
    // The plant's time zone, known once opened().
    const std::string& timeZone() const { return zone_; }

  signals:
    // The session is open: the monitor's outputs with their units and the sigmas their
    // divergence rule fires at (empty, with monitorProblem saying why, when unmonitored);
    // unwatched: the outputs the monitor leaves out, each with its reason.
    void opened(const QStringList& outputs, const QStringList& units,
                const QList<double>& fireSigmas, const QString& monitorProblem,
                const QStringList& unwatched);
    void updated(const twinbench::LiveUpdate& update);
    void forecastReady(const twinbench::LiveForecast& forecast);
    void progress(qulonglong rowsAppended, qulonglong rowsRejected);
    void linkStateChanged(const QString& state);
    void note(const QString& text);
    // Empty error: stopped cleanly after a last commit.
    void finished(const QString& error);

  private:
    void work();
    template <typename F>
    void post(F&& f);

    QString projectPath_;
    QString dataset_;
    twinbench::LiveSourceFactory source_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    bool running_ = false;
    std::string zone_;
    std::string linkState_;  // worker thread only
};

}  // namespace twinbench::ui
