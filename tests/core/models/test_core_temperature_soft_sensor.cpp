// The core temperature soft sensor must track the TRUE core temperature of the reference
// plant (core/sample) from its measured signals and about one noisy manual check a day,
// with an honest uncertainty band, recover the part heating time constants per grade,
// and show that spacing the checks further apart costs accuracy.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "support/plant_run_table.h"
#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "data/text_decoding.h"
#include "data/timestamp_parser.h"
#include "models/core_temperature_soft_sensor.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::numeric_column;
using test::daily_checks;



// The historian with the batch list and manual checks aligned onto its rows, as the
// importer delivers them, straight from the simulation.
Table table_from_run(const SampleScenario& scenario, const PlantRun& run) {
    const std::size_t n = run.steps();
    Table t;
    t.name = "historian";
    t.time_s.resize(n);
    for (std::size_t i = 0; i < n; ++i) t.time_s[i] = static_cast<double>(run.time_utc(i));
    t.columns.push_back(numeric_column("Furnace temperature", Role::furnace_temp, run.furnace_measured_degC));
    t.columns.push_back(numeric_column("Line speed", Role::speed, run.speed_actual_m_per_min));
    t.columns.push_back(numeric_column("Ambient temperature", Role::ambient_temp, run.ambient_measured_degC));
    // The batch list: a grade only at the rows where a batch starts.
    Column material;
    material.name = material.header = "Material grade";
    material.type = ColumnType::categorical;
    material.role = Role::material;
    material.aligned_from = "batches";
    material.levels = {"A", "B", "C"};
    material.codes.assign(n, missing_code);
    for (std::size_t i = 0; i < n; ++i)
        if (i == 0 || scenario.inputs.grade[i] != scenario.inputs.grade[i - 1])
            material.codes[i] = scenario.inputs.grade[i];
    t.columns.push_back(std::move(material));
    Column checks = numeric_column("Core temperature", Role::core_temp_check,
                                   daily_checks(run, scenario.truth.manual_check_noise_sd_degC, scenario.seed));
    checks.aligned_from = "manual_checks";
    t.columns.push_back(std::move(checks));
    return t;
}

struct Scored {
    double rmse = 0.0;
    double coverage = 0.0;
    std::size_t n = 0;
};

Scored score(const CoreTemperatureSoftSensor& fit, const std::vector<double>& truth) {
    Scored s;
    double ss = 0.0;
    std::size_t covered = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (std::isnan(fit.estimate_degC[i])) continue;
        const double e = fit.estimate_degC[i] - truth[i];
        ss += e * e;
        covered += (truth[i] >= fit.lower_degC[i] && truth[i] <= fit.upper_degC[i]) ? 1 : 0;
        ++s.n;
    }
    s.rmse = std::sqrt(ss / static_cast<double>(s.n));
    s.coverage = static_cast<double>(covered) / static_cast<double>(s.n);
    return s;
}

class CoreTemperatureSoftSensorReferencePlant : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(CoreTemperatureSoftSensorReferencePlant, TracksTheTrueCoreTemperature) {
    SampleOptions options;
    options.days = 90;
    options.seed = GetParam();
    const SampleScenario scenario = make_sample_scenario(options);
    const PlantRun run = simulate_plant(scenario.truth, scenario.inputs, scenario.seed);
    const Table table = table_from_run(scenario, run);

    SoftSensorOptions sensor;
    sensor.furnace_length_m = scenario.truth.furnace_length_m;
    const auto start = std::chrono::steady_clock::now();
    const CoreTemperatureSoftSensor fit = fit_core_temperature_soft_sensor(table, sensor);
    const double fit_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Scored s = score(fit, run.core_true_degC);

