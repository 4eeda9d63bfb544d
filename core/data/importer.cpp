#include "data/importer.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "data/role_proposal.h"
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

std::string without_table_extension(std::string name) {
    for (const char* ext : {".csv", ".tsv", ".txt"})
        if (name.ends_with(ext)) return utf8_path_string(path_from_utf8(name).stem());
    return name;
}

// The default dataset name: the main source's file name; for a source of several files
// (monthly exports) the part their names share, without the trailing date
// ("historian_2026-02", "historian_2026-03" -> "historian").
std::string default_dataset_name(const FileGroup& main) {
    const auto stem = [](const ParsedFile* f) { return without_table_extension(f->table.name); };
    std::string name = stem(main.files.front());
    for (const auto* f : main.files) {
        const std::string other = stem(f);
        std::size_t k = 0;
        while (k < name.size() && k < other.size() && name[k] == other[k]) ++k;
        name.resize(k);
    }
    if (main.files.size() > 1)
        while (!name.empty() && std::string_view("_- .0123456789").find(name.back()) != std::string_view::npos)
            name.pop_back();
    return name.empty() ? stem(main.files.front()) : name;
}

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

// The rows the role proposal looks at when a group has several files (monthly exports):
// the files in time order, up to role_evidence_rows rows. A single file is read in place.
Table evidence_table(const FileGroup& group) {
    constexpr std::size_t evidence_rows = role_evidence_rows;
    const Table& first = group.files.front()->table;
    Table evidence;
    evidence.name = first.name;
    for (const auto& c : first.columns) {
        Column e;
        e.name = c.name;
        e.header = c.header;
        e.unit = c.unit;
        e.type = c.type;
        e.role = c.role;
        evidence.columns.push_back(std::move(e));
    }
    std::vector<std::map<std::string, std::int32_t>> codes(first.columns.size());
    std::size_t rows = 0;
    for (const ParsedFile* file : group.files) {
        const Table& t = file->table;
        const std::size_t take = std::min(t.row_count(), evidence_rows - rows);
        if (t.has_time()) evidence.time_s.insert(evidence.time_s.end(), t.time_s.begin(), t.time_s.begin() + static_cast<std::ptrdiff_t>(take));
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Column& from = t.columns[c];
            Column& to = evidence.columns[c];
            if (from.type != ColumnType::categorical) {
                to.values.insert(to.values.end(), from.values.begin(), from.values.begin() + static_cast<std::ptrdiff_t>(take));
                continue;
            }
            // Each file numbers its labels on its own.
            for (std::size_t r = 0; r < take; ++r) {
                if (from.codes[r] == missing_code) {
                    to.codes.push_back(missing_code);
                    continue;
                }
                const std::string& label = from.levels[static_cast<std::size_t>(from.codes[r])];
                const auto [it, added] = codes[c].emplace(label, static_cast<std::int32_t>(to.levels.size()));
                if (added) to.levels.push_back(label);
                to.codes.push_back(it->second);
            }
        }
        rows += take;
        if (rows >= evidence_rows) break;
    }
    return evidence;
}

// Proposes roles over all groups at once (a furnace role is unique across the dataset),
// keeping roles already stored for an existing dataset, then applies --map overrides.
// Returns each column's proposal, with the reason as the engineer will read it.
std::map<const Column*, RoleProposal> assign_roles(std::vector<FileGroup>& groups,
                                                   const std::vector<std::pair<Role, std::string>>& overrides,
                                                   const std::vector<Role>& roles_already_used) {
    std::vector<Table> evidence;
    evidence.reserve(groups.size());
    std::vector<const Table*> tables;
    for (const auto& g : groups) {
        if (g.files.size() == 1) {
            tables.push_back(&g.files.front()->table);
        } else {
            evidence.push_back(evidence_table(g));
            tables.push_back(&evidence.back());
        }
    }
    const auto proposals = propose_roles(tables);

    std::map<const Column*, RoleProposal> proposed;
    std::vector<Column*> columns;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        auto& table = groups[g].files.front()->table;
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            Column& column = table.columns[c];
            columns.push_back(&column);
            RoleProposal p = proposals[g][c];
            if (column.role == Role::time) {  // every source keeps its own time axis
                proposed[&column] = p;
                continue;
            }
            const bool taken = std::find(roles_already_used.begin(), roles_already_used.end(), p.role) !=
                               roles_already_used.end();
            if (taken && !role_is_repeatable(p.role))
                p = {Role::none, fmt::format("{}; another column of the dataset already holds {} -> none", p.reason,
                                             role_name(p.role))};
            column.role = p.role;
            proposed[&column] = p;
        }
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
                if (c->role == role && c != *it) c->role = Role::none;
        (*it)->role = role;
    }
    // Later files of a group follow the first one.
    for (auto& g : groups)
        for (std::size_t f = 1; f < g.files.size(); ++f)
            for (std::size_t c = 0; c < g.files[f]->table.columns.size(); ++c)
                g.files[f]->table.columns[c].role = g.files.front()->table.columns[c].role;
    return proposed;
}

// The reason shown for a column: the proposal's, or what --map did to it.
std::string role_reason(const Column& column, const RoleProposal& proposal,
                        const std::vector<std::pair<Role, std::string>>& overrides) {
    if (column.role == proposal.role) return proposal.reason;
    for (const auto& m : overrides)
        if (m.second == column.name || m.second == column.header)
            return fmt::format("set with --map {}={} (proposed: {})", role_name(m.first), m.second, proposal.reason);
    return fmt::format("--map {}=... gave the role to another column (proposed: {})", role_name(proposal.role),
                       proposal.reason);
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
    // Without a name the dataset is named after its main source, once the files are read.
    result.dataset = without_table_extension(options.dataset);
    const std::string zone = resolve_zone(options.time_zone);
    check_overrides(options.overrides);

    // Parse everything before touching the project: a bad file changes nothing.
    std::vector<ParsedFile> parsed;
    parsed.reserve(options.files.size());
    std::vector<std::size_t> sizes;
    const double share = 0.8 / static_cast<double>(options.files.size());
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        ParseOptions parse_options;
        parse_options.time_zone = zone;
        parse_options.keep_row_lines = false;
        parse_options.overrides = options.overrides;
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

    if (result.dataset.empty()) result.dataset = default_dataset_name(groups.front());
    const auto existing = project.find_dataset(result.dataset);
    const auto proposals = assign_roles(groups, options.role_overrides, stored_roles(project, existing));
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
        for (std::size_t i = 0; i < prototype.columns.size(); ++i) {
            const Column& c = prototype.columns[i];
            const RoleProposal& p = proposals.at(&c);
            std::size_t missing = 0;
            for (const auto* file : group.files) {
                const Column& same = file->table.columns[i];
                for (std::size_t r = 0; r < same.size(); ++r) missing += same.is_missing(r);
            }
            result.columns.push_back({source_name, c.name, c.unit, c.type, c.role, p.role,
                                      role_reason(c, p, options.role_overrides), missing});
        }
    }

    for (auto& file : parsed) {
        result.rows_imported += file.table.row_count();
        result.rows_rejected += file.rejected.size();
        result.rejected.insert(result.rejected.end(), file.rejected.begin(), file.rejected.end());
        result.skipped.insert(result.skipped.end(), file.skipped.begin(), file.skipped.end());
        result.notes.insert(result.notes.end(), file.notes.begin(), file.notes.end());
        result.files.push_back(file.info);
    }
    tx.commit();
    return result;
}

}  // namespace twinbench
