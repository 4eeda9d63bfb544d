// The debrief's fourth outcome, the twin's best response (live/training_best_response.h),
// on the spray dryer played by the training plant (no session, no ingest: the outcomes only):
//   - a step in the feed solids (a process fault): the best response is at least as good
//     on its objective as holding the settings and as the trainee's scripted move, its
//     settings lie in the controls' envelopes (the data's range), and a trainee who makes
//     exactly its moves at the fault plays exactly its outcome (the same plant code path);
//   - a stuck outlet thermocouple only (an instrument fault): on a plant already run at the
//     twin's best settings, the best response is to hold them; stuck later in a session,
//     the best response is the one the session without the fault has.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "live/training_best_response.h"
#include "live/training_debrief.h"
#include "opt/optimizer.h"
#include "report/training_report.h"
#include "training_project.h"

namespace twinbench {
namespace {

TrainingPlantOptions scripted_plant(double hours, const std::vector<std::string>& faults) {
    TrainingPlantOptions options = test::scripted_session(hours, faults).plant;
    options.noise = false;
    return options;
}

// The data's range of a control over the whole history, straight from the frame.
std::pair<double, double> range_in_data(const TwinStudy& study, const std::string& control) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const double v : study.history.at(control).values)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    return {lo, hi};
}

// An output's or a KPI's row of the debrief.
const DebriefOutcome& outcome_of(const TrainingDebrief& d, const std::string& name) {
    const auto is = [&](const DebriefOutcome& x) { return x.name == name; };
    if (const auto o = std::find_if(d.outputs.begin(), d.outputs.end(), is); o != d.outputs.end())
        return *o;
    const auto k = std::find_if(d.kpis.begin(), d.kpis.end(), is);
    EXPECT_NE(k, d.kpis.end()) << name;
    return *k;
}

TEST(TrainingBestResponse, BeatsHoldingAndTheTraineeOnAProcessFaultWithinTheEnvelopes) {
    const TwinStudy& study = *test::dryer_twin(1, 14).study;
    const TrainingPlantOptions options = scripted_plant(3.0, {"step:Feed solids=+4@30"});
    TrainingPlant plant(study, options);
    const double t0 = plant.start_s();
    (void)plant.rows_until(t0 + 40 * 60.0, plant.steps());
    const double inlet = plant.control_value("Inlet air temp SP");
    plant.set_control("Inlet air temp SP", inlet + 10.0);
    (void)plant.rows_until(plant.end_s(), plant.steps());

    const TrainingDebrief d = make_training_debrief(plant, TrainingObjective{});
    const DebriefBestResponse& b = d.best;
    ASSERT_TRUE(b.response.found) << b.response.note;
    // The default: closest to the fault-free run, minimised; said so. The fault-free run is
    // at distance 0 from itself, and the fault pushed the held settings away from it.
    EXPECT_EQ(b.response.objective, "distance_from_fault_free");
    ASSERT_TRUE(b.response.objective_kpi.has_value());
    EXPECT_FALSE(b.response.maximize);
    EXPECT_NE(b.response.objective_source.find("fault-free"), std::string::npos);
    const std::string objective = b.response.objective;
    EXPECT_NEAR(outcome_of(d, objective).fault_free, 0.0, 1e-9);
    EXPECT_GT(b.held_objective, 0.1);
    if (std::getenv("TWINBENCH_PRINT_DEBRIEF") != nullptr)
        std::printf("%s\n", debrief_text(d).c_str());

    // At least as good as doing nothing and as the trainee's move, by the objective.
    const double slack = 1e-9 * std::max(1.0, std::abs(b.held_objective));
    EXPECT_LE(b.response.objective_value, b.held_objective + slack);
    EXPECT_LE(b.response.objective_value, b.played_objective + slack);
    EXPECT_DOUBLE_EQ(outcome_of(d, objective).best, b.response.objective_value);
    EXPECT_DOUBLE_EQ(outcome_of(d, objective).held, b.held_objective);
    EXPECT_DOUBLE_EQ(outcome_of(d, objective).played, b.played_objective);
    // The share recovered, from the three figures.
    EXPECT_NEAR(b.recovered_share,
                (b.held_objective - b.played_objective) /
                    (b.held_objective - b.response.objective_value),
                1e-12);

    // Every control set, each within the data's range; the held settings as at the fault.
    ASSERT_EQ(b.response.settings.size(), plant.controls().size());
    for (const auto& [control, value] : b.response.settings) {
        const auto [lo, hi] = range_in_data(study, control);
        EXPECT_GE(value, lo) << control;
        EXPECT_LE(value, hi) << control;
        EXPECT_DOUBLE_EQ(b.response.envelope.at(control).first, lo) << control;
        EXPECT_DOUBLE_EQ(b.response.envelope.at(control).second, hi) << control;
    }
    EXPECT_DOUBLE_EQ(b.response.held_settings.at("Inlet air temp SP"), inlet);

    // A trainee who makes the best response's moves at the fault plays its outcome.
    TrainingPlant follower(study, options);
    (void)follower.rows_until(t0 + 30 * 60.0, follower.steps());
    for (const auto& [control, value] : b.response.settings) follower.set_control(control, value);
    (void)follower.rows_until(follower.end_s(), follower.steps());
    const TrainingDebrief f = make_training_debrief(follower, TrainingObjective{});
    for (const auto& o : d.outputs)
        EXPECT_NEAR(outcome_of(f, o.name).played, o.best, 1e-9 * (1.0 + std::abs(o.best)))
            << o.name;

    // Said in sentences, in the JSON and in the report.
    const auto said = [&](const std::string& words) {
        return std::any_of(d.findings.begin(), d.findings.end(), [&](const std::string& s) {
            return s.find(words) != std::string::npos;
        });
    };
    EXPECT_TRUE(said("raising Inlet air temp SP by 10")) << debrief_text(d);
    EXPECT_TRUE(said("of what the best response would have on " + objective));
    const nlohmann::json j = to_json(d);
    EXPECT_EQ(j["best"]["objective"], objective);
    EXPECT_EQ(j["best"]["settings"]["Feed rate"]["value"].get<double>(),
              b.response.settings.at("Feed rate"));
    EXPECT_EQ(j["kpis"][objective]["best"].get<double>(), b.response.objective_value);
    const report::ReportDocument doc = report::training_debrief_report(d);
    const auto& table = std::get<report::DataTable>(doc.sections.at(2).blocks.at(2));
    EXPECT_EQ(table.header.back(), "Best");
    EXPECT_NE(debrief_text(d).find("fault-free         best"), std::string::npos);
}

