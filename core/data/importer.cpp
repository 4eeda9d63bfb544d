#include "data/importer.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "common/error.h"
#include "data/project.h"
#include "data/role_detection.h"
#include "data/source_writer.h"
#include "data/sqlite_statement.h"

namespace twinbench {
namespace {

std::string column_signature(const Table& table) {
    std::string s;
    for (const auto& c : table.columns) s += c.name + '\x1f';
    return s;
}

// Files of one group share their columns and are appended into one source.
struct FileGroup {
    std::string signature;
    std::vector<ParsedFile*> files;
    std::size_t rows() const {
        std::size_t n = 0;
        for (const auto* f : files) n += f->table.row_count();
        return n;
    }
    bool has_time() const { return files.front()->table.has_time(); }
};

// Boolean and numeric are both stored as numbers; only categorical vs the rest conflicts.
void unify_types(FileGroup& group) {
    auto& first = group.files.front()->table;
    for (std::size_t c = 0; c < first.columns.size(); ++c) {
        bool any_numeric = false;
        for (auto* f : group.files) any_numeric |= f->table.columns[c].type == ColumnType::numeric;
        if (!any_numeric) continue;
        for (auto* f : group.files)
            if (f->table.columns[c].type == ColumnType::boolean)
                f->table.columns[c].type = ColumnType::numeric;
    }
}

std::string resolve_zone(const std::string& requested) {
    std::string zone = requested.empty() ? system_time_zone() : requested;
    try {
        LocalTimeResolver probe(zone);
    } catch (const std::invalid_argument&) {
        throw UsageError(fmt::format(
            "unknown time zone '{}'; use an IANA name such as Europe/Berlin or UTC", zone));
    }
    return zone;
}

std::string available_columns(const std::vector<FileGroup>& groups) {
    std::string names;
    for (const auto& g : groups)
        for (const auto& c : g.files.front()->table.columns)
            names += (names.empty() ? "'" : ", '") + c.name + "'";
    return names;
}

// Detects roles over all groups at once (a role is unique across the dataset), keeping
// roles already stored for an existing dataset, then applies --map overrides.
void assign_roles(std::vector<FileGroup>& groups,
                  const std::vector<std::pair<Role, std::string>>& overrides,
                  const std::vector<Role>& roles_already_used) {
    std::vector<RoleCandidate> candidates;
    std::vector<Column*> columns;
    for (auto& g : groups) {
        auto& table = g.files.front()->table;
        for (auto& c : table.columns) {
            RoleCandidate candidate{c.name, c.unit, c.type,
                                    c.role == Role::time && &g == &groups.front(), false};
            candidate.distinct_levels = c.levels.size();
            if (c.type == ColumnType::categorical && !c.codes.empty())
                candidate.distinct_fraction =
                    static_cast<double>(c.levels.size()) / static_cast<double>(c.codes.size());
            if (c.type == ColumnType::numeric) {
                candidate.zero_one_only =
                    std::all_of(c.values.begin(), c.values.end(),
                                [](double v) { return std::isnan(v) || v == 0.0 || v == 1.0; });
            }
            candidates.push_back(candidate);
            columns.push_back(&c);
        }
    }
    auto roles = detect_roles(candidates);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const bool taken = std::find(roles_already_used.begin(), roles_already_used.end(),
                                     roles[i]) != roles_already_used.end();
        if (columns[i]->role == Role::time) continue;  // every source keeps its own time axis
        columns[i]->role = taken && !role_is_repeatable(roles[i]) ? Role::none : roles[i];
    }
    for (const auto& mapping : overrides) {
        // Plain names, not a structured binding: lambdas capture those only from C++20
        // compilers newer than clang 15, and the fuzz build uses clang.
        const Role role = mapping.first;
        const std::string& name = mapping.second;
        auto it = std::find_if(columns.begin(), columns.end(), [&](const Column* c) {
            return c->name == name || c->header == name;
        });
        if (it == columns.end())
            throw UsageError(fmt::format("--map {}={}: no column '{}' in the files (columns: {})",
                                         role_name(role), name, name, available_columns(groups)));
        if (!role_is_repeatable(role))
            for (auto* c : columns)
                if (c->role == role) c->role = Role::none;
        (*it)->role = role;
    }
    // Later files of a group follow the first one.
    for (auto& g : groups)
        for (std::size_t f = 1; f < g.files.size(); ++f)
            for (std::size_t c = 0; c < g.files[f]->table.columns.size(); ++c)
                g.files[f]->table.columns[c].role = g.files.front()->table.columns[c].role;
}

std::vector<Role> stored_roles(const Project& project, const std::optional<DatasetInfo>& dataset) {
    std::vector<Role> roles;
    if (!dataset) return roles;
    for (const auto& source : dataset->sources) {
        Statement s(project.handle(), "SELECT role FROM column_info WHERE source_id = ?1");
        s.bind(1, source.id);
        while (s.step())
            if (const auto r = role_from_name(s.text(0)); r && *r != Role::none && *r != Role::time)
                roles.push_back(*r);
    }
    return roles;
}

}  // namespace

