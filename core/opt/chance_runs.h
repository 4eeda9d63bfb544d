// The Monte Carlo runs behind the optimiser's chance constraints (P(scrap_rate>0.02)<=0.05),
// drawn once per optimisation and replayed at every setting it tries: common random
// numbers without re-drawing the parameters or the bias walk for each evaluation
// (monte_carlo.h's MonteCarloDraw; run r is the same run r that run_monte_carlo gives for
// the seed, so the KPIs agree with it exactly).
//
// The constraint is the statement "the q-quantile of the KPI over the N runs keeps the
// bound" (type 7, q = 1 - p; for P(kpi<value)<=p the p-quantile stays above it). Most of
// the settings a search tries are far from that boundary, and there a few runs decide it,
// so the runs go in prefixes (N/8, N/4, N/2, N, at least 20) and stop as soon as every
// bound is decided:
//  - broken, exactly: when at least N - floor((N - 1) q) runs of the prefix already break
//    the bound, the N-run quantile breaks it too, whatever the other runs give;
//  - kept: the prefix's q-quantile is inside the bound by 3 standard errors of the
//    difference between it and the N-run quantile (normal theory: sd sqrt(q (1 - q)) /
//    phi(z_q) sqrt(1/n - 1/N), sd from the prefix);
//  - otherwise the next prefix, up to all N runs.
// On the sample plant's grids (tests/core/opt/test_chance_runs.cpp) 240 of 243 settings
// are decided by a prefix, 30 runs each on average instead of 200, each the same way as
// all 200 runs decide it. A setting decided early reports the prefix's quantile; near
// the boundary, where a constrained optimum lies, every run counts and the value is the
// N-run quantile itself. The optimiser evaluates its answer with all N runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/kpis.h"
#include "sim/monte_carlo.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

// P(kpi breaks value) <= probability.
struct ChanceBound {
    std::size_t kpi = 0;  // index into kpi_keys
    bool at_most = true;  // breaking is kpi > value (false: kpi < value)
    double value = 0.0;
    double probability = 0.05;
    // The quantile of the KPI that the bound applies to.
    double level() const { return at_most ? 1.0 - probability : probability; }
};

struct ChanceEstimate {
    std::vector<double> quantile;  // per bound, the KPI's quantile (NaN: no finite run)
    int runs_used = 0;
};

class ChanceRuns {
  public:
    // Draws runs 0..runs-1 of the Monte Carlo with `seed` for the time grid of `inputs`
    // (their controls do not matter: nothing drawn depends on them). The runs simulate
    // what the bounds read: without a bound on an energy KPI, no energy balance. Keeps a
    // reference to twin. Each run kept costs a bias walk of one double per step (16 MB
    // for 200 runs of a week of minutes); beyond stored_bytes_max (--runs in the
    // thousands, long horizons) the runs are drawn again at each evaluation instead, with
    // the same numbers.
    ChanceRuns(const PlantTwin& twin, const SimulationInputs& inputs, int runs, std::uint64_t seed,
               const std::vector<ChanceBound>& bounds,
               double stored_bytes_max = 256.0 * 1024 * 1024);

    int runs() const { return runs_; }

    // The bounds' quantiles over the runs with the controls of `inputs` (the grid of the
    // constructor). adaptive: run by prefixes and stop once every bound is decided.
    ChanceEstimate estimate(const SimulationInputs& inputs, const std::vector<ChanceBound>& bounds,
                            bool adaptive) const;

  private:
    void simulate_runs(const SimulationInputs& inputs, int first, int last,
                       std::vector<Kpis>& kpis) const;
    void draw(const SimulationInputs& inputs, int run, MonteCarloDraw& out) const;

    const PlantTwin& twin_;  // must outlive the runs
    std::uint64_t seed_;
    int runs_;
    bool energy_ = true;
    std::vector<MonteCarloDraw> draws_;  // empty: drawn at each evaluation (memory budget)
};

}  // namespace twinbench
