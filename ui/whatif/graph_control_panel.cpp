#include "ui/whatif/graph_control_panel.h"

#include <cmath>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "sim/kpi_definition.h"
#include "sim/scenario.h"
#include "sim/twin_what_if.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/gui_wording.h"
#include "ui/app/qt_strings.h"
#include "ui/whatif/envelope_slider.h"

namespace twinbench::ui {
namespace {

QString limitText(const twinbench::SeriesLimit& l) {
    QStringList parts;
    const QString name = toQString(l.series);
    if (l.max) parts << QStringLiteral("%1<=%2").arg(name).arg(*l.max, 0, 'g', 4);
    if (l.min) parts << QStringLiteral("%1>=%2").arg(name).arg(*l.min, 0, 'g', 4);
    return parts.join(QStringLiteral("; "));
}

QFont smaller(QFont f) {
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

}  // namespace

GraphControlPanel::GraphControlPanel(GraphWhatIfState& state, QWidget* parent)
    : QWidget(parent),
      state_(state),
      rowsLayout_(new QVBoxLayout),
      limits_(new QLineEdit(this)),
      limitsNote_(new QLabel(this)),
      kpis_(new QLineEdit(this)),
      kpisNote_(new QLabel(this)),
      scenarioName_(new QLineEdit(this)),
      save_(new QPushButton(tr("Save as scenario"), this)),
      saveNote_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(2);
    rowsLayout_->setContentsMargins(0, 0, 0, 0);
    rowsLayout_->setSpacing(2);
    layout->addLayout(rowsLayout_);
    layout->addSpacing(8);
    auto* limitsTitle = new QLabel(tr("Limits on the time chart"), this);
    QFont bold = limitsTitle->font();
    bold.setBold(true);
    limitsTitle->setFont(bold);
    layout->addWidget(limitsTitle);
    limits_->setObjectName(QStringLiteral("graphLimits"));
    limits_->setPlaceholderText(tr("e.g. NOX<=80; CO<=5"));
    limits_->setToolTip(tr("Limits on outputs, separated by ';': NAME<=VALUE or NAME>=VALUE, the value in the "
                           "output's unit (it may follow the number); a 0/1 output's rate in % or as a fraction. "
                           "The time chart draws them and says when the scenario first crosses one."));
    layout->addWidget(limits_);
    limitsNote_->setWordWrap(true);
    limitsNote_->setFont(smaller(limitsNote_->font()));
    layout->addWidget(limitsNote_);
    layout->addSpacing(8);
    // The engineer's own figures over the horizon: a tile and a profiler row each.
    auto* kpisTitle = new QLabel(tr("KPIs over the horizon"), this);
    kpisTitle->setFont(bold);
    layout->addWidget(kpisTitle);
    kpis_->setObjectName(QStringLiteral("graphKpis"));
    kpis_->setPlaceholderText(tr("e.g. gas_per_bag = sum(\"Gas energy\")/sum(\"Bags filled\")"));
    kpis_->setToolTip(tr("Your KPIs, separated by ';': NAME = EXPRESSION over the horizon's signals, with "
                         "sum, mean, min, max, hours and arithmetic (quote names with spaces). Each gets a tile "
                         "and a profiler row; they are stored in the project for the report and the command line."));
    layout->addWidget(kpis_);
    kpisNote_->setWordWrap(true);
    kpisNote_->setFont(smaller(kpisNote_->font()));
    layout->addWidget(kpisNote_);
    layout->addSpacing(8);
    // The settings kept for later: `simulate --scenario NAME` and the report read them.
    auto* saveTitle = new QLabel(tr("Keep these settings"), this);
    saveTitle->setFont(bold);
    layout->addWidget(saveTitle);
    scenarioName_->setObjectName(QStringLiteral("graphScenarioName"));
    scenarioName_->setPlaceholderText(tr("scenario name, e.g. TEY +5"));
    auto* saveRow = new QHBoxLayout;
    saveRow->addWidget(scenarioName_, 1);
    saveRow->addWidget(save_);
    layout->addLayout(saveRow);
    saveNote_->setWordWrap(true);
    saveNote_->setFont(smaller(saveNote_->font()));
    layout->addWidget(saveNote_);
    layout->addStretch(1);
    connect(save_, &QPushButton::clicked, this, &GraphControlPanel::saveScenario);
    connect(scenarioName_, &QLineEdit::returnPressed, this, &GraphControlPanel::saveScenario);

