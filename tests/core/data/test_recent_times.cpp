// The window of recent row times a live watcher keeps: checked against the whole time axis
// kept in a plain vector, through appends and late merges, inside and before the window.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "data/recent_times.h"

namespace twinbench {
namespace {

std::size_t full_lower_bound(const std::vector<double>& axis, double t) {
    return static_cast<std::size_t>(std::lower_bound(axis.begin(), axis.end(), t) - axis.begin());
}

TEST(RecentTimes, KeepsABoundedTailAndAgreesWithTheWholeAxisWhereItAnswers) {
    const std::size_t kept = 8;
    std::vector<double> axis = {0.0, 1.0, 2.0};
    RecentTimes recent(kept);
    recent.reset(axis.size(), axis);
    std::mt19937 random(16);
    std::size_t unanswered = 0;
    for (int step = 0; step < 400; ++step) {
        if (step % 7 == 3 && axis.size() > 2) {
            // A late row: merged into the tail from the row before it on, as SourceAppender does.
            const double late = axis.back() - std::uniform_real_distribution<double>(0.1, 30.0)(random);
            const std::size_t from = full_lower_bound(axis, late) == 0 ? 0 : full_lower_bound(axis, late) - 1;
            std::vector<double> tail(axis.begin() + static_cast<std::ptrdiff_t>(from), axis.end());
            tail.insert(std::upper_bound(tail.begin(), tail.end(), late), late);
            axis.resize(from);
            axis.insert(axis.end(), tail.begin(), tail.end());
            recent.replace_from(from, tail);
        } else {
            std::vector<double> block;
            for (int i = std::uniform_int_distribution<int>(1, 5)(random); i > 0; --i) block.push_back(axis.back() + 1.0 + static_cast<double>(block.size()));
            axis.insert(axis.end(), block.begin(), block.end());
            recent.append(block);
        }
        ASSERT_EQ(recent.rows_stored(), axis.size());
        ASSERT_EQ(recent.back(), axis.back());
        ASSERT_LE(recent.kept().size(), 2 * kept);
        ASSERT_GE(recent.kept().size(), std::min(axis.size(), kept));
        const auto window = recent.kept();
        ASSERT_TRUE(std::equal(window.begin(), window.end(), axis.begin() + static_cast<std::ptrdiff_t>(recent.first_row_kept())));
        for (const double t : {axis.back() - 3.5, axis.back() - 20.0, axis.back(), axis.back() + 1.0, axis.front() - 1.0}) {
            const auto row = recent.lower_bound(t);
            if (row) {
                ASSERT_EQ(*row, full_lower_bound(axis, t)) << "t " << t << " step " << step;
            } else {
                ++unanswered;
            }
            // Past the window's first time the window always answers.
            if (!window.empty() && t > window.front()) {
                ASSERT_TRUE(row.has_value());
            }
        }
    }
    EXPECT_GT(axis.size(), 200u);
    EXPECT_GT(unanswered, 0u) << "times before the window are left to the store";
}

TEST(RecentTimes, AnEmptyAxisPlacesEverythingAtRowZero) {
    RecentTimes recent(4);
    recent.reset(0, {});
    EXPECT_TRUE(recent.empty());
    EXPECT_EQ(recent.lower_bound(5.0), std::optional<std::size_t>(0));
    recent.append(std::vector<double>{1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0});
    EXPECT_EQ(recent.rows_stored(), 9u);
    EXPECT_EQ(recent.first_row_kept(), 5u);  // more than twice the 4 kept: trimmed to 4
    EXPECT_EQ(recent.lower_bound(7.5), std::optional<std::size_t>(7));
    EXPECT_EQ(recent.lower_bound(6.0), std::nullopt);  // the window's first time: only the store knows
}

}  // namespace
}  // namespace twinbench
