#include "ui/charts/range_statistics_panel.h"

#include <algorithm>
#include <cmath>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/charts/time_series_plot.h"

namespace twinbench::ui {
namespace {

QString formatValue(double v) {
    if (!std::isfinite(v)) return QStringLiteral("–");
    return QLocale().toString(v, 'g', 6);
}

QTableWidgetItem* numberItem(double v) {
    auto* item = new QTableWidgetItem(formatValue(v));
    item->setData(Qt::UserRole, v);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

RangeStatisticsPanel::RangeStatisticsPanel(TimeSeriesPlot* plot, QWidget* parent)
    : QWidget(parent),
      plot_(plot),
      range_(new QLabel(this)),
      scrapRate_(new QLabel(this)),
      table_(new QTableWidget(this)) {
    setObjectName(QStringLiteral("rangeStatistics"));
    table_->setColumnCount(8);
    table_->setHorizontalHeaderLabels({tr("Series"), tr("Samples"), tr("Mean"), tr("Min"),
                                       tr("Max"), tr("Std. dev."), tr("Total"), tr("Unit")});
    table_->horizontalHeaderItem(range_col_samples)
        ->setToolTip(tr("Samples with a value between A and B"));
    table_->horizontalHeaderItem(range_col_std)
        ->setToolTip(tr("Sample standard deviation (n − 1), in the series' unit"));
    table_->horizontalHeaderItem(range_col_total)
        ->setToolTip(tr("Sum between A and B, for signals that add up: energy per interval (kWh), "
                        "part counts"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(false);
    table_->setAlternatingRowColors(true);
    range_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scrapRate_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scrapRate_->setToolTip(tr(
        "Scrapped parts over produced parts between A and B, over the intervals that have both"));

    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<b>A–B statistics</b>"), this));
    header->addSpacing(12);
    header->addWidget(range_, 1);
    header->addWidget(scrapRate_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(header);
    layout->addWidget(table_, 1);

    connect(plot_, &TimeSeriesPlot::cursorsChanged, this, &RangeStatisticsPanel::refresh);
    connect(plot_, &TimeSeriesPlot::seriesChanged, this, &RangeStatisticsPanel::refresh);
    refresh();
}

void RangeStatisticsPanel::refresh() {
    setVisible(plot_->cursorsVisible());
    if (!plot_->cursorsVisible()) return;
    statistics_ = computeRangeStatistics(*plot_);
    const QTimeZone zone = plot_->timeZone();
    range_->setText(tr("A %1 → B %2 (%3)")
                        .arg(formatTime(plot_->cursorTime(AbCursor::a), zone),
                             formatTime(plot_->cursorTime(AbCursor::b), zone),
                             formatDuration(statistics_.endUtc - statistics_.startUtc)));
    if (statistics_.scrapRate) {
        const auto& r = statistics_.scrapRate->ratio;
        const QLocale locale;
        scrapRate_->setText(std::isfinite(r.ratio)
                                ? tr("Scrap rate %1 % (%2 of %3 parts)")
                                      .arg(locale.toString(100.0 * r.ratio, 'f', 2),
                                           locale.toString(r.numerator, 'g', 10),
                                           locale.toString(r.denominator, 'g', 10))
                                : tr("Scrap rate – (no parts produced between A and B)"));
    } else {
        scrapRate_->clear();
    }

    table_->setRowCount(static_cast<int>(statistics_.series.size()));
    int row = 0;
    for (const auto& s : statistics_.series) {
        auto* name = new QTableWidgetItem(s.name);
        name->setToolTip(tr("role: %1").arg(toQString(twinbench::role_name(s.role))));
        table_->setItem(row, range_col_series, name);
        auto* samples = numberItem(static_cast<double>(s.stats.moments.n));
        samples->setText(QLocale().toString(static_cast<qulonglong>(
            s.style == PlotSeries::Style::steps ? s.stats.samples : s.stats.moments.n)));
        table_->setItem(row, range_col_samples, samples);
        table_->setItem(row, range_col_mean, numberItem(s.stats.moments.mean));
        table_->setItem(row, range_col_min, numberItem(s.stats.moments.min));
        table_->setItem(row, range_col_max, numberItem(s.stats.moments.max));
        table_->setItem(row, range_col_std, numberItem(s.stats.moments.std));
        table_->setItem(row, range_col_total, numberItem(s.hasTotal ? s.stats.sum : qQNaN()));
        table_->setItem(row, range_col_unit, new QTableWidgetItem(s.unit));
        // Every number names its unit on hover, where the Unit column is out of sight.
        const QString unit = s.unit.isEmpty() ? tr("no unit") : s.unit;
        for (const int column :
             {range_col_mean, range_col_min, range_col_max, range_col_std, range_col_total})
            table_->item(row, column)
                ->setToolTip(tr("%1 of %2 between A and B, in %3")
                                 .arg(table_->horizontalHeaderItem(column)->text(), s.name, unit));
        ++row;
    }
    table_->resizeColumnsToContents();
    // Room for every strip's row (up to eight), so the numbers are not scrolled away.
    const int rows = std::min(table_->rowCount(), 8);
    const int height = table_->horizontalHeader()->height() + 2 * table_->frameWidth() +
                       rows * table_->verticalHeader()->defaultSectionSize();
    table_->setMinimumHeight(height);
}

}  // namespace twinbench::ui
