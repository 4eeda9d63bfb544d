// The movement classifier of the role proposal (column_movement.h) and the step-following
// test (step_following.h) on generated series whose nature is known: operator steps,
// smooth drift, noisy signals, counters, constants, with measurement noise and gaps.
#include "data/column_movement.h"
#include "data/step_following.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace twinbench {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Knocks out about `fraction` of the values at random, and a block of 200 rows.
void add_gaps(std::vector<double>& x, double fraction, std::mt19937& rng) {
    std::bernoulli_distribution drop(fraction);
    for (auto& v : x)
        if (drop(rng)) v = nan;
    for (std::size_t i = x.size() / 3; i < x.size() / 3 + 200 && i < x.size(); ++i) x[i] = nan;
}

struct Steps {
    std::vector<double> values;
    std::vector<std::size_t> step_rows;
};

// An operator's setting: holds for 60 to 600 rows, then moves by 1 to 10 units.
Steps operator_steps(std::size_t n, std::mt19937& rng, double noise_sd = 0.0) {
    std::uniform_int_distribution<std::size_t> hold(60, 600);
    std::uniform_real_distribution<double> move(1.0, 10.0);
    std::bernoulli_distribution up(0.5);
    std::normal_distribution<double> noise(0.0, 1.0);
    Steps s;
    double level = 180.0;
    std::size_t next = hold(rng);
    for (std::size_t i = 0; i < n; ++i) {
        if (i == next) {
            level += up(rng) ? move(rng) : -move(rng);
            s.step_rows.push_back(i);
            next += hold(rng);
        }
        s.values.push_back(level + noise_sd * noise(rng));
    }
    return s;
}

// AR(1) around 20 with coefficient phi and unit innovations, plus white noise.
std::vector<double> ar1(std::size_t n, double phi, double noise_sd, std::mt19937& rng) {
    std::normal_distribution<double> shock(0.0, 1.0);
    std::vector<double> x(n);
    double level = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        level = phi * level + shock(rng);
        x[i] = 20.0 + level + noise_sd * shock(rng);
    }
    return x;
}

TEST(ColumnMovement, OperatorStepsWithGapsAreSteps) {
    for (unsigned seed = 1; seed <= 5; ++seed) {
        std::mt19937 rng(seed);
        Steps s = operator_steps(20000, rng);
        add_gaps(s.values, 0.05, rng);
        const MovementSummary m = classify_movement(s.values);
        EXPECT_EQ(m.kind, Movement::steps) << "seed " << seed << ": " << movement_name(m.kind);
        // A step that falls in a gap is still seen, one row late: same count of jumps.
        EXPECT_EQ(m.jumps, s.step_rows.size()) << "seed " << seed;
        ASSERT_EQ(m.jump_rows.size(), m.jumps);
        for (std::size_t j = 0; j < m.jump_rows.size() && j < s.step_rows.size(); ++j) {
            EXPECT_GE(m.jump_rows[j], s.step_rows[j]);
            EXPECT_LE(m.jump_rows[j], s.step_rows[j] + 200)
                << "jump " << j;  // the block gap delays one
        }
    }
}

TEST(ColumnMovement, NoisyMeasuredStepsAreSteps) {
    // A valve position read back with noise: steps of 1..10 units, noise sd 0.2.
    std::mt19937 rng(7);
    Steps s = operator_steps(20000, rng, 0.2);
    add_gaps(s.values, 0.02, rng);
    const MovementSummary m = classify_movement(s.values);
    EXPECT_EQ(m.kind, Movement::steps) << movement_name(m.kind);
    EXPECT_NEAR(static_cast<double>(m.jumps), static_cast<double>(s.step_rows.size()),
                0.1 * static_cast<double>(s.step_rows.size()));
    EXPECT_GT(m.plateau_share, 0.99);
}

