// The physics of the sample variants: the direct scrap law has its optimum where
// truth.json says (computed here from the written coefficients), the perturbed constants
// stay in their stated ranges and give plausible plants, and "speed +5 %" on the true
// plant moves throughput and scrap the way the physics says.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "sample/plant_export.h"
#include "sample/plant_physics.h"
#include "sample/reference_plant.h"

namespace twinbench {
namespace {

// The value at a truth.json path like "furnace.tau_min" or "grades.B.part_heating_tau_min".
double at_path(const nlohmann::json& j, const std::string& path) {
    const nlohmann::json* node = &j;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        const std::size_t dot = std::min(path.find('.', pos), path.size());
        node = &node->at(path.substr(pos, dot - pos));
        pos = dot + 1;
    }
    return node->get<double>();
}

PlantTruth direct_truth(std::optional<std::uint64_t> physics_seed) {
    SampleOptions o;
    o.days = 1;
    o.physics_seed = physics_seed;
    o.scrap_model = ScrapModel::direct;
    return make_sample_scenario(o).truth;
}

TEST(DirectScrap, OptimumIsWhereTruthJsonSaysUnderCureBelowOverCureAbove) {
    for (const std::optional<std::uint64_t> physics : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{14}}) {
        const PlantTruth t = direct_truth(physics);
        const nlohmann::json j = to_json(t);
        ASSERT_EQ(j.at("scrap_model"), "direct");
        const auto& d = j.at("direct_scrap");
        ASSERT_TRUE(d.contains("formula"));
        const double length = j.at("geometry").at("furnace_length_m").get<double>();
        for (int grade = 0; grade < material_grade_count; ++grade) {
            const std::string letter(1, material_grade_letter(grade));
            for (const double speed : {1.6, 2.0, 2.4}) {
                // The optimum by the formula written in truth.json.
                const double residence = length / speed;
                const double expected =
                    d.at("furnace_optimum_ref_degC").get<double>() +
                    d.at("grade_optimum_offset_degC").at(letter).get<double>() -
                    d.at("cure_shift_degC").get<double>() *
                        std::log(residence / d.at("residence_ref_min").get<double>());
                // The optimum of the plant's own probability, by a 0.01 degC scan.
                double best_tf = 0.0, best_p = 2.0;
                for (double tf = 120.0; tf <= 260.0; tf += 0.01) {
                    const double p = part_defect_probability(t, tf, 15.0, 55.0, 30.0, speed, grade);
                    if (p < best_p) best_p = p, best_tf = tf;
                }
                EXPECT_NEAR(best_tf, expected, 0.011) << "grade " << letter << " speed " << speed;
                EXPECT_NEAR(direct_scrap_furnace_optimum_degC(t, residence, grade), expected, 1e-9);
                // Colder (under-cured) and hotter (over-cured) both raise the probability,
                // by the window's logit rise at one half width.
                const double w = d.at("half_width_degC").get<double>();
                const double logit_best = std::log(best_p / (1.0 - best_p));
                for (const double side : {-1.0, 1.0}) {
                    const double p = part_defect_probability(t, expected + side * w, 15.0, 55.0, 30.0, speed, grade);
                    EXPECT_NEAR(std::log(p / (1.0 - p)) - logit_best, d.at("logit_rise_at_edge").get<double>(), 1e-6);
                }
                // At that furnace temperature a shorter residence under-cures and a longer one
                // over-cures: both worse than the residence the optimum was computed for.
                const double p_here = part_defect_probability(t, expected, 15.0, 55.0, 30.0, speed, grade);
                EXPECT_GT(part_defect_probability(t, expected, 15.0, 55.0, 30.0, speed * 1.2, grade), p_here);
                EXPECT_GT(part_defect_probability(t, expected, 15.0, 55.0, 30.0, speed / 1.2, grade), p_here);
            }
        }
    }
}

