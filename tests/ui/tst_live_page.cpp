// The Live page (issue 16) on a spray dryer fitted on its first days (the dryer sample,
// 4 days, seed 1; the historian's last 600 minutes held back), following a folder the
// test writes those 600 rows into, the outlet thermocouple drifting from row 200 on
// (0.1 degC a minute up to +8 degC), as the CLI's watch test plants it. The rows arrive
// in two parts; the page draws the twin's prediction with its band (checked in the chart's
// data and in its pixels), lists the outlet's divergence alert, stores the engineer's
// acknowledgement in the project, and shows the link's state in the status bar. Then the
// recommendation: published to a CSV file and to an MQTT topic (a real mosquitto) only
// after Approve, Reject publishes nothing, and the project's log has every decision
// with the model version and the seed.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <fmt/format.h>
#include <qcustomplot.h>
#include <nlohmann/json.hpp>

#include "data/importer.h"
#include "data/project.h"
#include "live/alert_events.h"
#include "live/divergence_rules.h"
#include "live/mosquitto_broker.h"
#include "live/mqtt_subscriber.h"
#include "live/recommendation.h"
#include "sample/dryer_export.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"
#include "sim/twin_study.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/live/live_alerts_panel.h"
#include "ui/live/live_chart.h"
#include "ui/live/live_page.h"
#include "ui/live/live_source_picker.h"
#include "ui/live/recommendation_panel.h"
#include "ui/main_window.h"
#include "ui/widgets/message_banner.h"
#include "ui_test_support.h"

namespace t = twinbench::ui::test;
using twinbench::ui::LivePage;
using twinbench::ui::toPath;
using twinbench::ui::toQString;
using twinbench::ui::toUtf8;

namespace {

std::string readText(const QString& file) {
    std::ifstream in(toPath(file), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const QString& file, const std::string& text, bool append) {
    std::ofstream out(toPath(file), std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out << text;
}

}  // namespace

class tst_LivePage : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
        const auto data = toPath(dir_.filePath(QStringLiteral("sample")));
        twinbench::DryerSampleOptions sample;
        sample.days = 4;
        sample.seed = 1;
        twinbench::write_dryer_sample(data, sample);
        std::istringstream historian(
            readText(QString::fromStdString((data / "historian.csv").string())));
        std::vector<std::string> lines;
        for (std::string line; std::getline(historian, line);) lines.push_back(line);
        QVERIFY(lines.size() > 2000);
        header_ = lines.front() + "\n";
        std::string history = header_;
        const std::size_t first_live = lines.size() - live_rows;
        for (std::size_t i = 1; i < first_live; ++i) history += lines[i] + "\n";
        for (std::size_t i = first_live, k = 0; i < lines.size(); ++i, ++k) {
            std::vector<std::string> cells;
            std::stringstream in(lines[i]);
            for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
            QCOMPARE(cells.size(), std::size_t{8});
            if (k >= drift_from)  // Outlet air temp [°C]
                cells[2] =
                    std::to_string(std::stod(cells[2]) +
                                   std::min(8.0, 0.1 * static_cast<double>(k - drift_from + 1)));
            std::string row;
            for (std::size_t c = 0; c < cells.size(); ++c) row += (c ? "," : "") + cells[c];
            live_.push_back(row + "\n");
        }
        const QString historyFile = dir_.filePath(QStringLiteral("history.csv"));
        writeText(historyFile, history, false);
        projectPath_ = dir_.filePath(QStringLiteral("dryer.twin"));
        {
            twinbench::Project project(toPath(projectPath_),
                                       twinbench::Project::Mode::create_if_missing);
            twinbench::ImportOptions import;
            import.files = {toPath(historyFile)};
            import.dataset = "line";
            import.time_zone = sample.time_zone;
            for (const char* c : {"Inlet air temp SP", "Feed rate"})
                import.role_overrides.emplace_back(twinbench::Role::control, c);
            for (const char* c : {"Feed solids", "Ambient humidity", "Ambient temp"})
                import.role_overrides.emplace_back(twinbench::Role::disturbance, c);
            for (const char* c : {"Outlet air temp", "Gas energy"})
                import.role_overrides.emplace_back(twinbench::Role::output, c);
            twinbench::import_files(project, import);
            const auto dataset = project.dataset("line");
            twinbench::store_twin_fit(project, dataset,
                                      twinbench::fit_twin(project.read_dataset(dataset), dataset,
                                                          twinbench::load_graph(project, dataset)));
            historyRows_ = dataset.sources.front().rows;
            // The team's rules: the defaults and an upper limit on the outlet temperature.
            const auto study = twinbench::open_twin_study(project, "line");
            twinbench::store_divergence_rules(
                project, dataset,
                twinbench::default_divergence_rules(
                    study.twin, {{"Outlet air temp", std::nullopt, outlet_limit}}));
        }
        document_ = std::make_unique<twinbench::ui::WorkbenchDocument>();
        QString error;
        QVERIFY2(document_->openProject(projectPath_, &error), qPrintable(error));
    }