TEST(ColumnMovement, SmoothDriftIsDriftAndItsAutocorrelationIsPhi) {
    for (const double phi : {0.95, 0.99, 0.999}) {
        std::mt19937 rng(11);
        std::vector<double> x = ar1(40000, phi, 0.0, rng);
        add_gaps(x, 0.05, rng);
        const MovementSummary m = classify_movement(x);
        EXPECT_EQ(m.kind, Movement::drift) << phi << ": " << movement_name(m.kind);
        // For an AR(1) process the lag-1 autocorrelation is phi (the gaps join rows two
        // apart now and then: phi^2 there, 5 % of the pairs).
        EXPECT_NEAR(m.lag1_autocorrelation, phi, 0.05 * (1.0 - phi) + 0.01) << phi;
        EXPECT_NEAR(m.roughness, 1.0 - m.lag1_autocorrelation, 1e-12);
    }
}

TEST(ColumnMovement, NoisySignalIsNoisyAndWhiteNoiseIsMemoryless) {
    std::mt19937 rng(3);
    std::vector<double> noisy =
        ar1(20000, 0.7, 0.5, rng);  // r1 = 0.7 var / (var + 0.25), about 0.66
    add_gaps(noisy, 0.05, rng);
    const MovementSummary m = classify_movement(noisy);
    EXPECT_EQ(m.kind, Movement::noisy) << movement_name(m.kind);
    const double var = 1.0 / (1.0 - 0.49);
    EXPECT_NEAR(m.lag1_autocorrelation, 0.7 * var / (var + 0.25), 0.04);

    std::normal_distribution<double> white(5.0, 2.0);
    std::vector<double> items(10000);
    for (auto& v : items) v = white(rng);
    const MovementSummary w = classify_movement(items);
    EXPECT_EQ(w.kind, Movement::memoryless) << movement_name(w.kind);
    EXPECT_NEAR(w.lag1_autocorrelation, 0.0, 0.05);
}

TEST(ColumnMovement, CountersAccumulatorsAndConstants) {
    std::vector<double> counter(5000);
    for (std::size_t i = 0; i < counter.size(); ++i) counter[i] = static_cast<double>(i + 1);
    MovementSummary m = classify_movement(counter);
    EXPECT_EQ(m.kind, Movement::counter);
    EXPECT_TRUE(m.unit_steps);
    EXPECT_TRUE(m.whole_numbers);

    // An identifier with gaps still only rises, but not by one.
    std::mt19937 rng(5);
    add_gaps(counter, 0.1, rng);
    m = classify_movement(counter);
    EXPECT_EQ(m.kind, Movement::counter);
    EXPECT_FALSE(m.unit_steps);

    // Seconds since midnight every 15 minutes (the Steel data's NSM): resets daily.
    std::vector<double> clock;
    for (int day = 0; day < 30; ++day)
        for (int q = 1; q <= 96; ++q) clock.push_back(q == 96 ? 0.0 : 900.0 * q);
    m = classify_movement(clock);
    EXPECT_EQ(m.kind, Movement::accumulating) << movement_name(m.kind);
    EXPECT_EQ(m.resets, 30u);

    // Wear that creeps up with noise-free quantised steps and is reset at maintenance.
    std::vector<double> wear;
    double w = 0.0;
    for (int i = 0; i < 20000; ++i) {
        w += (i % 17 == 0) ? 0.0 : 0.013;
        if (i % 5000 == 4999) w = 0.0;
        wear.push_back(std::round(w * 1000.0) / 1000.0);
    }
    m = classify_movement(wear);
    EXPECT_EQ(m.kind, Movement::accumulating) << movement_name(m.kind);
    EXPECT_EQ(m.resets, 4u);  // rows 4999, 9999, 14999, 19999

    std::vector<double> constant(1000, 12.5);
    add_gaps(constant, 0.2, rng);
    m = classify_movement(constant);
    EXPECT_EQ(m.kind, Movement::constant);
    EXPECT_EQ(m.first, 12.5);

    const std::vector<double> few{1.0, nan, 2.0, 3.0};
    EXPECT_EQ(classify_movement(few).kind, Movement::too_few);
    EXPECT_EQ(classify_movement(std::vector<double>{}).kind, Movement::too_few);
}

