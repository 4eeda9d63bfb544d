// Logistic regression engine: against statsmodels on the real AI4I 2020 data (reference
// numbers and the script that made them in tests/data/models/), recovery of known
// coefficients, counts versus per-item rows, and the guards for ill-posed fits.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/parsed_file.h"
#include "models/design_matrix.h"
#include "models/logistic_regression.h"

namespace twinbench {
namespace {

const std::filesystem::path sample_dir = TWINBENCH_SAMPLE_DATA_DIR;
const std::filesystem::path test_data_dir = TWINBENCH_TEST_DATA_DIR;

nlohmann::json load_reference() {
    std::ifstream in(test_data_dir / "models" / "ai4i_logit_reference.json");
    return nlohmann::json::parse(in);
}

const Table& ai4i_table() {
    static const Table table = parse_file(sample_dir / "ai4i2020" / "ai4i2020.csv.gz", {}).table;
    return table;
}

void expect_matches_reference(const LogisticFit& fit, const nlohmann::json& ref) {
    const auto names = ref["terms"].get<std::vector<std::string>>();
    ASSERT_EQ(fit.names, names);
    for (std::size_t j = 0; j < names.size(); ++j) {
        const auto k = static_cast<Eigen::Index>(j);
        const double coef = ref["coefficients"][j].get<double>(), se = ref["std_errors"][j].get<double>();
        EXPECT_NEAR(fit.coefficients[k], coef, 1e-6 * std::abs(coef)) << names[j];
        EXPECT_NEAR(fit.std_errors[k], se, 1e-6 * std::abs(se)) << names[j];
    }
    const double ll = ref["log_likelihood"].get<double>();
    EXPECT_NEAR(fit.log_likelihood, ll, 1e-9 * std::abs(ll));
    EXPECT_NEAR(fit.deviance, ref["deviance"].get<double>(), 1e-9 * std::abs(ll));
    EXPECT_NEAR(fit.null_deviance, -2.0 * ref["null_log_likelihood"].get<double>(), 1e-9 * std::abs(ll));
    EXPECT_TRUE(fit.converged);
    EXPECT_FALSE(fit.penalized);
    EXPECT_TRUE(fit.warnings.empty());
}

const std::vector<std::string> ai4i_numeric = {"Air temperature", "Process temperature", "Rotational speed",
                                               "Torque", "Tool wear"};

TEST(LogisticRegression, MatchesStatsmodelsOnAi4iMainEffects) {
    const Table& table = ai4i_table();
    ASSERT_EQ(table.find("Air temperature")->unit, "K");
    DesignSpec spec;
    spec.numeric = ai4i_numeric;
    const auto design = build_design_matrix(table, spec, {"Machine failure"});
    ASSERT_EQ(design.rows.size(), 10000u);
    const auto y = column_at_rows(table, "Machine failure", design.rows);
    const auto fit = fit_logistic(design.x, design.encoding.names(), y);
    expect_matches_reference(fit, load_reference()["main_effects"]);
    EXPECT_NEAR(fit.aic, -2.0 * fit.log_likelihood + 12.0, 1e-9);
    EXPECT_EQ(fit.n_successes, 339.0);
}

TEST(LogisticRegression, MatchesStatsmodelsOnAi4iWithProductType) {
    const Table& table = ai4i_table();
    DesignSpec spec;
    spec.numeric = ai4i_numeric;
    spec.categorical = {"Type"};
    const auto design = build_design_matrix(table, spec, {"Machine failure"});
    const auto y = column_at_rows(table, "Machine failure", design.rows);
    const auto fit = fit_logistic(design.x, design.encoding.names(), y);
    expect_matches_reference(fit, load_reference()["with_type"]);
}

TEST(LogisticRegression, IntervalsPValuesAndCovarianceAreConsistent) {
    DesignSpec spec;
    spec.numeric = ai4i_numeric;
    const auto design = build_design_matrix(ai4i_table(), spec, {"Machine failure"});
    const auto fit = fit_logistic(design.x, design.encoding.names(),
                                  column_at_rows(ai4i_table(), "Machine failure", design.rows));
    for (Eigen::Index j = 0; j < fit.coefficients.size(); ++j) {
        EXPECT_NEAR(fit.std_errors[j] * fit.std_errors[j], fit.covariance(j, j), 1e-12 * fit.covariance(j, j));
        EXPECT_NEAR(fit.ci_high[j] - fit.ci_low[j], 2.0 * 1.959963984540054 * fit.std_errors[j], 1e-9);
        EXPECT_NEAR(fit.p_values[j], std::erfc(std::abs(fit.z[j]) / std::sqrt(2.0)), 1e-15);
    }
    EXPECT_TRUE(fit.covariance.isApprox(fit.covariance.transpose()));
    const auto terms = fit.terms();
    ASSERT_EQ(terms.size(), 6u);
    EXPECT_EQ(terms[0].name, "(Intercept)");
    EXPECT_LT(terms[4].p_value, 1e-10);  // torque matters a lot for failures
    // Predictions on the fitted rows: probabilities whose sum equals the number of
    // failures (score equation of the intercept).
    const auto prob = fit.predict(design.x);
    EXPECT_TRUE((prob.array() > 0.0).all() && (prob.array() < 1.0).all());
    EXPECT_NEAR(prob.sum(), 339.0, 1e-6);
}

// Synthetic data with known coefficients: intercept, two numerics, a square and a factor.
struct Synthetic {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    Eigen::VectorXd beta;
    std::vector<std::string> names{"(Intercept)", "temp", "speed", "I(temp ** 2)", "grade[T.B]"};
};

Synthetic make_synthetic(Eigen::Index n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> temp(850.0, 15.0), speed(12.0, 2.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Synthetic s;
    // A target window around 850 (negative square term) in original units.
    s.beta.resize(5);
    s.beta << -0.5 - 850.0 * 850.0 * 0.004, 2.0 * 850.0 * 0.004, 0.15, -0.004, 0.7;
    s.x.resize(n, 5);
    s.y.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double t = temp(rng);
        s.x.row(i) << 1.0, t, speed(rng), t * t, u(rng) < 0.4 ? 1.0 : 0.0;
        const double eta = s.x.row(i).dot(s.beta) - 3.0;
        s.y[i] = u(rng) < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
    }
    s.beta[0] -= 3.0;
    return s;
}

TEST(LogisticRegression, RecoversKnownCoefficientsWithinThreeStandardErrors) {
    const auto s = make_synthetic(40000, 17);
    const auto fit = fit_logistic(s.x, s.names, s.y);
    ASSERT_TRUE(fit.converged);
    EXPECT_TRUE(fit.warnings.empty());
    for (Eigen::Index j = 0; j < s.beta.size(); ++j)
        EXPECT_LT(std::abs(fit.coefficients[j] - s.beta[j]), 3.0 * fit.std_errors[j]) << s.names[j];
    EXPECT_LT(fit.deviance, fit.null_deviance);
}

TEST(LogisticRegression, ThreadCountDoesNotChangeTheEstimate) {
    const auto s = make_synthetic(120000, 5);
    LogisticOptions one, two;
    one.threads = 1;
    two.threads = 2;
    const auto a = fit_logistic(s.x, s.names, s.y, one);
    const auto b = fit_logistic(s.x, s.names, s.y, two);
    for (Eigen::Index j = 0; j < a.coefficients.size(); ++j) {
        EXPECT_NEAR(a.coefficients[j], b.coefficients[j], 1e-9 * std::abs(a.coefficients[j]));
        EXPECT_NEAR(a.std_errors[j], b.std_errors[j], 1e-9 * a.std_errors[j]);
    }
}

// Large data start from a subsample fit and stop once the next Newton step is below the
// tolerance: the estimate must be the one the plain iteration reaches.
TEST(LogisticRegression, WarmStartGivesTheSameEstimate) {
    const auto s = make_synthetic(250000, 11);
    LogisticOptions plain, warm;
    plain.warm_start = false;
    const auto a = fit_logistic(s.x, s.names, s.y, plain);
    const auto b = fit_logistic(s.x, s.names, s.y, warm);
    ASSERT_TRUE(a.converged && b.converged);
    EXPECT_LT(b.iterations, a.iterations);
    for (Eigen::Index j = 0; j < a.coefficients.size(); ++j) {
        EXPECT_NEAR(a.coefficients[j], b.coefficients[j], 1e-10 * std::abs(a.coefficients[j]))
            << s.names[j];
        EXPECT_NEAR(a.std_errors[j], b.std_errors[j], 1e-9 * a.std_errors[j]) << s.names[j];
    }
    EXPECT_NEAR(a.deviance, b.deviance, 1e-9 * a.deviance);
}

TEST(LogisticRegression, CountsGiveTheSameEstimatesAsExpandedItems) {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> hum(45.0, 8.0);
    std::uniform_int_distribution<int> produced(1, 30);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const Eigen::Index rows = 300;
    Eigen::MatrixXd x(rows, 2);
    Eigen::VectorXd scrap(rows), trials(rows);
    std::vector<double> item_x, item_y;
    for (Eigen::Index i = 0; i < rows; ++i) {
        x(i, 0) = 1.0;
        x(i, 1) = hum(rng);
        trials[i] = produced(rng);
        const double p = 1.0 / (1.0 + std::exp(-(-4.0 + 0.05 * x(i, 1))));
        scrap[i] = 0.0;
        for (int k = 0; k < static_cast<int>(trials[i]); ++k) {
            const double d = u(rng) < p ? 1.0 : 0.0;
            scrap[i] += d;
            item_x.push_back(x(i, 1));
            item_y.push_back(d);
        }
    }
    const auto items = static_cast<Eigen::Index>(item_x.size());
    Eigen::MatrixXd xi(items, 2);
    Eigen::VectorXd yi(items);
    for (Eigen::Index i = 0; i < items; ++i) {
        xi(i, 0) = 1.0;
        xi(i, 1) = item_x[static_cast<std::size_t>(i)];
        yi[i] = item_y[static_cast<std::size_t>(i)];
    }
    const std::vector<std::string> names{"(Intercept)", "humidity"};
    const auto counts = fit_logistic_counts(x, names, scrap, trials);
    const auto expanded = fit_logistic(xi, names, yi);
    EXPECT_EQ(counts.n_trials, static_cast<double>(items));
    EXPECT_EQ(counts.n_rows, static_cast<std::size_t>(rows));
    for (Eigen::Index j = 0; j < 2; ++j) {
        EXPECT_NEAR(counts.coefficients[j], expanded.coefficients[j], 1e-9 * std::abs(expanded.coefficients[j]));
        EXPECT_NEAR(counts.std_errors[j], expanded.std_errors[j], 1e-9 * expanded.std_errors[j]);
    }
    // Same model, different saturated models: the deviance differences agree.
    EXPECT_NEAR(counts.null_deviance - counts.deviance, expanded.null_deviance - expanded.deviance, 1e-7);
    EXPECT_LT(counts.deviance, expanded.deviance);
}

TEST(LogisticRegression, PerfectSeparationFallsBackToRidgeWithWarning) {
    const Eigen::Index n = 60;
    Eigen::MatrixXd x(n, 2);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        x(i, 0) = 1.0;
        x(i, 1) = static_cast<double>(i) - 29.5;
        y[i] = x(i, 1) > 0.0 ? 1.0 : 0.0;
    }
    const auto fit = fit_logistic(x, {"(Intercept)", "load"}, y);
    EXPECT_TRUE(fit.penalized);
    EXPECT_GT(fit.ridge_lambda, 0.0);
    ASSERT_EQ(fit.warnings.size(), 1u);
    EXPECT_NE(fit.warnings[0].find("separation"), std::string::npos) << fit.warnings[0];
    EXPECT_NE(fit.warnings[0].find("'load'"), std::string::npos) << fit.warnings[0];
    EXPECT_TRUE(fit.coefficients.allFinite());
    EXPECT_TRUE(fit.std_errors.allFinite());
    EXPECT_TRUE(fit.covariance.allFinite());
    EXPECT_TRUE(std::isfinite(fit.deviance) && std::isfinite(fit.aic));
    EXPECT_GT(fit.coefficients[1], 0.0);  // the direction is still right
    const auto prob = fit.predict(x);
    EXPECT_LT(prob[0], 0.05);
    EXPECT_GT(prob[n - 1], 0.95);
}

TEST(LogisticRegression, QuasiSeparationByAFactorLevelIsCaught) {
    // No defect ever happens on grade B: its coefficient would run to minus infinity.
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const Eigen::Index n = 400;
    Eigen::MatrixXd x(n, 3);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const bool grade_b = i % 4 == 0;
        x.row(i) << 1.0, u(rng), grade_b ? 1.0 : 0.0;
        y[i] = !grade_b && u(rng) < 0.3 ? 1.0 : 0.0;
    }
    const auto fit = fit_logistic(x, {"(Intercept)", "wear", "grade[T.B]"}, y);
    EXPECT_TRUE(fit.penalized);
    ASSERT_FALSE(fit.warnings.empty());
    EXPECT_NE(fit.warnings[0].find("'grade[T.B]'"), std::string::npos) << fit.warnings[0];
    EXPECT_TRUE(fit.coefficients.allFinite() && fit.std_errors.allFinite());
    EXPECT_LT(fit.coefficients[2], -3.0);
}

