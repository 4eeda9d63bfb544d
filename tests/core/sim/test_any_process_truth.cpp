// Issue 14's acceptance on generated processes the twin was not designed for, three seeds
// each: the twin built from the engineer's roles and the proposed graph answers "if
// nothing changes" (baseline outputs within 2 % of the true plant's) and single-control
// what-ifs (deltas within 5 % of the true plant re-run with the same disturbances and the
// same noise).
//
// The spray dryer (sample/dryer_*.h): controls inlet air setpoint and feed rate; outputs
// outlet air temperature (dynamic, dead times), gas energy (static), residual moisture
// (a lab value every 2 h, chained on the outlet temperature), bags filled and bags
// off-spec (counts per 15 minutes).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sample/dryer_plant.h"
#include "sim/generated_process.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

constexpr const char* inlet = "Inlet air temp SP";
constexpr const char* feed = "Feed rate";

struct TrueMeans {
    std::map<std::string, double> base, changed;
    double base_offspec_rate = 0.0, changed_offspec_rate = 0.0;
};

// The true dryer over the twin's window with the controls held where the twin holds them
// (the window median), then with one of them changed; everything else as it happened.
TrueMeans true_dryer(const test::GeneratedTwin& g, const TwinWhatIfResult& r, const std::string& control,
                     double changed_value) {
    const DryerScenario s = dryer_scenario_from_truth_json(g.truth_json);
    const double window_start = r.result.frame.time_s.front();
    const auto first = static_cast<std::size_t>((window_start - static_cast<double>(s.inputs.start_utc)) /
                                                (60.0 * s.inputs.step_minutes));
    const std::size_t last = first + r.result.frame.steps();
    EXPECT_LE(last, s.inputs.steps());
    TrueMeans t;
    for (int changed = 0; changed < 2; ++changed) {
        DryerInputs in = s.inputs;
        const double base_inlet = r.baseline.frame.at(inlet).values.front();
        const double base_feed = r.baseline.frame.at(feed).values.front();
        for (std::size_t k = first; k < last; ++k) {
            in.inlet_setpoint_degC[k] = changed && control == inlet ? changed_value : base_inlet;
            in.feed_rate_kg_per_h[k] = changed && control == feed ? changed_value : base_feed;
        }
        const DryerRun run = simulate_dryer(s.truth, in, s.seed);
        const DryerOutputMeans m = dryer_output_means(run, first, last);
        (changed ? t.changed : t.base) = output_means_by_column(m);
        (changed ? t.changed_offspec_rate : t.base_offspec_rate) = m.offspec_rate_expected;
    }
    return t;
}

class DryerTruth : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(DryerTruth, BaselineAndSingleControlWhatIfsFollowTheTrueDryer) {
    const auto& g = test::dryer_twin(GetParam());
    for (const auto& [control, change] :
         std::vector<std::pair<std::string, std::string>>{{inlet, "+10"}, {feed, "+8%"}}) {
        Scenario scenario;
        scenario.name = control + change;
        scenario.changes = {parse_set_argument(control + "=" + change)};
        const TwinWhatIfResult r = run_twin_what_if(*g.study, scenario);
        const double changed_value = r.result.frame.at(control).values.front();
        const TrueMeans t = true_dryer(g, r, control, changed_value);
        for (const char* output : {"Outlet air temp", "Gas energy", "Residual moisture", "Bags filled"}) {
            const double sim_base = r.baseline.outputs.at(output), true_base = t.base.at(output);
            const double sim_delta = r.result.outputs.at(output) - sim_base;
            const double true_delta = t.changed.at(output) - true_base;
            std::printf("seed %llu %s %s: baseline %.5g (true %.5g), delta %+.5g (true %+.5g)\n",
                        static_cast<unsigned long long>(GetParam()), scenario.name.c_str(), output, sim_base,
                        true_base, sim_delta, true_delta);
            EXPECT_NEAR(sim_base, true_base, 0.02 * std::abs(true_base)) << output;
            // Within 5 % of the true change; a true change smaller than 0.5 % of the output's
            // level (the feed moves the gas by nothing, the inlet the bag count by 0.4 %)
            // is matched within that 0.5 %.
            EXPECT_NEAR(sim_delta, true_delta, std::max(0.05 * std::abs(true_delta), 0.005 * std::abs(true_base)))
                << output << " after " << scenario.name;
        }
        // Off-spec bags are rare events far in the tail of a logistic law (a bag is
        // off-spec with 0.4-10 %, and 0.1 % of moisture moves that rate by a third): the
        // 2 % of the continuous outputs is beyond what 60 days of them can teach. The
        // baseline rate within 30 %, its change within 40 % and of the right sign.
        const double sim_rate = r.baseline.rates.at("Bags off-spec");
        const double sim_rate_delta = r.result.rates.at("Bags off-spec") - sim_rate;
        const double true_rate_delta = t.changed_offspec_rate - t.base_offspec_rate;
        std::printf("seed %llu %s off-spec rate: baseline %.5g (true %.5g), delta %+.5g (true %+.5g)\n",
                    static_cast<unsigned long long>(GetParam()), scenario.name.c_str(), sim_rate,
                    t.base_offspec_rate, sim_rate_delta, true_rate_delta);
        EXPECT_NEAR(sim_rate, t.base_offspec_rate, 0.30 * t.base_offspec_rate);
        EXPECT_NEAR(sim_rate_delta, true_rate_delta, 0.40 * std::abs(true_rate_delta));
        EXPECT_GT(sim_rate_delta * true_rate_delta, 0.0);
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DryerTruth, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace twinbench
