#include "ui/training/training_panel.h"

#include <cmath>
#include <fstream>

#include <qcustomplot.h>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "common/error.h"
#include "data/project.h"
#include "live/training_session.h"
#include "report/training_report.h"
#include "report_qt/report_writer.h"
#include "sim/twin_study.h"
#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/charts/plot_style.h"

namespace twinbench::ui {
namespace {

// Paces offered: data seconds per wall second, 0 = as fast as it goes.
constexpr double paces[] = {1.0, 10.0, 60.0, 600.0, 0.0};
// As fast as it goes, the panel still hands out a few steps per tick so the trainee can
// follow the chart and react: 5 steps every 50 ms.
constexpr std::size_t fastest_steps_per_tick = 5;
constexpr int tick_ms = 50;

const char* const faultKinds[] = {"stuck", "drift", "step", "unseen-step", "frozen", "trip"};

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);

    auto* setup = new QGroupBox(tr("Session"), left);
    auto* form = new QFormLayout(setup);
    startEdit_ = new QDateTimeEdit(setup);
    startEdit_->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    startEdit_->setTimeSpec(Qt::UTC);
    startEdit_->setToolTip(
        tr("The plant's state the session starts from: a time in the data (plant time)"));
    form->addRow(tr("Start from"), startEdit_);
    hours_ = new QDoubleSpinBox(setup);
    hours_->setRange(0.25, 24.0 * 14);
    hours_->setValue(2.0);
    hours_->setSuffix(tr(" h"));
    form->addRow(tr("Length"), hours_);
    speed_ = new QComboBox(setup);
    speed_->addItems({tr("Real time"), tr("10x"), tr("60x (a minute a second)"), tr("600x"),
                      tr("As fast as it goes")});
    speed_->setCurrentIndex(2);
    form->addRow(tr("Pace"), speed_);
    seed_ = new QSpinBox(setup);
    seed_->setRange(1, 1000000);
    noise_ = new QCheckBox(tr("Instrument noise (the models' residual noise), seed"), setup);
    noise_->setChecked(true);
    auto* noiseRow = new QHBoxLayout;
    noiseRow->addWidget(noise_);
    noiseRow->addWidget(seed_);
    form->addRow(noiseRow);
    leftLayout->addWidget(setup);

    auto* faultsBox = new QGroupBox(tr("Faults the trainer injects"), left);
    auto* faultsLayout = new QVBoxLayout(faultsBox);
    faults_ = new QTableWidget(0, 4, faultsBox);
    faults_->setHorizontalHeaderLabels({tr("Fault"), tr("Signal"), tr("Minute"), tr("Value")});
    faults_->horizontalHeader()->setStretchLastSection(true);
    faults_->verticalHeader()->hide();
    faults_->setToolTip(
        tr("stuck / drift (value per hour): the reading; step / unseen-step (+change or a level): "
           "a disturbance; frozen / trip (value it falls to): a control"));
    faultsLayout->addWidget(faults_);
    auto* faultButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add fault"), faultsBox);
    auto* remove = new QPushButton(tr("Remove"), faultsBox);
    faultButtons->addWidget(add);
    faultButtons->addWidget(remove);
    faultButtons->addStretch();
    faultsLayout->addLayout(faultButtons);
    connect(add, &QPushButton::clicked, this,
            [this] { addFault(QStringLiteral("stuck"), {}, 30.0); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (faults_->currentRow() >= 0) faults_->removeRow(faults_->currentRow());
    });
    leftLayout->addWidget(faultsBox);

