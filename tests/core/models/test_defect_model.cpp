// The process defect model (issue 4, model 2) against the reference plant (core/sample):
// the plant draws each part's defect from
//   logit p = b0 + b1*Tc + b2*Tc^2 + b_h*humidity + b_wear*wear + b_speed*speed + b_grade
// with Tc the TRUE core temperature, the TRUE humidity, the wear and set speed at the
// step start (reference_plant.cpp, simulate_plant). The historian carries measured
// humidity (true + N(0, 1 %)); with humidity spread ~12 % that attenuates b_h by
// ~0.7 % (1 / (1 + 1/150)), about a tenth of its standard error, so the measured
// column is used as a user would. Speed is the actual speed (= set speed while running,
// and only running rows enter), wear is exact.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "support/plant_run_table.h"
#include "common/error.h"
#include "models/defect_baseline.h"
#include "models/defect_model.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"

namespace twinbench {
namespace {

using test::numeric_column;
using test::daily_checks;



std::vector<double> as_double(const std::vector<std::int32_t>& v) { return {v.begin(), v.end()}; }

// The historian, batch list and manual checks aligned onto its rows, plus the true core
// temperature (no role) for the test that bypasses the soft sensor.
Table table_from_run(const SampleScenario& scenario, const PlantRun& run) {
    const std::size_t n = run.steps();
    Table t;
    t.name = "historian";
    t.time_s.resize(n);
    for (std::size_t i = 0; i < n; ++i) t.time_s[i] = static_cast<double>(run.time_utc(i));
    t.columns.push_back(numeric_column("Furnace temperature", Role::furnace_temp, run.furnace_measured_degC));
    t.columns.push_back(numeric_column("Line speed", Role::speed, run.speed_actual_m_per_min));
    t.columns.push_back(numeric_column("Ambient temperature", Role::ambient_temp, run.ambient_measured_degC));
    t.columns.push_back(numeric_column("Relative humidity", Role::humidity, run.humidity_measured_pct));
    t.columns.push_back(numeric_column("Conveyor wear", Role::factor, run.wear_pct));
    t.columns.push_back(numeric_column("Parts produced", Role::produced, as_double(run.produced)));
    t.columns.push_back(numeric_column("Parts scrapped", Role::scrap, as_double(run.scrap)));
    t.columns.push_back(numeric_column("True core temperature", Role::none, run.core_true_degC));
    Column material;
    material.name = material.header = "Material grade";
    material.type = ColumnType::categorical;
    material.role = Role::material;
    material.aligned_from = "batches";
    material.levels = {"A", "B", "C"};
    material.codes.assign(n, missing_code);
    // As the importer aligns a batch list without end times: as-of, every row holds the
    // grade of the last batch started (source_alignment.h).
    for (std::size_t i = 0; i < n; ++i) material.codes[i] = scenario.inputs.grade[i];
    t.columns.push_back(std::move(material));
    Column checks = numeric_column("Core temperature", Role::core_temp_check,
                                   daily_checks(run, scenario.truth.manual_check_noise_sd_degC, scenario.seed));
    checks.aligned_from = "manual_checks";
    t.columns.push_back(std::move(checks));
    return t;
}

struct Case {
    SampleScenario scenario;
    PlantRun run;
    Table table;
};

Case simulate(std::uint64_t seed, int days) {
    SampleOptions options;
    options.days = days;
    options.seed = seed;
    Case c{make_sample_scenario(options), {}, {}};
    c.run = simulate_plant(c.scenario.truth, c.scenario.inputs, c.scenario.seed);
    c.table = table_from_run(c.scenario, c.run);
    return c;
}

struct TrueTerm {
    std::string name;
    double value;
};

// The plant's coefficients under the model's term names (grade A is the reference).
std::vector<TrueTerm> true_terms(const PlantTruth& t) {
    return {{"(Intercept)", t.defect_b0},
            {"core_temp", t.defect_b1_per_degC},
            {"I(core_temp ** 2)", t.defect_b2_per_degC2},
            {"Relative humidity", t.defect_b_humidity_per_pct},
            {"Conveyor wear", t.defect_b_wear_per_pct},
            {"Line speed", t.defect_b_speed_per_m_per_min},
            {"Material grade[T.B]", t.grades[1].defect_logit_offset - t.grades[0].defect_logit_offset},
            {"Material grade[T.C]", t.grades[2].defect_logit_offset - t.grades[0].defect_logit_offset}};
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The acceptance: with the core temperature known, every coefficient's 95 %
// interval covers the truth in at least 9 of 10 seeds (expected 9.5; a correct model
// falls below 9 for a given coefficient with probability ~9 %, which the fixed seeds
// turn into a deterministic check). 90-day runs as the issue states; with 60-day runs
// seeds 1-10 gave 8 of 10 for humidity and speed (seed 10 missed by 3 standard errors in
// the window terms), so the run length matters for the fixed seeds, not the runtime
// (~0.13 s per seed).
TEST(DefectModel, TrueCoreTemperatureIntervalsCoverTheTruth) {
    constexpr int seeds = 10;
    std::vector<int> covered;
    std::vector<TrueTerm> truth;
    const auto start = std::chrono::steady_clock::now();
    for (int s = 1; s <= seeds; ++s) {
        const Case c = simulate(static_cast<std::uint64_t>(s), 90);
        DefectModelOptions options;
        options.core_temperature_column = "True core temperature";
        const DefectModelFit fit = fit_defect_model(c.table, options);
        truth = true_terms(c.scenario.truth);
        covered.resize(truth.size(), 0);
        EXPECT_EQ(fit.core_temperature_source, "True core temperature");
        EXPECT_FALSE(fit.fit.penalized);
        for (std::size_t k = 0; k < truth.size(); ++k) {
            const Eigen::Index j = fit.term_index(truth[k].name);
            ASSERT_GE(j, 0) << truth[k].name;
            const bool in = fit.uncentred_ci_low[j] <= truth[k].value && truth[k].value <= fit.uncentred_ci_high[j];
            covered[k] += in ? 1 : 0;
            // (fitted - true) / standard error, one line per seed, terms in true_terms order.
            std::printf("%s%+.2f", k == 0 ? "    z " : " ",
                        (fit.uncentred_coefficients[j] - truth[k].value) / fit.uncentred_std_errors[j]);
        }
        std::printf("   [seed %d, %zu training intervals]\n", s, fit.n_train);
    }
    for (std::size_t k = 0; k < truth.size(); ++k) {
        std::printf("    %-22s covered in %d of %d seeds\n", truth[k].name.c_str(), covered[k], seeds);
        EXPECT_GE(covered[k], 9) << truth[k].name;
    }
    std::printf("    10 seeds x 90 days: %.2f s\n", seconds_since(start));
}

// AUC of the plant's own defect probabilities over the same hold-out rows (the last
// 20 % of the intervals with parts): the ceiling any model can reach.
double oracle_auc(const PlantRun& run) {
    std::size_t with_parts = 0;
    for (const auto m : run.produced) with_parts += m > 0 ? 1 : 0;
    const auto n_train = static_cast<std::size_t>(std::floor(0.8 * static_cast<double>(with_parts)));
    std::vector<double> score, pos, neg;
    std::size_t k = 0;
    for (std::size_t i = 0; i < run.steps(); ++i) {
        if (run.produced[i] <= 0 || k++ < n_train) continue;
        score.push_back(run.defect_probability[i]);
        pos.push_back(run.scrap[i]);
        neg.push_back(run.produced[i] - run.scrap[i]);
    }
    return weighted_auc(score, pos, neg);
}

// With the soft-sensor core temperature (what a user has). Its error (RMSE ~1 degC,
// mostly a per-grade tau error that persists over the whole run) is an error in the
// regressor, which the intervals do not include: it attenuates the window curvature
// (seeds 1-3: b2 -9 %, -6 %, +5 %, i.e. 3-6 standard errors) and leaks into the terms
// correlated with the core (speed through the residence time, grade through tau), so
// coverage is not the criterion here. Tolerances, each about 1.5 times the largest
// deviation seen on seeds 1-3 (b2 9 %, wear 10 %, speed 0.15, grade 0.13) and still
// tight enough to catch a wrong sign, scale or missing term:
//   window optimum -b1/(2 b2)        within +-3 degC of truth (the tolerance)
//   b1, b2 (window slope, curvature)  within 15 %
//   humidity, wear                    within 15 % (~4 standard errors; little correlated
//                                     with the core error)
//   speed, grade offsets              within +-0.2 logit (~4-6 standard errors; these
//                                     absorb the per-grade and residence-time core bias)
// And the model must separate scrap better than the main-effects baseline on the same
// hold-out (the baseline sees the furnace temperature only linearly, not the window).
TEST(DefectModel, SoftSensorCoreTemperatureRecoversTheWindow) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const auto start = std::chrono::steady_clock::now();
        const Case c = simulate(seed, 90);
        DefectModelOptions options;
        options.soft_sensor.furnace_length_m = c.scenario.truth.furnace_length_m;
        const DefectModelFit fit = fit_defect_model(c.table, options);
        const double fit_s = seconds_since(start);
        const DefectBaselineFit base = fit_defect_baseline(c.table);
        const double true_optimum = defect_window_form(c.scenario.truth).core_optimum_degC;
        std::printf("[seed %llu] optimum %.2f +- %.2f degC (true %.2f); hold-out AUC %.4f, baseline %.4f, "
                    "true probabilities %.4f; simulate + fit %.2f s\n",
                    static_cast<unsigned long long>(seed), fit.core_optimum_degC, fit.core_optimum_std_error,
                    true_optimum, fit.test.auc, base.test.auc, oracle_auc(c.run), fit_s);
        EXPECT_EQ(fit.core_temperature_source, "soft sensor");
        EXPECT_FALSE(fit.fit.penalized);
        for (const auto& t : true_terms(c.scenario.truth)) {
            const Eigen::Index j = fit.term_index(t.name);
            ASSERT_GE(j, 0) << t.name;
            const double b = fit.uncentred_coefficients[j];
            std::printf("    %-22s %10.5g +- %8.2g  true %10.5g\n", t.name.c_str(), b, fit.uncentred_std_errors[j], t.value);
            if (t.name == "core_temp" || t.name == "I(core_temp ** 2)" || t.name == "Relative humidity" ||
                t.name == "Conveyor wear") {
                EXPECT_NEAR(b, t.value, 0.15 * std::abs(t.value)) << t.name;
            } else if (t.name != "(Intercept)") {  // the intercept is the logit at Tc = 0, far outside the data
                EXPECT_NEAR(b, t.value, 0.2) << t.name;
            }
        }
        EXPECT_NEAR(fit.core_optimum_degC, true_optimum, 3.0);
        EXPECT_GT(fit.test.auc, base.test.auc);
        EXPECT_EQ(fit.n_test, base.n_test);  // same hold-out rows

        // Calibration: 10 bins of equal items; each bin's observed rate near its mean
        // prediction (binomial sd of ~10,000 items at 2 % is 0.0014; 4 sd + 10 % slack).
        ASSERT_EQ(fit.calibration.size(), 10u);
        double items = 0.0;
        for (const auto& bin : fit.calibration) {
            items += bin.items;
            const double sd = std::sqrt(bin.mean_predicted * (1.0 - bin.mean_predicted) / bin.items);
            EXPECT_NEAR(bin.observed_rate, bin.mean_predicted, 4.0 * sd + 0.1 * bin.mean_predicted);
            EXPECT_LE(bin.p_low, bin.p_high);
        }
        EXPECT_DOUBLE_EQ(items, fit.test.items);
        // Envelope: the core range seen brackets the optimum; one entry per numeric input.
        ASSERT_EQ(fit.envelope.size(), 4u);
        EXPECT_EQ(fit.envelope[0].name, "core_temp");
        EXPECT_LT(fit.envelope[0].min, true_optimum);
        EXPECT_GT(fit.envelope[0].max, true_optimum);
    }
}

// The batch list as a sparse column (grade only where a batch starts, as the soft sensor
// test builds it) is carried forward: same fit as the as-of aligned column.
TEST(DefectModel, SparseBatchListIsCarriedForward) {
    Case c = simulate(4, 30);
    DefectModelOptions options;
    options.core_temperature_column = "True core temperature";
    const DefectModelFit filled = fit_defect_model(c.table, options);
    Column* material = c.table.find("Material grade");
    for (std::size_t i = material->codes.size(); i-- > 1;)
        if (material->codes[i] == material->codes[i - 1]) material->codes[i] = missing_code;
    const DefectModelFit sparse = fit_defect_model(c.table, options);
    ASSERT_EQ(sparse.names, filled.names);
    EXPECT_EQ(sparse.n_train, filled.n_train);
    for (Eigen::Index j = 0; j < filled.fit.coefficients.size(); ++j)
        EXPECT_NEAR(sparse.fit.coefficients[j], filled.fit.coefficients[j], 1e-9 * (1.0 + std::abs(filled.fit.coefficients[j])));
}

// Per-item 0/1 outcome: one row per part with the interval's inputs gives the same
// likelihood as the counts, hence the same coefficients and standard errors.
TEST(DefectModel, PerItemOutcomeMatchesCounts) {
    const Case c = simulate(5, 7);
    DefectModelOptions options;
    options.core_temperature_column = "True core temperature";
    const DefectModelFit counts = fit_defect_model(c.table, options);

    Table items;
    items.name = "items";
    std::vector<std::vector<double>> cols(5);
    Column grade;
    grade.name = grade.header = "Material grade";
    grade.type = ColumnType::categorical;
    grade.role = Role::material;
    grade.levels = {"A", "B", "C"};
    const std::vector<std::string> names = {"True core temperature", "Relative humidity", "Conveyor wear",
                                            "Line speed"};
    for (std::size_t i = 0; i < c.run.steps(); ++i)
        for (std::int32_t k = 0; k < c.run.produced[i]; ++k) {
            items.time_s.push_back(static_cast<double>(c.run.time_utc(i)) + k);
            for (std::size_t j = 0; j < names.size(); ++j) cols[j].push_back(c.table.find(names[j])->values[i]);
            cols[4].push_back(k < c.run.scrap[i] ? 1.0 : 0.0);
            grade.codes.push_back(c.table.find("Material grade")->codes[i]);
        }
    items.columns.push_back(numeric_column(names[0], Role::none, cols[0]));
    items.columns.push_back(numeric_column(names[1], Role::humidity, cols[1]));
    items.columns.push_back(numeric_column(names[2], Role::factor, cols[2]));
    items.columns.push_back(numeric_column(names[3], Role::speed, cols[3]));
    items.columns.push_back(numeric_column("Defect", Role::defect, cols[4]));
    items.columns.push_back(std::move(grade));
    const DefectModelFit per_item = fit_defect_model(items, options);
    EXPECT_FALSE(per_item.counts);
    EXPECT_EQ(per_item.outcome, "Defect");
    ASSERT_EQ(per_item.names, counts.names);
    EXPECT_DOUBLE_EQ(per_item.fit.n_trials + per_item.test.items, counts.fit.n_trials + counts.test.items);
    // The 80 % cut falls at 80 % of the items here but of the intervals there, a few
    // hours apart, so the fits differ by a small share of a standard error only.
    for (Eigen::Index j = 0; j < counts.fit.coefficients.size(); ++j)
        EXPECT_NEAR(per_item.fit.coefficients[j], counts.fit.coefficients[j], 0.3 * counts.fit.std_errors[j])
            << counts.names[static_cast<std::size_t>(j)];
}

TEST(DefectModel, MissingRolesAreModelErrors) {
    const Case c = simulate(6, 10);
    auto without = [&](const std::string& column) {
        Table t = c.table;
        std::erase_if(t.columns, [&](const Column& col) { return col.name == column; });
        return t;
    };
    auto message = [](const Table& t, const DefectModelOptions& o) {
        try {
            fit_defect_model(t, o);
        } catch (const ModelError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const DefectModelOptions soft;
    EXPECT_NE(message(without("Parts scrapped"), soft).find("--map scrap="), std::string::npos);
    EXPECT_NE(message(without("Relative humidity"), soft).find("humidity"), std::string::npos);
    EXPECT_NE(message(without("Line speed"), soft).find("speed"), std::string::npos);
    // The soft sensor cannot run without the manual checks: say which roles it needs.
    const std::string no_checks = message(without("Core temperature"), soft);
    EXPECT_NE(no_checks.find("core_temp_check"), std::string::npos) << no_checks;
    EXPECT_NE(no_checks.find("furnace_temp"), std::string::npos) << no_checks;
    DefectModelOptions named;
    named.core_temperature_column = "Core thermocouple";
    EXPECT_NE(message(c.table, named).find("Core thermocouple"), std::string::npos);
    // Too few rows with parts.
    Table tiny = c.table;
    tiny.time_s.resize(30);
    for (auto& col : tiny.columns) {
        if (col.type == ColumnType::categorical) col.codes.resize(30);
        else col.values.resize(30);
    }
    named.core_temperature_column = "True core temperature";
    EXPECT_NE(message(tiny, named).find("usable rows"), std::string::npos) << message(tiny, named);
    // Without wear the model still fits, and says so.
    const DefectModelFit no_wear = fit_defect_model(without("Conveyor wear"), named);
    EXPECT_EQ(no_wear.term_index("Conveyor wear"), -1);
    EXPECT_FALSE(no_wear.warnings.empty());
}

}  // namespace
}  // namespace twinbench
