// Rows that arrive while the plant runs (core/live), merged into a source already stored:
// appended after the last row, or placed by time among the rows stored (a late sample),
// or filling the missing cells of a row with the same time stamp. Works inside the
// caller's transaction, so the rows, the stream's counters and the source's read position
// commit together or not at all.
//
// Column chunks stay a memcpy each on reading: a commit of a few rows adds a small chunk,
// and once a source's tail holds many small chunks they are rewritten as one, so a day of
// one commit a second does not leave 86,400 chunks per column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/recent_times.h"
#include "data/table.h"

namespace twinbench {

class Project;

struct MergeOutcome {
    std::size_t appended = 0;    // rows after the last stored time
    std::size_t inserted = 0;    // late rows placed between stored rows
    std::size_t filled = 0;      // rows whose time was stored: their new cells filled missing ones
    std::size_t duplicates = 0;  // rows whose time was stored and which added nothing
};

class SourceAppender {
  public:
    // The source must have a time column. Reads its column layout and keeps the last
    // `recent_rows_kept` times of its axis (older ones are read from the store when a late
    // row needs them).
    SourceAppender(Project& project, std::int64_t source_id,
                   std::size_t recent_rows_kept = RecentTimes::default_rows_kept);

    // The source's columns (names, headers, units, types, roles, levels) without values.
    const Table& layout() const { return layout_; }
    const std::string& time_column() const { return time_column_; }
    // The last stored row times (UTC seconds) and the count of rows stored.
    const RecentTimes& recent_times() const { return times_; }

    // Merges `block` (the layout's columns in the same order, categorical columns with
    // their own levels, time_s ascending without repeats) into the source. Call inside a
    // Project::Transaction; on an exception the caller rolls back and must drop this
    // appender (its in-memory time axis is ahead of the file).
    MergeOutcome merge(const Table& block);

    // The record of a live stream in the source's file list (source_file, path = the
    // stream's name): created on first use; its counters, rejected rows and notes show in
    // the import report like those of an imported file.
    std::int64_t stream_record(const std::string& stream_name, const std::string& time_zone);
    void count_stream(std::int64_t record, std::size_t rows_imported, std::size_t rows_rejected);
    void add_rejected(std::int64_t record, std::int64_t line, const std::string& reason,
                      const std::string& raw);
    void add_note(std::int64_t record, const std::string& message);

  private:
    struct StoredColumn {
        std::int64_t id = 0;
        std::unordered_map<std::string, std::int32_t> codes;  // categorical labels stored
    };
    std::vector<double> read_tail_values(std::int64_t column_id, std::size_t from_row);
    // Row of the first stored time not before `t`, searched chunk by chunk in the stored
    // time column (the axis is in time order).
    std::size_t stored_lower_bound(double t);
    std::vector<std::int32_t> read_tail_codes(std::int64_t column_id, std::size_t from_row);
    std::size_t chunk_start_at(std::int64_t column_id, std::size_t row);
    std::size_t compaction_start(std::int64_t column_id);
    std::vector<std::int32_t> stored_codes(std::size_t column, const Column& incoming);

    Project& project_;
    std::int64_t source_id_ = 0;
    std::string time_column_;
    Table layout_;
    std::vector<StoredColumn> stored_;
    std::size_t time_index_ = 0;  // the time column among the layout's columns
    RecentTimes times_;
    bool sorted_ = true;
};

}  // namespace twinbench
