#include "ui/app/live_run.h"

#include <exception>

#include <QMetaObject>

#include "data/project.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {

LiveRun::LiveRun(QString projectPath, QString dataset, twinbench::LiveSourceFactory source,
                 QObject* parent)
    : QObject(parent),
      projectPath_(std::move(projectPath)),
      dataset_(std::move(dataset)),
      source_(std::move(source)) {}

LiveRun::~LiveRun() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

template <typename F>
void LiveRun::post(F&& f) {
    // Runs on the GUI thread; the destructor joins the worker before this object dies, and
    // Qt drops what is still queued for a deleted object.
    QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
}

void LiveRun::start() {
    if (running_ || thread_.joinable()) return;
    running_ = true;
    thread_ = std::thread([this] { work(); });
}

void LiveRun::stop() {
    stop_ = true;
}

void LiveRun::work() {
    QString error;
    try {
        // The run's own connection: the GUI's stays free, SQLite (WAL) keeps them apart.
        twinbench::Project project(toPath(projectPath_), twinbench::Project::Mode::open_existing);
        const std::string dataset = toUtf8(dataset_);
        twinbench::LiveSession session(project, dataset, source_(project, dataset));
        QStringList outputs, units;
        QList<double> sigmas;
        std::string zone = "UTC";
        if (const auto* monitor = session.monitor()) {
            zone = monitor->time_zone();
            for (const auto& model : monitor->twin().twin().models) {
                outputs << toQString(model->output());
                units << toQString(model->unit());
                double sigma = 3.0;  // the default rule's, when the output has no divergence rule
                for (const auto& rule : monitor->rules())
                    if (rule.signal == model->output() &&
                        rule.kind == twinbench::AlertKind::divergence)
                        sigma = rule.fire_sigma;
                sigmas << sigma;
            }
        }
        const QString problem = toQString(session.monitor_problem());
        // Outputs the twin alongside cannot watch (a template output without its measured
        // column, an estimate without one), each with its reason.
        QStringList unwatched;
        if (const auto* monitor = session.monitor())
            for (const auto& u : monitor->unwatched()) unwatched << toQString(u);
        post([this, outputs, units, sigmas, problem, unwatched, zone] {
            zone_ = zone;
            emit opened(outputs, units, sigmas, problem, unwatched);
        });
        const auto followLink = [this, &session] {
            const std::string state = session.source().link_state();
            if (state == linkState_) return;
            linkState_ = state;
            post([this, text = toQString(state)] { emit linkStateChanged(text); });
        };
        twinbench::LiveSessionOptions options;
        options.watch.progress_interval = std::chrono::milliseconds(1000);
        twinbench::LiveSessionHooks hooks;
        hooks.stop_requested = [this] { return stop_.load(); };
        hooks.on_note = [this, &followLink](const std::string& text) {
            followLink();
            if (text != linkState_) post([this, t = toQString(text)] { emit note(t); });
        };
        hooks.on_progress = [this, &followLink](std::size_t appended, std::size_t rejected) {
            followLink();
            post([this, appended, rejected] { emit progress(appended, rejected); });
        };
        hooks.on_update = [this](const twinbench::LiveUpdate& update) {
            post([this, update] { emit updated(update); });
        };
        hooks.on_forecast = [this](const twinbench::LiveForecast& forecast) {
            post([this, forecast] { emit forecastReady(forecast); });
        };
        session.run(options, hooks);
    } catch (const std::exception& e) {
        error = toQString(e.what());
    }
    post([this, error] {
        if (thread_.joinable()) thread_.join();
        running_ = false;
        stop_ = false;
        emit finished(error);
    });
}

}  // namespace twinbench::ui
