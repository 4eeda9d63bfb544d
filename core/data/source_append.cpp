#include "data/source_append.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <unordered_set>

#include <fmt/format.h>

#include "common/error.h"
#include "common/time_format.h"
#include "data/column_chunks.h"
#include "data/project.h"
#include "data/sqlite_statement.h"

namespace twinbench {
namespace {

// More small chunks than this at a source's tail are rewritten as one: reading stays a
// memcpy per chunk, and each value is rewritten only about log(chunk size / commit size)
// times on its way into a full chunk.
constexpr std::size_t small_chunks_before_compaction = 16;

template <typename T>
void write_chunks(sqlite3* db, std::int64_t column_id, std::size_t first_row, std::span<const T> values) {
    Statement insert(
        db, "INSERT INTO column_chunk(column_id, first_row, row_count, data) VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t start = 0; start < values.size(); start += rows_per_chunk) {
        const std::size_t n = std::min(rows_per_chunk, values.size() - start);
        const auto blob = encode_chunk(values.subspan(start, n));
        insert.bind(1, column_id)
            .bind(2, first_row + start)
            .bind(3, n)
            .bind_blob(4, blob.data(), blob.size())
            .run();
    }
}

void delete_chunks_from(sqlite3* db, std::int64_t column_id, std::size_t first_row) {
    Statement del(db, "DELETE FROM column_chunk WHERE column_id = ?1 AND first_row >= ?2");
    del.bind(1, column_id).bind(2, first_row).run();
}

// One row of a merged tail: a stored row, a new row, or a stored row whose missing cells
// take the new row's values (same time stamp).
struct TailEntry {
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::size_t stored = none;  // index into the stored tail
    std::size_t fresh = none;   // row of the block
};

}  // namespace

SourceAppender::SourceAppender(Project& project, std::int64_t source_id, std::size_t recent_rows_kept)
    : project_(project), source_id_(source_id), times_(recent_rows_kept) {
    const Table stored = project.read_source(source_id);
    sqlite3* db = project.handle();
    {
        Statement s(db, "SELECT time_column FROM source WHERE id = ?1");
        s.bind(1, source_id);
        if (s.step()) time_column_ = s.text(0);
    }
    if (time_column_.empty() || !stored.has_time())
        throw UsageError(fmt::format(
            "source '{}' has no time column: live rows can only be appended to a source with "
            "time stamps; import a file with a time column first",
            stored.name));
    layout_.name = stored.name;
    Statement ids(db, "SELECT id FROM column_info WHERE source_id = ?1 AND name = ?2");
    for (const auto& column : stored.columns) {
        if (column.name == time_column_) time_index_ = layout_.columns.size();
        Column c;
        c.name = column.name;
        c.header = column.header;
        c.unit = column.unit;
        c.type = column.type;
        c.role = column.role;
        c.levels = column.levels;
        layout_.columns.push_back(std::move(c));
        StoredColumn state;
        ids.bind(1, source_id).bind(2, column.name);
        if (ids.step()) state.id = ids.int64(0);
        ids.reset();
        for (std::size_t l = 0; l < column.levels.size(); ++l)
            state.codes.emplace(column.levels[l], static_cast<std::int32_t>(l));
        stored_.push_back(std::move(state));
    }
    times_.reset(stored.time_s.size(), stored.time_s);
    sorted_ = std::is_sorted(stored.time_s.begin(), stored.time_s.end());
}

std::vector<std::int32_t> SourceAppender::stored_codes(std::size_t column, const Column& incoming) {
    auto& state = stored_[column];
    Statement level(project_.handle(),
                    "INSERT INTO column_level(column_id, code, label) VALUES (?1, ?2, ?3)");
    std::vector<std::int32_t> remap(incoming.levels.size());
    for (std::size_t l = 0; l < incoming.levels.size(); ++l) {
        auto [pos, added] =
            state.codes.emplace(incoming.levels[l], static_cast<std::int32_t>(state.codes.size()));
        remap[l] = pos->second;
        if (added) {
            level.bind(1, state.id).bind(2, pos->second).bind(3, incoming.levels[l]).run();
            layout_.columns[column].levels.push_back(incoming.levels[l]);
        }
    }
    std::vector<std::int32_t> codes(incoming.codes.size());
    for (std::size_t r = 0; r < codes.size(); ++r)
        codes[r] = incoming.codes[r] == missing_code
                       ? missing_code
                       : remap[static_cast<std::size_t>(incoming.codes[r])];
    return codes;
}

std::size_t SourceAppender::chunk_start_at(std::int64_t column_id, std::size_t row) {
    Statement s(project_.handle(),
                "SELECT max(first_row) FROM column_chunk WHERE column_id = ?1 AND first_row <= ?2");
    s.bind(1, column_id).bind(2, row);
    if (s.step() && !s.is_null(0)) return static_cast<std::size_t>(s.int64(0));
    return 0;
}

std::size_t SourceAppender::compaction_start(std::int64_t column_id) {
    Statement s(project_.handle(),
                "SELECT first_row, row_count FROM column_chunk WHERE column_id = ?1 "
                "ORDER BY first_row DESC");
    s.bind(1, column_id);
    std::size_t small = 0, start = times_.rows_stored();
    while (s.step() && static_cast<std::size_t>(s.int64(1)) < rows_per_chunk) {
        ++small;
        start = static_cast<std::size_t>(s.int64(0));
    }
    return small > small_chunks_before_compaction ? start : times_.rows_stored();
}

std::vector<double> SourceAppender::read_tail_values(std::int64_t column_id, std::size_t from_row) {
    Statement s(project_.handle(),
                "SELECT data FROM column_chunk WHERE column_id = ?1 AND first_row >= ?2 "
                "ORDER BY first_row");
    s.bind(1, column_id).bind(2, from_row);
    std::vector<double> out;
    while (s.step()) append_chunk(s.blob(0), s.blob_bytes(0), out);
    return out;
}

std::size_t SourceAppender::stored_lower_bound(double t) {
    const auto id = stored_[time_index_].id;
    std::vector<std::size_t> starts;
    {
        Statement s(project_.handle(), "SELECT first_row FROM column_chunk WHERE column_id = ?1 ORDER BY first_row");
        s.bind(1, id);
        while (s.step()) starts.push_back(static_cast<std::size_t>(s.int64(0)));
    }
    Statement chunk(project_.handle(), "SELECT data FROM column_chunk WHERE column_id = ?1 AND first_row = ?2");
    const auto read_chunk = [&](std::size_t first_row) {
        std::vector<double> out;
        chunk.bind(1, id).bind(2, first_row);
        if (chunk.step()) append_chunk(chunk.blob(0), chunk.blob_bytes(0), out);
        chunk.reset();
        return out;
    };
    // The first chunk whose last time is not before t holds the row.
    std::size_t lo = 0, hi = starts.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const auto times = read_chunk(starts[mid]);
        if (!times.empty() && times.back() < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == starts.size()) return times_.rows_stored();
    const auto times = read_chunk(starts[lo]);
    return starts[lo] + static_cast<std::size_t>(std::lower_bound(times.begin(), times.end(), t) - times.begin());
}

std::vector<std::int32_t> SourceAppender::read_tail_codes(std::int64_t column_id, std::size_t from_row) {
    Statement s(project_.handle(),
                "SELECT data FROM column_chunk WHERE column_id = ?1 AND first_row >= ?2 "
                "ORDER BY first_row");
    s.bind(1, column_id).bind(2, from_row);
    std::vector<std::int32_t> out;
    while (s.step()) append_chunk(s.blob(0), s.blob_bytes(0), out);
    return out;
}

MergeOutcome SourceAppender::merge(const Table& block) {
    MergeOutcome outcome;
    const std::size_t rows = block.time_s.size();
    if (rows == 0) return outcome;
    if (block.columns.size() != layout_.columns.size())
        throw ProjectError("live rows do not have the source's columns (internal error)");
    sqlite3* db = project_.handle();
    const std::size_t stored_rows = times_.rows_stored();
    const double last = stored_rows == 0 ? -std::numeric_limits<double>::infinity() : times_.back();

    // Which block rows to keep: on a source stored out of time order (an old import), a
    // late row cannot be placed, so it is appended unless its time is already there.
    std::vector<std::size_t> keep;
    keep.reserve(rows);
    std::size_t first_late = stored_rows;  // first stored row a late block row lands on or before
    if (sorted_) {
        double earliest_late = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < rows; ++j) {
            keep.push_back(j);
            if (block.time_s[j] <= last) earliest_late = std::min(earliest_late, block.time_s[j]);
        }
        if (earliest_late <= last) {
            const auto in_window = times_.lower_bound(earliest_late);
            first_late = in_window ? *in_window : stored_lower_bound(earliest_late);
        }
    } else {
        // Rare (a source imported out of time order before imports sorted): the stored
        // times are read back for each merge rather than kept.
        const auto stored_times = read_tail_values(stored_[time_index_].id, 0);
        std::unordered_set<double> seen(stored_times.begin(), stored_times.end());
        for (std::size_t j = 0; j < rows; ++j) {
            if (seen.count(block.time_s[j]) != 0)
                ++outcome.duplicates;
            else
                keep.push_back(j);
        }
    }

