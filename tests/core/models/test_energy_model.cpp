// Energy model (issue 4, model 3): recovers the reference plant's true energy
// coefficients, fits the Steel Industry data with the metering-only fallback, and fails
// with exit code 4 naming the role to map.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "full_plant_table.h"
#include "models/core_temperature_soft_sensor.h"
#include "models/energy_model.h"
#include "models/model_fitting.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

Column numeric(const std::string& name, Role role, std::vector<double> values) {
    Column c;
    c.name = name;
    c.header = name;
    c.role = role;
    c.values = std::move(values);
    return c;
}

// The historian as a plant would log it: measured signals only, 1-minute rows.
Table plant_table(const PlantRun& run) {
    Table t;
    t.name = "historian";
    const std::size_t n = run.steps();
    std::vector<double> produced(n);
    for (std::size_t i = 0; i < n; ++i) {
        t.time_s.push_back(static_cast<double>(run.time_utc(i)));
        produced[i] = run.produced[i];
    }
    t.columns.push_back(numeric("Energy", Role::energy, run.energy_measured_kwh));
    t.columns.push_back(numeric("Produced", Role::produced, produced));
    t.columns.push_back(numeric("Furnace", Role::furnace_temp, run.furnace_measured_degC));
    t.columns.push_back(numeric("Ambient", Role::ambient_temp, run.ambient_measured_degC));
    Column state;
    state.name = "State";
    state.type = ColumnType::categorical;
    state.role = Role::state;
    state.levels = {"MAINT", "RUN", "STOP"};
    for (const auto s : run.state) {
        state.codes.push_back(s == LineState::maintenance ? 0 : s == LineState::running ? 1 : 2);
    }
    t.columns.push_back(std::move(state));
    return t;
}

