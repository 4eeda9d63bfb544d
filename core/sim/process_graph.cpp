#include "sim/process_graph.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

std::string join_path(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : " -> ") + n;
    return out;
}

std::optional<EdgeOrigin> edge_origin_from_name(std::string_view name) {
    for (const auto o : {EdgeOrigin::proposed, EdgeOrigin::engineer, EdgeOrigin::furnace_template})
        if (edge_origin_name(o) == name) return o;
    return std::nullopt;
}

}  // namespace

std::string_view edge_origin_name(EdgeOrigin origin) {
    switch (origin) {
        case EdgeOrigin::proposed: return "proposed";
        case EdgeOrigin::engineer: return "engineer";
        case EdgeOrigin::furnace_template: return "furnace_template";
    }
    return "proposed";
}

const GraphSignal* ProcessGraph::find(std::string_view name) const {
    for (const auto& s : signals_)
        if (s.name == name) return &s;
    return nullptr;
}

void ProcessGraph::set_signal(GraphSignal signal) {
    for (auto& s : signals_)
        if (s.name == signal.name) {
            s = std::move(signal);
            return;
        }
    signals_.push_back(std::move(signal));
}

std::vector<std::string> ProcessGraph::names_of(SignalKind kind) const {
    std::vector<std::string> out;
    for (const auto& s : signals_)
        if (s.kind == kind) out.push_back(s.name);
    return out;
}

std::vector<std::string> ProcessGraph::inputs_of(std::string_view output) const {
    std::vector<std::string> out;
    for (const auto& e : edges_)
        if (e.to == output) out.push_back(e.from);
    return out;
}

bool ProcessGraph::has_edge(std::string_view from, std::string_view to) const {
    return std::any_of(edges_.begin(), edges_.end(),
                       [&](const GraphEdge& e) { return e.from == from && e.to == to; });
}

std::optional<std::vector<std::string>> ProcessGraph::cycle_through(std::string_view from,
                                                                    std::string_view to) const {
    // A new edge from -> to closes a cycle when `from` is already reachable from `to`.
    std::vector<std::string> path{std::string(to)};
    std::vector<std::string> visited;
    const std::function<bool(const std::string&)> reach = [&](const std::string& at) {
        if (at == from) return true;
        if (std::find(visited.begin(), visited.end(), at) != visited.end()) return false;
        visited.push_back(at);
        for (const auto& e : edges_) {
            if (e.from != at) continue;
            path.push_back(e.to);
            if (reach(e.to)) return true;
            path.pop_back();
        }
        return false;
    };
    if (!reach(std::string(to))) return std::nullopt;
    path.emplace_back(to);
    return path;
}

void ProcessGraph::add_edge(GraphEdge edge) {
    const GraphSignal* from = find(edge.from);
    const GraphSignal* to = find(edge.to);
    if (from == nullptr || to == nullptr)
        throw UsageError(fmt::format("edge {} -> {}: no signal named '{}' in the process graph",
                                     edge.from, edge.to, from == nullptr ? edge.from : edge.to));
    if (to->kind != SignalKind::output)
        throw UsageError(fmt::format(
            "edge {} -> {}: '{}' is a {}, and nothing drives a {} in the twin; only outputs "
            "have inputs (set its role to output to model it)",
            edge.from, edge.to, edge.to, signal_kind_name(to->kind), signal_kind_name(to->kind)));
    if (from->kind == SignalKind::none)
        throw UsageError(fmt::format("edge {} -> {}: '{}' has no role in the twin (give it the "
                                     "role control, disturbance or output first)",
                                     edge.from, edge.to, edge.from));
    if (edge.from == edge.to)
        throw UsageError(fmt::format("edge {} -> {}: an output cannot drive itself", edge.from, edge.to));
    if (has_edge(edge.from, edge.to)) return;
    if (const auto cycle = cycle_through(edge.from, edge.to))
        throw UsageError(fmt::format("edge {} -> {} would close the cycle {}; a twin is simulated "
                                     "in the order of its edges, so drop one edge of the cycle first",
                                     edge.from, edge.to, join_path(*cycle)));
    edges_.push_back(std::move(edge));
}

void ProcessGraph::remove_edge(std::string_view from, std::string_view to) {
    const auto it = std::find_if(edges_.begin(), edges_.end(),
                                 [&](const GraphEdge& e) { return e.from == from && e.to == to; });
    if (it == edges_.end())
        throw UsageError(fmt::format("no edge {} -> {} in the process graph", from, to));
    edges_.erase(it);
}

void ProcessGraph::remove_signal(std::string_view name) {
    std::erase_if(edges_, [&](const GraphEdge& e) { return e.from == name || e.to == name; });
    std::erase_if(signals_, [&](const GraphSignal& s) { return s.name == name; });
}