    std::printf("[seed %llu] %zu checks, check sd %.2f, q %.2g degC^2/h, physics-only check RMSE %.2f, "
                "fit %.3f s\n",
                static_cast<unsigned long long>(GetParam()), fit.checks_used, fit.check_sd_degC,
                fit.bias_q_degC2_per_h, fit.physics_check_rmse_degC, fit_s);
    std::printf("    RMSE vs true core %.3f degC over %zu rows, 95%% band coverage %.3f\n", s.rmse, s.n, s.coverage);
    ASSERT_EQ(fit.grades.size(), 3u);
    for (std::size_t g = 0; g < 3; ++g) {
        const SoftSensorGrade& grade = fit.grades[g];
        const double truth = scenario.truth.grades[g].part_heating_tau_min;
        std::printf("    grade %s: %zu checks, tau %.3f +- %.3f min (true %.3f)%s\n", grade.label.c_str(),
                    grade.checks, grade.tau_min, grade.tau_std_error, truth, grade.pooled ? " pooled" : "");
        // Within 10 % and within 4 standard errors (plus a floor for the smoothing and
        // ambient details the per-check noise does not cover).
        EXPECT_NEAR(grade.tau_min, truth, 0.10 * truth) << grade.label;
        EXPECT_LT(std::abs(grade.tau_min - truth), 4.0 * grade.tau_std_error + 0.05) << grade.label;
    }
    // Bound: the checks' own noise is 2.5 degC; a core estimate from the continuous
    // signals plus ~90 checks must be far better than a single check. What is left is
    // the tau error (~0.03-0.06 min -> ~0.5 degC) and the smoothed thermocouple noise
    // (~0.45 degC); 1.5 degC leaves room for seeds and is still well below 2.5.
    EXPECT_LT(s.rmse, 1.5);
    // The band is a nominal 95 % per step, but its misses are not independent: a tau
    // error of one grade persists over the whole run, so one run's coverage scatters far
    // more than binomially (seeds 1-3: 0.91-0.98). "Roughly 90-99 %" with that slack.
    EXPECT_GT(s.coverage, 0.88);
    EXPECT_LT(s.coverage, 0.995);
    EXPECT_NEAR(fit.check_sd_degC, scenario.truth.manual_check_noise_sd_degC, 0.75);

    const auto curve_start = std::chrono::steady_clock::now();
    const CheckIntervalCurve curve = check_interval_curve(table, {24.0, 72.0, 168.0}, 5.0, sensor, run.core_true_degC);
    const double curve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - curve_start).count();
    ASSERT_EQ(curve.points.size(), 3u);
    for (const auto& p : curve.points) {
        std::printf("    every %5.0f h: %3zu checks, RMSE %.3f, p95 %.3f degC, band coverage %.3f, meets +-5: %d\n",
                    p.interval_h, p.checks_used, p.rmse_degC, p.p95_abs_error_degC, p.band_coverage,
                    p.meets_tolerance ? 1 : 0);
        for (const auto& w : p.warnings) std::printf("        %s\n", w.c_str());
    }
    std::printf("    curve %.3f s\n", curve_s);
    EXPECT_LT(curve.points[0].rmse_degC, curve.points[1].rmse_degC);
    EXPECT_LT(curve.points[1].rmse_degC, curve.points[2].rmse_degC);
    EXPECT_TRUE(curve.points[0].meets_tolerance);
}

INSTANTIATE_TEST_SUITE_P(CoreTemperatureSeeds, CoreTemperatureSoftSensorReferencePlant, ::testing::Values(1u, 2u, 3u));

TEST(CoreTemperatureSoftSensor, HeldOutChecksAreTheReferenceWithoutTruth) {
    SampleOptions options;
    options.days = 30;
    const SampleScenario scenario = make_sample_scenario(options);
    const PlantRun run = simulate_plant(scenario.truth, scenario.inputs, scenario.seed);
    const Table table = table_from_run(scenario, run);
    const CheckIntervalCurve curve = check_interval_curve(table, {72.0}, 5.0);
    ASSERT_EQ(curve.points.size(), 1u);
    EXPECT_EQ(curve.reference, "held-out checks");
    EXPECT_GT(curve.points[0].reference_points, 10u);
    // The held-out errors contain the check noise (2.5 degC), so they cannot be tiny.
    EXPECT_GT(curve.points[0].rmse_degC, 1.5);
    EXPECT_LT(curve.points[0].rmse_degC, 5.0);
}

TEST(CoreTemperatureSoftSensor, WithoutFurnaceLengthOnlyTheRatioIsReported) {
    SampleOptions options;
    options.days = 30;
    const SampleScenario scenario = make_sample_scenario(options);
    const PlantRun run = simulate_plant(scenario.truth, scenario.inputs, scenario.seed);
    const CoreTemperatureSoftSensor fit = fit_core_temperature_soft_sensor(table_from_run(scenario, run));
    ASSERT_FALSE(fit.grades.empty());
    EXPECT_TRUE(std::isnan(fit.grades[0].tau_min));
    const double truth = scenario.truth.grades[0].part_heating_tau_min / scenario.truth.furnace_length_m;
    EXPECT_NEAR(fit.grades[0].theta_min_per_m, truth, 0.1 * truth);
}

