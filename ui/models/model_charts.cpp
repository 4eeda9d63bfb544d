#include "ui/models/model_charts.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/app/qt_strings.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"
#include "ui/models/models_fit.h"

namespace twinbench::ui {
namespace {

constexpr double z95 = 1.959964;  // two-sided 95 % normal quantile
constexpr std::size_t maxDiagnosticPoints = 2000;  // as diagnostics_json keeps them

// The points a chart draws: a long hold-out thinned evenly (as the fit JSON keeps it), the
// pairs with a missing member left out.
template <typename X, typename Y>
std::pair<QVector<double>, QVector<double>> holdoutPairs(const twinbench::HoldoutDiagnostics& d, X x, Y y) {
    QVector<double> xs, ys;
    for (const std::size_t i : twinbench::thin_evenly(d.points.size(), maxDiagnosticPoints)) {
        const double a = x(d.points[i]), b = y(d.points[i]);
        if (!std::isfinite(a) || !std::isfinite(b)) continue;
        xs.push_back(a);
        ys.push_back(b);
    }
    return {xs, ys};
}

QString withUnit(const QString& text, const QString& unit) {
    return unit.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, unit);
}

QCustomPlot* newPlot(const QString& objectName, const QString& title, QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(objectName);
    plot->setMinimumSize(260, 220);
    plot->plotLayout()->insertRow(0);
    auto* heading = new QCPTextElement(plot, title);
    QFont bold = plot->font();
    bold.setBold(true);
    heading->setFont(bold);
    plot->plotLayout()->addElement(0, 0, heading);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    QObject::connect(plot, &QCustomPlot::mouseDoubleClick, plot, [plot](QMouseEvent*) {
        plot->rescaleAxes();
        plot->replot();
    });
    return plot;
}

// The y = x line: where a perfect model's points (or bins) lie.
void addIdentityLine(QCustomPlot* plot) {
    auto* line = new QCPItemStraightLine(plot);
    line->point1->setCoords(0.0, 0.0);
    line->point2->setCoords(1.0, 1.0);
    line->setPen(QPen(gridColour(plot->palette(), 0.6), 1.2, Qt::DashLine));
}

QCustomPlot* predictedVsActualPlot(const std::string& key, const twinbench::HoldoutDiagnostics& d,
                                   std::size_t holdoutRows, const QString& unit, QWidget* parent) {
    const auto [predicted, actual] = holdoutPairs(
        d, [](const twinbench::HoldoutPoint& p) { return p.predicted; },
        [](const twinbench::HoldoutPoint& p) { return p.actual; });
    auto* plot = newPlot(QStringLiteral("predictedVsActual_") + toQString(key),
                         QObject::tr("Predicted vs actual (hold-out)"), parent);
    auto* points = plot->addGraph();
    points->setName(QObject::tr("Hold-out rows"));
    points->setLineStyle(QCPGraph::lsNone);
    QColor colour = seriesColour(0);
    colour.setAlpha(140);
    points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, 4));
    points->setData(predicted, actual);
    addIdentityLine(plot);
    plot->xAxis->setLabel(withUnit(QObject::tr("Predicted"), unit));
    plot->yAxis->setLabel(withUnit(QObject::tr("Actual"), unit));
    // One scale on both axes, so the 1:1 line is the diagonal.
    plot->rescaleAxes();
    QCPRange both(std::min(plot->xAxis->range().lower, plot->yAxis->range().lower),
                  std::max(plot->xAxis->range().upper, plot->yAxis->range().upper));
    const double pad = both.size() > 0 ? 0.04 * both.size() : 1.0;
    both = QCPRange(both.lower - pad, both.upper + pad);
    plot->xAxis->setRange(both);
    plot->yAxis->setRange(both);
    setExportTitle(points, QObject::tr("Actual") +
                               (unit.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(unit)));
    // A long hold-out is thinned evenly in the fit JSON; say so.
    const std::size_t total = std::max(holdoutRows, d.points.size());
    const QString shown =
        total > static_cast<std::size_t>(predicted.size())
            ? QObject::tr(" Shown: %1 of %2 rows, evenly spaced.").arg(predicted.size()).arg(total)
            : QString();
    plot->setToolTip(
        QObject::tr("Each held-out row: the model's prediction against what the plant did. "
                    "On the dashed line the model is exact.%1 Right-click to export.")
            .arg(shown));
    followPalette(plot);
    ChartExport::install(
        plot,
        {QStringLiteral("%1_predicted_vs_actual").arg(toQString(key)), false, QTimeZone::utc(),
         QObject::tr("Predicted") +
             (unit.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(unit))});
    return plot;
}