TEST(DirectScrap, TheCoreWindowCoefficientsNoLongerMatterButTheFurnaceDoes) {
    PlantTruth t = direct_truth(std::nullopt);
    const double p = part_defect_probability(t, 185.0, 15.0, 55.0, 30.0, 2.0, 1);
    PlantTruth other = t;
    other.defect_b0 += 3.0;
    other.defect_b1_per_degC *= 2.0;
    other.defect_b_speed_per_m_per_min = 5.0;
    EXPECT_EQ(part_defect_probability(other, 185.0, 15.0, 55.0, 30.0, 2.0, 1), p);
    // Ambient only moves the core, not the direct law.
    EXPECT_EQ(part_defect_probability(t, 185.0, 30.0, 55.0, 30.0, 2.0, 1), p);
    // The core-window plant does depend on the ambient (through the core temperature).
    PlantTruth core = t;
    core.scrap_model = ScrapModel::core_window;
    EXPECT_NE(part_defect_probability(core, 185.0, 30.0, 55.0, 30.0, 2.0, 1),
              part_defect_probability(core, 185.0, 15.0, 55.0, 30.0, 2.0, 1));
}

TEST(DirectScrap, TheSimulatedPlantUsesTheDirectLaw) {
    SampleOptions o;
    o.days = 3;
    apply_sample_variant(o, "direct-scrap");
    const SampleScenario sc = make_sample_scenario(o);
    const PlantRun run = simulate_plant(sc.truth, sc.inputs, sc.seed);
    double expected_scrap = 0.0;
    std::int64_t produced = 0, scrapped = 0;
    for (std::size_t i = 0; i < run.steps(); ++i) {
        const double p = part_defect_probability(sc.truth, run.furnace_true_degC[i], sc.inputs.ambient_degC[i],
                                                 sc.inputs.humidity_pct[i], run.wear_pct[i],
                                                 sc.inputs.speed_m_per_min[i], sc.inputs.grade[i]);
        EXPECT_EQ(run.defect_probability[i], p);
        // The core temperature is still computed (for the energy balance).
        EXPECT_EQ(run.core_true_degC[i],
                  core_temperature_degC(sc.truth, run.furnace_true_degC[i], sc.inputs.ambient_degC[i],
                                        sc.inputs.speed_m_per_min[i], sc.inputs.grade[i]));
        expected_scrap += p * run.produced[i];
        produced += run.produced[i];
        scrapped += run.scrap[i];
    }
    // The counted scrap is binomial around the expected one (4 sd).
    EXPECT_NEAR(static_cast<double>(scrapped), expected_scrap, 4.0 * std::sqrt(expected_scrap) + 1.0);
    EXPECT_GT(produced, 0);
}

TEST(PhysicsSeed, ConstantsStayInTheirStatedRangesAndGivePlausiblePlants) {
    const PlantTruth designed = default_truth();
    const nlohmann::json designed_json = to_json(designed);
    int plausible = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        SampleOptions o;
        o.days = 7;
        o.physics_seed = seed;
        o.scrap_model = ScrapModel::direct;
        const SampleScenario direct = make_sample_scenario(o);
        o.scrap_model = ScrapModel::core_window;
        const SampleScenario core = make_sample_scenario(o);
        const nlohmann::json jd = to_json(direct.truth), jc = to_json(core.truth);
        const DirectScrapTruth derived = direct_scrap_for(core.truth);
        int changed = 0;
        for (const PhysicsRange& r : physics_ranges()) {
            const std::string path(r.path);
            double value = 0.0;
            if (path == "direct_scrap.furnace_optimum_shift_degC")
                value = direct.truth.direct_scrap.furnace_optimum_ref_degC - derived.furnace_optimum_ref_degC;
            else if (path.rfind("direct_scrap.", 0) == 0)
                value = at_path(jd, path);
            else
                value = at_path(jc, path);
            EXPECT_GE(value, r.low - 1e-9) << path << " seed " << seed;
            EXPECT_LE(value, r.high + 1e-9) << path << " seed " << seed;
            if (path.rfind("direct_scrap.", 0) != 0 && path != "defect_window_form.core_optimum_degC" &&
                value != at_path(designed_json, path))
                ++changed;
            // The designed plant lies inside every range.
            if (path.rfind("direct_scrap.", 0) != 0) {
                EXPECT_TRUE(at_path(designed_json, path) >= r.low && at_path(designed_json, path) <= r.high) << path;
            }
        }
        EXPECT_GE(changed, 25) << "seed " << seed;
        // Same physics for both scrap laws, apart from the law.
        nlohmann::json jd_core = jd, jc_core = jc;
        for (auto* j : {&jd_core, &jc_core}) {
            j->erase("scrap_model");
            j->erase("direct_scrap");
            j->erase("defect_window_form");
            j->at("defect").erase("formula");
        }
        EXPECT_EQ(jd_core, jc_core);
        // Run both: a plant an engineer could have (some scrap, running most of the time).
        for (const SampleScenario* sc : {&direct, &core}) {
            const PlantKpis k = summarize_run(sc->truth, sc->inputs, simulate_plant(sc->truth, sc->inputs, sc->seed));
            if (k.scrap_rate > 0.003 && k.scrap_rate < 0.15 && k.availability > 0.85) ++plausible;
        }
    }
    EXPECT_GE(plausible, 76);  // of 80
}

