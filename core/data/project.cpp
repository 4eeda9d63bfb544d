#include "data/project.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cmath>

#ifndef _WIN32
#include <unistd.h>
#endif

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/column_chunks.h"
#include "data/project_schema.h"
#include "data/source_alignment.h"
#include "data/sqlite_statement.h"

namespace twinbench {
namespace {

int read_integer(sqlite3* db, SqlLiteral query) {
    Statement s(db, query);
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

// True when the file's folder exists and this process may not create files in it.
bool folder_is_read_only(const std::filesystem::path& file) {
    const std::filesystem::path folder =
        file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
#ifndef _WIN32
    return access(folder.c_str(), W_OK) != 0 && (errno == EACCES || errno == EROFS);
#else
    std::error_code ec;
    const auto perms = std::filesystem::status(folder, ec).permissions();
    return !ec && (perms & std::filesystem::perms::owner_write) == std::filesystem::perms::none;
#endif
}

// A trigger could rewrite imported values or fitted models behind Twinbench's back and a
// view could stand in for one of its tables; Twinbench's schema has neither.
void refuse_foreign_schema_objects(sqlite3* db, const std::string& file_name) {
    Statement q(db,
                "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') "
                "ORDER BY type, name LIMIT 1");
    if (q.step())
        throw ProjectError(fmt::format(
            "{}: the file holds a {} '{}', which Twinbench never creates: it could change "
            "numbers behind Twinbench's back, so the project is not opened; ask who edited the "
            "file, or restore it from a backup",
            file_name, q.text(0), q.text(1)));
}

}  // namespace

Project::Project(const std::filesystem::path& path, Mode mode) : path_(path) {
    const std::string name = utf8_path_string(path);
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (mode != Mode::create_if_missing && !exists)
        throw ProjectError(fmt::format(
            "{}: no such project file; create it with 'twinbench-cli import {} FILE...'", name,
            name));
    if (exists && std::filesystem::is_directory(path, ec))
        throw ProjectError(fmt::format("{}: is a folder, not a project file", name));

    int flags = SQLITE_OPEN_NOMUTEX;
    flags |=
        mode == Mode::read_only
            ? SQLITE_OPEN_READONLY
            : (SQLITE_OPEN_READWRITE | (mode == Mode::create_if_missing ? SQLITE_OPEN_CREATE : 0));
    if (sqlite3_open_v2(name.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw ProjectError(fmt::format("{}: cannot open the project ({})", name, why));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    // A .twin file may come from anybody's machine: its schema is untrusted input (SQLite's
    // "defense against the dark arts"). No extension can be loaded, schema SQL may not call
    // functions with side effects, the schema cannot be made writable, and triggers and views
    // never run (Twinbench creates neither; a file holding one is refused below).
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    try {
        // Everything up to migrate() only reads, so a file that is not ours stays untouched.
        int version = 0, application = 0, objects = 0;
        try {
            version = read_integer(db_, "PRAGMA user_version");
            application = read_integer(db_, "PRAGMA application_id");
            Statement count(db_, "SELECT count(*) FROM sqlite_master");
            objects = count.step() ? static_cast<int>(count.int64(0)) : 0;
        } catch (const ProjectError&) {
            // SQLite opens files lazily: these reads are the first to touch the file, and a
            // WAL project needs FILE-wal and FILE-shm beside it even to be read.
            const int primary = sqlite3_extended_errcode(db_) & 0xff;
            if ((primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN) &&
                folder_is_read_only(path))
                throw ProjectError(fmt::format(
                    "cannot open the project {0}: its folder is read-only (Twinbench needs to "
                    "create {0}-wal beside it); copy the project to a folder you can write to",
                    name));
            throw ProjectError(
                fmt::format("{}: not a Twinbench project (not a readable SQLite database: {})",
                            name, sqlite3_errmsg(db_)));
        }
        if (objects > 0 && application != project_application_id)
            throw ProjectError(fmt::format(
                "{}: not a Twinbench project (an SQLite database of another program)", name));
        refuse_foreign_schema_objects(db_, name);
        if (version > project_schema_version)
            throw ProjectError(fmt::format(
                "{}: made by a newer Twinbench (file format {}, this version reads up to {}); "
                "update Twinbench to open it",
                name, version, project_schema_version));
        // Read-only opens check too: a damaged page must be refused, not met half-way
        // through an audit or report.
        if (objects > 0) {
            Statement check(db_, "PRAGMA quick_check(1)");
            const std::string verdict = check.step() ? check.text(0) : "no answer";
            if (verdict != "ok")
                throw ProjectError(
                    fmt::format("{}: the project file is damaged ({}); restore it from a backup",
                                name, verdict));
        }
        exec_sql(db_, "PRAGMA foreign_keys = ON");
        if (mode != Mode::read_only) {
            exec_sql(db_, "PRAGMA journal_mode = WAL");
            exec_sql(db_, "PRAGMA synchronous = NORMAL");
            if (version < project_schema_version) {
                Transaction tx(*this);
                migrate_project_schema(db_, objects == 0 ? 0 : version);
                tx.commit();
            }
        } else if (version < project_schema_version && objects > 0) {
            throw ProjectError(fmt::format(
                "{}: older file format {}; open it once for writing to upgrade", name, version));
        }
    } catch (const ProjectError& e) {
        const char* file = sqlite3_db_filename(db_, "main");
        const std::string full_name = file ? file : "";  // SQLite's absolute path, in write errors
        sqlite3_close(db_);
        db_ = nullptr;
        const std::string what = e.what();
        const auto starts_with = [&](const std::string& prefix) {
            return !prefix.empty() && what.rfind(prefix, 0) == 0;
        };
        if (starts_with(name) || starts_with(full_name) ||
            starts_with("cannot open the project " + name))
            throw;
        throw ProjectError(name + ": " + what);
    }
}

Project::~Project() {
    if (db_) sqlite3_close(db_);
}

Project::Project(Project&& other) noexcept : path_(std::move(other.path_)), db_(other.db_) {
    other.db_ = nullptr;
}

Project& Project::operator=(Project&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close(db_);
        path_ = std::move(other.path_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

int Project::schema_version() const {
    return read_integer(db_, "PRAGMA user_version");
}

// The outermost transaction is a real BEGIN/ROLLBACK: releasing a rolled-back savepoint
// would still commit an empty transaction and bump the file's change counter, and a
// failed operation must leave the file byte for byte as it was.
Project::Transaction::Transaction(Project& project)
    : project_(project), outermost_(sqlite3_get_autocommit(project.db_) != 0) {
    if (outermost_)
        exec_sql(project_.db_, "BEGIN IMMEDIATE");
    else
        exec_sql(project_.db_, "SAVEPOINT twinbench_tx");
}

Project::Transaction::~Transaction() {
    if (done_) return;
    if (outermost_) {
        exec_sql_ignoring_errors(project_.db_, "ROLLBACK");
    } else {
        exec_sql_ignoring_errors(project_.db_, "ROLLBACK TO twinbench_tx");
        exec_sql_ignoring_errors(project_.db_, "RELEASE twinbench_tx");
    }
}

void Project::Transaction::commit() {
    if (outermost_)
        exec_sql(project_.db_, "COMMIT");
    else
        exec_sql(project_.db_, "RELEASE twinbench_tx");
    done_ = true;
}

std::vector<DatasetInfo> Project::datasets() const {
    std::vector<DatasetInfo> result;
    Statement ds(db_, "SELECT id, name, time_zone, running_state FROM dataset ORDER BY id");
    while (ds.step()) {
        DatasetInfo info;
        info.id = ds.int64(0);
        info.name = ds.text(1);
        info.time_zone = ds.text(2);
        info.running_state = ds.text(3);
        result.push_back(std::move(info));
    }
    Statement src(db_,
                  "SELECT id, name, time_column, row_count FROM source WHERE dataset_id = ?1 ORDER "
                  "BY position");
    Statement files(db_,
                    "SELECT path, rows_imported, rows_rejected FROM source_file WHERE source_id = "
                    "?1 ORDER BY id");
    for (auto& info : result) {
        src.bind(1, info.id);
        while (src.step()) {
            SourceInfo source;
            source.id = src.int64(0);
            source.name = src.text(1);
            source.has_time = !src.text(2).empty();
            source.rows = static_cast<std::size_t>(src.int64(3));
            files.bind(1, source.id);
            while (files.step()) {
                source.files.push_back(files.text(0));
                info.rows_imported += static_cast<std::size_t>(files.int64(1));
                info.rows_rejected += static_cast<std::size_t>(files.int64(2));
            }
            files.reset();
            info.sources.push_back(std::move(source));
        }
        src.reset();
    }
    return result;
}

std::optional<DatasetInfo> Project::find_dataset(const std::string& name) const {
    for (auto& info : datasets())
        if (info.name == name) return info;
    return std::nullopt;
}

DatasetInfo Project::dataset(const std::string& name) const {
    auto all = datasets();
    if (all.empty())
        throw UsageError(fmt::format("{}: the project holds no data yet; import files first",
                                     utf8_path_string(path_)));
    if (name.empty()) return all.front();
    for (auto& info : all)
        if (info.name == name) return info;
    std::string names;
    for (const auto& info : all) names += (names.empty() ? "" : ", ") + info.name;
    throw UsageError(fmt::format("no dataset named '{}' in {} (it has: {})", name,
                                 utf8_path_string(path_), names));
}

Table Project::read_source(std::int64_t source_id) const {
    Table table;
    std::string time_column;
    std::size_t rows = 0;
    {
        Statement s(db_, "SELECT name, time_column, row_count FROM source WHERE id = ?1");
        s.bind(1, source_id);
        if (!s.step())
            throw ProjectError(
                fmt::format("{}: source {} does not exist", utf8_path_string(path_), source_id));
        table.name = s.text(0);
        time_column = s.text(1);
        rows = static_cast<std::size_t>(std::max<std::int64_t>(0, s.int64(2)));
    }
    // A file that SQLite reads fine can still be damaged in its meaning (edited by hand,
    // a half-copied file): every column must say what it is and hold exactly one valid
    // value per row, or the models would read past its end.
    const auto damaged = [&](const std::string& column, const std::string& what) {
        return ProjectError(fmt::format(
            "{}: column '{}' of source '{}' {}; the file is damaged, restore it from a backup",
            utf8_path_string(path_), column, table.name, what));
    };
    Statement cols(db_,
                   "SELECT id, name, header, unit, type, role FROM column_info WHERE source_id = "
                   "?1 ORDER BY position");
    Statement levels(db_,
                     "SELECT code, label FROM column_level WHERE column_id = ?1 ORDER BY code");
    Statement chunks(db_, "SELECT data FROM column_chunk WHERE column_id = ?1 ORDER BY first_row");
    cols.bind(1, source_id);
    while (cols.step()) {
        Column column;
        const auto column_id = cols.int64(0);
        column.name = cols.text(1);
        column.header = cols.text(2);
        column.unit = cols.text(3);
        const auto type = column_type_from_name(cols.text(4));
        if (!type) throw damaged(column.name, "has the unknown type '" + cols.text(4) + "'");
        column.type = *type;
        const auto role = role_from_name(cols.text(5));
        if (!role) throw damaged(column.name, "has the unknown role '" + cols.text(5) + "'");
        column.role = *role;
        chunks.bind(1, column_id);
        while (chunks.step()) {
            if (column.type == ColumnType::categorical)
                append_chunk(chunks.blob(0), chunks.blob_bytes(0), column.codes);
            else
                append_chunk(chunks.blob(0), chunks.blob_bytes(0), column.values);
        }
        chunks.reset();
        if (column.type == ColumnType::categorical) {
            levels.bind(1, column_id);
            while (levels.step()) {
                const auto code = static_cast<std::size_t>(levels.int64(0));
                if (code != column.levels.size())
                    throw ProjectError(fmt::format(
                        "{}: level codes of column '{}' are not contiguous; the file is damaged",
                        utf8_path_string(path_), column.name));
                column.levels.push_back(levels.text(1));
            }
            levels.reset();
            const auto level_count = static_cast<std::int32_t>(column.levels.size());
            for (const auto code : column.codes)
                if (code != missing_code && (code < 0 || code >= level_count))
                    throw damaged(column.name,
                                  fmt::format("holds the category code {} but has {} categories",
                                              code, level_count));
        }
        if (column.size() != rows)
            throw damaged(column.name,
                          fmt::format("holds {} values for {} rows", column.size(), rows));
        if (!time_column.empty() && column.name == time_column) table.time_s = column.values;
        table.columns.push_back(std::move(column));
    }
    return table;
}

Table Project::read_dataset(const DatasetInfo& dataset) const {
    if (dataset.sources.empty()) return Table{};
    Table main = read_source(dataset.sources.front().id);
    main.name = dataset.name;
    for (std::size_t i = 1; i < dataset.sources.size(); ++i) {
        if (!dataset.sources[i].has_time || !main.has_time()) continue;
        align_source_onto(main, read_source(dataset.sources[i].id));
    }
    return main;
}

std::vector<RejectedRow> Project::rejected_rows(std::int64_t dataset_id, std::size_t limit) const {
    Statement s(db_,
                "SELECT f.path, r.line, r.reason, r.raw FROM rejected_row r "
                "JOIN source_file f ON f.id = r.source_file_id JOIN source s ON s.id = f.source_id "
                "WHERE s.dataset_id = ?1 ORDER BY f.id, r.line LIMIT ?2");
    s.bind(1, dataset_id).bind(2, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
    std::vector<RejectedRow> rows;
    while (s.step()) rows.push_back({s.text(0), s.int64(1), s.text(2), s.text(3)});
    return rows;
}

std::vector<ImportNote> Project::import_notes(std::int64_t dataset_id) const {
    Statement s(
        db_,
        "SELECT f.path, n.message FROM import_note n JOIN source_file f ON f.id = n.source_file_id "
        "JOIN source s ON s.id = f.source_id WHERE s.dataset_id = ?1 ORDER BY n.id");
    s.bind(1, dataset_id);
    std::vector<ImportNote> notes;
    while (s.step()) notes.push_back({s.text(0), s.text(1)});
    return notes;
}

std::vector<SkippedLine> Project::skipped_lines(std::int64_t dataset_id) const {
    Statement s(db_,
                "SELECT f.path, k.line, k.raw FROM skipped_line k JOIN source_file f ON f.id = k.source_file_id "
                "JOIN source s ON s.id = f.source_id WHERE s.dataset_id = ?1 ORDER BY f.id, k.line");
    s.bind(1, dataset_id);
    std::vector<SkippedLine> lines;
    while (s.step()) lines.push_back({s.text(0), s.int64(1), s.text(2)});
    return lines;
}

std::vector<SourceFileRecord> Project::source_files(std::int64_t dataset_id) const {
    Statement s(db_,
                "SELECT f.path, f.encoding, f.delimiter, f.decimal_mark, f.thousands, f.header_line, f.given, "
                "f.rows_imported, f.rows_rejected, s.name FROM source_file f JOIN source s ON s.id = f.source_id "
                "WHERE s.dataset_id = ?1 ORDER BY s.position, f.first_row, f.id");
    s.bind(1, dataset_id);
    std::vector<SourceFileRecord> files;
    while (s.step()) {
        SourceFileRecord f;
        f.path = s.text(0);
        f.encoding = s.text(1);
        f.delimiter = s.text(2);
        f.decimal_mark = s.text(3);
        f.thousands = s.text(4);
        if (!s.is_null(5)) f.header_line = s.int64(5);
        f.given = s.text(6);
        f.rows_imported = static_cast<std::size_t>(std::max<std::int64_t>(0, s.int64(7)));
        f.rows_rejected = static_cast<std::size_t>(std::max<std::int64_t>(0, s.int64(8)));
        f.source_name = s.text(9);
        files.push_back(std::move(f));
    }
    return files;
}

void Project::set_role(std::int64_t dataset_id, const std::string& column, Role role) {
    Transaction tx(*this);
    if (!role_is_repeatable(role)) {
        Statement clear(db_,
                        "UPDATE column_info SET role = 'none' WHERE role = ?1 AND source_id IN "
                        "(SELECT id FROM source WHERE dataset_id = ?2)");
        clear.bind(1, role_name(role)).bind(2, dataset_id).run();
    }
    Statement s(db_,
                "UPDATE column_info SET role = ?1 WHERE name = ?2 AND source_id IN "
                "(SELECT id FROM source WHERE dataset_id = ?3)");
    s.bind(1, role_name(role)).bind(2, column).bind(3, dataset_id).run();
    if (sqlite3_changes(db_) == 0)
        throw UsageError(fmt::format("no column named '{}' in this dataset", column));
    tx.commit();
}

std::vector<StoredModel> Project::models(std::int64_t dataset_id) const {
    Statement q(db_, "SELECT kind, fitted_utc, spec_json FROM model WHERE dataset_id = ?1 ORDER BY id");
    q.bind(1, dataset_id);
    std::vector<StoredModel> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2)});
    return out;
}

void Project::replace_models(std::int64_t dataset_id, const std::vector<StoredModel>& models) {
    Transaction tx(*this);
    Statement clear(db_, "DELETE FROM model WHERE dataset_id = ?1");
    clear.bind(1, dataset_id).run();
    Statement insert(db_,
                     "INSERT INTO model(dataset_id, kind, fitted_utc, spec_json) VALUES (?1, ?2, datetime('now'), ?3)");
    for (const auto& m : models) insert.bind(1, dataset_id).bind(2, m.kind).bind(3, m.json).run();
    tx.commit();
}

std::optional<std::string> Project::document(const std::string& key) const {
    Statement q(db_, "SELECT value FROM project_meta WHERE key = ?1");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

void Project::set_document(const std::string& key, const std::string& text) {
    Statement s(db_,
                "INSERT INTO project_meta(key, value) VALUES (?1, ?2) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.bind(1, key).bind(2, text).run();
}

void Project::save_condition(std::int64_t dataset_id, const Condition& condition) {
    Statement s(db_,
                "INSERT INTO condition(dataset_id, name, rule) VALUES (?1, ?2, ?3) "
                "ON CONFLICT(dataset_id, name) DO UPDATE SET rule = excluded.rule");
    s.bind(1, dataset_id).bind(2, condition.name).bind(3, condition.rule).run();
}

std::vector<Condition> Project::conditions(std::int64_t dataset_id) const {
    Statement s(db_, "SELECT name, rule FROM condition WHERE dataset_id = ?1 ORDER BY id");
    s.bind(1, dataset_id);
    std::vector<Condition> out;
    while (s.step()) out.push_back({s.text(0), s.text(1)});
    return out;
}

}  // namespace twinbench
