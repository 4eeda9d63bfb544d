// Monte Carlo over what the twin of any process does not know exactly: every output
// model's parameters, drawn from their covariance, and each output's own scatter around
// its model: continuous outputs an AR(1) noise with the residuals' sd and lag-one
// autocorrelation, sparse outputs a bias that wanders as its random walk from the last
// measured value, counts a binomial draw out of their total, 0/1 outputs a Bernoulli draw
// per item. Upstream noise reaches the outputs downstream of it (the graph is simulated in
// order within each run). Run r has its own generator seeded from (seed, r): the result
// does not depend on the number of threads.
#pragma once

#include <cstdint>
#include <random>

#include "common/progress.h"
#include "models/signal_frame.h"
#include "sim/kpi_set.h"
#include "sim/twin_study.h"
#include "sim/twin_what_if.h"

namespace twinbench {

struct GraphMonteCarloOptions {
    int runs = 100;
    std::uint64_t seed = 1;
    int threads = 0;
    // Called after each run with the share done; false cancels (Cancelled thrown).
    ProgressCallback progress;
    // Also the band of every modelled output step by step (a time chart's shading): the
    // runs' outputs are kept until their quantiles are taken.
    bool series_band = false;
};

// P10, P50 and P90 of each modelled output at each step of the horizon, over the runs.
struct StepBand {
    std::vector<double> p10, p50, p90;
};

struct GraphMonteCarloResult {
    std::vector<GraphOutcome> runs;  // frames dropped, figures kept
    OutcomeBand p10, p50, p90;
    std::map<std::string, StepBand> series;  // with series_band
};

// One run's draws: the twin with its parameters drawn, and the generator its noise comes
// from next. Kept by an optimiser, so that every setting it tries sees the same runs
// (common random numbers).
struct GraphRunDraw {
    GraphTwin twin;
    std::mt19937_64 noise;
};
GraphRunDraw draw_graph_run(const GraphTwin& twin, std::uint64_t seed, int run);
// The run simulated on a frame of inputs, with the draw's noise (the draw is not changed).
// kept: when given, receives the run's simulated frame (the outcome's frame is dropped).
GraphOutcome simulate_graph_run(const TwinStudy& study, const GraphRunDraw& draw, SignalFrame frame,
                                const KpiSet& kpis, SignalFrame* kept = nullptr);

// inputs: the scenario's frame before simulation (controls and disturbances set; the
// template's outputs written in).
GraphMonteCarloResult run_graph_monte_carlo(const TwinStudy& study, const SignalFrame& inputs, const KpiSet& kpis,
                                            const GraphMonteCarloOptions& options);

}  // namespace twinbench
