#include "data/recent_times.h"

#include <algorithm>

#include "common/error.h"

namespace twinbench {

RecentTimes::RecentTimes(std::size_t rows_kept) : rows_kept_(std::max<std::size_t>(rows_kept, 1)) {}

void RecentTimes::reset(std::size_t rows_stored, std::span<const double> last_times) {
    if (last_times.size() > rows_stored)
        throw ProjectError("more recent row times than rows stored (internal error)");
    const std::size_t n = std::min(last_times.size(), rows_kept_);
    times_.assign(last_times.end() - static_cast<std::ptrdiff_t>(n), last_times.end());
    times_.shrink_to_fit();
    first_row_ = rows_stored - n;
}

std::optional<std::size_t> RecentTimes::lower_bound(double t) const {
    if (times_.empty()) return first_row_ == 0 ? std::optional<std::size_t>(0) : std::nullopt;
    // At the window's first time or before it, an older stored row may hold the same or a
    // later time only the store knows (an axis with repeats): the window cannot tell.
    if (first_row_ > 0 && t <= times_.front()) return std::nullopt;
    return first_row_ + static_cast<std::size_t>(std::lower_bound(times_.begin(), times_.end(), t) - times_.begin());
}

void RecentTimes::append(std::span<const double> times) {
    times_.insert(times_.end(), times.begin(), times.end());
    trim();
}

void RecentTimes::replace_from(std::size_t from, std::span<const double> times) {
    if (from > rows_stored()) throw ProjectError("late rows placed after the end of the time axis (internal error)");
    if (from >= first_row_) {
        times_.resize(from - first_row_);
        times_.insert(times_.end(), times.begin(), times.end());
    } else {
        times_.assign(times.begin(), times.end());
        first_row_ = from;
    }
    trim();
}

// The window may reach twice its size before the oldest half goes: one erase per
// rows_kept appended rows, not one per commit.
void RecentTimes::trim() {
    if (times_.size() > 2 * rows_kept_) {
        const std::size_t drop = times_.size() - rows_kept_;
        times_.erase(times_.begin(), times_.begin() + static_cast<std::ptrdiff_t>(drop));
        first_row_ += drop;
    }
    // A large late merge or a large first block leaves a large buffer behind: give it back.
    if (times_.capacity() > 4 * rows_kept_) times_.shrink_to_fit();
}

}  // namespace twinbench
