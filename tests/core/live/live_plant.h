// A running spray dryer for the live twin's tests: the twin fitted on 14 days of the
// dryer sample (seed 1, generated_process.h), and a later stretch of the same plant
// (other inputs, seed 7) simulated by the true plant, optionally with a planted fault, as
// the rows the watcher would hand over: the historian's columns every minute, the lab's
// moisture on its sample steps, the bagging counts at each interval's start.
#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "../sim/generated_process.h"
#include "live/divergence_monitor.h"
#include "live/live_rows.h"
#include "live/live_twin.h"
#include "models/signal_frame.h"
#include "sample/dryer_columns.h"
#include "sample/dryer_export.h"
#include "sample/dryer_plant.h"

namespace twinbench::test {

inline const GeneratedTwin& fitted_dryer() { return dryer_twin(1, 14); }

// The live stretch's rows [first, first + count) of a run; `measured_solids` replaces
// the solids column (a disturbance that changed in the plant but not in the data).
inline LiveRows dryer_rows(const DryerRun& run, std::size_t first, std::size_t count,
                           const std::vector<double>* measured_solids = nullptr) {
    namespace col = dryer_columns;
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    LiveRows rows;
    auto column = [&](std::string_view name, const std::vector<double>& v) {
        LiveColumn c;
        c.name = std::string(name);
        c.values.assign(v.begin() + static_cast<std::ptrdiff_t>(first),
                        v.begin() + static_cast<std::ptrdiff_t>(first + count));
        rows.columns.push_back(std::move(c));
    };
    for (std::size_t i = first; i < first + count; ++i) rows.time_s.push_back(static_cast<double>(run.time_utc(i)));
    column(col::inlet.name, run.inlet_setpoint_degC);
    column(col::outlet.name, run.outlet_measured_degC);
    column(col::feed.name, run.feed_rate_kg_per_h);
    column(col::solids.name, measured_solids != nullptr ? *measured_solids : run.solids_measured_pct);
    column(col::ambient.name, run.ambient_measured_degC);
    column(col::humidity.name, run.humidity_measured_g_per_kg);
    column(col::gas.name, run.gas_measured_kwh);
    std::vector<double> moisture(run.steps(), nan), filled(run.steps(), nan), offspec(run.steps(), nan);
    for (const auto& s : run.lab) moisture[s.step] = s.moisture_measured_pct;
    for (const auto& b : run.bags) {
        filled[b.first_step] = b.bags_filled;
        offspec[b.first_step] = b.bags_offspec;
    }
    column(col::moisture.name, moisture);
    column(col::bags_filled.name, filled);
    column(col::bags_offspec.name, offspec);
    return rows;
}

// The rows as a frame shaped like the fitted dataset's history (its signals, units and
// grid), for the twin's warm-up.
inline SignalFrame dryer_frame(const SignalFrame& shape, const LiveRows& rows) {
    SignalFrame f;
    f.step_min = shape.step_min;
    f.time_zone = shape.time_zone;
    f.time_s = rows.time_s;
    f.table_row.assign(rows.rows(), -1);
    for (const auto& s : shape.series) {
        FrameSignal c;
        c.name = s.name;
        c.unit = s.unit;
        c.type = s.type;
        c.levels = s.levels;
        c.values.assign(rows.rows(), std::numeric_limits<double>::quiet_NaN());
        for (const auto& col : rows.columns)
            if (col.name == s.name) c.values = col.values;
        f.series.push_back(std::move(c));
    }
    fill_local_clock(f);
    return f;
}

// The live stretch: 2 days of the dryer after the fitted fortnight, inputs of seed 7.
inline DryerScenario live_dryer_scenario(int days = 2) {
    DryerSampleOptions options;
    options.days = days;
    options.seed = 7;
    options.start_local = "2026-03-20T00:00";
    return make_dryer_scenario(options);
}

// The warm-up the tests start the twin from: the live stretch's first 6 hours.
inline constexpr std::size_t warmup_steps = 360;

inline LiveTwin live_twin_after_warmup(const DryerRun& run, const std::vector<double>* measured_solids = nullptr) {
    LiveTwinOptions options;
    options.parameter_window_h = 6.0;
    const auto& g = fitted_dryer();
    return LiveTwin(g.study->twin, dryer_frame(g.study->history, dryer_rows(run, 0, warmup_steps, measured_solids)),
                    options);
}

// Every event of the stretch after the warm-up, fed in blocks of `block` rows.
inline std::vector<AlertEvent> monitor_events(const DryerRun& run, std::vector<DivergenceRule> rules, std::size_t block,
                                              const std::vector<double>* measured_solids = nullptr) {
    DivergenceMonitor monitor(live_twin_after_warmup(run, measured_solids), std::move(rules),
                              fitted_dryer().study->history.time_zone);
    std::vector<AlertEvent> events;
    for (std::size_t i = warmup_steps; i < run.steps(); i += block) {
        const auto e = monitor.append(dryer_rows(run, i, std::min(block, run.steps() - i), measured_solids));
        events.insert(events.end(), e.begin(), e.end());
    }
    return events;
}

// The clean live stretch (cached: the true plant simulated once per test binary).
inline const DryerRun& clean_live_run() {
    static const DryerRun run = [] {
        const DryerScenario s = live_dryer_scenario();
        return simulate_dryer(s.truth, s.inputs, s.seed);
    }();
    return run;
}

}  // namespace twinbench::test
