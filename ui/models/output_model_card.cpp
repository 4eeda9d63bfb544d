#include "ui/models/output_model_card.h"

#include <cmath>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "models/trust_verdict.h"
#include "ui/app/qt_strings.h"
#include "ui/models/model_charts.h"
#include "ui/models/model_tables.h"

namespace twinbench::ui {
namespace {

void addRow(QTableWidget* t, const QStringList& cells) {
    const int row = t->rowCount();
    t->insertRow(row);
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0 && !cells[c].isEmpty() && (cells[c][0].isDigit() || cells[c][0] == QLatin1Char('-') ||
                                             cells[c][0] == QChar(0x2212)))
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, c, item);
    }
}

QString trustColour(twinbench::TrustVerdict::Level level) {
    switch (level) {
        case twinbench::TrustVerdict::Level::trusted: return QStringLiteral("#2e7d32");
        case twinbench::TrustVerdict::Level::caution: return QStringLiteral("#b26a00");
        case twinbench::TrustVerdict::Level::not_trusted: return QStringLiteral("#c62828");
        case twinbench::TrustVerdict::Level::unknown: break;
    }
    return QStringLiteral("#616161");
}

}  // namespace

OutputModelCard::OutputModelCard(std::shared_ptr<const twinbench::OutputModel> model,
                                 const std::vector<twinbench::ModelFinding>& findings, const QTimeZone& zone,
                                 QWidget* parent)
    : QWidget(parent), model_(std::move(model)) {
    const auto& m = *model_;
    const auto& report = m.report();
    const QString unit = toQString(m.unit());

    auto* heading = new QLabel(this);
    heading->setText(QStringLiteral("<h3 style='margin:0'>%1%2</h3>")
                         .arg(toQString(m.output()).toHtmlEscaped(),
                              unit.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(unit.toHtmlEscaped())));

    findings_ = new QLabel(this);
    findings_->setObjectName(QStringLiteral("findings"));
    findings_->setWordWrap(true);
    findings_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QStringList lines;
    for (std::size_t i = 0; i < findings.size() && i < 4; ++i)
        lines << QStringLiteral("• ") + toQString(findings[i].sentence).toHtmlEscaped();
    findings_->setText(lines.isEmpty() ? tr("The model moves little with any of its inputs over the data's range.")
                                       : lines.join(QStringLiteral("<br>")));

    trust_ = new QLabel(this);
    trust_->setObjectName(QStringLiteral("trust"));
    trust_->setWordWrap(true);
    trust_->setText(QStringLiteral("<span style='color:%1'><b>%2</b></span>")
                        .arg(trustColour(report.trust.level),
                             toQString(report.trust.message.empty() ? std::string("not judged: no hold-out")
                                                                    : report.trust.message)
                                 .toHtmlEscaped()));

    auto* form = new QLabel(this);
    form->setWordWrap(true);
    form->setText(tr("<i>Form:</i> %1").arg(toQString(report.form_reason).toHtmlEscaped()));

    terms_ = makeModelTable(this, termTableHeaders());
    terms_->setObjectName(QStringLiteral("output_terms"));
    for (const auto& t : m.terms()) {
        const bool fixed = !(t.std_error > 0.0);
        addRow(terms_, {toQString(t.name), modelNumberText(t.estimate), fixed ? tr("fixed") : modelNumberText(t.std_error),
                        fixed ? QString() : modelNumberText(t.estimate - 1.959964 * t.std_error),
                        fixed ? QString() : modelNumberText(t.estimate + 1.959964 * t.std_error), toQString(t.unit)});
    }
    terms_->resizeColumnsToContents();

    metrics_ = makeModelTable(this, {tr("Hold-out metric"), tr("Value")});
    metrics_->setObjectName(QStringLiteral("output_metrics"));
    const auto& h = report.metrics;
    const QString withUnit = unit.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(unit);
    const auto metric = [&](const QString& name, double v) {
        if (std::isfinite(v)) addRow(metrics_, {name, modelNumberText(v)});
    };
    if (h.continuous()) {
        metric(tr("RMSE") + withUnit, h.rmse);
        metric(tr("MAE") + withUnit, h.mae);
        metric(tr("R²"), h.r2);
        metric(tr("Bias (actual − predicted)") + withUnit, h.bias);
        metric(tr("RMSE of the training mean") + withUnit, h.mean_rmse);
    } else {
        metric(tr("Log loss"), h.log_loss);
        metric(tr("Log loss of the training rate"), h.base_rate_log_loss);
        metric(tr("AUC"), h.auc);
        metric(tr("Rate predicted (%)"), 100.0 * h.predicted_rate);
        metric(tr("Rate observed (%)"), 100.0 * h.observed_rate);
    }
    addRow(metrics_, {tr("Training rows"), QLocale().toString(static_cast<qulonglong>(h.n_train))});
    addRow(metrics_, {tr("Hold-out rows"), QLocale().toString(static_cast<qulonglong>(h.n_test))});
    metrics_->resizeColumnsToContents();

    auto* top = new QHBoxLayout;
    top->addWidget(terms_, 3);
    top->addWidget(metrics_, 2);
    auto* upper = new QWidget(this);
    upper->setLayout(top);
    top->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(upper);
    // The hold-out charts share the furnace models' drawing (predicted against actual,
    // residuals over time), from the model's diagnostics.
    splitter->addWidget(buildDiagnostics(m.output(), report.diagnostics, report.diagnostics.points.size(), nullptr,
                                         zone, splitter));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(heading);
    layout->addWidget(findings_);
    layout->addWidget(trust_);
    layout->addWidget(form);
    for (const auto& w : report.warnings) {
        auto* warning = new QLabel(QStringLiteral("⚠ ") + toQString(w).toHtmlEscaped(), this);
        warning->setWordWrap(true);
        layout->addWidget(warning);
    }
    layout->addWidget(splitter, 1);
}

}  // namespace twinbench::ui
