#include "ui/whatif/graph_contour_view.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "data/robust_stats.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/plot_style.h"
#include "ui/whatif/contour_lines.h"

namespace twinbench::ui {
namespace {

// The state's index of the control a combo box shows (-1: none).
int controlIndex(const QComboBox* box) {
    return box->currentIndex() < 0 ? -1 : box->currentData().toInt();
}

}  // namespace

GraphContourView::GraphContourView(GraphWhatIfState& state, QWidget* parent)
    : QWidget(parent),
      state_(state),
      x_(new QComboBox(this)),
      y_(new QComboBox(this)),
      figure_(new QComboBox(this)),
      note_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Map of"), this));
    bar->addWidget(figure_, 1);
    layout->addLayout(bar);
    bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("over"), this));
    bar->addWidget(x_, 1);
    bar->addWidget(new QLabel(QStringLiteral("×"), this));
    bar->addWidget(y_, 1);
    layout->addLayout(bar);
    note_->setWordWrap(true);
    layout->addWidget(note_);
    layout->addWidget(plot_, 1);
    plot_->setObjectName(QStringLiteral("graphContourPlot"));
    plot_->setMinimumSize(200, 160);

    auto* rect = plot_->axisRect();
    const ColourMapParts parts = addViridisColourMap(plot_);
    map_ = parts.map;
    scale_ = parts.scale;
    envelope_ = new QCPCurve(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    envelope_->setPen(QPen(QColor(255, 255, 255, 220), 1.5, Qt::DashLine));
    envelope_->setName(tr("data envelope (P1–P99)"));
    envelope_->setSelectable(QCP::stNone);
    point_ = plot_->addGraph();
    point_->setLineStyle(QCPGraph::lsNone);
    point_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::white, 2), QBrush(seriesColour(1)), 12));
    point_->setName(tr("current setting"));
    followPalette(plot_);
    plot_->legend->setVisible(false);
    ChartExportOptions options;
    options.baseName = QStringLiteral("contour_map");
    options.timeKeys = false;
    ChartExport::install(plot_, options);

    for (auto* box : {x_, y_, figure_})
        connect(box, &QComboBox::currentIndexChanged, this, &GraphContourView::refresh);
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphContourView::rebuildChoices);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphContourView::clear);
    connect(&state_, &GraphWhatIfState::resultChanged, this, &GraphContourView::refresh);
}

