// The training session (training mode), reached as the engineer reaches it (Tools >
// Training session... opens the Live page's Training tab), on the generated spray dryer
// fitted on a fortnight: a short session as fast as it goes with a stuck outlet thermocouple
// injected at minute 30; the trainee raises the inlet temperature through the panel's
// spin box at minute 40 or so; the twin alongside's divergence alert on the outlet shows
// in the alert list, the debrief shown at the end tells the fault, the alert and the move,
// also as a PDF report (read back with pdftotext), and the alerts are logged with the
// training dataset, not the plant's.
#include <cmath>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include "../core/sim/generated_process.h"
#include "live/alert_events.h"
#include "live/training_session.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/live/live_page.h"
#include "ui/main_window.h"
#include "ui/training/training_panel.h"
#include "ui_test_support.h"

namespace t = twinbench::ui::test;
using twinbench::ui::toQString;
using twinbench::ui::toUtf8;
using twinbench::ui::TrainingPanel;

class tst_Training : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
        const auto& g = twinbench::test::dryer_twin(1, 14);
        project_ = dir_.filePath(QStringLiteral("dryer.twin"));
        QVERIFY(QFile::copy(twinbench::ui::fromPath(g.project_path), project_));
        dataset_ = toQString(g.study->dataset.name);
    }

    // The furnace line (the sample plant's template, 30 days fitted): the session watches
    // the furnace temperature, the core temperature estimate against the played checks and
    // the scrap under its column's name; the energy model reads the line state, which the
    // played plant does not carry, and the alert list says so at the start. The scrap's
    // chart draws the twin's expectation (under the template's name "scrap" it drew none).
    void furnaceSessionSaysWhatItDoesNotWatch() {
        const auto& g = twinbench::test::furnace_twin("standard", 1, 30);
        const QString project = dir_.filePath(QStringLiteral("furnace.twin"));
        QVERIFY(QFile::copy(twinbench::ui::fromPath(g.project_path), project));
        const QString energy = toQString(g.study->table.find_role(twinbench::Role::energy)->name);
        const QString scrap = toQString(g.study->table.find_role(twinbench::Role::scrap)->name);
        QString error;
        TrainingPanel panel;
        QVERIFY2(panel.setProject(project, toQString(g.study->dataset.name), &error), qPrintable(error));
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSessionHours(1.0);
        panel.setSpeed(0.0);
        QVERIFY2(panel.start(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.running(), 90000);
        QListWidgetItem* note = nullptr;
        for (int i = 0; i < panel.alertList()->count(); ++i)
            if (panel.alertList()->item(i)->text().startsWith(QStringLiteral("Not watched: ")))
                note = panel.alertList()->item(i);
        QVERIFY(note != nullptr);
        QVERIFY2(note->text().startsWith(QStringLiteral("Not watched: ") + energy +
                                         QStringLiteral(": its model reads 'Line state'")) &&
                     note->text().contains(QStringLiteral("a training session plays the process graph's signals only")),
                 qPrintable(note->text()));
        // Drawn: the note's row lies in the list's visible area, wrapped within its width
        // (the whole sentence readable, no horizontal scrolling).
        const QRect row = panel.alertList()->visualItemRect(note);
        QVERIFY(!row.isEmpty() && panel.alertList()->viewport()->rect().intersects(row));
        QVERIFY2(row.width() <= panel.alertList()->viewport()->width(), qPrintable(QString::number(row.width())));
        QVERIFY(row.height() > panel.alertList()->fontMetrics().height());  // more than one line
        // The scrap's chart: the twin's expectation over the session, finite values.
        panel.chartOutputBox()->setCurrentText(scrap);
        QCOMPARE(panel.chartOutputBox()->currentText(), scrap);
        const auto* expected = panel.chart()->graph(1)->data().data();
        QVERIFY(expected->size() > 30);
        int finite = 0;
        for (auto it = expected->constBegin(); it != expected->constEnd(); ++it) finite += std::isfinite(it->value);
        QVERIFY2(finite > 30, qPrintable(QString::number(finite)));
        QCOMPARE(panel.chart()->yAxis->label(), scrap);
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        QVERIFY(panel.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/training_furnace_scrap.png")));
    }

    void stuckSensorSessionAlertsAndDebriefs() {
        // As the engineer reaches it: Tools > Training session... opens the Live page's
        // Training tab, set up for the open dataset.
        twinbench::ui::WorkbenchDocument document;
        QString error;
        QVERIFY2(document.openProject(project_, &error), qPrintable(error));
        QCOMPARE(document.datasetName(), dataset_);
        twinbench::ui::MainWindow window(document);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction* trainingAction = nullptr;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->menu() != nullptr)
                for (QAction* a : menu->menu()->actions())
                    if (a->text() == QStringLiteral("&Training session…")) trainingAction = a;
        QVERIFY(trainingAction != nullptr);
        trainingAction->trigger();
        QCOMPARE(window.currentPage(), twinbench::ui::MainWindow::Page::live);
        twinbench::ui::LivePage* live = window.livePage();
        QCOMPARE(live->tabs()->currentWidget(), static_cast<QWidget*>(live->training()));
        TrainingPanel& panel = *live->training();
        QVERIFY(panel.isVisible());
        QVERIFY2(panel.startButton()->isEnabled(), qPrintable(panel.stateLabel()->text()));
        QVERIFY2(panel.stateLabel()->text().startsWith(QStringLiteral("Ready: ") + dataset_),
                 qPrintable(panel.stateLabel()->text()));
        panel.setSessionHours(3.0);
        panel.setSpeed(0.0);
        panel.addFault(QStringLiteral("stuck"), QStringLiteral("Outlet air temp"), 30.0);
        QVERIFY2(panel.start(&error), qPrintable(error));
        QVERIFY(panel.running());
        const QString training = toQString(panel.session()->training_dataset());
        QCOMPARE(training, dataset_ + QStringLiteral(" training 1"));

        // The trainee, watching the outlet reading sit still, raises the inlet at ~40 min.
        const double t0 = panel.session()->plant().start_s();
        QTRY_VERIFY_WITH_TIMEOUT(panel.session()->plant().played_until_s() >= t0 + 40 * 60.0,
                                 60000);
        QVERIFY(panel.alertList()->count() == 0);
        QDoubleSpinBox* inlet = panel.controlBox(QStringLiteral("Inlet air temp SP"));
        QVERIFY(inlet != nullptr);
        const double before = inlet->value();
        inlet->setValue(before + 15.0);
        QCOMPARE(panel.session()->plant().moves().size(), std::size_t{1});
        QCOMPARE(panel.session()->plant().control_value("Inlet air temp SP"), before + 15.0);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.running(), 90000);

        // The alert as the list shows it: the outlet's divergence, within the rule's 10 min
        // persistence after the true outlet left the band (the move), not before the move.
        QStringList shown;
        for (int i = 0; i < panel.alertList()->count(); ++i)
            shown << panel.alertList()->item(i)->text();
        const QString outletAlert = shown.filter(QStringLiteral("ALERT Outlet air temp")).value(0);
        QVERIFY2(!outletAlert.isEmpty(), qPrintable(shown.join(QLatin1Char('\n'))));
        const auto& events = panel.session()->events();
        const auto alert =
            std::find_if(events.begin(), events.end(), [](const twinbench::AlertEvent& e) {
                return e.type == twinbench::AlertEventType::alert && e.signal == "Outlet air temp";
            });
        QVERIFY(alert != events.end());
        const double move_s = panel.session()->plant().moves().front().time_s;
        QVERIFY(alert->since_s >= move_s);
        QVERIFY(alert->time_s - alert->since_s >= 600.0 && alert->time_s <= move_s + 30 * 60.0);

        // The debrief shown at the end.
        const QString debrief = panel.debriefView()->toPlainText();
        for (const char* expected :
             {"FAULT   stuck sensor: Outlet air temp at 30 min", "ALERT   Outlet air temp",
              "MOVE    Inlet air temp SP", "stuck sensor: Outlet air temp at 30 min: alert"})
            QVERIFY2(debrief.contains(QString::fromUtf8(expected)),
                     qPrintable(QString::fromUtf8(expected) + QStringLiteral("\n") + debrief));
        const QString json = dir_.filePath(QStringLiteral("debrief.json"));
        QVERIFY2(panel.saveDebrief(json, &error), qPrintable(error));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto j = nlohmann::json::parse(file.readAll().toStdString());
        QCOMPARE(QString::fromStdString(j["faults"][0]["kind"].get<std::string>()),
                 QStringLiteral("stuck"));
        QCOMPARE(j["faults"][0]["first_alert_id"].get<std::int64_t>(), alert->alert_id);

        // The debrief as a PDF report through the report writer, read back with pdftotext.
        if (!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) {
            const QString pdf = dir_.filePath(QStringLiteral("debrief.pdf"));
            QVERIFY2(panel.saveDebrief(pdf, &error), qPrintable(error));
            QProcess p;
            p.start(QStringLiteral("pdftotext"),
                    {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
            QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
            const QString text = QString::fromUtf8(p.readAllStandardOutput()).simplified();
            for (const char* expected :
                 {"Training session debrief", "Fault stuck sensor: Outlet air temp at 30 min",
                  "Alert Outlet air temp", "Move Inlet air temp SP", "What the trainee saw"})
                QVERIFY2(text.contains(QString::fromUtf8(expected)), expected);
        }

        // Logged with the training dataset; the plant's log is untouched.
        const twinbench::Project project(twinbench::ui::toPath(project_),
                                         twinbench::Project::Mode::read_only);
        QCOMPARE(twinbench::logged_alert_events(project, project.dataset(toUtf8(training))).size(),
                 events.size());
        QVERIFY(twinbench::logged_alert_events(project, project.dataset(toUtf8(dataset_))).empty());
#ifdef TWINBENCH_UI_SCREENSHOT_DIR
        QDir().mkpath(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR));
        window.grab().save(QStringLiteral(TWINBENCH_UI_SCREENSHOT_DIR "/training.png"));
#endif
    }

  private:
    QTemporaryDir dir_;
    QString project_;
    QString dataset_;
};

QTEST_MAIN(tst_Training)
#include "tst_training.moc"