TEST(EnergyModel, RecoversReferencePlantTruthOverThreeSeeds) {
    for (const std::uint64_t seed : {1u, 7u, 42u}) {
        SampleOptions opt;
        opt.days = 90;
        opt.seed = seed;
        const SampleScenario sc = make_sample_scenario(opt);
        const PlantRun run = simulate_plant(sc.truth, sc.inputs, sc.seed);
        Table table = plant_table(run);
        // Sensor dropouts: every 97th furnace reading missing, rows must be skipped.
        auto& furnace = table.find("Furnace")->values;
        for (std::size_t i = 0; i < furnace.size(); i += 97) furnace[i] = std::nan("");

        const EnergyFit fit = fit_energy_model(table);
        ASSERT_EQ(fit.model.encoding.form, EnergyForm::physics);

        // Like with like. The truth heats a part by (T_core - T_ambient) where the model
        // can only use the measurable (T_furnace - T_ambient); the core/furnace ratio falls
        // with line speed, so the model's best parts coefficient is the projection of the
        // true energy onto the model's own terms, built from the TRUE signals (true
        // energy, true furnace and ambient): that is the reference for parts and base
        // running, while the loss and idle base loads are compared with the truth itself.
        Table truth_table = plant_table(run);
        truth_table.find("Energy")->values = run.energy_kwh;
        truth_table.find("Furnace")->values = run.furnace_true_degC;
        truth_table.find("Ambient")->values = sc.inputs.ambient_degC;
        const EnergyFit ref = fit_energy_model(truth_table);
        double parts_kwh = 0.0;
        double regressor = 0.0;
        for (std::size_t i = 0; i < run.steps(); ++i) {
            parts_kwh += run.energy_parts_kwh[i];
            regressor += run.produced[i] * (run.furnace_true_degC[i] - sc.inputs.ambient_degC[i]);
        }
        const double mean_parts = parts_kwh / regressor;  // average heat per part per K
        const auto& t = sc.truth;
        const auto& parts = fit.model.term("parts");
        const auto& loss = fit.model.term("loss");
        const double ref_parts = ref.model.term("parts").estimate;
        const double ref_run = ref.model.term("base[RUN]").estimate;
        std::printf("seed %llu: parts %.4e +- %.1e kWh/(part K) (projection %.4e, mean %.4e; c_part %.2f kJ/K), "
                    "loss %.4f +- %.4f (true %.4f) kW/K, base RUN %.3f (projection %.3f, true %.1f) "
                    "STOP %.3f (%.1f) MAINT %.3f (%.1f) kW, hold-out R2 %.4f RMSE %.4f kWh/h\n",
                    static_cast<unsigned long long>(seed), parts.estimate, parts.std_error, ref_parts, mean_parts,
                    t.part_heat_capacity_kJ_per_K, loss.estimate, loss.std_error, t.furnace_loss_kW_per_K,
                    fit.model.term("base[RUN]").estimate, ref_run, t.base_load_running_kW,
                    fit.model.term("base[STOP]").estimate, t.base_load_stopped_kW, fit.model.term("base[MAINT]").estimate,
                    t.base_load_maintenance_kW, fit.test.r2, fit.test.rmse);

        // Tolerances: hourly windows leave ~1 % meter noise and a part-count carry of at
        // most one part per window, so measured-signal and true-signal fits agree to well
        // under 1 %; 3 % covers the thermocouple-noise attenuation. The loss coefficient
        // is physical (the parts term does not leak into it): 3 % of the truth. Idle base
        // loads rest on a few hundred hours each, partly collinear with the loss at
        // standby temperature: 15 % (seed 7 gives 4.46 kW stopped). The projection itself
        // stays within 25 % of the average part heat (the speed effect above).
        EXPECT_NEAR(parts.estimate, ref_parts, 0.03 * ref_parts) << seed;
        EXPECT_NEAR(fit.model.term("base[RUN]").estimate, ref_run, 0.03 * ref_run) << seed;
        EXPECT_NEAR(ref_parts, mean_parts, 0.25 * mean_parts) << seed;
        EXPECT_NEAR(loss.estimate, t.furnace_loss_kW_per_K, 0.03 * t.furnace_loss_kW_per_K) << seed;
        EXPECT_NEAR(fit.model.term("base[STOP]").estimate, t.base_load_stopped_kW, 0.15 * t.base_load_stopped_kW);
        EXPECT_NEAR(fit.model.term("base[MAINT]").estimate, t.base_load_maintenance_kW,
                    0.15 * t.base_load_maintenance_kW);
        EXPECT_GT(parts.std_error, 0.0);
        EXPECT_GT(fit.test.r2, 0.95);
        EXPECT_LT(fit.usable_rows, fit.rows);  // the dropouts were skipped
        ASSERT_EQ(fit.envelope.size(), 4u);
        EXPECT_EQ(fit.envelope[1].name, "furnace_temp");
        EXPECT_LT(fit.envelope[1].min, fit.envelope[1].max);

        const auto pred = fit.model.predict(table);
        EXPECT_TRUE(std::isnan(pred[0]));  // furnace missing in row 0
        EXPECT_NEAR(pred[1], run.energy_kwh[1], 0.05 * run.energy_kwh[1] + 0.02);
    }
}

