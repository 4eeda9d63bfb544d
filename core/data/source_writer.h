// Writes the rows of parsed files into one source of a dataset: column metadata once,
// then values as chunks appended after the rows already stored. Categorical labels of a
// new file are mapped onto the codes the source already uses.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/parsed_file.h"
#include "data/table.h"

namespace twinbench {

class SourceWriter {
  public:
    // Opens the source `name` of the dataset, or creates it with the prototype's columns
    // (names, units, types, roles).
    SourceWriter(sqlite3* db, std::int64_t dataset_id, const std::string& name, int position,
                 const Table& prototype, const std::string& time_column);

    std::int64_t id() const { return source_id_; }
    std::size_t rows() const { return rows_; }

    // Told the fraction of the file's values written so far, after every chunk; false
    // cancels (append throws Cancelled and the caller's transaction rolls back).
    using ChunkProgress = std::function<bool(double fraction)>;

    // Appends one parsed file: values, rejected rows, notes and the file record.
    void append(const ParsedFile& file, std::size_t size_bytes, const ChunkProgress& progress = {});

  private:
    struct ColumnState {
        std::int64_t id = 0;
        ColumnType type = ColumnType::numeric;
        std::unordered_map<std::string, std::int32_t> codes;  // categorical labels stored so far
    };
    sqlite3* db_;
    std::int64_t source_id_ = 0;
    std::size_t rows_ = 0;
    std::unordered_map<std::string, ColumnState> columns_;
};

}  // namespace twinbench
