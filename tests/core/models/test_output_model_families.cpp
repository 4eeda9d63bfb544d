// The generic output-model families on a generated process with known answers
// (synthetic_process.h): each recovers its truth, and the form chosen is the true one.
#include <gtest/gtest.h>

#include <cmath>

#include "models/dynamic_output_model.h"
#include "models/output_model_fit.h"
#include "models/static_output_model.h"
#include "synthetic_process.h"

namespace twinbench {
namespace {

const SignalFrame& frame() {
    static const SignalFrame f = test::synthetic_frame(30, 7);
    return f;
}

double term(const OutputModel& m, const std::string& name) {
    for (const auto& t : m.terms())
        if (t.name == name) return t.estimate;
    ADD_FAILURE() << "no term " << name;
    return std::nan("");
}

TEST(DynamicOutputFit, RecoversGainsTimeConstantsAndChoosesTheDynamicForm) {
    OutputFitSpec spec;
    spec.output = "temp";
    spec.unit = "°C";
    spec.inputs = {"valve", "feed", "ambient", "grade"};
    spec.delay_min = {{"valve", 3.0}, {"feed", 6.0}};
    const auto model = fit_output_model(frame(), spec);
    ASSERT_EQ(model->kind(), "dynamic") << model->report().form_reason;
    const test::SyntheticTruth t;
    EXPECT_NEAR(term(*model, "gain of valve"), t.valve_gain, 0.03 * t.valve_gain);
    EXPECT_NEAR(term(*model, "gain of feed"), t.feed_gain, 0.05 * std::abs(t.feed_gain));
    EXPECT_NEAR(term(*model, "gain of ambient"), t.ambient_gain, 0.1 * t.ambient_gain);
    EXPECT_NEAR(term(*model, "time constant of valve"), t.valve_tau, 0.1 * t.valve_tau);
    EXPECT_NEAR(term(*model, "time constant of feed"), t.feed_tau, 0.1 * t.feed_tau);
    EXPECT_NEAR(term(*model, "grade = B"), t.grade_b, 0.2);
    EXPECT_LT(model->report().metrics.rmse, 1.5 * t.temp_noise);
    for (const auto& fitted : model->terms())
        std::printf("  %-32s %10.4g ± %.2g %s\n", fitted.name.c_str(), fitted.estimate, fitted.std_error,
                    fitted.unit.c_str());
}

TEST(StaticOutputFit, AddsTheCurvatureTheDataAskFor) {
    OutputFitSpec spec;
    spec.output = "moist";
    spec.unit = "%";
    spec.inputs = {"temp_true", "ambient"};
    const auto model = fit_output_model(frame(), spec);
    EXPECT_EQ(model->kind(), "static_regression");
    EXPECT_NEAR(term(*model, "temp_true²"), 0.004, 0.0008) << model->report().form_reason;
    std::printf("%s\n", model->report().form_reason.c_str());
}

TEST(StaticOutputFit, LogisticAndBinomial) {
    OutputFitSpec fail;
    fail.output = "fail";
    fail.kind = OutputKind::binary;
    fail.inputs = {"temp_true", "grade"};
    const auto f = fit_output_model(frame(), fail);
    EXPECT_EQ(f->kind(), "logistic");
    EXPECT_NEAR(term(*f, "temp_true"), 0.15, 0.03);
    EXPECT_NEAR(term(*f, "grade = B"), 0.6, 0.15);
    OutputFitSpec bad;
    bad.output = "bad";
    bad.kind = OutputKind::count;
    bad.total_signal = "made";
    bad.inputs = {"moist_true"};
    const auto b = fit_output_model(frame(), bad);
    EXPECT_EQ(b->kind(), "binomial");
    EXPECT_NEAR(term(*b, "moist_true"), 0.5, 0.05);
    std::printf("%s\n%s\n", f->report().trust.message.c_str(), b->report().trust.message.c_str());
}

}  // namespace
}  // namespace twinbench
