#include "ui/processmap/process_map_layout.h"

#include <algorithm>
#include <map>

#include "sim/kpi_expression.h"

namespace twinbench::ui {

const MapNode* ProcessMapLayout::find(const std::string& name) const {
    for (const auto& n : nodes)
        if (n.name == name) return &n;
    return nullptr;
}

int ProcessMapLayout::rows_in(int layer) const {
    return static_cast<int>(std::count_if(nodes.begin(), nodes.end(), [&](const MapNode& n) { return n.layer == layer; }));
}

ProcessMapLayout layout_process_map(const twinbench::ProcessGraph& graph,
                                    const std::vector<twinbench::KpiDefinition>& kpis) {
    ProcessMapLayout out;
    std::map<std::string, int> layer_of;
    std::map<std::string, double> row_of;
    int row = 0;
    for (const auto kind : {twinbench::SignalKind::control, twinbench::SignalKind::disturbance})
        for (const auto& name : graph.names_of(kind)) {
            out.nodes.push_back({name, kind == twinbench::SignalKind::control ? MapNodeKind::control
                                                                              : MapNodeKind::disturbance,
                                 0, row});
            layer_of[name] = 0;
            row_of[name] = row++;
        }
    // Simulation order puts every output after the outputs it reads, so one pass gives each
    // its layer: one right of the furthest upstream output (inputs only: layer 1).
    int last_output_layer = 0;
    std::vector<std::string> outputs = graph.simulation_order();
    for (const auto& output : outputs) {
        int layer = 1;
        for (const auto& input : graph.inputs_of(output)) {
            const auto* s = graph.find(input);
            if (s != nullptr && s->kind == twinbench::SignalKind::output) layer = std::max(layer, layer_of[input] + 1);
        }
        layer_of[output] = layer;
        last_output_layer = std::max(last_output_layer, layer);
    }
    // Rows: by the mean row of the feeding signals, layer by layer (ties keep graph order).
    for (int layer = 1; layer <= last_output_layer; ++layer) {
        std::vector<std::pair<double, std::string>> in_layer;
        for (const auto& output : outputs) {
            if (layer_of[output] != layer) continue;
            double sum = 0.0;
            int n = 0;
            for (const auto& input : graph.inputs_of(output))
                if (const auto it = row_of.find(input); it != row_of.end()) {
                    sum += it->second;
                    ++n;
                }
            in_layer.emplace_back(n > 0 ? sum / n : 1e9, output);
        }
        std::stable_sort(in_layer.begin(), in_layer.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        int r = 0;
        for (const auto& [key, output] : in_layer) {
            out.nodes.push_back({output, MapNodeKind::output, layer, r});
            row_of[output] = r++;
        }
    }
    std::vector<std::string> known;
    for (const auto& s : graph.all_signals())
        if (s.kind != twinbench::SignalKind::none) known.push_back(s.name);
    const int kpi_layer = last_output_layer + 1;
    int kpi_row = 0;
    for (const auto& definition : kpis) {
        out.nodes.push_back({definition.name, MapNodeKind::kpi, kpi_layer, kpi_row++});
        try {
            const twinbench::KpiExpression expression(definition, known);
            for (const auto& signal : expression.signals_used()) out.kpi_links.push_back({signal, definition.name});
        } catch (const std::exception& e) {
            out.kpi_problems.emplace_back(definition.name, e.what());
        }
    }
    out.layer_count = kpis.empty() ? last_output_layer + 1 : kpi_layer + 1;
    return out;
}

}  // namespace twinbench::ui
