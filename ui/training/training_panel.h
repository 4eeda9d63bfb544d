// The training session panel (issue 16, training mode): the twin plays the plant of the
// dataset (core/live/training_session.h) while a trainer injects faults and a trainee
// reacts with the controls; the alerts come as on the Live page, the debrief at the end.
//
//   setup      the stretch of data to start from and its length, the pace (real time,
//              accelerated, as fast as it goes), the noise seed, the faults with their minute
//   session    Start / Stop; a spin box per control (the trainee's moves, from the next
//              step); a chart of one output, measured against the twin alongside's
//              expectation; the alert list; the link's state
//   debrief    the timeline, the outcome against the held settings and the findings, shown
//              as text and saved as a PDF report (HTML, XLSX), text or JSON
//
// Self-contained: it opens its own connection to the project (the session writes a
// training dataset of its own, never the plant's data), so it can live in a window of its
// own (MainWindow's Tools menu) or be embedded in the Live page.
#pragma once

#include <memory>
#include <optional>

#include <QDateTime>
#include <QString>
#include <QWidget>

#include "live/training_debrief.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDateTimeEdit;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace twinbench {
class Project;
class TrainingSession;
struct TwinStudy;
}  // namespace twinbench

namespace twinbench::ui {

class TrainingPanel : public QWidget {
    Q_OBJECT
  public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // The project file and the plant's dataset; reads its twin for the setup's choices.
    // false + *error when the dataset has no twin that can play (not fitted, no time axis).
    bool setProject(const QString& projectPath, const QString& dataset, QString* error = nullptr);

    // The setup's fields, for tests and for a Live page that fills them.
    void setSessionHours(double hours);
    // Data seconds per wall second; 0 = as fast as it goes.
    void setSpeed(double speed);
    // Adds a fault row: kind as on the command line ("stuck", "trip", ...).
    void addFault(const QString& kind, const QString& signal, double atMinute,
                  const QString& value = {});

    bool start(QString* error = nullptr);
    void stop();
    bool running() const;
    TrainingSession* session() { return session_.get(); }
    QDoubleSpinBox* controlBox(const QString& control) const;
    QListWidget* alertList() const { return alerts_; }
    QPlainTextEdit* debriefView() const { return debrief_; }
    QPushButton* debriefButton() const { return debriefButton_; }
    QPushButton* startButton() const { return startButton_; }
    // "Ready: dryer (...)", or why the dataset cannot play.
    QLabel* stateLabel() const { return state_; }
    QComboBox* chartOutputBox() const { return chartOutput_; }
    QCustomPlot* chart() const { return chart_; }
    // Writes the last debrief: a report for .pdf, .html, .xlsx (report/training_report.h),
    // JSON for .json, text otherwise.
    bool saveDebrief(const QString& path, QString* error = nullptr) const;

  signals:
    void sessionStarted(const QString& trainingDataset);
    void sessionFinished();

  private:
    void buildSetup();
    void buildSession();
    void tick();
    void showDebrief();
    void fillControls();
    void redrawChart();
    QString alertLine(const AlertEvent& e) const;
    QDateTime plantClock(double utcSeconds) const;
    double plantUtc(const QDateTime& shown) const;

    QString projectPath_;
    QString dataset_;
    std::unique_ptr<TwinStudy> study_;  // the setup's choices: signals, controls, data range
    std::unique_ptr<Project> project_;
    std::unique_ptr<TrainingSession> session_;
    std::optional<TrainingDebrief> lastDebrief_;

    QDateTimeEdit* startEdit_ = nullptr;
    QDoubleSpinBox* hours_ = nullptr;
    QComboBox* speed_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QCheckBox* noise_ = nullptr;
    QTableWidget* faults_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QPushButton* debriefButton_ = nullptr;
    QPushButton* saveButton_ = nullptr;
    QGroupBox* controlsBox_ = nullptr;
    QFormLayout* controlsForm_ = nullptr;
    QComboBox* chartOutput_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    QListWidget* alerts_ = nullptr;
    QLabel* state_ = nullptr;
    QPlainTextEdit* debrief_ = nullptr;
    QTimer* timer_ = nullptr;
};

}  // namespace twinbench::ui