    // The block's values per column (codes mapped onto the stored ones; the time column
    // is the block's time axis).
    std::vector<std::vector<double>> fresh_values(layout_.columns.size());
    std::vector<std::vector<std::int32_t>> fresh_codes(layout_.columns.size());
    for (std::size_t c = 0; c < layout_.columns.size(); ++c) {
        const Column& incoming = block.columns[c];
        if (layout_.columns[c].type == ColumnType::categorical) {
            const auto all = stored_codes(c, incoming);
            for (const auto j : keep) fresh_codes[c].push_back(all[j]);
        } else {
            const bool is_time = layout_.columns[c].name == time_column_;
            for (const auto j : keep) fresh_values[c].push_back(is_time ? block.time_s[j] : incoming.values[j]);
        }
    }
    std::vector<double> fresh_times;
    fresh_times.reserve(keep.size());
    for (const auto j : keep) fresh_times.push_back(block.time_s[j]);

    if (first_late == stored_rows) {
        // Everything after the last stored row: add small chunks, fold the tail once it
        // holds many of them.
        for (std::size_t c = 0; c < layout_.columns.size(); ++c) {
            const auto id = stored_[c].id;
            const bool categorical = layout_.columns[c].type == ColumnType::categorical;
            const std::size_t start = compaction_start(id);
            if (start < stored_rows) {
                const std::size_t chunk = chunk_start_at(id, start);
                if (categorical) {
                    auto codes = read_tail_codes(id, chunk);
                    codes.insert(codes.end(), fresh_codes[c].begin(), fresh_codes[c].end());
                    delete_chunks_from(db, id, chunk);
                    write_chunks(db, id, chunk, std::span<const std::int32_t>(codes));
                } else {
                    auto values = read_tail_values(id, chunk);
                    values.insert(values.end(), fresh_values[c].begin(), fresh_values[c].end());
                    delete_chunks_from(db, id, chunk);
                    write_chunks(db, id, chunk, std::span<const double>(values));
                }
            } else if (categorical) {
                write_chunks(db, id, stored_rows, std::span<const std::int32_t>(fresh_codes[c]));
            } else {
                write_chunks(db, id, stored_rows, std::span<const double>(fresh_values[c]));
            }
        }
        outcome.appended = fresh_times.size();
        times_.append(fresh_times);
    } else {
        // Late rows: the stored rows from the chunk holding the earliest one to the end
        // are merged with the block by time and written back.
        const std::size_t from = chunk_start_at(stored_[0].id, first_late);
        // The stored times from `from` on, from the store: `from` may lie before the
        // window of recent times kept in memory.
        std::vector<double> tail_times;
        {
            const auto time_id = stored_[time_index_].id;
            const std::size_t time_chunk = chunk_start_at(time_id, from);
            tail_times = read_tail_values(time_id, time_chunk);
            tail_times.erase(tail_times.begin(), tail_times.begin() + static_cast<std::ptrdiff_t>(from - time_chunk));
        }
        if (tail_times.size() != stored_rows - from)
            throw ProjectError(fmt::format("the stored time column holds {} rows from row {} on where the source "
                                           "counts {}: the project file is damaged; restore it from a backup",
                                           tail_times.size(), from, stored_rows - from));
        const auto stored_time = [&](std::size_t row) { return tail_times[row - from]; };
        std::vector<TailEntry> order;
        order.reserve(stored_rows - from + fresh_times.size());
        std::size_t i = from, j = 0;
        while (i < stored_rows || j < fresh_times.size()) {
            if (j == fresh_times.size() || (i < stored_rows && stored_time(i) < fresh_times[j])) {
                order.push_back({i++ - from, TailEntry::none});
            } else if (i == stored_rows || fresh_times[j] < stored_time(i)) {
                if (fresh_times[j] > last)
                    ++outcome.appended;
                else
                    ++outcome.inserted;
                order.push_back({TailEntry::none, j++});
            } else {
                order.push_back({i++ - from, j++});
            }
        }
        std::vector<char> filled(order.size(), 0);
        for (std::size_t c = 0; c < layout_.columns.size(); ++c) {
            const auto id = stored_[c].id;
            const std::size_t chunk = chunk_start_at(id, from);
            const std::size_t skip = from - chunk;  // rows of the first chunk before `from`
            if (layout_.columns[c].type == ColumnType::categorical) {
                const auto old = read_tail_codes(id, chunk);
                std::vector<std::int32_t> merged(old.begin(), old.begin() + static_cast<std::ptrdiff_t>(skip));
                for (std::size_t k = 0; k < order.size(); ++k) {
                    const auto& e = order[k];
                    std::int32_t v = e.stored != TailEntry::none ? old[skip + e.stored] : fresh_codes[c][e.fresh];
                    if (e.stored != TailEntry::none && e.fresh != TailEntry::none && v == missing_code &&
                        fresh_codes[c][e.fresh] != missing_code) {
                        v = fresh_codes[c][e.fresh];
                        filled[k] = 1;
                    }
                    merged.push_back(v);
                }
                delete_chunks_from(db, id, chunk);
                write_chunks(db, id, chunk, std::span<const std::int32_t>(merged));
            } else {
                const auto old = read_tail_values(id, chunk);
                std::vector<double> merged(old.begin(), old.begin() + static_cast<std::ptrdiff_t>(skip));
                for (std::size_t k = 0; k < order.size(); ++k) {
                    const auto& e = order[k];
                    double v = e.stored != TailEntry::none ? old[skip + e.stored] : fresh_values[c][e.fresh];
                    if (e.stored != TailEntry::none && e.fresh != TailEntry::none && std::isnan(v) &&
                        !std::isnan(fresh_values[c][e.fresh])) {
                        v = fresh_values[c][e.fresh];
                        filled[k] = 1;
                    }
                    merged.push_back(v);
                }
                delete_chunks_from(db, id, chunk);
                write_chunks(db, id, chunk, std::span<const double>(merged));
            }
        }
        std::vector<double> merged_times;
        merged_times.reserve(order.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto& e = order[k];
            merged_times.push_back(e.stored != TailEntry::none ? tail_times[e.stored] : fresh_times[e.fresh]);
            if (e.stored != TailEntry::none && e.fresh != TailEntry::none)
                ++(filled[k] ? outcome.filled : outcome.duplicates);
        }
        times_.replace_from(from, merged_times);
    }
    Statement update(db, "UPDATE source SET row_count = ?1 WHERE id = ?2");
    update.bind(1, times_.rows_stored()).bind(2, source_id_).run();
    return outcome;
}

