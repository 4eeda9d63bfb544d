#include "data/source_writer.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "common/time_format.h"
#include "data/column_chunks.h"
#include "data/sqlite_statement.h"

namespace twinbench {
namespace {

std::string signature_of(const Table& table) {
    std::string s;
    for (const auto& c : table.columns) s += c.name + '\x1f';
    return s;
}

}  // namespace

SourceWriter::SourceWriter(sqlite3* db, std::int64_t dataset_id, const std::string& name,
                           int position, const Table& prototype, const std::string& time_column)
    : db_(db) {
    Statement find(db_, "SELECT id, row_count FROM source WHERE dataset_id = ?1 AND name = ?2");
    find.bind(1, dataset_id).bind(2, name);
    if (find.step()) {
        source_id_ = find.int64(0);
        rows_ = static_cast<std::size_t>(find.int64(1));
        Statement cols(db_, "SELECT id, name, type FROM column_info WHERE source_id = ?1");
        Statement levels(db_, "SELECT code, label FROM column_level WHERE column_id = ?1");
        cols.bind(1, source_id_);
        while (cols.step()) {
            ColumnState state;
            state.id = cols.int64(0);
            state.type = column_type_from_name(cols.text(2)).value_or(ColumnType::numeric);
            levels.bind(1, state.id);
            while (levels.step())
                state.codes.emplace(levels.text(1), static_cast<std::int32_t>(levels.int64(0)));
            levels.reset();
            columns_.emplace(cols.text(1), std::move(state));
        }
        return;
    }
    Statement insert(
        db_,
        "INSERT INTO source(dataset_id, name, position, time_column, row_count, signature) "
        "VALUES (?1, ?2, ?3, ?4, 0, ?5)");
    insert.bind(1, dataset_id)
        .bind(2, name)
        .bind(3, position)
        .bind(4, time_column)
        .bind(5, signature_of(prototype))
        .run();
    source_id_ = sqlite3_last_insert_rowid(db_);
    Statement column(db_,
                     "INSERT INTO column_info(source_id, position, name, header, unit, type, role) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    int index = 0;
    for (const auto& c : prototype.columns) {
        column.bind(1, source_id_)
            .bind(2, index++)
            .bind(3, c.name)
            .bind(4, c.header)
            .bind(5, c.unit)
            .bind(6, column_type_name(c.type))
            .bind(7, role_name(c.role))
            .run();
        ColumnState state;
        state.id = sqlite3_last_insert_rowid(db_);
        state.type = c.type;
        columns_.emplace(c.name, std::move(state));
    }
}

void SourceWriter::append(const ParsedFile& file, std::size_t size_bytes,
                          const ChunkProgress& progress) {
    const auto& table = file.table;
    const std::size_t first_row = rows_;
    const std::size_t count = table.row_count();
    // A chunk is a few milliseconds of work: asking after each one lets a cancel from the
    // GUI land within its 200 ms even while millions of rows are stored.
    const double total_values =
        static_cast<double>(std::max<std::size_t>(count * table.columns.size(), 1));
    std::size_t values_written = 0;
    const auto chunk_written = [&](std::size_t n) {
        values_written += n;
        if (progress && !progress(static_cast<double>(values_written) / total_values))
            throw Cancelled();
    };

    Statement chunk(
        db_,
        "INSERT INTO column_chunk(column_id, first_row, row_count, data) VALUES (?1, ?2, ?3, ?4)");
    Statement level(db_, "INSERT INTO column_level(column_id, code, label) VALUES (?1, ?2, ?3)");
    // Codes or values of one column in chunks of rows_per_chunk rows.
    const auto write_chunks = [&](auto column_id, auto values) {
        for (std::size_t start = 0; start < values.size(); start += rows_per_chunk) {
            const std::size_t n = std::min(rows_per_chunk, values.size() - start);
            const auto blob = encode_chunk(values.subspan(start, n));
            chunk.bind(1, column_id)
                .bind(2, first_row + start)
                .bind(3, n)
                .bind_blob(4, blob.data(), blob.size())
                .run();
            chunk_written(n);
        }
    };
    for (const auto& column : table.columns) {
        auto it = columns_.find(column.name);
        if (it == columns_.end())
            throw BadInputError(
                {file.info.file, file.info.header_line, 0},
                fmt::format("column '{}' is not in the files imported before into this source",
                            column.name));
        auto& state = it->second;
        const bool stored_categorical = state.type == ColumnType::categorical;
        if (stored_categorical != (column.type == ColumnType::categorical))
            throw BadInputError(
                {file.info.file, file.info.header_line, 0},
                fmt::format("column '{}' holds {} values here but {} values in the files imported "
                            "before; fix the cells or import this file as another dataset",
                            column.name, column_type_name(column.type),
                            column_type_name(state.type)));
        if (stored_categorical) {
            // Map this file's level codes onto the source's codes.
            std::vector<std::int32_t> remap(column.levels.size());
            for (std::size_t l = 0; l < column.levels.size(); ++l) {
                auto [pos, added] = state.codes.emplace(
                    column.levels[l], static_cast<std::int32_t>(state.codes.size()));
                remap[l] = pos->second;
                if (added)
                    level.bind(1, state.id).bind(2, pos->second).bind(3, column.levels[l]).run();
            }
            std::vector<std::int32_t> codes(column.codes.size());
            for (std::size_t r = 0; r < codes.size(); ++r)
                codes[r] = column.codes[r] == missing_code
                               ? missing_code
                               : remap[static_cast<std::size_t>(column.codes[r])];
            write_chunks(state.id, std::span<const std::int32_t>(codes));
        } else {
            write_chunks(state.id, std::span<const double>(column.values));
        }
    }
    rows_ += count;
    Statement update(db_, "UPDATE source SET row_count = ?1 WHERE id = ?2");
    update.bind(1, rows_).bind(2, source_id_).run();

    const auto& info = file.info;
    Statement record(
        db_,
        "INSERT INTO source_file(source_id, path, size_bytes, encoding, delimiter, decimal_mark, "
        "timestamp_format, time_zone, first_row, rows_imported, rows_rejected, imported_utc, thousands, "
        "header_line, given) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    record.bind(1, source_id_)
        .bind(2, info.file)
        .bind(3, size_bytes)
        .bind(4, info.encoding)
        .bind(5, std::string(1, info.delimiter))
        .bind(6, std::string(1, info.decimal_mark))
        .bind(7, info.timestamp_format ? std::string(timestamp_format_name(*info.timestamp_format))
                                       : std::string())
        .bind(8, info.time_zone)
        .bind(9, first_row)
        .bind(10, count)
        .bind(11, file.rejected.size())
        .bind(12, now_utc_iso())
        .bind(13, info.thousands)
        .bind(14, info.header_line)
        .bind(15, info.given)
        .run();
    const auto file_id = sqlite3_last_insert_rowid(db_);
    Statement rejected(
        db_, "INSERT INTO rejected_row(source_file_id, line, reason, raw) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& row : file.rejected)
        rejected.bind(1, file_id).bind(2, row.line).bind(3, row.reason).bind(4, row.raw).run();
    Statement skipped(db_, "INSERT INTO skipped_line(source_file_id, line, raw) VALUES (?1, ?2, ?3)");
    for (const auto& line : file.skipped) skipped.bind(1, file_id).bind(2, line.line).bind(3, line.raw).run();
    Statement note(db_, "INSERT INTO import_note(source_file_id, message) VALUES (?1, ?2)");
    for (const auto& n : file.notes) note.bind(1, file_id).bind(2, n.message).run();
}

}  // namespace twinbench
