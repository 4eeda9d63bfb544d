// Step 1: where the engineer starts. Without a project: the sample plant one click away,
// new/open, and the recent projects. With one: what is in it (datasets, their range,
// rows, rejected rows) and the dataset's columns with their roles, editable.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QGroupBox;

namespace twinbench::ui {

class BackgroundJob;
class DatasetColumnsTable;
class JobProgressWidget;
class MessageBanner;
class WorkbenchDocument;

class ProjectPage : public QWidget {
    Q_OBJECT

public:
    explicit ProjectPage(WorkbenchDocument& document, QWidget* parent = nullptr);

    QPushButton* samplePlantButton() const { return sample_; }
    QListWidget* recentList() const { return recent_; }
    DatasetColumnsTable* columnsTable() const { return columns_; }
    MessageBanner* banner() const { return banner_; }
    void refreshRecent();
    // Shows the first-time import of the sample plant under its button.
    void trackSampleImport(BackgroundJob* job);

signals:
    void samplePlantRequested();
    void newProjectRequested();
    void openProjectRequested();
    void recentProjectRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void styleSampleButton();
    void refreshProject();
    void refreshDatasetInfo();

    WorkbenchDocument& document_;
    QPushButton* sample_;
    QListWidget* recent_;
    JobProgressWidget* progress_;
    MessageBanner* banner_;
    QGroupBox* projectBox_;
    QLabel* projectPath_;
    QComboBox* datasets_;
    QLabel* datasetInfo_;
    DatasetColumnsTable* columns_;
    QLabel* welcome_;
};

}  // namespace twinbench::ui
