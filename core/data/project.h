// The .twin project file: one SQLite database per study (schema in docs/FILE_FORMAT.md).
// Column data is stored as chunks of contiguous little-endian values, so a dataset reads
// back for modelling with one memcpy per chunk and no per-cell allocation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/condition.h"
#include "data/parsed_file.h"
#include "data/table.h"

struct sqlite3;

namespace twinbench {

inline constexpr int project_schema_version = 2;

struct SourceInfo {
    std::int64_t id = 0;
    std::string name;
    bool has_time = false;
    std::size_t rows = 0;
    std::vector<std::string> files;
};

// A fitted model as the project keeps it: its key ("temperature", "output:NOX"), when it
// was fitted and its JSON (core/models and core/sim give it meaning).
struct StoredModel {
    std::string kind;
    std::string fitted_utc;
    std::string json;
};

// How one imported file was read (table source_file): what was detected or given, so a
// re-import can read it the same way.
struct SourceFileRecord {
    std::string source_name;  // the source (file group) it belongs to
    std::string path;
    std::string encoding;
    std::string delimiter;
    std::string decimal_mark;
    std::string thousands;                   // separators that grouped thousands, "" = none
    std::optional<std::int64_t> header_line; // 0 = no header; nullopt = not recorded (format 1)
    std::string given;                       // the settings the engineer gave, "" = none
    std::size_t rows_imported = 0;
    std::size_t rows_rejected = 0;
};

struct DatasetInfo {
    std::int64_t id = 0;
    std::string name;
    std::string time_zone;
    std::string running_state;  // "" = most frequent state value
    std::vector<SourceInfo> sources;  // sources[0] is the main (densest) source
    std::size_t rows_imported = 0;
    std::size_t rows_rejected = 0;
};

class Project {
public:
    enum class Mode { open_existing, create_if_missing, read_only };

    // Throws ProjectError (exit 5) when the file is not a Twinbench project, comes from a
    // newer Twinbench, is corrupt, or cannot be opened in the requested mode.
    Project(const std::filesystem::path& path, Mode mode);
    ~Project();
    Project(const Project&) = delete;
    Project& operator=(const Project&) = delete;
    Project(Project&&) noexcept;
    Project& operator=(Project&&) noexcept;

    const std::filesystem::path& path() const { return path_; }
    int schema_version() const;

    std::vector<DatasetInfo> datasets() const;
    std::optional<DatasetInfo> find_dataset(const std::string& name) const;
    // The named dataset, or the only/first one when name is empty. Throws UsageError.
    DatasetInfo dataset(const std::string& name) const;

    // Reads a whole source (columns with types, roles, units, levels).
    Table read_source(std::int64_t source_id) const;
    // The main source with every other source aligned to its rows by time: sparse
    // numeric sources (manual checks) land on the nearest row within half a sampling step
    // and are missing elsewhere; categorical/state sources (batch list, logs) hold their
    // last value (as-of).
    Table read_dataset(const DatasetInfo& dataset) const;

    std::vector<RejectedRow> rejected_rows(std::int64_t dataset_id, std::size_t limit = 0) const;
    std::vector<ImportNote> import_notes(std::int64_t dataset_id) const;
    // The lines skipped before each file's table (export preamble), in file order.
    std::vector<SkippedLine> skipped_lines(std::int64_t dataset_id) const;
    // The dataset's imported files, by source then import order.
    std::vector<SourceFileRecord> source_files(std::int64_t dataset_id) const;

    void set_role(std::int64_t dataset_id, const std::string& column, Role role);
    void save_condition(std::int64_t dataset_id, const Condition& condition);

    // The dataset's fitted models in the order they were stored.
    std::vector<StoredModel> models(std::int64_t dataset_id) const;
    // Replaces all of the dataset's models (inside the caller's transaction, if any).
    void replace_models(std::int64_t dataset_id, const std::vector<StoredModel>& models);

    // Small documents of a study kept as text under a key of project_meta (a dataset's
    // tariff, process graph, KPI definitions): "" / nullopt when absent.
    std::optional<std::string> document(const std::string& key) const;
    void set_document(const std::string& key, const std::string& text);
    std::vector<Condition> conditions(std::int64_t dataset_id) const;

    // Raw handle for the typed stores in core/data only (a source scan test holds every
    // other folder to the typed calls).
    sqlite3* handle() const { return db_; }

    // All changes inside run together or not at all; nests (inner ones are savepoints).
    class Transaction {
    public:
        explicit Transaction(Project& project);
        ~Transaction();  // rolls back unless committed
        void commit();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;

    private:
        Project& project_;
        bool outermost_;
        bool done_ = false;
    };

private:
    void migrate();
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
};

}  // namespace twinbench
