// The optimiser on the TRUE model of the reference plant must find the plant's own
// optimum: an exhaustive search of the reference plant simulator (expected scrap, the
// same disturbances) over a fine grid of constant speed and setpoint gives it. On the
// fitted models it must return a point that meets the constraints; impossible
// constraints are reported as not met; bad constraint text is a usage error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "common/error.h"
#include "opt/optimizer.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/sample_study.h"
#include "sim/truth_twin.h"

namespace twinbench {
namespace {

struct Brute {
    double speed = 0.0, setpoint = 0.0, value = INFINITY;
};

// Energy per good part of the true plant with expected scrap, controls held constant.
double true_energy_per_part(const SampleScenario& sc, double speed, double setpoint,
                            double* scrap_rate) {
    PlantInputs in = sc.inputs;
    std::fill(in.speed_m_per_min.begin(), in.speed_m_per_min.end(), speed);
    std::fill(in.setpoint_degC.begin(), in.setpoint_degC.end(), setpoint);
    const PlantRun run = simulate_plant(sc.truth, in, sc.seed);
    double produced = 0.0, scrap = 0.0, energy = 0.0;
    for (std::size_t i = 0; i < run.steps(); ++i) {
        produced += run.produced[i];
        scrap += run.produced[i] * run.defect_probability[i];
        energy += run.energy_kwh[i];
    }
    *scrap_rate = scrap / produced;
    return energy / (produced - scrap);
}

TEST(Optimizer, FindsTheTruePlantsOptimumOnTheTrueModel) {
    SampleOptions options;
    options.days = 7;
    options.seed = 3;
    const SampleScenario sc = make_sample_scenario(options);
    const PlantTwin twin = twin_from_truth(sc.truth);
    const auto inputs =
        inputs_from_plant(sc.truth, sc.inputs, 0, sc.inputs.steps(), sc.inputs.initial_wear_pct);

    OptimizeOptions o;
    o.objective = parse_objective("energy_kwh_per_part");
    o.constraints = {parse_constraint("scrap_rate<=0.02")};
    o.bounds = {1.6, 2.4, 175.0, 205.0};
    o.pareto_points = 0;
    const OptimizeResult r = optimize_controls(twin, inputs, o);
    ASSERT_TRUE(r.best.constraints_met) << r.message;

    // Exhaustive search of the reference plant over feasible points: 0.04 m/min x 0.5 degC,
    // then 0.01 m/min x 0.1 degC around the best cell.
    Brute best;
    const auto scan = [&](double v0, double v1, double dv, double s0, double s1, double ds) {
        for (double v = v0; v <= v1 + 1e-9; v += dv)
            for (double sp = s0; sp <= s1 + 1e-9; sp += ds) {
                if (v < 1.6 - 1e-9 || v > 2.4 + 1e-9 || sp < 175.0 - 1e-9 || sp > 205.0 + 1e-9)
                    continue;
                double scrap = 0.0;
                const double e = true_energy_per_part(sc, v, sp, &scrap);
                if (scrap <= 0.02 && e < best.value) best = {v, sp, e};
            }
    };
    scan(1.6, 2.4, 0.04, 175.0, 205.0, 0.5);
    const Brute coarse = best;
    scan(coarse.speed - 0.04, coarse.speed + 0.04, 0.01, coarse.setpoint - 0.5,
         coarse.setpoint + 0.5, 0.1);
    ASSERT_TRUE(std::isfinite(best.value));
    std::printf(
        "optimiser: speed %.3f setpoint %.2f -> %.6f kWh/part; exhaustive: speed %.3f setpoint "
        "%.2f -> %.6f (%d evaluations)\n",
        r.best.speed_m_per_min, r.best.setpoint_degC, r.best.kpis.energy_kwh_per_part, best.speed,
        best.setpoint, best.value, r.evaluations);
    // Tolerance: the objective within 0.2 % of the exhaustive optimum (evaluated on the
    // true plant at the optimiser's settings, constraint included); the settings close to
    // it (the objective is flat along the scrap constraint, so a looser bound there).
    double scrap_at_opt = 0.0;
    const double true_at_opt =
        true_energy_per_part(sc, r.best.speed_m_per_min, r.best.setpoint_degC, &scrap_at_opt);
    EXPECT_LE(true_at_opt, best.value * 1.002);
    EXPECT_LE(scrap_at_opt, 0.02 * 1.002);
    EXPECT_NEAR(r.best.speed_m_per_min, best.speed, 0.04);
    EXPECT_NEAR(r.best.setpoint_degC, best.setpoint, 1.0);
}

TEST(Optimizer, FittedModelsGiveAConstraintSatisfyingPointAndAParetoFront) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 168.0,
                                        ReplayControls::median, s.study->tariff);
    OptimizeOptions o;
    o.objective = parse_objective("energy_kwh_per_part");
    o.constraints = {parse_constraint("scrap_rate<=0.018"),
                     parse_constraint("throughput_per_h>=200")};
    for (const auto& e : w.envelope) {
        if (e.control == "speed") o.bounds.speed_min = e.min, o.bounds.speed_max = e.max;
        if (e.control == "setpoint") o.bounds.setpoint_min = e.min, o.bounds.setpoint_max = e.max;
    }
    const OptimizeResult r = optimize_controls(s.study->twin, w.inputs, o);
    ASSERT_TRUE(r.best.constraints_met) << r.message;
    EXPECT_LE(r.best.kpis.scrap_rate, 0.018 * (1 + 1e-6));
    EXPECT_GE(r.best.kpis.throughput_per_h, 200 * (1 - 1e-6));
    EXPECT_LE(r.best.kpis.energy_kwh_per_part, r.baseline.energy_kwh_per_part);
    // Pareto front: sorted by scrap rate, energy per part never rising as scrap is allowed to rise.
    ASSERT_GE(r.pareto.size(), 3u);
    for (std::size_t i = 1; i < r.pareto.size(); ++i) {
        EXPECT_GE(r.pareto[i].kpis.scrap_rate, r.pareto[i - 1].kpis.scrap_rate - 1e-9);
        EXPECT_LE(r.pareto[i].kpis.energy_kwh_per_part,
                  r.pareto[i - 1].kpis.energy_kwh_per_part * (1 + 1e-4));
    }
}

