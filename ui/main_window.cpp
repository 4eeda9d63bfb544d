#include "ui/main_window.h"

#include <iterator>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUndoStack>

#include "ui/app/about_dialog.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/quick_guide.h"
#include "ui/app/settings.h"
#include "ui/app/time_format.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/audit/audit_page.h"
#include "ui/data/data_page.h"
#include "ui/explain/explain_page.h"
#include "ui/import/import_page.h"
#include "ui/live/live_page.h"
#include "ui/models/models_page.h"
#include "ui/processmap/process_map_page.h"
#include "ui/project/project_page.h"
#include "ui/scenarios/scenarios_page.h"
#include "report/simulated_study.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/report/export_report_dialog.h"
#include "ui/widgets/colour_scheme.h"
#include "ui/widgets/message_banner.h"
#include "ui/whatif/what_if_page.h"

namespace twinbench::ui {

UnsavedStudy MainWindow::unsavedStudy() const {
    UnsavedStudy out;
    // The What-if page's settings when they differ from the baseline (furnace template or
    // any process, whichever the dataset has).
    twinbench::Scenario current;
    if (whatIf_->isLoaded())
        current = whatIf_->scenario();
    else if (whatIfPage_->graphState().isLoaded())
        current = whatIfPage_->graphState().scenario();
    if (!current.changes.empty()) out.whatIf = current;
    // The Scenarios page's last optimisation, with its objective and constraints as typed.
    if (const auto& result = scenariosPage_->optimizerResult(); result && whatIf_->isLoaded()) {
        try {
            twinbench::OptimizeOptions options;
            const std::string objective = toUtf8(scenariosPage_->objectiveEdit()->text().trimmed());
            options.objective = twinbench::parse_objective(objective);
            std::vector<std::string> constraints;
            for (const QString& part : scenariosPage_->constraintsEdit()->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
                constraints.push_back(toUtf8(part.trimmed()));
            options.bounds = {scenariosPage_->boundBox(0)->value(), scenariosPage_->boundBox(1)->value(),
                              scenariosPage_->boundBox(2)->value(), scenariosPage_->boundBox(3)->value()};
            out.optimisation = twinbench::report::recommendation_section(*result, options, objective, constraints,
                                                                         toUtf8(whatIf_->currency()));
        } catch (const std::exception&) {
            // The objective was edited into something unreadable since the run: not offered.
        }
    }
    return out;
}

MainWindow::MainWindow(WorkbenchDocument& document, QWidget* parent)
    : QMainWindow(parent),
      document_(document),
      navigation_(new QListWidget(this)),
      pages_(new QStackedWidget(this)),
      projectPage_(new ProjectPage(document, this)),
      importPage_(new ImportPage(document, this)),
      auditPage_(new AuditPage(document, this)),
      modelsPage_(new ModelsPage(document, this)),
      processMapPage_(new ProcessMapPage(document, this)),
      dataPage_(new DataPage(document, this)),
      whatIf_(new WhatIfState(document, this)),
      whatIfPage_(new WhatIfPage(document, *whatIf_, this)),
      scenariosPage_(new ScenariosPage(document, *whatIf_, &whatIfPage_->graphState(), this)),
      explainPage_(new ExplainPage(document, this)),
      livePage_(new LivePage(document, this)),
      range_(new QLabel(this)),
      rows_(new QLabel(this)),
      rejected_(new QLabel(this)),
      models_(new QLabel(this)),
      live_(new QLabel(this)) {
    setWindowIcon(QIcon(QStringLiteral(":/icons/twinbench.svg")));
    pages_->addWidget(projectPage_);
    pages_->addWidget(importPage_);
    pages_->addWidget(auditPage_);
    pages_->addWidget(modelsPage_);
    pages_->addWidget(processMapPage_);
    pages_->addWidget(dataPage_);
    pages_->addWidget(whatIfPage_);
    pages_->addWidget(scenariosPage_);
    pages_->addWidget(explainPage_);
    pages_->addWidget(livePage_);
    buildNavigation();
    buildMenus();

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(navigation_);
    layout->addWidget(pages_, 1);
    setCentralWidget(central);

    for (auto* label : {live_, range_, rows_, rejected_, models_}) {
        label->setContentsMargins(8, 0, 8, 0);
        statusBar()->addPermanentWidget(label);
    }
    range_->setToolTip(tr("Time range of the dataset, in the plant's time zone"));
    rejected_->setToolTip(tr(
        "Rows the importer could not use; listed with file, line and reason on the Import page"));
    models_->setToolTip(
        tr("Models fitted on this dataset (Models page); they are dropped when the data or roles "
           "change"));
    // The What-if page fits the models for the session when the project stores none: then
    // they are fitted, only not stored, whatever the Models page (which fitted nothing) says.
    const auto showModelsStatus = [this] {
        const bool fittedForWhatIf = whatIf_->isLoaded() && whatIf_->study()->models_fitted_now &&
                                     modelsPage_->modelKeys().isEmpty();
        models_->setText(fittedForWhatIf ? tr("Models: fitted for What-if, not stored")
                                         : modelsPage_->statusText());
    };
    showModelsStatus();
    live_->setObjectName(QStringLiteral("liveStatus"));
    live_->setToolTip(tr("The Live page follows the plant; its source's link state and the rows appended"));
    live_->setVisible(false);
    connect(livePage_, &LivePage::statusChanged, this, [this](const QString& text) {
        live_->setText(text);
        live_->setVisible(!text.isEmpty());
    });
    connect(modelsPage_, &ModelsPage::statusChanged, this, showModelsStatus);
    connect(whatIf_, &WhatIfState::loaded, this, showModelsStatus);
    connect(whatIf_, &WhatIfState::unloaded, this, showModelsStatus);

    connect(projectPage_, &ProjectPage::samplePlantRequested, this, &MainWindow::openSamplePlant);
    connect(projectPage_, &ProjectPage::newProjectRequested, this, &MainWindow::newProject);
    connect(projectPage_, &ProjectPage::openProjectRequested, this, &MainWindow::openProjectDialog);
    connect(projectPage_, &ProjectPage::recentProjectRequested, this, &MainWindow::openProject);
    connect(auditPage_, &AuditPage::timeRangeRequested, this,
            [this](double start, double end, const QString& column) {
                showPage(Page::data);
                dataPage_->showTimeRange(start, end, column);
            });
    // A window picked on the Data page's chart is explained at once, on the Explain page.
    connect(dataPage_, &DataPage::explainWindowRequested, this, [this](double start, double end) {
        explainPage_->pickWindow(start, end);
        showPage(Page::explain);
        explainPage_->explain();
    });
    // A Pareto point or a stored scenario applied on the Scenarios page is shown at once.
    connect(scenariosPage_, &ScenariosPage::settingsApplied, this, [this] { showPage(Page::whatif); });
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &MainWindow::updateStatus);
    connect(&document_, &WorkbenchDocument::projectOpened, this, &MainWindow::updateTitle);
    connect(&document_, &WorkbenchDocument::projectClosed, this, &MainWindow::updateTitle);
    connect(&document_, &WorkbenchDocument::errorOccurred, this, &MainWindow::reportError);
    connect(&document_, &WorkbenchDocument::importStarted, this, [this](BackgroundJob* job) {
        connect(job, &BackgroundJob::progressChanged, this,
                [this, job](double fraction, const QString&) {
                    statusBar()->showMessage(
                        tr("%1: %2 %").arg(job->title()).arg(qRound(fraction * 100.0)));
                });
        connect(job, &BackgroundJob::finished, this, [this] { statusBar()->clearMessage(); });
    });

    setColourScheme(settings::colourScheme.get());
    resize(1400, 900);
    restoreGeometry(settings::windowGeometry.get());
    restoreState(settings::windowState.get());
    updateTitle();
    updateStatus();
    showPage(Page::project);
}

void MainWindow::buildNavigation() {
    navigation_->setObjectName(QStringLiteral("stepNavigation"));
    const struct {
        QString title;
        QString caption;
    } steps[] = {
        {tr("Project"), tr("open or create a study")},
        {tr("Import"), tr("plant exports to a dataset")},
        {tr("Audit"), tr("is the data clean?")},
        {tr("Models"), tr("fit and check the models")},
        {tr("Process map"), tr("what drives what")},
        {tr("Data"), tr("explore the signals")},
        {tr("What-if"), tr("simulate a change")},
        {tr("Scenarios"), tr("compare and optimise")},
        {tr("Explain"), tr("why did it happen?")},
        {tr("Live"), tr("follow the running plant")},
    };
    int number = 1;
    for (const auto& step : steps) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1   %2\n       %3").arg(number++).arg(step.title, step.caption));
        item->setSizeHint(QSize(0, navigation_->fontMetrics().height() * 3 + 8));
        navigation_->addItem(item);
    }
    navigation_->setFixedWidth(navigation_->fontMetrics().horizontalAdvance(
                                   QStringLiteral("0000plant exports to a dataset")) +
                               32);
    navigation_->setFrameShape(QFrame::NoFrame);
    styleNavigation();
    connect(navigation_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
}

void MainWindow::styleNavigation() {
    // A sidebar, set apart from the page by a shade of the window colour (light or dark).
    QPalette p = palette();
    const QColor window = p.color(QPalette::Window);
    p.setColor(QPalette::Base, window.lightness() > 128 ? window.darker(106) : window.lighter(130));
    navigation_->setPalette(p);
}

void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) styleNavigation();
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* newAction = file->addAction(tr("&New project…"), this, &MainWindow::newProject);
    newAction->setShortcut(QKeySequence::New);
    auto* openAction = file->addAction(tr("&Open…"), this, &MainWindow::openProjectDialog);
    openAction->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &sample plant"), this, &MainWindow::openSamplePlant);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    file->addAction(tr("&Export report…"), this, [this] {
        if (document_.hasDataset())
            exportReportDialog(this, document_.projectPath(), document_.datasetName(), unsavedStudy());
    });
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* undo = document_.undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    auto* redo = document_.undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    auto* go = menuBar()->addMenu(tr("&Go"));
    const Page order[] = {Page::project, Page::import, Page::audit,     Page::models,  Page::processmap,
                          Page::data,    Page::whatif, Page::scenarios, Page::explain, Page::live};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i) {
        auto* action =
            go->addAction(navigation_->item(i)->text().section(QLatin1Char('\n'), 0, 0).trimmed(),
                          this, [this, page = order[i]] { showPage(page); });
        // Ctrl+1 ... Ctrl+9, and Ctrl+0 for the tenth step.
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(i < 9 ? Qt::Key_1 + i : Qt::Key_0)));
    }

    auto* view = menuBar()->addMenu(tr("&View"));
    schemeMenu_ = view->addMenu(tr("&Colour scheme"));
    auto* schemes = new QActionGroup(this);
    const std::pair<ColourScheme, QString> choices[] = {{ColourScheme::system, tr("&System")},
                                                        {ColourScheme::light, tr("&Light")},
                                                        {ColourScheme::dark, tr("&Dark")}};
    for (const auto& [scheme, text] : choices) {
        const QString name = colourSchemeName(scheme);
        auto* action = schemeMenu_->addAction(text, this, [this, name] { setColourScheme(name); });
        action->setObjectName(QStringLiteral("scheme_") + name);
        action->setData(name);
        action->setCheckable(true);
        schemes->addAction(action);
    }

    // The training session is a tab of the Live page; the menu takes the engineer there.
    auto* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("&Training session…"), this, [this] {
        showPage(Page::live);
        livePage_->showTraining();
    });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Quick &guide"), this, [this] { showQuickGuide(this); });
    help->addAction(tr("&About Twinbench"), this, [this] { AboutDialog::showModal(this); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::setColourScheme(const QString& name) {
    const ColourScheme scheme = colourSchemeFromName(name);
    settings::colourScheme.set(colourSchemeName(scheme));
    applyColourScheme(scheme);
    for (auto* action : schemeMenu_->actions())
        action->setChecked(action->data().toString() == colourSchemeName(scheme));
}

void MainWindow::fillRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = existingRecentProjects();
    for (const auto& path : recent)
        recentMenu_
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openProject(path); })
            ->setToolTip(path);
    if (recent.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::showPage(Page page) {
    navigation_->setCurrentRow(static_cast<int>(page));
}

MainWindow::Page MainWindow::currentPage() const {
    return static_cast<Page>(pages_->currentIndex());
}

void MainWindow::newProject() {
    QString path =
        QFileDialog::getSaveFileName(this, tr("New project"), settings::lastProjectFolder.get(),
                                     tr("Twinbench projects (*.twin)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QStringLiteral(".twin"), Qt::CaseInsensitive))
        path += QStringLiteral(".twin");
    settings::lastProjectFolder.set(QFileInfo(path).absolutePath());
    QString error;
    if (!document_.createProject(path, &error)) {
        reportError(error);
        return;
    }
    showPage(document_.hasDataset() ? Page::data : Page::import);
}

void MainWindow::openProjectDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open project"), settings::lastProjectFolder.get(),
                                     tr("Twinbench projects (*.twin);;All files (*)"));
    if (path.isEmpty()) return;
    settings::lastProjectFolder.set(QFileInfo(path).absolutePath());
    openProject(path);
}

void MainWindow::openProject(const QString& path) {
    QString error;
    if (!document_.openProject(path, &error)) {
        reportError(error);
        return;
    }
    showPage(document_.hasDataset() ? Page::data : Page::import);
}

void MainWindow::openSamplePlant() {
    QString error;
    auto* job = document_.openSamplePlant(&error);
    if (job) {
        showPage(Page::project);
        projectPage_->trackSampleImport(job);
        connect(job, &BackgroundJob::succeeded, this, [this] { showPage(Page::data); });
        return;
    }
    if (!error.isEmpty())
        reportError(error);
    else
        showPage(Page::data);
}

void MainWindow::reportError(const QString& message) {
    // In the window, next to what the engineer was doing, not in a modal box.
    showPage(Page::project);
    projectPage_->banner()->showMessage(MessageBanner::Kind::error, message);
    statusBar()->showMessage(message, 10000);
}

void MainWindow::updateTitle() {
    setWindowTitle(document_.isOpen()
                       ? tr("%1 — Twinbench").arg(QFileInfo(document_.projectPath()).fileName())
                       : tr("Twinbench"));
}

void MainWindow::updateStatus() {
    const auto table = document_.table();
    const auto* dataset = document_.dataset();
    const QLocale locale;
    if (!dataset) {
        range_->setText(document_.isOpen() ? tr("No data imported yet") : tr("No project open"));
        rows_->clear();
        rejected_->clear();
        return;
    }
    range_->setText(table->has_time()
                        ? tr("%1: %2").arg(toQString(dataset->name),
                                           formatRange(table->time_s.front(), table->time_s.back(),
                                                       document_.timeZone()))
                        : toQString(dataset->name));
    rows_->setText(tr("%1 rows").arg(locale.toString(static_cast<qulonglong>(table->row_count()))));
    rejected_->setText(
        tr("%1 rejected").arg(locale.toString(static_cast<qulonglong>(dataset->rows_rejected))));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Every change is already in the project file; only a running import can be lost.
    if (auto* job = document_.runningImport()) {
        const auto answer =
            QMessageBox::question(this, tr("Import running"),
                                  tr("An import is still running. Cancel it and quit?\n"
                                     "The project stays as it was before the import."),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        job->cancel();
        job->waitForFinished();
    }
    // A live watch ends with a last commit: nothing that arrived is lost.
    livePage_->stopAndWait();
    settings::windowGeometry.set(saveGeometry());
    settings::windowState.set(saveState());
    event->accept();
}

}  // namespace twinbench::ui
