#include "sim/twin_fitting.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "common/error.h"
#include "models/furnace_output_models.h"
#include "models/interval_records.h"
#include "models/output_model_fit.h"
#include "models/sparse_output_fusion.h"
#include "sim/graph_proposal.h"
#include "sim/graph_store.h"
#include "sim/mediated_edges.h"

namespace twinbench {
namespace {

const Column* role_column(const Table& table, Role role) { return table.find_role(role); }

// A sparse output's records in the history while it lives, in place of its continuous
// estimate: a count is fitted out of its totals as counted (the bags filled in each
// interval), not out of the totals' model and bias, and a chain's evidence is judged on
// the output's measurements.
class RecordedValues {
  public:
    RecordedValues(SignalFrame& history, const std::map<std::string, std::vector<double>>& measured,
                   const std::string& signal)
        : history_(history), signal_(signal) {
        const auto it = measured.find(signal);
        if (signal.empty() || it == measured.end()) return;
        estimate_ = history_.at(signal).values;
        history_.at(signal).values = it->second;
        active_ = true;
    }
    ~RecordedValues() {
        if (active_) history_.at(signal_).values = std::move(estimate_);
    }
    RecordedValues(const RecordedValues&) = delete;
    RecordedValues& operator=(const RecordedValues&) = delete;