QCustomPlot* residualsPlot(const std::string& key, const twinbench::HoldoutDiagnostics& d, const QString& unit,
                           const QTimeZone& zone, QWidget* parent) {
    const auto [time, residual] = holdoutPairs(
        d, [](const twinbench::HoldoutPoint& p) { return p.time_s; },
        [](const twinbench::HoldoutPoint& p) { return p.actual - p.predicted; });
    auto* plot = newPlot(QStringLiteral("residuals_") + toQString(key),
                         QObject::tr("Residuals over time (hold-out)"), parent);
    auto* graph = plot->addGraph();
    graph->setName(QObject::tr("Residual"));
    graph->setPen(QPen(seriesColour(0), 1.0));
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColour(0), 3));
    graph->setData(time, residual);
    auto* zero = new QCPItemStraightLine(plot);
    zero->point1->setCoords(0.0, 0.0);
    zero->point2->setCoords(1.0, 0.0);
    zero->setPen(QPen(gridColour(plot->palette(), 0.6), 1.2, Qt::DashLine));
    // Data without timestamps (a per-part table) is diagnosed along the hold-out rows.
    const bool byRow = d.time_is_row;
    if (byRow) {
        plot->xAxis->setLabel(QObject::tr("Hold-out row"));
    } else {
        useTimeAxis(plot->xAxis, zone, time.isEmpty() ? qQNaN() : time.front());
        plot->xAxis->setLabel(QObject::tr("Time (%1)").arg(QString::fromUtf8(zone.id())));
    }
    plot->yAxis->setLabel(withUnit(QObject::tr("Actual − predicted"), unit));
    plot->rescaleAxes();
    plot->yAxis->scaleRange(1.1);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    setExportTitle(graph, QObject::tr("Residual") +
                              (unit.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(unit)));
    plot->setToolTip(QObject::tr(
        "Residual of each held-out row against time: drift or daily patterns show what the "
        "model misses. Right-click to export."));
    followPalette(plot);
    ChartExport::install(plot, {QStringLiteral("%1_residuals").arg(toQString(key)), !byRow, zone,
                                byRow ? QObject::tr("Hold-out row") : QString()});
    return plot;
}

// Observed scrap rate per bin of predicted probability, with its 95 % Wilson interval
// (which stays inside [0, 1] and is not zero-width for a bin without scrap).
QCustomPlot* calibrationPlot(const std::vector<twinbench::DefectCalibrationBin>& bins, QWidget* parent) {
    auto* plot = newPlot(QStringLiteral("calibration_defect"),
                         QObject::tr("Calibration (hold-out)"), parent);
    QVector<double> predicted, observed, below, above;
    double top = 0.0;
    for (const auto& b : bins) {
        const double p = b.mean_predicted, r = b.observed_rate, n = b.items;
        if (!std::isfinite(p) || !std::isfinite(r) || !(n > 0)) continue;
        const double z2 = z95 * z95;
        const double centre = (r + z2 / (2 * n)) / (1 + z2 / n);
        const double half = z95 / (1 + z2 / n) * std::sqrt(r * (1 - r) / n + z2 / (4 * n * n));
        predicted << p;
        observed << r;
        below << std::max(0.0, r - (centre - half));
        above << std::max(0.0, centre + half - r);
        top = std::max({top, p, centre + half});  // the bins, not the empty tail of the last one
    }
    auto* graph = plot->addGraph();
    graph->setName(QObject::tr("Observed rate"));
    graph->setPen(QPen(seriesColour(1), 1.5));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, seriesColour(1),
                                           plot->palette().color(QPalette::Base), 7));
    graph->setData(predicted, observed);
    auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->setDataPlottable(graph);
    errors->setData(below, above);
    errors->setPen(QPen(seriesColour(1), 1.0));
    errors->setName(QObject::tr("95 % interval"));
    addIdentityLine(plot);
    plot->xAxis->setLabel(QObject::tr("Predicted scrap probability"));
    plot->yAxis->setLabel(QObject::tr("Observed scrap rate"));
    const double upper = top > 0 ? 1.08 * top : 1.0;
    plot->xAxis->setRange(0.0, upper);
    plot->yAxis->setRange(0.0, upper);
    setExportTitle(graph, QObject::tr("Observed scrap rate"));
    plot->setToolTip(QObject::tr(
        "Held-out parts binned by predicted probability: a calibrated model's bins lie on the "
        "dashed line; bars are 95 % intervals. Right-click to export."));
    followPalette(plot);
    ChartExport::install(plot, {QStringLiteral("defect_calibration"), false, QTimeZone::utc(),
                                QObject::tr("Mean predicted probability")});
    return plot;
}

}  // namespace

