#include "ui/live/live_page.h"

#include <cmath>

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "common/error.h"
#include "ui/app/live_run.h"
#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/live/live_alerts_panel.h"
#include "ui/live/live_source_picker.h"
#include "ui/live/recommendation_panel.h"
#include "ui/training/training_panel.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {
namespace {

// Points kept per output: about two weeks of minute data, a few hours of second data.
constexpr qsizetype max_points = 20000;

void keepLast(QVector<double>& v) {
    if (v.size() > max_points) v.remove(0, v.size() - max_points);
}

// The engine's message in the page's words: the command line's options are fields here.
QString inPageWords(QString message) {
    message.replace(QStringLiteral("--folder "), QStringLiteral("Folder "));
    message.replace(QStringLiteral("--mqtt "), QStringLiteral("MQTT address "));
    message.replace(QStringLiteral("--mapping "), QStringLiteral("Mapping file "));
    if (!message.isEmpty()) message[0] = message[0].toUpper();
    return message;
}

}  // namespace

LivePage::LivePage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      banner_(new MessageBanner(this)),
      picker_(new LiveSourcePicker(this)),
      start_(new QPushButton(tr("Start"), this)),
      stop_(new QPushButton(tr("Stop"), this)),
      link_(new QLabel(tr("Not following"), this)),
      rows_(new QLabel(this)),
      output_(new QComboBox(this)),
      chart_(new LiveChart(this)),
      forecastText_(new QLabel(this)),
      alerts_(new LiveAlertsPanel(this)),
      recommendations_(new RecommendationPanel(this)),
      tabs_(new QTabWidget(this)),
      training_(new TrainingPanel(this)) {
    auto* title = new QLabel(
        tr("<h2>Live</h2>Follow the running plant: rows are appended to the dataset as they "
           "arrive, the twin runs alongside and says where the plant departs from it."),
        this);
    title->setWordWrap(true);
    link_->setObjectName(QStringLiteral("liveLinkState"));
    forecastText_->setWordWrap(true);
    forecastText_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    start_->setToolTip(tr("Follow the source; the rows go to the current dataset"));
    stop_->setToolTip(tr("Stop after a last commit; nothing that arrived is lost"));
    stop_->setEnabled(false);
    output_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    output_->setMinimumContentsLength(16);

    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(picker_, 1);
    sourceRow->addWidget(start_);
    sourceRow->addWidget(stop_);
    auto* stateRow = new QHBoxLayout;
    stateRow->addWidget(link_);
    stateRow->addWidget(rows_);
    stateRow->addStretch();
    stateRow->addWidget(new QLabel(tr("Output"), this));
    stateRow->addWidget(output_);

    auto* chartBox = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(chart_, 1);
    chartLayout->addWidget(forecastText_);
    auto* alertsBox = new QGroupBox(tr("Alerts"), this);
    (new QVBoxLayout(alertsBox))->addWidget(alerts_);
    auto* recommendBox =
        new QGroupBox(tr("Recommendation (advisory: published only when you approve it)"), this);
    (new QVBoxLayout(recommendBox))->addWidget(recommendations_);
    // The chart across the page (time wants width), alerts and recommendation below it.
    auto* below = new QSplitter(Qt::Horizontal, this);
    below->addWidget(alertsBox);
    below->addWidget(recommendBox);
    below->setStretchFactor(0, 1);
    below->setStretchFactor(1, 1);
    // In a scroll area: on a small screen the page must not make the window taller than
    // the other pages do; the lists scroll instead.
    auto* belowScroll = new QScrollArea(this);
    belowScroll->setWidget(below);
    belowScroll->setWidgetResizable(true);
    belowScroll->setFrameShape(QFrame::NoFrame);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chartBox);
    split->addWidget(belowScroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* follow = new QWidget(this);
    auto* followLayout = new QVBoxLayout(follow);
    followLayout->setContentsMargins(0, 6, 0, 0);
    followLayout->addLayout(sourceRow);
    followLayout->addLayout(stateRow);
    followLayout->addWidget(split, 1);
    tabs_->addTab(follow, tr("Follow the plant"));
    // The seed articles' safe environment for operator training: the twin plays the plant.
    tabs_->addTab(training_, tr("Training session"));
    tabs_->setTabToolTip(1, tr("The twin plays the plant from a chosen start; inject faults, react with the "
                               "controls, read the debrief. Nothing is written to the plant's dataset."));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(banner_);
    layout->addWidget(tabs_, 1);
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == tabs_->indexOf(training_)) showTraining();
    });

    recommendations_->setEngineer([this] { return alerts_->byEdit()->text().trimmed(); });
    connect(start_, &QPushButton::clicked, this, [this] { start(); });
    connect(stop_, &QPushButton::clicked, this, &LivePage::stop);
    connect(output_, &QComboBox::currentIndexChanged, this, &LivePage::showOutput);
    connect(alerts_, &LiveAlertsPanel::failed, this, [this](const QString& m) {
        banner_->showMessage(MessageBanner::Kind::error, inPageWords(m));
    });
    connect(recommendations_, &RecommendationPanel::failed, this, [this](const QString& m) {
        banner_->showMessage(MessageBanner::Kind::error, inPageWords(m));
    });
    // Another project or dataset: the run follows the one it started on, so it ends.
    connect(&document_, &WorkbenchDocument::projectClosed, this, &LivePage::stopAndWait);
    connect(&document_, &WorkbenchDocument::projectOpened, this, [this] {
        stopAndWait();
        reload();
    });
    connect(&document_, &WorkbenchDocument::datasetChanged, this, [this] {
        if (run_ && document_.datasetName() != runDataset_) stopAndWait();
        reload();
    });
    connect(&document_, &WorkbenchDocument::modelsStored, this, &LivePage::reload);
    connect(&document_, &WorkbenchDocument::kpisChanged, this, &LivePage::reload);
    reload();
}

