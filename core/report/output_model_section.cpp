#include "report/output_model_section.h"

#include <cmath>

#include <fmt/format.h>

#include "models/trust_verdict.h"
#include "report/number_format.h"

namespace twinbench::report {
namespace {

std::string form_words(const OutputModel& model) {
    const std::string kind = model.kind();
    if (kind == "dynamic")
        return "Dynamic model: the output follows each input with its own gain, time constant and dead time, "
               "identified on the difference equation and refined on the free-run simulation. Hold-out "
               "metrics are free-run simulations over the last 20 % of the data.";
    if (kind == "static_regression")
        return "Regression on the inputs, with curvature and interactions only where the time-ordered "
               "hold-out rewards them.";
    if (kind == "logistic") return "Logistic regression of the 0/1 outcome on the inputs.";
    if (kind == "binomial")
        return "Binomial model (logistic regression) of the count out of its total on the inputs.";
    return "Model of kind " + kind + ".";
}

KeyValueTable metrics_table(const OutputModel& model) {
    const HoldoutMetrics& m = model.report().metrics;
    const std::string unit = model.unit().empty() ? "" : " [" + model.unit() + "]";
    // Records without a time axis (per item) are held out by their order in the files.
    KeyValueTable t{std::isfinite(model.report().split_s) ? "Hold-out metrics (last 20 % of the data in time)"
                                                          : "Hold-out metrics (last 20 % of the rows, in file order)",
                    {}};
    const auto row = [&](const std::string& label, double v) {
        if (std::isfinite(v)) t.rows.push_back({label, significant_cell(v, 4)});
    };
    if (m.continuous()) {
        row("RMSE" + unit, m.rmse);
        row("MAE" + unit, m.mae);
        row("R\xC2\xB2", m.r2);
        row("Bias (actual - predicted)" + unit, m.bias);
        row("RMSE of the training mean" + unit, m.mean_rmse);
    } else {
        row("Log loss", m.log_loss);
        row("Log loss of the training rate", m.base_rate_log_loss);
        row("Brier score", m.brier);
        row("AUC (ROC)", m.auc);
        if (std::isfinite(m.predicted_rate)) t.rows.push_back({"Rate, predicted", format_percent(m.predicted_rate, 2)});
        if (std::isfinite(m.observed_rate)) t.rows.push_back({"Rate, observed", format_percent(m.observed_rate, 2)});
    }
    t.rows.push_back({"Training rows", count_cell(static_cast<double>(m.n_train))});
    t.rows.push_back({"Hold-out rows", count_cell(static_cast<double>(m.n_test))});
    return t;
}

std::optional<Chart> predicted_against_actual(const OutputModel& model) {
    const HoldoutDiagnostics& d = model.report().diagnostics;
    if (d.points.empty()) return std::nullopt;
    Chart c;
    c.title = "Hold-out: predicted against actual";
    c.x = {"Predicted", d.unit, false, ""};
    c.y = {"Actual", d.unit, false, ""};
    c.identity_line = true;
    ChartSeries s{"hold-out points", SeriesKind::points, {}, {}, {}, 0};
    for (const HoldoutPoint& p : d.points) {
        s.x.push_back(p.predicted);
        s.y.push_back(p.actual);
    }
    c.series.push_back(std::move(s));
    c.caption = fmt::format("{} hold-out points; points on the dashed diagonal are predicted exactly.",
                            format_count(static_cast<double>(d.points.size())));
    return c;
}

DataTable envelope_table(const OutputModel& model) {
    DataTable t;
    t.caption = "Validity envelope (inputs seen in training)";
    t.header = {"Input", "Unit", "Min", "Max"};
    for (const EnvelopeInput& e : model.report().envelope) {
        const int d = decimals_for(std::max(std::abs(e.min), std::abs(e.max)), 4);
        t.rows.push_back({e.input, e.unit, fixed_cell(e.min, d), fixed_cell(e.max, d)});
    }
    return t;
}

// The verdict's message already starts with its level ("trusted: explains 99 % ...").
std::string trust_sentence(const TrustVerdict& v) {
    if (!v.message.empty()) return v.message;
    return v.level == TrustVerdict::Level::trusted       ? "trusted"
           : v.level == TrustVerdict::Level::caution     ? "use with care"
           : v.level == TrustVerdict::Level::not_trusted ? "not trusted"
                                                         : "not judged (no hold-out)";
}

}  // namespace

DataTable terms_table(const std::vector<ModelTerm>& terms, const std::string& caption, const std::string& title) {
    DataTable t;
    t.caption = caption;
    t.header = {"Term", "Unit", "Estimate", "Std. error", "95 % CI low", "95 % CI high"};
    t.sheet = Sheet::model_terms;
    t.sheet_keys = {{"Model", title}};
    for (const ModelTerm& term : terms) {
        const double se = term.std_error;
        if (!(se > 0.0)) {  // assumed or fixed, not estimated
            t.rows.push_back({term.name, term.unit, significant_cell(term.estimate, 4), "fixed", "", ""});
            continue;
        }
        const int d = decimals_for_error(se);
        const auto bound = [&](double v) { return Cell(d >= 0 ? format_fixed(v, d) : format_significant(v, 4), v); };
        t.rows.push_back({term.name, term.unit, Cell(format_estimate(term.estimate, se), term.estimate),
                          significant_cell(se, 2), bound(term.estimate - 1.959964 * se),
                          bound(term.estimate + 1.959964 * se)});
    }
    return t;
}

DataTable model_terms_table(const OutputModel& model, const std::string& caption, const std::string& title) {
    return terms_table(model.terms(), caption, title);
}

Section output_model_section(const OutputModel& model, const std::vector<ModelFinding>& findings,
                             const std::string& number, const std::string& fitted_utc) {
    const std::string title = model.unit().empty() ? model.output() : model.output() + " [" + model.unit() + "]";
    Section sec{number, title, 2, "model-output-" + model.output(), {}};
    for (std::size_t i = 0; i < findings.size() && i < 4; ++i) sec.blocks.push_back(Paragraph{findings[i].sentence + "."});
    const TrustVerdict& trust = model.report().trust;
    sec.blocks.push_back(Paragraph{"Trust: " + trust_sentence(trust),
                                   trust.level == TrustVerdict::Level::trusted ? ParagraphStyle::body
                                                                               : ParagraphStyle::warning});
    sec.blocks.push_back(Paragraph{form_words(model)});
    if (!model.report().form_reason.empty())
        sec.blocks.push_back(Paragraph{"Form chosen: " + model.report().form_reason + ".", ParagraphStyle::note});
    sec.blocks.push_back(model_terms_table(model, "Terms", title));
    KeyValueTable metrics = metrics_table(model);
    if (!fitted_utc.empty()) metrics.rows.push_back({"Fitted (UTC)", fitted_utc});
    sec.blocks.push_back(std::move(metrics));
    if (auto chart = predicted_against_actual(model)) sec.blocks.push_back(std::move(*chart));
    if (auto envelope = envelope_table(model); !envelope.rows.empty()) sec.blocks.push_back(std::move(envelope));
    for (const auto& w : model.report().warnings) sec.blocks.push_back(Paragraph{w, ParagraphStyle::warning});
    return sec;
}

}  // namespace twinbench::report
