// The explainer's figures against the scipy/statsmodels references in
// tests/data/reference/explain/ (the planted plant, AI4I, AI4I with the twin, the sample
// plant): every candidate's table, lift, share, p-values (raw and BH), what it was
// conditioned on, the conditional p-values and the Mantel-Haenszel odds ratio.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explain/explainer.h"

namespace twinbench::test {

inline void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
    EXPECT_NEAR(actual, expected, tolerance * std::max(std::abs(expected), 1e-300)) << what;
}

// with_prediction: the twin's prediction is the first conditioning variable of every cause.
inline void expect_candidates_match(const ExplainResult& r, const nlohmann::json& ref, bool with_prediction) {
    EXPECT_EQ(r.excursion.rows, ref["excursion_rows"].get<std::size_t>());
    EXPECT_EQ(r.family_size, ref["family_size"].get<std::size_t>());
    ASSERT_EQ(r.causes.size(), ref["candidates"].size());
    std::map<std::string, const ExplainedCause*> by_name;
    for (const auto& c : r.causes) by_name[c.name] = &c;
    for (const auto& expected : ref["candidates"]) {
        const std::string name = expected["name"];
        SCOPED_TRACE(name);
        ASSERT_TRUE(by_name.count(name));
        const ExplainedCause& c = *by_name[name];
        EXPECT_EQ(c.rows, expected["table"][0].get<std::size_t>());
        EXPECT_EQ(c.reference_rows, expected["table"][2].get<std::size_t>());
        if (!expected["lift"].is_null()) expect_relative(c.lift, expected["lift"], 1e-12, "lift");
        EXPECT_NEAR(c.share_explained, expected["share_explained"].get<double>(), 1e-12);
        expect_relative(c.p_value, expected["p_value"], 1e-8, "p");
        expect_relative(c.p_value_bh, expected["p_value_bh"], 1e-8, "p BH");
        std::vector<std::string> conditioned = expected["conditioned_on"];
        if (with_prediction) conditioned.insert(conditioned.begin(), "the twin's prediction");
        EXPECT_EQ(c.conditioned_on, conditioned);
        expect_relative(c.conditional_p_value, expected["conditional_p_value"], 1e-8, "conditional p");
        expect_relative(c.conditional_p_value_bh, expected["conditional_p_value_bh"], 1e-8, "conditional p BH");
        if (!expected["conditional_odds_ratio"].is_null())
            expect_relative(c.conditional_odds_ratio, expected["conditional_odds_ratio"], 1e-10, "MH odds ratio");
        if (expected.contains("standardized_difference"))
            expect_relative(*c.standardized_difference, expected["standardized_difference"], 1e-10, "d");
    }
}

}  // namespace twinbench::test
