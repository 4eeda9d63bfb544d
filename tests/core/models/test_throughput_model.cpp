// Throughput and availability model (issue 4, model 4) against the reference plant:
// 90-day runs of the true plant for three seeds, laid out as the historian exports
// them (speed 2 decimals, wear 3 decimals, states RUN/STOP/MAINT), must give back the
// part pitch, the wear law, the wear limit and the maintenance duration of truth, and
// predict the run's availability.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "models/throughput_model.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

double rounded(double v, double decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

Column numeric(const std::string& name, const std::string& unit, Role role) {
    Column c;
    c.name = name;
    c.header = name + " [" + unit + "]";
    c.unit = unit;
    c.role = role;
    return c;
}

Table throughput_table_from_run(const PlantRun& run) {
    Table t;
    t.name = "historian";
    Column speed = numeric("Line speed", "m/min", Role::speed);
    Column produced = numeric("Parts produced", "count", Role::produced);
    Column wear = numeric("Conveyor wear", "%", Role::factor);
    Column state;
    state.name = state.header = "Line state";
    state.type = ColumnType::categorical;
    state.role = Role::state;
    state.levels = {"RUN", "STOP", "MAINT"};
    for (std::size_t i = 0; i < run.steps(); ++i) {
        t.time_s.push_back(static_cast<double>(run.time_utc(i)));
        speed.values.push_back(rounded(run.speed_actual_m_per_min[i], 2));
        produced.values.push_back(run.produced[i]);
        wear.values.push_back(rounded(run.wear_pct[i], 3));
        state.codes.push_back(static_cast<std::int32_t>(run.state[i]));
    }
    t.columns = {std::move(speed), std::move(produced), std::move(state), std::move(wear)};
    return t;
}

struct SeedCase {
    SampleScenario scenario;
    PlantRun run;
    Table table;
};

SeedCase simulate_seed(std::uint64_t seed) {
    SampleOptions options;
    options.days = 90;
    options.seed = seed;
    SeedCase c{make_sample_scenario(options), {}, {}};
    c.run = simulate_plant(c.scenario.truth, c.scenario.inputs, c.scenario.seed);
    c.table = throughput_table_from_run(c.run);
    return c;
}

// Tolerances, and why:
// - pitch 0.2 %: the part counters carry fractions, so produced sums are exact up to one
//   part per running stretch (a few hundred parts in ~400,000).
// - alpha 0.1 and w0 3 %: wear has no noise, only 3-decimal rounding; with ~1.5 % per
//   minute increments per bin over thousands of minutes the bin rates are exact to
//   well under 1 %, but the speeds only span 1.6..2.4 m/min (a factor 1.5), so a 0.5 %
//   rate error at the ends moves alpha by ~0.03.
// - wear limit 0.5 %: the first maintenance row carries the wear that crossed the limit,
//   overshooting by at most one minute's wear (~0.02 %).
// - maintenance duration 2 %: cleaning + warm-up is a fixed number of whole steps.
// - availability 0.01 absolute: the 90-day run holds ~15 maintenance cycles; the partial
//   cycles at the ends (up to 240 min of ~130,000) and the Poisson spread of ~120 stops
//   (+-10 % of ~2 % stop time) give about 0.3 %, plus the curvature of the wear law over
//   the speed mix, which the prediction at the median speed ignores.
constexpr double pitch_rel_tol = 0.002;
constexpr double alpha_tol = 0.1;
constexpr double w0_rel_tol = 0.03;
constexpr double limit_rel_tol = 0.005;
constexpr double maintenance_rel_tol = 0.02;
constexpr double availability_tol = 0.01;
// - hold-out availability 0.02: the last 18 days hold only ~3.6 maintenance cycles, so one
//   maintenance more or less moves the actual share by ~0.9 %, and the heavy-tailed stop
//   lengths (log-normal, up to 3 h) move the stop time by ~0.5 %.
constexpr double holdout_availability_tol = 0.02;

TEST(ThroughputModel, RecoversTheReferencePlantForThreeSeeds) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        const SeedCase c = simulate_seed(seed);
        const PlantTruth& truth = c.scenario.truth;
        ThroughputFitOptions options;
        options.speed_ref_m_per_min = truth.speed_ref_m_per_min;
        const ThroughputFit fit = fit_throughput_model(c.table, options);
        const ThroughputModel& m = fit.model;

        EXPECT_EQ(fit.running_label, "RUN");
        EXPECT_EQ(fit.maintenance_label, "MAINT");
        EXPECT_EQ(fit.wear_column, "Conveyor wear");
        ASSERT_TRUE(m.has_wear);
        EXPECT_NEAR(m.pitch_m, truth.part_pitch_m, pitch_rel_tol * truth.part_pitch_m);
        EXPECT_NEAR(m.wear_alpha, truth.wear_speed_exponent, alpha_tol);
        EXPECT_NEAR(m.wear_w0_pct_per_min, truth.wear_rate_ref_pct_per_min, w0_rel_tol * truth.wear_rate_ref_pct_per_min);
        EXPECT_NEAR(m.wear_limit_pct, truth.wear_limit_pct, limit_rel_tol * truth.wear_limit_pct);
        const double maintenance_true = truth.maintenance_cleaning_min + truth.maintenance_warmup_min;
        EXPECT_NEAR(m.maintenance_min, maintenance_true, maintenance_rel_tol * maintenance_true);
        EXPECT_GT(m.pitch_se_m, 0.0);
        EXPECT_GT(m.wear_alpha_se, 0.0);

        const PlantKpis kpis = summarize_run(truth, c.scenario.inputs, c.run);
        const double predicted = m.availability_at(fit.speed_median);
        EXPECT_NEAR(predicted, kpis.availability, availability_tol);
        EXPECT_NEAR(fit.availability_predicted_test, fit.availability_actual_test, holdout_availability_tol);
        EXPECT_GT(fit.test.n, 400u);
        EXPECT_GT(fit.test.r2, 0.95);
        EXPECT_NEAR(m.throughput_per_h(fit.speed_median), 60.0 * fit.speed_median / m.pitch_m * predicted, 1e-9);

        std::printf("seed %llu: pitch %.5f+-%.5f (true %.3f) w0 %.5f+-%.5f (true %.4f) alpha %.3f+-%.3f (true %.2f) "
                    "limit %.3f+-%.3f (true %.0f) maint %.1f min (n %zu, true %.0f) stops %.3f/h mean %.1f min f %.4f\n"
                    "  availability at median %.2f m/min: predicted %.4f, true run %.4f; hold-out: parts/h rmse %.2f "
                    "mae %.2f r2 %.4f (n %zu), availability predicted %.4f actual %.4f\n",
                    static_cast<unsigned long long>(seed), m.pitch_m, m.pitch_se_m, truth.part_pitch_m,
                    m.wear_w0_pct_per_min, m.wear_w0_se, truth.wear_rate_ref_pct_per_min, m.wear_alpha,
                    m.wear_alpha_se, truth.wear_speed_exponent, m.wear_limit_pct, m.wear_limit_se,
                    truth.wear_limit_pct, m.maintenance_min, m.maintenance_count, maintenance_true, m.stops_per_h,
                    m.stop_mean_min, m.stop_fraction, fit.speed_median, predicted, kpis.availability, fit.test.rmse,
                    fit.test.mae, fit.test.r2, fit.test.n, fit.availability_predicted_test,
                    fit.availability_actual_test);
    }
}

