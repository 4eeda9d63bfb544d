// The simulator stepping the TRUE model (twin_from_truth) must reproduce the reference
// plant simulator (core/sample/reference_plant.cpp) on the same inputs: same furnace
// trajectory, same maintenance timing, same energy; produced parts differ only by the
// generator's whole-part rounding and scrap only by its per-part draws (compared with the
// expected scrap here). This pins the simulator's physics, step order and maintenance
// logic to the generator's, independently of any fitting.
#include <gtest/gtest.h>

#include <cmath>

#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "sim/simulator.h"
#include "sim/truth_twin.h"

namespace twinbench {
namespace {

struct Pair {
    SampleScenario scenario;
    PlantRun run;
    SimulationResult sim;
};

Pair run_both(int days, std::uint64_t seed) {
    SampleOptions options;
    options.days = days;
    options.seed = seed;
    Pair p{make_sample_scenario(options), {}, {}};
    p.run = simulate_plant(p.scenario.truth, p.scenario.inputs, p.scenario.seed);
    const PlantTwin twin = twin_from_truth(p.scenario.truth);
    const auto inputs =
        inputs_from_plant(p.scenario.truth, p.scenario.inputs, 0, p.scenario.inputs.steps(),
                          p.scenario.inputs.initial_wear_pct);
    SimulationOptions so;
    so.keep_series = true;
    p.sim = simulate(twin, inputs, so);
    return p;
}

TEST(Simulator, TrueTwinReproducesTheReferencePlantStepByStep) {
    for (std::uint64_t seed : {1u, 7u}) {
        const Pair p = run_both(21, seed);
        const auto& s = p.sim.series;
        ASSERT_EQ(s.furnace_degC.size(), p.run.steps());
        double max_furnace = 0.0, max_core = 0.0, max_energy = 0.0;
        std::size_t state_mismatch = 0;
        double expected_scrap = 0.0, produced = 0.0;
        for (std::size_t i = 0; i < p.run.steps(); ++i) {
            max_furnace =
                std::max(max_furnace, std::abs(s.furnace_degC[i] - p.run.furnace_true_degC[i]));
            if (p.run.state[i] == LineState::running)
                max_core = std::max(max_core, std::abs(s.core_degC[i] - p.run.core_true_degC[i]));
            max_energy = std::max(max_energy, std::abs(s.energy_kwh[i] - p.run.energy_kwh[i]));
            if (static_cast<int>(s.state[i]) != static_cast<int>(p.run.state[i])) ++state_mismatch;
            expected_scrap += p.run.defect_probability[i] * p.run.produced[i];
            produced += p.run.produced[i];
        }
        EXPECT_LT(max_furnace, 1e-9) << "seed " << seed;
        EXPECT_LT(max_core, 1e-9);
        // Energy per step uses the continuous load in both; only rounding of sums differs.
        EXPECT_LT(max_energy, 1e-9);
        EXPECT_EQ(state_mismatch, 0u);
        const auto truth = summarize_run(p.scenario.truth, p.scenario.inputs, p.run);
        EXPECT_NEAR(p.sim.kpis.produced, produced, 1.0);
        EXPECT_NEAR(p.sim.kpis.scrap, expected_scrap, 0.02 * expected_scrap);
        EXPECT_NEAR(p.sim.kpis.energy_kwh, truth.energy_kwh, 1e-6 * truth.energy_kwh);
        EXPECT_NEAR(p.sim.kpis.energy_cost, truth.energy_cost, 1e-6 * truth.energy_cost);
        EXPECT_DOUBLE_EQ(p.sim.kpis.availability, truth.availability);
        EXPECT_EQ(p.sim.kpis.maintenance_count, truth.maintenance_count);
        EXPECT_GT(truth.maintenance_count, 0) << "the check needs maintenance in the window";
    }
}

TEST(Simulator, RejectsInputsOfDifferentLengths) {
    SampleOptions options;
    options.days = 1;
    const auto scenario = make_sample_scenario(options);
    auto inputs =
        inputs_from_plant(scenario.truth, scenario.inputs, 0, scenario.inputs.steps(), 0.0);
    inputs.ambient_degC.pop_back();
    EXPECT_THROW(simulate(twin_from_truth(scenario.truth), inputs), std::invalid_argument);
}

TEST(Simulator, PreventiveMaintenanceIntervalAddsStops) {
    SampleOptions options;
    options.days = 7;
    const auto scenario = make_sample_scenario(options);
    const PlantTwin twin = twin_from_truth(scenario.truth);
    auto inputs =
        inputs_from_plant(scenario.truth, scenario.inputs, 0, scenario.inputs.steps(), 0.0);
    const auto plain = simulate(twin, inputs).kpis;
    inputs.maintenance_interval_running_min = 24.0 * 60.0;
    const auto preventive = simulate(twin, inputs).kpis;
    // Wear from 0 at ~0.014 %/min needs ~5 days to the limit: a daily interval adds stops.
    EXPECT_GE(preventive.maintenance_count, 5);
    EXPECT_GT(preventive.maintenance_count, plain.maintenance_count);
    EXPECT_LT(preventive.availability, plain.availability);
    // Fresh conveyors scrap less (wear term of the logit).
    EXPECT_LT(preventive.scrap_rate, plain.scrap_rate);
}

}  // namespace
}  // namespace twinbench
