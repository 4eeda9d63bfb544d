#include "ui/data/data_page.h"

#include <algorithm>
#include <cmath>

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/range_statistics_panel.h"
#include "ui/charts/time_series_plot.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/role_combo_box.h"

namespace twinbench::ui {
namespace {

// Below this share of filled rows a column is a sparse source aligned onto the main one
// (daily manual checks on a minute grid): joining its samples by lines would invent data.
constexpr double sparse_fill_fraction = 0.2;

bool plottable(const twinbench::Column& c) {
    return c.type != twinbench::ColumnType::timestamp;
}

double fillFraction(const twinbench::Column& c) {
    const std::size_t n = c.size();
    if (n == 0) return 0.0;
    std::size_t filled = 0;
    for (std::size_t i = 0; i < n; ++i) filled += c.is_missing(i) ? 0 : 1;
    return static_cast<double>(filled) / static_cast<double>(n);
}

PlotSeries seriesFor(const twinbench::Table& table, const twinbench::Column& c) {
    PlotSeries s;
    s.name = toQString(c.name);
    s.unit = toQString(c.unit);
    s.role = c.role;
    const std::size_t n = std::min(table.time_s.size(), c.size());
    if (c.type == twinbench::ColumnType::categorical) {
        s.style = PlotSeries::Style::steps;
        for (const auto& level : c.levels) s.levels << toQString(level);
        s.times.reserve(static_cast<qsizetype>(n));
        s.values.reserve(static_cast<qsizetype>(n));
        for (std::size_t i = 0; i < n; ++i) {
            s.times.push_back(table.time_s[i]);
            s.values.push_back(
                c.codes[i] == twinbench::missing_code ? qQNaN() : static_cast<double>(c.codes[i]));
        }
        return s;
    }
    if (fillFraction(c) < sparse_fill_fraction) {
        s.style = PlotSeries::Style::points;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(c.values[i])) continue;
            s.times.push_back(table.time_s[i]);
            s.values.push_back(c.values[i]);
        }
        return s;
    }
    s.times = QVector<double>(table.time_s.begin(),
                              table.time_s.begin() + static_cast<std::ptrdiff_t>(n));
    s.values = QVector<double>(c.values.begin(), c.values.begin() + static_cast<std::ptrdiff_t>(n));
    return s;
}

}  // namespace

DataPage::DataPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      list_(new QListWidget(this)),
      plot_(new TimeSeriesPlot(this)),
      statistics_(new RangeStatisticsPanel(plot_, this)),
      range_(new QLabel(this)),
      banner_(new MessageBanner(this)),
      explainAction_(new QAction(tr("Explain this window…"), this)) {
    auto* title = new QLabel(tr("<h2>Data</h2>"), this);
    auto* hint =
        new QLabel(tr("Drag to pan, wheel to zoom time, double-click to show everything."), this);
    hint->setEnabled(false);
    auto* showAll = new QPushButton(tr("Show all"), this);
    auto* cursors = new QToolButton(this);
    cursors->setDefaultAction(plot_->cursorsAction());
    cursors->setToolButtonStyle(Qt::ToolButtonTextOnly);
    explainAction_->setToolTip(
        tr("Why did it happen? Ranks the likely causes of this window on the Explain page: the "
           "range between the A/B cursors when they are shown, else the time in view"));
    plot_->addAction(explainAction_);  // heads the chart's context menu, with the cursors
    auto* explain = new QToolButton(this);
    explain->setDefaultAction(explainAction_);
    explain->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addSpacing(16);
    header->addWidget(range_, 1);
    header->addWidget(hint);
    header->addWidget(cursors);
    header->addWidget(explain);
    header->addWidget(showAll);

    list_->setToolTip(tr("Tick a column to plot it"));
    list_->setMinimumWidth(200);
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("<b>Columns</b>"), side));
    sideLayout->addWidget(list_, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    // The A/B statistics under the chart, shown while the cursors are.
    auto* chart = new QSplitter(Qt::Vertical, this);
    chart->addWidget(plot_);
    chart->addWidget(statistics_);
    chart->setStretchFactor(0, 4);
    chart->setStretchFactor(1, 1);
    chart->setChildrenCollapsible(false);
    splitter->addWidget(side);
    splitter->addWidget(chart);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 1200});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 12, 20, 12);
    layout->addLayout(header);
    layout->addWidget(banner_);
    layout->addWidget(splitter, 1);

    connect(showAll, &QPushButton::clicked, plot_, &TimeSeriesPlot::showAll);
    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (updating_) return;
        const QString name = item->data(Qt::UserRole).toString();
        plotOrder_.removeAll(name);
        if (item->checkState() == Qt::Checked) plotOrder_ << name;
        replot();
    });
    connect(plot_, &TimeSeriesPlot::timeRangeChanged, this, &DataPage::updateRangeLabel);
    connect(explainAction_, &QAction::triggered, this, [this] {
        const auto [start, end] = explainWindow();
        if (end > start) emit explainWindowRequested(start, end);
    });
    connect(plot_, &TimeSeriesPlot::seriesChanged, this,
            [this] { explainAction_->setEnabled(plot_->seriesCount() > 0); });
    explainAction_->setEnabled(false);
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &DataPage::reloadColumns);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, &DataPage::reloadColumns);
    reloadColumns();
}

