// The furnace temperature the parts saw, from noisy thermocouple readings and the furnace
// model (models/furnace_reading_smoother.h), on a furnace with known answers: a first-order
// furnace (tau 18 min) whose setpoint operators step, whose load follows the line speed and
// whose hall temperature drifts, read by a thermocouple with 1.5 degC of noise, a few
// spikes and a gap.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "models/furnace_output_models.h"
#include "models/furnace_reading_smoother.h"
#include "models/furnace_without_checks.h"

namespace twinbench {
namespace {

struct ReadFurnace {
    FurnaceTwin model;
    std::vector<double> setpoint, produced, ambient, truth, readings;
};

ReadFurnace read_furnace(std::uint64_t seed) {
    constexpr std::size_t steps = 20000;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    ReadFurnace f;
    f.model.tau_min = 18.0;
    f.model.setpoint_gain = 0.96;
    f.model.load_sensitivity_degC_per_part_per_min = -1.6;
    f.model.ambient_sensitivity = 0.3;
    f.model.offset_degC = 3.0;
    f.setpoint.resize(steps);
    f.produced.resize(steps);
    f.ambient.resize(steps);
    f.truth.resize(steps);
    f.readings.resize(steps);
    double setpoint = 200.0, parts = 4.0, ambient = 15.0;
    const double a = std::exp(-1.0 / f.model.tau_min);
    double t = f.model.steady_state_degC(setpoint, parts, ambient);
    for (std::size_t k = 0; k < steps; ++k) {
        if (k % 700 == 0) setpoint = 190.0 + 20.0 * std::abs(normal(rng));
        if (k % 300 == 0) parts = std::max(0.0, 4.0 + normal(rng));
        ambient += 0.02 * normal(rng);
        f.setpoint[k] = setpoint;
        f.produced[k] = parts;  // one-minute steps
        f.ambient[k] = ambient;
        f.truth[k] = t;
        f.readings[k] = t + 1.5 * normal(rng);
        t = a * t + (1.0 - a) * f.model.steady_state_degC(setpoint, parts, ambient);
    }
    for (const std::size_t k : {3000u, 9000u, 15000u}) f.readings[k] += 40.0;  // spikes
    for (std::size_t k = 12000; k < 12030; ++k) f.readings[k] = std::nan("");  // a gap
    return f;
}

double error_sd(const std::vector<double>& estimate, const std::vector<double>& truth) {
    double sum = 0.0, n = 0.0;
    for (std::size_t k = 0; k < truth.size(); ++k)
        if (std::isfinite(estimate[k])) {
            sum += (estimate[k] - truth[k]) * (estimate[k] - truth[k]);
            n += 1.0;
        }
    return std::sqrt(sum / n);
}

TEST(FurnaceReadingSmoother, LeavesLittleOfTheThermocouplesNoise) {
    const ReadFurnace f = read_furnace(7);
    const FurnaceReadingSmoothing s =
        smooth_furnace_readings(f.model, 1.0, f.setpoint, f.produced, f.ambient, f.readings);
    EXPECT_NEAR(s.reading_sd_degC, 1.5, 0.15);
    EXPECT_EQ(s.spikes, 3u);
    const double smoothed = error_sd(s.estimate_degC, f.truth);
    const double median = error_sd(running_median(f.readings, furnace_reading_median_width), f.truth);
    std::printf("error sd: smoothed %.3f degC, running median %.3f degC\n", smoothed, median);
    EXPECT_LT(smoothed, 0.35);
    EXPECT_LT(smoothed, 0.6 * median);
    // No reading, no estimate: the fit leaves those steps out as before.
    for (std::size_t k = 12000; k < 12030; ++k) EXPECT_TRUE(std::isnan(s.estimate_degC[k])) << k;
    EXPECT_TRUE(std::isfinite(s.estimate_degC[12030]));
}

TEST(FurnaceReadingSmoother, AStepWithoutItsInputsLetsTheTemperatureWander) {
    ReadFurnace f = read_furnace(8);
    for (std::size_t k = 5000; k < 5060; ++k) f.setpoint[k] = std::nan("");
    const FurnaceReadingSmoothing s =
        smooth_furnace_readings(f.model, 1.0, f.setpoint, f.produced, f.ambient, f.readings);
    EXPECT_LT(error_sd(s.estimate_degC, f.truth), 0.4);
    for (std::size_t k = 5000; k < 5060; ++k) EXPECT_NEAR(s.estimate_degC[k], f.truth[k], 2.0) << k;
}

// The figures of the generated lines: two years of history, a furnace model within the
// readings' noise; 60 days, one whose own errors would outweigh what it takes off.
TEST(FurnaceReadingSmoother, IsUsedOnlyWhereTheModelFollowsTheFurnaceWithinTheNoise) {
    std::string why;
    EXPECT_TRUE(smoothing_beats_running_median(1.529, 1.510, why)) << why;
    EXPECT_NE(why.find("hold-out RMSE 1.53"), std::string::npos) << why;
    EXPECT_FALSE(smoothing_beats_running_median(1.713, 1.499, why)) << why;
    EXPECT_FALSE(smoothing_beats_running_median(2.025, 1.510, why)) << why;
    EXPECT_FALSE(smoothing_beats_running_median(std::nan(""), 1.5, why)) << why;
    // A model that follows better than the noise (the readings' sd over-estimated) is fine.
    EXPECT_TRUE(smoothing_beats_running_median(1.4, 1.5, why)) << why;
}

TEST(FurnaceReadingSmoother, ASecondOrderFurnaceIsLeftToTheCaller) {
    ReadFurnace f = read_furnace(9);
    f.model.tau2_min = 4.0;
    EXPECT_THROW(smooth_furnace_readings(f.model, 1.0, f.setpoint, f.produced, f.ambient, f.readings), ModelError);
}

// A replay of the fitted scrap model on recorded rows (explain) reads the furnace as the
// fit did, by the fit's stored choice: smoothed with the noise the fit estimated, or the
// running median, without deciding again.
TEST(FurnaceReadingSmoother, AReplayReadsTheFurnaceByTheFitsStoredChoice) {
    const ReadFurnace f = read_furnace(10);
    SignalFrame frame;
    frame.step_min = 1.0;
    const auto add = [&](const char* name, const std::vector<double>& values) {
        FrameSignal s;
        s.name = name;
        s.values = values;
        frame.add(std::move(s));
    };
    add("SP", f.setpoint);
    add("Parts", f.produced);
    add("Hall", f.ambient);
    add("Furnace", f.readings);
    FurnaceColumns columns;
    columns.setpoint = "SP";
    columns.produced = "Parts";
    columns.ambient = "Hall";
    columns.furnace = "Furnace";

    // The fit: a furnace model within the readings' noise, so smoothed.
    const FurnaceReadingModel following{f.model, 1.45};
    FurnaceReadingChoice chosen;
    const std::vector<double> fitted = furnace_temperature_for_scrap(frame, columns, &following, chosen);
    ASSERT_TRUE(chosen.smoothed) << chosen.why;
    EXPECT_NEAR(chosen.reading_sd_degC, 1.5, 0.15);
    EXPECT_EQ(chosen.spikes, 3u);

    // Stored with the fit and read back, it replays exactly what the fit read.
    const FurnaceReadingChoice stored = furnace_reading_choice_from_json(nlohmann::json::parse(to_json(chosen).dump()));
    EXPECT_TRUE(stored.smoothed);
    EXPECT_EQ(stored.reading_sd_degC, chosen.reading_sd_degC);
    EXPECT_EQ(stored.wander_sd_degC, chosen.wander_sd_degC);
    EXPECT_EQ(stored.why, chosen.why);
    const std::vector<double> replayed = furnace_temperature_as_fitted(frame, columns, f.model, stored);
    ASSERT_EQ(replayed.size(), fitted.size());
    for (std::size_t k = 0; k < fitted.size(); k += 97) {
        if (std::isnan(fitted[k])) {
            EXPECT_TRUE(std::isnan(replayed[k])) << k;
            continue;
        }
        EXPECT_NEAR(replayed[k], fitted[k], 1e-9) << k;
    }

    // A fit that kept the running median (its furnace model too far off) is replayed so,
    // though this furnace model would smooth well; a fit stored before the choice was kept
    // read the median too.
    const FurnaceReadingModel too_far_off{f.model, 2.5};
    const std::vector<double> median = furnace_temperature_for_scrap(frame, columns, &too_far_off, chosen);
    ASSERT_FALSE(chosen.smoothed);
    EXPECT_NE(chosen.why.find("hold-out RMSE 2.50"), std::string::npos) << chosen.why;
    const std::vector<double> median_replayed = furnace_temperature_as_fitted(
        frame, columns, f.model, furnace_reading_choice_from_json(nlohmann::json::parse(to_json(chosen).dump())));
    const std::vector<double> older = furnace_temperature_as_fitted(frame, columns, f.model,
                                                                    furnace_reading_choice_from_json(nlohmann::json()));
    for (std::size_t k = 0; k < median.size(); k += 97) {
        if (std::isnan(median[k])) continue;
        EXPECT_EQ(median_replayed[k], median[k]) << k;
        EXPECT_EQ(older[k], median[k]) << k;
    }
    // The smoothed and the median readings differ (else the check above says nothing).
    EXPECT_GT(error_sd(median, f.truth), 1.5 * error_sd(fitted, f.truth));

    // A smoothed choice needs the smoother's inputs in the replay's frame.
    columns.ambient = "no such column";
    EXPECT_THROW(furnace_temperature_as_fitted(frame, columns, f.model, stored), ModelError);
}

}  // namespace
}  // namespace twinbench