TEST(ThroughputModel, AvailabilityFallsWithSpeed) {
    const SeedCase c = simulate_seed(1);
    const ThroughputFit fit = fit_throughput_model(c.table);
    const ThroughputModel& m = fit.model;
    EXPECT_GT(m.availability_at(1.6), m.availability_at(2.0));
    EXPECT_GT(m.availability_at(2.0), m.availability_at(2.4));
    // Faster still pays: the wear law's exponent is far below the point where running
    // faster loses more to maintenance than it gains per hour.
    EXPECT_GT(m.throughput_per_h(2.4), m.throughput_per_h(2.0));
    EXPECT_DOUBLE_EQ(m.availability_at(0.0), 1.0 - m.stop_fraction);
    EXPECT_EQ(m.throughput_per_h(0.0), 0.0);
    EXPECT_FALSE(m.terms().empty());
    EXPECT_EQ(m.terms().front().name, "pitch");
}

TEST(ThroughputModel, MaintenanceFromLongStopsWithoutALabel) {
    SeedCase c = simulate_seed(2);
    // A plant whose state knows only running and stopped: maintenance is a long stop.
    Column* state = c.table.find("Line state");
    state->levels = {"RUN", "STOP", "HALT"};
    const ThroughputFit fit = fit_throughput_model(c.table);
    EXPECT_EQ(fit.maintenance_source, MaintenanceSource::long_stops);
    EXPECT_NEAR(fit.model.maintenance_min, 240.0, 0.02 * 240.0);
    EXPECT_NEAR(fit.model.wear_limit_pct, 100.0, 0.5);
}

TEST(ThroughputModel, MissingRolesNameWhatToMap) {
    SeedCase c = simulate_seed(3);
    Table no_state = c.table;
    no_state.find("Line state")->role = Role::none;
    try {
        fit_throughput_model(no_state);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_EQ(e.code(), ExitCode::model_failure);
        EXPECT_NE(std::string(e.what()).find("state"), std::string::npos) << e.what();
    }
    Table no_speed = c.table;
    no_speed.find("Line speed")->role = Role::none;
    EXPECT_THROW(fit_throughput_model(no_speed), ModelError);
    Table no_produced = c.table;
    no_produced.find("Parts produced")->role = Role::none;
    EXPECT_THROW(fit_throughput_model(no_produced), ModelError);

    Table short_table = c.table;
    short_table.time_s.resize(60);
    for (auto& col : short_table.columns) {
        if (col.type == ColumnType::categorical) col.codes.resize(60);
        else col.values.resize(60);
    }
    EXPECT_THROW(fit_throughput_model(short_table), ModelError);
}

