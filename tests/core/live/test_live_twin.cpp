// The twin alongside on the spray dryer (fitted on a fortnight, a later stretch of the
// true plant fed as rows): block-wise equals all at once; the prediction is the model
// simulated over the whole record (the state carried across blocks, to rounding); the band holds the
// true plant's measurements as often as 3 sd should; the sparse moisture's estimate is
// corrected by the lab checks towards the truth; the "nothing changes" forecast follows
// the true plant with its inputs held and dates the limit crossing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "live_plant.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

const std::string outlet = std::string(dryer_columns::outlet.name);
const std::string moisture = std::string(dryer_columns::moisture.name);

// Every output's series over rows [warm-up, warm-up + count), fed in blocks.
std::map<std::string, LiveOutputSeries> fed(const DryerRun& run, std::size_t count, std::size_t block) {
    LiveTwin twin = test::live_twin_after_warmup(run);
    std::map<std::string, LiveOutputSeries> out;
    for (std::size_t i = test::warmup_steps; i < test::warmup_steps + count; i += block) {
        const LiveBlock b = twin.append(test::dryer_rows(run, i, std::min(block, test::warmup_steps + count - i)));
        for (const auto& o : b.outputs) {
            auto& s = out[o.name];
            s.name = o.name;
            s.measured.insert(s.measured.end(), o.measured.begin(), o.measured.end());
            s.expected.insert(s.expected.end(), o.expected.begin(), o.expected.end());
            s.band_sd.insert(s.band_sd.end(), o.band_sd.begin(), o.band_sd.end());
            s.residual.insert(s.residual.end(), o.residual.begin(), o.residual.end());
        }
    }
    return out;
}

TEST(LiveTwin, BlockwiseEqualsAllAtOnce) {
    const DryerRun& run = test::clean_live_run();
    const std::size_t count = 480;
    const auto whole = fed(run, count, count);
    for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{60}}) {
        const auto blocks = fed(run, count, block);
        ASSERT_EQ(blocks.size(), whole.size());
        for (const auto& [name, w] : whole) {
            const auto& b = blocks.at(name);
            ASSERT_EQ(b.expected.size(), count);
            for (std::size_t k = 0; k < count; ++k) {
                // The same state stepped the same way: equal up to rounding.
                const double tolerance = 1e-9 * (1.0 + std::abs(w.expected[k]));
                ASSERT_NEAR(b.expected[k], w.expected[k], tolerance) << name << " step " << k << " block " << block;
                ASSERT_NEAR(b.band_sd[k], w.band_sd[k], tolerance) << name << " step " << k << " block " << block;
            }
        }
    }
    // The events too.
    const auto rules = default_divergence_rules(test::fitted_dryer().study->twin, {});
    const auto all = test::monitor_events(run, rules, run.steps());
    const auto in_blocks = test::monitor_events(run, rules, 13);
    ASSERT_EQ(all.size(), in_blocks.size());
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].time_s, in_blocks[i].time_s);
}

TEST(LiveTwin, PredictionIsTheModelOverTheWholeRecord) {
    const DryerRun& run = test::clean_live_run();
    const std::size_t count = 600;
    const auto live = fed(run, count, 10);
    const auto& g = test::fitted_dryer();
    const SignalFrame record =
        test::dryer_frame(g.study->history, test::dryer_rows(run, 0, test::warmup_steps + count));
    std::size_t compared = 0;
    for (const auto& model : g.study->twin.models) {
        if (g.study->twin.sparse.count(model->output()) > 0) continue;
        // Outputs fed by a sparse one read its estimate: compared where they do not.
        bool reads_sparse = false;
        for (const auto& in : model->inputs()) reads_sparse |= g.study->twin.sparse.count(in) > 0;
        if (reads_sparse) continue;
        std::vector<double> full(record.steps());
        model->simulate(record, full);
        const auto& s = live.at(model->output());
        for (std::size_t k = 0; k < count; ++k)
            ASSERT_NEAR(s.expected[k], full[test::warmup_steps + k], 1e-9 * (1.0 + std::abs(full[test::warmup_steps + k])))
                << model->output() << " " << k;
        ++compared;
    }
    EXPECT_GE(compared, 2u);  // the outlet temperature (dynamic) and the gas energy
}

TEST(LiveTwin, BandHoldsTheTruePlantsMeasurements) {
    const DryerRun& run = test::clean_live_run();
    const std::size_t count = run.steps() - test::warmup_steps;
    const auto live = fed(run, count, 60);
    const auto& twin = test::fitted_dryer().study->twin;
    for (const auto& [name, s] : live) {
        // Counts and 0/1 outputs are not normal around their expectation: no 3 sd rule.
        if (twin.model_of(name)->output_kind() != OutputKind::continuous) continue;
        std::size_t measured = 0, outside = 0;
        double sum_sq = 0.0;
        for (std::size_t k = 0; k < count; ++k) {
            const double z = s.residual[k] / s.band_sd[k];
            if (!std::isfinite(z)) continue;
            ++measured;
            outside += std::abs(z) > 3.0 ? 1 : 0;
            sum_sq += z * z;
        }
        if (measured < 20) continue;
        const double rms = std::sqrt(sum_sq / static_cast<double>(measured));
        std::printf("[ figures  ] %s: %zu measured, %.2f %% beyond 3 sd, rms z %.2f\n", name.c_str(), measured,
                    100.0 * static_cast<double>(outside) / static_cast<double>(measured), rms);
        EXPECT_LT(static_cast<double>(outside) / static_cast<double>(measured), 0.01) << name;
        EXPECT_GT(rms, 0.5) << name << ": the band is much wider than the scatter";
        EXPECT_LT(rms, 1.5) << name << ": the band is much narrower than the scatter";
    }
}