ImportResult import_files(Project& project, const ImportOptions& options) {
    if (options.files.empty()) throw UsageError("import: name at least one file to import");
    ImportResult result;
    result.dataset =
        options.dataset.empty() ? options.files.front().stem().string() : options.dataset;
    if (result.dataset.ends_with(".csv") || result.dataset.ends_with(".tsv") ||
        result.dataset.ends_with(".txt"))
        result.dataset = std::filesystem::path(result.dataset).stem().string();
    const std::string zone = resolve_zone(options.time_zone);

    // Parse everything before touching the project: a bad file changes nothing.
    std::vector<ParsedFile> parsed;
    parsed.reserve(options.files.size());
    std::vector<std::size_t> sizes;
    const double share = 0.8 / static_cast<double>(options.files.size());
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        ParseOptions parse_options;
        parse_options.time_zone = zone;
        parse_options.keep_row_lines = false;
        if (options.progress) {
            parse_options.progress = [&, i](double fraction, std::string_view what) {
                return options.progress(share * (static_cast<double>(i) + fraction), what);
            };
        }
        parsed.push_back(parse_file(options.files[i], parse_options));
        if (options.progress &&
            !options.progress(share * static_cast<double>(i + 1), "checking columns"))
            throw Cancelled();
        std::error_code ec;
        sizes.push_back(static_cast<std::size_t>(std::filesystem::file_size(options.files[i], ec)));
    }

    // Group files with the same columns; the group with most rows (and a time axis) is the
    // dataset's main source.
    std::vector<FileGroup> groups;
    for (auto& file : parsed) {
        const auto signature = column_signature(file.table);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const FileGroup& g) { return g.signature == signature; });
        if (it == groups.end())
            groups.push_back({signature, {&file}});
        else
            it->files.push_back(&file);
    }
    // Monthly exports arrive in whatever order the shell or the file dialog lists them:
    // append them in time order, so the source's rows run forward in time.
    for (auto& g : groups) {
        std::stable_sort(g.files.begin(), g.files.end(),
                         [](const ParsedFile* a, const ParsedFile* b) {
                             const auto first = [](const ParsedFile* f) {
                                 return f->table.has_time() ? f->table.time_s.front() : 0.0;
                             };
                             return first(a) < first(b);
                         });
        unify_types(g);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const FileGroup& a, const FileGroup& b) {
        if (a.has_time() != b.has_time()) return a.has_time();
        return a.rows() > b.rows();
    });

    const auto existing = project.find_dataset(result.dataset);
    assign_roles(groups, options.role_overrides, stored_roles(project, existing));
    if (options.progress && !options.progress(0.8, "storing")) throw Cancelled();

    Project::Transaction tx(project);
    sqlite3* db = project.handle();
    std::int64_t dataset_id = 0;
    if (existing) {
        dataset_id = existing->id;
    } else {
        Statement insert(db,
                         "INSERT INTO dataset(name, time_zone, running_state, created_utc) VALUES "
                         "(?1, ?2, ?3, datetime('now'))");
        insert.bind(1, result.dataset).bind(2, zone).bind(3, options.running_state).run();
        dataset_id = sqlite3_last_insert_rowid(db);
    }
    if (existing && !options.running_state.empty()) {
        Statement update(db, "UPDATE dataset SET running_state = ?1 WHERE id = ?2");
        update.bind(1, options.running_state).bind(2, dataset_id).run();
    }

    // Storing is the last fifth of the progress bar, in proportion to the rows written.
    std::size_t rows_to_store = 0, rows_stored = 0;
    for (const auto& file : parsed) rows_to_store += file.table.row_count();
    const auto storing = [&](std::size_t file_rows) -> SourceWriter::ChunkProgress {
        if (!options.progress) return {};
        return [&, file_rows](double fraction) {
            const double rows =
                static_cast<double>(rows_stored) + fraction * static_cast<double>(file_rows);
            return options.progress(
                0.8 + 0.2 * rows / static_cast<double>(std::max<std::size_t>(rows_to_store, 1)),
                "storing");
        };
    };

    int next_position = existing ? static_cast<int>(existing->sources.size()) : 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        auto& group = groups[g];
        const auto& prototype = group.files.front()->table;
        // Reuse a stored source with the same columns (e.g. next month's historian export).
        std::string source_name;
        if (existing) {
            for (const auto& source : existing->sources) {
                Statement sig(db, "SELECT signature FROM source WHERE id = ?1");
                sig.bind(1, source.id);
                if (sig.step() && sig.text(0) == group.signature) source_name = source.name;
            }
        }
        if (source_name.empty()) {
            const auto name_taken = [&](const std::string& candidate) {
                Statement s(db, "SELECT 1 FROM source WHERE dataset_id = ?1 AND name = ?2");
                s.bind(1, dataset_id).bind(2, candidate);
                return s.step();
            };
            source_name = prototype.name;
            for (int k = 2; name_taken(source_name); ++k)
                source_name = fmt::format("{} ({})", prototype.name, k);
        }
        const std::string time_column = group.files.front()->info.time_column;
        SourceWriter writer(db, dataset_id, source_name, next_position, prototype, time_column);
        if (writer.rows() == 0) ++next_position;
        for (auto* file : group.files) {
            const auto index = static_cast<std::size_t>(file - parsed.data());
            writer.append(*file, sizes[index], storing(file->table.row_count()));
            rows_stored += file->table.row_count();
        }
        for (const auto& c : prototype.columns)
            result.columns.push_back({source_name, c.name, c.unit, c.type, c.role});
    }

    for (auto& file : parsed) {
        result.rows_imported += file.table.row_count();
        result.rows_rejected += file.rejected.size();
        result.rejected.insert(result.rejected.end(), file.rejected.begin(), file.rejected.end());
        result.notes.insert(result.notes.end(), file.notes.begin(), file.notes.end());
        result.files.push_back(file.info);
    }
    tx.commit();
    return result;
}

}  // namespace twinbench
