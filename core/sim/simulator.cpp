#include "sim/simulator.h"

#include <algorithm>

#include "sim/simulation_steps.h"

namespace twinbench {

SimulationResult simulate(const PlantTwin& twin, const SimulationInputs& in,
                          const SimulationOptions& options) {
    namespace steps = simulation_steps;
    steps::check_inputs(twin, in);
    const std::size_t n = in.steps();
    SimulationResult result;
    auto& ser = result.series;
    if (options.keep_series) {
        for (auto* v : {&ser.furnace_degC, &ser.core_degC, &ser.defect_probability, &ser.produced,
                        &ser.scrap, &ser.energy_kwh, &ser.cost, &ser.wear_pct, &ser.setpoint_degC})
            v->resize(n);
        ser.state.resize(n);
    }
    if (n == 0) return result;

    steps::StateArrays& state = steps::thread_state_arrays();
    steps::OutcomeArrays& out = steps::thread_outcome_arrays();
    steps::StateTotals totals =
        steps::run_state_pass(twin, in, options, state, options.keep_series ? &ser : nullptr);
    const steps::OutcomeSums sums =
        steps::run_outcome_pass(twin, in, options, state, state.furnace, totals.all_counted, out);
    result.kpis = steps::kpis_from(twin, in, totals, sums);
    result.maintenance_start_s = std::move(totals.maintenance_start_s);
    result.expected_scrap_variance =
        twin.defect.available && (twin.core.available || twin.defect.direct) ? sums.scrap_variance : 0.0;
    if (options.keep_series) {
        const auto copy = [n](const Eigen::ArrayXd& from, std::vector<double>& to) {
            std::copy(from.data(), from.data() + static_cast<std::ptrdiff_t>(n), to.begin());
        };
        copy(state.furnace, ser.furnace_degC);
        copy(out.core, ser.core_degC);
        copy(out.p, ser.defect_probability);
        copy(state.produced, ser.produced);
        copy(out.scrap, ser.scrap);
        copy(out.energy, ser.energy_kwh);
        copy(out.cost, ser.cost);
        copy(state.wear, ser.wear_pct);
    }
    return result;
}

}  // namespace twinbench
