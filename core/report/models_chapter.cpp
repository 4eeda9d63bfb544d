// The models chapter: for each model stored by `fit`, its form in words, the terms with
// 95 % intervals, the hold-out metrics, one diagnostics chart and the validity envelope,
// all read from what the fit stored, never recomputed. The outputs of the process graph are
// read through the typed model interface (output_model_section.h); the furnace template's
// fits through their card (models/stored_model_card.h: terms, metrics, diagnostics,
// envelope, warnings) and their typed models (models/furnace_output_models.h, built once
// from the stored fits): the trust verdict, the scrap's core-temperature optimum and the
// furnace temperature's core-temperature soft sensor (terms, check-interval curve or why
// there is none). The furnace model's order selection is read from its stored fit here,
// the one view that shows it.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/furnace_output_models.h"
#include "models/stored_model_card.h"
#include "models/model_json.h"
#include "models/output_model.h"
#include "models/model_findings.h"
#include "models/term_names.h"
#include "report/number_format.h"
#include "report/output_model_section.h"
#include "sim/twin_fitting.h"
#include "report/report_builder.h"

namespace twinbench::report {
namespace {

using nlohmann::json;

struct ModelText {
    const char* key;
    const char* title;
};

std::string model_title(const std::string& key) {
    static constexpr ModelText titles[] = {{"temperature", "Furnace temperature"},
                                           {"defect", "Scrap"},
                                           {"energy", "Energy"},
                                           {"throughput", "Throughput and availability"}};
    for (const auto& t : titles)
        if (key == t.key) return t.title;
    return key;
}

// What the model is, in the words an engineer would use in a review.
std::string model_form(const std::string& kind) {
    if (kind == "first_order_grey_box")
        return "First-order grey-box model of the furnace air temperature: the temperature follows "
               "the setpoint with time constant tau, sags with the load (parts per minute) and "
               "with a cold ambient. Identified by least squares on the difference equation, then "
               "refined by output-error Gauss-Newton so that thermocouple noise does not bias it. "
               "Hold-out metrics are free-run simulations over the last 20 % of the data.";
    if (kind == "second_order_grey_box")
        return "Second-order grey-box model of the furnace air temperature: two lags in cascade, "
               "the furnace air and heater (time constant tau, the longer) feeding the "
               "thermocouple and wall (time constant tau2), both settling to the same steady "
               "state, which follows the setpoint and sags with the load (parts per minute) and "
               "with a cold ambient. Identified like the first-order model (least squares on the "
               "difference equation, then output-error Gauss-Newton) and preferred to it only "
               "where the data asks for it (see the model order below). Hold-out metrics are "
               "free-run simulations over the last 20 % of the data.";
    if (kind.starts_with("binomial_glm") && kind.find("core_temperature") != std::string::npos)
        return "Binomial GLM (logistic regression) of scrap on the part core temperature from the "
               "soft sensor and its square (the target window), humidity, conveyor wear, line "
               "speed and material grade. Terms are in the inputs' own units; intervals are 95 % "
               "Wald intervals.";
    if (kind.starts_with("binomial_glm"))
        return "Main-effects logistic regression of the defect outcome on the mapped factors, in "
               "the factors' own units, with (Intercept) first. Intervals are 95 % Wald "
               "intervals.";
    if (kind == "physics_regression")
        return "Physics regression of the energy per interval: heat taken by the parts, losses to "
               "ambient rising with the furnace temperature, and a base load per line state.";
    if (kind == "load_profile_regression")
        return "Load-profile regression of the energy per interval on hour of day, weekend and "
               "load type (metering-only data).";
    if (kind == "wear_maintenance_availability")
        return "Throughput model: effective part pitch, conveyor wear rate as a power law of line "
               "speed, wear limit, maintenance duration and unplanned stops, giving availability "
               "and good parts per hour as a function of speed.";
    return "Model of kind " + kind + ".";
}

// The furnace model's order and why the fit chose it (the fit JSON's `order` and
// `order_selection`), with each candidate's hold-out free-run RMSE: the selection's
// first criterion, over the rows left after the sensor spikes both orders miss.
std::optional<Paragraph> model_order_line(const json& spec, const std::string& unit) {
    const auto order = spec.find("order");
    if (order == spec.end() || !order->is_number_integer()) return std::nullopt;
    const auto order_name = [](int o) { return o == 2 ? "second order" : "first order"; };
    const int chosen = order->get<int>();
    std::string text = fmt::format("Model order: {} ({}, {}).", chosen, order_name(chosen),
                                   chosen == 2 ? "two lags in cascade" : "one lag");
    const auto selection = spec.find("order_selection");
    if (selection == spec.end() || !selection->is_object()) return Paragraph{text};
    std::vector<std::string> rmse;
    double spikes = 0.0;
    if (const auto c = selection->find("candidates"); c != selection->end() && c->is_array())
        for (const auto& candidate : *c) {
            const char* name = order_name(candidate.value("order", 1));
            if (const auto skipped = candidate.find("skipped"); skipped != candidate.end()) {
                const std::string why = skipped->is_string() ? skipped->get<std::string>() : "";
                rmse.push_back(fmt::format("{} not fitted{}", name,
                                           why.empty() ? std::string() : " (" + why + ")"));
                continue;
            }
            double v = json_number_at(candidate, "holdout_free_run_rmse_trimmed");
            if (!std::isfinite(v)) v = json_number_at(candidate, "holdout_free_run_rmse");
            rmse.push_back(fmt::format("{} {}{}", name, format_significant(v, 3),
                                       unit.empty() ? std::string() : " " + unit));
            spikes = std::max(spikes, json_number_at(candidate, "holdout_spike_rows_excluded"));
        }
    if (!rmse.empty()) {
        text += " Hold-out free-run RMSE:";
        for (std::size_t i = 0; i < rmse.size(); ++i) text += (i == 0 ? " " : ", ") + rmse[i];
        if (spikes > 0)
            text += fmt::format(" ({} sensor-spike rows that both orders miss left out)",
                                format_count(spikes));
        text += ".";
    }
    if (const std::string reason = selection->value("reason", ""); !reason.empty())
        text += " Selection: " + reason + (reason.ends_with('.') ? "" : ".");
    return Paragraph{text};
}

std::string metric_label(const std::string& key) {
    static const std::pair<const char*, const char*> labels[] = {
        {"rmse", "RMSE"},
        {"mae", "MAE"},
        {"r2", "R\xC2\xB2"},
        {"one_step_rmse", "One-step RMSE"},
        {"log_loss", "Log loss"},
        {"brier", "Brier score"},
        {"auc", "AUC (ROC)"},
        {"availability_actual", "Availability, actual"},
        {"availability_predicted", "Availability, predicted"}};
    for (const auto& [k, label] : labels)
        if (key == k) return label;
    return key;
}

// The furnace template's terms as fitted (its stored fit's card; the typed models do not
// carry every part's terms yet), in words ("Time constant", "Core temperature²"), not the
// stored keys.
std::vector<ModelTerm> stored_terms(const std::vector<StoredTerm>& terms) {
    std::vector<ModelTerm> out;
    out.reserve(terms.size());
    for (const auto& term : terms)
        out.push_back({readable_term_name(term.name), term.unit, term.estimate, term.std_error});
    return out;
}

std::optional<Chart> diagnostics_chart(const HoldoutDiagnostics& d, std::size_t holdout_rows) {
    if (d.points.empty()) return std::nullopt;
    Chart c;
    c.title = "Hold-out: predicted against actual";
    c.x = {"Predicted", d.unit, false, ""};
    c.y = {"Actual", d.unit, false, ""};
    c.identity_line = true;
    ChartSeries s{"hold-out points", SeriesKind::points, {}, {}, {}, 0};
    for (const std::size_t i : thin_evenly(d.points.size(), 2000)) {
        s.x.push_back(d.points[i].predicted);
        s.y.push_back(d.points[i].actual);
    }
    c.series.push_back(std::move(s));
    const std::size_t rows = std::max(holdout_rows, d.points.size());
    c.caption = fmt::format("{} hold-out points{}; points on the dashed diagonal are predicted exactly.",
                            format_count(static_cast<double>(rows)),
                            c.series[0].x.size() < rows
                                ? fmt::format(" ({} shown, evenly thinned)",
                                              format_count(static_cast<double>(c.series[0].x.size())))
                                : std::string());
    return c;
}

DataTable envelope_table(const std::vector<EnvelopeInput>& envelope) {
    DataTable t;
    t.caption = "Validity envelope (inputs seen in training)";
    t.header = {"Input", "Unit", "Min", "Max"};
    for (const EnvelopeInput& e : envelope) {
        const int d = decimals_for(std::max(std::abs(e.min), std::abs(e.max)), 4);
        t.rows.push_back({e.input, e.unit, fixed_cell(e.min, d), fixed_cell(e.max, d)});
    }
    return t;
}

Paragraph trust_paragraph(const OutputModel& model) {
    const TrustVerdict& v = model.report().trust;
    return Paragraph{"Trust: " + (v.message.empty() ? std::string(trust_level_name(v.level)) : v.message),
                     v.level == TrustVerdict::Level::trusted ? ParagraphStyle::body : ParagraphStyle::warning};
}

// The furnace template's stored fits as its typed models; none when the template's models
// cannot be read together (no temperature model: the sections still show the stored fits).
std::optional<FurnaceOutputModels> furnace_models(const std::vector<StoredModel>& stored) {
    json models = json::object();
    for (const StoredModel& m : stored)
        if (!m.kind.starts_with(graph_output_model_prefix)) {
            auto spec = json::parse(m.json, nullptr, false);
            if (spec.is_object()) models[m.kind] = std::move(spec);
        }
    try {
        return furnace_output_models(models);
    } catch (const Error&) {
        return std::nullopt;
    }
}

// The check-interval curve as a table, or why there is none (a short history leaves too
// few checks out to score the estimate on).
std::optional<Block> check_interval_block(const SoftSensorChecks& checks) {
    if (checks.curve.points.empty() && checks.curve_skipped.empty()) return std::nullopt;
    if (checks.curve.points.empty())
        return Paragraph{"How far apart can the manual checks be? Not computed: " + checks.curve_skipped +
                             (checks.curve_skipped.ends_with('.') ? "" : "."),
                         ParagraphStyle::warning};
    const std::string deg_c = "\xC2\xB0" "C";  // split: "\xB0C" would read as one hex escape
    DataTable t;
    t.caption = fmt::format("How far apart can the manual checks be? (tolerance \xC2\xB1{} {})",
                            format_significant(checks.curve.tolerance_degC, 2), deg_c);
    t.header = {"Check interval [h]", "Checks used", "Estimate RMSE [" + deg_c + "]",
                "Estimate 95 % abs. error [" + deg_c + "]", "Within tolerance"};
    for (const CheckIntervalPoint& p : checks.curve.points) {
        const double h = p.interval_h;
        // The estimate's own error, the check noise taken out (older models: as scored).
        t.rows.push_back({fixed_cell(h, h == std::floor(h) ? 0 : 1), count_cell(static_cast<double>(p.checks_used)),
                          fixed_cell(shown_rmse_degC(p), 2), fixed_cell(shown_p95_abs_error_degC(p), 2),
                          p.meets_tolerance ? "yes" : "no"});
    }
    return t;
}

void add_soft_sensor(Section& sec, const CoreTemperatureOutputModel& sensor) {
    sec.blocks.push_back(Paragraph{
        "Core-temperature soft sensor: the exit-temperature physics (residence time and a part "
        "heating time constant per material grade) fused with the manual checks by a Kalman "
        "filter and RTS smoother, giving a continuous core-temperature estimate with a 95 % "
        "band."});
    sec.blocks.push_back(trust_paragraph(sensor));
    if (!sensor.terms().empty())
        sec.blocks.push_back(model_terms_table(sensor, "Soft sensor terms", "Core-temperature soft sensor"));
    if (auto curve = check_interval_block(sensor.checks())) sec.blocks.push_back(std::move(*curve));
}

}  // namespace

void append_models_chapter(ReportDocument& document, const std::string& chapter,
                           const Project& project, const DatasetInfo& dataset) {
    std::vector<Section> models;
    std::optional<Table> table;  // read once, for the graph outputs' plain-words findings
    const std::vector<StoredModel> stored_models = project.models(dataset.id);
    const std::optional<FurnaceOutputModels> furnace = furnace_models(stored_models);
    bool held_out_in_time = true;  // false: records without a time axis, held out in file order
    for (const StoredModel& stored : stored_models) {
        const std::string& key = stored.kind;
        const auto spec = json::parse(stored.json, nullptr, false);
        if (!spec.is_object()) continue;
        if (key.starts_with(graph_output_model_prefix)) {
            // An output of the process graph: read through the typed model interface.
            const auto model = output_model_from_json(spec);
            if (!std::isfinite(model->report().split_s)) held_out_in_time = false;
            if (!table) table = project.read_dataset(dataset);
            const auto findings = model_findings(*model, *table, dataset.time_zone);
            models.push_back(output_model_section(*model, findings,
                                                  fmt::format("{}.{}", chapter, models.size() + 1), stored.fitted_utc));
            continue;
        }
        const std::string title = model_title(key);
        Section sec{fmt::format("{}.{}", chapter, models.size() + 1), title, 2, "model-" + key, {}};
        const StoredModelCard card = stored_model_card({key, spec});
        sec.blocks.push_back(Paragraph{model_form(card.kind)});
        const OutputModel* typed = furnace ? furnace->of_stored_fit(key) : nullptr;
        if (typed != nullptr) sec.blocks.push_back(trust_paragraph(*typed));
        const std::string& unit = card.diagnostics.unit;
        if (auto order = model_order_line(spec, unit)) sec.blocks.push_back(std::move(*order));
        if (!card.terms.empty()) sec.blocks.push_back(terms_table(stored_terms(card.terms), "Terms", title));
        if (typed != nullptr && typed == furnace->scrap.get()) {
            const double est = furnace->scrap->defect().core_optimum_degC;
            const double se = furnace->scrap->defect().core_optimum_std_error_degC;
            if (std::isfinite(est))
                sec.blocks.push_back(
                    Paragraph{fmt::format("Scrap is lowest at a core temperature of {} \xC2\xB0"
                                          "C (standard error {} \xC2\xB0"
                                          "C).",
                                          format_estimate(est, se), format_significant(se, 2))});
        }
        KeyValueTable metrics{"Hold-out metrics (last 20 % of the data in time)", {}};
        // The usual reading order (error, then fit; the card's), not the JSON's alphabetical one.
        for (const StoredMetric& m : card.metrics) {
            const bool has_unit = !unit.empty() && (m.key == "rmse" || m.key == "mae" || m.key == "one_step_rmse");
            metrics.rows.push_back({metric_label(m.key) + (has_unit ? " [" + unit + "]" : ""), significant_cell(m.value, 4)});
        }
        metrics.rows.push_back({"Training rows", count_cell(static_cast<double>(card.n_train))});
        metrics.rows.push_back({"Hold-out rows", count_cell(static_cast<double>(card.n_test))});
        metrics.rows.push_back({"Fitted (UTC)", stored.fitted_utc});
        sec.blocks.push_back(std::move(metrics));
        if (auto c = diagnostics_chart(card.diagnostics, card.diagnostics_rows)) sec.blocks.push_back(std::move(*c));
        if (auto env = envelope_table(card.envelope); !env.rows.empty()) sec.blocks.push_back(std::move(env));
        // The soft sensor belongs to the furnace temperature's section.
        if (typed != nullptr && typed == furnace->temperature.get() && furnace->core) add_soft_sensor(sec, *furnace->core);
        for (const std::string& text : card.warnings) sec.blocks.push_back(Paragraph{text, ParagraphStyle::warning});
        models.push_back(std::move(sec));
    }
    Section intro{chapter, "Models", 1, "models", {}};
    intro.blocks.push_back(Paragraph{
        models.empty()
            ? "No model has been fitted for this dataset. Run `twinbench-cli fit` (or Fit on the "
              "Models page) and export the report again."
            : fmt::format("{} model{} fitted on this dataset. Each was trained on the first 80 % "
                          "of the {} and scored on the last 20 % it had not seen.",
                          models.size(), models.size() == 1 ? " was" : "s were",
                          held_out_in_time ? "data in time" : "rows in file order (the data have no time axis)")});
    document.sections.push_back(std::move(intro));
    for (auto& m : models) document.sections.push_back(std::move(m));
}

}  // namespace twinbench::report
