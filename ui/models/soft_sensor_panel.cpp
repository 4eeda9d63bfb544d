#include "ui/models/soft_sensor_panel.h"

#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "models/furnace_output_models.h"
#include "ui/app/gui_wording.h"
#include "ui/app/qt_strings.h"
#include "ui/charts/plot_style.h"
#include "ui/models/model_charts.h"
#include "ui/models/model_tables.h"
#include "ui/models/models_fit.h"
#include "ui/models/models_page.h"

namespace twinbench::ui {
namespace {

QLabel* wrappedLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QTableWidget* checkIntervalTable(const twinbench::CheckIntervalCurve& curve, QWidget* parent) {
    const QLocale locale;
    auto* intervals = makeModelTable(
        parent, {ModelsPage::tr("Interval (h)"), ModelsPage::tr("Checks used"), ModelsPage::tr("Estimate RMSE (°C)"),
                 ModelsPage::tr("Estimate 95th pct |error| (°C)"),
                 ModelsPage::tr("Within ±%1 °C").arg(QString::number(curve.tolerance_degC, 'g', 3))});
    intervals->setObjectName(QStringLiteral("checkIntervals"));
    for (const auto& p : curve.points) {
        const int r = intervals->rowCount();
        intervals->insertRow(r);
        auto* hours = modelNumberItem(p.interval_h);
        hours->setText(QString::number(p.interval_h, 'f', 0));
        intervals->setItem(r, interval_col_hours, hours);
        auto* used = modelNumberItem(static_cast<double>(p.checks_used));
        used->setText(locale.toString(static_cast<qulonglong>(p.checks_used)));
        intervals->setItem(r, interval_col_checks, used);
        // The estimate's own error (models stored before it was recorded: the error
        // against the reference as it was).
        const double rmseValue = twinbench::shown_rmse_degC(p);
        auto* rmse = modelNumberItem(rmseValue);
        rmse->setText(QString::number(rmseValue, 'f', 2));
        intervals->setItem(r, interval_col_rmse, rmse);
        const double p95Value = twinbench::shown_p95_abs_error_degC(p);
        auto* p95 = modelNumberItem(p95Value);
        p95->setText(QString::number(p95Value, 'f', 2));
        intervals->setItem(r, interval_col_p95, p95);
        auto* yes = new QTableWidgetItem(p.meets_tolerance ? ModelsPage::tr("yes") : ModelsPage::tr("no"));
        yes->setData(Qt::UserRole, p.meets_tolerance);
        yes->setForeground(p.meets_tolerance ? seriesColour(3) : seriesColour(1));
        intervals->setItem(r, interval_col_meets, yes);
    }
    intervals->resizeColumnsToContents();
    return intervals;
}

// How far apart the checks can be: the table, what it was scored against, or why there is
// no curve.
QTableWidget* addCheckIntervals(const twinbench::SoftSensorChecks& checks, QVBoxLayout* right, QWidget* parent) {
    right->addWidget(new QLabel(ModelsPage::tr("<b>How far can the manual checks be spaced?</b>"), parent));
    auto* intervals = checkIntervalTable(checks.curve, parent);
    right->addWidget(intervals, 1);
    if (!checks.curve_skipped.empty()) {
        auto* note = wrappedLabel(ModelsPage::tr("Not computed: %1")
                                      .arg(guiWording(toQString(checks.curve_skipped)).toHtmlEscaped()),
                                  parent);
        note->setObjectName(QStringLiteral("checkIntervalsSkipped"));
        right->addWidget(note);
    }
    if (checks.curve.reference == "held-out checks") {
        const double sd = checks.curve.points.empty() ? std::nan("") : checks.curve.points.front().check_sd_degC;
        right->addWidget(wrappedLabel(
            std::isfinite(sd)
                ? ModelsPage::tr("Scored against the checks each thinned fit leaves out, with "
                                 "the checks' own noise (sd %1 °C, fitted) taken out: the error "
                                 "of the estimate itself against the true core temperature.")
                      .arg(sd, 0, 'f', 1)
                : ModelsPage::tr("Scored against the checks each thinned fit leaves out, so the "
                                 "errors include the checks' own noise."),
            parent));
    }
    return intervals;
}

}  // namespace

SoftSensorPanel buildSoftSensorPanel(const ModelsFit& fit, QWidget* parent) {
    SoftSensorPanel panel;
    const twinbench::CoreTemperatureOutputModel* sensor = fit.furnace ? fit.furnace->core.get() : nullptr;
    const std::string skipped = fit.furnace ? fit.furnace->core_skipped : std::string();
    if (sensor == nullptr && skipped.empty()) return panel;
    panel.widget = new QWidget(parent);
    auto* layout = new QVBoxLayout(panel.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    if (sensor == nullptr) {
        layout->addWidget(wrappedLabel(ModelsPage::tr("<b>Core temperature soft sensor</b> not fitted: %1")
                                           .arg(guiWording(toQString(skipped)).toHtmlEscaped()),
                                       panel.widget));
        layout->addStretch(1);
        return panel;
    }
    const twinbench::SoftSensorChecks& checks = sensor->checks();
    layout->addWidget(wrappedLabel(ModelsPage::tr("<b>Core temperature soft sensor</b>: %1; %2 manual checks used, "
                                                  "check noise ≈ %3 °C (1 sd)")
                                       .arg(ModelsPage::tr("physics + Kalman smoother fused with the manual checks")
                                                .toHtmlEscaped())
                                       .arg(checks.checks_used)
                                       .arg(modelNumberText(checks.check_sd_degC)),
                                   panel.widget));
    auto* row = new QHBoxLayout;
    if (fit.sensor) {
        panel.plot = buildSoftSensorPlot(fit, panel.widget);
        row->addWidget(panel.plot, 3);
    } else {
        row->addWidget(wrappedLabel(ModelsPage::tr("No chart: %1").arg(fit.sensorError.toHtmlEscaped()), panel.widget),
                       3);
    }
    auto* right = new QVBoxLayout;
    panel.intervals = addCheckIntervals(checks, right, panel.widget);
    right->addWidget(new QLabel(ModelsPage::tr("<b>Soft-sensor terms</b> (τ / furnace length per grade)"), panel.widget));
    auto* terms = makeModelTable(panel.widget, termTableHeaders());
    terms->setObjectName(QStringLiteral("softSensorTerms"));
    fillTermTable(terms, sensor->terms());
    right->addWidget(terms, 1);
    right->addWidget(modelWarningsLabel(sensor->report().warnings, panel.widget));
    row->addLayout(right, 2);
    layout->addLayout(row, 1);
    return panel;
}

}  // namespace twinbench::ui
