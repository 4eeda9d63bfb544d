// The models chapter on the furnace model's order: a second-order fit (two lags in
// cascade) is described as such, and for either order a line states the order the fit
// chose, why (order_selection.reason) and both candidates' hold-out free-run RMSE. The
// core-temperature soft sensor below the furnace model is its typed model's: the terms,
// the check-interval curve, or why there is no curve.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "models/furnace_output_models.h"
#include "report/html_renderer.h"
#include "report/number_format.h"
#include "report_fixture.h"

namespace twinbench::report {
namespace {

using test::blocks_of;
using test::plant_report;
using test::sample_plant;
using test::section;

// The sample plant's temperature model turned into a second-order one as the fit writes it
// (kind, order 2, a sixth term tau2, order_selection choosing 2), with known candidate RMSEs.
nlohmann::json second_order_temperature(const std::string& reason) {
    nlohmann::json t = sample_plant().model("temperature");
    t["kind"] = "second_order_grey_box";
    t["order"] = 2;
    for (auto& term : t["terms"])
        if (term.value("name", "") == "tau") term["estimate"] = 24.0;
    t["terms"].push_back(
        {{"name", "tau2"}, {"unit", "min"}, {"estimate", 6.0}, {"std_error", 0.5}});
    t["tau2_min"] = 6.0;
    t["tau2_std_error"] = 0.5;
    auto& selection = t["order_selection"];
    selection["chosen"] = 2;
    selection["reason"] = reason;
    auto candidate = [](int order, double rmse) {
        return nlohmann::json{{"order", order},
                              {"holdout_free_run_rmse", rmse + 0.5},
                              {"holdout_free_run_rmse_trimmed", rmse},
                              {"holdout_spike_rows_excluded", 3}};
    };
    selection["candidates"] = {candidate(1, 1.2345), candidate(2, 0.9876)};
    return t;
}

// A copy of the plant project whose stored temperature model is `temperature` (the shared
// plant stays as fitted).
std::filesystem::path project_with_temperature(const test::TempDir& dir,
                                               const nlohmann::json& temperature) {
    const auto path = test::sample_plant_copy(dir);
    Project project(path, Project::Mode::open_existing);
    FitAllResult models = sample_plant().fitted;
    for (auto& m : models.models)
        if (m.key == "temperature") m.json = temperature;
    store_models(project, project.dataset("plant").id, models);
    return path;
}

// The section's paragraph starting with `start` ("" when there is none).
std::string paragraph_starting(const Section& s, const std::string& start) {
    for (const auto* p : blocks_of<Paragraph>(s))
        if (p->text.starts_with(start)) return p->text;
    return "";
}

TEST(ModelsChapter, SecondOrderFurnaceModelIsDescribedWithItsOrder) {
    const std::string reason =
        "second order: hold-out free-run RMSE 0.988 vs 1.23 \xC2\xB0"
        "C (-20.0 %, 3 spike rows left out), BIC 10.0 vs 20.0, tau2 6 \xC2\xB1 0.5 min";
    test::TempDir dir;
    const auto doc =
        plant_report({}, project_with_temperature(dir, second_order_temperature(reason)));
    const auto& temperature = section(doc, "model-temperature");

    const auto form = blocks_of<Paragraph>(temperature).front()->text;
    EXPECT_TRUE(form.starts_with("Second-order grey-box model")) << form;
    EXPECT_NE(form.find("two lags in cascade"), std::string::npos) << form;
    EXPECT_NE(form.find("tau2"), std::string::npos) << form;
    EXPECT_EQ(paragraph_starting(temperature, "Model of kind"), "");

    const auto order = paragraph_starting(temperature, "Model order: ");
    EXPECT_TRUE(order.starts_with("Model order: 2 (second order, two lags in cascade).")) << order;
    EXPECT_NE(order.find("Hold-out free-run RMSE: first order 1.23 \xC2\xB0"
                         "C, second order 0.988 \xC2\xB0"
                         "C (3 sensor-spike rows that both orders miss left out)."),
              std::string::npos)
        << order;
    EXPECT_NE(order.find("Selection: " + reason + "."), std::string::npos) << order;

    // tau2 is a term of the model like the others.
    const auto terms = blocks_of<DataTable>(temperature).front();
    ASSERT_EQ(terms->rows.size(), sample_plant().model("temperature")["terms"].size() + 1);
    EXPECT_EQ(terms->rows.back()[0].text, "Time constant (thermocouple)");  // the stored tau2 in words
    EXPECT_EQ(terms->rows.back()[1].text, "min");
    EXPECT_DOUBLE_EQ(terms->rows.back()[2].value.value(), 6.0);

    // The HTML (and the PDF, drawn from the same content) carries the line.
    EXPECT_NE(render_html(doc).find("Model order: 2 (second order"), std::string::npos);
}

TEST(ModelsChapter, FirstOrderFurnaceModelSaysFirstOrderAndWhy) {
    const auto& fit = sample_plant().model("temperature");
    ASSERT_EQ(fit.at("order"), 1) << "the reference plant has one lag";
    const auto doc = plant_report();
    const auto& temperature = section(doc, "model-temperature");
    const auto form = blocks_of<Paragraph>(temperature).front()->text;
    EXPECT_TRUE(form.starts_with("First-order grey-box model")) << form;

    const auto order = paragraph_starting(temperature, "Model order: ");
    EXPECT_TRUE(order.starts_with("Model order: 1 (first order, one lag).")) << order;
    const auto& selection = fit.at("order_selection");
    const std::string reason = selection.at("reason");
    EXPECT_TRUE(reason.starts_with("first order")) << reason;
    EXPECT_NE(order.find("Selection: " + reason), std::string::npos) << order;
    const auto& first = selection.at("candidates").at(0);
    ASSERT_EQ(first.at("order"), 1);
    EXPECT_NE(
        order.find("first order " +
                   format_significant(first.at("holdout_free_run_rmse_trimmed").get<double>(), 3) +
                   " \xC2\xB0"
                   "C"),
        std::string::npos)
        << order;
    EXPECT_NE(order.find("second order "), std::string::npos) << order;
}

TEST(ModelsChapter, FitWithoutOrderHasNoOrderLine) {
    // Projects fitted before the order existed keep their first-order text, no order line.
    nlohmann::json t = sample_plant().model("temperature");
    t.erase("order");
    t.erase("order_selection");
    test::TempDir dir;
    const auto doc = plant_report({}, project_with_temperature(dir, t));
    const auto& temperature = section(doc, "model-temperature");
    EXPECT_TRUE(blocks_of<Paragraph>(temperature).front()->text.starts_with("First-order"));
    EXPECT_EQ(paragraph_starting(temperature, "Model order"), "");
}

// The section's table whose caption starts with `start` (null when there is none).
const DataTable* table_captioned(const Section& s, const std::string& start) {
    for (const auto* t : blocks_of<DataTable>(s))
        if (t->caption.starts_with(start)) return t;
    return nullptr;
}

TEST(ModelsChapter, SoftSensorTablesAreItsTypedModels) {
    const FurnaceOutputModels typed = furnace_output_models(sample_plant().fitted);
    ASSERT_TRUE(typed.core);
    const SoftSensorChecks& checks = typed.core->checks();
    ASSERT_EQ(checks.curve.points.size(), 3u);
    const auto doc = plant_report();
    const auto& temperature = section(doc, "model-temperature");

    const DataTable* terms = table_captioned(temperature, "Soft sensor terms");
    ASSERT_NE(terms, nullptr);
    const auto typed_terms = typed.core->terms();
    ASSERT_EQ(terms->rows.size(), typed_terms.size());
    for (std::size_t g = 0; g < typed_terms.size(); ++g) {
        EXPECT_EQ(terms->rows[g][0].text, typed_terms[g].name);  // "Heating constant (grade A)"
        EXPECT_EQ(terms->rows[g][1].text, typed_terms[g].unit);
        EXPECT_DOUBLE_EQ(terms->rows[g][2].value.value(), typed_terms[g].estimate);
    }

    const DataTable* curve = table_captioned(temperature, "How far apart can the manual checks be?");
    ASSERT_NE(curve, nullptr);
    EXPECT_NE(curve->caption.find("\xC2\xB1" + format_significant(checks.curve.tolerance_degC, 2)), std::string::npos)
        << curve->caption;
    ASSERT_EQ(curve->rows.size(), checks.curve.points.size());
    for (std::size_t i = 0; i < curve->rows.size(); ++i) {
        const CheckIntervalPoint& p = checks.curve.points[i];
        EXPECT_DOUBLE_EQ(curve->rows[i][0].value.value(), p.interval_h);
        EXPECT_DOUBLE_EQ(curve->rows[i][1].value.value(), static_cast<double>(p.checks_used));
        if (std::isfinite(shown_rmse_degC(p))) {
            EXPECT_DOUBLE_EQ(curve->rows[i][2].value.value(), shown_rmse_degC(p));
        }
        EXPECT_EQ(curve->rows[i][4].text, p.meets_tolerance ? "yes" : "no");
    }
    EXPECT_EQ(paragraph_starting(temperature, "How far apart can the manual checks be? Not computed"), "");
}

// A short history leaves too few checks out to score the estimate on: the soft sensor is
// kept, and instead of an empty table the chapter says why there is no curve.
TEST(ModelsChapter, SoftSensorWithoutCurveSaysWhy) {
    const std::string reason =
        "core temperature soft sensor needs at least 5 manual checks with furnace, speed and ambient readings, found 3";
    nlohmann::json t = sample_plant().model("temperature");
    t["soft_sensor"]["check_interval_curve"] = {
        {"tolerance", 5.0}, {"reference", ""}, {"points", nlohmann::json::array()}, {"skipped", reason}};
    test::TempDir dir;
    const auto doc = plant_report({}, project_with_temperature(dir, t));
    const auto& temperature = section(doc, "model-temperature");
    EXPECT_EQ(table_captioned(temperature, "How far apart can the manual checks be?"), nullptr);
    EXPECT_EQ(paragraph_starting(temperature, "How far apart can the manual checks be? Not computed"),
              "How far apart can the manual checks be? Not computed: " + reason + ".");
    // The sensor itself is still described, with its terms.
    EXPECT_NE(paragraph_starting(temperature, "Core-temperature soft sensor"), "");
    EXPECT_NE(table_captioned(temperature, "Soft sensor terms"), nullptr);
    EXPECT_NE(paragraph_starting(temperature, "Trust: unknown: no check-interval curve"), "");
}

// No soft sensor (no manual checks mapped): the furnace model's section has none of it.
TEST(ModelsChapter, SkippedSoftSensorLeavesNoSoftSensorBlocks) {
    nlohmann::json t = sample_plant().model("temperature");
    t["soft_sensor"] = {{"skipped", "no manual checks"}};
    test::TempDir dir;
    const auto path = test::sample_plant_copy(dir);
    {
        Project project(path, Project::Mode::open_existing);
        FitAllResult models = sample_plant().fitted;
        for (auto& m : models.models)
            if (m.key == "temperature") m.json = t;
        // Scrap on the core temperature needs the soft sensor's grades.
        std::erase_if(models.models, [](const ModelSummary& m) { return m.key == "defect"; });
        store_models(project, project.dataset("plant").id, models);
    }
    const auto doc = plant_report({}, path);
    const auto& temperature = section(doc, "model-temperature");
    EXPECT_EQ(paragraph_starting(temperature, "Core-temperature soft sensor"), "");
    EXPECT_EQ(table_captioned(temperature, "Soft sensor terms"), nullptr);
    EXPECT_EQ(paragraph_starting(temperature, "How far apart"), "");
    EXPECT_EQ(table_captioned(temperature, "How far apart"), nullptr);
    // The furnace model is still read through its typed model (its trust verdict).
    EXPECT_NE(paragraph_starting(temperature, "Trust: "), "");
}

}  // namespace
}  // namespace twinbench::report
