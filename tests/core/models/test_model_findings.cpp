// Plain-words findings read off a fitted model (models/model_findings.h), checked against the
// generated process's known answers (synthetic_process.h): the moisture's minimum at
// 90 °C (3.0 - 0.08 (T - 80) + 0.004 (T - 80)²), the temperature's gain of 0.8 °C per % of
// valve over the valve's range, grade B 4 °C warmer.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/model_findings.h"
#include "models/output_model_fit.h"
#include "synthetic_process.h"

namespace twinbench {
namespace {

const SignalFrame& frame() {
    static const SignalFrame f = test::synthetic_frame(20, 4);
    return f;
}

const ModelFinding* finding_of(const std::vector<ModelFinding>& findings, const std::string& input) {
    const auto it = std::find_if(findings.begin(), findings.end(), [&](const auto& f) { return f.input == input; });
    return it == findings.end() ? nullptr : &*it;
}

TEST(ModelFindings, TheMoistureIsLowestWhereTheProcessHasItsMinimum) {
    OutputFitSpec spec;
    spec.output = "moist";
    spec.unit = "%";
    spec.inputs = {"temp_true", "ambient"};
    const auto model = fit_output_model(frame(), spec);
    const auto findings = model_findings(*model, frame());
    const ModelFinding* temp = finding_of(findings, "temp_true");
    ASSERT_NE(temp, nullptr);
    ASSERT_TRUE(temp->has_optimum) << temp->sentence;
    EXPECT_NEAR(temp->optimum_input, 90.0, 2.0) << temp->sentence;
    EXPECT_NEAR(temp->optimum_output, 3.0 - 0.08 * 10.0 + 0.004 * 100.0, 0.05) << temp->sentence;
    EXPECT_NE(temp->sentence.find("is lowest at"), std::string::npos) << temp->sentence;
    EXPECT_EQ(findings.front().input, "temp_true") << "the largest effect comes first";
}

TEST(ModelFindings, ADynamicModelSettlesToItsGainOverTheEnvelope) {
    const test::SyntheticTruth t;
    OutputFitSpec spec;
    spec.output = "temp";
    spec.unit = "°C";
    spec.inputs = {"valve", "feed", "ambient", "grade"};
    spec.delay_min = {{"valve", 3.0}, {"feed", 6.0}};
    const auto model = fit_output_model(frame(), spec);
    const auto findings = model_findings(*model, frame());
    const ModelFinding* valve = finding_of(findings, "valve");
    ASSERT_NE(valve, nullptr);
    const auto& envelope = model->report().envelope;
    const auto range = std::find_if(envelope.begin(), envelope.end(), [](const auto& e) { return e.input == "valve"; });
    ASSERT_NE(range, envelope.end());
    EXPECT_NEAR(valve->effect, t.valve_gain * (range->max - range->min), 0.05 * t.valve_gain * (range->max - range->min));
    EXPECT_NE(valve->sentence.find("temp rises by"), std::string::npos) << valve->sentence;
    const ModelFinding* grade = finding_of(findings, "grade");
    ASSERT_NE(grade, nullptr);
    EXPECT_NEAR(grade->effect, t.grade_b, 0.5);
    EXPECT_NE(grade->sentence.find("highest with grade B"), std::string::npos) << grade->sentence;
}

}  // namespace
}  // namespace twinbench