void GraphContourView::clear() {
    retire_job(job_, this);
    {
        const QSignalBlocker bx(x_), by(y_), bf(figure_);
        x_->clear();
        y_->clear();
        figure_->clear();
    }
    for (auto* c : curves_) plot_->removePlottable(c);
    for (auto* l : labels_) plot_->removeItem(l);
    curves_.clear();
    labels_.clear();
    values_.clear();
    xs_.clear();
    ys_.clear();
    levels_.clear();
    map_->data()->clear();
    point_->data()->clear();
    envelope_->data()->clear();
    mapKey_.clear();
    note_->clear();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GraphContourView::rebuildChoices() {
    clear();
    computed_ = 0;
    const QSignalBlocker bx(x_), by(y_), bf(figure_);
    // Numeric controls only (a categorical one is a list of levels, not an axis); the
    // item's data is the control's index in the state.
    for (std::size_t i = 0; i < state_.controls().size(); ++i) {
        const auto& c = state_.controls()[i];
        if (c.categorical) continue;
        x_->addItem(toQString(c.name), static_cast<int>(i));
        y_->addItem(toQString(c.name), static_cast<int>(i));
    }
    for (const auto& f : state_.figures())
        figure_->addItem(f.unit.isEmpty() ? f.title : QStringLiteral("%1 [%2]").arg(f.title, f.unit));
    x_->setCurrentIndex(0);
    y_->setCurrentIndex(std::min(1, y_->count() - 1));
    refresh();
}

void GraphContourView::refresh() {
    if (!state_.isLoaded()) return;
    const auto& controls = state_.controls();
    const auto numeric = std::count_if(controls.begin(), controls.end(), [](const auto& c) { return !c.categorical; });
    const bool possible = numeric >= 2;
    plot_->setVisible(possible);
    // With fewer than two numeric controls there is no map: the profiler takes the width.
    setVisible(possible);
    if (!possible) {
        note_->setText(numeric == 0 ? tr("The map needs two numeric controls; this process has none.")
                                        : tr("The map needs two controls; this process has one (%1). Set the role of "
                                             "another setting to Control on the Project page.")
                                              .arg(toQString(controls.front().name)));
        return;
    }
    if (controlIndex(x_) == controlIndex(y_)) {
        note_->setText(tr("Pick two different controls."));
        return;
    }
    note_->clear();
    // A drag of the map's own controls moves the point; of another control, the map
    // follows once the hand is still.
    QString key = QStringLiteral("%1/%2/%3").arg(controlIndex(x_)).arg(controlIndex(y_)).arg(figure_->currentIndex());
    for (std::size_t i = 0; i < controls.size(); ++i)
        if (static_cast<int>(i) != controlIndex(x_) && static_cast<int>(i) != controlIndex(y_))
            key += QLatin1Char('/') + QString::number(state_.settings().at(controls[i].name), 'g', 17);
    if (key != mapKey_ && !state_.isDragging()) {
        mapKey_ = key;
        startMap();
    }
    refreshPoint();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GraphContourView::startMap() {
    retire_job(job_, this);
    const int xi = controlIndex(x_), yi = controlIndex(y_), f = figure_->currentIndex();
    if (f < 0 || f >= static_cast<int>(state_.figures().size())) return;
    const auto& cx = state_.controls()[static_cast<std::size_t>(xi)];
    const auto& cy = state_.controls()[static_cast<std::size_t>(yi)];
    const auto n = static_cast<std::size_t>(n_);
    std::vector<double> xs(n), ys(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = cx.low + (cx.high - cx.low) * static_cast<double>(i) / static_cast<double>(n - 1);
        ys[i] = cy.low + (cy.high - cy.low) * static_cast<double>(i) / static_cast<double>(n - 1);
    }
    auto out = std::make_shared<std::vector<double>>(n * n, std::nan(""));
    auto study = state_.sharedStudy();
    auto kpis = state_.sharedKpis();
    auto baseline = std::make_shared<const twinbench::SignalFrame>(state_.baselineFrame());
    job_ = new BackgroundJob(
        tr("Contour map"),
        [out, study, kpis, baseline, scenario = state_.scenarioOf(state_.settings()),
         figure = state_.figures()[static_cast<std::size_t>(f)], xName = cx.name, yName = cy.name, xs,
         ys, n](const twinbench::ProgressCallback& progress) {
            // The other controls as set; x and y (numeric) last, so they win.
            twinbench::Scenario at = scenario;
            std::erase_if(at.changes, [&](const twinbench::ControlChange& c) { return c.signal == xName || c.signal == yName; });
            twinbench::ControlChange x, y;
            x.control = y.control = twinbench::Control::signal;
            x.signal = xName;
            y.signal = yName;
            at.changes.push_back(x);
            at.changes.push_back(y);
            for (std::size_t row = 0; row < n; ++row) {
                if (!progress(static_cast<double>(row) / static_cast<double>(n), "contour map")) throw twinbench::Cancelled();
                for (std::size_t col = 0; col < n; ++col) {
                    at.changes[at.changes.size() - 2].value = xs[col];
                    at.changes.back().value = ys[row];
                    (*out)[row * n + col] =
                        GraphWhatIfState::valueOf(GraphWhatIfState::outcomeAt(*study, kpis.get(), *baseline, at), figure);
                }
            }
        },
        this);
    connect(job_.data(), &BackgroundJob::succeeded, this, [this, out, xi, yi, f] { drawMap(xi, yi, f, std::move(*out)); });
    connect(job_.data(), &BackgroundJob::failed, this,
            [this](const QString& message) { note_->setText(tr("The map cannot be drawn: %1").arg(message)); });
    connect(job_.data(), &BackgroundJob::finished, this, [this] {
        job_->deleteLater();
        job_ = nullptr;
    });
    job_->start();
}

void GraphContourView::drawMap(int xi, int yi, int f, std::vector<double> values) {
    const auto& cx = state_.controls()[static_cast<std::size_t>(xi)];
    const auto& cy = state_.controls()[static_cast<std::size_t>(yi)];
    const auto& figure = state_.figures()[static_cast<std::size_t>(f)];
    const auto n = static_cast<std::size_t>(n_);
    if (values.size() != n * n) return;  // the grid's size changed since
    ++computed_;
    xs_.resize(n);
    ys_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs_[i] = cx.low + (cx.high - cx.low) * static_cast<double>(i) / static_cast<double>(n - 1);
        ys_[i] = cy.low + (cy.high - cy.low) * static_cast<double>(i) / static_cast<double>(n - 1);
    }
    xEnv_[0] = cx.p01, xEnv_[1] = cx.p99;
    yEnv_[0] = cy.p01, yEnv_[1] = cy.p99;
    values_ = std::move(values);
    map_->data()->setSize(n_, n_);
    map_->data()->setRange(QCPRange(cx.low, cx.high), QCPRange(cy.low, cy.high));
    std::vector<double> plausible, all;
    for (std::size_t row = 0; row < n; ++row) {
        for (std::size_t col = 0; col < n; ++col) {
            const double v = values_[row * n + col];
            map_->data()->setCell(static_cast<int>(col), static_cast<int>(row), v);
            if (!std::isfinite(v)) continue;
            all.push_back(v);
            if (xs_[col] >= xEnv_[0] && xs_[col] <= xEnv_[1] && ys_[row] >= yEnv_[0] && ys_[row] <= yEnv_[1])
                plausible.push_back(v);
        }
    }
    // The colour scale: the 2nd to 98th percentile inside the envelope (the whole grid
    // when the envelope holds too few cells), never one corner's extreme.
    auto& pool = plausible.size() >= 9 ? plausible : all;
    QCPRange range(0.0, 1.0);
    if (!pool.empty()) {
        const double q[2] = {0.02, 0.98};
        double out[2] = {0.0, 0.0};
        twinbench::quantiles_inplace(pool, q, out);
        range = QCPRange(out[0], out[1] > out[0] ? out[1] : out[0] + std::max(1e-9, std::fabs(out[0]) * 1e-6));
    }
    map_->setDataRange(range);
    scale_->axis()->setLabel(figure.unit.isEmpty() ? figure.title
                                                   : QStringLiteral("%1 [%2]").arg(figure.title, figure.unit));
    plot_->xAxis->setLabel(cx.unit.isEmpty() ? toQString(cx.name) : QStringLiteral("%1 [%2]").arg(toQString(cx.name), cx.unit));
    plot_->yAxis->setLabel(cy.unit.isEmpty() ? toQString(cy.name) : QStringLiteral("%1 [%2]").arg(toQString(cy.name), cy.unit));
    plot_->xAxis->setRange(cx.low, cx.high);
    plot_->yAxis->setRange(cy.low, cy.high);
    envelope_->setData(QVector<double>{xEnv_[0], xEnv_[1], xEnv_[1], xEnv_[0], xEnv_[0]},
                       QVector<double>{yEnv_[0], yEnv_[0], yEnv_[1], yEnv_[1], yEnv_[0]});

    // Contour lines at round levels inside the scale, each labelled once.
    for (auto* c : curves_) plot_->removePlottable(c);
    for (auto* l : labels_) plot_->removeItem(l);
    curves_.clear();
    labels_.clear();
    levels_ = nice_levels(range.lower, range.upper, 5);
    const double dx = (cx.high - cx.low) / (n_ - 1), dy = (cy.high - cy.low) / (n_ - 1);
    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    for (const double level : levels_) {
        const auto segments = contour_segments(values_, n_, n_, level);
        if (segments.empty()) continue;
        QVector<double> lx, ly;
        for (const auto& s : segments) {
            lx << cx.low + s.x0 * dx << cx.low + s.x1 * dx << qQNaN();
            ly << cy.low + s.y0 * dy << cy.low + s.y1 * dy << qQNaN();
        }
        auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
        curve->setData(lx, ly);
        curve->setPen(QPen(QColor(255, 255, 255, 190), 1.0));
        curve->setSelectable(QCP::stNone);
        curves_.push_back(curve);
        const auto& mid = segments[segments.size() / 2];
        auto* label = new QCPItemText(plot_);
        label->position->setCoords(cx.low + 0.5 * (mid.x0 + mid.x1) * dx, cy.low + 0.5 * (mid.y0 + mid.y1) * dy);
        label->setText(QString::number(level, 'g', 6));
        label->setFont(font);
        label->setColor(Qt::white);
        label->setBrush(QColor(0, 0, 0, 110));
        label->setPadding(QMargins(2, 0, 2, 0));
        label->setClipToAxisRect(true);
        label->setSelectable(false);
        labels_.push_back(label);
    }
    refreshPoint();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    emit mapDrawn();
}

void GraphContourView::refreshPoint() {
    if (controlIndex(x_) < 0 || controlIndex(y_) < 0) return;
    const auto& controls = state_.controls();
    const auto& s = state_.settings();
    point_->setData(QVector<double>{s.at(controls[static_cast<std::size_t>(controlIndex(x_))].name)},
                    QVector<double>{s.at(controls[static_cast<std::size_t>(controlIndex(y_))].name)}, true);
}

}  // namespace twinbench::ui
