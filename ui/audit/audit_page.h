// Step 3: "is the data clean, or too leaky?". Runs the engine's audit on the current
// dataset in the background whenever it changes, and shows the score with every reason,
// per-column statistics, the gaps and stuck stretches (clickable: the Data page zooms to
// them) and the operating envelope of the controls.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "data/audit.h"
#include "ui/audit/audit_tables.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace twinbench::ui {

class BackgroundJob;
class JobProgressWidget;
class MessageBanner;
class ScoreBadge;
class WorkbenchDocument;

class AuditPage : public QWidget {
    Q_OBJECT

public:
    explicit AuditPage(WorkbenchDocument& document, QWidget* parent = nullptr);

    // Starts an audit of the current dataset (cancelling one that runs).
    void runAudit();
    bool isRunning() const { return !job_.isNull(); }
    const twinbench::AuditReport* report() const { return report_ ? &*report_ : nullptr; }

    ScoreBadge* scoreBadge() const { return score_; }
    QListWidget* reasonsList() const { return reasons_; }
    QTableWidget* columnsTable() const { return columns_; }
    QTableWidget* findingsTable() const { return findings_; }
    QTableWidget* envelopeTable() const { return envelope_; }
    // Same as clicking a row of the findings table.
    void activateFinding(int row);

signals:
    void auditFinished();
    // A finding was clicked: show this range (column "" for gaps) on the chart.
    void timeRangeRequested(double startUtc, double endUtc, const QString& column);

private:
    void showReport(const twinbench::AuditReport& report);
    void clearReport();
    void activateColumn(int row);

    WorkbenchDocument& document_;
    QPointer<BackgroundJob> job_;
    std::optional<twinbench::AuditReport> report_;
    std::vector<AuditFinding> findingList_;

    QPushButton* run_;
    JobProgressWidget* progress_;
    MessageBanner* banner_;
    ScoreBadge* score_;
    QLabel* summary_;
    QListWidget* reasons_;
    QTabWidget* tabs_;
    QTableWidget* columns_;
    QTableWidget* findings_;
    QTableWidget* envelope_;
};

}  // namespace twinbench::ui
