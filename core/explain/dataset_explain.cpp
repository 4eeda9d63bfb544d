#include "explain/dataset_explain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "common/time_format.h"
#include "data/condition.h"
#include "data/timestamp_parser.h"
#include "models/furnace_output_models.h"
#include "models/furnace_without_checks.h"
#include "sim/furnace_scrap_rows.h"
#include "sim/twin_study.h"

namespace twinbench {
namespace {

// A row is above an output's band when its residual exceeds this many standard deviations
// of the model's noise (the two-sided 95 % band's upper edge).
constexpr double band_sigmas = 1.96;

double parse_instant(const std::string& text, LocalTimeResolver& zone, const std::string& window) {
    const auto parsed = parse_timestamp(text, TimestampFormat::iso8601);
    if (!parsed)
        throw UsageError(fmt::format("--window '{}': '{}' is not a date and time; write e.g. "
                                     "2026-03-02T06:00..2026-03-09 (ISO 8601, the data's local time unless an "
                                     "offset such as Z or +01:00 is given)",
                                     window, text));
    return parsed->has_offset ? parsed->seconds : zone.resolve(parsed->seconds).utc_seconds;
}

const Column* find_signal(const Table& table, const std::string& name) {
    if (const Column* c = table.find(name)) return c;
    for (const auto& c : table.columns)
        if (c.header == name) return &c;
    if (const auto role = role_from_name(name)) return table.find_role(*role);
    return nullptr;
}

struct Outcome {
    const Column* column = nullptr;
    const Column* total = nullptr;
    const OutputModel* model = nullptr;
};

Outcome pick_outcome(const Table& table, const ExplainRequest& request, const TwinStudy* study) {
    Outcome o;
    if (!request.output.empty()) {
        o.column = find_signal(table, request.output);
        if (o.column == nullptr || o.column->type == ColumnType::categorical || o.column->type == ColumnType::timestamp)
            throw UsageError(fmt::format("--output {}: no numeric column or role of that name in the dataset", request.output));
    } else {
        for (const Role role : {Role::scrap, Role::defect})
            if ((o.column = table.find_numeric_role(role)) != nullptr) break;
        if (o.column == nullptr && study != nullptr)
            for (const auto& m : study->twin.models)
                if (m->output_kind() != OutputKind::continuous && (o.column = table.find(m->output())) != nullptr) break;
        if (o.column == nullptr) o.column = table.find_numeric_role(Role::output);
    }
    if (o.column == nullptr) return o;
    if (study != nullptr) o.model = study->twin.model_of(o.column->name);
    if (o.model != nullptr && !o.model->total_signal().empty()) o.total = table.find(o.model->total_signal());
    if (o.total == nullptr && o.column->role == Role::scrap) o.total = table.find_numeric_role(Role::produced);
    return o;
}

// The twin's prediction of the outcome per table row, from the recorded inputs (one step:
// upstream outputs as measured, not as simulated).
std::vector<double> predict_rows(const SignalFrame& history, const OutputModel& model, std::size_t rows) {
    std::vector<double> per_step(history.steps(), nan);
    model.simulate(history, per_step);
    std::vector<double> out(rows, nan);
    for (std::size_t k = 0; k < per_step.size() && k < history.table_row.size(); ++k) {
        const auto row = history.table_row[k];
        if (row >= 0 && static_cast<std::size_t>(row) < rows) out[static_cast<std::size_t>(row)] = per_step[k];
    }
    return out;
}

bool is_candidate_label(const Column& c) {
    if (c.type != ColumnType::categorical) return false;
    return c.role == Role::context || c.role == Role::material || signal_kind(c.role) == SignalKind::control ||
           signal_kind(c.role) == SignalKind::disturbance;
}

bool is_candidate_signal(const Column& c, const Outcome& o) {
    if (c.type != ColumnType::numeric && c.type != ColumnType::boolean) return false;
    if (&c == o.column || &c == o.total || c.role == Role::time) return false;
    if (signal_kind(c.role) != SignalKind::none || c.role == Role::factor) return true;
    return c.role == Role::none && !c.aligned_from.empty();  // a lot's certificate values
}

// The twin's prediction of the outcome per row, with what the band needs.
struct Prediction {
    std::vector<double> rows;  // expected count for a count
    OutputKind kind = OutputKind::continuous;
    double noise_sd = 0.0;  // continuous outputs; 0 = from the residuals
    std::vector<std::string> inputs;
};

// Rows above the outcome's model band; the reference is every other row the twin predicts.
void band_excursion(const Outcome& o, const Prediction& prediction, ExplainInput& in) {
    const auto& predicted = prediction.rows;
    const std::size_t n = predicted.size();
    const auto& y = o.column->values;
    in.excursion.assign(n, 0);
    in.reference.assign(n, 0);
    double sd = prediction.noise_sd;
    if (prediction.kind == OutputKind::continuous && !(sd > 0)) {
        double sum = 0, sum2 = 0, count = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isnan(y[i]) && !std::isnan(predicted[i])) {
                const double r = y[i] - predicted[i];
                sum += r;
                sum2 += r * r;
                count += 1;
            }
        sd = count > 1 ? std::sqrt((sum2 - sum * sum / count) / (count - 1)) : 0.0;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(y[i]) || std::isnan(predicted[i])) continue;
        bool above = false;
        switch (prediction.kind) {
            case OutputKind::continuous:
                // A multiplicative model's band is on the log scale (its noise_sd is in ln).
                above = o.model->log_scale()
                            ? std::log(std::max(y[i], 0.0) + o.model->log_offset()) -
                                      std::log(predicted[i] + o.model->log_offset()) >
                                  band_sigmas * sd
                            : y[i] - predicted[i] > band_sigmas * sd;
                break;
            case OutputKind::binary:  // an event the twin did not expect: the case rows
                above = y[i] > 0.5;
                break;
            case OutputKind::count: {
                const double total = o.total != nullptr ? o.total->values[i] : nan;
                if (!(total > 0)) continue;
                const double p = std::clamp(predicted[i] / total, 1e-12, 1.0 - 1e-12);
                above = (y[i] - predicted[i]) / std::sqrt(total * p * (1.0 - p)) > band_sigmas;
                break;
            }
        }
        (above ? in.excursion : in.reference)[i] = 1;
    }
}

}  // namespace

