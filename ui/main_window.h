// The workbench window: a list of steps on the left (Project, Import, Audit, Models, Process
// map, Data, What-if, Scenarios, Explain, Live) and
// the step's page on the right; the engineer can always go back to an earlier step.
// Menus for project files, undo and the colour scheme, a status bar with the dataset's
// range, row counts and model status, and the window layout remembered between sessions.
#pragma once

#include <QMainWindow>

#include "ui/report/export_report_dialog.h"

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace twinbench::ui {

class AuditPage;
class DataPage;
class ImportPage;
class ExplainPage;
class LivePage;
class ModelsPage;
class ProcessMapPage;
class ProjectPage;
class ScenariosPage;
class WhatIfPage;
class WhatIfState;
class WorkbenchDocument;

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    enum class Page { project, import, audit, models, processmap, data, whatif, scenarios, explain, live };

    explicit MainWindow(WorkbenchDocument& document, QWidget* parent = nullptr);

    void showPage(Page page);
    Page currentPage() const;

    ProjectPage* projectPage() const { return projectPage_; }
    ImportPage* importPage() const { return importPage_; }
    AuditPage* auditPage() const { return auditPage_; }
    ModelsPage* modelsPage() const { return modelsPage_; }
    ProcessMapPage* processMapPage() const { return processMapPage_; }
    DataPage* dataPage() const { return dataPage_; }
    WhatIfPage* whatIfPage() const { return whatIfPage_; }
    ScenariosPage* scenariosPage() const { return scenariosPage_; }
    ExplainPage* explainPage() const { return explainPage_; }
    LivePage* livePage() const { return livePage_; }
    WhatIfState* whatIfState() const { return whatIf_; }
    QLabel* rangeLabel() const { return range_; }
    QLabel* rowsLabel() const { return rows_; }
    QLabel* rejectedLabel() const { return rejected_; }
    QLabel* modelsLabel() const { return models_; }
    // The live link's state while the Live page follows the plant (hidden otherwise).
    QLabel* liveLabel() const { return live_; }
    // View ▸ Colour scheme: remembered, applied to the whole application.
    void setColourScheme(const QString& name);

    // What File > Export report offers beyond the project file: the What-if page's
    // current settings and the last optimisation.
    UnsavedStudy unsavedStudy() const;

    // File menu actions, also used by the Project page's buttons.
    void newProject();
    void openProjectDialog();
    void openProject(const QString& path);
    void openSamplePlant();

  protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    void buildMenus();
    void buildNavigation();
    void styleNavigation();
    void fillRecentMenu();
    void updateStatus();
    void updateTitle();
    void reportError(const QString& message);

    WorkbenchDocument& document_;
    QListWidget* navigation_;
    QStackedWidget* pages_;
    ProjectPage* projectPage_;
    ImportPage* importPage_;
    AuditPage* auditPage_;
    ModelsPage* modelsPage_;
    ProcessMapPage* processMapPage_;
    DataPage* dataPage_;
    WhatIfState* whatIf_;
    WhatIfPage* whatIfPage_;
    ScenariosPage* scenariosPage_;
    ExplainPage* explainPage_;
    LivePage* livePage_;
    QMenu* recentMenu_ = nullptr;
    QLabel* range_;
    QLabel* rows_;
    QLabel* rejected_;
    QLabel* models_;
    QLabel* live_;
    QMenu* schemeMenu_ = nullptr;
};

}  // namespace twinbench::ui
