// One suite over every kind of the generic output model (output_model.h): each is fitted
// on the generated process of synthetic_process.h and must recover its truth, survive a
// JSON round trip unchanged, carry the operating envelope of its inputs, and draw
// parameters whose mean and covariance are the fitted ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "models/form_candidate.h"
#include "models/output_model_fit.h"
#include "synthetic_process.h"

namespace twinbench {
namespace {

struct ModelCase {
    const char* name;
    OutputFitSpec spec;
    const char* kind;
    // term name -> true value and tolerance (absolute)
    std::vector<std::tuple<const char*, double, double>> truth;
    bool log_scale = false;  // continuous: the multiplicative form is the one chosen
};

// gtest prints a parameter it cannot name byte by byte (padding included): name it.
void PrintTo(const ModelCase& c, std::ostream* out) { *out << c.name; }

std::vector<ModelCase> cases() {
    const test::SyntheticTruth t;
    std::vector<ModelCase> out;
    ModelCase dynamic{"dynamic", {}, "dynamic", {}};
    dynamic.spec.output = "temp";
    dynamic.spec.unit = "°C";
    dynamic.spec.inputs = {"valve", "feed", "ambient", "grade"};
    dynamic.spec.delay_min = {{"valve", 3.0}, {"feed", 6.0}};
    dynamic.truth = {{"gain of valve", t.valve_gain, 0.03 * t.valve_gain},
                     {"time constant of valve", t.valve_tau, 0.1 * t.valve_tau},
                     {"gain of feed", t.feed_gain, 0.05 * std::abs(t.feed_gain)},
                     {"time constant of feed", t.feed_tau, 0.1 * t.feed_tau},
                     {"grade = B", t.grade_b, 0.2}};
    out.push_back(dynamic);
    ModelCase regression{"static", {}, "static_regression", {}};
    regression.spec.output = "moist";
    regression.spec.unit = "%";
    regression.spec.inputs = {"temp_true", "ambient"};
    regression.truth = {{"temp_true²", t.moist_sq, 0.0008}, {"ambient", t.moist_amb, 0.01}};
    out.push_back(regression);
    // A never-negative output whose effects multiply: the log form, its terms in ln.
    ModelCase multiplicative{"multiplicative", {}, "static_regression", {}};
    multiplicative.spec.output = "gas";
    multiplicative.spec.unit = "m³/h";
    multiplicative.spec.inputs = {"feed", "ambient", "grade"};
    multiplicative.truth = {{"feed", t.gas_feed, 0.0003}, {"ambient", t.gas_ambient, 0.004}, {"grade = B", t.gas_b, 0.02}};
    multiplicative.log_scale = true;
    out.push_back(multiplicative);
    ModelCase logistic{"logistic", {}, "logistic", {}};
    logistic.spec.output = "fail";
    logistic.spec.kind = OutputKind::binary;
    logistic.spec.inputs = {"temp_true", "grade"};
    logistic.truth = {{"temp_true", t.fail_temp, 0.03}, {"grade = B", t.fail_b, 0.15}};
    out.push_back(logistic);
    ModelCase binomial{"binomial", {}, "binomial", {}};
    binomial.spec.output = "bad";
    binomial.spec.kind = OutputKind::count;
    binomial.spec.total_signal = "made";
    binomial.spec.inputs = {"moist_true"};
    binomial.truth = {{"moist_true", t.bad_moist, 0.05}};
    out.push_back(binomial);
    return out;
}

const SignalFrame& frame() {
    static const SignalFrame f = test::synthetic_frame(30, 11);
    return f;
}

class OutputModelSuite : public ::testing::TestWithParam<ModelCase> {};

TEST_P(OutputModelSuite, RecoversTheTruth) {
    const ModelCase& c = GetParam();
    const auto model = fit_output_model(frame(), c.spec);
    EXPECT_EQ(model->kind(), c.kind) << model->report().form_reason;
    EXPECT_EQ(model->log_scale(), c.log_scale) << model->report().form_reason;
    if (c.log_scale) {
        // The noise in ln units, and a model that never goes below zero.
        EXPECT_NEAR(model->noise_sd(), test::SyntheticTruth{}.gas_noise_ln, 0.02);
        std::vector<double> simulated(frame().steps());
        model->simulate(frame(), simulated);
        EXPECT_GE(*std::min_element(simulated.begin(), simulated.end()), 0.0);
    }
    for (const auto& [name, value, tolerance] : c.truth) {
        bool found = false;
        for (const auto& term : model->terms())
            if (term.name == name) {
                found = true;
                EXPECT_NEAR(term.estimate, value, tolerance) << name;
                // The truth inside the reported uncertainty (5 standard errors: the
                // covariance is honest, not merely small).
                EXPECT_LT(std::abs(term.estimate - value), 5.0 * term.std_error + tolerance / 2.0) << name;
            }
        EXPECT_TRUE(found) << name;
    }
    EXPECT_NE(model->report().trust.level, TrustVerdict::Level::unknown);
    EXPECT_GT(model->report().metrics.n_test, 0u);
}

// An additive output whose data never went below zero (moisture in %): far outside its
// data the straight line would go negative; the model stops at zero, a missing input still
// gives NaN, and the stored model keeps the floor.
TEST(OutputModelFloor, AnAdditiveOutputThatNeverWentNegativeStopsAtZero) {
    const ModelCase regression = cases()[1];
    ASSERT_STREQ(regression.name, "static");
    const auto model = fit_output_model(frame(), regression.spec);
    ASSERT_FALSE(model->log_scale());
    EXPECT_TRUE(model->never_negative());
    SignalFrame cold = frame();
    auto& ambient = cold.at("ambient").values;
    ambient[0] = -2000.0;  // 0.02 %/degC x -2015 degC: about -37 % on the straight line
    ambient[1] = std::numeric_limits<double>::quiet_NaN();
    const auto back = output_model_from_json(nlohmann::json::parse(model->to_json().dump()));
    EXPECT_TRUE(back->never_negative());
    for (const OutputModel* m : {model.get(), back.get()}) {
        std::vector<double> out(cold.steps());
        m->simulate(cold, out);
        EXPECT_EQ(out[0], 0.0);
        EXPECT_TRUE(std::isnan(out[1]));
        EXPECT_GT(out[2], 1.0);
    }
}

TEST_P(OutputModelSuite, JsonRoundTripSimulatesTheSame) {
    const auto model = fit_output_model(frame(), GetParam().spec);
    const auto back = output_model_from_json(nlohmann::json::parse(model->to_json().dump()));
    EXPECT_EQ(back->kind(), model->kind());
    EXPECT_EQ(back->inputs(), model->inputs());
    EXPECT_EQ(back->report().trust.message, model->report().trust.message);
    // The time range it was trained and held out on (the report says "in time" by it).
    ASSERT_TRUE(std::isfinite(model->report().split_s));
    EXPECT_EQ(back->report().train_start_s, model->report().train_start_s);
    EXPECT_EQ(back->report().split_s, model->report().split_s);
    EXPECT_EQ(back->report().test_end_s, model->report().test_end_s);
    EXPECT_LT(back->report().train_start_s, back->report().split_s);
    std::vector<double> a(frame().steps()), b(frame().steps());
    model->simulate(frame(), a);
    back->simulate(frame(), b);
    std::size_t finite = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (std::isnan(a[k])) {
            EXPECT_TRUE(std::isnan(b[k]));
            continue;
        }
        ++finite;
        ASSERT_NEAR(a[k], b[k], 1e-9 * (1.0 + std::abs(a[k]))) << k;
    }
    EXPECT_GT(finite, frame().steps() / 2);
}

// The forms the fit compared, each with the hold-out figure it was judged by: the first is
// always the main effects (MSE for a continuous output, log loss for an outcome), a
// continuous output measured on most steps also tried the dynamic orders (RMSE), and the chosen
// form's figure is the model's own hold-out metric. They come back the same from the
// stored JSON.
TEST_P(OutputModelSuite, FormsComparedCarryTheirHoldoutFigure) {
    const auto model = fit_output_model(frame(), GetParam().spec);
    const auto& forms = model->report().candidates;
    ASSERT_FALSE(forms.empty());
    const bool continuous = GetParam().spec.kind == OutputKind::continuous;
    EXPECT_EQ(forms.front().form, "main effects");
    EXPECT_EQ(forms.front().figure, continuous ? FormCandidate::Figure::mse : FormCandidate::Figure::log_loss);
    const HoldoutMetrics& m = model->report().metrics;
    bool chosen_seen = false, dynamic_seen = false;
    for (const FormCandidate& f : forms) {
        EXPECT_FALSE(f.form.empty());
        EXPECT_TRUE(std::isfinite(f.holdout)) << f.form;
        if (f.form.starts_with("dynamic, order ")) {
            dynamic_seen = true;
            EXPECT_EQ(f.figure, FormCandidate::Figure::rmse) << f.form;
            EXPECT_EQ(f.details.at("order").get<int>(), f.form.back() - '0') << f.form;
        }
        chosen_seen = chosen_seen || (continuous ? std::abs(f.holdout_rmse() - m.rmse) <= 1e-9 * m.rmse
                                                 : std::abs(f.holdout - m.log_loss) <= 1e-9 * m.log_loss);
    }
    EXPECT_TRUE(chosen_seen) << model->report().form_reason;
    // Tried for a continuous output measured on most steps (temp, gas; not the 2-hourly
    // moisture), never for an outcome.
    if (std::string(GetParam().kind) == "dynamic" || GetParam().log_scale) {
        EXPECT_TRUE(dynamic_seen);
    }
    if (!continuous || GetParam().spec.output == "moist") {
        EXPECT_FALSE(dynamic_seen);
    }
    const nlohmann::json stored = nlohmann::json::parse(model->to_json().dump());
    const auto back = output_model_from_json(stored);
    ASSERT_EQ(back->report().candidates.size(), forms.size());
    EXPECT_EQ(to_json(back->report().candidates), stored.at("candidates"));
    for (std::size_t i = 0; i < forms.size(); ++i) {
        EXPECT_EQ(back->report().candidates[i].form, forms[i].form);
        EXPECT_EQ(back->report().candidates[i].figure, forms[i].figure);
        EXPECT_EQ(back->report().candidates[i].terms, forms[i].terms);
    }
}

// Records as a stored project holds them: the furnace's order candidates name no form (and
// keep their term list), a figure may be null (NaN written), anything but an array of
// objects is none. Each comes back as it was written.
TEST(FormCandidates, StoredRecordsReadBackAsWritten) {
    const nlohmann::json stored = nlohmann::json::parse(R"([
        {"form": "main effects", "terms": 4, "holdout_mse": 0.25, "selection": [{"added": "x²"}]},
        {"form": "dynamic, order 2", "order": 2, "holdout_rmse": 0.5, "bic": -12.5, "converged": true},
        {"order": 2, "terms": ["tau", "g", "b_load", "b_amb", "c", "tau2"], "holdout_free_run_rmse": 1.1},
        {"form": "main effects + x * z", "terms": 6, "holdout_log_loss": null},
        "not an object"])");
    const std::vector<FormCandidate> forms = form_candidates_from_json(stored);
    ASSERT_EQ(forms.size(), 4u);
    EXPECT_EQ(forms[0].terms, 4u);
    EXPECT_DOUBLE_EQ(forms[0].holdout_rmse(), 0.5);
    EXPECT_EQ(forms[0].details.at("selection").size(), 1u);
    EXPECT_EQ(forms[1].figure, FormCandidate::Figure::rmse);
    EXPECT_DOUBLE_EQ(forms[1].holdout_rmse(), 0.5);
    EXPECT_EQ(forms[2].form, "");
    EXPECT_EQ(forms[2].figure, FormCandidate::Figure::none);
    EXPECT_TRUE(std::isnan(forms[2].holdout_rmse()));
    EXPECT_EQ(forms[2].details.at("terms").size(), 6u);
    EXPECT_EQ(forms[3].figure, FormCandidate::Figure::log_loss);
    EXPECT_TRUE(std::isnan(forms[3].holdout));
    nlohmann::json objects = stored;
    objects.erase(4);
    EXPECT_EQ(to_json(forms), objects);
    EXPECT_TRUE(form_candidates_from_json(nlohmann::json::object()).empty());
}

