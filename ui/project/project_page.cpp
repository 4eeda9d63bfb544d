#include "ui/project/project_page.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/settings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/project/dataset_columns_table.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {

ProjectPage::ProjectPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      sample_(new QPushButton(tr("Open sample plant"), this)),
      recent_(new QListWidget(this)),
      progress_(new JobProgressWidget(this)),
      banner_(new MessageBanner(this)),
      projectBox_(new QGroupBox(tr("Current project"), this)),
      projectPath_(new QLabel(projectBox_)),
      datasets_(new QComboBox(projectBox_)),
      datasetInfo_(new QLabel(projectBox_)),
      columns_(new DatasetColumnsTable(document, projectBox_)),
      welcome_(new QLabel(this)) {
    auto* title = new QLabel(tr("<h1>Twinbench</h1>"), this);
    auto* tagline = new QLabel(tr("What-if workbench for process engineers: from plant exports to a defensible answer."), this);

    // The first thing a new user should find: real data to explore in one click.
    QFont big = sample_->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    sample_->setFont(big);
    sample_->setMinimumHeight(sample_->fontMetrics().height() * 3);
    styleSampleButton();
    sample_->setToolTip(tr("A curing furnace line, 90 days of 1-minute historian data with manual checks, "
                           "maintenance log and batch list"));
    auto* newProject = new QPushButton(tr("New project…"), this);
    auto* openProject = new QPushButton(tr("Open project…"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(newProject);
    buttons->addWidget(openProject);
    recent_->setToolTip(tr("Double-click to open"));
    recent_->setAlternatingRowColors(true);

    auto* start = new QVBoxLayout;
    start->addWidget(sample_);
    start->addWidget(progress_);
    start->addLayout(buttons);
    start->addSpacing(12);
    start->addWidget(new QLabel(tr("<b>Recent projects</b>"), this));
    start->addWidget(recent_, 1);

    datasets_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    datasetInfo_->setWordWrap(true);
    datasetInfo_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    projectPath_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    projectPath_->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("File"), projectPath_);
    form->addRow(tr("Dataset"), datasets_);
    form->addRow(QString(), datasetInfo_);
    auto* projectLayout = new QVBoxLayout(projectBox_);
    projectLayout->addLayout(form);
    projectLayout->addWidget(new QLabel(tr("<b>Columns and roles</b> — a role tells the models what a column means"),
                                        projectBox_));
    projectLayout->addWidget(columns_, 1);

    welcome_->setWordWrap(true);
    welcome_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    welcome_->setText(tr("<h3>How it works</h3>"
                         "<ol style='line-height:140%'>"
                         "<li><b>Project</b>: one .twin file per study; every change is saved at once.</li>"
                         "<li><b>Import</b>: drop the plant's CSV exports, check the preview and the column roles.</li>"
                         "<li><b>Audit</b>: missing values, stuck sensors, outliers, gaps, and a score with its reasons.</li>"
                         "<li><b>Data</b>: explore the signals on a shared time axis.</li>"
                         "</ol>"
                         "<p>Start with the sample plant to see every step on realistic data.</p>"));

    auto* columns = new QHBoxLayout;
    columns->addLayout(start, 2);
    columns->addSpacing(24);
    columns->addWidget(projectBox_, 5);
    columns->addWidget(welcome_, 5);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->setSpacing(10);
    layout->addWidget(title);
    layout->addWidget(tagline);
    layout->addWidget(banner_);
    layout->addSpacing(8);
    layout->addLayout(columns, 1);

    connect(sample_, &QPushButton::clicked, this, &ProjectPage::samplePlantRequested);
    connect(newProject, &QPushButton::clicked, this, &ProjectPage::newProjectRequested);
    connect(openProject, &QPushButton::clicked, this, &ProjectPage::openProjectRequested);
    connect(recent_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit recentProjectRequested(item->data(Qt::UserRole).toString()); });
    connect(datasets_, &QComboBox::activated, this, [this] {
        QString error;
        if (!document_.selectDataset(datasets_->currentText(), &error)) banner_->showMessage(MessageBanner::Kind::error, error);
    });
    connect(columns_, &DatasetColumnsTable::errorOccurred, this,
            [this](const QString& message) { banner_->showMessage(MessageBanner::Kind::error, message); });
    connect(&document_, &WorkbenchDocument::projectOpened, this, [this] {
        banner_->clear();
        refreshRecent();
        refreshProject();
    });
    connect(&document_, &WorkbenchDocument::projectClosed, this, &ProjectPage::refreshProject);
    connect(&document_, &WorkbenchDocument::datasetsChanged, this, &ProjectPage::refreshProject);
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &ProjectPage::refreshDatasetInfo);
    refreshRecent();
    refreshProject();
}

