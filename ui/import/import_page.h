// Step 2: from a folder of plant exports to a dataset. Files are picked or dropped, each
// is previewed (parsed on a worker thread), roles are corrected in place, and the import
// runs in the background with progress and cancel. Nothing reaches the project until the
// engineer presses Import, and a failed or cancelled import leaves it as it was.
#pragma once

#include <memory>
#include <vector>

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTabWidget;

namespace twinbench::ui {

class BackgroundJob;
class FileFormatWidget;
class FilePreviewWidget;
class ImportReportWidget;
class JobProgressWidget;
class MessageBanner;
class TimeZoneComboBox;
class WorkbenchDocument;
struct FilePreview;

class ImportPage : public QWidget {
    Q_OBJECT

public:
    explicit ImportPage(WorkbenchDocument& document, QWidget* parent = nullptr);
    ~ImportPage() override;

    void setFiles(const QStringList& files);
    void addFiles(const QStringList& files);
    QStringList files() const { return files_; }

    bool isPreviewRunning() const { return !previewJob_.isNull(); }
    int previewCount() const;
    FilePreviewWidget* preview(int index) const;

    // What the Import button does; false (with the reason in the banner) if it cannot start.
    bool startImport();

    QPushButton* importButton() const { return import_; }
    JobProgressWidget* progress() const { return progress_; }
    ImportReportWidget* report() const { return report_; }
    MessageBanner* banner() const { return banner_; }
    QLineEdit* datasetEdit() const { return dataset_; }
    TimeZoneComboBox* timeZoneCombo() const { return zone_; }
    FileFormatWidget* fileFormat() const { return format_; }

signals:
    void previewReady();
    // ok = rows were stored; false after a failure or cancel (the banner says which).
    void importFinished(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void browse();
    void removeSelectedFiles();
    void refreshFileList();
    void startPreview();
    void retirePreviewJob();
    void showPreviews(const std::vector<FilePreview>& previews);
    void onRoleEdited(FilePreviewWidget* source, const QString& column);
    void updateActions();
    void showStoredReport();

    WorkbenchDocument& document_;
    QStringList files_;
    QPointer<BackgroundJob> previewJob_;
    QPointer<BackgroundJob> importJob_;
    std::vector<FilePreviewWidget*> previews_;

    QListWidget* fileList_;
    QLabel* dropHint_;
    QLineEdit* dataset_;
    TimeZoneComboBox* zone_;
    FileFormatWidget* format_;
    QPushButton* import_;
    QPushButton* remove_;
    MessageBanner* banner_;
    JobProgressWidget* progress_;
    QTabWidget* tabs_;
    QTabWidget* fileTabs_;
    ImportReportWidget* report_;
};

}  // namespace twinbench::ui
