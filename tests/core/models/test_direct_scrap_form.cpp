// The furnace's scrap model without manual checks (direct_defect_summary) on a line whose
// scrap follows the furnace air temperature and the residence time directly (the sample
// generator's direct law: parts cure by time at temperature). Two parts of its form that
// the what-ifs depend on: a furnace-to-scrap delay proposed by the cross-correlation is kept
// only where the hold-out rewards it, and the residence time enters as its log, so the
// fitted window's shift with the residence time is the plant's time-temperature shift.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "full_plant_table.h"
#include "models/furnace_without_checks.h"

namespace twinbench {
namespace {

// A direct-law line's historian table without manual checks (what a plant that never
// sampled its parts' cores exports).
test::FullPlantCase direct_law_line(std::uint64_t seed, int days) {
    SampleOptions options;
    options.days = days;
    options.seed = seed;
    apply_sample_variant(options, "no-checks,direct-scrap,perturbed");
    test::FullPlantCase c{make_sample_scenario(options), {}, {}};
    c.run = simulate_plant(c.scenario.truth, c.scenario.inputs, c.scenario.seed);
    c.table = test::full_plant_table(c.scenario, c.run);
    std::erase_if(c.table.columns, [](const Column& col) { return col.role == Role::core_temp_check; });
    return c;
}

double term_estimate(const nlohmann::json& defect, const std::string& name) {
    for (const auto& t : defect.at("terms"))
        if (t.at("name") == name) return t.at("estimate").get<double>();
    ADD_FAILURE() << "no term '" << name << "' in " << defect.at("terms").dump();
    return std::nan("");
}

TEST(DirectScrapForm, ADelayThePartsDoNotHaveIsTestedAndDropped) {
    const auto c = direct_law_line(3, 60);
    // The plant's scrap reads the furnace of the same minute; 11 minutes is what the
    // cross-correlation proposed on a 240-day export of this kind of line.
    const nlohmann::json j = direct_defect_summary(c.table, "Europe/Berlin", 11.0, "no checks", nullptr).json;
    ASSERT_TRUE(j.contains("lag_test")) << j.dump();
    const auto& t = j["lag_test"];
    std::printf("delay test: %s\n", t.dump().c_str());
    EXPECT_GT(t["holdout_log_loss_lagged"].get<double>(), t["holdout_log_loss_same_step"].get<double>());
    EXPECT_DOUBLE_EQ(j["lag_min"].get<double>(), 0.0);
}

TEST(DirectScrapForm, ADelayThePartsHaveIsKept) {
    auto c = direct_law_line(3, 60);
    // The thermocouple sits where the air enters the furnace, and that air reaches the
    // zone that decides the cure 10 minutes later: the parts of minute k saw what the
    // thermocouple read at minute k - 10.
    constexpr std::ptrdiff_t delay_steps = 10;
    for (auto& col : c.table.columns) {
        if (col.role != Role::furnace_temp) continue;
        col.values.erase(col.values.begin(), col.values.begin() + delay_steps);
        col.values.resize(col.values.size() + delay_steps, std::nan(""));
    }
    const nlohmann::json j = direct_defect_summary(c.table, "Europe/Berlin", 10.0, "no checks", nullptr).json;
    ASSERT_TRUE(j.contains("lag_test")) << j.dump();
    std::printf("delay test: %s\n", j["lag_test"].dump().c_str());
    EXPECT_DOUBLE_EQ(j["lag_min"].get<double>(), 10.0);
}

// In the plant's law the furnace temperature of least scrap falls by cure_shift_degC for
// every e-fold of residence time: logit p = ... + a (Tf - T0 + c ln(res))^2, whose
// expansion gives Tf x ln(res) = 2 a c and Tf^2 = a. Their ratio is the shift the fitted
// model has learnt, whatever its other terms.
TEST(DirectScrapForm, LearnsTheTimeTemperatureShiftOfTheCure) {
    const auto c = direct_law_line(3, 60);
    const nlohmann::json j = direct_defect_summary(c.table, "Europe/Berlin", 0.0, "no checks", nullptr).json;
    ASSERT_TRUE(j["core_proxy"]["theta_min_per_m"].is_null())
        << "the form on the furnace temperature is expected for this line: " << j["core_proxy"].dump();
    const std::string furnace = "Furnace temperature", residence(log_residence_signal_name);
    const double cross = term_estimate(j, furnace + " × " + residence);
    const double curvature = term_estimate(j, furnace + "²");
    const double shift = cross / (2.0 * curvature);
    const DirectScrapTruth& truth = c.scenario.truth.direct_scrap;
    std::printf("time-temperature shift: fitted %.2f degC per e-fold of residence, true %.2f; curvature %.5f, "
                "true %.5f per degC^2\n",
                shift, truth.cure_shift_degC, curvature,
                truth.logit_rise_at_edge / (truth.half_width_degC * truth.half_width_degC));
    EXPECT_NEAR(shift, truth.cure_shift_degC, 0.10 * truth.cure_shift_degC);
    EXPECT_NEAR(curvature, truth.logit_rise_at_edge / (truth.half_width_degC * truth.half_width_degC),
                0.15 * truth.logit_rise_at_edge / (truth.half_width_degC * truth.half_width_degC));
}

}  // namespace
}  // namespace twinbench