TEST_P(OutputModelSuite, EnvelopeOfTheNumericInputs) {
    const auto model = fit_output_model(frame(), GetParam().spec);
    for (const auto& input : GetParam().spec.inputs) {
        if (frame().at(input).categorical()) continue;
        bool found = false;
        for (const auto& e : model->report().envelope)
            if (e.input == input) {
                found = true;
                EXPECT_LT(e.min, e.max) << input;
                const auto& v = frame().at(input).values;
                EXPECT_GE(e.min, *std::min_element(v.begin(), v.end()) - 1e-9) << input;
                EXPECT_LE(e.max, *std::max_element(v.begin(), v.end()) + 1e-9) << input;
            }
        EXPECT_TRUE(found) << input;
    }
}

TEST_P(OutputModelSuite, DrawsHaveTheFittedMeanAndCovariance) {
    const auto model = fit_output_model(frame(), GetParam().spec);
    const Eigen::VectorXd mean = model->parameters();
    const Eigen::MatrixXd& cov = model->covariance();
    ASSERT_EQ(cov.rows(), mean.size());
    std::mt19937_64 rng(5);
    const int n = 4000;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(mean.size());
    Eigen::MatrixXd outer = Eigen::MatrixXd::Zero(mean.size(), mean.size());
    for (int i = 0; i < n; ++i) {
        const Eigen::VectorXd d = model->draw(rng)->parameters() - mean;
        sum += d;
        outer += d * d.transpose();
    }
    const Eigen::VectorXd draw_mean = sum / n;
    const Eigen::MatrixXd draw_cov = outer / n;
    for (Eigen::Index i = 0; i < mean.size(); ++i) {
        const double sd = std::sqrt(cov(i, i));
        if (!(sd > 0.0)) continue;
        // Time constants are kept >= 0 when drawn; far from 0 that never binds.
        EXPECT_NEAR(draw_mean(i), 0.0, 4.0 * sd / std::sqrt(double(n))) << i;
        EXPECT_NEAR(std::sqrt(draw_cov(i, i)), sd, 0.08 * sd) << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Kinds, OutputModelSuite, ::testing::ValuesIn(cases()),
                         [](const auto& test_case) { return std::string(test_case.param.name); });

}  // namespace
}  // namespace twinbench
