// Stored models reload from the project file, and their operating envelope says whether
// a prediction's inputs are inside the data or how far it extrapolates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "data/sqlite_statement.h"
#include "models/model_envelope.h"
#include "models/model_fitting.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

nlohmann::json furnace_envelope() {
    return nlohmann::json::parse(R"({"kind": "first_order_grey_box", "envelope": [
        {"input": "setpoint", "column": "Furnace setpoint", "unit": "°C", "min": 160.0, "max": 180.0},
        {"input": "load", "column": "Parts produced", "unit": "parts/min", "min": 0.0, "max": 5.0}]})");
}

TEST(ModelEnvelope, InsideAboveAndBelowWithDistanceAndShare) {
    const auto env = ModelEnvelope::from_model_json(furnace_envelope());
    ASSERT_EQ(env.inputs.size(), 2u);
    const auto c = env.check(
        {{"setpoint", 170.0}, {"setpoint", 184.5}, {"Parts produced", -1.0}, {"load", 5.0}});
    ASSERT_EQ(c.size(), 4u);
    EXPECT_TRUE(c[0].inside);
    EXPECT_EQ(c[0].message, "inside the data");
    EXPECT_FALSE(c[1].inside);
    EXPECT_EQ(c[1].side, "above");
    EXPECT_DOUBLE_EQ(c[1].beyond, 4.5);
    EXPECT_DOUBLE_EQ(c[1].beyond_share_pct, 22.5);
    EXPECT_EQ(c[1].message, "extrapolating by 4.5 °C (22 % of the range) above the max 180 °C");
    EXPECT_EQ(c[2].input, "load");  // found by its column
    EXPECT_EQ(c[2].side, "below");
    EXPECT_DOUBLE_EQ(c[2].beyond, 1.0);
    EXPECT_DOUBLE_EQ(c[2].beyond_share_pct, 20.0);
    EXPECT_EQ(c[2].message,
              "extrapolating by 1 parts/min (20 % of the range) below the min 0 parts/min");
    EXPECT_TRUE(c[3].inside);  // the edge belongs to the data
}

TEST(ModelEnvelope, BadQuestionsAndDamagedModelsAreErrors) {
    const auto env = ModelEnvelope::from_model_json(furnace_envelope());
    try {
        env.check({{"humidity", 50.0}});
        FAIL() << "unknown input accepted";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("it knows: setpoint, load"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(env.check({{"setpoint", std::nan("")}}), ModelError);
    EXPECT_THROW(ModelEnvelope::from_model_json(nlohmann::json::parse(R"({"kind": "x"})")),
                 ModelError);
    EXPECT_THROW(ModelEnvelope::from_model_json(
                     nlohmann::json::parse(R"({"envelope": [{"input": "a", "min": 1}]})")),
                 ModelError);
    // A single value seen: any distance is an infinite share of the range.
    const auto one = ModelEnvelope::from_model_json(
        nlohmann::json::parse(R"({"envelope": [{"input": "a", "min": 2.0, "max": 2.0}]})"));
    const auto c = one.check({{"a", 3.0}});
    EXPECT_TRUE(std::isinf(c[0].beyond_share_pct));
    EXPECT_EQ(c[0].message, "extrapolating by 1 (the data had a single value) above the max 2");
}

// The shipped sample plant through the importer: fit, store, reload; the reloaded models
// equal what was stored, and their envelopes agree with the data they were fitted on.
TEST(ModelEnvelope, StoredModelsReloadAndJudgeInputs) {
    const std::filesystem::path plant_dir =
        std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
    test::TempDir dir;
    Project project(dir / "plant.twin", Project::Mode::create_if_missing);
    ImportOptions import;
    for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".gz")
            import.files.push_back(entry.path());
    std::sort(import.files.begin(), import.files.end());
    import.dataset = "plant";
    import.time_zone = "Europe/Berlin";
    import_files(project, import);
    const auto dataset = project.dataset("plant");
    const Table table = project.read_dataset(dataset);
    EXPECT_TRUE(load_models(project, dataset.id).empty());

    const FitAllResult fitted = fit_all_models(table, "Europe/Berlin");
    store_models(project, dataset.id, fitted);
    const auto loaded = load_models(project, dataset.id);
    ASSERT_EQ(loaded.size(), fitted.models.size());
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        EXPECT_EQ(loaded[i].key, fitted.models[i].key);
        EXPECT_EQ(loaded[i].json, fitted.models[i].json) << loaded[i].key;
    }

    // Every model can judge its inputs: the middle of each range is inside, 10 % of the
    // range beyond the max is reported as such.
    for (const auto& m : loaded) {
        const auto env = ModelEnvelope::from_model_json(m.json);
        for (const auto& in : env.inputs) {
            EXPECT_LE(in.min, in.max) << m.key << " " << in.input;
            const auto mid = env.check({{in.input, 0.5 * (in.min + in.max)}});
            EXPECT_TRUE(mid[0].inside) << m.key << " " << in.input;
            const auto beyond = env.check({{in.input, in.max + 0.1 * (in.max - in.min)}});
            EXPECT_FALSE(beyond[0].inside);
            EXPECT_NEAR(beyond[0].beyond_share_pct, 10.0, 1e-6) << m.key << " " << in.input;
        }
    }
    // The setpoint envelope is the setpoint column's range over the training period.
    const auto& temperature = *std::find_if(loaded.begin(), loaded.end(),
                                            [](const auto& m) { return m.key == "temperature"; });
    const auto env = ModelEnvelope::from_model_json(temperature.json);
    const Column* setpoint = table.find_role(Role::setpoint);
    ASSERT_NE(setpoint, nullptr);
    double lo = 1e300, hi = -1e300;
    for (double v : setpoint->values)
        if (!std::isnan(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    const auto sp = env.check({{setpoint->name, hi + 5.0}});
    EXPECT_GE(sp[0].min, lo);
    EXPECT_LE(sp[0].max, hi);
    EXPECT_GE(sp[0].beyond, 5.0);

    // A damaged stored model is a ProjectError naming it.
    {
        Statement damage(project.handle(),
                         "UPDATE model SET spec_json = '{oops' WHERE kind = 'energy'");
        damage.run();
    }
    try {
        load_models(project, dataset.id);
        FAIL() << "damaged model accepted";
    } catch (const ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("energy"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace twinbench