    auto* buttons = new QHBoxLayout;
    startButton_ = new QPushButton(tr("Start"), left);
    stopButton_ = new QPushButton(tr("Stop"), left);
    debriefButton_ = new QPushButton(tr("Debrief"), left);
    saveButton_ = new QPushButton(tr("Save debrief…"), left);
    stopButton_->setEnabled(false);
    debriefButton_->setEnabled(false);
    saveButton_->setEnabled(false);
    for (auto* b : {startButton_, stopButton_, debriefButton_, saveButton_}) buttons->addWidget(b);
    leftLayout->addLayout(buttons);
    connect(startButton_, &QPushButton::clicked, this, [this] {
        QString error;
        if (!start(&error)) state_->setText(error);
    });
    connect(stopButton_, &QPushButton::clicked, this, &TrainingPanel::stop);
    connect(debriefButton_, &QPushButton::clicked, this, &TrainingPanel::showDebrief);
    connect(saveButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save debrief"), {},
            tr("PDF report (*.pdf);;Text (*.txt);;JSON (*.json);;HTML (*.html);;Excel (*.xlsx)"));
        QString error;
        if (!path.isEmpty() && !saveDebrief(path, &error)) state_->setText(error);
    });

    controlsBox_ = new QGroupBox(tr("Controls (the trainee)"), left);
    controlsForm_ = new QFormLayout(controlsBox_);
    controlsBox_->setEnabled(false);
    leftLayout->addWidget(controlsBox_);
    leftLayout->addStretch();

    state_ = new QLabel(tr("Open a fitted dataset to train on."), right);
    state_->setWordWrap(true);
    rightLayout->addWidget(state_);
    auto* chartRow = new QHBoxLayout;
    chartRow->addWidget(new QLabel(tr("Signal"), right));
    chartOutput_ = new QComboBox(right);
    chartRow->addWidget(chartOutput_, 1);
    rightLayout->addLayout(chartRow);
    chart_ = new QCustomPlot(right);
    chart_->setMinimumHeight(220);
    chart_->addGraph();  // measured
    chart_->addGraph();  // the twin alongside's expectation
    chart_->graph(0)->setName(tr("measured"));
    chart_->graph(1)->setName(tr("twin expects"));
    chart_->graph(0)->setPen(QPen(seriesColour(0), 1.5));
    chart_->graph(1)->setPen(QPen(seriesColour(1), 1.5, Qt::DashLine));
    chart_->legend->setVisible(true);
    followPalette(chart_);
    rightLayout->addWidget(chart_, 3);
    connect(chartOutput_, &QComboBox::currentIndexChanged, this, &TrainingPanel::redrawChart);
    rightLayout->addWidget(new QLabel(tr("Alerts"), right));
    alerts_ = new QListWidget(right);
    // A "Not watched" note says why in a sentence: wrapped, not cut at the list's edge.
    alerts_->setWordWrap(true);
    rightLayout->addWidget(alerts_, 1);
    rightLayout->addWidget(new QLabel(tr("Debrief"), right));
    debrief_ = new QPlainTextEdit(right);
    debrief_->setReadOnly(true);
    debrief_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    debrief_->setLineWrapMode(QPlainTextEdit::NoWrap);
    rightLayout->addWidget(debrief_, 2);

    timer_ = new QTimer(this);
    timer_->setInterval(tick_ms);
    connect(timer_, &QTimer::timeout, this, &TrainingPanel::tick);
}

TrainingPanel::~TrainingPanel() = default;

// The start box shows the plant's wall clock (Qt 6.4's QDateTimeEdit has no time zone of
// its own): the plant's local date and time held as UTC fields, read back in the plant's zone.
QDateTime TrainingPanel::plantClock(double utcSeconds) const {
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(utcSeconds * 1000.0),
                                                           zoneFromName(study_->history.time_zone));
    return QDateTime(local.date(), local.time(), Qt::UTC);
}

double TrainingPanel::plantUtc(const QDateTime& shown) const {
    const QDateTime local(shown.date(), shown.time(), zoneFromName(study_->history.time_zone));
    return static_cast<double>(local.toMSecsSinceEpoch()) / 1000.0;
}

bool TrainingPanel::setProject(const QString& projectPath, const QString& dataset, QString* error) {
    stop();
    projectPath_ = projectPath;
    dataset_ = dataset;
    try {
        const Project project(toPath(projectPath), Project::Mode::read_only);
        study_ = std::make_unique<TwinStudy>(open_twin_study(project, toUtf8(dataset)));
        if (!study_->history.has_time())
            throw ModelError(
                "these data have no time axis: a training session plays the plant in time");
    } catch (const std::exception& e) {
        study_.reset();
        if (error != nullptr) *error = toQString(e.what());
        state_->setText(toQString(e.what()));
        startButton_->setEnabled(false);
        return false;
    }
    const QTimeZone zone = zoneFromName(study_->history.time_zone);
    const auto& t = study_->history.time_s;
    startEdit_->setDateTimeRange(plantClock(t.front()), plantClock(t.back()));
    setSessionHours(hours_->value());
    state_->setText(tr("Ready: %1 (%2 to %3)")
                        .arg(dataset, formatTime(t.front(), zone), formatTime(t.back(), zone)));
    startButton_->setEnabled(true);
    faults_->setRowCount(0);
    return true;
}

void TrainingPanel::setSessionHours(double hours) {
    hours_->setValue(hours);
    // The latest stretch of that length by default: simulate's horizon.
    if (study_)
        startEdit_->setDateTime(plantClock(study_->history.time_s.back() +
                                           study_->history.step_min * 60.0 - hours * 3600.0));
}

void TrainingPanel::setSpeed(double speed) {
    for (int i = 0; i < static_cast<int>(std::size(paces)); ++i)
        if (paces[i] == speed) speed_->setCurrentIndex(i);
}

