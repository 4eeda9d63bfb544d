// The furnace temperature model must recover the true dynamics of the reference plant
// (core/sample) from its measured signals, predict a later period it never saw, and
// fail with a message naming the role to map when data is missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "models/furnace_temperature_model.h"
#include "models/model_fitting.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "support/plant_run_table.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::numeric_column;

// The historian as the importer would deliver it, but straight from the simulation: no
// planted defects, so the test isolates the identification.
Table table_from_run(const PlantRun& run) {
    const std::size_t n = run.steps();
    Table t;
    t.name = "historian";
    t.time_s.resize(n);
    std::vector<double> produced(n);
    Column state;
    state.name = state.header = "Line state";
    state.type = ColumnType::categorical;
    state.role = Role::state;
    state.levels = {"RUN", "STOP", "MAINT"};
    state.codes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        t.time_s[i] = static_cast<double>(run.time_utc(i));
        produced[i] = run.produced[i];
        state.codes[i] = static_cast<std::int32_t>(run.state[i]);
    }
    t.columns.push_back(
        numeric_column("Furnace setpoint", Role::setpoint, run.setpoint_effective_degC));
    t.columns.push_back(
        numeric_column("Furnace temperature", Role::furnace_temp, run.furnace_measured_degC));
    t.columns.push_back(
        numeric_column("Ambient temperature", Role::ambient_temp, run.ambient_measured_degC));
    t.columns.push_back(numeric_column("Parts produced", Role::produced, std::move(produced)));
    t.columns.push_back(std::move(state));
    return t;
}

struct Truth {
    double tau, gain, load, ambient, offset;
};

// furnace_steady_state_degC = g*SP + g_amb*(Tamb - Tref) - sag*load, so in the model's
// form b_load = -sag and c = -g_amb * Tref.
Truth truth_of(const PlantTruth& t) {
    return {t.furnace_tau_min, t.furnace_setpoint_gain, -t.furnace_load_sag_degC_per_part_per_min,
            t.furnace_ambient_gain_degC_per_degC,
            -t.furnace_ambient_gain_degC_per_degC * t.furnace_ambient_ref_degC};
}

void print_fit(const char* what, const FurnaceTemperatureFit& fit, double seconds) {
    std::printf(
        "[%s] rows %zu, train pairs %zu, test pairs %zu, stuck %zu, downweighted %zu, "
        "OE %d (%d it), fit %.3f s\n",
        what, fit.rows, fit.train_pairs, fit.test_pairs, fit.stuck_rows, fit.downweighted,
        fit.output_error ? 1 : 0, fit.iterations, seconds);
    for (const auto& p : fit.parameters)
        std::printf("    %-20s %10.4f +- %.4f %s\n", p.name.c_str(), p.estimate, p.std_error,
                    p.unit.c_str());
    std::printf("    order %d: %s\n", fit.order, fit.order_reason.c_str());
    std::printf(
        "    one-step test RMSE %.3f MAE %.3f R2 %.4f | free-run test RMSE %.3f MAE %.3f R2 %.4f "
        "| residual sd %.3f\n",
        fit.test_one_step.rmse, fit.test_one_step.mae, fit.test_one_step.r2, fit.test_free_run.rmse,
        fit.test_free_run.mae, fit.test_free_run.r2, fit.residual_sd_degC);
}

FurnaceTemperatureFit timed_fit(const char* what, const Table& table) {
    const auto start = std::chrono::steady_clock::now();
    FurnaceTemperatureFit fit = fit_furnace_temperature(table);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_fit(what, fit, seconds);
    return fit;
}

class FurnaceTemperatureReferencePlant : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(FurnaceTemperatureReferencePlant, RecoversTheTrueDynamics) {
    SampleOptions options;
    options.days = 90;
    options.seed = GetParam();
    const SampleScenario scenario = make_sample_scenario(options);
    const PlantRun run = simulate_plant(scenario.truth, scenario.inputs, scenario.seed);
    const Truth truth = truth_of(scenario.truth);

