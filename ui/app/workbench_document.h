// The open study: the .twin project, the dataset the engineer works on (with a cached
// read_dataset() table every page shares), and the undo stack. Pages call the document
// and listen to its signals; none of them opens SQLite or keeps its own copy of the
// project. Every change is committed to the project file at once (there is no "Save"),
// and every change the engineer makes goes through an undo command.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <QUndoStack>

#include "data/condition.h"
#include "data/importer.h"
#include "data/project.h"
#include "data/table.h"
#include "explain/dataset_explain.h"
#include "explain/explainer.h"
#include "models/model_fitting.h"
#include "sim/kpi_definition.h"
#include "sim/twin_fitting.h"

namespace twinbench::ui {

class BackgroundJob;

class WorkbenchDocument : public QObject {
    Q_OBJECT

public:
    // Roles of some columns of one dataset, in the order they are written.
    using RoleAssignment = std::vector<std::pair<std::string, twinbench::Role>>;

    explicit WorkbenchDocument(QObject* parent = nullptr);
    ~WorkbenchDocument() override;

    // On failure these return false with the engine's message in *error and leave the
    // project that was open before untouched.
    bool openProject(const QString& path, QString* error = nullptr);
    // Creates an empty project (or opens the file if it is already one).
    bool createProject(const QString& path, QString* error = nullptr);
    void closeProject();
    bool isOpen() const { return project_ != nullptr; }
    QString projectPath() const;

    QStringList datasetNames() const;
    bool hasDataset() const { return dataset_.has_value(); }
    QString datasetName() const;
    bool selectDataset(const QString& name, QString* error = nullptr);
    // nullptr without a dataset.
    const twinbench::DatasetInfo* dataset() const { return dataset_ ? &*dataset_ : nullptr; }
    // The current dataset as read_dataset() returns it; never null (empty without data).
    // Shared so that background work (audit) can keep reading it while a new one loads.
    std::shared_ptr<const twinbench::Table> table() const { return table_; }
    // The dataset's zone, for every time shown on screen.
    QTimeZone timeZone() const;
    std::vector<twinbench::RejectedRow> rejectedRows(std::size_t limit = 0) const;
    std::vector<twinbench::ImportNote> importNotes() const;

    // Changes a column's role of the current dataset through the undo stack. A unique
    // role moves: the column that held it before drops to none (and gets it back on undo).
    bool changeRole(const QString& column, twinbench::Role role, QString* error = nullptr);
    // Writes roles in one transaction and reloads; for SetRoleCommand (undo/redo).
    bool writeRoles(const QString& dataset, const RoleAssignment& roles);
    QUndoStack* undoStack() { return &undoStack_; }

    // Stores fitted models as the current dataset's (replacing the ones stored before), with
    // the process graph they were fitted for, as `twinbench-cli fit` does: the report, the
    // CLI's simulations and the next opening of the What-if page use them. False + *error
    // when it fails; the project is then unchanged.
    bool storeModels(const twinbench::TwinFitResult& fit, QString* error = nullptr);
    // The current dataset's stored process graph (none stored, or no dataset: nullopt).
    std::optional<twinbench::ProcessGraph> storedGraph() const;
    // Keys of the models stored for the current dataset ("temperature", ...); empty when
    // none or on a read error.
    QStringList storedModelKeys() const;