void TrainingPanel::addFault(const QString& kind, const QString& signal, double atMinute,
                             const QString& value) {
    const int row = faults_->rowCount();
    faults_->insertRow(row);
    auto* kinds = new QComboBox(faults_);
    for (const char* k : faultKinds) kinds->addItem(QString::fromLatin1(k));
    kinds->setCurrentText(kind);
    faults_->setCellWidget(row, 0, kinds);
    auto* signalBox = new QComboBox(faults_);
    if (study_)
        for (const auto& s : study_->graph.all_signals()) signalBox->addItem(toQString(s.name));
    if (!signal.isEmpty()) signalBox->setCurrentText(signal);
    faults_->setCellWidget(row, 1, signalBox);
    auto* minute = new QDoubleSpinBox(faults_);
    minute->setRange(0.0, 24.0 * 60 * 14);
    minute->setValue(atMinute);
    faults_->setCellWidget(row, 2, minute);
    faults_->setItem(row, 3, new QTableWidgetItem(value));
}

bool TrainingPanel::start(QString* error) {
    if (!study_) {
        if (error != nullptr) *error = tr("Open a fitted dataset first.");
        return false;
    }
    stop();
    TrainingSetup setup;
    setup.dataset = toUtf8(dataset_);
    setup.plant.start_s = plantUtc(startEdit_->dateTime());
    setup.plant.duration_h = hours_->value();
    setup.plant.speed = paces[std::max(0, speed_->currentIndex())];
    setup.plant.rows_per_poll = fastest_steps_per_tick;
    setup.plant.seed = static_cast<std::uint64_t>(seed_->value());
    setup.plant.noise = noise_->isChecked();
    try {
        // Snap the start onto the data's grid (the history's step).
        const auto& t = study_->history.time_s;
        const double step = study_->history.step_min * 60.0;
        setup.plant.start_s =
            t.front() + std::round((setup.plant.start_s - t.front()) / step) * step;
        for (int r = 0; r < faults_->rowCount(); ++r) {
            const auto* kind = qobject_cast<QComboBox*>(faults_->cellWidget(r, 0));
            const auto* signal = qobject_cast<QComboBox*>(faults_->cellWidget(r, 1));
            const auto* minute = qobject_cast<QDoubleSpinBox*>(faults_->cellWidget(r, 2));
            const QString value =
                faults_->item(r, 3) != nullptr ? faults_->item(r, 3)->text().trimmed() : QString();
            const QString text = QStringLiteral("%1:%2%3@%4")
                                     .arg(kind->currentText(), signal->currentText(),
                                          value.isEmpty() ? QString() : QStringLiteral("=") + value)
                                     .arg(minute->value());
            setup.plant.faults.push_back(parse_training_fault(toUtf8(text)));
        }
        // The last session goes before its connection does (it writes through it).
        session_.reset();
        project_.reset();
        project_ = std::make_unique<Project>(toPath(projectPath_), Project::Mode::open_existing);
        session_ = std::make_unique<TrainingSession>(*project_, setup);
    } catch (const std::exception& e) {
        session_.reset();
        project_.reset();
        if (error != nullptr) *error = toQString(e.what());
        state_->setText(toQString(e.what()));
        return false;
    }
    alerts_->clear();
    debrief_->clear();
    lastDebrief_.reset();
    chartOutput_->blockSignals(true);
    chartOutput_->clear();
    for (const auto& o : study_->graph.outputs()) chartOutput_->addItem(toQString(o));
    chartOutput_->blockSignals(false);
    fillControls();
    startButton_->setEnabled(false);
    stopButton_->setEnabled(true);
    debriefButton_->setEnabled(true);
    controlsBox_->setEnabled(true);
    if (!session_->monitor_note().empty()) alerts_->addItem(toQString(session_->monitor_note()));
    for (const auto& u : session_->unwatched()) alerts_->addItem(tr("Not watched: %1").arg(toQString(u)));
    timer_->start();
    emit sessionStarted(toQString(session_->training_dataset()));
    return true;
}

void TrainingPanel::fillControls() {
    while (controlsForm_->rowCount() > 0) controlsForm_->removeRow(0);
    for (const auto& c : session_->plant().controls()) {
        auto* box = new QDoubleSpinBox(controlsBox_);
        box->setObjectName(toQString(c));
        box->setDecimals(2);
        box->setRange(-1e9, 1e9);
        box->setKeyboardTracking(
            false);  // a move when the trainee commits the value, not per digit
        box->setValue(session_->plant().control_value(c));
        const GraphSignal* g = study_->graph.find(c);
        if (g != nullptr && !g->unit.empty())
            box->setSuffix(QStringLiteral(" ") + toQString(g->unit));
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, c](double v) {
            if (session_ && !session_->finished()) session_->set_control(c, v);
        });
        controlsForm_->addRow(toQString(c), box);
    }
}