    const FurnaceTemperatureFit fit =
        timed_fit(("seed " + std::to_string(GetParam())).c_str(), table_from_run(run));
    std::printf("    truth: tau %.3f gain %.4f load %.4f ambient %.4f offset %.3f\n", truth.tau,
                truth.gain, truth.load, truth.ambient, truth.offset);
    EXPECT_TRUE(fit.output_error);
    EXPECT_DOUBLE_EQ(fit.step_min, 1.0);
    EXPECT_EQ(fit.running_label, "RUN");
    // The plant has one lag: the data must not ask for a second.
    EXPECT_EQ(fit.order, 1) << fit.order_reason;
    EXPECT_TRUE(fit.second_order.fitted) << fit.second_order.note;

    // Tolerances. The issue asks for tau within 10 %. The other bounds are about ten of
    // the reported standard errors (seeds 1-3: tau +-0.033 min, gain +-0.0005, load
    // +-0.009, ambient +-0.0015 with 1.5 degC thermocouple noise on ~100k training
    // minutes): wide enough for any seed and for the small bias the integer part counts
    // leave in the load, yet they fail by far for an estimator attenuated by the sensor
    // noise (the equation-error fit alone gives tau ~5 min, load ~-0.1, see below).
    EXPECT_NEAR(fit.model.tau_min, truth.tau, 0.10 * truth.tau);
    EXPECT_NEAR(fit.model.setpoint_gain, truth.gain, 0.005);
    EXPECT_NEAR(fit.model.load_sensitivity, truth.load, 0.05 * std::abs(truth.load));
    EXPECT_NEAR(fit.model.ambient_sensitivity, truth.ambient, 0.02);
    // The truth must lie within 4 reported standard errors: the uncertainty is honest.
    EXPECT_LT(std::abs(fit.model.tau_min - truth.tau), 4.0 * fit.parameter("tau").std_error + 1e-9);
    EXPECT_LT(std::abs(fit.model.setpoint_gain - truth.gain),
              4.0 * fit.parameter("setpoint_gain").std_error);

    // Free run over the last 20 %: the thermocouple noise alone (sd 1.5) sets the floor.
    EXPECT_GT(fit.test_free_run.n, 20000u);
    EXPECT_LT(fit.test_free_run.rmse, 2.0);
    EXPECT_GT(fit.test_free_run.r2, 0.95);
    EXPECT_LT(fit.test_one_step.rmse, 2.5);  // one step carries the noise of T[k] too

    ASSERT_EQ(fit.envelope.size(), 4u);
    EXPECT_EQ(fit.envelope[0].name, "setpoint");
    EXPECT_LE(fit.envelope[0].min, scenario.truth.maintenance_standby_setpoint_degC);
    EXPECT_DOUBLE_EQ(fit.envelope[1].min, 0.0);  // stops are in the data
}

INSTANTIATE_TEST_SUITE_P(FurnaceTemperatureSeeds, FurnaceTemperatureReferencePlant,
                         ::testing::Values(1u, 2u, 3u));

