#include "live/divergence_monitor.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "sim/twin_study.h"

namespace twinbench {
namespace {

// Whether a step is out (fires when it persists) and whether it is back inside (clears
// when that persists); both false inside the hysteresis zone.
struct StepVerdict {
    bool known = false;
    bool out = false;
    bool inside = false;
    double band = nan;
};

StepVerdict judge(const DivergenceRule& rule, double measured, double residual, double band_sd) {
    StepVerdict v;
    if (rule.kind == AlertKind::limit) {
        if (!std::isfinite(measured)) return v;
        v.known = true;
        const bool over = rule.limit_max && measured > *rule.limit_max;
        const bool under = rule.limit_min && measured < *rule.limit_min;
        v.out = over || under;
        v.inside = !v.out;
        v.band = over ? *rule.limit_max : under ? *rule.limit_min : (rule.limit_max ? *rule.limit_max : *rule.limit_min);
        return v;
    }
    if (!std::isfinite(residual) || !(band_sd > 0.0)) return v;
    v.known = true;
    const double z = residual / band_sd;
    v.band = rule.fire_sigma * band_sd;
    switch (rule.direction) {
        case AlertDirection::above:
            v.out = z >= rule.fire_sigma;
            v.inside = z < rule.clear_sigma;
            break;
        case AlertDirection::below:
            v.out = z <= -rule.fire_sigma;
            v.inside = z > -rule.clear_sigma;
            break;
        case AlertDirection::either:
            v.out = std::abs(z) >= rule.fire_sigma;
            v.inside = std::abs(z) < rule.clear_sigma;
            break;
    }
    return v;
}

}  // namespace

DivergenceMonitor::DivergenceMonitor(LiveTwin twin, std::vector<DivergenceRule> rules, std::string time_zone,
                                     std::int64_t first_alert_id)
    : twin_(std::move(twin)), rules_(std::move(rules)), state_(rules_.size()), time_zone_(std::move(time_zone)),
      next_alert_id_(first_alert_id) {
    for (const auto& r : rules_)
        if (r.enabled && twin_.twin().model_of(r.signal) == nullptr)
            throw UsageError(fmt::format("alert rule '{}' watches '{}', which has no fitted model; fit the dataset or "
                                         "change the rule",
                                         r.name, r.signal));
}

std::vector<AlertEvent> DivergenceMonitor::append(const LiveRows& rows) {
    last_block_ = twin_.append(rows);
    std::vector<AlertEvent> events;
    for (std::size_t r = 0; r < rules_.size(); ++r) {
        if (!rules_[r].enabled) continue;
        for (const auto& series : last_block_.outputs)
            if (series.name == rules_[r].signal) evaluate(r, series, last_block_.time_s, events);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const AlertEvent& a, const AlertEvent& b) { return a.time_s < b.time_s; });
    return events;
}

void DivergenceMonitor::evaluate(std::size_t r, const LiveOutputSeries& s, const std::vector<double>& time_s,
                                 std::vector<AlertEvent>& events) {
    const DivergenceRule& rule = rules_[r];
    RuleState& st = state_[r];
    const double persistence_s = rule.persistence_min * 60.0;
    const double clear_s = rule.clear_min * 60.0;
    for (std::size_t k = 0; k < time_s.size(); ++k) {
        const double t = time_s[k];
        const StepVerdict v = judge(rule, s.measured[k], s.residual[k], s.band_sd[k]);
        if (!v.known) continue;  // a step without a measurement neither breaks nor extends a stretch
        if (!st.active) {
            if (!v.out) {
                st.holding_since = nan;
                continue;
            }
            if (std::isnan(st.holding_since)) st.holding_since = t;
            if (t - st.holding_since < persistence_s) continue;
            AlertEvent e;
            e.type = AlertEventType::alert;
            e.alert_id = next_alert_id_++;
            e.time_s = t;
            e.since_s = st.holding_since;
            e.signal = rule.signal;
            e.kind = std::string(alert_kind_name(rule.kind));
            e.value = s.measured[k];
            e.expected = s.expected[k];
            e.band = v.band;
            e.rule = rule.name;
            e.protocol = rule.protocol;
            st.active = true;
            st.alert = e;
            st.clearing_since = nan;
            events.push_back(std::move(e));
            continue;
        }
        if (!v.inside) {
            st.clearing_since = nan;
            continue;
        }
        if (std::isnan(st.clearing_since)) st.clearing_since = t;
        if (t - st.clearing_since < clear_s) continue;
        AlertEvent e = st.alert;
        e.type = AlertEventType::cleared;
        e.time_s = t;
        e.value = s.measured[k];
        e.expected = s.expected[k];
        e.band = v.band;
        st.active = false;
        st.holding_since = nan;
        st.clearing_since = nan;
        events.push_back(std::move(e));
    }
}

std::vector<AlertEvent> DivergenceMonitor::open_alerts() const {
    std::vector<AlertEvent> open;
    for (const auto& s : state_)
        if (s.active) open.push_back(s.alert);
    return open;
}

DivergenceMonitor divergence_monitor_for(const Project& project, const TwinStudy& study, WatchedTwin watched,
                                         const SignalFrame& history, const LiveTwinOptions& options,
                                         std::int64_t first_alert_id) {
    std::vector<DivergenceRule> rules = divergence_rules_for(project, study.dataset, watched.twin);
    DivergenceMonitor monitor(LiveTwin(std::move(watched.twin), history, options), std::move(rules),
                              study.history.time_zone, first_alert_id);
    monitor.set_unwatched(std::move(watched.unwatched));
    return monitor;
}

DivergenceMonitor open_divergence_monitor(const Project& project, const std::string& dataset_name,
                                          const LiveTwinOptions& options) {
    const TwinStudy study = open_twin_study(project, dataset_name);
    std::int64_t next = 1;
    for (const auto& e : logged_alert_events(project, study.dataset)) next = std::max(next, e.alert_id + 1);
    const SignalFrame history = watch_history(study);
    return divergence_monitor_for(project, study, watched_twin(study, history), history, options, next);
}

}  // namespace twinbench
