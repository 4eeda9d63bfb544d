// The twin alongside with its alert rules: what `watch` runs on every block of rows it
// has appended to the dataset. Per block: the live twin's predictions and bands
// (live_twin.h), then every rule step by step with its persistence and hysteresis
// (divergence_rules.h); the alerts and clears the block raised come back as events
// (alert_events.h) for the JSON lines and the project's log.
//
//   auto monitor = open_divergence_monitor(project, dataset_name);
//   for each block:  for (const auto& e : monitor.append(rows)) print / log e;
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "data/project.h"
#include "live/alert_events.h"
#include "live/divergence_rules.h"
#include "live/live_twin.h"
#include "live/watched_twin.h"

namespace twinbench {

class DivergenceMonitor {
  public:
    // first_alert_id: the number the next alert gets (after those already logged).
    DivergenceMonitor(LiveTwin twin, std::vector<DivergenceRule> rules, std::string time_zone,
                      std::int64_t first_alert_id = 1);

    // The alerts and clears the rows raised, in time order.
    std::vector<AlertEvent> append(const LiveRows& rows);

    const LiveBlock& last_block() const { return last_block_; }
    const LiveTwin& twin() const { return twin_; }
    LiveTwin& twin() { return twin_; }
    const std::vector<DivergenceRule>& rules() const { return rules_; }
    const std::string& time_zone() const { return time_zone_; }
    // The alerts raised and not cleared yet.
    std::vector<AlertEvent> open_alerts() const;
    // The modelled outputs the twin alongside cannot watch, each with why (watched_twin.h).
    const std::vector<std::string>& unwatched() const { return unwatched_; }
    void set_unwatched(std::vector<std::string> unwatched) { unwatched_ = std::move(unwatched); }

  private:
    struct RuleState {
        bool active = false;
        double holding_since = std::numeric_limits<double>::quiet_NaN();
        double clearing_since = std::numeric_limits<double>::quiet_NaN();
        AlertEvent alert;  // the open alert
    };
    void evaluate(std::size_t rule, const LiveOutputSeries& series, const std::vector<double>& time_s,
                  std::vector<AlertEvent>& events);

    LiveTwin twin_;
    std::vector<DivergenceRule> rules_;
    std::vector<RuleState> state_;
    std::string time_zone_;
    std::int64_t next_alert_id_ = 1;
    LiveBlock last_block_;
    std::vector<std::string> unwatched_;
};

// The monitor of what `watched` holds (watched_twin(study, history)): the live twin started from
// `history`, the dataset's rules (stored, or the defaults) for those outputs, the outputs
// left out as unwatched. What open_divergence_monitor and a training session both build.
DivergenceMonitor divergence_monitor_for(const Project& project, const TwinStudy& study, WatchedTwin watched,
                                         const SignalFrame& history, const LiveTwinOptions& options,
                                         std::int64_t first_alert_id = 1);

// The dataset's stored graph and output models with the furnace template's that can be
// watched (watched_twin.h), its history's tail, its rules (stored,
// or the defaults) and the next alert number after its log. Throws UsageError for an
// unknown dataset, ModelError when the dataset has no fitted output model or no time
// axis, ProjectError for a damaged project.
DivergenceMonitor open_divergence_monitor(const Project& project, const std::string& dataset_name,
                                          const LiveTwinOptions& options = {});

}  // namespace twinbench