TEST(LogisticRegression, DuplicatedColumnIsReportedAsCollinear) {
    auto s = make_synthetic(3000, 23);
    Eigen::MatrixXd x(s.x.rows(), 4);
    x << s.x.col(0), s.x.col(1), s.x.col(2), s.x.col(2);
    const auto fit = fit_logistic(x, {"(Intercept)", "temp", "speed", "speed copy"}, s.y);
    EXPECT_TRUE(fit.penalized);
    ASSERT_EQ(fit.warnings.size(), 1u);
    const auto& w = fit.warnings[0];
    EXPECT_NE(w.find("collinear"), std::string::npos) << w;
    EXPECT_NE(w.find("'speed'"), std::string::npos) << w;
    EXPECT_NE(w.find("'speed copy'"), std::string::npos) << w;
    EXPECT_EQ(w.find("'temp'"), std::string::npos) << w;
    EXPECT_TRUE(fit.coefficients.allFinite() && fit.std_errors.allFinite());
    EXPECT_NEAR(fit.coefficients[2], fit.coefficients[3], 1e-9 * std::abs(fit.coefficients[2]));
}

TEST(LogisticRegression, TooFewRowsIsAModelError) {
    const auto s = make_synthetic(14, 2);  // 5 terms need at least 15 rows
    try {
        fit_logistic(s.x, s.names, s.y);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_EQ(e.code(), ExitCode::model_failure);
        EXPECT_NE(std::string(e.what()).find("import more data"), std::string::npos) << e.what();
    }
}

TEST(LogisticRegression, ConstantColumnAndConstantOutcomeAreModelErrors) {
    auto s = make_synthetic(500, 4);
    Eigen::MatrixXd x = s.x;
    x.col(2).setConstant(12.0);
    try {
        fit_logistic(x, s.names, s.y);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("'speed' is constant"), std::string::npos) << e.what();
    }
    EXPECT_THROW(fit_logistic(s.x, s.names, Eigen::VectorXd::Zero(s.x.rows())), ModelError);
    Eigen::VectorXd bad = s.y;
    bad[3] = 2.0;
    EXPECT_THROW(fit_logistic(s.x, s.names, bad), ModelError);
}

}  // namespace
}  // namespace twinbench
