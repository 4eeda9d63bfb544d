// The twin alongside on the furnace template (the sample plant): the furnace temperature
// is watched through the template's typed model. The generated furnace line (30 days) is
// fitted as `fit` fits it (the temperature model's parameters on the earlier part, its
// hold-out RMSE, the band's noise, on the later); the last day, in that hold-out and
// measured with the plant's own sensor noise, is fed to a twin started from the days
// before it, in 15-minute blocks as `watch` would:
//   - as recorded: no alert (false alarms over the day counted);
//   - with a drift planted on the furnace thermocouple (the measurement only): the
//     furnace-temperature divergence alert, raised within the drift's time to reach the
//     band plus the rule's persistence.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "live/divergence_monitor.h"
#include "live/watched_twin.h"
#include "sim/generated_process.h"
#include "training_project.h"

namespace twinbench {
namespace {

constexpr std::size_t furnace_live_steps = 24 * 60;  // the last day, 1-minute steps

// The first `steps` steps of a frame (the history the twin starts from).
SignalFrame furnace_history_prefix(const SignalFrame& frame, std::size_t steps) {
    SignalFrame out = frame;
    out.time_s.resize(steps);
    out.table_row.resize(steps);
    if (out.local_hour.size() > steps) out.local_hour.resize(steps);
    if (out.weekend.size() > steps) out.weekend.resize(steps);
    for (auto& s : out.series) s.values.resize(steps);
    return out;
}

// Steps [first, first + count) of a frame as the rows `watch` hands the monitor.
LiveRows furnace_rows_from_frame(const SignalFrame& frame, std::size_t first, std::size_t count) {
    LiveRows rows;
    rows.time_s.assign(frame.time_s.begin() + static_cast<std::ptrdiff_t>(first),
                       frame.time_s.begin() + static_cast<std::ptrdiff_t>(first + count));
    for (const auto& s : frame.series) {
        LiveColumn c;
        c.name = s.name;
        for (std::size_t k = first; k < first + count; ++k) {
            const double v = s.values[k];
            if (s.categorical())
                c.labels.push_back(v >= 0.0 && static_cast<std::size_t>(v) < s.levels.size()
                                       ? s.levels[static_cast<std::size_t>(v)]
                                       : std::string());
            else
                c.values.push_back(v);
        }
        rows.columns.push_back(std::move(c));
    }
    return rows;
}

std::string furnace_column(const TwinStudy& study) {
    for (const auto& s : study.graph.all_signals())
        if (s.role == Role::furnace_temp) return s.name;
    return {};
}

// Every event of the last day fed in 15-row blocks; `drift` added to the furnace reading.
// z_out (optional): every furnace-temperature residual of the day in band sd.
std::vector<AlertEvent> furnace_day_events(const std::function<double(std::size_t)>& drift_degC,
                                           std::vector<double>* z_out = nullptr) {
    const TwinStudy& study = *test::furnace_twin("standard", 1, 30).study;
    const std::string furnace = furnace_column(study);
    SignalFrame measured = study.history;
    const std::size_t n = measured.steps();
    for (std::size_t k = n - furnace_live_steps; k < n; ++k)
        measured.at(furnace).values[k] += drift_degC(k - (n - furnace_live_steps));
    WatchedTwin watched = watched_twin(study);
    std::vector<DivergenceRule> rules = default_divergence_rules(watched.twin, {});
    LiveTwinOptions options;
    options.parameter_window_h = 6.0;
    DivergenceMonitor monitor(LiveTwin(std::move(watched.twin), furnace_history_prefix(measured, n - furnace_live_steps),
                                       options),
                              std::move(rules), study.history.time_zone);
    std::vector<AlertEvent> events;
    for (std::size_t k = n - furnace_live_steps; k < n; k += 15) {
        const auto e = monitor.append(furnace_rows_from_frame(measured, k, std::min<std::size_t>(15, n - k)));
        events.insert(events.end(), e.begin(), e.end());
        if (z_out != nullptr)
            for (const auto& o : monitor.last_block().outputs)
                if (o.name == furnace)
                    for (std::size_t i = 0; i < o.residual.size(); ++i)
                        if (std::isfinite(o.residual[i]) && o.band_sd[i] > 0.0) z_out->push_back(o.residual[i] / o.band_sd[i]);
    }
    return events;
}

TEST(WatchFurnace, TheFurnaceTemperatureIsWatchedAndTheRestSaysWhy) {
    const TwinStudy& study = *test::furnace_twin("standard", 1, 30).study;
    ASSERT_TRUE(study.furnace);
    const WatchedTwin watched = watched_twin(study);
    EXPECT_NE(watched.twin.model_of(furnace_column(study)), nullptr);
    EXPECT_EQ(watched.twin.model_of(furnace_column(study))->kind(), "furnace_temperature");
    ASSERT_FALSE(watched.unwatched.empty());
    EXPECT_EQ(watched.unwatched.front().rfind("core temperature: an estimate", 0), 0u) << watched.unwatched.front();
    const auto rules = default_divergence_rules(watched.twin, {});
    EXPECT_TRUE(std::any_of(rules.begin(), rules.end(),
                            [&](const DivergenceRule& r) { return r.signal == furnace_column(study); }));
    // `watch` opens the same: the project's monitor watches the furnace temperature.
    test::PlantCopy copy(test::furnace_twin("standard", 1, 30));
    const DivergenceMonitor monitor = open_divergence_monitor(copy.project, study.dataset.name);
    EXPECT_NE(monitor.twin().twin().model_of(furnace_column(study)), nullptr);
    EXPECT_EQ(monitor.unwatched(), watched.unwatched);
    EXPECT_TRUE(std::any_of(monitor.rules().begin(), monitor.rules().end(),
                            [&](const DivergenceRule& r) { return r.signal == furnace_column(study); }));
}

TEST(WatchFurnace, TheRecordedLastDayRaisesNoAlert) {
    std::size_t alerts = 0;
    std::vector<double> z;
    for (const auto& e : furnace_day_events([](std::size_t) { return 0.0; }, &z)) {
        if (e.type != AlertEventType::alert) continue;
        ++alerts;
        ADD_FAILURE() << "false alarm: " << alert_event_json_line(e, "UTC");
    }
    // The band is calibrated: the residuals' rms in band sd near 1 (neither so wide that
    // nothing could fire nor so narrow that noise would), few beyond 3.
    ASSERT_GT(z.size(), 1300u);
    double sum_sq = 0.0;
    std::size_t beyond3 = 0;
    for (const double v : z) {
        sum_sq += v * v;
        beyond3 += std::abs(v) > 3.0 ? 1 : 0;
    }
    const double rms_z = std::sqrt(sum_sq / static_cast<double>(z.size()));
    EXPECT_GT(rms_z, 0.5);
    EXPECT_LT(rms_z, 1.5);
    std::printf("[ figures  ] furnace line's last day as recorded: %zu alerts (false alarms per 24 h); %zu steps, rms z "
                "%.2f, %.2f %% beyond 3 sd\n",
                alerts, z.size(), rms_z, 100.0 * static_cast<double>(beyond3) / static_cast<double>(z.size()));
}

TEST(WatchFurnace, AThermocoupleDriftRaisesTheFurnaceAlertWithinItsPersistence) {
    const TwinStudy& study = *test::furnace_twin("standard", 1, 30).study;
    // From 12 h into the day the thermocouple reads low, 15 °C more after 30 minutes.
    const std::size_t start = 720;
    const auto drift = [&](std::size_t k) {
        return k < start ? 0.0 : -15.0 * static_cast<double>(std::min<std::size_t>(k - start, 30)) / 30.0;
    };
    const auto events = furnace_day_events(drift);
    const auto alert = std::find_if(events.begin(), events.end(), [&](const AlertEvent& e) {
        return e.type == AlertEventType::alert && e.signal == furnace_column(study) && e.kind == "divergence";
    });
    ASSERT_NE(alert, events.end());
    const std::size_t n = study.history.steps();
    const double drift_start_s = study.history.time_s[n - furnace_live_steps + start];
    // The condition begins once the drift is beyond the band (within its 30-minute ramp),
    // the alert 10 minutes (the rule's persistence) later.
    EXPECT_GE(alert->since_s, drift_start_s);
    EXPECT_LE(alert->since_s, drift_start_s + 30 * 60.0);
    EXPECT_NEAR(alert->time_s - alert->since_s, 600.0, 60.0);
    EXPECT_GT(alert->expected - alert->value, alert->band);
    std::printf("[ figures  ] furnace thermocouple drift (-15 °C over 30 min): alert %.0f min after it began, band "
                "%.2f °C\n",
                (alert->time_s - drift_start_s) / 60.0, alert->band);
}

}  // namespace
}  // namespace twinbench
