// Rows from a LiveSource appended to a dataset's main source as they arrive (PRODUCT.md
// section 5, `watch`): each cell validated against its column's type with the importer's
// rules (numbers, yes/no, dates, missing-value spellings), rows gathered in memory and
// committed in batches (every `commit_rows` rows or `commit_interval`, 0.25 s), each commit one
// SQLite transaction (the project is in WAL mode) holding the rows, the stream's counters,
// its rejected rows and notes, and the source's checkpoint. A watcher killed at any moment
// leaves the project at its last commit, and a new one goes on from there.
//
// Rows with a time already stored fill that row's missing cells (one-value-per-topic MQTT
// data arrives so) or count as duplicates; late rows are placed where their time belongs;
// a stretch without samples longer than five usual steps is recorded as a gap.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/source_append.h"
#include "data/table.h"
#include "data/timestamp_parser.h"
#include "live/live_source.h"

namespace twinbench {

class Project;

struct LiveIngestOptions {
    std::size_t commit_rows = 10000;
    // A quarter second: the monitor sees a sample well within its 1 s alert budget, and a
    // WAL commit (no fsync with synchronous=NORMAL) costs far less than that.
    std::chrono::milliseconds commit_interval{250};
    // Rejected rows kept with their text in the project per stream; beyond, only counted.
    std::size_t rejected_rows_kept = 1000;
    // Row times kept in memory at the end of the time axis (a late row older than these is
    // placed by searching the stored time column): bounded, so a watcher running for
    // months does not grow 8 B a row.
    std::size_t recent_rows_kept = RecentTimes::default_rows_kept;
};

struct TimeGap {
    double from_utc_s = 0.0;  // the last sample before the gap
    double to_utc_s = 0.0;    // the first one after it
};

// What one commit stored: handed to the observer (the divergence monitor) after the
// transaction is committed.
struct AppendedRows {
    // The rows of this commit in time order with the main source's columns (names, units,
    // types, roles; categorical columns with their own levels). Late rows are among them.
    Table rows;
    MergeOutcome merge;
    std::vector<TimeGap> gaps;
    std::size_t rows_appended_total = 0;  // since this LiveIngest started
    std::size_t rows_rejected_total = 0;
};

class LiveIngest {
  public:
    // Appends to the dataset's main source (the one with the time axis). Throws
    // UsageError when the dataset is unknown or its main source has no time column.
    LiveIngest(Project& project, const std::string& dataset, const std::string& stream_name,
               LiveIngestOptions options = {});
    ~LiveIngest();
    LiveIngest(const LiveIngest&) = delete;
    LiveIngest& operator=(const LiveIngest&) = delete;

    // The stream's checkpoint as last committed ("" = never): give it to the source's
    // restore() before its first poll.
    std::string saved_checkpoint() const;

    // Validates the batch's rows and keeps them for the next commit.
    void add(const LiveBatch& batch);
    // True when enough rows wait or the oldest has waited commit_interval.
    bool commit_due() const;
    // Stores what waits together with the source's checkpoint, in one transaction; then
    // tells the observer. On failure the project stays at the previous commit and the
    // exception propagates (ProjectError).
    void commit(const std::string& checkpoint);

    using Observer = std::function<void(const AppendedRows&)>;
    void set_observer(Observer observer) { observer_ = std::move(observer); }

    std::size_t rows_appended() const { return rows_appended_; }  // stored as new rows
    std::size_t rows_rejected() const { return rows_rejected_; }
    std::size_t rows_duplicate() const { return rows_duplicate_; }
    std::size_t rows_waiting() const { return pending_.size(); }
    // Payload or header names that are no column of the dataset (their values are not stored).
    const std::set<std::string>& unknown_columns() const { return unknown_; }
    const std::string& dataset_name() const { return dataset_name_; }
    const Table& layout() const { return appender_->layout(); }

  private:
    struct PendingRow {
        std::vector<double> values;       // per column; NaN = missing
        std::vector<std::string> labels;  // per column when any is categorical; "" = missing
    };
    void add_row(const LiveRow& row);
    void reject(const std::string& origin, std::int64_t line, std::string reason, const std::string& raw);
    std::optional<double> parse_time(std::string_view text, std::optional<TimestampFormat> hint,
                                     std::string& problem);
    double usual_step_s() const;

    Project& project_;
    std::string dataset_name_;
    std::string stream_name_;
    std::string checkpoint_key_;
    LiveIngestOptions options_;
    std::unique_ptr<SourceAppender> appender_;
    std::unique_ptr<LocalTimeResolver> local_time_;
    std::int64_t stream_record_ = 0;
    std::size_t time_column_ = 0;
    std::unordered_map<std::string, std::size_t> column_by_name_;
    std::map<double, PendingRow> pending_;
    std::vector<LiveReject> pending_rejects_;
    std::vector<std::string> pending_notes_;
    std::size_t pending_duplicates_ = 0;
    std::chrono::steady_clock::time_point oldest_pending_{};
    std::set<std::string> unknown_;
    std::size_t rows_appended_ = 0, rows_rejected_ = 0, rows_duplicate_ = 0;
    std::size_t rejected_kept_ = 0;
    Observer observer_;
};

}  // namespace twinbench
