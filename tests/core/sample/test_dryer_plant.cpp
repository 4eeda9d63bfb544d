// The true spray dryer: its physics checked against the documented formulas and against
// independent evidence in the simulated series (step responses read off and fitted, the
// off-spec draws against the logistic, the energy balance, what-if reruns with common
// random numbers).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <Eigen/Dense>

#include "sample/dryer_columns.h"
#include "sample/dryer_export.h"
#include "sample/dryer_graph.h"
#include "sample/dryer_plant.h"

namespace twinbench {
namespace {

DryerInputs constant_inputs(std::size_t n, int step_minutes = 1, double inlet = 190.0,
                            double feed = 1000.0, double solids = 48.0, double humidity = 8.0,
                            double ambient = 15.0) {
    DryerInputs in;
    in.start_utc = sample::seconds_from_civil(2026, 3, 2);
    in.step_minutes = step_minutes;
    in.inlet_setpoint_degC.assign(n, inlet);
    in.feed_rate_kg_per_h.assign(n, feed);
    in.feed_solids_pct.assign(n, solids);
    in.ambient_humidity_g_per_kg.assign(n, humidity);
    in.ambient_temp_degC.assign(n, ambient);
    return in;
}

// Least-squares fit of y = base + K * (1 - exp(-(t - t_step - D) / tau)) summed over the
// steps of u: for each (D, tau) on a grid the model is linear in (base, K).
struct FopdtFit {
    double dead_time_min = 0.0;
    double tau_min = 0.0;
    double gain = 0.0;
};

FopdtFit fit_fopdt(const std::vector<double>& u, const std::vector<double>& y) {
    FopdtFit best;
    double best_sse = std::numeric_limits<double>::infinity();
    const std::size_t n = y.size();
    for (int dead = 0; dead <= 8; ++dead) {
        for (double tau = 1.0; tau <= 15.0001; tau += 0.05) {
            // x[i] = first-order response of u delayed by dead steps (unit gain).
            std::vector<double> x(n);
            double state = u[0];
            const double a = std::exp(-1.0 / tau);
            for (std::size_t i = 0; i < n; ++i) {
                x[i] = state;
                const double delayed = i >= static_cast<std::size_t>(dead) ? u[i - dead] : u[0];
                state = a * state + (1.0 - a) * delayed;
            }
            const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
            const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
            double sxy = 0.0, sxx = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
            const double k = sxy / sxx;
            double sse = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                const double r = y[i] - my - k * (x[i] - mx);
                sse += r * r;
            }
            if (sse < best_sse) {
                best_sse = sse;
                best = {static_cast<double>(dead), tau, k};
            }
        }
    }
    return best;
}

TEST(DryerPlant, InletStepShowsTheDocumentedDeadTimeAndTimeConstant) {
    const DryerTruth truth = default_dryer_truth();
    DryerInputs in = constant_inputs(120);
    const std::size_t step_at = 30;
    for (std::size_t i = step_at; i < in.steps(); ++i) in.inlet_setpoint_degC[i] += 10.0;
    const DryerRun run = simulate_dryer(truth, in, 1);
    const double base = run.outlet_true_degC[0];
    EXPECT_NEAR(base, truth.outlet_ref_degC, 1e-12);  // inputs at the reference point

    // Read off the noise-free series: the first step that moves, and the 63 % point.
    std::size_t first_move = 0;
    for (std::size_t i = 0; i < run.steps(); ++i)
        if (std::abs(run.outlet_true_degC[i] - base) > 1e-9) {
            first_move = i;
            break;
        }
    // The value at a step start is the state before that step's input acts: a change
    // delayed by D minutes shows from step_at + D + 1 on.
    EXPECT_EQ(static_cast<double>(first_move - step_at - 1), truth.inlet_dead_time_min);
    const double final_delta = truth.outlet_gain_inlet_degC_per_degC * 10.0;
    const double minutes_after = static_cast<double>(run.steps() - 1 - step_at) - truth.inlet_dead_time_min;
    EXPECT_NEAR(run.outlet_true_degC.back() - base, final_delta * (1.0 - std::exp(-minutes_after / truth.inlet_tau_min)),
                1e-9);
    for (int m = 0; m <= 30; ++m) {
        const auto i = step_at + static_cast<std::size_t>(truth.inlet_dead_time_min) + static_cast<std::size_t>(m);
        EXPECT_NEAR(run.outlet_true_degC[i] - base, final_delta * (1.0 - std::exp(-m / truth.inlet_tau_min)),
                    1e-9)
            << m;
    }
    // The feed's path did not move (its input did not change).
    EXPECT_NEAR(run.water_load_kg_per_h[60], truth.water_load_ref_kg_per_h, 1e-9);
}

TEST(DryerPlant, MeasuredStepResponsesFitTheDocumentedDynamicsPerInput) {
    // Two hours per level, inlet and feed stepping at different times: the fit of each
    // path from the noisy measured outlet must find its own dead time and time constant.
    const DryerTruth truth = default_dryer_truth();
    const std::size_t n = 24 * 60;
    DryerInputs in = constant_inputs(n);
    for (std::size_t i = 0; i < n; ++i) {
        in.inlet_setpoint_degC[i] = (i / 120) % 2 == 0 ? 185.0 : 195.0;
        in.feed_rate_kg_per_h[i] = ((i + 60) / 120) % 2 == 0 ? 950.0 : 1050.0;
    }
    const DryerRun run = simulate_dryer(truth, in, 3);
    // Remove the other path exactly (it is linear and known from the truth of the other
    // input) so each fit sees one input: the residual noise is the sensor's 0.5 degC.
    std::vector<double> y_inlet(n), y_feed(n);
    DryerInputs only_feed = in, only_inlet = in;
    std::fill(only_feed.inlet_setpoint_degC.begin(), only_feed.inlet_setpoint_degC.end(), 190.0);
    std::fill(only_inlet.feed_rate_kg_per_h.begin(), only_inlet.feed_rate_kg_per_h.end(), 1000.0);
    const DryerRun feed_part = simulate_dryer(truth, only_feed, 3);
    const DryerRun inlet_part = simulate_dryer(truth, only_inlet, 3);
    for (std::size_t i = 0; i < n; ++i) {
        y_inlet[i] = run.outlet_measured_degC[i] - (feed_part.outlet_true_degC[i] - truth.outlet_ref_degC);
        y_feed[i] = run.outlet_measured_degC[i] - (inlet_part.outlet_true_degC[i] - truth.outlet_ref_degC);
    }
    const FopdtFit inlet = fit_fopdt(in.inlet_setpoint_degC, y_inlet);
    const FopdtFit feed = fit_fopdt(in.feed_rate_kg_per_h, y_feed);
    std::printf("inlet path: dead %.0f min, tau %.2f min, gain %.4f; feed path: dead %.0f min, tau %.2f min, "
                "gain %.5f\n",
                inlet.dead_time_min, inlet.tau_min, inlet.gain, feed.dead_time_min, feed.tau_min, feed.gain);
    EXPECT_EQ(inlet.dead_time_min, truth.inlet_dead_time_min);
    EXPECT_NEAR(inlet.tau_min, truth.inlet_tau_min, 0.5);
    EXPECT_NEAR(inlet.gain, truth.outlet_gain_inlet_degC_per_degC, 0.02 * truth.outlet_gain_inlet_degC_per_degC);
    EXPECT_EQ(feed.dead_time_min, truth.water_load_dead_time_min);
    EXPECT_NEAR(feed.tau_min, truth.water_load_tau_min, 0.5);
    const double feed_gain = truth.outlet_gain_water_load_degC_per_kg_per_h * (1.0 - 48.0 / 100.0);
    EXPECT_NEAR(feed.gain, feed_gain, 0.02 * std::abs(feed_gain));
}

TEST(DryerPlant, CoarseStepsSampleTheSameContinuousResponse) {
    // Inputs held over 3-minute steps: the 3-minute run must equal every third value of
    // the 1-minute run with the same inputs, although the dead times (2 and 4 min) are
    // not whole steps of 3 minutes.
    const DryerTruth truth = default_dryer_truth();
    const std::size_t coarse_n = 200;
    DryerInputs coarse = constant_inputs(coarse_n, 3);
    DryerInputs fine = constant_inputs(coarse_n * 3, 1);
    for (std::size_t k = 0; k < coarse_n; ++k) {
        const double inlet = 180.0 + static_cast<double>((k * 7) % 5) * 5.0;
        const double feed = 900.0 + static_cast<double>((k * 3) % 4) * 60.0;
        coarse.inlet_setpoint_degC[k] = inlet;
        coarse.feed_rate_kg_per_h[k] = feed;
        for (std::size_t j = 0; j < 3; ++j) {
            fine.inlet_setpoint_degC[3 * k + j] = inlet;
            fine.feed_rate_kg_per_h[3 * k + j] = feed;
        }
    }
    const DryerRun a = simulate_dryer(truth, coarse, 1);
    const DryerRun b = simulate_dryer(truth, fine, 1);
    for (std::size_t k = 0; k < coarse_n; ++k)
        ASSERT_NEAR(a.outlet_true_degC[k], b.outlet_true_degC[3 * k], 1e-9) << k;
}

TEST(DryerPlant, MoistureFallsWithTheOutletTemperatureAndFlattens) {
    const DryerTruth truth = default_dryer_truth();
    double previous_drop = std::numeric_limits<double>::infinity();
    for (double t = 70.0; t < 104.0; t += 2.0) {
        const double drop = residual_moisture_pct(truth, t, 8.0, 48.0) - residual_moisture_pct(truth, t + 2.0, 8.0, 48.0);
        EXPECT_GT(drop, 0.0) << t;
        EXPECT_LT(drop, previous_drop) << t;  // flattening
        previous_drop = drop;
    }
    EXPECT_GT(residual_moisture_pct(truth, 86.0, 12.0, 48.0), residual_moisture_pct(truth, 86.0, 6.0, 48.0));

    // In the generated data the lab's results fall with the outlet temperature too.
    DryerSampleOptions o;
    o.days = 20;
    const DryerScenario sc = make_dryer_scenario(o);
    const DryerRun run = simulate_dryer(sc.truth, sc.inputs, sc.seed);
    ASSERT_GT(run.lab.size(), 200u);
    double mx = 0, my = 0;
    for (const auto& s : run.lab) {
        mx += run.outlet_measured_degC[s.step];
        my += s.moisture_measured_pct;
        EXPECT_NEAR(s.moisture_measured_pct, s.moisture_true_pct, 5 * truth.lab_moisture_noise_sd_pct);
        EXPECT_DOUBLE_EQ(s.moisture_true_pct, run.moisture_true_pct[s.step]);
    }
    mx /= static_cast<double>(run.lab.size());
    my /= static_cast<double>(run.lab.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (const auto& s : run.lab) {
        const double dx = run.outlet_measured_degC[s.step] - mx, dy = s.moisture_measured_pct - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    const double r = sxy / std::sqrt(sxx * syy);
    std::printf("lab moisture vs measured outlet: r = %.3f over %zu samples\n", r, run.lab.size());
    EXPECT_LT(r, -0.8);
}

TEST(DryerPlant, OffspecDrawsFollowTheLogistic) {
    const DryerTruth truth = default_dryer_truth();
    EXPECT_NEAR(offspec_probability(truth, 3.8), 0.05, 1e-12);
    EXPECT_NEAR(offspec_moisture_at_5_percent(truth), 3.8, 1e-12);
    EXPECT_NEAR(offspec_logit(truth, 4.8) - offspec_logit(truth, 3.8), truth.offspec_b1_per_pct, 1e-12);

    DryerSampleOptions o;
    o.days = 60;
    const DryerScenario sc = make_dryer_scenario(o);
    const DryerRun run = simulate_dryer(sc.truth, sc.inputs, sc.seed);
    // Bins of the expected probability; in each the drawn rate must match the mean p
    // within 4 binomial standard deviations.
    const double edges[] = {0.0, 0.01, 0.02, 0.04, 0.08, 0.16, 1.0};
    int bins_checked = 0;
    double all_bags = 0, all_drawn = 0, all_expected = 0, all_var = 0;
    for (int b = 0; b + 1 < 7; ++b) {
        double bags = 0, drawn = 0, expected = 0, var = 0;
        for (const BagInterval& iv : run.bags) {
            ASSERT_DOUBLE_EQ(iv.offspec_probability, offspec_probability(truth, iv.moisture_pct));
            if (iv.offspec_probability < edges[b] || iv.offspec_probability >= edges[b + 1]) continue;
            bags += iv.bags_filled;
            drawn += iv.bags_offspec;
            expected += iv.offspec_probability * iv.bags_filled;
            var += iv.offspec_probability * (1 - iv.offspec_probability) * iv.bags_filled;
        }
        all_bags += bags;
        all_drawn += drawn;
        all_expected += expected;
        all_var += var;
        if (bags < 500) continue;
        ++bins_checked;
        std::printf("p in [%.2f, %.2f): %6.0f bags, drawn %5.0f, expected %7.1f\n", edges[b], edges[b + 1], bags,
                    drawn, expected);
        EXPECT_NEAR(drawn, expected, 4.0 * std::sqrt(var) + 1.0);
    }
    EXPECT_GE(bins_checked, 3);
    EXPECT_NEAR(all_drawn, all_expected, 4.0 * std::sqrt(all_var));
    const double rate = all_expected / all_bags;
    std::printf("60 days: %.0f bags, off-spec rate expected %.4f, drawn %.4f\n", all_bags, rate, all_drawn / all_bags);
    EXPECT_GT(rate, 0.005);
    EXPECT_LT(rate, 0.08);
}

TEST(DryerPlant, EnergyBalanceClosesAndPowderBecomesBags) {
    DryerSampleOptions o;
    o.days = 10;
    const DryerScenario sc = make_dryer_scenario(o);
    const DryerTruth& t = sc.truth;
    const DryerRun run = simulate_dryer(t, sc.inputs, sc.seed);
    double rel_sum = 0, rel_sq = 0;
    for (std::size_t i = 0; i < run.steps(); ++i) {
        const double lift = sc.inputs.inlet_setpoint_degC[i] - sc.inputs.ambient_temp_degC[i];
        // Burner heat = air flow x heat capacity x temperature lift / efficiency (kW), over 1 minute.
        const double air_kw = t.dry_air_flow_kg_per_h / 3600.0 * t.air_heat_capacity_kJ_per_kgK * lift / t.burner_efficiency;
        const double vapour_kw = t.dry_air_flow_kg_per_h / 3600.0 * sc.inputs.ambient_humidity_g_per_kg[i] / 1000.0 *
                                 t.vapour_heat_capacity_kJ_per_kgK * lift / t.burner_efficiency;
        ASSERT_NEAR(run.gas_air_kwh[i], air_kw / 60.0, 1e-9);
        ASSERT_NEAR(run.gas_vapour_kwh[i], vapour_kw / 60.0, 1e-9);
        ASSERT_NEAR(run.gas_base_kwh[i], t.burner_base_load_kW / 60.0, 1e-12);
        ASSERT_NEAR(run.gas_true_kwh[i], run.gas_air_kwh[i] + run.gas_vapour_kwh[i] + run.gas_base_kwh[i], 1e-12);
        const double rel = run.gas_measured_kwh[i] / run.gas_true_kwh[i] - 1.0;
        rel_sum += rel;
        rel_sq += rel * rel;
        // The heat the air gives up between inlet and outlet is of the size evaporation
        // needs (2.3-2.7 MJ per kg water evaporated, plus losses): within a factor 1.5.
        const double given_kw = t.dry_air_flow_kg_per_h / 3600.0 * t.air_heat_capacity_kJ_per_kgK *
                                (sc.inputs.inlet_setpoint_degC[i] - run.outlet_true_degC[i]);
        const double evaporation_kw = run.water_load_kg_per_h[i] / 3600.0 * 2500.0;
        ASSERT_GT(given_kw / evaporation_kw, 1.0 / 1.5) << i;
        ASSERT_LT(given_kw / evaporation_kw, 1.5) << i;
    }
    const double n = static_cast<double>(run.steps());
    EXPECT_NEAR(rel_sum / n, 0.0, 4 * t.gas_meter_noise_rel / std::sqrt(n));
    EXPECT_NEAR(std::sqrt(rel_sq / n), t.gas_meter_noise_rel, 0.05 * t.gas_meter_noise_rel);

    // Every kg of powder ends up in a bag; the remainder carried is less than one bag.
    double powder = 0, bagged = 0;
    for (const BagInterval& b : run.bags) {
        powder += b.powder_kg;
        bagged += b.bags_filled * t.bag_mass_kg;
    }
    EXPECT_GE(powder - bagged, 0.0);
    EXPECT_LT(powder - bagged, t.bag_mass_kg);
    double powder_steps = 0;
    for (double r : run.powder_kg_per_h) powder_steps += r / 60.0;
    EXPECT_NEAR(powder, powder_steps, 1e-6 * powder);
    // The solids balance: powder x (1 - moisture) = feed x solids.
    for (std::size_t i = 0; i < run.steps(); i += 97)
        EXPECT_NEAR(run.powder_kg_per_h[i] * (1 - run.moisture_true_pct[i] / 100),
                    sc.inputs.feed_rate_kg_per_h[i] * sc.inputs.feed_solids_pct[i] / 100, 1e-9);
}

TEST(DryerPlant, InletPlusTenRaisesTheOutletByGainTimesTenWithTheSameNoise) {
    DryerSampleOptions o;
    o.days = 14;
    const DryerScenario sc = make_dryer_scenario(o);
    const DryerTruth& t = sc.truth;
    const DryerRun base = simulate_dryer(t, sc.inputs, sc.seed);
    DryerInputs changed = sc.inputs;
    for (double& v : changed.inlet_setpoint_degC) v += 10.0;
    const DryerRun what_if = simulate_dryer(t, changed, sc.seed);
    const double gain = t.outlet_gain_inlet_degC_per_degC;
    for (std::size_t i = 0; i < base.steps(); ++i) {
        ASSERT_NEAR(what_if.outlet_true_degC[i] - base.outlet_true_degC[i], gain * 10.0, 1e-9) << i;
        // Common random numbers: the sensor noise is the same, so is the difference.
        ASSERT_NEAR(what_if.outlet_measured_degC[i] - base.outlet_measured_degC[i], gain * 10.0, 1e-9) << i;
        ASSERT_LT(what_if.moisture_true_pct[i], base.moisture_true_pct[i]);
        ASSERT_EQ(what_if.solids_measured_pct[i], base.solids_measured_pct[i]);
    }
    const DryerOutputMeans mb = dryer_output_means(base), mw = dryer_output_means(what_if);
    const double per_K = t.dry_air_flow_kg_per_h * t.air_heat_capacity_kJ_per_kgK / 3600.0 / t.burner_efficiency / 60.0;
    EXPECT_GT(mw.gas_energy_kwh_per_step - mb.gas_energy_kwh_per_step, per_K * 10.0);
    EXPECT_LT(mw.offspec_rate_expected, mb.offspec_rate_expected);
    ASSERT_EQ(what_if.lab.size(), base.lab.size());
    for (std::size_t k = 0; k < base.lab.size(); ++k)
        EXPECT_NEAR(what_if.lab[k].moisture_measured_pct - what_if.lab[k].moisture_true_pct,
                    base.lab[k].moisture_measured_pct - base.lab[k].moisture_true_pct, 1e-12);
}

TEST(DryerPlant, ControlsHeldOverTheLastDaysGiveTheWhatIfTruth) {
    // What a test of the generic engine does: hold the controls over the last 3 days,
    // once at a baseline and once with one control changed, and compare the means.
    DryerSampleOptions o;
    o.days = 21;
    const DryerScenario sc = make_dryer_scenario(o);
    const std::size_t n = sc.inputs.steps(), window = 3 * 1440, first = n - window;
    auto held = [&](double inlet, double feed) {
        DryerInputs in = sc.inputs;
        std::fill(in.inlet_setpoint_degC.begin() + first, in.inlet_setpoint_degC.end(), inlet);
        std::fill(in.feed_rate_kg_per_h.begin() + first, in.feed_rate_kg_per_h.end(), feed);
        return dryer_output_means(simulate_dryer(sc.truth, in, sc.seed), first, n);
    };
    const DryerOutputMeans base = held(190.0, 1000.0);
    const DryerOutputMeans feed_up = held(190.0, 1100.0);
    // Feed +100 kg/h: the outlet falls by gain_w * 100 * (1 - solids/100) at steady
    // state; over the window (the first minutes still settling) by slightly less.
    double mean_dry = 0;
    for (std::size_t i = first; i < n; ++i) mean_dry += 1.0 - sc.inputs.feed_solids_pct[i] / 100.0;
    mean_dry /= static_cast<double>(window);
    const double expected = sc.truth.outlet_gain_water_load_degC_per_kg_per_h * 100.0 * mean_dry;
    EXPECT_NEAR(feed_up.outlet_air_temp_degC - base.outlet_air_temp_degC, expected, 0.005 * std::abs(expected));
    EXPECT_GT(feed_up.residual_moisture_pct, base.residual_moisture_pct);
    EXPECT_GT(feed_up.bags_filled_per_interval, base.bags_filled_per_interval * 1.09);
    EXPECT_GT(feed_up.offspec_rate_expected, base.offspec_rate_expected);
    EXPECT_DOUBLE_EQ(feed_up.gas_energy_kwh_per_step, base.gas_energy_kwh_per_step);  // the burner does not see the feed
    const auto by_name = output_means_by_column(base);
    EXPECT_EQ(by_name.size(), 5u);
    EXPECT_DOUBLE_EQ(by_name.at("Outlet air temp"), base.outlet_air_temp_degC);
    EXPECT_DOUBLE_EQ(by_name.at("Bags off-spec"), base.bags_offspec_expected_per_interval);
    EXPECT_EQ(base.bag_intervals, window / 15);
}

TEST(DryerPlant, GraphGainsMatchTheSimulatedPhysics) {
    const DryerTruth t = default_dryer_truth();
    const nlohmann::json g = dryer_graph_json(t, 1);
    auto edge = [&](const std::string& from, const std::string& to) {
        for (const auto& e : g.at("edges"))
            if (e.at("from") == from && e.at("to") == to) return e;
        ADD_FAILURE() << "no edge " << from << " -> " << to;
        return nlohmann::json{};
    };
    const double h = 1e-3;
    const double feed_ref = t.water_load_ref_kg_per_h / (1 - t.moisture_solids_ref_pct / 100);
    auto outlet = [&](double inlet, double feed, double solids, double humidity, double ambient) {
        return outlet_steady_state_degC(t, inlet, water_load_kg_per_h(feed, solids), humidity, ambient);
    };
    const double r[] = {t.inlet_ref_degC, feed_ref, t.moisture_solids_ref_pct, t.humidity_ref_g_per_kg,
                        t.ambient_ref_degC};
    EXPECT_NEAR(outlet(r[0], r[1], r[2], r[3], r[4]), t.outlet_ref_degC, 1e-9);
    EXPECT_NEAR(edge("Feed rate", "Outlet air temp").at("gain").get<double>(),
                (outlet(r[0], r[1] + h, r[2], r[3], r[4]) - outlet(r[0], r[1], r[2], r[3], r[4])) / h, 1e-6);
    EXPECT_NEAR(edge("Feed solids", "Outlet air temp").at("gain").get<double>(),
                (outlet(r[0], r[1], r[2] + h, r[3], r[4]) - outlet(r[0], r[1], r[2], r[3], r[4])) / h, 1e-6);
    EXPECT_EQ(edge("Feed rate", "Outlet air temp").at("dead_time_min").get<double>(), t.water_load_dead_time_min);
    const auto e_in = [&](double inlet, double humidity) {
        return dryer_step_energy(t, inlet, t.ambient_ref_degC, humidity, 1.0).total_kwh();
    };
    EXPECT_NEAR(edge("Inlet air temp SP", "Gas energy").at("gain").get<double>(),
                (e_in(r[0] + h, r[3]) - e_in(r[0], r[3])) / h, 1e-6);
    EXPECT_NEAR(edge("Ambient humidity", "Gas energy").at("gain").get<double>(),
                (e_in(r[0], r[3] + h) - e_in(r[0], r[3])) / h, 1e-6);
    // Roles cover every exported data column once.
    std::size_t roles = 0;
    for (const auto& [role, names] : g.at("roles").items()) roles += names.size();
    EXPECT_EQ(roles, 10u);
    EXPECT_EQ(g.at("outputs").at("Bags off-spec").at("kind"), "count_of_total");
    EXPECT_EQ(g.at("outputs").at("Bags off-spec").at("total"), "Bags filled");
    EXPECT_EQ(g.at("outputs").at("Residual moisture").at("kind"), "sparse");
}

// Over the three seeds the engine's acceptance tests use.
class DryerPlantSeeds : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(DryerPlantSeeds, GeneratedInputsStayInTheirDocumentedRanges) {
    DryerSampleOptions o;
    o.days = 60;
    o.seed = GetParam();
    const DryerScenario sc = make_dryer_scenario(o);
    const DryerInputs& in = sc.inputs;
    const DryerRun run = simulate_dryer(sc.truth, in, sc.seed);
    auto range = [](const std::vector<double>& v) { return std::minmax_element(v.begin(), v.end()); };
    const auto [inlet_lo, inlet_hi] = range(in.inlet_setpoint_degC);
    EXPECT_GE(*inlet_lo, 170.0);
    EXPECT_LE(*inlet_hi, 210.0);
    const auto [feed_lo, feed_hi] = range(in.feed_rate_kg_per_h);
    EXPECT_GE(*feed_lo, 800.0);
    EXPECT_LE(*feed_hi, 1200.0);
    const auto [solids_lo, solids_hi] = range(in.feed_solids_pct);
    EXPECT_GE(*solids_lo, 43.9);
    EXPECT_LE(*solids_hi, 52.1);
    const auto [hum_lo, hum_hi] = range(in.ambient_humidity_g_per_kg);
    EXPECT_GE(*hum_lo, 2.5);
    EXPECT_LE(*hum_hi, 15.0);
    const auto [out_lo, out_hi] = range(run.outlet_true_degC);
    const auto [moist_lo, moist_hi] = range(run.moisture_true_pct);
    const DryerOutputMeans means = dryer_output_means(run);
    std::printf("seed %llu: off-spec %.4f, ", static_cast<unsigned long long>(o.seed), means.offspec_rate_expected);
    EXPECT_GT(means.offspec_rate_expected, 0.005);
    EXPECT_LT(means.offspec_rate_expected, 0.06);
    std::printf("inlet %.0f..%.0f, feed %.0f..%.0f, solids %.2f..%.2f, humidity %.2f..%.2f g/kg, outlet %.1f..%.1f, "
                "moisture %.2f..%.2f %%\n",
                *inlet_lo, *inlet_hi, *feed_lo, *feed_hi, *solids_lo, *solids_hi, *hum_lo, *hum_hi, *out_lo, *out_hi,
                *moist_lo, *moist_hi);
    EXPECT_GT(*out_lo, 65.0);
    EXPECT_LT(*out_hi, sc.truth.moisture_outlet_ref_degC -
                           sc.truth.moisture_b_outlet_pct_per_degC / (2 * sc.truth.moisture_b_outlet2_pct_per_degC2));
    EXPECT_GT(*moist_lo, 2.0);
    EXPECT_LT(*moist_hi, 6.0);
    // Operators step the controls a few times a day; both controls move.
    int inlet_changes = 0, feed_changes = 0;
    for (std::size_t i = 1; i < in.steps(); ++i) {
        inlet_changes += in.inlet_setpoint_degC[i] != in.inlet_setpoint_degC[i - 1];
        feed_changes += in.feed_rate_kg_per_h[i] != in.feed_rate_kg_per_h[i - 1];
    }
    std::printf("  control changes: inlet %d, feed %d\n", inlet_changes, feed_changes);
    // 4 changes a day, 60 % of them move each control (some end at a limit): 2.4 a day.
    EXPECT_GT(inlet_changes, 60 * 1.2);
    EXPECT_LT(inlet_changes, 60 * 3.5);
    EXPECT_GT(feed_changes, 60 * 1.2);
    EXPECT_LT(feed_changes, 60 * 3.5);
    // Lab samples about every two hours.
    const double gap_h = 60.0 * 24.0 / static_cast<double>(run.lab.size());
    EXPECT_GT(gap_h, 1.8);
    EXPECT_LT(gap_h, 2.2);
}

// Unit-gain first-order-plus-dead-time response of a step-held series (1-minute steps).
std::vector<double> filtered(const std::vector<double>& u, double tau_min, double dead_min) {
    const auto dead = static_cast<std::size_t>(dead_min);
    const double a = std::exp(-1.0 / tau_min);
    std::vector<double> x(u.size());
    double state = u.front();
    for (std::size_t i = 0; i < u.size(); ++i) {
        x[i] = state;
        state = a * state + (1.0 - a) * (i >= dead ? u[i - dead] : u.front());
    }
    return x;
}

// Is the truth recoverable from the data at the tolerances (baseline outputs
// within 2 %, single-control what-if deltas within 5 %)? A plain linear twin, given the
// true dynamics' time constants and dead times (identifying them is the engine's job),
// fitted by least squares on the measured series and the lab samples, is held against
// the true dryer re-run with the controls held over the last 3 days.
TEST_P(DryerPlantSeeds, ALinearTwinWithTheTrueDynamicsMeetsTheAcceptanceTolerances) {
    DryerSampleOptions o;
    o.days = 60;
    o.seed = GetParam();
    const DryerScenario sc = make_dryer_scenario(o);
    const DryerTruth& t = sc.truth;
    const DryerRun run = simulate_dryer(t, sc.inputs, sc.seed);
    const std::size_t n = run.steps(), window = 3 * 1440, first = n - window;

    // Inputs as the historian has them (controls exact, disturbances measured).
    const std::vector<double>& sp = sc.inputs.inlet_setpoint_degC;
    const std::vector<double>& feed = sc.inputs.feed_rate_kg_per_h;
    const std::vector<double>& solids = run.solids_measured_pct;
    const std::vector<double>& humidity = run.humidity_measured_g_per_kg;
    const std::vector<double>& ambient = run.ambient_measured_degC;
    struct Path {
        const std::vector<double>* u;
        double tau, dead;
    };
    const Path paths[] = {{&sp, t.inlet_tau_min, t.inlet_dead_time_min},
                          {&feed, t.water_load_tau_min, t.water_load_dead_time_min},
                          {&solids, t.water_load_tau_min, t.water_load_dead_time_min},
                          {&humidity, t.humidity_tau_min, t.humidity_dead_time_min},
                          {&ambient, t.ambient_tau_min, t.ambient_dead_time_min}};
    // Outlet: y = b0 + sum b_k x_k; gas: static in sp, ambient, humidity.
    Eigen::MatrixXd X(n, 6), G(n, 4);
    Eigen::VectorXd y(n), g(n);
    for (int k = 0; k < 5; ++k) {
        const auto x = filtered(*paths[k].u, paths[k].tau, paths[k].dead);
        for (std::size_t i = 0; i < n; ++i) X(static_cast<Eigen::Index>(i), k + 1) = x[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = static_cast<Eigen::Index>(i);
        X(r, 0) = 1.0;
        y(r) = run.outlet_measured_degC[i];
        G.row(r) << 1.0, sp[i], ambient[i], humidity[i];
        g(r) = run.gas_measured_kwh[i];
    }
    const Eigen::VectorXd b = X.colPivHouseholderQr().solve(y);
    const Eigen::VectorXd c = G.colPivHouseholderQr().solve(g);
    // Moisture from the lab samples: quadratic in the measured outlet, linear in humidity
    // and solids (the chain outlet -> moisture).
    Eigen::MatrixXd M(static_cast<Eigen::Index>(run.lab.size()), 5);
    Eigen::VectorXd m(M.rows());
    const double t0 = t.moisture_outlet_ref_degC;
    for (std::size_t k = 0; k < run.lab.size(); ++k) {
        const std::size_t i = run.lab[k].step;
        const double dt = run.outlet_measured_degC[i] - t0;
        M.row(static_cast<Eigen::Index>(k)) << 1.0, dt, dt * dt, humidity[i], solids[i];
        m(static_cast<Eigen::Index>(k)) = run.lab[k].moisture_measured_pct;
    }
    const Eigen::VectorXd d = M.colPivHouseholderQr().solve(m);
    std::printf("moisture fit: b_outlet %.5f (true %.5f), b_outlet2 %.6f (%.6f) over %zu lab samples\n", d(1),
                t.moisture_b_outlet_pct_per_degC, d(2), t.moisture_b_outlet2_pct_per_degC2, run.lab.size());

    // The twin's window means with the controls held, and the truth's.
    struct Means {
        double outlet = 0, moisture = 0, gas = 0;
    };
    auto twin = [&](double inlet, double feed_rate) {
        std::vector<double> sp_h = sp, feed_h = feed;
        std::fill(sp_h.begin() + static_cast<std::ptrdiff_t>(first), sp_h.end(), inlet);
        std::fill(feed_h.begin() + static_cast<std::ptrdiff_t>(first), feed_h.end(), feed_rate);
        const auto xs = filtered(sp_h, paths[0].tau, paths[0].dead);
        const auto xf = filtered(feed_h, paths[1].tau, paths[1].dead);
        Means out;
        for (std::size_t i = first; i < n; ++i) {
            const auto r = static_cast<Eigen::Index>(i);
            const double outlet = b(0) + b(1) * xs[i] + b(2) * xf[i] + b(3) * X(r, 3) + b(4) * X(r, 4) + b(5) * X(r, 5);
            const double dt = outlet - t0;
            out.outlet += outlet;
            out.moisture += d(0) + d(1) * dt + d(2) * dt * dt + d(3) * humidity[i] + d(4) * solids[i];
            out.gas += c(0) + c(1) * inlet + c(2) * ambient[i] + c(3) * humidity[i];
        }
        const auto w = static_cast<double>(window);
        return Means{out.outlet / w, out.moisture / w, out.gas / w};
    };
    auto truth = [&](double inlet, double feed_rate) {
        DryerInputs in = sc.inputs;
        std::fill(in.inlet_setpoint_degC.begin() + static_cast<std::ptrdiff_t>(first), in.inlet_setpoint_degC.end(), inlet);
        std::fill(in.feed_rate_kg_per_h.begin() + static_cast<std::ptrdiff_t>(first), in.feed_rate_kg_per_h.end(), feed_rate);
        const DryerOutputMeans mm = dryer_output_means(simulate_dryer(t, in, sc.seed), first, n);
        return Means{mm.outlet_air_temp_degC, mm.residual_moisture_pct, mm.gas_energy_kwh_per_step};
    };
    std::vector<double> sp_w(sp.begin() + static_cast<std::ptrdiff_t>(first), sp.end());
    std::vector<double> feed_w(feed.begin() + static_cast<std::ptrdiff_t>(first), feed.end());
    std::nth_element(sp_w.begin(), sp_w.begin() + sp_w.size() / 2, sp_w.end());
    std::nth_element(feed_w.begin(), feed_w.begin() + feed_w.size() / 2, feed_w.end());
    const double sp0 = sp_w[sp_w.size() / 2], feed0 = feed_w[feed_w.size() / 2];

    const Means tb = truth(sp0, feed0), ts = truth(sp0 + 10.0, feed0), tf = truth(sp0, feed0 + 100.0);
    const Means mb = twin(sp0, feed0), ms = twin(sp0 + 10.0, feed0), mf = twin(sp0, feed0 + 100.0);
    std::printf("seed %llu at SP %.0f, feed %.0f: outlet %.3f (true %.3f), moisture %.4f (%.4f), gas %.4f (%.4f)\n"
                "  SP +10: outlet %+.3f (%+.3f), moisture %+.4f (%+.4f), gas %+.4f (%+.4f)\n"
                "  feed +100: outlet %+.3f (%+.3f), moisture %+.4f (%+.4f)\n",
                static_cast<unsigned long long>(o.seed), sp0, feed0, mb.outlet, tb.outlet, mb.moisture, tb.moisture,
                mb.gas, tb.gas, ms.outlet - mb.outlet, ts.outlet - tb.outlet, ms.moisture - mb.moisture,
                ts.moisture - tb.moisture, ms.gas - mb.gas, ts.gas - tb.gas, mf.outlet - mb.outlet, tf.outlet - tb.outlet,
                mf.moisture - mb.moisture, tf.moisture - tb.moisture);
    auto within = [](double twin_value, double true_value, double tolerance) {
        return std::abs(twin_value - true_value) <= tolerance * std::abs(true_value);
    };
    EXPECT_TRUE(within(mb.outlet, tb.outlet, 0.02));
    EXPECT_TRUE(within(mb.moisture, tb.moisture, 0.02));
    EXPECT_TRUE(within(mb.gas, tb.gas, 0.02));
    EXPECT_TRUE(within(ms.outlet - mb.outlet, ts.outlet - tb.outlet, 0.05));
    EXPECT_TRUE(within(ms.moisture - mb.moisture, ts.moisture - tb.moisture, 0.05));
    EXPECT_TRUE(within(ms.gas - mb.gas, ts.gas - tb.gas, 0.05));
    EXPECT_TRUE(within(mf.outlet - mb.outlet, tf.outlet - tb.outlet, 0.05));
    EXPECT_TRUE(within(mf.moisture - mb.moisture, tf.moisture - tb.moisture, 0.05));
}

INSTANTIATE_TEST_SUITE_P(DryerSeeds, DryerPlantSeeds, ::testing::Values(1u, 2u, 3u));

TEST(DryerPlant, RejectsInputsOfDifferentLengths) {
    DryerInputs in = constant_inputs(10);
    in.ambient_temp_degC.pop_back();
    EXPECT_THROW(simulate_dryer(default_dryer_truth(), in, 1), std::invalid_argument);
}

}  // namespace
}  // namespace twinbench