TEST(ColumnMovement, RareEventCountsAreNotSteps) {
    // Scrap counted per minute: mostly 0, now and then 1 or 2. Jumps are few and the values
    // hold, but every excursion is a one-row spike, not a setting.
    std::mt19937 rng(9);
    std::poisson_distribution<int> scrap(0.02);
    std::vector<double> x(20000);
    for (auto& v : x) v = scrap(rng);
    const MovementSummary m = classify_movement(x);
    EXPECT_NE(m.kind, Movement::steps);
    EXPECT_EQ(m.kind, Movement::memoryless) << movement_name(m.kind);
}

TEST(ColumnMovement, LevelChangesCountLabelsAndChanges) {
    const std::vector<std::int32_t> codes{0, 0, -1, 0, 1, 1, -1, -1, 1, 2, 0};
    const LevelChanges c = level_changes(codes);
    EXPECT_EQ(c.values, 8u);
    EXPECT_EQ(c.levels_used, 3u);
    EXPECT_EQ(c.changes, 3u);  // 0->1, 1->2, 2->0; gaps join their neighbours
    EXPECT_NEAR(c.change_fraction(), 3.0 / 7.0, 1e-12);
}

// A first-order process answering the operator's steps (time constant tau rows), with
// noise; a disturbance that drifts on its own.
struct StepProcess {
    Steps control;
    std::vector<double> output;
    std::vector<double> disturbance;
};

StepProcess step_process(unsigned seed, double tau, double gain, double noise_sd) {
    std::mt19937 rng(seed);
    StepProcess p;
    p.control = operator_steps(30000, rng);
    const std::vector<double> ambient = ar1(30000, 0.999, 0.05, rng);
    std::normal_distribution<double> noise(0.0, noise_sd);
    double y = gain * p.control.values.front();
    for (std::size_t i = 0; i < p.control.values.size(); ++i) {
        y += (gain * p.control.values[i] - y) / tau;
        p.output.push_back(y + 0.05 * ambient[i] + noise(rng));
    }
    p.disturbance = ambient;
    return p;
}

TEST(StepFollowing, AnOutputFollowsAndADisturbanceDoesNot) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
        StepProcess p = step_process(seed, 20.0, -0.8, 0.5);
        std::mt19937 rng(seed + 100);
        add_gaps(p.output, 0.05, rng);
        add_gaps(p.disturbance, 0.05, rng);
        const MovementSummary control = classify_movement(p.control.values);
        ASSERT_EQ(control.kind, Movement::steps);
        const StepFollowing out = follows_steps(p.output, control);
        EXPECT_TRUE(out.follows) << "seed " << seed << " r " << out.correlation;
        EXPECT_LT(out.correlation, -0.9);  // negative gain: the sign comes through
        EXPECT_GE(out.steps, control.jumps - 3);
        const StepFollowing dist = follows_steps(p.disturbance, control);
        EXPECT_FALSE(dist.follows) << "seed " << seed << " r " << dist.correlation;
        EXPECT_LT(std::abs(dist.correlation), 0.5);
    }
}

TEST(StepFollowing, ADisturbanceTheOperatorAnswersLeadsTheStepsAndDoesNotFollow) {
    // The operator steps the setting against the disturbance's last move: the two
    // correlate, but the disturbance moved before each step.
    std::mt19937 rng(21);
    const std::size_t n = 30000;
    std::vector<double> d = ar1(n, 0.999, 0.0, rng);
    std::vector<double> setting(n);
    double level = 100.0;
    std::size_t last = 0;
    std::uniform_int_distribution<std::size_t> hold(100, 400);
    std::size_t next = hold(rng);
    for (std::size_t i = 0; i < n; ++i) {
        if (i == next) {
            const double move = -2.0 * (d[i - 1] - d[last]);
            level += std::abs(move) < 0.5 ? (move < 0 ? -0.5 : 0.5) : move;
            last = i;
            next += hold(rng);
        }
        setting[i] = level;
    }
    const MovementSummary control = classify_movement(setting);
    ASSERT_EQ(control.kind, Movement::steps);
    const StepFollowing f = follows_steps(d, control);
    EXPECT_LT(f.correlation_before, -0.3)
        << "the disturbance leads: its change before the step correlates";
    EXPECT_LT(std::abs(f.correlation), 0.3);
    EXPECT_FALSE(f.follows) << "after " << f.correlation << " before " << f.correlation_before;
}

}  // namespace
}  // namespace twinbench