TEST(LiveTwin, LabChecksCorrectTheSparseEstimate) {
    // The powder comes out drier than the model knows (a nozzle change): true moisture
    // and every lab value 0.4 % lower from the warm-up on.
    DryerRun run = test::clean_live_run();
    constexpr double shift = -0.4;
    for (auto& s : run.lab)
        if (s.step >= test::warmup_steps) s.moisture_measured_pct += shift;
    const std::size_t count = run.steps() - test::warmup_steps;
    const auto live = fed(run, count, 30);
    const auto& s = live.at(moisture);
    // Error of the estimate against the true (shifted) moisture, first vs last 12 hours.
    auto mean_abs_error = [&](std::size_t from, std::size_t to) {
        double sum = 0.0;
        for (std::size_t k = from; k < to; ++k)
            sum += std::abs(s.expected[k] - (run.moisture_true_pct[test::warmup_steps + k] + shift));
        return sum / static_cast<double>(to - from);
    };
    const double early = mean_abs_error(0, 60);
    const double late = mean_abs_error(count - 720, count);
    std::printf("[ figures  ] sparse moisture, -0.4 %% shift: estimate error %.3f %% first hour, %.3f %% last 12 h\n",
                early, late);
    EXPECT_GT(early, 0.25);
    EXPECT_LT(late, 0.5 * early);

    // The checks that showed the shift raised the moisture's divergence alert, at a check.
    const auto events =
        test::monitor_events(run, default_divergence_rules(test::fitted_dryer().study->twin, {}), 30);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().signal, moisture);
    EXPECT_EQ(events.front().kind, "divergence");
    std::size_t check = 0;
    while (check < run.lab.size() && static_cast<double>(run.lab[check].time_utc) < events.front().time_s) ++check;
    ASSERT_LT(check, run.lab.size());
    EXPECT_EQ(static_cast<double>(run.lab[check].time_utc), events.front().time_s);
    std::size_t first_live_check = 0;
    while (run.lab[first_live_check].step < test::warmup_steps) ++first_live_check;
    std::printf("[ figures  ] sparse moisture shift: divergence alert at lab check %zu after the shift\n",
                check - first_live_check + 1);
    EXPECT_LE(check - first_live_check + 1, 2u);
}

TEST(LiveTwin, NothingChangesForecastFollowsThePlantAndDatesTheLimit) {
    // The operator raises the inlet air setpoint by 15 degC a minute before "now"; from
    // then on nothing changes in the true plant: every input held.
    DryerScenario s = test::live_dryer_scenario();
    const std::size_t now = 1200, horizon = 120;
    const double raised = s.inputs.inlet_setpoint_degC[now - 1] + 15.0;
    for (std::size_t i = now - 1; i < s.inputs.steps(); ++i) {
        s.inputs.inlet_setpoint_degC[i] = raised;
        if (i > now) {
            s.inputs.feed_rate_kg_per_h[i] = s.inputs.feed_rate_kg_per_h[now];
            s.inputs.feed_solids_pct[i] = s.inputs.feed_solids_pct[now];
            s.inputs.ambient_humidity_g_per_kg[i] = s.inputs.ambient_humidity_g_per_kg[now];
            s.inputs.ambient_temp_degC[i] = s.inputs.ambient_temp_degC[now];
        }
    }
    const DryerRun run = simulate_dryer(s.truth, s.inputs, s.seed);
    LiveTwin twin = test::live_twin_after_warmup(run);
    twin.append(test::dryer_rows(run, test::warmup_steps, now + 1 - test::warmup_steps));
    const double true_end = run.outlet_true_degC[now + horizon];
    // Most of the way up: crossed after the dead time and a couple of time constants.
    const double limit_value = run.outlet_true_degC[now] + 0.8 * (true_end - run.outlet_true_degC[now]);
    SeriesLimit limit;
    limit.series = outlet;
    limit.max = limit_value;
    const LiveForecast f = twin.forecast(horizon / 60.0, {limit});
    ASSERT_EQ(f.frame.steps(), horizon);
    const auto& forecast = f.frame.at(outlet).values;
    const LiveBlock probe = twin.append(test::dryer_rows(run, now + 1, 1));
    double band = 0.0;
    for (const auto& o : probe.outputs)
        if (o.name == outlet) band = o.band_sd[0];
    EXPECT_NEAR(forecast.back(), true_end, 3.0 * band);
    ASSERT_EQ(f.limits.size(), 1u);
    ASSERT_TRUE(f.limits[0].crossed);
    std::size_t true_cross = now + 1;
    while (run.outlet_true_degC[true_cross] <= limit_value) ++true_cross;
    const double forecast_min = (f.limits[0].time_s - static_cast<double>(run.time_utc(now))) / 60.0;
    const double true_min = static_cast<double>(true_cross - now);
    std::printf("[ figures  ] forecast: outlet after 2 h %.2f (true %.2f, band sd %.2f); time to limit %.0f min "
                "(true %.0f min)\n",
                forecast.back(), true_end, band, forecast_min, true_min);
    EXPECT_NEAR(forecast_min, true_min, std::max(3.0, 0.25 * true_min));
}

}  // namespace
}  // namespace twinbench
