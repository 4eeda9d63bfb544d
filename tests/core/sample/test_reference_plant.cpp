// The true reference plant: physics sanity, determinism, truth.json round trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "common/error.h"
#include "sample/plant_inputs.h"
#include "sample/plant_truth.h"
#include "sample/reference_plant.h"
#include "sample/sample_clock.h"
#include "sample/sample_random.h"

namespace twinbench {
namespace {

// Constant disturbances and controls, no stops: the plant alone.
PlantInputs constant_inputs(std::size_t steps, int step_minutes, double setpoint, double speed,
                            double ambient = 18.0, double humidity = 50.0, int grade = 0) {
    PlantInputs in;
    in.start_utc = sample::seconds_from_civil(2026, 2, 16);
    in.step_minutes = step_minutes;
    in.ambient_degC.assign(steps, ambient);
    in.humidity_pct.assign(steps, humidity);
    in.grade.assign(steps, static_cast<std::uint8_t>(grade));
    in.setpoint_degC.assign(steps, setpoint);
    in.speed_m_per_min.assign(steps, speed);
    in.stop_requested.assign(steps, 0);
    in.peak_tariff.assign(steps, 0);
    in.initial_wear_pct = 10.0;
    in.batches.push_back({in.start_utc, "CH26-0001", grade});
    return in;
}

PlantInputs sample_inputs(int days = 20, std::uint64_t seed = 1) {
    const PlantTruth truth = default_truth();
    const sample::LocalClock clock(truth.time_zone);
    const auto start = clock.to_utc(*sample::parse_wall_time("2026-02-16T00:00"));
    return generate_inputs(truth, start, days, 1, seed);
}

TEST(ReferencePlantRandom, GoldenValuesAreStable) {
    // These numbers are part of the file format: a change here changes every sample.
    std::mt19937_64 standard(5489u);
    EXPECT_EQ(standard(), 14514284786278117030ULL);  // fixed by the C++ standard
    sample::RandomStream r(1, sample::streams::ambient);
    EXPECT_EQ(r.next_word(), 9724711936533396251ULL);
    EXPECT_NEAR(r.uniform(), 0.85042919991089561, 1e-15);
    EXPECT_NEAR(r.normal(), -0.40925161160667928, 1e-12);
    EXPECT_NEAR(sample::counter_uniform(1, sample::streams::part_defect, 12345, 3),
                0.59967906120374881, 1e-15);
    EXPECT_NEAR(sample::counter_normal(42, sample::streams::thermocouple, 7),
                0.31885528882491732, 1e-12);
}

TEST(ReferencePlantRandom, NormalHasUnitMoments) {
    sample::RandomStream r(3, 99);
    double sum = 0.0, sum2 = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double x = r.normal();
        sum += x;
        sum2 += x * x;
    }
    EXPECT_NEAR(sum / n, 0.0, 0.01);
    EXPECT_NEAR(sum2 / n, 1.0, 0.015);
}

TEST(PlantTruth, JsonRoundTrips) {
    PlantTruth t = default_truth();
    t.furnace_tau_min = 31.5;
    t.grades[2].defect_logit_offset = 1.25;
    t.tariff_peak_weekdays_only = false;
    t.tariff_peak_start_hour = 6;
    t.time_zone = "Europe/Vienna";
    const nlohmann::json j = to_json(t);
    const PlantTruth back = truth_from_json(j);
    EXPECT_EQ(to_json(back), j);
    EXPECT_EQ(back.furnace_tau_min, 31.5);
    EXPECT_EQ(back.grades[2].defect_logit_offset, 1.25);
    EXPECT_FALSE(back.tariff_peak_weekdays_only);
    EXPECT_EQ(back.tariff_peak_start_hour, 6);
    EXPECT_EQ(back.time_zone, "Europe/Vienna");
    // Through text as well (what truth.json goes through).
    EXPECT_EQ(to_json(truth_from_json(nlohmann::json::parse(j.dump()))), j);
}

TEST(PlantTruth, MissingKeyIsBadInput) {
    nlohmann::json j = to_json(default_truth());
    j["furnace"].erase("tau_min");
    EXPECT_THROW(truth_from_json(j), BadInputError);
    try {
        truth_from_json(j);
    } catch (const BadInputError& e) {
        EXPECT_NE(std::string(e.what()).find("furnace.tau_min"), std::string::npos);
    }
}

TEST(PlantTruth, DefaultsAreInTheIntendedRegime) {
    const PlantTruth t = default_truth();
    EXPECT_NEAR(t.furnace_length_m / t.speed_ref_m_per_min, 6.0, 1e-12);  // residence
    EXPECT_NEAR(t.speed_ref_m_per_min / t.part_pitch_m, 4.0, 1e-12);      // parts/min
    const DefectWindowForm w = defect_window_form(t);
    EXPECT_NEAR(w.core_optimum_degC, 168.0, 1e-9);
    EXPECT_NEAR(w.half_width_degC, 8.0, 1e-12);
    EXPECT_NEAR(w.logit_rise_at_edge, 0.8, 1e-12);
    EXPECT_NEAR(w.logit_min, -7.1, 1e-9);
}

TEST(ReferencePlant, FurnaceSettlesAtTheAnalyticSteadyState) {
    const PlantTruth t = default_truth();
    PlantInputs in = constant_inputs(600, 1, 190.0, 2.0, 12.0);
    std::fill(in.setpoint_degC.begin(), in.setpoint_degC.begin() + 5, 150.0);
    const PlantRun run = simulate_plant(t, in, 1);
    const double analytic = 0.98 * 190.0 + 0.25 * (12.0 - 20.0) - 1.8 * (2.0 / 0.5);
    EXPECT_NEAR(furnace_steady_state_degC(t, 190.0, 12.0, 4.0), analytic, 1e-12);
    EXPECT_NEAR(run.furnace_true_degC.back(), analytic, 1e-6);
    // A stopped line has no load: the furnace runs hotter by the load sag.
    EXPECT_NEAR(furnace_steady_state_degC(t, 190.0, 12.0, 0.0) - analytic, 1.8 * 4.0, 1e-12);
}

TEST(ReferencePlant, SetpointStepReaches63PercentAfterTau) {
    const PlantTruth t = default_truth();
    for (int step : {1, 5}) {
        PlantInputs in = constant_inputs(400 / static_cast<std::size_t>(step), step, 180.0, 2.0);
        const std::size_t k0 = 20 / static_cast<std::size_t>(step);
        std::fill(in.setpoint_degC.begin() + static_cast<std::ptrdiff_t>(k0),
                  in.setpoint_degC.end(), 195.0);
        const PlantRun run = simulate_plant(t, in, 1);
        const double t0 = run.furnace_true_degC[k0];
        const double t_end = furnace_steady_state_degC(t, 195.0, 18.0, 4.0);
        const std::size_t k_tau = k0 + static_cast<std::size_t>(t.furnace_tau_min) /
                                           static_cast<std::size_t>(step);
        // furnace_true[k] is the value at the start of step k and the new setpoint acts
        // from step k0 on, so tau later is the start of step k0 + tau / dt.
        const double next = (run.furnace_true_degC[k_tau + 1] - t0) / (t_end - t0);
        EXPECT_NEAR(next, 1.0 - std::exp(-(t.furnace_tau_min + step) / t.furnace_tau_min), 1e-9);
        const double at_tau = (run.furnace_true_degC[k_tau] - t0) / (t_end - t0);
        EXPECT_NEAR(at_tau, 1.0 - std::exp(-1.0), 1e-9) << "step " << step;
    }
}

TEST(ReferencePlant, HigherSpeedMeansMorePartsShorterResidenceColderCoreFasterWear) {
    const PlantTruth t = default_truth();
    const PlantRun slow = simulate_plant(t, constant_inputs(600, 1, 190.0, 1.8), 1);
    const PlantRun fast = simulate_plant(t, constant_inputs(600, 1, 190.0, 2.2), 1);
    const auto sum = [](const std::vector<std::int32_t>& v) {
        return std::accumulate(v.begin(), v.end(), std::int64_t{0});
    };
    EXPECT_GT(sum(fast.produced), sum(slow.produced));
    EXPECT_NEAR(static_cast<double>(sum(slow.produced)), 600 * 1.8 / 0.5, 1.0);
    EXPECT_NEAR(static_cast<double>(sum(fast.produced)), 600 * 2.2 / 0.5, 1.0);
    EXPECT_LT(residence_time_min(t, 2.2), residence_time_min(t, 1.8));
    EXPECT_NEAR(residence_time_min(t, 2.0), 6.0, 1e-12);
    EXPECT_LT(fast.core_true_degC.back(), slow.core_true_degC.back() - 3.0);
    EXPECT_GT(fast.wear_pct.back() - fast.wear_pct.front(),
              slow.wear_pct.back() - slow.wear_pct.front());
    EXPECT_NEAR(wear_rate_pct_per_min(t, 2.2) / wear_rate_pct_per_min(t, 1.8),
                std::pow(2.2 / 1.8, t.wear_speed_exponent), 1e-12);
    // Higher load also sags the furnace.
    EXPECT_LT(fast.furnace_true_degC.back(), slow.furnace_true_degC.back());
}

TEST(ReferencePlant, CoreTemperatureFollowsTheHeatingLaw) {
    const PlantTruth t = default_truth();
    const double core = core_temperature_degC(t, 185.0, 20.0, 2.0, 0);
    EXPECT_NEAR(core, 185.0 - 165.0 * std::exp(-6.0 / 2.5), 1e-12);
    // Slower-heating grades come out colder.
    EXPECT_LT(core_temperature_degC(t, 185.0, 20.0, 2.0, 2),
              core_temperature_degC(t, 185.0, 20.0, 2.0, 1));
    EXPECT_LT(core_temperature_degC(t, 185.0, 20.0, 2.0, 1), core);
}

TEST(ReferencePlant, ScrapRisesOutsideTheWindow) {
    const PlantTruth t = default_truth();
    const auto p = [&](double core) { return defect_probability(t, core, 50.0, 30.0, 2.0, 0); };
    EXPECT_LT(p(168.0), p(161.0));
    EXPECT_LT(p(161.0), p(152.0));
    EXPECT_LT(p(168.0), p(175.0));
    EXPECT_LT(p(175.0), p(184.0));
    EXPECT_GT(p(150.0), 5.0 * p(168.0));
    EXPECT_GT(p(186.0), 5.0 * p(168.0));
    // Humidity, worse grades and wear raise it too.
    EXPECT_GT(defect_probability(t, 168.0, 85.0, 30.0, 2.0, 0), p(168.0));
    EXPECT_GT(defect_probability(t, 168.0, 50.0, 30.0, 2.0, 2), p(168.0));
    EXPECT_GT(defect_probability(t, 168.0, 50.0, 95.0, 2.0, 0), p(168.0));
    const double logit = defect_logit(t, 160.0, 50.0, 30.0, 2.0, 1);
    EXPECT_NEAR(logit, t.defect_b0 + t.defect_b1_per_degC * 160.0 +
                           t.defect_b2_per_degC2 * 160.0 * 160.0 + 0.02 * 50.0 + 0.012 * 30.0 +
                           0.35 * 2.0 + 0.35,
                1e-9);

    // In the simulation: a setpoint that puts the core near the optimum against one
    // that under-cures.
    const double good_sp = rule_of_thumb_setpoint_degC(t, 2.0, 0, 18.0, 168.0);
    const PlantRun good = simulate_plant(t, constant_inputs(3000, 1, good_sp, 2.0), 5);
    const PlantRun cold = simulate_plant(t, constant_inputs(3000, 1, good_sp - 18.0, 2.0), 5);
    const PlantInputs dummy = constant_inputs(3000, 1, good_sp, 2.0);
    const PlantKpis kg = summarize_run(t, dummy, good);
    const PlantKpis kc = summarize_run(t, dummy, cold);
    EXPECT_NEAR(kg.core_temp_c, 168.0, 0.5);
    EXPECT_LT(kc.core_temp_c, 153.0);
    EXPECT_GT(kc.scrap_rate, 3.0 * kg.scrap_rate);
}

TEST(ReferencePlant, EnergyPerStepIsTheSumOfItsParts) {
    const PlantTruth t = default_truth();
    const PlantInputs in = sample_inputs(10);
    const PlantRun run = simulate_plant(t, in, 1);
    std::array<int, 3> seen{};
    for (std::size_t i = 0; i < run.steps(); ++i) {
        const LineState s = run.state[i];
        seen[static_cast<std::size_t>(s)]++;
        const bool running = s == LineState::running;
        const double amb = in.ambient_degC[i];
        const double parts = running ? in.speed_m_per_min[i] / 0.5 * 1.0 * 2.2 *
                                           (run.core_true_degC[i] - amb) / 3600.0
                                     : 0.0;
        const double loss = 0.16 * (run.furnace_true_degC[i] - amb) / 60.0;
        const double base = (running ? 12.0 : s == LineState::stopped ? 5.0 : 3.0) / 60.0;
        ASSERT_NEAR(run.energy_parts_kwh[i], parts, 1e-12) << i;
        ASSERT_NEAR(run.energy_loss_kwh[i], loss, 1e-12) << i;
        ASSERT_NEAR(run.energy_base_kwh[i], base, 1e-12) << i;
        ASSERT_NEAR(run.energy_kwh[i], parts + loss + base, 1e-12) << i;
        if (!running) {
            ASSERT_EQ(run.produced[i], 0);
            ASSERT_LT(run.energy_kwh[i], 0.8);
        }
        ASSERT_LE(run.scrap[i], run.produced[i]);
    }
    EXPECT_GT(seen[0], 0);
    EXPECT_GT(seen[1], 0);
    EXPECT_GT(seen[2], 0);  // 10 days include at least one maintenance
}

TEST(ReferencePlant, MaintenanceStartsAtTheWearLimitAndResetsWear) {
    const PlantTruth t = default_truth();
    PlantInputs in = constant_inputs(3000, 1, 190.0, 2.0);
    in.initial_wear_pct = 99.0;
    const PlantRun run = simulate_plant(t, in, 1);
    ASSERT_FALSE(run.events.empty());
    const PlantEvent& m = run.events.front();
    EXPECT_EQ(m.kind, PlantEvent::Kind::maintenance);
    EXPECT_GE(run.wear_pct[m.first_step], t.wear_limit_pct);
    EXPECT_LT(run.wear_pct[m.first_step - 1], t.wear_limit_pct);
    EXPECT_EQ(m.end_step - m.first_step,
              static_cast<std::size_t>(t.maintenance_cleaning_min + t.maintenance_warmup_min));
    EXPECT_EQ(run.setpoint_effective_degC[m.first_step], t.maintenance_standby_setpoint_degC);
    EXPECT_EQ(run.setpoint_effective_degC[m.end_step - 1], 190.0);
    EXPECT_EQ(run.wear_pct[m.end_step], t.wear_after_maintenance_pct);
    EXPECT_EQ(run.state[m.end_step], LineState::running);
    // The furnace is warm again when production restarts.
    EXPECT_GT(run.furnace_true_degC[m.end_step], 0.98 * 190.0 - 8.0);
}

// A what-if from a moment of the history replays the true line from where it was: a
// run continued from inside a maintenance (in its cleaning, then in its warm-up) finishes
// that maintenance as the whole run did, with its furnace and wear, not a fresh start.
TEST(ReferencePlant, ContinuedRunPicksUpAMaintenanceInProgress) {
    const PlantTruth t = default_truth();
    PlantInputs in = constant_inputs(3000, 1, 190.0, 2.0);
    in.initial_wear_pct = 99.0;
    const PlantRun whole = simulate_plant(t, in, 1);
    ASSERT_FALSE(whole.events.empty());
    const PlantEvent& m = whole.events.front();
    ASSERT_EQ(m.kind, PlantEvent::Kind::maintenance);
    const auto cleaning_steps = static_cast<std::size_t>(t.maintenance_cleaning_min);
    for (const std::size_t into : {std::size_t{30}, cleaning_steps + 20}) {
        const std::size_t first = m.first_step + into;
        const PlantInputs continued = continued_inputs(in, whole, first);
        EXPECT_DOUBLE_EQ(continued.initial_maintenance_elapsed_min, static_cast<double>(into));
        EXPECT_EQ(continued.steps(), in.steps() - first);
        const PlantRun run = simulate_plant(t, continued, 1);
        for (std::size_t i = 0; i + first < whole.steps(); ++i) {
            ASSERT_EQ(run.state[i], whole.state[first + i]) << into << " min into it, step " << i;
            ASSERT_NEAR(run.furnace_true_degC[i], whole.furnace_true_degC[first + i], 1e-9) << i;
            ASSERT_NEAR(run.wear_pct[i], whole.wear_pct[first + i], 1e-9) << i;
            ASSERT_EQ(run.setpoint_effective_degC[i], whole.setpoint_effective_degC[first + i]) << i;
        }
        EXPECT_EQ(run.state[m.end_step - first - 1], LineState::maintenance);
        EXPECT_EQ(run.state[m.end_step - first], LineState::running);
    }
    // A run continued from one that itself began inside the maintenance counts the minutes
    // done before it too; from a running step nothing is in progress, whatever the run
    // began with; a step outside the run is refused.
    const PlantInputs from_30 = continued_inputs(in, whole, m.first_step + 30);
    const PlantRun run_30 = simulate_plant(t, from_30, 1);
    EXPECT_DOUBLE_EQ(continued_inputs(from_30, run_30, 10).initial_maintenance_elapsed_min, 40.0);
    EXPECT_TRUE(std::isnan(continued_inputs(from_30, run_30, m.end_step - m.first_step).initial_maintenance_elapsed_min));
    EXPECT_TRUE(std::isnan(continued_inputs(in, whole, m.end_step + 5).initial_maintenance_elapsed_min));
    EXPECT_THROW(continued_inputs(in, whole, whole.steps()), std::out_of_range);
}

TEST(ReferencePlant, DeterministicAndWhatIfChangesOnlyThePhysics) {
    const PlantTruth t = default_truth();
    const PlantInputs in = sample_inputs(15);
    const PlantRun a = simulate_plant(t, in, 9);
    const PlantRun b = simulate_plant(t, in, 9);
    EXPECT_EQ(a.furnace_measured_degC, b.furnace_measured_degC);
    EXPECT_EQ(a.scrap, b.scrap);
    EXPECT_EQ(a.energy_kwh, b.energy_kwh);

    PlantInputs faster = in;
    for (double& v : faster.speed_m_per_min) {
        v *= 1.05;
    }
    const PlantRun c = simulate_plant(t, faster, 9);
    std::size_t same_noise = 0;
    for (std::size_t i = 0; i < a.steps(); ++i) {
        // Same thermocouple noise sample at every step.
        const double na = a.furnace_measured_degC[i] - a.furnace_true_degC[i];
        const double nc = c.furnace_measured_degC[i] - c.furnace_true_degC[i];
        same_noise += std::abs(na - nc) < 1e-9 ? 1 : 0;
    }
    EXPECT_EQ(same_noise, a.steps());
    const PlantKpis ka = summarize_run(t, in, a);
    const PlantKpis kc = summarize_run(t, faster, c);
    EXPECT_GT(kc.produced, ka.produced);
    EXPECT_LT(kc.core_temp_c, ka.core_temp_c);

    PlantInputs hotter = in;
    for (double& sp : hotter.setpoint_degC) {
        sp += 2.0;
    }
    const PlantRun h = simulate_plant(t, hotter, 9);
    // Same parts leave the furnace at the same times; only the defect odds differ.
    EXPECT_EQ(h.produced, a.produced);
    EXPECT_GT(summarize_run(t, hotter, h).core_temp_c, ka.core_temp_c + 1.5);
    EXPECT_GT(summarize_run(t, hotter, h).energy_kwh, ka.energy_kwh);
}

TEST(PlantInputs, SameSeedSameInputsAndRangesHold) {
    const PlantInputs a = sample_inputs(30, 4);
    const PlantInputs b = sample_inputs(30, 4);
    const PlantInputs c = sample_inputs(30, 5);
    EXPECT_EQ(a.ambient_degC, b.ambient_degC);
    EXPECT_EQ(a.setpoint_degC, b.setpoint_degC);
    EXPECT_NE(a.ambient_degC, c.ambient_degC);
    ASSERT_EQ(a.steps(), 30u * 1440u);
    const auto [hmin, hmax] = std::minmax_element(a.humidity_pct.begin(), a.humidity_pct.end());
    EXPECT_GE(*hmin, 25.0);
    EXPECT_LE(*hmax, 90.0);
    for (double v : a.speed_m_per_min) {
        ASSERT_GE(v, 1.6 - 1e-9);
        ASSERT_LE(v, 2.4 + 1e-9);
    }
    for (double sp : a.setpoint_degC) {
        ASSERT_GE(sp, 175.0);
        ASSERT_LE(sp, 205.0);
    }
    for (std::size_t k = 1; k < a.batches.size(); ++k) {
        const auto hours = static_cast<double>(a.batches[k].start_utc - a.batches[k - 1].start_utc) / 3600.0;
        EXPECT_GE(hours, 4.0);
        EXPECT_LE(hours, 16.0);
    }
    // Setpoint changes a few times a day.
    int changes = 0;
    for (std::size_t i = 1; i < a.steps(); ++i) {
        changes += a.setpoint_degC[i] != a.setpoint_degC[i - 1] ? 1 : 0;
    }
    EXPECT_GT(changes, 30 * 2);
    EXPECT_LT(changes, 30 * 8);
    const double stopped = std::accumulate(a.stop_requested.begin(), a.stop_requested.end(), 0.0);
    EXPECT_GT(stopped / static_cast<double>(a.steps()), 0.003);
    EXPECT_LT(stopped / static_cast<double>(a.steps()), 0.08);
}

TEST(PlantInputs, WeatherDoesNotDependOnTheStepSize) {
    const PlantTruth truth = default_truth();
    const auto start = sample::seconds_from_civil(2026, 2, 15, 23);
    const PlantInputs one = generate_inputs(truth, start, 5, 1, 3);
    const PlantInputs five = generate_inputs(truth, start, 5, 5, 3);
    for (std::size_t i = 0; i < five.steps(); ++i) {
        ASSERT_DOUBLE_EQ(five.ambient_degC[i], one.ambient_degC[i * 5]);
        ASSERT_EQ(five.grade[i], one.grade[i * 5]);
    }
}

TEST(PlantInputs, InvalidArgumentsAreUsageErrors) {
    const PlantTruth truth = default_truth();
    EXPECT_THROW(generate_inputs(truth, 0, 0, 1, 1), UsageError);
    EXPECT_THROW(generate_inputs(truth, 0, 1, 0, 1), UsageError);
    PlantTruth bad_zone = truth;
    bad_zone.time_zone = "Mars/Olympus";
    EXPECT_THROW(generate_inputs(bad_zone, 0, 1, 1, 1), UsageError);
}

}  // namespace
}  // namespace twinbench
