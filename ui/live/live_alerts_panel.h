// The Live page's alert list: one row per alert the twin alongside raised in this run
// (time, signal, kind, value against expected, since, state), the selected alert's
// response protocol under it, and the engineer's Acknowledge and Annotate, stored in the
// project's alert log as core's alert events (acknowledge_alert, annotate_alert) by a
// short job with its own connection, so the window never waits on the watcher's commits.
#pragma once

#include <cstdint>
#include <vector>

#include <QPointer>
#include <QTimeZone>
#include <QWidget>

#include "live/alert_events.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;

class LiveAlertsPanel : public QWidget {
    Q_OBJECT

  public:
    enum Column {
        timeColumn,
        signalColumn,
        kindColumn,
        valueColumn,
        expectedColumn,
        sinceColumn,
        stateColumn
    };

    explicit LiveAlertsPanel(QWidget* parent = nullptr);

    // Where acknowledgements go.
    void setProject(const QString& projectPath, const QString& dataset, const QTimeZone& zone);
    void clear();
    // Alerts add rows; clears, acknowledgements and notes update their row's state.
    void addEvents(const std::vector<twinbench::AlertEvent>& events);
    // The latest data time seen: when an acknowledgement is stamped (the alert log's times
    // are the data's, as the alerts' are).
    void setLatestDataTime(double utc) { latestUtc_ = utc; }

    // Acknowledges / annotates the selected alert; the job (nullptr + banner when nothing
    // is selected) runs in the background.
    BackgroundJob* acknowledgeSelected();
    BackgroundJob* annotateSelected();

    QTableWidget* table() const { return table_; }
    QLineEdit* byEdit() const { return by_; }
    QLineEdit* noteEdit() const { return note_; }
    QPushButton* acknowledgeButton() const { return acknowledge_; }
    QPushButton* annotateButton() const { return annotate_; }
    QLabel* protocolLabel() const { return protocol_; }
    std::int64_t alertIdAt(int row) const;

  signals:
    void alertCountChanged(int open);
    void failed(const QString& message);

  private:
    BackgroundJob* record(twinbench::AlertEventType type);
    int rowOf(std::int64_t alertId) const;
    void showProtocol();

    QTableWidget* table_;
    QLabel* protocol_;
    QLineEdit* by_;
    QLineEdit* note_;
    QPushButton* acknowledge_;
    QPushButton* annotate_;
    QString projectPath_;
    QString dataset_;
    QTimeZone zone_ = QTimeZone::utc();
    double latestUtc_ = 0.0;
    std::vector<twinbench::AlertEvent> alerts_;  // per row
    QPointer<BackgroundJob> job_;
};

}  // namespace twinbench::ui