QDoubleSpinBox* TrainingPanel::controlBox(const QString& control) const {
    return controlsBox_->findChild<QDoubleSpinBox*>(control);
}

void TrainingPanel::stop() {
    timer_->stop();
    if (session_) {
        showDebrief();
        emit sessionFinished();
    }
    startButton_->setEnabled(study_ != nullptr);
    stopButton_->setEnabled(false);
    controlsBox_->setEnabled(false);
}

bool TrainingPanel::running() const {
    return timer_->isActive();
}

QString TrainingPanel::alertLine(const AlertEvent& e) const {
    const double minute = (e.time_s - session_->plant().start_s()) / 60.0;
    return QStringLiteral("%1 min  %2")
        .arg(minute, 0, 'f', 0)
        .arg(toQString(alert_event_text(e, session_->study().history.time_zone)));
}

void TrainingPanel::tick() {
    if (!session_) return;
    try {
        for (const auto& e : session_->advance()) alerts_->addItem(alertLine(e));
    } catch (const std::exception& e) {
        timer_->stop();
        state_->setText(toQString(e.what()));
        return;
    }
    state_->setText(toQString(session_->plant().link_state()));
    redrawChart();
    if (session_->finished()) stop();
}

void TrainingPanel::redrawChart() {
    if (!session_) return;
    const std::string name = toUtf8(chartOutput_->currentText());
    QVector<double> t, measured, tExpected, expected;
    for (const auto& trace : session_->traces()) {
        if (trace.name != name) continue;
        for (std::size_t k = 0; k < trace.time_s.size(); ++k) {
            const double minute = (trace.time_s[k] - session_->plant().start_s()) / 60.0;
            if (std::isfinite(trace.measured[k])) {
                t.push_back(minute);
                measured.push_back(trace.measured[k]);
            }
            if (std::isfinite(trace.expected[k])) {
                tExpected.push_back(minute);
                expected.push_back(trace.expected[k]);
            }
        }
    }
    // The faults and the trainee's moves as marks on the time axis.
    chart_->clearItems();
    int marks = 0;  // labels stepped down so that close marks stay readable
    const auto mark = [this, &marks](double minute, const QString& text, const QColor& colour) {
        auto* line = new QCPItemStraightLine(chart_);
        line->point1->setCoords(minute, 0.0);
        line->point2->setCoords(minute, 1.0);
        line->setPen(QPen(colour, 1.0, Qt::DotLine));
        auto* label = new QCPItemText(chart_);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(minute, 0.02 + 0.07 * (marks++ % 3));
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setText(text);
        label->setColor(colour);
    };
    for (const auto& f : session_->plant().options().faults)
        mark(f.at_min, toQString(std::string(fault_kind_name(f.kind)) + " " + f.signal),
             seriesColour(3));
    for (const auto& m : session_->plant().moves())
        mark((m.time_s - session_->plant().start_s()) / 60.0, toQString(m.control),
             seriesColour(2));
    chart_->graph(0)->setData(t, measured, true);
    chart_->graph(1)->setData(tExpected, expected, true);
    chart_->xAxis->setLabel(tr("minutes into the session"));
    chart_->xAxis->setRange(
        0.0, static_cast<double>(session_->plant().steps()) * session_->plant().step_min());
    chart_->yAxis->setLabel(chartOutput_->currentText());
    chart_->rescaleAxes(true);
    chart_->xAxis->setRange(
        0.0, static_cast<double>(session_->plant().steps()) * session_->plant().step_min());
    chart_->replot();
}

void TrainingPanel::showDebrief() {
    if (!session_) return;
    try {
        lastDebrief_ = session_->debrief();
        debrief_->setPlainText(toQString(debrief_text(*lastDebrief_)));
        saveButton_->setEnabled(true);
    } catch (const std::exception& e) {
        debrief_->setPlainText(toQString(e.what()));
    }
}

bool TrainingPanel::saveDebrief(const QString& path, QString* error) const {
    if (!lastDebrief_) {
        if (error != nullptr) *error = tr("No debrief yet: run a session first.");
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QStringLiteral("pdf") || suffix == QStringLiteral("html") ||
        suffix == QStringLiteral("xlsx")) {
        // The report writer lays it out like a study report (report/training_report.h).
        try {
            report::write_report(report::training_debrief_report(*lastDebrief_), toPath(path));
        } catch (const std::exception& e) {
            if (error != nullptr) *error = toQString(e.what());
            return false;
        }
        return true;
    }
    std::ofstream out(toPath(path), std::ios::binary);
    if (suffix == QStringLiteral("json"))
        out << to_json(*lastDebrief_).dump(2) << '\n';
    else
        out << debrief_text(*lastDebrief_);
    if (!out) {
        if (error != nullptr) *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

}  // namespace twinbench::ui
