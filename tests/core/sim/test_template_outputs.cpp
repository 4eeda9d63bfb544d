// Which outputs the furnace template simulates itself (the graph fits the rest), read
// through its typed models: the core-temperature check column only where the fit kept a
// soft sensor, scrap only where the scrap model is linked to the process, nothing where
// the template cannot simulate the line.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "data/project.h"
#include "support/sample_plant.h"
#include "sim/twin_fitting.h"

namespace twinbench {
namespace {

const Table& template_outputs_table() {
    static const Table table = [] {
        Project project(test::sample_plant().project_path, Project::Mode::read_only);
        return project.read_dataset(project.dataset("plant"));
    }();
    return table;
}

std::string role_column_name(Role role) {
    const Column* c = template_outputs_table().find_role(role);
    return c == nullptr ? std::string() : c->name;
}

FitAllResult fit_with_temperature(const nlohmann::json& temperature, bool with_defect) {
    FitAllResult fit = test::sample_plant().fitted;
    for (auto& m : fit.models)
        if (m.key == "temperature") m.json = temperature;
    if (!with_defect) std::erase_if(fit.models, [](const ModelSummary& m) { return m.key == "defect"; });
    return fit;
}

TEST(TemplateOutputs, TheFittedPlantOwnsItsFurnaceCoreScrapAndEnergy) {
    const FitAllResult& fit = test::sample_plant().fitted;
    ASSERT_TRUE(furnace_template_simulates_line(fit));
    const std::set<std::string> owned = furnace_template_outputs(template_outputs_table(), fit);
    for (const Role role : {Role::furnace_temp, Role::produced, Role::energy, Role::core_temp_check, Role::scrap}) {
        const std::string name = role_column_name(role);
        ASSERT_FALSE(name.empty()) << static_cast<int>(role);
        EXPECT_EQ(owned.count(name), 1u) << name;
    }
}

// The soft sensor skipped (no usable manual checks): the template does not estimate the
// core temperature, so the check column is the graph's to model.
TEST(TemplateOutputs, WithoutSoftSensorTheCoreCheckIsNotTheTemplates) {
    nlohmann::json temperature = test::sample_plant().model("temperature");
    temperature["soft_sensor"] = {{"skipped", "too few manual checks"}};
    const std::set<std::string> owned =
        furnace_template_outputs(template_outputs_table(), fit_with_temperature(temperature, false));
    EXPECT_EQ(owned.count(role_column_name(Role::core_temp_check)), 0u);
    EXPECT_EQ(owned.count(role_column_name(Role::scrap)), 0u);  // no scrap model in this fit
    EXPECT_EQ(owned.count(role_column_name(Role::furnace_temp)), 1u);

    // Kept without its check-interval curve, the soft sensor is still the template's.
    temperature = test::sample_plant().model("temperature");
    temperature["soft_sensor"]["check_interval_curve"] = {
        {"tolerance", 5.0}, {"reference", ""}, {"points", nlohmann::json::array()}, {"skipped", "too few checks"}};
    const std::set<std::string> kept =
        furnace_template_outputs(template_outputs_table(), fit_with_temperature(temperature, true));
    EXPECT_EQ(kept.count(role_column_name(Role::core_temp_check)), 1u);
    EXPECT_EQ(kept.count(role_column_name(Role::scrap)), 1u);
}

TEST(TemplateOutputs, NoLineWithoutThroughputOrReadableTemperature) {
    FitAllResult fit = test::sample_plant().fitted;
    std::erase_if(fit.models, [](const ModelSummary& m) { return m.key == "throughput"; });
    EXPECT_FALSE(furnace_template_simulates_line(fit));
    EXPECT_TRUE(furnace_template_outputs(template_outputs_table(), fit).empty());

    // A temperature model the twin cannot read (no positive time constant): nothing to simulate.
    nlohmann::json temperature = test::sample_plant().model("temperature");
    for (auto& term : temperature["terms"])
        if (term.value("name", "") == "tau") term["estimate"] = -1.0;
    const FitAllResult broken = fit_with_temperature(temperature, true);
    EXPECT_TRUE(furnace_template_simulates_line(broken));
    EXPECT_TRUE(furnace_template_outputs(template_outputs_table(), broken).empty());
}

}  // namespace
}  // namespace twinbench