  private:
    SignalFrame& history_;
    std::string signal_;
    std::vector<double> estimate_;
    bool active_ = false;
};

bool has_model(const FitAllResult& furnace, const std::string& key) {
    return std::any_of(furnace.models.begin(), furnace.models.end(), [&](const ModelSummary& m) { return m.key == key; });
}

std::vector<std::string> role_signal_names(const Table& table) {
    const ProcessGraph role_signals = graph_signals(table);
    std::vector<std::string> names;
    for (const auto& s : role_signals.all_signals()) names.push_back(s.name);
    return names;
}

std::vector<double> hours_of(const SignalFrame& frame) {
    std::vector<double> t(frame.steps());
    for (std::size_t k = 0; k < t.size(); ++k)
        t[k] = frame.has_time() ? (frame.time_s[k] - frame.time_s.front()) / 3600.0 : static_cast<double>(k);
    return t;
}

// The graph's order, with each sparse output as early as its inputs allow (Kahn's
// algorithm, sparse first among the outputs ready): once estimated continuously it may
// feed the outputs fitted after it.
std::vector<std::string> fit_order(const ProcessGraph& graph) {
    std::vector<std::string> order, pending = graph.outputs();
    const auto ready = [&](const std::string& output) {
        for (const auto& input : graph.inputs_of(output)) {
            const GraphSignal* s = graph.find(input);
            if (s != nullptr && s->kind == SignalKind::output &&
                std::find(order.begin(), order.end(), input) == order.end())
                return false;
        }
        return true;
    };
    while (!pending.empty()) {
        auto pick = pending.end();
        for (auto it = pending.begin(); it != pending.end(); ++it)
            if (ready(*it) && (pick == pending.end() || (graph.find(*it)->sparse && !graph.find(*pick)->sparse))) pick = it;
        if (pick == pending.end()) return graph.simulation_order();  // a cycle: that names it
        order.push_back(*pick);
        pending.erase(pick);
    }
    return order;
}

}  // namespace

bool furnace_template_simulates_line(const FitAllResult& furnace) {
    return has_model(furnace, "temperature") && has_model(furnace, "throughput");
}

std::set<std::string> furnace_template_outputs(const Table& table, const FitAllResult& furnace) {
    std::set<std::string> owned;
    if (!furnace_template_simulates_line(furnace)) return owned;
    // The template's models as its simulator will step through them; models it cannot
    // read together leave it nothing to simulate (the twin refuses them alike).
    std::optional<FurnaceOutputModels> models;
    try {
        models = furnace_output_models(furnace);
    } catch (const ModelError&) {
        return owned;
    }
    const auto own = [&](Role role) {
        if (const Column* c = role_column(table, role)) owned.insert(c->name);
    };
    own(Role::furnace_temp);
    own(Role::produced);
    if (has_model(furnace, "energy")) own(Role::energy);
    if (models->core) own(Role::core_temp_check);
    // Scrap is the template's when its defect model is linked to the process (the core
    // temperature window, or what is measured without checks); a main-effects baseline is
    // not, and the graph models it.
    if (models->scrap) {
        own(Role::scrap);
        own(Role::defect);
    }
    return owned;
}

namespace {

// Fits one output from the inputs its edges give it and, for a sparse one, writes its
// continuous estimate into the history (the outputs below it are fitted on that, as they
// will be simulated on the simulated one). nullptr (and a `skipped` entry) when it cannot.
// measured: the sparse outputs' measurements, kept aside when their continuous estimates
// replace them in the history (a refit is fitted on, and fuses, the measurements again).
std::unique_ptr<OutputModel> fit_graph_output(SignalFrame& history, const ProcessGraph& graph,
                                              const std::string& output, const std::vector<double>& time_h,
                                              std::map<std::string, std::vector<double>>& measured,
                                              GraphTwin& twin, std::vector<SkippedModel>& skipped) {
    const GraphSignal& s = *graph.find(output);
    if (const auto it = measured.find(output); it != measured.end()) history.at(output).values = it->second;
    if (s.type == ColumnType::categorical) {
        skipped.push_back({output, "a categorical output is not modelled yet; give it the role disturbance or none"});
        return nullptr;
    }
    OutputFitSpec spec;
    spec.output = output;
    spec.unit = s.unit;
    spec.kind = s.output_kind;
    spec.total_signal = s.output_kind == OutputKind::count ? s.total : std::string();
    for (const auto& e : graph.edges()) {
        if (e.to != output || e.from == spec.total_signal) continue;
        spec.inputs.push_back(e.from);
        if (std::isfinite(e.delay_min)) spec.delay_min[e.from] = e.delay_min;
    }
    if (spec.inputs.empty()) {
        skipped.push_back({output, fmt::format("no input drives '{}' in the process graph; give a column the role "
                                               "control or disturbance, or add an edge to it",
                                               output)});
        return nullptr;
    }
    try {
        const RecordedValues counted_totals(history, measured, spec.total_signal);
        // An output recorded once per interval is fitted on what its items saw (interval_records.h).
        const IntervalAlignment alignment =
            s.sparse ? choose_interval_stamp(history, output, s.output_kind, spec.total_signal, spec.inputs)
                     : IntervalAlignment{};
        std::unique_ptr<OutputModel> model;
        {
            const ScopedIntervalMeans means(history, spec.inputs, alignment);
            model = fit_output_model(history, spec);
        }
        if (const std::string aligned = alignment.describe(); !aligned.empty())
            model->report().form_reason += "; " + aligned;
        // A sparse continuous output (a lab value) is estimated between its measurements:
        // the model plus the bias they show. A count or a 0/1 record per interval is what its
        // model predicts with its own (binomial) scatter: no bias walk on counts, which on a
        // rare event would carry the last weeks' chance excess into every what-if.
        if (s.sparse && s.output_kind == OutputKind::continuous) {
            std::vector<double> prediction(history.steps());
            model->simulate(history, prediction);
            FrameSignal& signal = history.at(output);
            measured[output] = signal.values;
            const SparseFusion fusion = fuse_sparse_output(time_h, prediction, signal.values);
            twin.sparse[output] = {fusion.latest_bias, fusion.walk_var_per_h, fusion.measurement_sd, fusion.interval_h};
            model->report().warnings.push_back(fmt::format(
                "measured on {} rows: estimated continuously in between (measurement sd {:.3g}, bias random walk "
                "{:.3g} per hour, latest bias {:.3g})",
                fusion.measurements, fusion.measurement_sd, fusion.walk_var_per_h, fusion.latest_bias));
            signal.values = fusion.estimate;
        }
        return model;
    } catch (const ModelError& e) {
        skipped.push_back({output, e.what()});
        return nullptr;
    }
}

// Chains onto `output` each sparse continuous output (a lab value) whose continuous
// estimate the data show acting on it, dropping the direct edges it mediates
// (mediated_edges.h); true when one was chained, and the output is to be fitted again.
bool chain_upstream_estimates(SignalFrame& history, ProcessGraph& graph, const std::string& output,
                              const std::map<std::string, std::unique_ptr<OutputModel>>& fitted,
                              const std::map<std::string, std::vector<double>>& measured) {
    const GraphSignal& s = *graph.find(output);
    // The evidence is judged on the output's measurements (a count's out of its totals as
    // counted), not on their estimates.
    const RecordedValues measurements(history, measured, output);
    const RecordedValues counted_totals(history, measured, s.total);
    bool added = false;
    for (const auto& [upstream, model] : fitted) {
        const GraphSignal& u = *graph.find(upstream);
        // Upstream: a sparse continuous output (a lab value) estimated between its
        // measurements; a count's estimate is no cause of anything.
        if (upstream == output || !u.sparse || u.output_kind != OutputKind::continuous ||
            graph.has_edge(upstream, output))
            continue;
        GraphEdge e;
        e.from = upstream;
        e.to = output;
        // Judged on the inputs as the output's fit will read them (interval_records.h).
        std::vector<std::string> inputs;
        for (const auto& input : graph.inputs_of(output))
            if (input != s.total) inputs.push_back(input);
        inputs.push_back(upstream);
        const IntervalAlignment alignment =
            s.sparse ? choose_interval_stamp(history, output, s.output_kind, s.total, inputs) : IntervalAlignment{};
        const ScopedIntervalMeans means(history, inputs, alignment);
        MediatedChain mediation;
        if (s.output_kind == OutputKind::continuous) {
            const auto [gain, rows] = chain_gain(history, graph, upstream, output);
            if (gain < GraphProposalOptions{}.min_chain_gain) continue;
            e.evidence = fmt::format("adding the continuous estimate of '{}' explains {:.0f} % of what the "
                                     "other inputs leave unexplained in '{}' (on its {} rows)",
                                     upstream, 100.0 * gain, output, rows);
            mediation = mediated_chain(history, graph, upstream, output);
        } else {
            mediation = mediated_chain(history, graph, upstream, output);
            if (mediation.upstream_ratio < 10.83) continue;
            e.evidence = fmt::format("adding the continuous estimate of '{}' to '{}' raises its log-likelihood "
                                     "by {:.0f} (likelihood ratio {:.0f}, p < 0.001)",
                                     upstream, output, mediation.upstream_ratio / 2.0, mediation.upstream_ratio);
        }
        e.evidence += mediated_edges_evidence(mediation.dropped);
        try {
            graph.add_edge(std::move(e));
        } catch (const UsageError&) {
            continue;  // it would close a cycle: the graph stays as it is
        }
        for (const auto& d : mediation.dropped) graph.remove_edge(d.from, output);
        added = true;
    }
    return added;
}

}  // namespace

GraphTwin fit_graph_outputs(SignalFrame& history, ProcessGraph& graph, const std::set<std::string>& skip,
                            bool propose_chains, std::vector<SkippedModel>& skipped) {
    GraphTwin twin;
    const std::vector<double> time_h = hours_of(history);
    std::map<std::string, std::vector<double>> measured;
    std::map<std::string, std::unique_ptr<OutputModel>> fitted;
    for (const auto& output : fit_order(graph)) {
        if (skip.count(output) != 0) continue;
        if (auto model = fit_graph_output(history, graph, output, time_h, measured, twin, skipped))
            fitted[output] = std::move(model);
    }
    // A sparse output, once estimated continuously, may explain an output beside it (the
    // powder moisture the off-spec bags): offered as an input where the data show it, and
    // the output refitted with it.
    if (propose_chains) {
        for (const auto& output : graph.simulation_order()) {
            if (fitted.count(output) == 0 || graph.find(output)->type != ColumnType::numeric) continue;
            if (!chain_upstream_estimates(history, graph, output, fitted, measured)) continue;
            if (auto model = fit_graph_output(history, graph, output, time_h, measured, twin, skipped))
                fitted[output] = std::move(model);
        }
    }
    for (const auto& output : graph.simulation_order())
        if (auto it = fitted.find(output); it != fitted.end()) twin.models.push_back(std::move(it->second));
    return twin;
}

Table recent_rows(const Table& table, double hours, std::size_t rows) {
    const std::size_t n = table.row_count();
    std::size_t first = 0;
    if (table.has_time() && hours > 0.0) {
        double last = -std::numeric_limits<double>::infinity();
        for (const double t : table.time_s)
            if (std::isfinite(t)) last = std::max(last, t);
        const double from = last - hours * 3600.0;
        while (first < n && !(table.time_s[first] >= from)) ++first;
    } else if (rows > 0) {
        first = rows < n ? n - rows : 0;
    }
    if (n - first < 50)
        throw UsageError(fmt::format("the recent window holds {} rows, too few to fit on; give a longer one", n - first));
    Table out;
    out.name = table.name;
    if (table.has_time()) out.time_s.assign(table.time_s.begin() + static_cast<std::ptrdiff_t>(first), table.time_s.end());
    for (const auto& c : table.columns) {
        Column k = c;
        if (c.type == ColumnType::categorical)
            k.codes.assign(c.codes.begin() + static_cast<std::ptrdiff_t>(first), c.codes.end());
        else
            k.values.assign(c.values.begin() + static_cast<std::ptrdiff_t>(first), c.values.end());
        out.columns.push_back(std::move(k));
    }
    return out;
}

TwinFitResult fit_twin(const Table& table, const DatasetInfo& dataset, const std::optional<ProcessGraph>& stored_graph) {
    TwinFitResult r;
    try {
        r.furnace = fit_all_models(table, dataset.time_zone);
        r.template_outputs = furnace_template_outputs(table, *r.furnace);
    } catch (const ModelError& e) {
        r.furnace_skipped = e.what();
    }
    SignalFrame history = history_frame(table, role_signal_names(table), dataset.time_zone);
    GraphProposalOptions proposal;
    proposal.template_outputs = r.template_outputs;
    const ProcessGraph proposed = propose_graph(table, history, proposal);
    if (stored_graph) {
        r.graph = reconcile_graph(*stored_graph, proposed, r.graph_notes);
    } else {
        r.graph = proposed;
        r.graph_notes.push_back("process graph proposed from the roles and the data");
    }
    r.twin = fit_graph_outputs(history, r.graph, r.template_outputs, !r.graph.edited(), r.skipped);
    r.twin.graph = r.graph;
    if (!r.furnace && r.twin.models.empty()) {
        // One list of reasons, the furnace template's models first (their message reads
        // "no model could be fitted (temperature: ...; defect: ...)").
        std::string reasons = r.furnace_skipped;
        const std::string prefix = "no model could be fitted (";
        if (reasons.rfind(prefix, 0) == 0 && !reasons.empty() && reasons.back() == ')')
            reasons = reasons.substr(prefix.size(), reasons.size() - prefix.size() - 1);
        for (const auto& s : r.skipped) reasons += fmt::format("; {}: {}", s.key, s.reason);
        if (r.graph.outputs().empty())
            reasons += "; no column has the role output: set the role of the signals to predict to output (twinbench-cli "
                       "roles PROJECT --map output=COLUMN)";
        throw ModelError("no model could be fitted (" + reasons + ")");
    }
    return r;
}

nlohmann::json TwinFitResult::to_json() const {
    nlohmann::json out = furnace ? furnace->to_json() : nlohmann::json{{"models", nlohmann::json::object()},
                                                                      {"skipped", nlohmann::json::array()},
                                                                      {"transport_delays", nlohmann::json::array()}};
    if (!furnace && !furnace_skipped.empty())
        out["skipped"].push_back({{"model", "furnace template"}, {"reason", furnace_skipped}});
    nlohmann::json outputs = nlohmann::json::object();
    for (const auto& m : twin.models) outputs[m->output()] = m->to_json();
    out["models"]["outputs"] = outputs;
    for (const auto& s : skipped) out["skipped"].push_back({{"model", "output " + s.key}, {"reason", s.reason}});
    out["template_outputs"] = template_outputs;
    out["graph"] = graph.to_json();
    out["graph_notes"] = graph_notes;
    return out;
}

ProcessGraph dataset_graph(const Project& project, const DatasetInfo& dataset, const Table& table, bool propose_anew,
                           std::vector<std::string>& notes) {
    const std::optional<ProcessGraph> stored = load_graph(project, dataset);
    if (stored && !propose_anew) return reconcile_graph(*stored, graph_signals(table), notes);
    FitAllResult furnace;
    for (const auto& m : project.models(dataset.id))
        if (m.kind.rfind(graph_output_model_prefix, 0) != 0)
            furnace.models.push_back({m.kind, nlohmann::json::parse(m.json, nullptr, false)});
    GraphProposalOptions options;
    options.template_outputs = furnace_template_outputs(table, furnace);
    const SignalFrame history = history_frame(table, role_signal_names(table), dataset.time_zone);
    notes.push_back("process graph proposed from the roles and the data");
    return propose_graph(table, history, options);
}

void store_twin_fit(Project& project, const DatasetInfo& dataset, const TwinFitResult& fit) {
    std::vector<StoredModel> models;
    if (fit.furnace)
        for (const auto& m : fit.furnace->models) models.push_back({m.key, "", m.json.dump()});
    for (const auto& m : fit.twin.models) {
        nlohmann::json j = m->to_json();
        if (const auto it = fit.twin.sparse.find(m->output()); it != fit.twin.sparse.end())
            j["sparse_bias"] = {{"latest", it->second.latest},
                                {"walk_var_per_h", it->second.walk_var_per_h},
                                {"measurement_sd", it->second.measurement_sd},
                                {"interval_h", it->second.interval_h}};
        models.push_back({std::string(graph_output_model_prefix) + m->output(), "", j.dump()});
    }
    Project::Transaction tx(project);
    project.replace_models(dataset.id, models);
    save_graph(project, dataset, fit.graph);
    tx.commit();
}

GraphTwin load_graph_twin(const Project& project, const DatasetInfo& dataset, const ProcessGraph& graph) {
    std::map<std::string, std::shared_ptr<const OutputModel>> by_output;
    GraphTwin twin;
    twin.graph = graph;
    for (const auto& stored : project.models(dataset.id)) {
        if (stored.kind.rfind(graph_output_model_prefix, 0) != 0) continue;
        const auto j = nlohmann::json::parse(stored.json, nullptr, false);
        if (j.is_discarded())
            throw ProjectError(fmt::format("project file: the stored model '{}' is damaged; refit the models with "
                                           "twinbench-cli fit",
                                           stored.kind));
        std::shared_ptr<const OutputModel> model = output_model_from_json(j);
        // Fits before this version gave counts a bias too; they are read without it.
        if (const auto b = j.find("sparse_bias");
            b != j.end() && b->is_object() && model->output_kind() == OutputKind::continuous)
            twin.sparse[model->output()] = {b->value("latest", 0.0), b->value("walk_var_per_h", 0.0),
                                            b->value("measurement_sd", 0.0), b->value("interval_h", 0.0)};
        by_output[model->output()] = std::move(model);
    }
    for (const auto& output : graph.simulation_order())
        if (const auto it = by_output.find(output); it != by_output.end()) twin.models.push_back(it->second);
    return twin;
}

}  // namespace twinbench