// With the soft sensor's core temperature in the parts term the model has the
// generator's own form (reference_plant.cpp step_energy: c_part * parts * (T_core -
// T_ambient)), so its coefficients are the plant's physical constants themselves.
TEST(EnergyModel, CoreTemperaturePartsTermRecoversThePhysicalConstants) {
    for (const std::uint64_t seed : {1u, 7u, 42u}) {
        const auto c = test::full_plant_case(seed, 90);
        const auto sensor = fit_core_temperature_soft_sensor(c.table);
        EnergyFitOptions options;
        options.core_temperature_degC = sensor.estimate_degC;
        const EnergyFit fit = fit_energy_model(c.table, options);
        ASSERT_TRUE(fit.model.encoding.parts_use_core);
        const auto& t = c.scenario.truth;
        const double heat_capacity = fit.model.term("parts").estimate * 3600.0;
        const double heat_capacity_se = fit.model.term("parts").std_error * 3600.0;
        const double run = fit.model.term("base[RUN]").estimate;
        const double loss = fit.model.term("loss").estimate;
        std::printf(
            "seed %llu, core from the soft sensor: part heat capacity %.3f +- %.3f kJ/K (true "
            "%.2f), base RUN "
            "%.2f kW (true %.1f), loss %.4f kW/K (true %.2f), hold-out R2 %.4f\n",
            static_cast<unsigned long long>(seed), heat_capacity, heat_capacity_se,
            t.part_heat_capacity_kJ_per_K, run, t.base_load_running_kW, loss,
            t.furnace_loss_kW_per_K, fit.test.r2);
        // Tolerances: the soft sensor's core error (~1 degC RMSE on ~150 K of core over
        // ambient) and the 1 % meter noise leave the heat capacity within 3 %; base RUN
        // shares the running hours with the parts term (a 3 % error in c_part moves it by
        // ~0.5 kW): 5 %; the loss is physical and well separated: 3 %.
        EXPECT_NEAR(heat_capacity, t.part_heat_capacity_kJ_per_K,
                    0.03 * t.part_heat_capacity_kJ_per_K)
            << seed;
        EXPECT_NEAR(run, t.base_load_running_kW, 0.05 * t.base_load_running_kW) << seed;
        EXPECT_NEAR(loss, t.furnace_loss_kW_per_K, 0.03 * t.furnace_loss_kW_per_K) << seed;
        ASSERT_EQ(fit.envelope.size(), 5u);
        EXPECT_EQ(fit.envelope[4].name, "core_over_ambient");

        // Prediction needs the core series of the rows it predicts.
        EXPECT_THROW(fit.model.predict(c.table), std::invalid_argument);
        const auto pred = fit.model.predict(c.table, sensor.estimate_degC);
        double sum_pred = 0.0, sum_true = 0.0;
        for (std::size_t i = 0; i < pred.size(); ++i)
            if (!std::isnan(pred[i])) {
                sum_pred += pred[i];
                sum_true += c.run.energy_kwh[i];
            }
        EXPECT_NEAR(sum_pred / sum_true, 1.0, 0.01) << seed;
    }
}

// fit_all_models records which temperature the parts term used: the core where the
// manual checks let the soft sensor run; without checks the core temperature's physics
// with heating constants per grade fitted to the energy (against the true constants
// tau / furnace length); the furnace temperature where not even that can be computed.
TEST(EnergyModel, FitJsonNamesThePartsTemperature) {
    auto c = test::full_plant_case(3, 30);
    const PlantTruth& truth = c.scenario.truth;
    auto with_core = fit_all_models(c.table, "Europe/Berlin").to_json();
    EXPECT_EQ(with_core["models"]["energy"]["parts_temperature"], "core");
    EXPECT_NEAR(with_core["models"]["energy"]["terms"][0]["estimate"].get<double>() * 3600.0,
                truth.part_heat_capacity_kJ_per_K, 0.05 * truth.part_heat_capacity_kJ_per_K);

    c.table.find("Core temperature")->role = Role::none;
    auto without = fit_all_models(c.table, "Europe/Berlin").to_json();
    const auto& energy = without["models"]["energy"];
    ASSERT_EQ(energy["parts_temperature"], "core_physics") << energy["warnings"].dump();
    EXPECT_NE(energy["warnings"].dump().find("heating constant"), std::string::npos);
    // Measured: heat capacity 9 % low, constants 12-15 % short of the truth (30 days).
    EXPECT_NEAR(energy["terms"][0]["estimate"].get<double>() * 3600.0, truth.part_heat_capacity_kJ_per_K,
                0.15 * truth.part_heat_capacity_kJ_per_K);
    const auto& by_grade = energy["core_physics"]["theta_by_grade_min_per_m"];
    const char* grades[] = {"A", "B", "C"};
    for (std::size_t g = 0; g < 3; ++g) {
        const double true_theta = truth.grades[g].part_heating_tau_min / truth.furnace_length_m;
        ASSERT_TRUE(by_grade.contains(grades[g])) << by_grade.dump();
        EXPECT_NEAR(by_grade[grades[g]].get<double>(), true_theta, 0.25 * true_theta) << grades[g];
        if (g > 0) {
            EXPECT_GT(by_grade[grades[g]].get<double>(), by_grade[grades[g - 1]].get<double>());
        }
    }

    for (auto& column : c.table.columns)
        if (column.role == Role::speed) column.role = Role::none;
    auto no_speed = fit_all_models(c.table, "Europe/Berlin").to_json();
    EXPECT_EQ(no_speed["models"]["energy"]["parts_temperature"], "furnace");
    EXPECT_NE(no_speed["models"]["energy"]["warnings"].dump().find("furnace temperature"), std::string::npos);
    for (const char* key : {"covariance", "step_h", "window_s", "state_column", "diagnostics"})
        EXPECT_TRUE(no_speed["models"]["energy"].contains(key)) << key;
}

