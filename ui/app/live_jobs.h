// What the Live page writes to the project besides the rows (those are LiveRun's): the
// engineer's acknowledgements and notes on alerts, the recommendations and the decisions on
// them. Each is a background job with its own connection, so the window never waits on
// the watcher's commits or on a broker; the page only says what to write.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <QObject>
#include <QString>

#include "live/alert_events.h"
#include "live/recommendation.h"
#include "live/recommendation_publisher.h"

namespace twinbench::ui {

class BackgroundJob;

// Started jobs, owned by `owner` and deleted once finished.

// acknowledge_alert or annotate_alert (by type) on the project's alert log.
BackgroundJob* startAlertNote(const QString& projectPath, const QString& dataset,
                              twinbench::AlertEventType type, std::int64_t alertId, double atUtc,
                              const QString& by, const QString& note, QObject* owner);

// recommend_settings, then log_recommendation: *out holds the logged recommendation once
// the job succeeded.
BackgroundJob* startRecommendation(const QString& projectPath, const QString& dataset,
                                   const twinbench::RecommendationRequest& request,
                                   const std::shared_ptr<twinbench::Recommendation>& out,
                                   QObject* owner);

// The engineer's decision: approve_recommendation (published to target, then logged) or,
// without a target, reject_recommendation (logged with the reason; nothing published).
struct RecommendationDecision {
    bool approve = false;
    twinbench::PublishTarget target;  // approve only
    QString by;
    QString reason;    // reject only
    QString timeZone;  // the plant's, for the message's state_time
};
BackgroundJob* startDecision(const QString& projectPath,
                             const twinbench::Recommendation& recommendation,
                             const RecommendationDecision& decision, QObject* owner);

}  // namespace twinbench::ui
