// Decision support: the constant line speed and furnace setpoint that minimise a KPI over
// the horizon (energy per good part, energy cost, scrap rate, or a weighted desirability
// of several) subject to KPI constraints (scrap_rate<=0.02, throughput_per_h>=450), the
// controls kept within their bounds (by default the data's operating envelope), and
// chance constraints over Monte Carlo runs (P(scrap_rate>0.02)<=0.05).
//
// NLopt does the searching: a coarse grid scan finds the basin (the scrap window makes
// the problem non-convex in the setpoint, and maintenance falling in or out of the horizon
// makes it step in the speed), then COBYLA (derivative-free, inequality constraints)
// polishes the best few grid points. A chance constraint is written as a quantile of the KPI over
// runs with common random numbers (the q-quantile <= value is the same statement as
// P(KPI > value) <= 1 - q), which is smooth enough for COBYLA where a counted
// probability is a staircase.
//
// With a chance constraint every evaluation is a Monte Carlo, so (opt/chance_runs.h) the
// runs are drawn once and replayed at every setting, a setting far from the bound is
// decided by the first few runs, and the scan and the multistart polish run on the
// 10-minute copy of the inputs (sim/coarse_inputs.h, tolerance 1e-3); one COBYLA polish
// on the data's grid from the best point found gives the answer, whose constraint is
// evaluated with all chance_runs runs: the same statement as before (on the sample
// plant's week: 0.2539969 kWh per good part now, 0.2539983 when every evaluation ran all
// runs on the data's grid; 1.9 s of CPU instead of 42). The Pareto points of such a
// search are found on the 10-minute copy and reported as the data's grid simulates them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kpis.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

struct KpiConstraint {
    std::string kpi;
    bool at_most = true;  // kpi <= value; false: kpi >= value
    double value = 0.0;
    // Chance constraint: P(kpi breaks the bound) <= probability over Monte Carlo runs.
    std::optional<double> probability;
};

// "scrap_rate<=0.02", "throughput_per_h>=450", "P(scrap_rate>0.02)<=0.05". UsageError
// (exit 2) for anything else, naming the KPIs. furnace_kpis: the name must be one of the
// furnace template's KPIs (kpi_keys); otherwise any output or KPI name is taken (and
// checked by the caller against what the twin simulates).
KpiConstraint parse_constraint(const std::string& text, bool furnace_kpis = true);

struct DecisionBounds {
    double speed_min = 0.0, speed_max = 0.0;        // m/min
    double setpoint_min = 0.0, setpoint_max = 0.0;  // degC
};

// Weighted objective: sum of weight * kpi / scale (scale = baseline value, so that
// weights compare like with like); one term is a plain KPI.
struct Objective {
    struct Term {
        std::string kpi;
        double weight = 1.0;
    };
    std::vector<Term> terms;
    bool maximize = false;
};
// "energy_kwh_per_part", or "0.7*energy_kwh_per_part+0.3*scrap_rate". UsageError.
Objective parse_objective(const std::string& text, bool furnace_kpis = true);

struct OptimizeOptions {
    Objective objective;
    std::vector<KpiConstraint> constraints;
    DecisionBounds bounds;
    // Per control in the initial scan. Fine enough to see the steps in the objective that
    // a maintenance moving in or out of the horizon causes.
    int grid_points = 17;
    int starts = 3;         // best grid points polished by COBYLA
    int chance_runs = 200;  // Monte Carlo runs behind a chance constraint
    std::uint64_t seed = 1;
    int pareto_points = 8;    // 0 = no Pareto front
    std::string pareto_kpi;   // "" = scrap_rate (or energy_kwh_per_part when that is the objective)
    double tolerance = 1e-4;  // relative, on the normalised controls
};

struct OptimizedPoint {
    double speed_m_per_min = 0.0;
    double setpoint_degC = 0.0;
    Kpis kpis;
    double objective = 0.0;
    bool constraints_met = false;
    double worst_violation = 0.0;  // largest relative constraint violation (0 when met)
};

struct OptimizeResult {
    OptimizedPoint best;
    Kpis baseline;
    std::vector<OptimizedPoint> pareto;  // objective vs pareto_kpi, by constraint sweeping
    std::string pareto_kpi;
    int evaluations = 0;
    long long chance_runs = 0;  // Monte Carlo runs simulated for the chance constraints
    std::string message;        // why the constraints cannot be met, when they cannot
};

// inputs: the baseline replay (controls are overwritten by the decision). Throws
// UsageError for empty or inverted bounds, ModelError when a KPI the objective or a
// constraint needs is not simulated (e.g. scrap without a defect model).
OptimizeResult optimize_controls(const PlantTwin& twin, const SimulationInputs& inputs,
                                 const OptimizeOptions& options);

nlohmann::json to_json(const OptimizeResult& r);

}  // namespace twinbench
