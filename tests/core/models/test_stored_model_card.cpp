// The furnace template's stored fits as every view reads them (models/stored_model_card.h):
// on the four fits of a reference-plant run the card carries what the fit JSON says, the
// metrics in reading order, the thinned diagnostics with the hold-out's full count, and
// the defect model's calibration; a damaged or older fit gives the parts it has.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "full_plant_table.h"
#include "models/model_fitting.h"
#include "models/stored_model_card.h"

namespace twinbench {
namespace {

TEST(StoredModelCard, CarriesWhatTheFitStored) {
    const auto c = test::full_plant_case(5, 20);
    const FitAllResult fit = fit_all_models(c.table, "Europe/Berlin");
    ASSERT_EQ(fit.models.size(), 4u);
    for (const ModelSummary& m : fit.models) {
        const StoredModelCard card = stored_model_card(m);
        const auto& j = m.json;
        EXPECT_EQ(card.key, m.key);
        EXPECT_EQ(card.kind, j.at("kind").get<std::string>());
        EXPECT_EQ(card.n_train, j.at("n_train").get<std::size_t>());
        EXPECT_EQ(card.n_test, j.at("n_test").get<std::size_t>());
        EXPECT_GT(card.n_test, 0u) << m.key;
        ASSERT_EQ(card.terms.size(), j.at("terms").size()) << m.key;
        for (std::size_t t = 0; t < card.terms.size(); ++t) {
            EXPECT_EQ(card.terms[t].name, j["terms"][t].at("name").get<std::string>());
            EXPECT_EQ(card.terms[t].estimate, j["terms"][t].at("estimate").get<double>());
        }
        EXPECT_EQ(card.metrics.size(), j.at("metrics").size()) << m.key;
        EXPECT_EQ(card.warnings.size(), j.at("warnings").size()) << m.key;
        // The hold-out's rows, of which the fit kept at most 2,000 points for the charts.
        EXPECT_EQ(card.diagnostics_rows, j.at("diagnostics").at("points").get<std::size_t>()) << m.key;
        EXPECT_EQ(card.diagnostics.points.size(), j["diagnostics"]["predicted_vs_actual"].size()) << m.key;
        EXPECT_LE(card.diagnostics.points.size(), 2000u);
        EXPECT_FALSE(card.diagnostics.unit.empty()) << m.key;
        const auto& first = card.diagnostics.points.front();
        EXPECT_DOUBLE_EQ(first.actual - first.predicted,
                         j["diagnostics"]["residuals_over_time"][0][1].get<double>());
        // The envelope: each input's training range as stored; the throughput's line speed.
        const std::size_t inputs = j.contains("envelope") ? j["envelope"].size() : 0;
        ASSERT_EQ(card.envelope.size(), inputs + (j.contains("speed_envelope") ? 1 : 0)) << m.key;
        for (std::size_t i = 0; i < inputs; ++i) {
            EXPECT_EQ(card.envelope[i].input, j["envelope"][i].at("input").get<std::string>());
            EXPECT_EQ(card.envelope[i].min, j["envelope"][i].at("min").get<double>());
            EXPECT_EQ(card.envelope[i].max, j["envelope"][i].at("max").get<double>());
            EXPECT_LT(card.envelope[i].min, card.envelope[i].max) << card.envelope[i].input;
        }
        if (m.key == "throughput") {
            ASSERT_FALSE(card.envelope.empty());
            EXPECT_EQ(card.envelope.back().input, "line speed");
            EXPECT_EQ(card.envelope.back().unit, "m/min");
            EXPECT_EQ(card.envelope.back().max, j.at("speed_envelope").at("max").get<double>());
        }
    }
    EXPECT_TRUE(std::any_of(fit.models.begin(), fit.models.end(), [](const ModelSummary& m) {
        return !stored_model_card(m).envelope.empty() && m.key != "throughput";
    })) << "the temperature, defect or energy fit stores its inputs' ranges";
    // Errors first, then fit: the temperature's RMSE before its R², the defect's AUC before
    // its log loss and Brier score (the JSON sorts them by name).
    const auto metric_keys = [&](const char* key) {
        std::vector<std::string> keys;
        for (const ModelSummary& m : fit.models)
            if (m.key == key)
                for (const auto& metric : stored_model_card(m).metrics) keys.push_back(metric.key);
        return keys;
    };
    EXPECT_EQ(metric_keys("temperature"), (std::vector<std::string>{"rmse", "mae", "one_step_rmse", "r2"}));
    EXPECT_EQ(metric_keys("defect"), (std::vector<std::string>{"auc", "log_loss", "brier"}));
    for (const ModelSummary& m : fit.models) {
        if (m.key != "defect") continue;
        const StoredModelCard card = stored_model_card(m);
        ASSERT_EQ(card.calibration.size(), m.json.at("calibration").size());
        ASSERT_FALSE(card.calibration.empty());
        double items = 0.0;
        for (const auto& bin : card.calibration) {
            EXPECT_LE(bin.p_low, bin.mean_predicted);
            EXPECT_LE(bin.mean_predicted, bin.p_high);
            items += bin.items;
        }
        EXPECT_GT(items, 0.0);
    }
}

TEST(StoredModelCard, ADamagedFitGivesThePartsItHas) {
    const StoredModelCard card = stored_model_card(
        {"energy", nlohmann::json::parse(R"({"kind": "physics_regression", "n_train": "many",
            "terms": [{"name": "loss", "estimate": 0.17}, 5, {"estimate": null}],
            "metrics": {"r2": 0.99, "rmse": "bad"}, "warnings": ["refit", 3], "diagnostics": []})")});
    EXPECT_EQ(card.kind, "physics_regression");
    EXPECT_EQ(card.n_train, 0u);
    ASSERT_EQ(card.terms.size(), 2u);
    EXPECT_EQ(card.terms[0].name, "loss");
    EXPECT_DOUBLE_EQ(card.terms[0].estimate, 0.17);
    EXPECT_TRUE(std::isnan(card.terms[0].std_error));
    EXPECT_TRUE(std::isnan(card.terms[1].estimate));
    ASSERT_EQ(card.metrics.size(), 2u);
    EXPECT_EQ(card.metrics[0].key, "rmse");
    EXPECT_TRUE(std::isnan(card.metrics[0].value));
    EXPECT_EQ(card.warnings, std::vector<std::string>{"refit"});
    EXPECT_TRUE(card.diagnostics.points.empty());
    EXPECT_TRUE(stored_model_card({"throughput", nlohmann::json()}).terms.empty());
}

}  // namespace
}  // namespace twinbench
