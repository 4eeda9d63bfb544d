// The main-effects defect model with its time-ordered hold-out, and the weighted AUC
// behind its metric.
#include "models/defect_baseline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "data/parsed_file.h"

namespace twinbench {
namespace {

TEST(WeightedAuc, MatchesPairCountingAndHandlesTies) {
    // Scores 0.1..0.4; positives at 0.3 and 0.4, negatives at 0.1, 0.2, 0.3:
    // pairs (pos > neg): 0.3>0.1, 0.3>0.2, tie 0.3=0.3 (half), 0.4 beats all three = 5.5 of 6.
    const std::vector<double> score = {0.1, 0.2, 0.3, 0.4};
    const std::vector<double> pos = {0, 0, 1, 1};
    const std::vector<double> neg = {1, 1, 1, 0};
    EXPECT_DOUBLE_EQ(weighted_auc(score, pos, neg), 5.5 / 6.0);
    // Weights act as repeated items: doubling everything changes nothing.
    const std::vector<double> pos2 = {0, 0, 2, 2}, neg2 = {2, 2, 2, 0};
    EXPECT_DOUBLE_EQ(weighted_auc(score, pos2, neg2), 5.5 / 6.0);
    // A perfectly reversed score.
    EXPECT_DOUBLE_EQ(weighted_auc({0.9, 0.1}, {0, 1}, {1, 0}), 0.0);
    EXPECT_TRUE(std::isnan(weighted_auc({0.5}, {1}, {0})));
}

Table ai4i_with_factors() {
    ParseOptions options;
    auto parsed = parse_file(std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "ai4i2020" / "ai4i2020.csv.gz", options);
    auto& t = parsed.table;
    for (auto& c : t.columns) {
        c.role = Role::none;
        for (const char* name : {"Air temperature", "Process temperature", "Rotational speed", "Torque", "Tool wear"})
            if (c.name == name) c.role = Role::factor;
        if (c.name == "Machine failure") c.role = Role::defect;
    }
    return std::move(t);
}

TEST(DefectBaseline, Ai4iMainEffectsOnFactorsWithHoldout) {
    const Table table = ai4i_with_factors();
    const auto fit = fit_defect_baseline(table);
    EXPECT_FALSE(fit.counts);
    EXPECT_EQ(fit.n_train, 8000u);  // first 80 % in row order (no time axis)
    EXPECT_EQ(fit.n_test, 2000u);
    ASSERT_EQ(fit.fit.names.size(), 6u);
    EXPECT_EQ(fit.fit.names.front(), "(Intercept)");
    EXPECT_TRUE(fit.fit.converged);
    EXPECT_FALSE(fit.fit.penalized);
    // Torque drives failures (power and overstrain rules of the data set): clearly positive.
    EXPECT_GT(fit.fit.coefficients[4] / fit.fit.std_errors[4], 10.0);
    // A main-effects model catches most of the rule-based failures: AUC well above chance.
    EXPECT_GT(fit.test.auc, 0.85);
    EXPECT_GT(fit.test.log_loss, 0.0);
    EXPECT_LT(fit.test.brier, 0.0339);  // better than predicting the base rate for everyone
}

TEST(DefectBaseline, CountsNeedProducedAndScrapAndAPredictor) {
    Table table;
    table.name = "t";
    Column produced;
    produced.name = "produced";
    produced.role = Role::produced;
    produced.values.assign(100, 4.0);
    table.columns.push_back(produced);
    EXPECT_THROW(fit_defect_baseline(table), ModelError);  // no scrap
    Column scrap;
    scrap.name = "scrap";
    scrap.role = Role::scrap;
    scrap.values.assign(100, 0.0);
    table.columns.push_back(scrap);
    try {
        fit_defect_baseline(table);
        ADD_FAILURE() << "fitted without predictors";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("--map factor="), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace twinbench
