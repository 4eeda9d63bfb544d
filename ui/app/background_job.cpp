#include "ui/app/background_job.h"

#include <atomic>
#include <exception>

#include <QElapsedTimer>
#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include "common/error.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {

// Shared by the GUI thread (cancel) and the worker (progress throttling).
struct BackgroundJob::Shared {
    std::atomic<bool> cancel{false};
    QElapsedTimer sinceLastReport;  // worker thread only
};

namespace {
// A progress bar needs ~30 updates a second at most; the engine may call far more often.
constexpr qint64 report_interval_ms = 33;
}  // namespace

BackgroundJob::BackgroundJob(QString title, Work work, QObject* parent)
    : QObject(parent), title_(std::move(title)), work_(std::move(work)), shared_(std::make_shared<Shared>()) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] { deliver(watcher_.result()); });
}

BackgroundJob::~BackgroundJob() {
    shared_->cancel = true;
    watcher_.disconnect(this);
    watcher_.waitForFinished();
}

bool BackgroundJob::isCancelRequested() const { return shared_->cancel.load(); }

void BackgroundJob::cancel() { shared_->cancel = true; }

void BackgroundJob::start() {
    if (outcome_ != Outcome::pending) return;
    outcome_ = Outcome::running;
    auto shared = shared_;
    auto work = work_;
    // Progress is posted to this object's thread; the destructor waits for the worker, so
    // `self` is alive whenever the worker posts, and Qt drops posts to a dead object.
    BackgroundJob* self = this;
    watcher_.setFuture(QtConcurrent::run([shared, work, self]() -> Result {
        const twinbench::ProgressCallback progress = [shared, self](double fraction, std::string_view what) {
            if (shared->cancel.load()) return false;
            if (!shared->sinceLastReport.isValid() || shared->sinceLastReport.elapsed() >= report_interval_ms ||
                fraction >= 1.0) {
                shared->sinceLastReport.start();
                const QString text = toQString(what);
                QMetaObject::invokeMethod(
                    self, [self, fraction, text] { emit self->progressChanged(fraction, text); }, Qt::QueuedConnection);
            }
            return true;
        };
        try {
            if (shared->cancel.load()) throw twinbench::Cancelled();
            work(progress);
            return {};
        } catch (const twinbench::Cancelled&) {
            return {Outcome::cancelled, {}, 0};
        } catch (const twinbench::Error& e) {
            return {Outcome::failed, toQString(e.what()), static_cast<int>(e.code())};
        } catch (const std::exception& e) {
            return {Outcome::failed, toQString(e.what()), 0};
        } catch (...) {
            return {Outcome::failed, QStringLiteral("unexpected error in the background task"), 0};
        }
    }));
}

void BackgroundJob::waitForFinished() {
    if (outcome_ != Outcome::running) return;
    watcher_.waitForFinished();
    // The watcher's finished signal is queued; deliver now so callers see the outcome.
    if (outcome_ == Outcome::running) deliver(watcher_.result());
}

void BackgroundJob::deliver(const Result& result) {
    if (outcome_ != Outcome::running) return;  // already delivered by waitForFinished()
    outcome_ = result.outcome;
    errorMessage_ = result.message;
    errorCode_ = result.code;
    switch (result.outcome) {
        case Outcome::succeeded:
            emit progressChanged(1.0, QString());
            emit succeeded();
            break;
        case Outcome::failed:
            emit failed(result.message);
            break;
        case Outcome::cancelled:
            emit cancelled();
            break;
        case Outcome::pending:
        case Outcome::running:
            break;
    }
    emit finished();
}

void retire_job(QPointer<BackgroundJob>& job, QObject* listener) {
    if (!job) return;
    job->disconnect(listener);
    job->cancel();
    QObject::connect(job.data(), &BackgroundJob::finished, job.data(), &QObject::deleteLater);
    job = nullptr;
}

}  // namespace twinbench::ui