    void followsTheFolderDrawsTheBandAndRaisesThePlantedAlert() {
        twinbench::ui::MainWindow window(*document_);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(twinbench::ui::MainWindow::Page::live);
        LivePage* page = window.livePage();
        const QString exports = dir_.filePath(QStringLiteral("exports"));
        QVERIFY(QDir().mkpath(exports));
        const QString file = exports + QStringLiteral("/live.csv");
        writeText(file, header_ + join(0, live_rows / 2), false);
        page->sourcePicker()->setFolder(exports);
        QTest::mouseClick(page->startButton(), Qt::LeftButton);
        QVERIFY(page->isRunning());
        const QString outlet = QStringLiteral("Outlet air temp");
        QTRY_VERIFY_WITH_TIMEOUT(
            page->trace(outlet) && page->trace(outlet)->time.size() == live_rows / 2, 60000);
        // Generous waits: under ASan with the other tests running beside it, a second
        // passes between two of the run thread's reports.
        QTRY_VERIFY_WITH_TIMEOUT(window.liveLabel()->isVisible(), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(window.liveLabel()->text().contains(QStringLiteral("following 1 file")),
                                  qPrintable(window.liveLabel()->text()), 30000);
        // The second half arrives while the page follows.
        writeText(file, join(live_rows / 2, live_rows), true);
        QTRY_VERIFY_WITH_TIMEOUT(page->trace(outlet)->time.size() == live_rows, 60000);
        page->outputBox()->setCurrentText(outlet);

        // The band in the chart's data: prediction ± fire sigma x band sd, around the line.
        const auto* trace = page->trace(outlet);
        auto* chart = page->chart();
        QCOMPARE(chart->bandUpperGraph()->data()->size(), int(live_rows));
        QCOMPARE(chart->bandUpperGraph()->channelFillGraph(), chart->bandLowerGraph());
        for (int k = 0; k < int(live_rows); ++k) {
            const double half = trace->bandHalfWidth[k];
            QVERIFY2(std::isfinite(half) && half > 0.0, qPrintable(QString::number(k)));
            QCOMPARE((chart->bandUpperGraph()->data()->constBegin() + k)->value,
                     trace->expected[k] + half);
            QCOMPARE((chart->bandLowerGraph()->data()->constBegin() + k)->value,
                     trace->expected[k] - half);
        }
        QVERIFY(chart->residualGraph()->data()->size() == int(live_rows));
        // ...and in its pixels: with everything but the band hidden, hiding the band too
        // changes the pixels inside it (its fill is painted), none outside the chart's rect.
        auto* plot = chart->plot();
        for (auto* g : {chart->measuredGraph(), chart->expectedGraph(), chart->forecastGraph()})
            g->setVisible(false);
        plot->replot();
        const QImage with = plot->grab().toImage();
        chart->bandUpperGraph()->setVisible(false);
        plot->replot();
        const QImage without = plot->grab().toImage();
        for (auto* g : {chart->measuredGraph(), chart->expectedGraph(), chart->forecastGraph(),
                        chart->bandUpperGraph()})
            g->setVisible(true);
        plot->replot();
        int inside = 0, changed = 0;
        auto* xAxis = chart->bandUpperGraph()->keyAxis();
        auto* yAxis = chart->bandUpperGraph()->valueAxis();
        for (int k = 10; k < int(live_rows); k += 10) {
            const int x = qRound(xAxis->coordToPixel(trace->time[k]));
            const int y = qRound(yAxis->coordToPixel(trace->expected[k]));
            ++inside;
            changed += with.pixel(x, y) != without.pixel(x, y) ? 1 : 0;
        }
        QVERIFY2(
            changed == inside,
            qPrintable(QStringLiteral("%1 of %2 band pixels painted").arg(changed).arg(inside)));

        // The planted drift's alert, after the drift began.
        auto* table = page->alerts()->table();
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT((row = findAlert(*table, outlet)) >= 0, 30000);
        QCOMPARE(table->item(row, twinbench::ui::LiveAlertsPanel::kindColumn)->text(),
                 QStringLiteral("divergence"));
        QCOMPARE(table->item(row, twinbench::ui::LiveAlertsPanel::stateColumn)->text(),
                 QStringLiteral("open"));
        const auto logged = loggedEvents();
        const auto alert =
            std::find_if(logged.begin(), logged.end(), [](const twinbench::AlertEvent& e) {
                return e.type == twinbench::AlertEventType::alert &&
                       e.signal == "Outlet air temp" && e.kind == "divergence";
            });
        QVERIFY(alert != logged.end());
        QVERIFY2(alert->since_s >= trace->time[drift_from],
                 qPrintable(QString::number(alert->since_s - trace->time[drift_from])));

        // Acknowledged with a note: stored in the project's alert log.
        table->selectRow(row);
        page->alerts()->byEdit()->setText(QStringLiteral("jane"));
        page->alerts()->noteEdit()->setText(QStringLiteral("handheld reads 2 degC lower"));
        QVERIFY(page->alerts()->acknowledgeButton()->isEnabled());
        QTest::mouseClick(page->alerts()->acknowledgeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(table->item(row, twinbench::ui::LiveAlertsPanel::stateColumn)->text(),
                                  QStringLiteral("acknowledged by jane"), 30000);
        const auto after = loggedEvents();
        QVERIFY(std::any_of(after.begin(), after.end(), [&](const twinbench::AlertEvent& e) {
            return e.type == twinbench::AlertEventType::acknowledged &&
                   e.alert_id == alert->alert_id && e.by == "jane" &&
                   e.note == "handheld reads 2 degC lower";
        }));

        // "Nothing changes" from the latest row on.
        QTRY_VERIFY_WITH_TIMEOUT(
            page->forecast() && page->forecast()->from_s >= trace->time.back() - 1.0, 30000);
        QVERIFY(!chart->forecastGraph()->data()->isEmpty());
        QVERIFY(page->forecastLabel()->text().contains(QStringLiteral("If nothing changes")));
        // Time-to-limit against the limit rule, the limit drawn: the engine's crossing said.
        const auto& crossings = page->forecast()->limits;
        QCOMPARE(crossings.size(), std::size_t{1});
        QVERIFY(chart->limitLine()->visible());
        QCOMPARE(chart->limitLine()->point1->coords().y(), outlet_limit);
        const QString expected = crossings.front().crossed
                                     ? QStringLiteral("Outlet air temp reaches its limit in")
                                     : QStringLiteral("Outlet air temp stays within its limits");
        QVERIFY2(page->forecastLabel()->text().contains(expected),
                 qPrintable(page->forecastLabel()->text()));
        // The recorded outlet (drift and all) is above the limit for hours: a limit alert too.
        QVERIFY(findAlert(*table, outlet, QStringLiteral("limit")) >= 0);

#ifdef TWINBENCH_UI_SCREENSHOT_DIR
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        window.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/live_page.png"));
#endif
        // Stop: a last commit; every row is in the dataset, the status bar says nothing more.
        QTest::mouseClick(page->stopButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.liveLabel()->isVisible(), 30000);
        QCOMPARE(t::storedRows(projectPath_), historyRows_ + live_rows);
    }

    // A folder that is not there: the engine's reason on the page, no run left behind,
    // nothing appended.
    void aMissingFolderIsSaidOnThePage() {
        LivePage page(*document_);
        const std::size_t before = t::storedRows(projectPath_);
        page.sourcePicker()->setFolder(dir_.filePath(QStringLiteral("nowhere")));
        QVERIFY(page.start());
        QTRY_VERIFY_WITH_TIMEOUT(!page.isRunning(), 30000);
        QCOMPARE(page.banner()->kind(), twinbench::ui::MessageBanner::Kind::error);
        QVERIFY2(page.banner()->text().startsWith(QStringLiteral("Folder ")) &&
                     page.banner()->text().contains(QStringLiteral("nowhere")),
                 qPrintable(page.banner()->text()));
        QVERIFY(page.startButton()->isEnabled());
        QCOMPARE(t::storedRows(projectPath_), before);
        // Without a folder at all the page says so before starting anything.
        page.sourcePicker()->setFolder(QString());
        QVERIFY(!page.start());
        QVERIFY(page.banner()->text().contains(QStringLiteral("Choose the folder")));
    }

    void recommendationsAreOnlyPublishedAfterApproval() {
        if (twinbench::test::mosquitto_program().empty())
            QSKIP("the mosquitto broker is not installed");
        twinbench::test::MosquittoBroker broker(toPath(dir_.path()));
        QVERIFY(broker.start());
        twinbench::test::QosSubscriber subscriber(broker.port(), "plant/recommendations");
        QVERIFY(subscriber.wait_subscribed(std::chrono::seconds(5)));

        LivePage page(*document_);
        auto* panel = page.recommendations();
        connect(panel, &twinbench::ui::RecommendationPanel::failed, this,
                [](const QString& m) { qWarning("recommendation: %s", qPrintable(m)); });
        panel->objectiveBox()->setCurrentText(QStringLiteral("Gas energy"));
        panel->horizonBox()->setValue(4.0);
        panel->seedBox()->setValue(11);
        const QString csv = dir_.filePath(QStringLiteral("recommendations.csv"));
        panel->setTarget(twinbench::ui::RecommendationPanel::Target::csv, csv);

        // A window shorter than the model's dead times has no figure to optimise: said, not
        // recommended.
        panel->horizonBox()->setValue(0.25);
        QVERIFY(!recommend(*panel));
        QVERIFY2(page.banner()->text().startsWith(
                     QStringLiteral("The twin gives no value for 'Gas energy'")) &&
                     page.banner()->text().contains(QStringLiteral("longer horizon")),
                 qPrintable(page.banner()->text()));
        panel->horizonBox()->setValue(4.0);

        // A recommendation waits for the engineer: nothing written yet.
        QVERIFY(recommend(*panel));
        const auto first = *panel->pending();
        QCOMPARE(panel->settingsTable()->rowCount(), int(first.settings.size()));
        QVERIFY(std::isfinite(first.objective_value) &&
                first.objective_value <= first.baseline_objective);
        QVERIFY2(
            panel->summaryLabel()->text().contains(QString::number(first.objective_value, 'g', 5)),
            qPrintable(panel->summaryLabel()->text()));
        QVERIFY(!QFileInfo::exists(csv));
        QVERIFY(panel->approveButton()->isEnabled());
#ifdef TWINBENCH_UI_SCREENSHOT_DIR
        page.resize(1200, 800);
        page.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/live_recommendation.png"));
#endif
        QVERIFY(decide(*panel, panel->approveButton()));
        const std::string written = readText(csv);
        for (const auto& [name, value] : first.settings)
            QVERIFY2(written.find(fmt::format(",{},{},", name, value)) != std::string::npos,
                     written.c_str());

        // Rejected: nothing published anywhere.
        panel->setTarget(twinbench::ui::RecommendationPanel::Target::mqtt,
                         QStringLiteral("127.0.0.1:%1/plant/recommendations").arg(broker.port()));
        QVERIFY(recommend(*panel));
        const auto second = *panel->pending();
        panel->reasonEdit()->setText(QStringLiteral("trial batch"));
        QVERIFY(decide(*panel, panel->rejectButton()));
        QVERIFY(!panel->pending().has_value());

        // Approved to the topic: the broker has the settings once Approve returned.
        QVERIFY(recommend(*panel));
        const auto third = *panel->pending();
        QVERIFY(subscriber.payloads().empty());
        QVERIFY(decide(*panel, panel->approveButton()));
        QVERIFY(subscriber.wait_messages(1, std::chrono::seconds(5)));
        QCOMPARE(subscriber.payloads().size(), std::size_t{1});
        const auto message = nlohmann::json::parse(subscriber.payloads().front());
        using Settings = std::map<std::string, double>;
        QVERIFY(message.at("settings").get<Settings>() == third.settings);
        QCOMPARE(readText(csv), written);

        // The project's log: every decision, with the model version and the seed.
        const twinbench::Project project(toPath(projectPath_), twinbench::Project::Mode::read_only);
        const std::string version = twinbench::model_version(project, project.dataset("line"));
        QStringList events;
        for (const auto& e : twinbench::recommendation_log(project, "line")) {
            events << QStringLiteral("%1:%2").arg(toQString(e.event)).arg(e.recommendation_id);
            QCOMPARE(e.recommendation.model_version, version);
            QCOMPARE(e.recommendation.seed, std::uint64_t{11});
        }
        QCOMPARE(events, QStringList({QStringLiteral("recommended:%1").arg(first.id),
                                      QStringLiteral("approved:%1").arg(first.id),
                                      QStringLiteral("recommended:%1").arg(second.id),
                                      QStringLiteral("rejected:%1").arg(second.id),
                                      QStringLiteral("recommended:%1").arg(third.id),
                                      QStringLiteral("approved:%1").arg(third.id)}));
    }

  private:
    static constexpr std::size_t live_rows = 600;
    static constexpr std::size_t drift_from = 200;
    static constexpr double outlet_limit = 95.0;

    std::string join(std::size_t from, std::size_t to) const {
        std::string text;
        for (std::size_t i = from; i < to; ++i) text += live_[i];
        return text;
    }

    static int findAlert(const QTableWidget& table, const QString& signal,
                         const QString& kind = QStringLiteral("divergence")) {
        for (int r = 0; r < table.rowCount(); ++r)
            if (table.item(r, twinbench::ui::LiveAlertsPanel::signalColumn)->text() == signal &&
                table.item(r, twinbench::ui::LiveAlertsPanel::kindColumn)->text() == kind)
                return r;
        return -1;
    }

    std::vector<twinbench::AlertEvent> loggedEvents() const {
        const twinbench::Project project(toPath(projectPath_), twinbench::Project::Mode::read_only);
        return twinbench::logged_alert_events(project, project.dataset("line"));
    }

    static bool recommend(twinbench::ui::RecommendationPanel& panel) {
        QPointer<twinbench::ui::BackgroundJob> job = panel.recommend();
        if (!job) return false;
        if (!QTest::qWaitFor([&] { return panel.pending().has_value() || !job; }, 60000))
            return false;
        return panel.pending().has_value();
    }

    static bool decide(twinbench::ui::RecommendationPanel& panel, QPushButton* button) {
        const auto id = panel.pending()->id;
        QTest::mouseClick(button, Qt::LeftButton);
        return QTest::qWaitFor([&] { return !panel.pending() || panel.pending()->id != id; },
                               20000) &&
               panel.approveButton()->isEnabled() == false;
    }

    QTemporaryDir dir_;
    QString projectPath_;
    std::string header_;
    std::vector<std::string> live_;
    std::size_t historyRows_ = 0;
    std::unique_ptr<twinbench::ui::WorkbenchDocument> document_;
};

QTEST_MAIN(tst_LivePage)
#include "tst_live_page.moc"
