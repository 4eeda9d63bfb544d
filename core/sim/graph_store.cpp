#include "sim/graph_store.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"

namespace twinbench {
namespace {

std::string graph_key(const DatasetInfo& dataset) { return fmt::format("graph:{}", dataset.id); }

}  // namespace

std::optional<ProcessGraph> load_graph(const Project& project, const DatasetInfo& dataset) {
    const auto text = project.document(graph_key(dataset));
    if (!text) return std::nullopt;
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    try {
        if (json.is_discarded())
            throw BadInputError({utf8_path_string(project.path()), 0, 0}, "not JSON");
        return ProcessGraph::from_json(json, utf8_path_string(project.path()));
    } catch (const BadInputError& e) {
        throw ProjectError(fmt::format(
            "{}: the stored process graph of dataset '{}' is damaged ({}); set it again with "
            "twinbench-cli graph --propose",
            utf8_path_string(project.path()), dataset.name, e.reason()));
    }
}

void save_graph(Project& project, const DatasetInfo& dataset, const ProcessGraph& graph) {
    Project::Transaction tx(project);
    project.set_document(graph_key(dataset), graph.to_json().dump());
    tx.commit();
}

}  // namespace twinbench