QStringList DataPage::columns() const {
    QStringList names;
    for (int i = 0; i < list_->count(); ++i) names << list_->item(i)->data(Qt::UserRole).toString();
    return names;
}

QStringList DataPage::checkedColumns() const {
    QStringList names;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() == Qt::Checked)
            names << list_->item(i)->data(Qt::UserRole).toString();
    return names;
}

void DataPage::setCheckedColumns(const QStringList& names) {
    plotOrder_.clear();
    for (const auto& name : names)
        if (!plotOrder_.contains(name)) plotOrder_ << name;
    updating_ = true;
    for (int i = 0; i < list_->count(); ++i) {
        auto* item = list_->item(i);
        item->setCheckState(names.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                : Qt::Unchecked);
    }
    updating_ = false;
    replot();
}

int DataPage::checkColumnsWithRoles(const std::vector<twinbench::Role>& roles) {
    QStringList names;
    const auto table = document_.table();
    for (const auto role : roles)
        if (const auto* c = table->find_role(role); c && plottable(*c)) names << toQString(c->name);
    setCheckedColumns(names);
    return static_cast<int>(names.size());
}

void DataPage::showTimeRange(double startUtc, double endUtc, const QString& column) {
    if (!column.isEmpty() && !checkedColumns().contains(column))
        setCheckedColumns(QStringList(plotOrder_) << column);
    plot_->showTimeRange(startUtc, endUtc, true);
}

std::pair<double, double> DataPage::explainWindow() const {
    if (plot_->seriesCount() == 0) return {0.0, 0.0};
    if (plot_->cursorsVisible()) {
        const double a = plot_->cursorTime(AbCursor::a);
        const double b = plot_->cursorTime(AbCursor::b);
        return {std::min(a, b), std::max(a, b)};
    }
    const QCPRange view = plot_->timeRange();
    return {view.lower, view.upper};
}

void DataPage::reloadColumns() {
    const QStringList keep = checkedColumns();
    const auto table = document_.table();
    updating_ = true;
    list_->clear();
    for (const auto& c : table->columns) {
        if (!plottable(c)) continue;
        const QString name = toQString(c.name);
        auto* item = new QListWidgetItem(c.unit.empty() ? name
                                                        : name + QStringLiteral("  [") +
                                                              toQString(c.unit) + QLatin1Char(']'));
        item->setData(Qt::UserRole, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(keep.contains(name) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(tr("%1\nrole: %2 — %3\ntype: %4")
                             .arg(toQString(c.header), toQString(twinbench::role_name(c.role)),
                                  RoleComboBox::describe(c.role),
                                  toQString(twinbench::column_type_name(c.type))));
        list_->addItem(item);
    }
    updating_ = false;
    banner_->clear();
    if (table->row_count() > 0 && !table->has_time())
        banner_->showMessage(MessageBanner::Kind::info,
                             tr("This dataset has no time column; its rows cannot be "
                                "plotted against time."));
    plot_->setTimeZone(document_.timeZone());
    if (!keep.isEmpty() && !checkedColumns().isEmpty()) {
        const QStringList stillThere = checkedColumns();
        plotOrder_.erase(
            std::remove_if(plotOrder_.begin(), plotOrder_.end(),
                           [&](const QString& name) { return !stillThere.contains(name); }),
            plotOrder_.end());
        replot();
        return;
    }
    // A fresh dataset opens on the signals engineers look at first.
    if (checkColumnsWithRoles({twinbench::Role::furnace_temp, twinbench::Role::setpoint,
                               twinbench::Role::speed, twinbench::Role::scrap}) == 0)
        setCheckedColumns(columns().mid(0, 3));
}

void DataPage::replot() {
    const auto table = document_.table();
    std::vector<PlotSeries> series;
    if (table->has_time()) {
        const QStringList checked = checkedColumns();
        for (const auto& name : plotOrder_) {
            const auto* c = table->find(toUtf8(name));
            if (c && plottable(*c) && checked.contains(name))
                series.push_back(seriesFor(*table, *c));
        }
    }
    plot_->setSeries(std::move(series));
    const auto range = plot_->timeRange();
    updateRangeLabel(range.lower, range.upper);
}

void DataPage::updateRangeLabel(double startUtc, double endUtc) {
    if (plot_->seriesCount() == 0) {
        range_->clear();
        return;
    }
    range_->setText(tr("%1  (%2, %3)")
                        .arg(formatRange(startUtc, endUtc, document_.timeZone()),
                             formatDuration(endUtc - startUtc),
                             document_.timeZone().id().isEmpty()
                                 ? QStringLiteral("UTC")
                                 : QString::fromLatin1(document_.timeZone().id())));
}

}  // namespace twinbench::ui
