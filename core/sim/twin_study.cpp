#include "sim/twin_study.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/utf8_path.h"
#include "models/model_fitting.h"
#include "sim/graph_proposal.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"

namespace twinbench {
namespace {

std::string kpi_key(const DatasetInfo& dataset) { return fmt::format("kpis:{}", dataset.id); }

std::vector<std::string> signal_names(const ProcessGraph& graph) {
    std::vector<std::string> names;
    for (const auto& s : graph.all_signals()) names.push_back(s.name);
    return names;
}

// The furnace template's study from its fitted models, where they can simulate the line;
// nullopt otherwise.
std::optional<Study> furnace_study(const Project& project, const DatasetInfo& dataset, const Table& table,
                                   const FitAllResult& furnace) {
    if (!furnace_template_simulates_line(furnace)) return std::nullopt;
    const nlohmann::json models = furnace.to_json()["models"];
    Study s{dataset, table, {}, stored_tariff(project, dataset), models, false};
    s.twin = build_twin(models, table, dataset.time_zone);
    s.twin.tariff = s.tariff.settings();
    return s;
}

}  // namespace

std::vector<std::string> TwinStudy::furnace_controls() const {
    if (!furnace) return {};
    return {"speed", "setpoint", "material", "maintenance_interval", "check_interval"};
}

std::vector<KpiDefinition> stored_kpis(const Project& project, const DatasetInfo& dataset) {
    const auto text = project.document(kpi_key(dataset));
    if (!text) return {};
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded())
        throw ProjectError(
            fmt::format("{}: the stored KPIs of dataset '{}' are damaged; define them again with "
                        "--save-kpi",
                        utf8_path_string(project.path()), dataset.name));
    return kpi_definitions_from_json(json);
}

void store_kpis(Project& project, const DatasetInfo& dataset, const std::vector<KpiDefinition>& kpis) {
    Project::Transaction tx(project);
    project.set_document(kpi_key(dataset), kpi_definitions_to_json(kpis).dump());
    tx.commit();
}

TwinStudy open_twin_study(const Project& project, const std::string& dataset_name) {
    TwinStudy s;
    s.dataset = project.dataset(dataset_name);
    s.table = project.read_dataset(s.dataset);
    s.kpis = stored_kpis(project, s.dataset);
    const std::vector<StoredModel> stored = project.models(s.dataset.id);
    const std::optional<ProcessGraph> stored_graph = load_graph(project, s.dataset);
    if (stored.empty()) {
        // Nothing fitted yet: fit now for this run (not stored; `fit` stores).
        TwinFitResult fit = fit_twin(s.table, s.dataset, stored_graph);
        s.fitted_now = true;
        s.graph = std::move(fit.graph);
        s.twin = std::move(fit.twin);
        s.template_outputs = fit.template_outputs;
        if (fit.furnace) {
            try {
                s.furnace = furnace_study(project, s.dataset, s.table, *fit.furnace);
            } catch (const ModelError& e) {
                s.notes.push_back(std::string("furnace template not simulated: ") + e.what());
            }
        }
    } else {
        // The furnace template's stored fits (the graph's outputs are loaded below).
        const nlohmann::json stored_fits = stored_models(project, s.dataset.id);
        FitAllResult furnace_fit;
        for (const auto& [key, json] : stored_fits.items())
            if (!key.starts_with(graph_output_model_prefix)) furnace_fit.models.push_back({key, json});
        try {
            s.furnace = furnace_study(project, s.dataset, s.table, furnace_fit);
        } catch (const ModelError& e) {
            s.notes.push_back(std::string("furnace template not simulated: ") + e.what());
        }
        if (s.furnace) s.template_outputs = furnace_template_outputs(s.table, furnace_fit);
        if (stored_graph) {
            // Roles may have changed since the fit: the graph follows them; outputs whose
            // model no longer fits the graph are refitted by `fit`, and said so.
            const ProcessGraph role_signals = graph_signals(s.table);
            s.graph = reconcile_graph(*stored_graph, role_signals, s.notes);
        } else {
            s.graph = graph_signals(s.table);
        }
        s.twin = load_graph_twin(project, s.dataset, s.graph);
    }
    s.history = history_frame(s.table, signal_names(s.graph), s.dataset.time_zone);
    for (const auto& output : s.graph.outputs())
        if (s.twin.model_of(output) == nullptr && s.template_outputs.count(output) == 0)
            s.twin.warnings.push_back(fmt::format("'{}' has no model (run fit, or see why it was skipped): it is "
                                                  "replayed as recorded",
                                                  output));
    if (!s.furnace && s.twin.models.empty())
        throw ModelError(fmt::format(
            "nothing to simulate in dataset '{}': no output has a model{}; set the role of the signals to predict to "
            "output and of the settings to control (twinbench-cli roles), then run twinbench-cli fit",
            s.dataset.name, s.notes.empty() ? "" : " (" + s.notes.back() + ")"));
    return s;
}

}  // namespace twinbench
