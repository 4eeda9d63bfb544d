#include "ui/import/import_page.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "common/error.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/settings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/import/file_format_widget.h"
#include "ui/import/file_preview_widget.h"
#include "ui/import/import_preview.h"
#include "ui/import/import_report_widget.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/role_combo_box.h"
#include "ui/widgets/time_zone_combo_box.h"

namespace twinbench::ui {
namespace {
// Enough to review; a file with more bad rows needs fixing at the source anyway.
constexpr std::size_t max_stored_rejected_rows = 5000;
}  // namespace

ImportPage::ImportPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      fileList_(new QListWidget(this)),
      dropHint_(new QLabel(this)),
      dataset_(new QLineEdit(this)),
      zone_(new TimeZoneComboBox(this)),
      format_(new FileFormatWidget(this)),
      import_(new QPushButton(tr("Import"), this)),
      remove_(new QPushButton(tr("Remove"), this)),
      banner_(new MessageBanner(this)),
      progress_(new JobProgressWidget(this)),
      tabs_(new QTabWidget(this)),
      fileTabs_(new QTabWidget(this)),
      report_(new ImportReportWidget(this)) {
    setAcceptDrops(true);

    auto* title = new QLabel(tr("<h2>Import plant exports</h2>"), this);
    auto* intro = new QLabel(tr("CSV, TSV or semicolon files from the historian, manual checks, maintenance log and "
                                "batch list, also gzip-compressed. Drop them here or add them; check the preview "
                                "and the roles, then import."),
                             this);
    intro->setWordWrap(true);

    auto* add = new QPushButton(tr("Add files…"), this);
    fileList_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // A handful of lines: the preview below is what needs the height.
    fileList_->setMinimumHeight(fileList_->fontMetrics().height() * 4);
    fileList_->setMaximumHeight(fileList_->fontMetrics().height() * 7);
    fileList_->setToolTip(tr("Files to import; drop more files anywhere on this page"));
    dropHint_->setText(tr("Drop export files here"));
    dropHint_->setAlignment(Qt::AlignCenter);
    dropHint_->setEnabled(false);
    auto* fileButtons = new QHBoxLayout;
    fileButtons->addWidget(add);
    fileButtons->addWidget(remove_);
    fileButtons->addStretch(1);
    auto* filesBox = new QVBoxLayout;
    filesBox->addWidget(new QLabel(tr("<b>Files</b>"), this));
    filesBox->addWidget(fileList_, 1);
    filesBox->addWidget(dropHint_);
    filesBox->addLayout(fileButtons);

    dataset_->setPlaceholderText(tr("name of the first file"));
    dataset_->setToolTip(tr("Importing into an existing dataset appends rows"));
    import_->setDefault(true);
    import_->setMinimumWidth(160);
    auto* importRow = new QHBoxLayout;
    importRow->addWidget(import_);
    importRow->addStretch(1);
    auto* options = new QFormLayout;
    options->setLabelAlignment(Qt::AlignRight);
    options->addRow(tr("Dataset"), dataset_);
    options->addRow(tr("Time zone"), zone_);
    // Which zone local timestamps are read in is easy to overlook, and this computer's zone
    // (the default) is often not the plant's: say it under the box.
    auto* zoneNote = new QLabel(this);
    zoneNote->setObjectName(QStringLiteral("timeZoneNote"));
    zoneNote->setWordWrap(true);
    zoneNote->setForegroundRole(QPalette::PlaceholderText);
    const QString machineZone = zone_->currentText();
    const auto describeZone = [zoneNote, machineZone](const QString& zone) {
        zoneNote->setText(zone == machineZone
                              ? tr("Timestamps without a zone are read as %1, this computer's time "
                                   "zone. Choose the plant's zone if the files come from elsewhere.")
                                    .arg(zone)
                              : tr("Timestamps without a zone are read as %1.").arg(zone));
    };
    describeZone(machineZone);
    connect(zone_, &QComboBox::currentTextChanged, zoneNote, describeZone);
    options->addRow(QString(), zoneNote);
    options->addRow(tr("File format"), format_);
    options->addRow(QString(), importRow);
    auto* optionsBox = new QVBoxLayout;
    optionsBox->addWidget(new QLabel(tr("<b>Import into the project</b>"), this));
    optionsBox->addLayout(options);
    optionsBox->addStretch(1);

    auto* top = new QHBoxLayout;
    top->addLayout(filesBox, 3);
    top->addSpacing(24);
    top->addLayout(optionsBox, 2);

    fileTabs_->setDocumentMode(true);
    tabs_->addTab(fileTabs_, tr("Preview"));
    tabs_->addTab(report_, tr("Import report"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 12, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addLayout(top);
    layout->addWidget(banner_);
    layout->addWidget(progress_);
    layout->addWidget(tabs_, 1);

    connect(add, &QPushButton::clicked, this, &ImportPage::browse);
    connect(remove_, &QPushButton::clicked, this, &ImportPage::removeSelectedFiles);
    connect(fileList_, &QListWidget::itemSelectionChanged, this, &ImportPage::updateActions);
    connect(import_, &QPushButton::clicked, this, &ImportPage::startImport);
    connect(zone_, &QComboBox::currentTextChanged, this, [this] {
        if (!files_.isEmpty()) startPreview();
    });
    connect(format_, &FileFormatWidget::changed, this, [this] {
        if (!files_.isEmpty()) startPreview();
    });
    connect(&document_, &WorkbenchDocument::importStarted, this, [this](BackgroundJob* job) {
        connect(job, &BackgroundJob::finished, this, &ImportPage::updateActions);
        updateActions();
    });
    connect(&document_, &WorkbenchDocument::projectOpened, this, &ImportPage::updateActions);
    // What earlier imports rejected stays reviewable, not only right after importing.
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &ImportPage::showStoredReport);
    connect(&document_, &WorkbenchDocument::projectClosed, this, &ImportPage::updateActions);
    refreshFileList();
}

ImportPage::~ImportPage() = default;

void ImportPage::browse() {
    const QStringList chosen = QFileDialog::getOpenFileNames(
        this, tr("Add plant exports"), settings::lastImportFolder.get(),
        tr("Plant exports (*.csv *.tsv *.txt *.csv.gz *.gz);;All files (*)"));
    if (chosen.isEmpty()) return;
    settings::lastImportFolder.set(QFileInfo(chosen.front()).absolutePath());
    addFiles(chosen);
}

void ImportPage::setFiles(const QStringList& files) {
    files_.clear();
    addFiles(files);
}

void ImportPage::addFiles(const QStringList& files) {
    for (const auto& file : files) {
        const QString absolute = QFileInfo(file).absoluteFilePath();
        if (!files_.contains(absolute)) files_ << absolute;
    }
    refreshFileList();
    startPreview();
}

void ImportPage::removeSelectedFiles() {
    for (const auto* item : fileList_->selectedItems()) files_.removeAll(item->data(Qt::UserRole).toString());
    refreshFileList();
    startPreview();
}

void ImportPage::refreshFileList() {
    fileList_->clear();
    const QLocale locale;
    for (const auto& file : files_) {
        const QFileInfo info(file);
        auto* item = new QListWidgetItem(info.fileName() + QStringLiteral("   (") + locale.formattedDataSize(info.size()) +
                                         QLatin1Char(')'));
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
        fileList_->addItem(item);
    }
    dropHint_->setVisible(files_.isEmpty());
    updateActions();
}

void ImportPage::retirePreviewJob() {
    // Let it end on its own (a big gzip file decodes fully before the first row) rather
    // than block the window waiting for it.
    retire_job(previewJob_, this);
}

void ImportPage::startPreview() {
    retirePreviewJob();
    banner_->clear();
    if (files_.isEmpty()) {
        showPreviews({});
        emit previewReady();
        return;
    }
    twinbench::FormatOverrides overrides;
    try {
        overrides = format_->overrides();
        twinbench::check_overrides(overrides);
    } catch (const twinbench::Error& e) {
        banner_->showMessage(MessageBanner::Kind::error, toQString(e.what()));
        showPreviews({});
        emit previewReady();
        return;
    }
    auto result = std::make_shared<std::vector<FilePreview>>();
    const QStringList files = files_;
    const std::string zone = zone_->zone();
    previewJob_ = new BackgroundJob(
        tr("Reading the files"),
        [result, files, zone, overrides](const twinbench::ProgressCallback& progress) {
            *result = previewFiles(files, zone, overrides, progress);
        },
        this);
    connect(previewJob_.data(), &BackgroundJob::succeeded, this, [this, result] { showPreviews(*result); });
    connect(previewJob_.data(), &BackgroundJob::failed, this,
            [this](const QString& message) { banner_->showMessage(MessageBanner::Kind::error, message); });
    connect(previewJob_.data(), &BackgroundJob::finished, this, [this] {
        previewJob_->deleteLater();
        previewJob_ = nullptr;
        updateActions();
        emit previewReady();
    });
    previewJob_->start();
    updateActions();
}

void ImportPage::showPreviews(const std::vector<FilePreview>& previews) {
    while (fileTabs_->count() > 0) {
        QWidget* page = fileTabs_->widget(0);
        fileTabs_->removeTab(0);
        page->deleteLater();
    }
    previews_.clear();
    QStringList failures;
    const QTimeZone zone = zoneFromName(zone_->zone());
    for (const auto& preview : previews) {
        auto* widget = new FilePreviewWidget(std::make_shared<const FilePreview>(preview), zone, fileTabs_);
        const QString name = QFileInfo(preview.path).fileName();
        const int tab = fileTabs_->addTab(widget, preview.ok() ? name : QStringLiteral("⚠ ") + name);
        fileTabs_->setTabToolTip(tab, preview.path);
        connect(widget, &FilePreviewWidget::roleEdited, this,
                [this, widget](const QString& column) { onRoleEdited(widget, column); });
        previews_.push_back(widget);
        if (!preview.ok()) failures << preview.error;
    }
    std::vector<const FilePreview*> shown;
    for (const auto* widget : previews_) shown.push_back(&widget->preview());
    if (!failures.isEmpty())
        banner_->showMessage(MessageBanner::Kind::error,
                             tr("%n file(s) cannot be imported; remove them or fix the export:", nullptr,
                                static_cast<int>(failures.size())) +
                                 QStringLiteral("\n") + failures.join(QLatin1Char('\n')));
    else if (const QString ambiguous = ambiguousNumbersMessage(shown); !ambiguous.isEmpty())
        banner_->showMessage(MessageBanner::Kind::warning, ambiguous);
    tabs_->setCurrentWidget(fileTabs_);
}

namespace {
bool sameColumns(const FilePreviewWidget& a, const FilePreviewWidget& b) {
    const auto& x = a.preview().parsed.table.columns;
    const auto& y = b.preview().parsed.table.columns;
    if (!a.preview().ok() || !b.preview().ok() || x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].name != y[i].name) return false;
    return true;
}
}  // namespace

void ImportPage::onRoleEdited(FilePreviewWidget* source, const QString& column) {
    const auto* combo = source->roleCombo(column);
    if (!combo) return;
    const auto role = combo->role();
    for (auto* other : previews_) {
        if (other == source) continue;
        // Files with the same columns become one source (monthly historian exports): they
        // share roles. A unique role is held by one column of the whole import.
        if (sameColumns(*source, *other)) {
            other->followRole(column, role);
        } else {
            other->releaseRole(role, QString());
        }
    }
}

int ImportPage::previewCount() const { return static_cast<int>(previews_.size()); }

FilePreviewWidget* ImportPage::preview(int index) const {
    return index >= 0 && index < previewCount() ? previews_[static_cast<std::size_t>(index)] : nullptr;
}

bool ImportPage::startImport() {
    banner_->clear();
    if (files_.isEmpty()) {
        banner_->showMessage(MessageBanner::Kind::warning, tr("Add the files to import first."));
        return false;
    }
    if (!document_.isOpen()) {
        const QString suggested = (dataset_->text().isEmpty() ? QFileInfo(files_.front()).completeBaseName().section(QLatin1Char('.'), 0, 0)
                                                              : dataset_->text()) + QStringLiteral(".twin");
        const QString path = QFileDialog::getSaveFileName(this, tr("Create a project for this import"),
                                                          settings::lastProjectFolder.get() + QLatin1Char('/') + suggested,
                                                          tr("Twinbench projects (*.twin)"));
        if (path.isEmpty()) return false;
        QString error;
        if (!document_.createProject(path, &error)) {
            banner_->showMessage(MessageBanner::Kind::error, error);
            return false;
        }
    }
    // A column whose numbers read two ways is asked about, not guessed (the importer would
    // refuse it too, with the command line's words).
    std::vector<const FilePreview*> shown;
    for (const auto* widget : previews_) shown.push_back(&widget->preview());
    if (const QString ambiguous = ambiguousNumbersMessage(shown); !ambiguous.isEmpty()) {
        banner_->showMessage(MessageBanner::Kind::warning, ambiguous);
        return false;
    }
    twinbench::ImportOptions options;
    try {
        options.overrides = format_->overrides();
    } catch (const twinbench::Error& e) {
        banner_->showMessage(MessageBanner::Kind::error, toQString(e.what()));
        return false;
    }
    for (const auto& file : files_) options.files.push_back(toPath(file));
    options.dataset = toUtf8(dataset_->text().trimmed());
    options.time_zone = zone_->zone();
    std::vector<PreviewRole> roles;
    for (const auto* preview : previews_) {
        const auto fileRoles = preview->roles();
        roles.insert(roles.end(), fileRoles.begin(), fileRoles.end());
    }
    options.role_overrides = roleOverrides(roles);

    QString error;
    auto* job = document_.startImport(std::move(options), &error);
    if (!job) {
        banner_->showMessage(MessageBanner::Kind::error, error);
        return false;
    }
    importJob_ = job;
    progress_->track(job);
    connect(job, &BackgroundJob::succeeded, this, [this] {
        if (const auto* result = document_.lastImport()) {
            report_->showResult(*result);
            banner_->showMessage(result->rows_rejected > 0 ? MessageBanner::Kind::warning : MessageBanner::Kind::success,
                                 report_->summary() +
                                     (result->rows_rejected > 0 ? tr(" The rejected rows are listed below with their "
                                                                     "file and line.")
                                                                : QString()));
            tabs_->setCurrentWidget(report_);
        }
        emit importFinished(true);
    });
    connect(job, &BackgroundJob::failed, this, [this](const QString& message) {
        banner_->showMessage(MessageBanner::Kind::error,
                             message + tr("\nNothing was imported; the project is unchanged."));
        emit importFinished(false);
    });
    connect(job, &BackgroundJob::cancelled, this, [this] {
        banner_->showMessage(MessageBanner::Kind::warning, tr("Import cancelled; the project is unchanged."));
        emit importFinished(false);
    });
    updateActions();
    return true;
}

void ImportPage::showStoredReport() {
    const auto* dataset = document_.dataset();
    if (!dataset) {
        report_->clear();
        return;
    }
    const QLocale locale;
    report_->showStored(tr("Dataset '%1': %2 rows imported, %3 rows rejected (all imports so far).")
                            .arg(toQString(dataset->name), locale.toString(static_cast<qulonglong>(dataset->rows_imported)),
                                 locale.toString(static_cast<qulonglong>(dataset->rows_rejected))),
                        document_.rejectedRows(max_stored_rejected_rows), document_.importNotes());
}

void ImportPage::updateActions() {
    const bool importing = document_.runningImport() != nullptr;
    import_->setEnabled(!files_.isEmpty() && !importing);
    import_->setToolTip(document_.isOpen() ? tr("Import the files into %1").arg(QFileInfo(document_.projectPath()).fileName())
                                           : tr("Creates a project file first"));
    remove_->setEnabled(!fileList_->selectedItems().isEmpty() && !importing);
}

void ImportPage::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void ImportPage::dropEvent(QDropEvent* event) {
    QStringList dropped;
    for (const auto& url : event->mimeData()->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile()) dropped << url.toLocalFile();
    if (dropped.isEmpty()) return;
    event->acceptProposedAction();
    addFiles(dropped);
}

}  // namespace twinbench::ui
