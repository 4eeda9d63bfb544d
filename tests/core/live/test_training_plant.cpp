// The training plant against `simulate`: with no faults, no noise and the controls held,
// the rows the twin plays are `simulate`'s scenario frame for the same settings (the
// very same code path: graph window, the furnace template's physics, the output models
// in the graph's order), on a generic-roles plant (the spray dryer) and on the furnace
// sample line; the noise is the models' residual noise (sd, lag-one correlation) from the
// seed; a trainee's move changes nothing before it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"

#include "live/training_plant.h"
#include "sim/twin_what_if.h"
#include "training_project.h"

namespace twinbench {
namespace {

// Rows against the scenario frame of `simulate --set` for the same settings: every cell
// of every graph signal the row carries, to rounding.
void expect_rows_match_simulate(const TwinStudy& study,
                                const std::map<std::string, double>& settings, double hours) {
    TrainingPlantOptions options;
    options.duration_h = hours;
    options.speed = 0.0;
    options.noise = false;
    options.controls = settings;
    TrainingPlant plant(study, options);
    const test::PlayedRows rows = test::play_all(plant);

    Scenario scenario;
    scenario.horizon_h = hours;
    for (const auto& [name, value] : settings)
        scenario.changes.push_back(parse_set_argument(fmt::format("{}={}", name, value)));
    const TwinWhatIfResult simulated = run_twin_what_if(study, scenario);
    const SignalFrame& frame = simulated.result.frame;

    ASSERT_EQ(rows.time_s, frame.time_s);
    std::size_t compared = 0;
    for (const auto& g : study.graph.all_signals()) {
        const auto it = rows.values.find(g.name);
        if (g.type == ColumnType::categorical || it == rows.values.end()) continue;
        const auto& expected = frame.at(g.name).values;
        for (std::size_t k = 0; k < rows.time_s.size(); ++k) {
            if (std::isnan(it->second[k])) continue;
            ASSERT_NEAR(it->second[k], expected[k], 1e-9 * (1.0 + std::abs(expected[k])))
                << g.name << " at step " << k;
            ++compared;
        }
    }
    for (const auto& o : study.graph.outputs()) {
        if (study.twin.model_of(o) != nullptr || study.template_outputs.count(o) > 0) {
            EXPECT_TRUE(rows.values.count(o) > 0) << o << " is simulated but never played";
        }
    }
    EXPECT_GT(compared, rows.time_s.size() * 4);
}

TEST(TrainingPlant, PlaysSimulatesScenarioOnTheSprayDryer) {
    const auto& g = test::dryer_twin(1, 14);
    expect_rows_match_simulate(*g.study, {{"Inlet air temp SP", 205.0}, {"Feed rate", 1150.0}},
                               12.0);
}

TEST(TrainingPlant, PlaysSimulatesScenarioOnTheFurnaceLine) {
    const auto& g = test::furnace_twin("standard", 1, 30);
    ASSERT_TRUE(g.study->furnace);
    std::string speed, setpoint;
    for (const auto& s : g.study->graph.all_signals()) {
        if (s.role == Role::speed) speed = s.name;
        if (s.role == Role::setpoint) setpoint = s.name;
    }
    expect_rows_match_simulate(*g.study, {{speed, 1.1}, {setpoint, 190.0}}, 24.0);
}

TEST(TrainingPlant, NoiseIsTheModelsResidualNoiseFromTheSeed) {
    const TwinStudy& study = *test::dryer_twin(1, 14).study;
    const std::string outlet = "Outlet air temp";
    TrainingPlantOptions options;
    options.duration_h = 48.0;
    options.speed = 0.0;
    options.noise = false;
    TrainingPlant quiet(study, options);
    const auto truth = test::play_all(quiet).values.at(outlet);
    options.noise = true;
    TrainingPlant a(study, options), b(study, options);
    options.seed = 2;
    TrainingPlant c(study, options);
    const auto noisy = test::play_all(a).values.at(outlet);
    EXPECT_EQ(noisy, test::play_all(b).values.at(outlet));
    EXPECT_NE(noisy, test::play_all(c).values.at(outlet));

    const OutputModel& model = *study.twin.model_of(outlet);
    double sum = 0.0, sum2 = 0.0, lag = 0.0;
    const std::size_t n = truth.size();
    for (std::size_t k = 0; k < n; ++k) {
        const double e = noisy[k] - truth[k];
        sum += e;
        sum2 += e * e;
        if (k > 0) lag += e * (noisy[k - 1] - truth[k - 1]);
    }
    const double sd = std::sqrt(sum2 / static_cast<double>(n));
    EXPECT_NEAR(sd, model.noise_sd(), 0.2 * model.noise_sd());
    EXPECT_NEAR(lag / sum2, model.noise_ar1(), 0.1);
    // The mean of an AR(1) series: its sd shrinks by sqrt(n (1 - a) / (1 + a)).
    const double a1 = model.noise_ar1();
    EXPECT_LT(std::abs(sum / static_cast<double>(n)),
              4.0 * model.noise_sd() / std::sqrt(static_cast<double>(n) * (1 - a1) / (1 + a1)));
}

TEST(TrainingPlant, AMoveChangesNothingBeforeItAndTheProcessAfterIt) {
    const TwinStudy& study = *test::dryer_twin(1, 14).study;
    TrainingPlantOptions options;
    options.duration_h = 3.0;
    options.speed = 0.0;
    options.rows_per_poll = 60;
    TrainingPlant still(study, options), moved(study, options);
    const auto reference = test::play_all(still).values.at("Outlet air temp");
    (void)moved.poll(std::chrono::milliseconds{0});  // the first hour
    const double before = moved.control_value("Inlet air temp SP");
    moved.set_control("Inlet air temp SP", before + 15.0);
    ASSERT_EQ(moved.moves().size(), 1u);
    EXPECT_EQ(moved.moves().front().time_s, moved.start_s() + 3600.0);
    test::PlayedRows rest = test::play_all(moved);
    // The first hour was handed out before the move: replay it from a fresh plant.
    TrainingPlant replay(study, options);
    (void)replay.poll(std::chrono::milliseconds{0});
    replay.set_control("Inlet air temp SP", before + 15.0);
    const SignalFrame process = replay.process(std::numeric_limits<double>::infinity(), true);
    const SignalFrame held = replay.process(replay.start_s(), true);
    const auto& p = process.at("Outlet air temp").values;
    const auto& h = held.at("Outlet air temp").values;
    for (std::size_t k = 0; k < 60; ++k) EXPECT_EQ(p[k], h[k]) << k;
    // A hotter inlet warms the outlet two hours on (the dryer's gain is positive).
    EXPECT_GT(p.back() - h.back(), 1.0);
    EXPECT_GT(rest.values.at("Outlet air temp").back() - reference.back(), 1.0);
    // The row shows the trainee's setting from the move on.
    EXPECT_EQ(rest.values.at("Inlet air temp SP").front(), before + 15.0);
}

TEST(TrainingPlant, RefusesFaultsThatDoNotFitTheTwin) {
    const TwinStudy& study = *test::dryer_twin(1, 14).study;
    TrainingPlantOptions options;
    options.duration_h = 1.0;
    options.faults = {parse_training_fault("step:Outlet air temp=+3@10")};
    EXPECT_THROW(TrainingPlant(study, options), UsageError);
    options.faults = {parse_training_fault("frozen:Feed solids@10")};
    EXPECT_THROW(TrainingPlant(study, options), UsageError);
    options.faults = {parse_training_fault("stuck:Outlet air temp@90")};
    EXPECT_THROW(TrainingPlant(study, options), UsageError);
    EXPECT_THROW(parse_training_fault("sticky:Outlet air temp@9"), UsageError);
    EXPECT_THROW(parse_training_fault("drift:Outlet air temp@9"), UsageError);
    const TrainingFault f = parse_training_fault("unseen-step:Feed solids=+4@12.5");
    EXPECT_EQ(f.kind, FaultKind::unseen_step);
    EXPECT_EQ(f.signal, "Feed solids");
    EXPECT_EQ(f.value, 4.0);
    EXPECT_EQ(f.at_min, 12.5);
}

}  // namespace
}  // namespace twinbench