TEST(Optimizer, ImpossibleConstraintsAreReportedNotMet) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 168.0,
                                        ReplayControls::median, s.study->tariff);
    OptimizeOptions o;
    o.objective = parse_objective("energy_cost");
    o.constraints = {parse_constraint("scrap_rate<=0.0001")};
    o.bounds = {1.6, 2.4, 180.0, 205.0};
    o.pareto_points = 0;
    const OptimizeResult r = optimize_controls(s.study->twin, w.inputs, o);
    EXPECT_FALSE(r.best.constraints_met);
    EXPECT_NE(r.message.find("no setting"), std::string::npos);
}

TEST(Optimizer, ChanceConstraintIsStricterThanTheMean) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 24.0, ReplayControls::median,
                                        s.study->tariff);
    OptimizeOptions o;
    o.objective = parse_objective("energy_kwh_per_part");
    o.bounds = {1.6, 2.4, 180.0, 205.0};
    o.pareto_points = 0;
    o.grid_points = 5;
    o.constraints = {parse_constraint("scrap_rate<=0.02")};
    const auto mean_only = optimize_controls(s.study->twin, w.inputs, o);
    o.constraints = {parse_constraint("P(scrap_rate>0.02)<=0.05")};
    o.chance_runs = 100;
    const auto chance = optimize_controls(s.study->twin, w.inputs, o);
    ASSERT_TRUE(mean_only.best.constraints_met);
    ASSERT_TRUE(chance.best.constraints_met) << chance.message;
    // Keeping 95 % of runs under the limit costs energy: a safety margin on the mean.
    EXPECT_LT(chance.best.kpis.scrap_rate, mean_only.best.kpis.scrap_rate);
    EXPECT_GE(chance.best.kpis.energy_kwh_per_part,
              mean_only.best.kpis.energy_kwh_per_part * (1 - 1e-6));
}