std::vector<std::string> ProcessGraph::simulation_order() const {
    // Depth-first topological sort over the outputs; a back edge is a cycle.
    std::vector<std::string> order;
    std::vector<std::string> on_path;
    std::vector<std::string> done;
    const std::function<void(const std::string&)> visit = [&](const std::string& output) {
        if (std::find(done.begin(), done.end(), output) != done.end()) return;
        if (const auto at = std::find(on_path.begin(), on_path.end(), output); at != on_path.end()) {
            std::vector<std::string> cycle(at, on_path.end());
            cycle.push_back(output);
            throw UsageError("the process graph has the cycle " + join_path(cycle) +
                             "; drop one of its edges so that the outputs can be simulated in order");
        }
        on_path.push_back(output);
        for (const auto& input : inputs_of(output)) {
            const GraphSignal* s = find(input);
            if (s != nullptr && s->kind == SignalKind::output) visit(input);
        }
        on_path.pop_back();
        done.push_back(output);
        order.push_back(output);
    };
    for (const auto& s : signals_)
        if (s.kind == SignalKind::output) visit(s.name);
    return order;
}

nlohmann::json ProcessGraph::to_json() const {
    nlohmann::json signals = nlohmann::json::array();
    for (const auto& s : signals_)
        signals.push_back({{"name", s.name},
                           {"unit", s.unit},
                           {"role", role_name(s.role)},
                           {"kind", signal_kind_name(s.kind)},
                           {"type", column_type_name(s.type)},
                           {"sparse", s.sparse},
                           {"output_kind", output_kind_name(s.output_kind)},
                           {"total", s.total}});
    nlohmann::json edges = nlohmann::json::array();
    for (const auto& e : edges_) {
        nlohmann::json j{{"from", e.from},
                         {"to", e.to},
                         {"origin", edge_origin_name(e.origin)},
                         {"evidence", e.evidence}};
        j["delay_min"] = std::isfinite(e.delay_min) ? nlohmann::json(e.delay_min) : nlohmann::json(nullptr);
        edges.push_back(std::move(j));
    }
    return {{"signals", signals}, {"edges", edges}, {"edited", edited_}};
}

ProcessGraph ProcessGraph::from_json(const nlohmann::json& json, const std::string& source) {
    const auto bad = [&](const std::string& what) -> BadInputError {
        return BadInputError({source, 0, 0}, "process graph: " + what);
    };
    if (!json.is_object() || !json.contains("signals") || !json["signals"].is_array() ||
        !json.contains("edges") || !json["edges"].is_array())
        throw bad("expected an object with the arrays \"signals\" and \"edges\"");
    ProcessGraph g;
    g.edited_ = json.value("edited", false);
    for (const auto& s : json["signals"]) {
        if (!s.is_object() || !s.contains("name") || !s["name"].is_string())
            throw bad("a signal without a \"name\"");
        GraphSignal signal;
        signal.name = s["name"].get<std::string>();
        signal.unit = s.value("unit", "");
        const auto role = role_from_name(s.value("role", "none"));
        if (!role) throw bad("signal '" + signal.name + "' has an unknown role");
        signal.role = *role;
        const std::string kind = s.value("kind", std::string(signal_kind_name(signal_kind(*role))));
        signal.kind = kind == "control"       ? SignalKind::control
                      : kind == "disturbance" ? SignalKind::disturbance
                      : kind == "output"      ? SignalKind::output
                                              : SignalKind::none;
        signal.type = column_type_from_name(s.value("type", "numeric")).value_or(ColumnType::numeric);
        signal.sparse = s.value("sparse", false);
        const std::string output_kind = s.value("output_kind", "continuous");
        signal.output_kind = output_kind == "binary" ? OutputKind::binary
                             : output_kind == "count" ? OutputKind::count
                                                      : OutputKind::continuous;
        signal.total = s.value("total", "");
        if (signal.output_kind == OutputKind::count && signal.total.empty())
            throw bad("count output '" + signal.name + "' does not say what it is counted out of (\"total\")");
        g.set_signal(std::move(signal));
    }
    for (const auto& e : json["edges"]) {
        if (!e.is_object() || !e.contains("from") || !e.contains("to") || !e["from"].is_string() ||
            !e["to"].is_string())
            throw bad("an edge without \"from\" and \"to\"");
        GraphEdge edge;
        edge.from = e["from"].get<std::string>();
        edge.to = e["to"].get<std::string>();
        edge.origin = edge_origin_from_name(e.value("origin", "proposed")).value_or(EdgeOrigin::proposed);
        edge.evidence = e.value("evidence", "");
        if (e.contains("delay_min") && e["delay_min"].is_number()) edge.delay_min = e["delay_min"].get<double>();
        try {
            g.add_edge(std::move(edge));
        } catch (const UsageError& err) {
            throw bad(err.what());
        }
    }
    return g;
}

}  // namespace twinbench
