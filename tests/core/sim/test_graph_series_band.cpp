// The step-by-step Monte Carlo band the What-if page shades under a simulated output
// (GraphMonteCarloOptions::series_band), checked against what the noise model says it
// must be: a continuous output's own scatter is a stationary AR(1) noise with the
// residuals' sd, so at every step the P10-P90 width is at least 2 x 1.2816 sd (more with
// the parameter draws on top), and the median follows the deterministic simulation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "generated_process.h"
#include "sim/graph_monte_carlo.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"

namespace twinbench {
namespace {

TEST(GraphSeriesBand, ContinuousOutputBandIsAsWideAsItsNoiseAndCentredOnTheTwin) {
    const auto& g = test::dryer_twin(4, 14);
    const TwinStudy& study = *g.study;
    WindowSpec spec;
    spec.horizon_h = 48.0;
    SignalFrame frame = graph_window(study.history, study.graph, spec).baseline;
    const KpiSet kpis({}, {});
    GraphMonteCarloOptions options;
    options.runs = 300;
    options.seed = 7;
    options.series_band = true;
    const GraphMonteCarloResult mc = run_graph_monte_carlo(study, frame, kpis, options);
    simulate_graph(study.twin, frame);

    const std::string output = "Outlet air temp";
    const OutputModel* model = study.twin.model_of(output);
    ASSERT_NE(model, nullptr);
    ASSERT_TRUE(mc.series.count(output));
    const StepBand& band = mc.series.at(output);
    const auto& twin = frame.at(output).values;
    ASSERT_EQ(band.p10.size(), frame.steps());
    ASSERT_EQ(band.p90.size(), frame.steps());
    const double sd = model->noise_sd();
    ASSERT_GT(sd, 0.0);
    double width = 0.0, offset = 0.0;
    for (std::size_t k = 0; k < frame.steps(); ++k) {
        ASSERT_LE(band.p10[k], band.p50[k]);
        ASSERT_LE(band.p50[k], band.p90[k]);
        width += band.p90[k] - band.p10[k];
        offset += band.p50[k] - twin[k];
    }
    const auto n = static_cast<double>(frame.steps());
    width /= n;
    offset /= n;
    std::printf("%s: mean P10-P90 width %.4g (noise sd %.4g: at least %.4g), median - twin %+.3g\n", output.c_str(),
                width, sd, 2.0 * 1.2816 * sd, offset);
    // 300 runs: a quantile's sampling error is a few percent of the width.
    EXPECT_GT(width, 0.9 * 2.0 * 1.2816 * sd);
    EXPECT_LT(width, 3.0 * 2.0 * 1.2816 * sd);
    EXPECT_LT(std::abs(offset), 0.15 * width);
    // Without series_band nothing is kept.
    options.series_band = false;
    options.runs = 10;
    EXPECT_TRUE(run_graph_monte_carlo(study, frame, kpis, options).series.empty());
}

}  // namespace
}  // namespace twinbench
