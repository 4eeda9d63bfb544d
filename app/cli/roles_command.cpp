// twinbench-cli roles: the columns of a dataset with their roles, what the importer would
// propose now and why; with --map ROLE=COLUMN the roles change (PRODUCT.md sections 2
// and 4: "the user can always override").
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_list.h"
#include "cli/role_mapping.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "data/role_proposal.h"

namespace twinbench::cli {
namespace {

// As many rows as the importer looks at to propose roles.
constexpr std::size_t evidence_rows = 200000;

struct ListedColumn {
    std::string source;
    std::string name;
    std::string header;
    std::string unit;
    ColumnType type = ColumnType::numeric;
    Role role = Role::none;
    bool time_axis = false;
    RoleProposal proposal;
};

void keep_first_rows(Table& table, std::size_t rows) {
    if (table.row_count() <= rows) return;
    if (table.has_time()) table.time_s.resize(rows);
    for (auto& c : table.columns) {
        if (c.type == ColumnType::categorical)
            c.codes.resize(rows);
        else
            c.values.resize(rows);
    }
}

std::vector<ListedColumn> list_columns(const Project& project, const DatasetInfo& dataset) {
    std::vector<Table> tables;
    for (const auto& source : dataset.sources) {
        tables.push_back(project.read_source(source.id));
        keep_first_rows(tables.back(), evidence_rows);
    }
    std::vector<const Table*> pointers;
    pointers.reserve(tables.size());
    for (const auto& t : tables) pointers.push_back(&t);
    const auto proposals = propose_roles(pointers);
    std::vector<ListedColumn> columns;
    for (std::size_t s = 0; s < tables.size(); ++s)
        for (std::size_t c = 0; c < tables[s].columns.size(); ++c) {
            const Column& col = tables[s].columns[c];
            columns.push_back({tables[s].name, col.name, col.header, col.unit, col.type, col.role,
                               col.role == Role::time, proposals[s][c]});
        }
    return columns;
}

std::string column_names(const std::vector<ListedColumn>& columns) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "'" : ", '") + c.name + "'";
    return names;
}

class RolesCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("roles",
                                  "List the columns' roles with the importer's proposal and its "
                                  "reason; --map changes roles");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option("--map", maps_,
                         "ROLE=COLUMN, repeatable (control, disturbance, output, factor and none "
                         "for many columns)");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        std::vector<std::pair<Role, std::string>> mappings;
        for (const auto& m : maps_) mappings.push_back(parse_mapping(m));
        const bool writes = !mappings.empty();
        Project project(path_from_utf8(project_),
                        writes ? Project::Mode::open_existing : Project::Mode::read_only);
        const DatasetInfo dataset = project.dataset(dataset_);
        std::vector<ListedColumn> columns = list_columns(project, dataset);

        std::vector<std::string> notes;
        std::vector<nlohmann::json> changed;
        if (writes) {
            // Everything is checked before the first change: an error leaves the project as it was.
            const auto targets = resolve(mappings, columns, dataset);
            const std::vector<ListedColumn> before = columns;
            Project::Transaction tx(project);
            for (std::size_t i = 0; i < mappings.size(); ++i) {
                const Role role = mappings[i].first;
                const std::string& name = columns[targets[i]].name;
                project.set_role(dataset.id, name, role);
                // What Project::set_role does to the listed roles: a role one column holds
                // leaves the column that had it; every column of that name takes it.
                for (auto& c : columns) {
                    if (!role_is_repeatable(role) && c.role == role) c.role = Role::none;
                    if (c.name == name) c.role = role;
                }
            }
            tx.commit();
            for (std::size_t i = 0; i < columns.size(); ++i)
                if (columns[i].role != before[i].role)
                    changed.push_back({{"name", columns[i].name},
                                       {"source", columns[i].source},
                                       {"from", role_name(before[i].role)},
                                       {"to", role_name(columns[i].role)}});
            if (changed.empty())
                notes.push_back("no role changed: the columns already had these roles");
            if (!changed.empty() && !project.models(dataset.id).empty())
                notes.push_back(fmt::format(
                    "the stored models were fitted for the old roles: run twinbench-cli fit {}{} "
                    "again before simulating",
                    project_, dataset_.empty() ? "" : " --dataset " + dataset_));
        }
        print(dataset, columns, changed, notes);
        return 0;
    }

  private:
    // The column each --map names (by its listed name or its header as written). Throws
    // UsageError naming what is wrong.
    std::vector<std::size_t> resolve(const std::vector<std::pair<Role, std::string>>& mappings,
                                     const std::vector<ListedColumn>& columns,
                                     const DatasetInfo& dataset) const {
        std::vector<std::size_t> targets;
        std::map<Role, std::string> unique_roles;
        for (const auto& mapping : mappings) {
            // Plain names, not a structured binding: clang 15 lambdas cannot capture those.
            const Role role = mapping.first;
            const std::string& name = mapping.second;
            const std::string arg = fmt::format("--map {}={}", role_name(role), name);
            auto it = std::find_if(columns.begin(), columns.end(),
                                   [&](const ListedColumn& c) { return c.name == name; });
            if (it == columns.end())
                it = std::find_if(columns.begin(), columns.end(),
                                  [&](const ListedColumn& c) { return c.header == name; });
            if (it == columns.end())
                throw UsageError(fmt::format("{}: no column '{}' in dataset '{}' (columns: {})",
                                             arg, name, dataset.name, column_names(columns)));
            if (role == Role::time)
                throw UsageError(fmt::format(
                    "{}: the time axis is chosen when the files are imported; import them "
                    "again to change it",
                    arg));
            if (it->time_axis)
                throw UsageError(
                    fmt::format("{}: '{}' is the time axis of '{}'; its role cannot change", arg,
                                it->name, it->source));
            if (it->type == ColumnType::timestamp && role != Role::none)
                throw UsageError(fmt::format(
                    "{}: '{}' holds dates and times; only the role none fits it", arg, it->name));
            if (!role_is_repeatable(role)) {
                const auto [held, added] = unique_roles.emplace(role, it->name);
                if (!added && held->second != it->name)
                    throw UsageError(
                        fmt::format("{}: '{}' was given {} already; a dataset has one {} column",
                                    arg, held->second, role_name(role), role_name(role)));
            }
            targets.push_back(static_cast<std::size_t>(it - columns.begin()));
        }
        return targets;
    }

    void print(const DatasetInfo& dataset, const std::vector<ListedColumn>& columns,
               const std::vector<nlohmann::json>& changed,
               const std::vector<std::string>& notes) const {
        if (json_) {
            nlohmann::json out;
            out["dataset"] = dataset.name;
            out["columns"] = nlohmann::json::array();
            for (const auto& c : columns)
                out["columns"].push_back({{"name", c.name},
                                          {"source", c.source},
                                          {"type", column_type_name(c.type)},
                                          {"unit", c.unit},
                                          {"role", role_name(c.role)},
                                          {"proposed_role", role_name(c.proposal.role)},
                                          {"role_reason", c.proposal.reason}});
            if (!maps_.empty()) out["changed"] = changed;
            out["notes"] = notes;
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::cout << fmt::format(
            "dataset '{}': {} columns (role, then what the importer proposes now and why)\n",
            dataset.name, columns.size());
        std::string source;
        for (const auto& c : columns) {
            if (c.source != source) {
                source = c.source;
                std::cout << fmt::format("{}:\n", source);
            }
            const std::string proposal =
                c.proposal.role == c.role
                    ? c.proposal.reason
                    : fmt::format("proposed {}: {}", role_name(c.proposal.role), c.proposal.reason);
            std::cout << fmt::format("  {:<36} {:<12} {:<8} {:<16} {}\n", c.name,
                                     column_type_name(c.type), c.unit, role_name(c.role), proposal);
        }
        for (const auto& ch : changed)
            std::cout << fmt::format("changed: {}: {} -> {}\n", ch["name"].get<std::string>(),
                                     ch["from"].get<std::string>(), ch["to"].get<std::string>());
        for (const auto& n : notes) std::cout << "note: " << n << '\n';
    }

    std::string project_;
    std::string dataset_;
    std::vector<std::string> maps_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_roles_command() {
    return std::make_unique<RolesCommand>();
}

}  // namespace twinbench::cli
