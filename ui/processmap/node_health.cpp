#include "ui/processmap/node_health.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

QString mapTr(const char* text) { return QCoreApplication::translate("ProcessMap", text); }

QString formName(const std::string& kind) {
    if (kind == "dynamic") return mapTr("Dynamic: the output follows its inputs with a lag");
    if (kind == "static_regression") return mapTr("Static regression");
    if (kind == "logistic") return mapTr("Logistic: the probability of a 0/1 outcome");
    if (kind == "binomial") return mapTr("Binomial: a count out of a total");
    return toQString(kind);
}

QString healthNumber(double value, int digits = 3) {
    return QLocale().toString(value, 'g', digits);
}

QString metricsText(const twinbench::OutputModel& model) {
    const auto& m = model.report().metrics;
    const QString unit = model.unit().empty() ? QString() : QStringLiteral(" ") + toQString(model.unit());
    QStringList parts;
    if (m.continuous()) {
        if (std::isfinite(m.r2)) parts << mapTr("R² %1").arg(healthNumber(m.r2, 2));
        parts << mapTr("RMSE %1%2").arg(healthNumber(m.rmse), unit);
        if (std::isfinite(m.mean_rmse)) parts << mapTr("the training mean's RMSE %1%2").arg(healthNumber(m.mean_rmse), unit);
    } else {
        if (std::isfinite(m.auc)) parts << mapTr("AUC %1").arg(healthNumber(m.auc, 2));
        if (std::isfinite(m.log_loss)) parts << mapTr("log loss %1").arg(healthNumber(m.log_loss));
        if (std::isfinite(m.base_rate_log_loss)) parts << mapTr("the training rate's %1").arg(healthNumber(m.base_rate_log_loss));
    }
    return mapTr("%1 on %2 hold-out rows (%3 training rows)")
        .arg(parts.join(QStringLiteral(", ")))
        .arg(QLocale().toString(static_cast<qulonglong>(m.n_test)))
        .arg(QLocale().toString(static_cast<qulonglong>(m.n_train)));
}

// The forms the fit compared, each with the hold-out figure it was judged by.
QStringList candidateTexts(const std::vector<twinbench::FormCandidate>& candidates, const std::string& unit) {
    QStringList out;
    const QString u = unit.empty() ? QString() : QStringLiteral(" ") + toQString(unit);
    for (const auto& c : candidates) {
        if (c.form.empty()) continue;
        QString figure;
        if (std::isfinite(c.holdout_rmse()))
            figure = mapTr("hold-out RMSE %1%2").arg(healthNumber(c.holdout_rmse()), u);
        else if (c.figure == twinbench::FormCandidate::Figure::log_loss && std::isfinite(c.holdout))
            figure = mapTr("hold-out log loss %1").arg(healthNumber(c.holdout));
        const QString form = toQString(c.form);
        out << (figure.isEmpty() ? form : mapTr("%1: %2").arg(form, figure));
    }
    return out;
}

NodeVerdict fromLevel(twinbench::TrustVerdict::Level level) {
    switch (level) {
        case twinbench::TrustVerdict::Level::trusted: return NodeVerdict::trusted;
        case twinbench::TrustVerdict::Level::caution: return NodeVerdict::caution;
        case twinbench::TrustVerdict::Level::not_trusted: return NodeVerdict::not_trusted;
        case twinbench::TrustVerdict::Level::unknown: break;
    }
    return NodeVerdict::no_model;
}

}  // namespace

QColor verdictColour(NodeVerdict verdict) {
    // Light green, amber, red (the audit's score badge hues, lighter so that black node
    // text stays readable); blue inputs stand apart from every verdict, a missing model is
    // plain grey.
    switch (verdict) {
        case NodeVerdict::input: return {0x8f, 0xb3, 0xd9};
        case NodeVerdict::trusted: return {0x4c, 0xaf, 0x50};
        case NodeVerdict::caution: return {0xf2, 0xb1, 0x34};
        case NodeVerdict::not_trusted: return {0xe0, 0x4f, 0x4f};
        case NodeVerdict::no_model: return {0xbd, 0xbd, 0xbd};
        case NodeVerdict::template_model: return {0x9f, 0x8f, 0xc9};
        case NodeVerdict::kpi: return {0xe8, 0xe2, 0xd0};
    }
    return Qt::gray;
}

QString verdictName(NodeVerdict verdict) {
    switch (verdict) {
        case NodeVerdict::input: return mapTr("input");
        case NodeVerdict::trusted: return mapTr("trusted");
        case NodeVerdict::caution: return mapTr("use with care");
        case NodeVerdict::not_trusted: return mapTr("not trusted");
        case NodeVerdict::no_model: return mapTr("no model");
        case NodeVerdict::template_model: return mapTr("furnace template");
        case NodeVerdict::kpi: return mapTr("KPI");
    }
    return {};
}

std::map<std::string, NodeHealth> judge_nodes(const twinbench::ProcessGraph& graph,
                                              const std::vector<std::shared_ptr<const twinbench::OutputModel>>& models,
                                              const std::vector<std::string>& template_outputs,
                                              const std::map<std::string, QString>& skipped) {
    std::map<std::string, NodeHealth> out;
    for (const auto& output : graph.outputs()) {
        NodeHealth h;
        if (std::find(template_outputs.begin(), template_outputs.end(), output) != template_outputs.end()) {
            h.verdict = NodeVerdict::template_model;
            h.form = mapTr("The furnace template's physics");
            h.formReason = mapTr("Simulated by the furnace template's own models; their fit and checks are on the "
                              "Models page.");
            out[output] = h;
            continue;
        }
        const auto it = std::find_if(models.begin(), models.end(),
                                     [&](const auto& m) { return m->output() == output; });
        if (it == models.end()) {
            h.verdict = NodeVerdict::no_model;
            if (const auto s = skipped.find(output); s != skipped.end()) h.notFittedReason = guiWording(s->second);
            out[output] = h;
            continue;
        }
        const twinbench::OutputModel& model = **it;
        const auto& report = model.report();
        h.verdict = fromLevel(report.trust.level);
        h.skill = report.trust.skill;
        h.form = formName(model.kind());
        h.formReason = toQString(report.form_reason);
        h.trustMessage = toQString(report.trust.message);
        h.metrics = metricsText(model);
        h.candidates = candidateTexts(report.candidates, model.unit());
        for (const auto& w : report.warnings) h.warnings << guiWording(toQString(w));
        std::set<std::string> fitted, now;
        for (const auto& input : model.inputs())
            if (input != model.total_signal()) {
                fitted.insert(input);
                h.modelInputs << toQString(input);
            }
        for (const auto& input : graph.inputs_of(output))
            if (input != model.total_signal()) now.insert(input);
        h.stale = fitted != now;
        out[output] = h;
    }
    return out;
}

}  // namespace twinbench::ui