LivePage::~LivePage() = default;

bool LivePage::isRunning() const {
    return run_ != nullptr;
}

const LiveTrace* LivePage::trace(const QString& output) const {
    const auto it = traces_.find(output);
    return it == traces_.end() ? nullptr : &it->second;
}

QString LivePage::statusText() const {
    if (!run_) return {};
    return tr("Live: %1 · %2 rows")
        .arg(linkState_.isEmpty() ? tr("starting") : linkState_, QLocale().toString(rowsAppended_));
}

void LivePage::showTraining() {
    tabs_->setCurrentWidget(training_);
    if (!trainingStale_ || training_->running() || !document_.hasDataset()) return;
    QString error;
    if (training_->setProject(document_.projectPath(), document_.datasetName(), &error))
        trainingStale_ = false;
    else
        banner_->showMessage(MessageBanner::Kind::warning, tr("Training session: %1").arg(error));
}

void LivePage::reload() {
    trainingStale_ = true;
    if (tabs_->currentWidget() == training_) showTraining();
    if (run_) return;  // the running session keeps what it opened with
    if (!document_.hasDataset()) {
        recommendations_->setProject({}, {}, {}, {});
        return;
    }
    QStringList objectives;
    if (const auto graph = document_.storedGraph())
        for (const auto& o : graph->outputs()) objectives << toQString(o);
    for (const auto& k : document_.storedKpis()) objectives << toQString(k.name);
    recommendations_->setProject(document_.projectPath(), document_.datasetName(),
                                 toQString(document_.dataset()->time_zone), objectives);
}

bool LivePage::start() {
    if (run_) return true;
    banner_->clear();
    if (!document_.hasDataset()) {
        banner_->showMessage(
            MessageBanner::Kind::error,
            tr("Open a project with a dataset first: live rows are appended to it (import a first "
               "export of the same columns)."));
        return false;
    }
    twinbench::LiveSourceFactory factory;
    try {
        factory = picker_->factory();
    } catch (const twinbench::Error& e) {
        banner_->showMessage(MessageBanner::Kind::error, inPageWords(toQString(e.what())));
        return false;
    }
    traces_.clear();
    units_.clear();
    sigmas_.clear();
    forecast_.reset();
    output_->clear();
    chart_->clear();
    forecastText_->clear();
    rowsAppended_ = rowsRejected_ = 0;
    linkState_.clear();
    runDataset_ = document_.datasetName();
    alerts_->clear();
    alerts_->setProject(document_.projectPath(), runDataset_, document_.timeZone());
    chart_->setTimeZone(document_.timeZone());
    run_ = std::make_unique<LiveRun>(document_.projectPath(), runDataset_, std::move(factory));
    connect(run_.get(), &LiveRun::opened, this, &LivePage::opened);
    connect(run_.get(), &LiveRun::updated, this, &LivePage::updated);
    connect(run_.get(), &LiveRun::forecastReady, this, &LivePage::showForecast);
    connect(run_.get(), &LiveRun::finished, this, &LivePage::finished);
    connect(run_.get(), &LiveRun::note, this,
            [this](const QString& text) { banner_->showMessage(MessageBanner::Kind::info, text); });
    connect(run_.get(), &LiveRun::linkStateChanged, this, [this](const QString& state) {
        linkState_ = state;
        link_->setText(state);
        emit statusChanged(statusText());
    });
    connect(run_.get(), &LiveRun::progress, this, [this](qulonglong appended, qulonglong rejected) {
        rowsAppended_ = appended;
        rowsRejected_ = rejected;
        rows_->setText(tr("%1 rows appended, %2 rejected")
                           .arg(QLocale().toString(appended), QLocale().toString(rejected)));
        emit statusChanged(statusText());
    });
    run_->start();
    link_->setText(tr("starting: %1").arg(picker_->describe()));
    setRunning(true);
    return true;
}