// Order selection on the reference plant, whose furnace has one lag: the first order is
// kept in (at least) 9 of 10 seeds, and when it is kept the fit is exactly the one
// without the second-order candidate (same parameters, errors and metrics, bit for bit).
// 30 days per seed keep the test short; the 90-day seeds above check the order too.
TEST(FurnaceTemperatureOrderSelection, ReferencePlantKeepsTheFirstOrder) {
    int first_order = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SampleOptions options;
        options.days = 30;
        options.seed = seed;
        const SampleScenario scenario = make_sample_scenario(options);
        const Table table =
            table_from_run(simulate_plant(scenario.truth, scenario.inputs, scenario.seed));
        const FurnaceTemperatureFit fit = fit_furnace_temperature(table);
        std::printf("[seed %llu, 30 days] order %d, tau2 candidate %.3f min: %s\n",
                    static_cast<unsigned long long>(seed), fit.order,
                    fit.second_order.model.tau2_min, fit.order_reason.c_str());
        const double tau = scenario.truth.furnace_tau_min;
        if (fit.order != 1) continue;
        ++first_order;
        EXPECT_NEAR(fit.model.tau_min, tau, 0.10 * tau);
        ASSERT_EQ(fit.parameters.size(), 5u);
        EXPECT_DOUBLE_EQ(fit.parameter("tau").estimate, fit.model.tau_min);
        if (seed > 2) continue;
        FurnaceFitOptions first_only;
        first_only.consider_second_order = false;
        const FurnaceTemperatureFit plain = fit_furnace_temperature(table, first_only);
        for (std::size_t i = 0; i < 5; ++i) {
            EXPECT_EQ(fit.parameters[i].estimate, plain.parameters[i].estimate);
            EXPECT_EQ(fit.parameters[i].std_error, plain.parameters[i].std_error);
        }
        EXPECT_EQ(fit.test_free_run.rmse, plain.test_free_run.rmse);
        EXPECT_EQ(fit.test_one_step.rmse, plain.test_one_step.rmse);
        EXPECT_EQ(fit.holdout.points.size(), plain.holdout.points.size());
    }
    EXPECT_GE(first_order, 9);
}

// The fit JSON of a first-order choice: the keys the simulator and reports read are the
// first-order model's, the order and its reasons are added beside them.
TEST(FurnaceTemperatureOrderSelection, FirstOrderJsonKeepsItsKeys) {
    SampleOptions options;
    options.days = 30;
    const SampleScenario scenario = make_sample_scenario(options);
    const Table table =
        table_from_run(simulate_plant(scenario.truth, scenario.inputs, scenario.seed));
    const FurnaceTemperatureFit fit = fit_furnace_temperature(table);
    ASSERT_EQ(fit.order, 1);
    const FitAllResult all = fit_all_models(table, "UTC");
    ASSERT_FALSE(all.models.empty());
    ASSERT_EQ(all.models[0].key, "temperature");
    const nlohmann::json& j = all.models[0].json;
    EXPECT_EQ(j.at("kind"), "first_order_grey_box");
    EXPECT_EQ(j.at("order"), 1);
    EXPECT_FALSE(j.contains("tau2_min"));
    ASSERT_EQ(j.at("terms").size(), 5u);
    for (std::size_t i = 0; i < 5; ++i)
        EXPECT_EQ(j.at("terms")[i].at("estimate").get<double>(), fit.parameters[i].estimate);
    ASSERT_EQ(j.at("covariance").size(), 5u);
    EXPECT_EQ(j.at("metrics").at("rmse").get<double>(), fit.test_free_run.rmse);
    const auto& sel = j.at("order_selection");
    EXPECT_EQ(sel.at("chosen"), 1);
    EXPECT_EQ(sel.at("reason"), fit.order_reason);
    ASSERT_EQ(sel.at("candidates").size(), 2u);
    EXPECT_EQ(sel.at("candidates")[1].at("order"), 2);
    EXPECT_EQ(sel.at("candidates")[1].at("terms").size(), 6u);
}

// Why the output-error refinement exists: regressing T[k+1] on the measured T[k] puts the
// thermocouple noise into a regressor and attenuates the decay a, so tau comes out about
// five times too short and the load sag nearly vanishes.
TEST(FurnaceTemperatureModel, EquationErrorAloneIsBiasedBySensorNoise) {
    SampleOptions options;
    options.days = 30;
    const SampleScenario scenario = make_sample_scenario(options);
    const Table table =
        table_from_run(simulate_plant(scenario.truth, scenario.inputs, scenario.seed));
    FurnaceFitOptions arx_only;
    arx_only.output_error_refinement = false;
    const FurnaceTemperatureFit arx = fit_furnace_temperature(table, arx_only);
    const FurnaceTemperatureFit full = fit_furnace_temperature(table);
    const double tau = scenario.truth.furnace_tau_min;
    EXPECT_FALSE(arx.output_error);
    EXPECT_FALSE(arx.warnings.empty());
    EXPECT_EQ(arx.order, 1);  // never a second order on the biased estimate alone
    EXPECT_FALSE(arx.second_order.fitted);
    EXPECT_LT(arx.model.tau_min, 0.5 * tau);
    EXPECT_NEAR(full.model.tau_min, tau, 0.10 * tau);
    EXPECT_LT(full.test_free_run.rmse, arx.test_free_run.rmse);
}