// The shipped sample plant imported as a user would: state labels RUN/STOP/MAINT, the
// maintenance log aligned onto the rows, wear with dropouts, gaps and malformed lines.
// The same tolerances as above hold, except that the wear limit and duration are read
// from the exported (rounded, partly missing) values.
TEST(ThroughputModel, FitsTheShippedSamplePlant) {
    const auto plant_dir = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
    std::ifstream in(plant_dir / "truth" / "truth.json");
    const auto truth_json = nlohmann::json::parse(in);
    const SampleScenario scenario = sample_scenario_from_truth_json(truth_json);
    const PlantTruth& truth = scenario.truth;

    test::TempDir dir;
    Project project(dir / "plant.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".gz") options.files.push_back(entry.path());
    std::sort(options.files.begin(), options.files.end());
    options.dataset = "plant";
    options.time_zone = "Europe/Berlin";
    import_files(project, options);
    const Table table = project.read_dataset(project.dataset("plant"));

    ThroughputFitOptions fit_options;
    fit_options.speed_ref_m_per_min = truth.speed_ref_m_per_min;
    const ThroughputFit fit = fit_throughput_model(table, fit_options);
    const ThroughputModel& m = fit.model;
    EXPECT_EQ(fit.running_label, "RUN");
    EXPECT_EQ(fit.maintenance_source, MaintenanceSource::state_label);
    ASSERT_TRUE(m.has_wear) << fit.wear_column;
    EXPECT_NEAR(m.pitch_m, truth.part_pitch_m, pitch_rel_tol * truth.part_pitch_m);
    EXPECT_NEAR(m.wear_alpha, truth.wear_speed_exponent, alpha_tol);
    EXPECT_NEAR(m.wear_w0_pct_per_min, truth.wear_rate_ref_pct_per_min, w0_rel_tol * truth.wear_rate_ref_pct_per_min);
    EXPECT_NEAR(m.wear_limit_pct, truth.wear_limit_pct, limit_rel_tol * truth.wear_limit_pct);
    const double maintenance_true = truth.maintenance_cleaning_min + truth.maintenance_warmup_min;
    EXPECT_NEAR(m.maintenance_min, maintenance_true, maintenance_rel_tol * maintenance_true);
    const PlantRun run = simulate_plant(truth, scenario.inputs, scenario.seed);
    const PlantKpis kpis = summarize_run(truth, scenario.inputs, run);
    EXPECT_NEAR(m.availability_at(fit.speed_median), kpis.availability, availability_tol);
    EXPECT_NEAR(fit.availability_predicted_test, fit.availability_actual_test, holdout_availability_tol);
    EXPECT_GT(fit.test.r2, 0.95);
    std::printf("shipped sample: wear '%s' pitch %.5f w0 %.5f alpha %.3f limit %.3f maint %.1f (n %zu) f %.4f "
                "avail pred %.4f true %.4f; hold-out rmse %.2f mae %.2f r2 %.4f n %zu, avail %.4f vs %.4f\n",
                fit.wear_column.c_str(), m.pitch_m, m.wear_w0_pct_per_min, m.wear_alpha, m.wear_limit_pct,
                m.maintenance_min, m.maintenance_count, m.stop_fraction, m.availability_at(fit.speed_median),
                kpis.availability, fit.test.rmse, fit.test.mae, fit.test.r2, fit.test.n,
                fit.availability_predicted_test, fit.availability_actual_test);
    for (const auto& w : fit.warnings) std::printf("  warning: %s\n", w.c_str());

    // Without the MAINT state, the aligned maintenance log ("Wartung" entries) marks it.
    Table no_maint_state = table;
    Column* state = no_maint_state.find(fit.state_column);
    ASSERT_NE(state, nullptr);
    for (auto& level : state->levels)
        if (level == "MAINT") level = "HALT";
    const ThroughputFit from_log = fit_throughput_model(no_maint_state, fit_options);
    EXPECT_EQ(from_log.maintenance_source, MaintenanceSource::aligned_log);
    EXPECT_EQ(from_log.maintenance_label, "Wartung");
    EXPECT_NEAR(from_log.model.maintenance_min, maintenance_true, maintenance_rel_tol * maintenance_true);
    EXPECT_NEAR(from_log.model.wear_limit_pct, truth.wear_limit_pct, limit_rel_tol * truth.wear_limit_pct);
}

}  // namespace
}  // namespace twinbench