    // The process graph as a fit would take it now (the stored graph following the roles,
    // or, none stored, the proposal from the roles and the data), as `twinbench-cli graph`
    // shows it. nullopt + *error without a dataset or when the project cannot give it.
    std::optional<twinbench::ProcessGraph> currentGraph(QStringList* notes = nullptr,
                                                        QString* error = nullptr) const;
    // The same for a dataset without a stored graph, proposed on a worker thread with its
    // own read-only connection (a cross-correlation per edge: seconds on a large dataset);
    // *out holds it once the job succeeded. nullptr + *error without a dataset.
    BackgroundJob* proposeGraph(const std::shared_ptr<std::optional<twinbench::ProcessGraph>>& out,
                                QString* error = nullptr);
    // Stores the graph of a dataset and emits graphChanged(); for graph edit commands
    // (undo/redo). False (message in errorOccurred) when the project refuses.
    bool writeGraph(const QString& dataset, const twinbench::ProcessGraph& graph);
    // The stored models of the stored graph's outputs (not the furnace template's), in its
    // simulation order; empty when none, or on a damaged model (*error then says which).
    std::vector<std::shared_ptr<const twinbench::OutputModel>> storedOutputModels(QString* error = nullptr) const;
    // The engineer's KPI definitions of the current dataset (none: empty).
    std::vector<twinbench::KpiDefinition> storedKpis() const;
    // Replaces the current dataset's KPIs (as `simulate --save-kpis` does) and emits
    // kpisChanged; false + *error when the project refuses (the file as it was).
    bool storeKpis(const std::vector<twinbench::KpiDefinition>& kpis, QString* error = nullptr);

    // The stored conditions of the current dataset (none, or no dataset: empty).
    std::vector<twinbench::Condition> conditions() const;
    // Why did it happen? The explainer (core/explain) on the current dataset, on a worker
    // thread with its own read-only connection; *result is filled when the job succeeds,
    // and *excursionRows (when given) with the excursion's rows as the engine chose them, one
    // per table row (the rows above a model band are known only to the engine). The job is
    // the caller's (parented to `owner`). nullptr + *error without a dataset.
    BackgroundJob* startExplain(twinbench::ExplainRequest request,
                                const std::shared_ptr<twinbench::ExplainResult>& result, QObject* owner,
                                QString* error = nullptr,
                                const std::shared_ptr<std::vector<std::uint8_t>>& excursionRows = nullptr);

    // Imports into the open project on a worker thread with its own connection; the
    // project stays readable meanwhile and is unchanged if the import fails or is
    // cancelled. On success the imported dataset becomes current. nullptr + error when
    // no project is open or an import already runs. options.progress, when set, is called
    // on the worker thread before the job's own progress report.
    BackgroundJob* startImport(twinbench::ImportOptions options, QString* error = nullptr);
    // Opens the per-user sample project, importing the shipped sample plant first (in the
    // background) when it does not exist yet. Returns that job, or nullptr when the
    // project opened at once or on failure (then *error says why).
    BackgroundJob* openSamplePlant(QString* error = nullptr);
    BackgroundJob* runningImport() const;
    // Result of the last successful import of this session.
    const twinbench::ImportResult* lastImport() const { return lastImport_ ? &*lastImport_ : nullptr; }

signals:
    void projectOpened(const QString& path);
    void projectClosed();
    void datasetsChanged();
    // The current dataset or its rows changed: table(), dataset() are new.
    void datasetChanged();
    // Only the roles changed: table() is new, its rows are the same.
    void rolesChanged();
    void importStarted(twinbench::ui::BackgroundJob* job);
    void importSucceeded();
    // storeModels() wrote the current dataset's models.
    void modelsStored();
    // writeGraph() stored the current dataset's process graph (an edit, its undo or redo).
    void graphChanged();
    void kpisChanged();
    // Failures that have no caller to return to (undo/redo of a role change).
    void errorOccurred(const QString& message);

private:
    void loadDataset(const std::optional<twinbench::DatasetInfo>& info);
    void adoptImportJob(BackgroundJob* job);

    std::unique_ptr<twinbench::Project> project_;
    std::optional<twinbench::DatasetInfo> dataset_;
    std::shared_ptr<const twinbench::Table> table_;
    std::optional<twinbench::ImportResult> lastImport_;
    QUndoStack undoStack_;
    QPointer<BackgroundJob> importJob_;
    QString lastWriteError_;
};

}  // namespace twinbench::ui