    connect(limits_, &QLineEdit::editingFinished, this, &GraphControlPanel::applyLimits);
    connect(kpis_, &QLineEdit::editingFinished, this, &GraphControlPanel::applyKpis);
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphControlPanel::rebuild);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphControlPanel::rebuild);
    connect(&state_, &GraphWhatIfState::resultChanged, this, &GraphControlPanel::refreshValues);
    connect(&state_, &GraphWhatIfState::limitsChanged, this, &GraphControlPanel::refreshLimits);
}

void GraphControlPanel::addNumericRow(Row& row, QVBoxLayout* box, const GraphControlRange& c) {
    row.spin = new QDoubleSpinBox(row.box);
    row.spin->setKeyboardTracking(false);
    row.spin->setAlignment(Qt::AlignRight);
    row.spin->setMinimumWidth(110);
    row.spin->setDecimals(c.decimals);
    row.spin->setRange(c.low, c.high);
    row.spin->setSingleStep(std::pow(10.0, -c.decimals) * 10.0);
    if (!c.unit.isEmpty()) row.spin->setSuffix(QStringLiteral(" ") + c.unit);
    row.slider = new EnvelopeSlider(row.box);
    row.slider->setObjectName(QStringLiteral("graphSlider_%1").arg(toQString(c.name)));
    row.slider->setValueRange(c.low, c.high);
    row.slider->setEnvelope(c.min, c.p01, c.median, c.p99, c.max);
    row.slider->setToolTip(tr("Shaded under the slider: where the plant ran (light: min–max, dark: "
                              "1st–99th percentile, tick: median)"));
    auto* head = new QHBoxLayout;
    head->addWidget(row.title, 1);
    head->addWidget(row.spin);
    box->addLayout(head);
    box->addWidget(row.slider);
    const std::string name = c.name;
    connect(row.slider, &QSlider::valueChanged, this, [this, name](int position) {
        if (updating_) return;
        const int r = rowOf(name);
        auto* s = rows_[static_cast<std::size_t>(r)].slider;
        state_.changeControl(name, s->valueAt(position), s->isSliderDown());
    });
    connect(row.slider, &QSlider::sliderReleased, this, [this] { state_.endDrag(); });
    connect(row.spin, &QDoubleSpinBox::valueChanged, this, [this, name](double v) {
        if (!updating_) state_.changeControl(name, v);
    });
}

void GraphControlPanel::addCategoricalRow(Row& row, QVBoxLayout* box, const GraphControlRange& c) {
    row.levels = new QComboBox(row.box);
    row.levels->setObjectName(QStringLiteral("graphLevels_%1").arg(toQString(c.name)));
    row.levels->addItems(c.levels);
    row.levels->setToolTip(tr("The level held over the whole horizon; the baseline holds the level the plant ran "
                              "most often (%1).")
                               .arg(c.levels.value(static_cast<qsizetype>(std::lround(c.baseline)))));
    auto* head = new QHBoxLayout;
    head->addWidget(row.title, 1);
    head->addWidget(row.levels);
    box->addLayout(head);
    const std::string name = c.name;
    connect(row.levels, &QComboBox::currentIndexChanged, this, [this, name](int index) {
        if (!updating_ && index >= 0) state_.changeControl(name, static_cast<double>(index));
    });
}

int GraphControlPanel::rowOf(const std::string& control) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].control == control) return static_cast<int>(i);
    return -1;
}

void GraphControlPanel::rebuild() {
    for (auto& row : rows_) delete row.box;
    rows_.clear();
    updating_ = true;
    for (const auto& c : state_.controls()) {
        Row row;
        row.control = c.name;
        row.box = new QWidget(this);
        auto* box = new QVBoxLayout(row.box);
        box->setContentsMargins(0, 0, 0, 6);
        box->setSpacing(2);
        row.title = new QLabel(toQString(c.name), row.box);
        QFont bold = row.title->font();
        bold.setBold(true);
        row.title->setFont(bold);
        row.note = new QLabel(row.box);
        row.note->setWordWrap(true);
        row.note->setFont(smaller(row.note->font()));
        row.note->setForegroundRole(QPalette::PlaceholderText);
        if (c.categorical)
            addCategoricalRow(row, box, c);
        else
            addNumericRow(row, box, c);
        box->addWidget(row.note);
        rowsLayout_->addWidget(row.box);
        rows_.push_back(row);
    }
    updating_ = false;
    setEnabled(state_.isLoaded());
    refreshLimits();
    refreshValues();
    QStringList kpis;
    for (const auto& k : state_.kpiDefinitions()) kpis << toQString(twinbench::format_kpi_argument(k));
    kpis_->setText(kpis.join(QStringLiteral("; ")));
    if (state_.isLoaded()) kpisNote_->clear();
}

