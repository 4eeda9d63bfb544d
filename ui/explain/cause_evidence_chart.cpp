#include "ui/explain/cause_evidence_chart.h"

#include <algorithm>

#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/app/qt_strings.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {

CauseEvidenceChart::CauseEvidenceChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(480, 190);  // the five bars' labels side by side

    presence_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    presence_->setName(tr("Rows with the cause (%)"));
    presence_->setWidth(0.7);
    presence_->setPen(Qt::NoPen);
    presence_->setBrush(seriesColour(0));
    outcome_ = new QCPBars(plot_->xAxis, plot_->yAxis2);
    outcome_->setWidth(0.7);
    outcome_->setPen(Qt::NoPen);
    outcome_->setBrush(QColor(200, 30, 30, 200));  // the colour of the cause's shading

    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    ticks->addTick(excursionKey, tr("excursion"));
    ticks->addTick(referenceKey, tr("reference"));
    ticks->addTick(withKey, tr("with it"));
    ticks->addTick(withoutKey, tr("without"));
    ticks->addTick(outcomeReferenceKey, tr("reference"));
    plot_->xAxis->setTicker(ticks);
    plot_->xAxis->setRange(0.3, 7.1);
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->setLabel(tr("rows with the cause (%)"));
    plot_->yAxis2->setVisible(true);
    plot_->legend->setVisible(false);
    followPalette(plot_);
    clear();
}

void CauseEvidenceChart::clear() {
    presence_->data()->clear();
    outcome_->data()->clear();
    plot_->yAxis->setRange(0.0, 100.0);
    plot_->yAxis2->setRange(0.0, 1.0);
    plot_->yAxis2->setLabel(QString());
    plot_->replot();
}

void CauseEvidenceChart::showCause(const twinbench::ExplainResult& result, const twinbench::ExplainedCause& cause) {
    presence_->data()->clear();
    outcome_->data()->clear();
    presence_->addData(excursionKey, 100.0 * cause.excursion_share);
    presence_->addData(referenceKey, 100.0 * cause.reference_share);
    plot_->yAxis->setRange(0.0, std::max(5.0, 110.0 * std::max(cause.excursion_share, cause.reference_share)));

    const auto& e = result.excursion;
    double top = 0.0;
    const auto add = [&](double key, const std::optional<double>& value) {
        if (!value) return;
        outcome_->addData(key, *value);
        top = std::max(top, *value);
    };
    add(withKey, cause.outcome_with);
    add(withoutKey, cause.outcome_without);
    if (!outcome_->data()->isEmpty()) add(outcomeReferenceKey, e.reference_value);
    plot_->yAxis2->setLabel(outcome_->data()->isEmpty()
                                ? QString()
                                : tr("%1 %2").arg(toQString(e.outcome), toQString(e.measure)));
    plot_->yAxis2->setRange(0.0, top > 0.0 ? 1.1 * top : 1.0);
    plot_->replot();
}

}  // namespace twinbench::ui