QCustomPlot* buildSoftSensorPlot(const ModelsFit& fit, QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(QStringLiteral("softSensorPlot"));
    plot->setMinimumHeight(260);
    const QPalette palette = plot->palette();

    useTimeAxis(plot->xAxis, fit.zone,
                fit.sensor->time_s.empty() ? qQNaN() : fit.sensor->time_s.front());
    plot->xAxis->setLabel(QObject::tr("Time (%1)").arg(QString::fromUtf8(fit.zone.id())));
    plot->yAxis->setLabel(QObject::tr("Core temperature at exit (°C)"));

    const auto& s = *fit.sensor;
    QVector<double> t(s.time_s.begin(), s.time_s.end());
    QVector<double> estimate(s.estimate_degC.begin(), s.estimate_degC.end());
    QVector<double> lower(s.lower_degC.begin(), s.lower_degC.end());
    QVector<double> upper(s.upper_degC.begin(), s.upper_degC.end());

    const QColor colour = seriesColour(0);
    QColor bandColour = colour;
    bandColour.setAlpha(60);

    auto* est = plot->addGraph();
    est->setName(QObject::tr("Estimate"));
    est->setPen(QPen(colour, 1.5));
    est->setData(t, estimate, true);

    // The band: the upper edge filled down to the lower edge, both drawn faintly.
    auto* low = plot->addGraph();
    low->setName(QObject::tr("95 % band, lower"));
    low->setPen(QPen(bandColour, 1));
    low->setData(t, lower, true);
    auto* high = plot->addGraph();
    high->setName(QObject::tr("95 % band"));
    high->setPen(QPen(bandColour, 1));
    high->setBrush(bandColour);
    high->setChannelFillGraph(low);
    high->setData(t, upper, true);

    auto* checks = plot->addGraph();
    checks->setName(fit.checkName.isEmpty() ? QObject::tr("Manual checks")
                                            : QObject::tr("%1 (manual checks)").arg(fit.checkName));
    checks->setLineStyle(QCPGraph::lsNone);
    checks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, seriesColour(1),
                                            palette.color(QPalette::Base), 6));
    checks->setPen(QPen(seriesColour(1)));
    checks->setData(fit.checkTimes, fit.checkValues, true);

    // The estimate first, then the band behind it.
    est->setLayer(QStringLiteral("main"));
    plot->rescaleAxes();
    plot->yAxis->scaleRange(1.1);
    plot->legend->setVisible(true);
    plot->legend->removeItem(plot->legend->itemWithPlottable(low));
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    // Back to everything on double-click.
    QObject::connect(plot, &QCustomPlot::mouseDoubleClick, plot, [plot](QMouseEvent*) {
        plot->xAxis->rescale();
        plot->replot();
    });
    plot->setToolTip(
        QObject::tr("Drag to pan, wheel to zoom the time axis, double-click to show all; "
                    "right-click to export"));
    const QString unit = QStringLiteral(" [°C]");
    setExportTitle(est, QObject::tr("Core temperature estimate") + unit);
    setExportTitle(low, QObject::tr("95 % band, lower") + unit);
    setExportTitle(high, QObject::tr("95 % band, upper") + unit);
    setExportTitle(checks,
                   (fit.checkName.isEmpty() ? QObject::tr("Manual checks") : fit.checkName) + unit);
    followPalette(plot);
    ChartExport::install(plot,
                         {QStringLiteral("core_temperature_soft_sensor"), true, fit.zone, {}});
    return plot;
}

QWidget* buildDiagnostics(const std::string& key, const twinbench::HoldoutDiagnostics& holdout,
                          std::size_t holdoutRows, const std::vector<twinbench::DefectCalibrationBin>* calibration,
                          const QTimeZone& zone, QWidget* parent) {
    auto* box = new QWidget(parent);
    box->setObjectName(QStringLiteral("diagnostics_") + toQString(key));
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    QStringList missing;
    const QString unit = toQString(holdout.unit);
    if (!holdout.points.empty()) {
        row->addWidget(predictedVsActualPlot(key, holdout, holdoutRows, unit, box), 1);
        row->addWidget(residualsPlot(key, holdout, unit, zone, box), 2);
    } else {
        missing << QObject::tr("predicted vs actual") << QObject::tr("residuals over time");
    }
    if (calibration != nullptr) {
        if (!calibration->empty())
            row->addWidget(calibrationPlot(*calibration, box), 1);
        else
            missing << QObject::tr("calibration");
    }
    layout->addWidget(new QLabel(QObject::tr("<b>Diagnostics</b> on the held-out rows"), box));
    if (!missing.isEmpty()) {
        auto* note = new QLabel(
            QObject::tr("Not available for this fit: %1.").arg(missing.join(QStringLiteral(", "))),
            box);
        note->setObjectName(QStringLiteral("diagnosticsMissing_") + toQString(key));
        note->setWordWrap(true);
        note->setEnabled(false);
        layout->addWidget(note);
    }
    layout->addLayout(row, 1);
    return box;
}

}  // namespace twinbench::ui