TEST(CoreTemperatureSoftSensor, NamesTheMissingRole) {
    SampleOptions options;
    options.days = 10;
    const SampleScenario scenario = make_sample_scenario(options);
    const PlantRun run = simulate_plant(scenario.truth, scenario.inputs, scenario.seed);
    Table table = table_from_run(scenario, run);
    Table no_speed = table;
    no_speed.find("Line speed")->role = Role::none;
    try {
        fit_core_temperature_soft_sensor(no_speed);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("speed"), std::string::npos) << e.what();
    }
    // Only four checks left: too few to fit tau.
    Column* checks = table.find("Core temperature");
    std::size_t kept = 0;
    for (double& v : checks->values)
        if (!std::isnan(v) && ++kept > 4) v = std::numeric_limits<double>::quiet_NaN();
    try {
        fit_core_temperature_soft_sensor(table);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("core_temp_check"), std::string::npos) << e.what();
    }
}

// The shipped sample plant, imported as a user would (planted gaps, stuck thermocouple,
// DST, the batch list and manual checks as separate files), scored against the hidden
// true core temperature in truth/truth_series.csv.gz.
TEST(CoreTemperatureSoftSensor, ShippedSamplePlantThroughTheImporter) {
    const std::filesystem::path plant_dir = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
    test::TempDir dir;
    Project project(dir / "plant.twin", Project::Mode::create_if_missing);
    ImportOptions import;
    for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".gz") import.files.push_back(entry.path());
    std::sort(import.files.begin(), import.files.end());
    import.dataset = "plant";
    import.time_zone = "Europe/Berlin";
    import_files(project, import);
    const Table table = project.read_dataset(project.dataset("plant"));

    std::ifstream in(plant_dir / "truth" / "truth.json");
    const SampleScenario scenario = sample_scenario_from_truth_json(nlohmann::json::parse(in));

    // Time (UTC), furnace true, core true, ...
    std::unordered_map<long long, double> core_true;
    std::istringstream lines(read_text_file(plant_dir / "truth" / "truth_series.csv.gz").text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        const auto c1 = line.find(',');
        const auto c2 = line.find(',', c1 + 1);
        const auto c3 = line.find(',', c2 + 1);
        const auto t = parse_timestamp(line.substr(0, c1), TimestampFormat::iso8601);
        ASSERT_TRUE(t.has_value()) << line;
        core_true[std::llround(t->seconds)] = std::stod(line.substr(c2 + 1, c3 - c2 - 1));
    }
    std::vector<double> reference(table.row_count(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < table.row_count(); ++i) {
        const auto it = core_true.find(std::llround(table.time_s[i]));
        if (it != core_true.end()) reference[i] = it->second;
    }

    SoftSensorOptions sensor;
    sensor.furnace_length_m = scenario.truth.furnace_length_m;
    const auto start = std::chrono::steady_clock::now();
    const CoreTemperatureSoftSensor fit = fit_core_temperature_soft_sensor(table, sensor);
    const double fit_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Scored s = score(fit, reference);
    std::printf("[sample plant] %zu checks (material '%s'), check sd %.2f, q %.2g, stuck rows %zu, fit %.3f s\n",
                fit.checks_used, fit.material_column.c_str(), fit.check_sd_degC, fit.bias_q_degC2_per_h,
                fit.stuck_rows, fit_s);
    std::printf("    RMSE vs true core %.3f degC over %zu rows, 95%% band coverage %.3f\n", s.rmse, s.n, s.coverage);
    for (const auto& g : fit.grades) {
        const int grade = g.label.size() == 1 ? material_grade_from_letter(g.label[0]) : -1;
        const double truth = grade >= 0 ? scenario.truth.grades[static_cast<std::size_t>(grade)].part_heating_tau_min
                                         : std::numeric_limits<double>::quiet_NaN();
        std::printf("    grade %s: %zu checks, tau %.3f +- %.3f min (true %.3f)\n", g.label.c_str(), g.checks,
                    g.tau_min, g.tau_std_error, truth);
        ASSERT_GE(grade, 0) << "the material role should hold the grade letters";
        EXPECT_NEAR(g.tau_min, truth, 0.10 * truth) << g.label;
    }
    EXPECT_LT(s.rmse, 1.5);
    EXPECT_GT(s.coverage, 0.88);

    const CheckIntervalCurve curve = check_interval_curve(table, {24.0, 72.0, 168.0}, 5.0, sensor, reference);
    for (const auto& p : curve.points)
        std::printf("    every %5.0f h: %3zu checks, RMSE %.3f, p95 %.3f degC, band coverage %.3f\n", p.interval_h,
                    p.checks_used, p.rmse_degC, p.p95_abs_error_degC, p.band_coverage);
    const CheckIntervalCurve held_out = check_interval_curve(table, {24.0, 72.0, 168.0}, 5.0, sensor);
    for (const auto& p : held_out.points)
        std::printf("    held-out, every %5.0f h: %3zu checks, %3zu held out, RMSE %.3f, p95 %.3f degC\n",
                    p.interval_h, p.checks_used, p.reference_points, p.rmse_degC, p.p95_abs_error_degC);
    ASSERT_EQ(curve.points.size(), 3u);
    EXPECT_LT(curve.points[0].rmse_degC, curve.points[2].rmse_degC);
    // Without the truth, the table scores the estimate against the held-out checks, whose
    // own noise (about 2.5 degC) is not the estimate's error: daily checks keep the
    // estimate within +-5 degC there as against the true core temperature.
    ASSERT_EQ(held_out.points.size(), 3u);
}

