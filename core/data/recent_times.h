// The latest row times of a source that live rows are appended to: a window of the last
// few thousand times at the end of the time axis and the count of all rows stored. A
// watcher runs for months; keeping every time it ever stored (8 B a row, 0.7 MB a day at
// 1 Hz) would grow without bound, while appending, the usual step, gaps and late rows of
// the last hour only need the end of the axis. A late row older than the window is placed
// by searching the stored time column (SourceAppender), not this window.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace twinbench {

class RecentTimes {
  public:
    // An hour of 1 Hz rows, 32 KiB; never fewer than the 1,000 steps the usual step is
    // read from.
    static constexpr std::size_t default_rows_kept = 4096;

    explicit RecentTimes(std::size_t rows_kept = default_rows_kept);

    // The axis as stored: `last_times` are the times of the last rows of `rows_stored`
    // (all of them, or at least the rows kept).
    void reset(std::size_t rows_stored, std::span<const double> last_times);

    std::size_t rows_stored() const { return first_row_ + times_.size(); }
    bool empty() const { return rows_stored() == 0; }
    double back() const { return times_.back(); }
    // Row number of the first time kept; the times kept run from it to the last row.
    std::size_t first_row_kept() const { return first_row_; }
    std::span<const double> kept() const { return times_; }

    // Row of the first stored time not before `t` (std::lower_bound over the stored axis)
    // when the window can tell; nullopt when `t` lies before the window (search the store).
    std::optional<std::size_t> lower_bound(double t) const;

    void append(std::span<const double> times);
    // The rows from `from` on now hold `times` (a late row merged into the tail).
    void replace_from(std::size_t from, std::span<const double> times);

  private:
    void trim();

    std::size_t rows_kept_;
    std::size_t first_row_ = 0;
    std::vector<double> times_;
};

}  // namespace twinbench