TEST(EnergyModel, SteelIndustryDataProfileFallback) {
    test::TempDir dir;
    Project project(dir / "steel.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "steel_energy" / "Steel_industry_data.csv.gz"};
    options.dataset = "steel";
    options.time_zone = "Asia/Seoul";
    import_files(project, options);
    const Table table = project.read_dataset(project.dataset("steel"));

    EnergyFitOptions fo;
    fo.time_zone = "Asia/Seoul";
    const Column* load_type = table.find("Load_Type");
    ASSERT_NE(load_type, nullptr);
    if (load_type->role != Role::state && load_type->role != Role::material) fo.categorical_columns = {"Load_Type"};
    const EnergyFit fit = fit_energy_model(table, fo);
    EXPECT_EQ(fit.model.encoding.form, EnergyForm::profile);
    EXPECT_EQ(fit.model.encoding.step_h, 0.25);
    std::printf("steel: %zu rows, train %zu, test %zu; hold-out RMSE %.3f kWh, MAE %.3f kWh, R2 %.4f "
                "(train R2 %.4f)\n",
                fit.usable_rows, fit.train_n, fit.test_n, fit.test.rmse, fit.test.mae, fit.test.r2, fit.train.r2);
    for (const auto& t : fit.model.terms)
        if (t.name == "base" || t.name.rfind("Load_Type", 0) == 0 || t.name == "weekend")
            std::printf("  %-28s %9.3f +- %.3f %s\n", t.name.c_str(), t.estimate, t.std_error, t.unit.c_str());
    EXPECT_TRUE(std::isfinite(fit.test.rmse));
    EXPECT_TRUE(std::isfinite(fit.test.mae));
    EXPECT_TRUE(std::isfinite(fit.test.r2));
    // Load type, hour and weekend explain most of the 15-minute usage; the rest is which
    // jobs run (not in the data). Measured 0.552 on the Oct-Dec hold-out (train 0.571,
    // so no overfitting); 0.5 guards against a regression without flaking.
    EXPECT_GT(fit.test.r2, 0.5);
    EXPECT_EQ(fit.test_n, 35040u - 28032u);
}

TEST(EnergyModel, MissingEnergyRoleIsModelErrorNamingTheRole) {
    Table t;
    for (int i = 0; i < 100; ++i) t.time_s.push_back(60.0 * i);
    t.columns.push_back(numeric("Furnace", Role::furnace_temp, std::vector<double>(100, 180.0)));
    try {
        fit_energy_model(t);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_EQ(e.code(), ExitCode::model_failure);
        EXPECT_NE(std::string(e.what()).find("energy"), std::string::npos);
    }
}

TEST(EnergyModel, MissingAmbientAndTooFewRowsAreModelErrors) {
    Table t;
    for (int i = 0; i < 30; ++i) t.time_s.push_back(60.0 * i);
    t.columns.push_back(numeric("E", Role::energy, std::vector<double>(30, 1.0)));
    t.columns.push_back(numeric("Furnace", Role::furnace_temp, std::vector<double>(30, 180.0)));
    try {
        fit_energy_model(t);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("ambient_temp"), std::string::npos) << e.what();
    }
    t.columns.pop_back();
    EXPECT_THROW(fit_energy_model(t), ModelError);  // profile form, 30 < 50 rows
}

}  // namespace
}  // namespace twinbench