std::pair<double, double> parse_time_window(const std::string& window, const std::string& time_zone) {
    const auto dots = window.find("..");
    if (dots == std::string::npos)
        throw UsageError(fmt::format("--window '{}': write START..END, e.g. 2026-03-02T06:00..2026-03-09", window));
    std::unique_ptr<LocalTimeResolver> zone;
    try {
        zone = std::make_unique<LocalTimeResolver>(time_zone);
    } catch (const std::invalid_argument&) {
        throw ProjectError(fmt::format("the dataset's time zone '{}' is unknown to this machine's zone database", time_zone));
    }
    const double start = parse_instant(window.substr(0, dots), *zone, window);
    const double end = parse_instant(window.substr(dots + 2), *zone, window);
    if (!(end > start)) throw UsageError(fmt::format("--window '{}': the end must come after the start", window));
    return {start, end};
}

DatasetExplainInput dataset_explain_input(const Project& project, const ExplainRequest& request) {
    const int given = !request.window.empty() + !request.condition.empty() + !request.output.empty();
    if (given != 1) throw UsageError("explain: give exactly one of --window START..END, --condition NAME, --output NAME");

    DatasetExplainInput out;
    std::vector<std::string>& notes = out.notes;
    ExplainInput& in = out.input;
    std::optional<TwinStudy> study;
    try {
        study = open_twin_study(project, request.dataset);
        for (const auto& note : study->notes) notes.push_back(note);
    } catch (const ModelError& e) {
        if (!request.output.empty()) throw;
        notes.push_back(std::string("no twin to predict the outcome: ") + e.what());
    }
    const DatasetInfo dataset = study ? study->dataset : project.dataset(request.dataset);
    const Table table = study ? study->table : project.read_dataset(dataset);
    const std::size_t n = table.row_count();

    in.time_s = table.time_s;
    const Outcome outcome = pick_outcome(table, request, study ? &*study : nullptr);
    Prediction prediction;
    if (outcome.column != nullptr) {
        in.outcome_name = outcome.column->name;
        in.outcome = outcome.column->values;
        if (outcome.total != nullptr) in.outcome_total = outcome.total->values;
        if (outcome.model != nullptr) {
            prediction.rows = predict_rows(study->history, *outcome.model, n);
            prediction.kind = outcome.model->output_kind();
            prediction.noise_sd = outcome.model->noise_sd();
            prediction.inputs = outcome.model->inputs();
        } else if (study && study->furnace && outcome.column->role == Role::scrap && outcome.total != nullptr &&
                   study->furnace->models.contains("defect")) {
            // The furnace template's scrap: its defect model on the recorded rows. Without
            // manual checks the twin's typed scrap model reads measured signals only (the
            // furnace temperature, the speed's residence time, humidity, wear, grade), so it
            // is replayed on the history like any graph output; with checks, the process
            // model on the soft sensor's core temperature as the fit saw it.
            try {
                const FurnaceScrapOutputModel* scrap = study->furnace->twin.models.scrap.get();
                if (scrap != nullptr && scrap->defect().direct) {
                    // The furnace temperature as the fit read it (smoothed with the noise
                    // it estimated, or a running median: its stored choice), not the raw
                    // readings: on noisy readings a scrap window's curvature adds scrap
                    // the parts never saw (+7 % over a 60-day line).
                    SignalFrame history = study->history;
                    const PlantTwin& twin = study->furnace->twin;
                    FurnaceColumns columns = twin.models.temperature->columns();
                    columns.furnace = scrap->defect().furnace_column;
                    history.at(columns.furnace).values =
                        furnace_temperature_as_fitted(history, columns, twin.furnace, scrap->defect().furnace_reading);
                    prediction.rows = predict_rows(history, *scrap, n);
                    prediction.inputs = scrap->inputs();
                    std::erase(prediction.inputs, outcome.total->name);
                } else {
                    if (scrap == nullptr)
                        throw ModelError("the stored scrap model is not one the twin simulates (run fit again)");
                    FurnaceScrapRows rows = furnace_scrap_rows(table, *scrap);
                    prediction.rows = std::move(rows.expected_scrap);
                    prediction.inputs = std::move(rows.inputs);
                }
                prediction.kind = OutputKind::count;
            } catch (const ModelError& e) {
                notes.push_back(fmt::format("the twin's scrap model is not replayed per row ({}): explained_by_process is "
                                            "not given",
                                            e.what()));
            }
        } else if (study) {
            notes.push_back(fmt::format("the twin has no per-row model of '{}': explained_by_process is not given",
                                        outcome.column->name));
        }
        in.predicted = prediction.rows;
    }

    if (!request.window.empty()) {
        if (!table.has_time()) throw UsageError("--window needs data with a time axis; use --condition for per-item data");
        const auto [start, end] = parse_time_window(request.window, dataset.time_zone);
        in.excursion.assign(n, 0);
        for (std::size_t i = 0; i < n; ++i) in.excursion[i] = table.time_s[i] >= start && table.time_s[i] < end;
        in.description = fmt::format("window {} to {}", format_utc_iso(start), format_utc_iso(end));
    } else if (!request.condition.empty()) {
        Condition condition{request.condition, request.condition};
        for (const auto& stored : project.conditions(dataset.id))
            if (stored.name == request.condition) condition = stored;
        const ConditionContext context{dataset.running_state, dataset.time_zone};
        in.excursion = evaluate_condition(table, condition, context).rows;
        in.description = condition.name == condition.rule ? fmt::format("condition '{}'", condition.rule)
                                                          : fmt::format("condition '{}' ({})", condition.name, condition.rule);
    } else {
        if (prediction.rows.empty())
            throw ModelError(fmt::format("--output {}: the twin has no model of it, so it has no band; run `fit` (or map "
                                         "it as an output) first",
                                         request.output));
        band_excursion(outcome, prediction, in);
        in.description = fmt::format("'{}' above its model band", outcome.column->name);
    }

    const std::vector<std::string>& model_inputs = prediction.inputs;
    for (const auto& c : table.columns) {
        if (is_candidate_label(c)) {
            in.context.push_back({c.name, c.codes, c.levels});
        } else if (is_candidate_signal(c, outcome)) {
            const bool input = std::find(model_inputs.begin(), model_inputs.end(), c.name) != model_inputs.end();
            in.numeric_signals.push_back({c.name, c.unit, c.values, input});
        }
    }
    return out;
}

ExplainResult explain_dataset(const Project& project, const ExplainRequest& request, const ExplainOptions& options) {
    const DatasetExplainInput prepared = dataset_explain_input(project, request);
    ExplainResult result = explain_excursion(prepared.input, options);
    result.notes.insert(result.notes.begin(), prepared.notes.begin(), prepared.notes.end());
    return result;
}

}  // namespace twinbench
