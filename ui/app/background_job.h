// Runs one piece of engine work (import, preview, audit) on a worker thread so the window
// stays responsive. The engine reports progress through its ProgressCallback; this class
// turns those calls into queued progressChanged() signals on the GUI thread and answers
// the callback with false once cancel() was asked, so the engine throws Cancelled and
// rolls back.
//
// Results travel through whatever the work lambda captures (typically a shared_ptr the
// caller also holds): a Qt signal cannot carry a template type, and the lambda knows best.
#pragma once

#include <functional>
#include <memory>

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>

#include "common/progress.h"

namespace twinbench::ui {

class BackgroundJob : public QObject {
    Q_OBJECT

public:
    using Work = std::function<void(const twinbench::ProgressCallback& progress)>;
    enum class Outcome { pending, running, succeeded, failed, cancelled };

    BackgroundJob(QString title, Work work, QObject* parent = nullptr);
    // Asks the work to stop and waits for it: a worker must never outlive what it reports to.
    ~BackgroundJob() override;

    void start();
    void cancel();

    QString title() const { return title_; }
    Outcome outcome() const { return outcome_; }
    bool isRunning() const { return outcome_ == Outcome::running; }
    bool isCancelRequested() const;
    QString errorMessage() const { return errorMessage_; }
    // Exit code of a twinbench::Error (3 bad input, 5 project...), 0 otherwise.
    int errorCode() const { return errorCode_; }
    // Blocks until the work is done and its outcome delivered. For the command line
    // (--screenshot) and tests; the GUI listens to finished() instead.
    void waitForFinished();

signals:
    void progressChanged(double fraction, const QString& what);
    void succeeded();
    void failed(const QString& message);
    void cancelled();
    // After succeeded(), failed() or cancelled().
    void finished();

private:
    struct Shared;
    struct Result {
        Outcome outcome = Outcome::succeeded;
        QString message;
        int code = 0;
    };
    void deliver(const Result& result);

    QString title_;
    Work work_;
    std::shared_ptr<Shared> shared_;
    QFutureWatcher<Result> watcher_;
    Outcome outcome_ = Outcome::pending;
    QString errorMessage_;
    int errorCode_ = 0;
};

// Lets a job whose result is no longer wanted (a newer audit, fit or preview replaced it)
// end on its own instead of blocking the window: `listener` stops hearing from it, the work
// is asked to stop, the job deletes itself when done, and `job` is cleared.
void retire_job(QPointer<BackgroundJob>& job, QObject* listener);

}  // namespace twinbench::ui
