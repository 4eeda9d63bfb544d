#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"

namespace twinbench::cli {
namespace {

// "A->B" (names may hold spaces; white space around the arrow is dropped).
std::pair<std::string, std::string> parse_edge(const std::string& text, const char* option) {
    const auto arrow = text.find("->");
    const auto trim = [](const std::string& s) {
        const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    if (arrow == std::string::npos || trim(text.substr(0, arrow)).empty() || trim(text.substr(arrow + 2)).empty())
        throw UsageError(fmt::format("{} '{}': write FROM->TO, e.g. {} 'Outlet air temp->Residual moisture'", option,
                                     text, option));
    return {trim(text.substr(0, arrow)), trim(text.substr(arrow + 2))};
}

void print_graph(const ProcessGraph& g) {
    for (const auto kind : {SignalKind::control, SignalKind::disturbance, SignalKind::output}) {
        const auto names = g.names_of(kind);
        if (names.empty()) continue;
        std::cout << fmt::format("{}s:\n", signal_kind_name(kind));
        for (const auto& n : names) {
            const GraphSignal& s = *g.find(n);
            std::string what = s.unit.empty() ? "" : " [" + s.unit + "]";
            if (kind == SignalKind::output) {
                what += fmt::format(" {}", output_kind_name(s.output_kind));
                if (s.output_kind == OutputKind::count) what += " out of '" + s.total + "'";
                if (s.sparse) what += ", sparse";
            }
            std::cout << fmt::format("  {}{} (role {})\n", n, what, role_name(s.role));
        }
    }
    std::cout << "edges (in simulation order of their outputs):\n";
    for (const auto& output : g.simulation_order())
        for (const auto& e : g.edges())
            if (e.to == output)
                std::cout << fmt::format("  {} -> {}{} [{}]: {}\n", e.from, e.to,
                                         std::isfinite(e.delay_min) ? fmt::format(" (dead time {:g} min)", e.delay_min) : "",
                                         edge_origin_name(e.origin), e.evidence);
}

class GraphCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("graph", "Show or edit the process graph: which inputs drive which outputs");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_flag("--propose", propose_, "Propose the graph anew from the roles and the data, and store it");
        sub_->add_option("--add-edge", add_, "Add an edge FROM->TO (an input or upstream output drives an output)");
        sub_->add_option("--drop-edge", drop_, "Drop the edge FROM->TO");
        sub_->add_flag("--json", json_, "Print the graph as JSON");
    }

    int run() override {
        const bool writes = propose_ || !add_.empty() || !drop_.empty();
        Project project(path_from_utf8(project_),
                        writes ? Project::Mode::open_existing : Project::Mode::read_only);
        const DatasetInfo dataset = project.dataset(dataset_);
        const Table table = project.read_dataset(dataset);
        std::vector<std::string> notes;
        ProcessGraph graph = dataset_graph(project, dataset, table, propose_, notes);
        for (const auto& e : drop_) {
            const auto [from, to] = parse_edge(e, "--drop-edge");
            graph.remove_edge(from, to);
            graph.mark_edited();
        }
        for (const auto& e : add_) {
            const auto [from, to] = parse_edge(e, "--add-edge");
            GraphEdge edge;
            edge.from = from;
            edge.to = to;
            edge.origin = EdgeOrigin::engineer;
            edge.evidence = "added by the engineer";
            graph.add_edge(std::move(edge));
            graph.mark_edited();
        }
        if (writes) {
            save_graph(project, dataset, graph);
            if (!project.models(dataset.id).empty())
                notes.push_back("the stored models were fitted for the graph before this change: run twinbench-cli fit");
        }
        if (json_) {
            nlohmann::json out = graph.to_json();
            out["dataset"] = dataset.name;
            out["simulation_order"] = graph.simulation_order();
            out["notes"] = notes;
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        print_graph(graph);
        for (const auto& n : notes) std::cerr << "note: " << n << '\n';
        return 0;
    }

private:
    std::string project_, dataset_;
    std::vector<std::string> add_, drop_;
    bool propose_ = false;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_graph_command() { return std::make_unique<GraphCommand>(); }

}  // namespace twinbench::cli