// Without the truth the check-interval table scores the estimate against the held-out
// checks, whose own noise (2.5 degC) is not the estimate's error. On the exported plant of
// seed 21 the daily checks scored "no" (RMSE 3.3 degC, p95 6.3 degC against the checks)
// while the estimate is within about 1 degC of the true core temperature: with the check
// noise taken out, the table's verdict is the truth's.
TEST(CoreTemperatureSoftSensor, CheckIntervalScoresTheEstimateNotTheCheckNoise) {
    test::TempDir dir;
    SampleOptions options;
    options.seed = 21;
    write_sample_plant(dir / "export", options);
    Project project(dir / "plant.twin", Project::Mode::create_if_missing);
    ImportOptions import;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "export"))
        if (entry.is_regular_file()) import.files.push_back(entry.path());
    std::sort(import.files.begin(), import.files.end());
    import.dataset = "plant";
    import.time_zone = options.time_zone;
    import_files(project, import);
    const Table table = project.read_dataset(project.dataset("plant"));
    // The true core temperature (third column of truth_series.csv) per table row.
    std::unordered_map<long long, double> core_true;
    std::istringstream lines(read_text_file(dir / "export" / "truth" / "truth_series.csv").text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
        const auto t = parse_timestamp(line.substr(0, c1), TimestampFormat::iso8601);
        ASSERT_TRUE(t.has_value()) << line;
        core_true[std::llround(t->seconds)] = std::stod(line.substr(c2 + 1, c3 - c2 - 1));
    }
    std::vector<double> reference(table.row_count(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < table.row_count(); ++i)
        if (const auto it = core_true.find(std::llround(table.time_s[i])); it != core_true.end())
            reference[i] = it->second;

    const CheckIntervalCurve truth = check_interval_curve(table, {24.0}, 5.0, {}, reference);
    const CheckIntervalCurve held_out = check_interval_curve(table, {24.0}, 5.0);
    ASSERT_EQ(truth.points.size(), 1u);
    ASSERT_EQ(held_out.points.size(), 1u);
    const auto& t = truth.points[0];
    const auto& h = held_out.points[0];
    std::printf("    daily: vs truth RMSE %.3f p95 %.3f; vs %zu held-out checks RMSE %.3f p95 %.3f, "
                "estimate (noise sd %.2f out) RMSE %.3f p95 %.3f\n",
                t.rmse_degC, t.p95_abs_error_degC, h.reference_points, h.rmse_degC, h.p95_abs_error_degC,
                h.check_sd_degC, h.estimate_rmse_degC, h.estimate_p95_abs_error_degC);
    EXPECT_TRUE(t.meets_tolerance);
    EXPECT_TRUE(h.meets_tolerance) << "held-out p95 " << h.p95_abs_error_degC << " degC";
    // What is taken out is the checks' noise the fit estimates (truth: 2.5 degC).
    EXPECT_NEAR(h.check_sd_degC, 2.5, 0.75);
    EXPECT_LT(h.estimate_rmse_degC, h.rmse_degC);
    // Against the truth nothing is taken out.
    EXPECT_EQ(t.estimate_rmse_degC, t.rmse_degC);
    EXPECT_EQ(t.check_sd_degC, 0.0);
}

}  // namespace
}  // namespace twinbench