void LivePage::stop() {
    if (run_) run_->stop();
    stop_->setEnabled(false);
}

void LivePage::stopAndWait() {
    if (!run_) return;
    run_->disconnect(this);
    run_.reset();  // stops, waits for the last commit
    setRunning(false);
    link_->setText(tr("Stopped"));
}

void LivePage::setRunning(bool running) {
    start_->setEnabled(!running);
    stop_->setEnabled(running);
    picker_->setEnabled(!running);
    emit runningChanged(running);
    emit statusChanged(statusText());
}

void LivePage::opened(const QStringList& outputs, const QStringList& units,
                      const QList<double>& sigmas, const QString& problem,
                      const QStringList& unwatched) {
    for (int i = 0; i < outputs.size(); ++i) {
        units_[outputs[i]] = units.value(i);
        sigmas_[outputs[i]] = sigmas.value(i, 3.0);
    }
    output_->addItems(outputs);
    if (!problem.isEmpty())
        banner_->showMessage(
            MessageBanner::Kind::warning,
            tr("Rows are appended, but the twin cannot run alongside: %1").arg(problem));
    else if (!unwatched.isEmpty())
        banner_->showMessage(MessageBanner::Kind::info,
                             tr("Not watched: %1.").arg(unwatched.join(QStringLiteral("; "))));
}

void LivePage::updated(const twinbench::LiveUpdate& update) {
    const auto& block = update.block;
    for (const auto& s : block.outputs) {
        auto& t = traces_[toQString(s.name)];
        const double sigma = sigmas_.count(toQString(s.name)) ? sigmas_[toQString(s.name)] : 3.0;
        for (std::size_t k = 0; k < block.time_s.size(); ++k) {
            t.time.push_back(block.time_s[k]);
            t.measured.push_back(s.measured[k]);
            t.expected.push_back(s.expected[k]);
            t.bandHalfWidth.push_back(sigma * s.band_sd[k]);
            t.residual.push_back(s.residual[k]);
        }
        for (auto* v : {&t.time, &t.measured, &t.expected, &t.bandHalfWidth, &t.residual})
            keepLast(*v);
    }
    if (!block.time_s.empty()) alerts_->setLatestDataTime(block.time_s.back());
    alerts_->addEvents(update.events);
    if (!block.outputs.empty()) showOutput();
}

void LivePage::showOutput() {
    const QString name = output_->currentText();
    const auto it = traces_.find(name);
    if (it == traces_.end()) {
        chart_->clear();
        return;
    }
    chart_->showTrace(name, units_[name], it->second);
    if (forecast_) showForecast(*forecast_);
}

void LivePage::showForecast(const twinbench::LiveForecast& forecast) {
    forecast_ = forecast;
    const std::string name = toUtf8(output_->currentText());
    QVector<double> time, values;
    for (const auto& s : forecast.frame.series)
        if (s.name == name) {
            time = QVector<double>(forecast.frame.time_s.begin(), forecast.frame.time_s.end());
            values = QVector<double>(s.values.begin(), s.values.end());
        }
    std::optional<double> limit;
    QStringList words;
    const QTimeZone zone = document_.timeZone();
    for (const auto& c : forecast.limits) {
        const QString signal = toQString(c.limit.series);
        if (c.limit.series == name) limit = c.limit.max ? c.limit.max : c.limit.min;
        if (c.crossed)
            words << tr("%1 reaches its limit in %2 (at %3)")
                         .arg(signal, formatDuration(c.time_s - forecast.from_s),
                              formatTime(c.time_s, zone));
        else
            words << tr("%1 stays within its limits").arg(signal);
    }
    const double hours = forecast.frame.steps() > 0
                             ? (forecast.frame.time_s.back() - forecast.from_s) / 3600.0
                             : 0.0;
    forecastText_->setText(
        tr("<b>If nothing changes</b> (controls and disturbances held as they are now, next %1 h): "
           "%2")
            .arg(
                QString::number(hours, 'g', 2),
                words.isEmpty()
                    ? tr("no limit is set (set limits on the What-if page to see the time to them)")
                    : words.join(QStringLiteral("; "))));
    chart_->setForecast(time, values, limit);
}

void LivePage::finished(const QString& error) {
    // Called from the run's own signal: deleted once it has returned.
    run_.release()->deleteLater();
    setRunning(false);
    link_->setText(error.isEmpty() ? tr("Stopped after a last commit") : tr("Stopped"));
    if (!error.isEmpty()) banner_->showMessage(MessageBanner::Kind::error, inPageWords(error));
    // The other pages see the rows the run appended.
    if (document_.isOpen() && document_.datasetName() == runDataset_)
        document_.selectDataset(runDataset_);
}

}  // namespace twinbench::ui