TEST(Optimizer, ChanceConstrainedOptimumHoldsOverItsRunsAndAThousand) {
    // The README's example on the sample plant's latest week: the answer is searched on
    // 10-minute inputs with runs decided by prefixes, but the constraint it reports must
    // be the statement over all 200 runs on the data's grid, recomputed here by
    // run_monte_carlo at the answer.
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 168.0,
                                        ReplayControls::median, s.study->tariff);
    OptimizeOptions o;
    o.objective = parse_objective("energy_kwh_per_part");
    o.constraints = {parse_constraint("P(scrap_rate>0.02)<=0.05")};
    for (const auto& e : w.envelope) {
        if (e.control == "speed") o.bounds.speed_min = e.min, o.bounds.speed_max = e.max;
        if (e.control == "setpoint") o.bounds.setpoint_min = e.min, o.bounds.setpoint_max = e.max;
    }
    o.pareto_points = 0;
    const OptimizeResult r = optimize_controls(s.study->twin, w.inputs, o);
    ASSERT_TRUE(r.best.constraints_met) << r.message;
    SimulationInputs at = w.inputs;
    std::fill(at.speed_m_per_min.begin(), at.speed_m_per_min.end(), r.best.speed_m_per_min);
    std::fill(at.setpoint_degC.begin(), at.setpoint_degC.end(), r.best.setpoint_degC);
    MonteCarloOptions mc;
    mc.runs = o.chance_runs;
    mc.seed = o.seed;
    const auto runs = run_monte_carlo(s.study->twin, at, mc).runs;
    const double q200 = kpi_quantile(runs, 0.95).scrap_rate;
    EXPECT_LE(q200, 0.02 * (1 + 1e-6));
    // Saving energy pushes the answer onto the constraint (slower or hotter keeps it with
    // room to spare).
    EXPECT_GE(q200, 0.02 * (1 - 0.01));
    // 1,000 runs (the first 200 are the same): the 95 % quantile within 3 standard errors
    // of the 200-run estimate (normal theory, sd of the 1,000 runs' scrap rates).
    mc.runs = 1000;
    const auto more = run_monte_carlo(s.study->twin, at, mc).runs;
    double sum = 0.0, sum2 = 0.0;
    for (const auto& k : more) sum += k.scrap_rate, sum2 += k.scrap_rate * k.scrap_rate;
    const double sd = std::sqrt(sum2 / 1000.0 - (sum / 1000.0) * (sum / 1000.0));
    const double density_at_q95 =
        std::exp(-0.5 * 1.6449 * 1.6449) / std::sqrt(2.0 * std::numbers::pi);
    const double se200 = sd * std::sqrt(0.95 * 0.05) / density_at_q95 / std::sqrt(200.0);
    const double q1000 = kpi_quantile(more, 0.95).scrap_rate;
    std::printf(
        "chance optimum: speed %.4f setpoint %.3f -> %.7f kWh/part; 95 %% scrap quantile %.7f "
        "(200 runs), %.7f (1,000 runs), standard error %.7f; %d evaluations, %lld runs\n",
        r.best.speed_m_per_min, r.best.setpoint_degC, r.best.kpis.energy_kwh_per_part, q200, q1000,
        se200, r.evaluations, r.chance_runs);
    EXPECT_NEAR(q1000, q200, 3.0 * se200);
    // The prefixes decide most evaluations with far fewer than 200 runs.
    EXPECT_LT(r.chance_runs, 100LL * r.evaluations);
}

TEST(Optimizer, ParsesConstraintsAndObjectives) {
    const auto c = parse_constraint("P(scrap_rate>0.02)<=0.05");
    EXPECT_EQ(c.kpi, "scrap_rate");
    EXPECT_TRUE(c.at_most);
    EXPECT_DOUBLE_EQ(c.value, 0.02);
    EXPECT_DOUBLE_EQ(*c.probability, 0.05);
    const auto g = parse_constraint("throughput_per_h >= 450");
    EXPECT_FALSE(g.at_most);
    EXPECT_DOUBLE_EQ(g.value, 450.0);
    const auto obj = parse_objective("0.7*energy_cost+0.3*scrap_rate");
    ASSERT_EQ(obj.terms.size(), 2u);
    EXPECT_DOUBLE_EQ(obj.terms[0].weight, 0.7);
    EXPECT_EQ(obj.terms[1].kpi, "scrap_rate");
    for (const char* bad :
         {"scrap<=0.02", "scrap_rate<0.02", "P(scrap_rate>0.02)<=2", "scrap_rate<=abc"})
        EXPECT_THROW(parse_constraint(bad), UsageError) << bad;
    EXPECT_THROW(parse_objective("energy"), UsageError);
}

}  // namespace
}  // namespace twinbench