void GraphControlPanel::refreshValues() {
    if (!state_.isLoaded()) return;
    updating_ = true;
    for (auto& row : rows_) {
        const double v = state_.settings().at(row.control);
        if (row.levels != nullptr) {
            const QSignalBlocker block(row.levels);
            row.levels->setCurrentIndex(static_cast<int>(std::lround(v)));
        } else {
            if (!row.slider->isSliderDown()) row.slider->setPhysicalValue(v);
            const QSignalBlocker block(row.spin);
            row.spin->setValue(v);
        }
        // The engine's own words: inside the data, or how far beyond it.
        QString text;
        for (const auto& f : state_.result().extrapolation)
            if (f.control == row.control) text = toQString(f.message);
        if (row.note->text() != text) row.note->setText(text);
    }
    updating_ = false;
    // Time to the first crossing of each limit, as the session found it.
    QStringList lines;
    for (const auto& c : state_.result().limits) {
        const QString name = toQString(c.limit.series);
        if (c.crossed)
            lines << (state_.hasTimeAxis() ? tr("%1 crosses its limit after %2 h").arg(name).arg(c.hours_from_start, 0, 'f', 1)
                                           : tr("%1 crosses its limit at row %2 of the horizon")
                                                 .arg(name)
                                                 .arg(c.hours_from_start, 0, 'f', 0));
        else
            lines << tr("%1 stays within its limit (worst %2)").arg(name).arg(c.worst, 0, 'g', 4);
    }
    const QString text = lines.join(QLatin1Char('\n'));
    if (limitsNote_->text() != text) limitsNote_->setText(text);
}

void GraphControlPanel::applyKpis() {
    if (!state_.isLoaded()) return;
    std::vector<twinbench::KpiDefinition> kpis;
    for (const QString& part : kpis_->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (part.trimmed().isEmpty()) continue;
        try {
            kpis.push_back(twinbench::parse_kpi_argument(toUtf8(part.trimmed())));
        } catch (const std::exception& e) {
            kpisNote_->setText(tr("KPI '%1' not understood: %2").arg(part.trimmed(), toQString(e.what())));
            return;
        }
    }
    if (kpis == state_.kpiDefinitions()) return;
    QString error;
    // Stored: the page reloads with a tile and a profiler row per KPI.
    if (!state_.setKpis(kpis, &error)) kpisNote_->setText(error);
}

void GraphControlPanel::refreshLimits() {
    QStringList parts;
    for (const auto& l : state_.limits()) parts << limitText(l);
    limits_->setText(parts.join(QStringLiteral("; ")));
    limits_->setEnabled(state_.isLoaded());
}

void GraphControlPanel::saveScenario() {
    QString error;
    if (state_.saveScenario(scenarioName_->text(), QString(), &error))
        saveNote_->setText(tr("Saved '%1' in the project: the report includes it.").arg(scenarioName_->text().trimmed()));
    else
        saveNote_->setText(error);
}

void GraphControlPanel::applyLimits() {
    if (!state_.isLoaded()) return;
    std::vector<twinbench::SeriesLimit> limits;
    for (const QString& part : limits_->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString text = part.trimmed();
        if (text.isEmpty()) continue;
        try {
            auto limit = twinbench::parse_limit_argument(toUtf8(text), twinbench::limit_units(*state_.study()));
            if (state_.study()->graph.find(limit.series) == nullptr) {
                QStringList outputs;
                for (const auto& signal : state_.study()->graph.all_signals())
                    if (signal.role == twinbench::Role::output) outputs << toQString(signal.name);
                throw std::invalid_argument(toUtf8(
                    tr("'%1' is not an output of this process (outputs: %2)").arg(toQString(limit.series), outputs.join(QStringLiteral(", ")))));
            }
            limits.push_back(std::move(limit));
        } catch (const std::exception& e) {
            limitsNote_->setText(tr("Limit '%1' not understood: %2. Write NAME<=VALUE or NAME>=VALUE, separated by ';'.")
                                     .arg(text, guiWording(toQString(e.what()))));
            return;
        }
    }
    state_.setLimits(limits);
}

}  // namespace twinbench::ui
