// Recommendations back, advisory only (Live page): the optimiser's settings for the
// current state (core/live/recommendation.h: the any-process optimiser over the latest
// hours of the dataset, live rows included, from the stored fit) shown next to the
// settings as they are, with Approve and Reject. Only Approve publishes, to the MQTT
// topic or the CSV file the engineer configured here; nothing is published by itself.
// Each recommendation, approval and rejection is logged in the project with the model
// version and the seed. The optimiser, the publication and the logging run as background
// jobs with their own connection.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QPointer>
#include <QWidget>

#include "live/recommendation.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;
class JobProgressWidget;

class RecommendationPanel : public QWidget {
    Q_OBJECT

  public:
    enum class Target { csv, mqtt };

    explicit RecommendationPanel(QWidget* parent = nullptr);
    ~RecommendationPanel() override;

    // The project and dataset recommended for; the outputs and KPIs offered as objective.
    void setProject(const QString& projectPath, const QString& dataset, const QString& timeZone,
                    const QStringList& objectives);
    // Who approves or rejects (the alert list's "By").
    void setEngineer(std::function<QString()> engineer) { engineer_ = std::move(engineer); }
    void setTarget(Target target, const QString& where);

    // Each returns the background job, or nullptr (with failed()) when it cannot start.
    BackgroundJob* recommend();
    BackgroundJob* approve();
    BackgroundJob* reject();

    // The recommendation waiting for a decision.
    const std::optional<twinbench::Recommendation>& pending() const { return pending_; }

    QComboBox* objectiveBox() const { return objective_; }
    QComboBox* directionBox() const { return direction_; }
    QLineEdit* constraintsEdit() const { return constraints_; }
    QDoubleSpinBox* horizonBox() const { return horizon_; }
    QSpinBox* seedBox() const { return seed_; }
    QComboBox* targetBox() const { return target_; }
    QLineEdit* targetEdit() const { return where_; }
    QLineEdit* reasonEdit() const { return reason_; }
    QPushButton* recommendButton() const { return recommend_; }
    QPushButton* approveButton() const { return approve_; }
    QPushButton* rejectButton() const { return reject_; }
    QTableWidget* settingsTable() const { return settings_; }
    QLabel* summaryLabel() const { return summary_; }
    QLabel* statusLabel() const { return status_; }

  signals:
    void failed(const QString& message);
    // A decision was logged (and, approved, published).
    void decided(const QString& event);

  private:
    // Follows a started job: the buttons, the progress, and `done` on success.
    BackgroundJob* track(BackgroundJob* job, std::function<void()> done);
    void showPending();
    void updateButtons();

    QComboBox* objective_;
    QComboBox* direction_;
    QLineEdit* constraints_;
    QDoubleSpinBox* horizon_;
    QSpinBox* seed_;
    QPushButton* recommend_;
    JobProgressWidget* progress_;
    QTableWidget* settings_;
    QLabel* summary_;
    QComboBox* target_;
    QLineEdit* where_;
    QLineEdit* reason_;
    QPushButton* approve_;
    QPushButton* reject_;
    QLabel* status_;
    QString projectPath_;
    QString dataset_;
    QString timeZone_;
    std::function<QString()> engineer_;
    std::optional<twinbench::Recommendation> pending_;
    QPointer<BackgroundJob> job_;
};

}  // namespace twinbench::ui
