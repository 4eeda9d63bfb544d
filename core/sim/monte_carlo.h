// Monte Carlo over what the twin does not know exactly: its parameters (furnace dynamics,
// part heating per grade, scrap coefficients or the direct scrap model, energy
// coefficients drawn by the twin's typed models, OutputModel::draw; pitch, wear law and
// maintenance duration from their standard errors) and the process noise (the
// soft-sensor bias wandering as a random walk over the horizon, binomial scatter of the
// scrap count). Seeded and reproducible: run r uses its own generator seeded from
// (seed, r), so the result does not depend on the number of threads.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "common/progress.h"
#include "sim/kpis.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"
#include "sim/simulator.h"

namespace twinbench {

// Hourly quantiles of a series over the runs.
struct SeriesBand {
    std::vector<double> time_s;  // start of each hour (UTC)
    std::vector<double> p10, p50, p90;
};

struct MonteCarloResult {
    std::vector<Kpis> runs;
    Kpis p10, p50, p90;
    SeriesBand furnace_degC, core_degC, scrap_rate, energy_kwh;  // when bands were asked for
};

struct MonteCarloOptions {
    int runs = 100;
    std::uint64_t seed = 1;
    int threads = 0;  // 0 = hardware concurrency
    bool bands = false;
    const std::vector<std::uint8_t>* kpi_mask = nullptr;
    // Called after each finished run (one call at a time, from any of the threads) with
    // the share of runs done; returning false skips the runs not yet started and
    // run_monte_carlo throws Cancelled. May be empty.
    ProgressCallback progress;
};

// One plausible twin: parameters drawn from their (multivariate normal) uncertainty, the
// furnace parts' through twin.models' draw().
PlantTwin perturbed_twin(const PlantTwin& twin, std::mt19937_64& rng);

// Everything random in run `run` of a Monte Carlo with `seed`, drawn from that run's own
// generator: the twin's parameters, the soft-sensor bias walk over the inputs' steps and
// the standard normal behind the scatter of the scrap count. None of it depends on the
// controls, so an optimiser draws it once and replays it at every setting it tries
// (common random numbers); run_monte_carlo draws and simulates it in one go.
struct MonteCarloDraw {
    PlantTwin twin;
    std::vector<double> core_bias_offset_degC;  // one per step of the inputs
    double scrap_scatter_z = 0.0;
};
// Fills `draw` (its buffers are reused).
void draw_monte_carlo_run(const PlantTwin& twin, const SimulationInputs& inputs, std::uint64_t seed,
                          int run, MonteCarloDraw& draw);
// The KPIs of a run with the scrap count scattered (normal approximation of the binomial,
// clamped to [0, produced]) and the rates that follow from it recomputed.
Kpis scatter_scrap(const Kpis& simulated, double expected_scrap_variance, double z);
// One run's KPIs: simulate(draw.twin, inputs) with the draw's bias walk, then the scatter.
// inputs must have the steps the draw was made for; options' bias pointer is overridden.
SimulationResult simulate_monte_carlo_run(const MonteCarloDraw& draw,
                                          const SimulationInputs& inputs,
                                          SimulationOptions options = {});

// Throws Cancelled when options.progress asked to stop.
MonteCarloResult run_monte_carlo(const PlantTwin& twin, const SimulationInputs& inputs,
                                 const MonteCarloOptions& options);

// Quantile (type 7) of one KPI over runs, skipping NaN.
Kpis kpi_quantile(const std::vector<Kpis>& runs, double p);

}  // namespace twinbench
