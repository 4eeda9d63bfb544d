// The headline of a what-if with Monte Carlo runs is the median of the runs (issue 15,
// fault 6): `simulate --runs 1000` printed the single run at the parameter estimates,
// which a nonlinear model (the scrap probability) can put outside its own P10-P90.
// CLI, tiles and report all read the headline from here.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "generated_process.h"
#include "sample_study.h"
#include "sim/twin_what_if.h"
#include "sim/what_if.h"

namespace twinbench {
namespace {

TEST(HeadlineMedian, FurnaceScenarioHeadlineIsTheMedianInsideItsBand) {
    const Study& study = *test::sample_study().study;
    Scenario s;
    s.name = "faster and hotter";
    s.changes = {parse_set_argument("speed=+5%"), parse_set_argument("setpoint=+2")};
    WhatIfOptions options;
    options.runs = 200;
    options.seed = 3;
    const WhatIfResult r = run_what_if(study, s, options);
    ASSERT_TRUE(r.band);
    ASSERT_TRUE(r.deterministic);
    ASSERT_TRUE(r.deterministic_baseline);
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) {
        const double lo = kpi_value(r.band->p10, k), hi = kpi_value(r.band->p90, k);
        const double headline = kpi_value(r.result.kpis, k);
        if (!std::isfinite(lo)) continue;
        EXPECT_EQ(headline, kpi_value(r.band->p50, k)) << kpi_keys[k];
        EXPECT_LE(lo, headline) << kpi_keys[k];
        EXPECT_LE(headline, hi) << kpi_keys[k];
    }
    // The scrap rate is a nonlinear function of the drawn parameters: its median is not
    // the single run at the estimates, which is kept beside it.
    EXPECT_NE(r.deterministic->scrap_rate, r.result.kpis.scrap_rate);
    // The baseline is the median of its own runs too (same draws), not the single run.
    EXPECT_NE(r.deterministic_baseline->scrap_rate, r.baseline.kpis.scrap_rate);
    // The totals behind the rates stay those of the run at the estimates.
    EXPECT_EQ(r.result.kpis.produced, r.deterministic->produced);
    const auto json = to_json(r);
    EXPECT_EQ(json["scenario"]["scrap_rate"], json["p50"]["scrap_rate"]);
    EXPECT_TRUE(json.contains("deterministic"));

    // One run: the headline is that run.
    options.runs = 1;
    const WhatIfResult one = run_what_if(study, s, options);
    EXPECT_FALSE(one.deterministic);
    EXPECT_EQ(one.result.kpis.scrap_rate, r.deterministic->scrap_rate);
}

TEST(HeadlineMedian, ProcessGraphOutputsHeadlineIsTheMedianInsideItsBand) {
    const auto& g = test::dryer_twin(4, 14);
    const TwinStudy& study = *g.study;
    Scenario s;
    s.name = "baseline";
    s.horizon_h = 48.0;
    TwinWhatIfOptions options;
    options.runs = 100;
    options.seed = 5;
    const TwinWhatIfResult r = run_twin_what_if(study, s, options);
    ASSERT_TRUE(r.p10 && r.p50 && r.p90);
    ASSERT_TRUE(r.deterministic);
    std::size_t checked = 0;
    for (const auto& [name, p10] : r.p10->outputs) {
        const double headline = r.result.outputs.at(name);
        EXPECT_EQ(headline, r.p50->outputs.at(name)) << name;
        EXPECT_LE(p10, headline) << name;
        EXPECT_LE(headline, r.p90->outputs.at(name)) << name;
        EXPECT_TRUE(r.deterministic->outputs.count(name)) << name;
        ++checked;
    }
    EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace twinbench