TEST(TrainingBestResponse, AStuckSensorLeavesTheBestSettingsHeld) {
    const TwinStudy& study = *test::dryer_twin(1, 14).study;
    // An objective whose optimum lies inside the inlet's envelope (on the moisture
    // constraint), not in a corner that any start would share.
    TrainingObjective objective;
    objective.objective = "Gas energy";
    objective.constraints.push_back(parse_constraint("Residual moisture<=3", false));
    // The twin's best settings over the whole session, for the plant undisturbed.
    TrainingPlant undisturbed(study, scripted_plant(3.0, {}));
    const BestResponse reference =
        find_best_response(undisturbed, objective, undisturbed.start_s());
    ASSERT_TRUE(reference.found) << reference.note;
    ASSERT_TRUE(reference.constraints_met) << reference.note;
    const auto [inlet_lo, inlet_hi] = reference.envelope.at("Inlet air temp SP");
    EXPECT_GT(reference.settings.at("Inlet air temp SP"), inlet_lo + 0.05 * (inlet_hi - inlet_lo));
    EXPECT_LT(reference.settings.at("Inlet air temp SP"), inlet_hi - 0.05 * (inlet_hi - inlet_lo));

    // The plant run at them; the outlet thermocouple sticks from the start: the best
    // response is to hold them (the stuck reading moved no part of the process).
    TrainingPlantOptions options = scripted_plant(3.0, {"stuck:Outlet air temp@0"});
    options.controls = reference.settings;
    TrainingPlant plant(study, options);
    (void)plant.rows_until(plant.end_s(), plant.steps());
    const TrainingDebrief d = make_training_debrief(plant, objective);
    const BestResponse& best = d.best.response;
    ASSERT_TRUE(best.found) << best.note;
    if (std::getenv("TWINBENCH_PRINT_DEBRIEF") != nullptr)
        std::printf("%s\n", debrief_text(d).c_str());
    EXPECT_NEAR(best.objective_value, d.best.held_objective,
                1e-4 * std::abs(d.best.held_objective));
    for (const auto& [control, value] : best.settings) {
        const auto [lo, hi] = best.envelope.at(control);
        EXPECT_NEAR(value, best.held_settings.at(control), 0.005 * (hi - lo)) << control;
    }
    for (const auto& o : d.outputs)
        EXPECT_NEAR(o.best, o.held, 1e-3 * (1.0 + std::abs(o.held))) << o.name;

    // Stuck later in the session: the best response is the one without the fault.
    TrainingPlantOptions later = scripted_plant(3.0, {"stuck:Outlet air temp@30"});
    TrainingPlant stuck(study, later);
    later.faults.clear();
    TrainingPlant clean(study, later);
    const double from_s = stuck.start_s() + 30 * 60.0;
    const BestResponse with_fault = find_best_response(stuck, objective, from_s);
    const BestResponse without = find_best_response(clean, objective, from_s);
    ASSERT_TRUE(with_fault.found && without.found);
    EXPECT_EQ(with_fault.settings, without.settings);
    EXPECT_DOUBLE_EQ(with_fault.objective_value, without.objective_value);
}

}  // namespace
}  // namespace twinbench
