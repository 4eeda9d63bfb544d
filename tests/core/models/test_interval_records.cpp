// Outputs recorded once per interval (models/interval_records.h), on a process with known
// answers: items made every minute, each rejected with a probability that follows the
// setpoint the minute it was made, counted per 15 minutes and stamped at the interval's
// start or at its end; and a spot sample that holds at its stamp.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "models/interval_records.h"

namespace twinbench {
namespace {

constexpr std::size_t interval = 15;

struct RecordedProcess {
    SignalFrame history;
    std::vector<double> setpoint;
};

// stamp: where the count of each interval is written (start or end); instant: a spot
// sample of the reject probability x 20 at the stamp, every 15 minutes.
RecordedProcess recorded_process(IntervalStamp stamp, std::uint64_t seed) {
    constexpr std::size_t steps = 30000;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_int_distribution<int> hold(3, 25);
    RecordedProcess p;
    p.setpoint.resize(steps);
    // Operators move the setpoint every 3-25 minutes: often within an interval.
    double level = 0.0;
    for (std::size_t k = 0, next = 0; k < steps; ++k) {
        if (k == next) {
            level = normal(rng);
            next += static_cast<std::size_t>(hold(rng));
        }
        p.setpoint[k] = level;
    }
    const auto probability = [&](std::size_t k) { return 1.0 / (1.0 + std::exp(-(-3.0 + 1.2 * p.setpoint[k]))); };
    std::vector<double> rejects(steps, std::nan("")), made(steps, std::nan(""));
    for (std::size_t first = interval; first + 2 * interval < steps; first += interval) {
        double count = 0.0;
        for (std::size_t k = first; k < first + interval; ++k) {
            std::binomial_distribution<int> items(4, probability(k));
            count += items(rng);
        }
        const std::size_t at = stamp == IntervalStamp::end ? first + interval : first;
        if (stamp == IntervalStamp::instant) {
            std::binomial_distribution<int> items(60, probability(at));
            count = items(rng);
        }
        rejects[at] = count;
        made[at] = 4.0 * interval;
    }
    p.history.step_min = 1.0;
    p.history.add({"setpoint", "", ColumnType::numeric, {}, p.setpoint});
    p.history.add({"rejects", "", ColumnType::numeric, {}, rejects});
    p.history.add({"made", "", ColumnType::numeric, {}, made});
    return p;
}

IntervalAlignment stamp_of(const RecordedProcess& p) {
    return choose_interval_stamp(p.history, "rejects", OutputKind::count, "made", {"setpoint"});
}

TEST(IntervalRecords, RegularSpacingIsFoundAndIrregularSamplesAreNot) {
    const RecordedProcess p = recorded_process(IntervalStamp::start, 1);
    EXPECT_EQ(regular_interval_steps(p.history.at("rejects").values), interval);
    EXPECT_EQ(regular_interval_steps(p.setpoint), 0u);  // dense: spacing 1
    std::vector<double> irregular(1000, std::nan(""));
    for (std::size_t k = 0, gap = 2; k < irregular.size(); k += gap, gap = gap % 7 + 2) irregular[k] = 1.0;
    EXPECT_EQ(regular_interval_steps(irregular), 0u);
}

TEST(IntervalRecords, ACountStampedAtTheIntervalsStartIsReadOverTheIntervalAfterIt) {
    const IntervalAlignment a = stamp_of(recorded_process(IntervalStamp::start, 2));
    EXPECT_EQ(a.stamp, IntervalStamp::start);
    EXPECT_EQ(a.interval_steps, interval);
    EXPECT_GT(a.likelihood_ratio, 10.83);
    EXPECT_NE(a.describe().find("stamped at the interval's start"), std::string::npos) << a.describe();
}

TEST(IntervalRecords, ACountStampedAtTheIntervalsEndIsReadOverTheIntervalBeforeIt) {
    const IntervalAlignment a = stamp_of(recorded_process(IntervalStamp::end, 3));
    EXPECT_EQ(a.stamp, IntervalStamp::end);
    EXPECT_GT(a.likelihood_ratio, 10.83);
}

TEST(IntervalRecords, ASpotSampleStaysAtItsStamp) {
    const IntervalAlignment a = stamp_of(recorded_process(IntervalStamp::instant, 4));
    EXPECT_EQ(a.stamp, IntervalStamp::instant);
    EXPECT_EQ(a.describe(), "");
}

TEST(IntervalRecords, MeansCoverTheIntervalAndTheHistoryComesBack) {
    RecordedProcess p = recorded_process(IntervalStamp::start, 5);
    const std::vector<double> before = p.history.at("setpoint").values;
    {
        const ScopedIntervalMeans means(p.history, {"setpoint"}, {IntervalStamp::start, interval, 50.0});
        double sum = 0.0;
        for (std::size_t k = 300; k < 300 + interval; ++k) sum += before[k];
        EXPECT_NEAR(p.history.at("setpoint").values[300], sum / interval, 1e-12);
        // The last step's window is cut at the frame's end: the step itself.
        EXPECT_DOUBLE_EQ(p.history.at("setpoint").values.back(), before.back());
    }
    EXPECT_EQ(p.history.at("setpoint").values, before);
    {
        const ScopedIntervalMeans means(p.history, {"setpoint"}, {IntervalStamp::end, interval, 50.0});
        double sum = 0.0;
        for (std::size_t k = 300 - interval; k < 300; ++k) sum += before[k];
        EXPECT_NEAR(p.history.at("setpoint").values[300], sum / interval, 1e-12);
    }
    EXPECT_EQ(p.history.at("setpoint").values, before);
}

}  // namespace
}  // namespace twinbench
