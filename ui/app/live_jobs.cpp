#include "ui/app/live_jobs.h"

#include "data/project.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

BackgroundJob* startOwned(const QString& title, BackgroundJob::Work work, QObject* owner) {
    auto* job = new BackgroundJob(title, std::move(work), owner);
    QObject::connect(job, &BackgroundJob::finished, job, &QObject::deleteLater);
    job->start();
    return job;
}

}  // namespace

BackgroundJob* startAlertNote(const QString& projectPath, const QString& dataset,
                              twinbench::AlertEventType type, std::int64_t alertId, double atUtc,
                              const QString& by, const QString& note, QObject* owner) {
    const auto path = toPath(projectPath);
    const std::string name = toUtf8(dataset), who = toUtf8(by), text = toUtf8(note);
    return startOwned(
        QObject::tr("Storing the acknowledgement"),
        [path, name, type, alertId, atUtc, who, text](const twinbench::ProgressCallback&) {
            twinbench::Project project(path, twinbench::Project::Mode::open_existing);
            const auto info = project.dataset(name);
            if (type == twinbench::AlertEventType::acknowledged)
                twinbench::acknowledge_alert(project, info, alertId, atUtc, who, text);
            else
                twinbench::annotate_alert(project, info, alertId, atUtc, who, text);
        },
        owner);
}

BackgroundJob* startRecommendation(const QString& projectPath, const QString& dataset,
                                   const twinbench::RecommendationRequest& request,
                                   const std::shared_ptr<twinbench::Recommendation>& out,
                                   QObject* owner) {
    const auto path = toPath(projectPath);
    const std::string name = toUtf8(dataset);
    return startOwned(
        QObject::tr("Finding the settings"),
        [path, name, request, out](const twinbench::ProgressCallback& progress) {
            twinbench::Project project(path, twinbench::Project::Mode::open_existing);
            *out = twinbench::log_recommendation(
                project, twinbench::recommend_settings(project, name, request, progress));
        },
        owner);
}

BackgroundJob* startDecision(const QString& projectPath,
                             const twinbench::Recommendation& recommendation,
                             const RecommendationDecision& decision, QObject* owner) {
    const auto path = toPath(projectPath);
    const std::string by = toUtf8(decision.by), reason = toUtf8(decision.reason),
                      zone = toUtf8(decision.timeZone);
    const bool approve = decision.approve;
    const twinbench::PublishTarget target = decision.target;
    return startOwned(
        approve ? QObject::tr("Publishing the approved settings")
                : QObject::tr("Logging the rejection"),
        [path, recommendation, approve, target, by, reason,
         zone](const twinbench::ProgressCallback&) {
            twinbench::Project project(path, twinbench::Project::Mode::open_existing);
            if (approve)
                twinbench::approve_recommendation(project, recommendation, target, by, zone);
            else
                twinbench::reject_recommendation(project, recommendation, by, reason);
        },
        owner);
}

}  // namespace twinbench::ui