void ProjectPage::styleSampleButton() {
    // The accent colour of the platform (light or dark theme) marks the way in.
    QPalette p = palette();
    p.setColor(QPalette::Button, p.color(QPalette::Highlight));
    p.setColor(QPalette::ButtonText, p.color(QPalette::HighlightedText));
    sample_->setPalette(p);
}

void ProjectPage::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) styleSampleButton();
}

void ProjectPage::trackSampleImport(BackgroundJob* job) {
    progress_->track(job);
    sample_->setEnabled(false);
    connect(job, &BackgroundJob::finished, this, [this] { sample_->setEnabled(true); });
    connect(job, &BackgroundJob::failed, this, [this](const QString& message) {
        banner_->showMessage(MessageBanner::Kind::error, tr("The sample plant could not be imported: %1").arg(message));
    });
}

void ProjectPage::refreshRecent() {
    recent_->clear();
    for (const auto& path : existingRecentProjects()) {
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(info.fileName() + QStringLiteral("\n") + QDir::toNativeSeparators(info.absolutePath()));
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
        recent_->addItem(item);
    }
    if (recent_->count() == 0) {
        auto* none = new QListWidgetItem(tr("No recent projects yet"));
        none->setFlags(Qt::NoItemFlags);
        recent_->addItem(none);
    }
}

void ProjectPage::refreshProject() {
    const bool open = document_.isOpen();
    projectBox_->setVisible(open);
    welcome_->setVisible(!open);
    if (!open) return;
    projectPath_->setText(QDir::toNativeSeparators(document_.projectPath()));
    const QSignalBlocker block(datasets_);
    datasets_->clear();
    datasets_->addItems(document_.datasetNames());
    datasets_->setCurrentText(document_.datasetName());
    refreshDatasetInfo();
}

void ProjectPage::refreshDatasetInfo() {
    const auto* dataset = document_.dataset();
    {
        const QSignalBlocker block(datasets_);
        datasets_->setCurrentText(document_.datasetName());
    }
    if (!dataset) {
        datasetInfo_->setText(document_.isOpen() ? tr("No data yet: import the plant's exports on the Import page.")
                                                 : QString());
        return;
    }
    const QLocale locale;
    const auto table = document_.table();
    QStringList lines;
    if (table->has_time())
        lines << tr("%1 (%2)").arg(formatRange(table->time_s.front(), table->time_s.back(), document_.timeZone()),
                                   toQString(dataset->time_zone));
    lines << tr("%1 rows imported, %2 rejected")
                 .arg(locale.toString(static_cast<qulonglong>(dataset->rows_imported)),
                      locale.toString(static_cast<qulonglong>(dataset->rows_rejected)));
    QStringList sources;
    for (const auto& source : dataset->sources)
        sources << tr("%1 (%2 rows)").arg(toQString(source.name), locale.toString(static_cast<qulonglong>(source.rows)));
    lines << tr("Sources: %1").arg(sources.join(QStringLiteral(", ")));
    datasetInfo_->setText(lines.join(QLatin1Char('\n')));
}

}  // namespace twinbench::ui
