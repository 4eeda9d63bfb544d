// Generated processes with known answers, imported, fitted and opened as twins, cached per
// (template, variant, seed) for the tests of one binary: the spray dryer (the second
// process template, sample/dryer_*.h) with the roles an engineer declares, and furnace
// lines of the sample generator's variants (no manual checks, scrap driven directly by the
// furnace temperature and residence time, other physics constants).
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "data/importer.h"
#include "data/project.h"
#include "sample/dryer_export.h"
#include "sample/plant_export.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"
#include "sim/twin_study.h"
#include "support/temp_dir.h"

namespace twinbench::test {

struct GeneratedTwin {
    std::unique_ptr<TempDir> dir;
    std::filesystem::path project_path;
    nlohmann::json truth_json;
    std::unique_ptr<TwinStudy> study;
};

inline std::vector<std::filesystem::path> csv_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The process graph an engineer who knows the process declares: the truth's edges in place
// of the ones the importer proposed.
inline ProcessGraph declared_graph(ProcessGraph graph, const nlohmann::json& truth_graph) {
    for (const GraphEdge& e : std::vector<GraphEdge>(graph.edges())) graph.remove_edge(e.from, e.to);
    for (const auto& e : truth_graph.at("edges")) {
        GraphEdge edge;
        edge.from = e.at("from").get<std::string>();
        edge.to = e.at("to").get<std::string>();
        edge.origin = EdgeOrigin::engineer;
        graph.add_edge(edge);
    }
    graph.mark_edited();
    return graph;
}

enum class GraphSource { proposed, declared };

inline void import_fit_open(GeneratedTwin& g, const std::filesystem::path& data, ImportOptions options,
                            GraphSource graph_source = GraphSource::proposed) {
    g.project_path = *g.dir / "plant.twin";
    options.files = csv_files(data);
    std::ifstream in(data / "truth" / "truth.json");
    g.truth_json = nlohmann::json::parse(in);
    {
        Project project(g.project_path, Project::Mode::create_if_missing);
        import_files(project, options);
        const DatasetInfo dataset = project.dataset("");
        const Table table = project.read_dataset(dataset);
        if (graph_source == GraphSource::declared) {
            std::vector<std::string> notes;
            save_graph(project, dataset,
                       declared_graph(dataset_graph(project, dataset, table, false, notes), g.truth_json.at("graph")));
        }
        store_twin_fit(project, dataset, fit_twin(table, dataset, load_graph(project, dataset)));
    }
    const Project project(g.project_path, Project::Mode::read_only);
    g.study = std::make_unique<TwinStudy>(open_twin_study(project, ""));
}

// The dryer with the roles of its truth.json graph: inlet setpoint and feed rate are
// controls, solids, humidity and ambient disturbances, the rest outputs; the edges as the
// importer proposes them or as the truth's graph declares them.
// bags_stamped_at_end: the bagging file's counts stamped at their interval's end.
inline const GeneratedTwin& dryer_twin(std::uint64_t seed, int days = 60, GraphSource graph = GraphSource::proposed,
                                       bool bags_stamped_at_end = false) {
    static std::map<std::tuple<std::uint64_t, int, GraphSource, bool>, GeneratedTwin> cache;
    auto& g = cache[{seed, days, graph, bags_stamped_at_end}];
    if (g.study) return g;
    g.dir = std::make_unique<TempDir>();
    DryerSampleOptions options;
    options.days = days;
    options.seed = seed;
    options.bags_stamped_at_end = bags_stamped_at_end;
    write_dryer_sample(*g.dir / "data", options);
    ImportOptions import;
    import.time_zone = options.time_zone;
    for (const char* c : {"Inlet air temp SP", "Feed rate"}) import.role_overrides.emplace_back(Role::control, c);
    for (const char* c : {"Feed solids", "Ambient humidity", "Ambient temp"})
        import.role_overrides.emplace_back(Role::disturbance, c);
    for (const char* c : {"Outlet air temp", "Gas energy", "Residual moisture", "Bags filled", "Bags off-spec"})
        import.role_overrides.emplace_back(Role::output, c);
    import_fit_open(g, *g.dir / "data", import, graph);
    return g;
}

// A furnace line of the sample generator (variant names as `sample --variant`), imported
// with the roles the importer proposes.
inline const GeneratedTwin& furnace_twin(const std::string& variant, std::uint64_t seed, int days = 60) {
    static std::map<std::tuple<std::string, std::uint64_t, int>, GeneratedTwin> cache;
    auto& g = cache[{variant, seed, days}];
    if (g.study) return g;
    g.dir = std::make_unique<TempDir>();
    SampleOptions options;
    options.days = days;
    options.seed = seed;
    apply_sample_variant(options, variant);
    write_sample_plant(*g.dir / "data", options);
    ImportOptions import;
    import.time_zone = options.time_zone;
    import_fit_open(g, *g.dir / "data", import);
    return g;
}

}  // namespace twinbench::test