// How far a part leaving at step i is from the plant's own quality optimum (degC; < 0
// under-cured): furnace air against the direct law's optimum, or core against the window.
double cure_deviation(const PlantTruth& t, const PlantInputs& in, const PlantRun& run, std::size_t i) {
    const int g = in.grade[i];
    if (t.scrap_model == ScrapModel::direct)
        return run.furnace_true_degC[i] -
               direct_scrap_furnace_optimum_degC(t, residence_time_min(t, in.speed_m_per_min[i]), g);
    return run.core_true_degC[i] - defect_window_form(t).core_optimum_degC;
}

TEST(WhatIfTruth, SpeedPlusFivePercentMovesThroughputAndScrapAsThePhysicsSays) {
    for (const char* variant : {"standard", "direct-scrap", "perturbed", "independent"}) {
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            SampleOptions o;
            o.days = 14;
            o.seed = seed;
            apply_sample_variant(o, variant);
            const SampleScenario sc = make_sample_scenario(o);
            const PlantRun base = simulate_plant(sc.truth, sc.inputs, sc.seed);
            PlantInputs faster = sc.inputs;
            for (double& v : faster.speed_m_per_min) v *= 1.05;
            const PlantRun run = simulate_plant(sc.truth, faster, sc.seed);
            const PlantKpis kb = summarize_run(sc.truth, sc.inputs, base);
            const PlantKpis kf = summarize_run(sc.truth, faster, run);
            const std::string what = std::string(variant) + " seed " + std::to_string(seed);
            // More parts: 5 % more per running minute; faster wear moves maintenance (earlier,
            // so it may overlap a stop or fall outside the window), which shifts the running
            // time by a few hours either way.
            const double produced_ratio = static_cast<double>(kf.produced) / static_cast<double>(kb.produced);
            EXPECT_GT(produced_ratio, 1.03) << what;
            EXPECT_LT(produced_ratio, 1.07) << what;
            // Shorter residence: every running part leaves less cured. Where the base run
            // was under-cured the expected scrap rises; where it was well over-cured it falls.
            double under_b = 0, under_f = 0, over_b = 0, over_f = 0;
            int steps_less_cured = 0, running = 0;
            const double margin = sc.truth.scrap_model == ScrapModel::direct ? 3.0 : 4.0;
            for (std::size_t i = 0; i < base.steps(); ++i) {
                if (base.state[i] != LineState::running || run.state[i] != LineState::running) continue;
                ++running;
                const double db = cure_deviation(sc.truth, sc.inputs, base, i);
                const double df = cure_deviation(sc.truth, faster, run, i);
                steps_less_cured += df < db ? 1 : 0;
                // The two probabilities at the base run's wear, so that the wear the faster
                // line adds (and its earlier maintenance) does not blur the cure effect.
                const double pb = base.defect_probability[i];
                const double pf = part_defect_probability(sc.truth, run.furnace_true_degC[i], faster.ambient_degC[i],
                                                          faster.humidity_pct[i], base.wear_pct[i],
                                                          faster.speed_m_per_min[i], faster.grade[i]);
                if (db < 0.0) under_b += pb, under_f += pf;
                if (db > margin) over_b += pb, over_f += pf;
            }
            EXPECT_GT(steps_less_cured, 0.97 * running) << what;
            EXPECT_GT(under_f, under_b) << what;
            if (over_b > 0.0) {
                EXPECT_LT(over_f, over_b) << what;
            }
            std::printf("  %-13s seed %llu: produced %+.2f %%, good/h %.1f -> %.1f, scrap rate %.2f -> %.2f %%\n",
                        variant, static_cast<unsigned long long>(seed), 100.0 * (produced_ratio - 1.0),
                        kb.throughput_per_h, kf.throughput_per_h, 100.0 * kb.scrap_rate, 100.0 * kf.scrap_rate);
        }
    }
}

}  // namespace
}  // namespace twinbench
