// The models chapter on the furnace model's order: a second-order fit (two lags in
// cascade) is described as such, and for either order a line states the order the fit
// chose, why (order_selection.reason) and both candidates' hold-out free-run RMSE.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace twinbench::report