TEST(FurnaceTemperatureModel, SimulateFollowsTheFirstOrderStep) {
    FurnaceTemperatureModel m;
    m.step_min = 1.0;
    m.tau_min = 20.0;
    m.setpoint_gain = 1.0;
    FurnaceInputs in;
    in.setpoint_degC.assign(61, 200.0);
    in.load_parts_per_min.assign(61, 0.0);
    in.ambient_degC.assign(61, 20.0);
    const std::vector<double> t = m.simulate(100.0, in);
    ASSERT_EQ(t.size(), 61u);
    EXPECT_DOUBLE_EQ(t[0], 100.0);
    // After 60 min = 3 tau the step response has covered 1 - e^-3 of the way.
    EXPECT_NEAR(t[60], 200.0 - 100.0 * std::exp(-3.0), 1e-9);
    in.ambient_degC.pop_back();
    EXPECT_THROW(m.simulate(100.0, in), std::invalid_argument);
}

TEST(FurnaceTemperatureModel, MissingFurnaceRoleIsAModelError) {
    SampleOptions options;
    options.days = 2;
    const SampleScenario scenario = make_sample_scenario(options);
    Table table = table_from_run(simulate_plant(scenario.truth, scenario.inputs, scenario.seed));
    table.find("Furnace temperature")->role = Role::none;
    try {
        fit_furnace_temperature(table);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_EQ(e.code(), ExitCode::model_failure);
        EXPECT_NE(std::string(e.what()).find("--map furnace_temp=COLUMN"), std::string::npos)
            << e.what();
    }
}

TEST(FurnaceTemperatureModel, TooFewRowsIsAModelError) {
    SampleOptions options;
    options.days = 1;
    const SampleScenario scenario = make_sample_scenario(options);
    Table table = table_from_run(simulate_plant(scenario.truth, scenario.inputs, scenario.seed));
    // Keep 100 rows: 80 % of them are fewer than 100 training pairs.
    table.time_s.resize(100);
    for (auto& c : table.columns) {
        if (c.type == ColumnType::categorical)
            c.codes.resize(100);
        else
            c.values.resize(100);
    }
    EXPECT_THROW(fit_furnace_temperature(table), ModelError);
}

// The shipped export through the importer: gaps, a stuck stretch, spikes, dropouts and
// malformed lines. Robustness is what is tested here; the truth is the default plant.
TEST(FurnaceTemperatureSamplePlant, RecoversTheTruthThroughTheImporter) {
    const std::filesystem::path plant_dir =
        std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
    test::TempDir dir;
    Project project(dir / "plant.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
        if (entry.is_regular_file() && entry.path().filename().string().rfind("historian", 0) == 0)
            options.files.push_back(entry.path());
    std::sort(options.files.begin(), options.files.end());
    options.dataset = "plant";
    options.time_zone = "Europe/Berlin";
    import_files(project, options);
    const Table table = project.read_dataset(project.dataset("plant"));

    const FurnaceTemperatureFit fit = timed_fit("sample plant", table);
    const Truth truth = truth_of(default_truth());
    EXPECT_GT(fit.stuck_rows, 100u);  // the ~10 h frozen thermocouple
    EXPECT_NEAR(fit.model.tau_min, truth.tau, 0.10 * truth.tau);
    EXPECT_NEAR(fit.model.setpoint_gain, truth.gain, 0.005);
    EXPECT_NEAR(fit.model.load_sensitivity, truth.load, 0.05 * std::abs(truth.load));
    EXPECT_NEAR(fit.model.ambient_sensitivity, truth.ambient, 0.02);
    // Spikes of 40..120 degC remain in the hold-out measurements: a looser bound.
    EXPECT_LT(fit.test_free_run.rmse, 3.0);
}

}  // namespace
}  // namespace twinbench