std::int64_t SourceAppender::stream_record(const std::string& stream_name, const std::string& time_zone) {
    sqlite3* db = project_.handle();
    Statement find(db, "SELECT id FROM source_file WHERE source_id = ?1 AND path = ?2");
    find.bind(1, source_id_).bind(2, stream_name);
    if (find.step()) return find.int64(0);
    Statement record(
        db,
        "INSERT INTO source_file(source_id, path, size_bytes, encoding, delimiter, decimal_mark, "
        "timestamp_format, time_zone, first_row, rows_imported, rows_rejected, imported_utc, given) "
        "VALUES (?1, ?2, 0, 'UTF-8', '', '', 'live', ?3, ?4, 0, 0, ?5, 'watch')");
    record.bind(1, source_id_).bind(2, stream_name).bind(3, time_zone).bind(4, times_.rows_stored()).bind(5, now_utc_iso()).run();
    return sqlite3_last_insert_rowid(db);
}

void SourceAppender::count_stream(std::int64_t record, std::size_t rows_imported, std::size_t rows_rejected) {
    Statement s(project_.handle(),
                "UPDATE source_file SET rows_imported = rows_imported + ?1, rows_rejected = "
                "rows_rejected + ?2, imported_utc = ?3 WHERE id = ?4");
    s.bind(1, rows_imported).bind(2, rows_rejected).bind(3, now_utc_iso()).bind(4, record).run();
}

void SourceAppender::add_rejected(std::int64_t record, std::int64_t line, const std::string& reason,
                                  const std::string& raw) {
    Statement s(project_.handle(),
                "INSERT INTO rejected_row(source_file_id, line, reason, raw) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, record).bind(2, line).bind(3, reason).bind(4, raw.substr(0, 1000)).run();
}

void SourceAppender::add_note(std::int64_t record, const std::string& message) {
    Statement s(project_.handle(), "INSERT INTO import_note(source_file_id, message) VALUES (?1, ?2)");
    s.bind(1, record).bind(2, message).run();
}

}  // namespace twinbench
