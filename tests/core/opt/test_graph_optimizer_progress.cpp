// The generic optimiser reports its progress and stops when asked (the GUI's Scenarios
// page runs it in the background with a Cancel button): the share done only grows, the
// answer is the same with or without a listener, and a callback that answers false stops
// the search at that evaluation with Cancelled, also inside COBYLA's polish (where nlopt
// swallows what its callbacks throw).
#include <gtest/gtest.h>

#include "common/error.h"
#include "opt/graph_optimizer.h"
#include "sim/generated_process.h"

namespace twinbench {
namespace {

GraphOptimizeOptions dryerOptions(const TwinStudy& study) {
    GraphOptimizeOptions o;
    o.objective = study.graph.outputs().front();
    o.horizon_h = 24.0;
    return o;
}

TEST(GraphOptimizerProgress, GrowsAndLeavesTheAnswerAsItIs) {
    const TwinStudy& study = *test::dryer_twin(4, 14).study;
    const auto plain = optimize_graph_controls(study, dryerOptions(study));
    auto o = dryerOptions(study);
    std::vector<double> seen;
    o.progress = [&](double f, std::string_view) {
        seen.push_back(f);
        return true;
    };
    const auto heard = optimize_graph_controls(study, o);
    EXPECT_EQ(heard.settings, plain.settings);
    EXPECT_EQ(heard.objective, plain.objective);
    // One call per evaluation of the twin.
    EXPECT_EQ(static_cast<int>(seen.size()), heard.evaluations);
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
    EXPECT_GT(seen.front(), 0.0);
    EXPECT_LT(seen.back(), 1.0);
}

TEST(GraphOptimizerProgress, AnswerFalseCancelsInTheScanAndInThePolish) {
    const TwinStudy& study = *test::dryer_twin(4, 14).study;
    const auto full = optimize_graph_controls(study, dryerOptions(study));
    const int total = full.evaluations;
    // Two controls: a 9 x 9 scan and the baseline come first, COBYLA's evaluations after.
    ASSERT_EQ(full.settings.size(), 2U);
    ASSERT_GT(total - 2, 82);
    // Early (the scan) and late (COBYLA's polish: past the scan's points).
    for (const int stop_at : {3, total - 2}) {
        auto o = dryerOptions(study);
        int calls = 0;
        o.progress = [&](double, std::string_view) { return ++calls < stop_at; };
        EXPECT_THROW(optimize_graph_controls(study, o), Cancelled) << "stop at " << stop_at << " of " << total;
        EXPECT_EQ(calls, stop_at);
    }
}

}  // namespace
}  // namespace twinbench
