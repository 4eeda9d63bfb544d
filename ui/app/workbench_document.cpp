#include "ui/app/workbench_document.h"

#include "sim/graph_store.h"

#include <algorithm>
#include <string_view>

#include <QFileInfo>

#include "common/error.h"
#include "sim/study.h"
#include "sim/twin_study.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/sample_plant.h"
#include "ui/app/set_role_command.h"
#include "ui/app/settings.h"
#include "ui/app/time_format.h"

namespace twinbench::ui {
namespace {

void setError(QString* error, const QString& message) {
    if (error) *error = message;
}

}  // namespace

WorkbenchDocument::WorkbenchDocument(QObject* parent)
    : QObject(parent), table_(std::make_shared<const twinbench::Table>()) {}

WorkbenchDocument::~WorkbenchDocument() {
    // The job's worker holds its own connection, but its completion handlers touch this
    // object: stop it before the members go.
    delete importJob_.data();
}

bool WorkbenchDocument::openProject(const QString& path, QString* error) {
    try {
        auto project = std::make_unique<twinbench::Project>(toPath(path), twinbench::Project::Mode::open_existing);
        const auto datasets = project->datasets();
        project_ = std::move(project);
        undoStack_.clear();
        lastImport_.reset();
        rememberRecentProject(path);
        emit projectOpened(projectPath());
        emit datasetsChanged();
        loadDataset(datasets.empty() ? std::nullopt : std::optional(datasets.front()));
        return true;
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return false;
    }
}

bool WorkbenchDocument::createProject(const QString& path, QString* error) {
    try {
        // Creating writes the schema; the file then opens like any other project.
        twinbench::Project(toPath(path), twinbench::Project::Mode::create_if_missing);
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return false;
    }
    return openProject(path, error);
}

void WorkbenchDocument::closeProject() {
    if (!project_) return;
    project_.reset();
    undoStack_.clear();
    lastImport_.reset();
    loadDataset(std::nullopt);
    emit projectClosed();
}

QString WorkbenchDocument::projectPath() const { return project_ ? fromPath(project_->path()) : QString(); }

QStringList WorkbenchDocument::datasetNames() const {
    QStringList names;
    if (!project_) return names;
    try {
        for (const auto& d : project_->datasets()) names << toQString(d.name);
    } catch (const std::exception&) {
        // A project that cannot list its datasets shows none; opening reported the cause.
    }
    return names;
}

QString WorkbenchDocument::datasetName() const { return dataset_ ? toQString(dataset_->name) : QString(); }

bool WorkbenchDocument::selectDataset(const QString& name, QString* error) {
    if (!project_) {
        setError(error, tr("no project is open"));
        return false;
    }
    try {
        loadDataset(project_->dataset(toUtf8(name)));
        return true;
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return false;
    }
}

void WorkbenchDocument::loadDataset(const std::optional<twinbench::DatasetInfo>& info) {
    dataset_ = info;
    auto table = std::make_shared<twinbench::Table>();
    if (project_ && dataset_) {
        try {
            *table = project_->read_dataset(*dataset_);
        } catch (const std::exception& e) {
            emit errorOccurred(toQString(e.what()));
        }
    }
    table_ = std::move(table);
    emit datasetChanged();
}

QTimeZone WorkbenchDocument::timeZone() const { return zoneFromName(dataset_ ? dataset_->time_zone : std::string()); }

std::vector<twinbench::RejectedRow> WorkbenchDocument::rejectedRows(std::size_t limit) const {
    if (!project_ || !dataset_) return {};
    try {
        return project_->rejected_rows(dataset_->id, limit);
    } catch (const std::exception&) {
        return {};
    }
}

std::vector<twinbench::ImportNote> WorkbenchDocument::importNotes() const {
    if (!project_ || !dataset_) return {};
    try {
        return project_->import_notes(dataset_->id);
    } catch (const std::exception&) {
        return {};
    }
}

bool WorkbenchDocument::changeRole(const QString& column, twinbench::Role role, QString* error) {
    if (!project_ || !dataset_) {
        setError(error, tr("no dataset is open"));
        return false;
    }
    const std::string name = toUtf8(column);
    const auto* target = table_->find(name);
    if (!target) {
        setError(error, tr("no column named '%1' in this dataset").arg(column));
        return false;
    }
    if (target->role == role) return true;
    if (role == twinbench::Role::time || target->role == twinbench::Role::time) {
        setError(error, tr("the time axis is chosen when the files are imported"));
        return false;
    }
    // What the project will do (a unique role leaves its previous holder), recorded so
    // undo can put every affected column back.
    RoleAssignment before{{name, target->role}}, after{{name, role}};
    if (!twinbench::role_is_repeatable(role)) {
        for (const auto& c : table_->columns) {
            if (c.name == name || c.role != role) continue;
            before.emplace_back(c.name, c.role);
            after.emplace_back(c.name, twinbench::Role::none);
        }
    }
    lastWriteError_.clear();
    auto* command = new SetRoleCommand(*this, datasetName(), column, role, std::move(before), std::move(after));
    undoStack_.push(command);  // runs redo(); an obsolete (failed) command is deleted
    if (!lastWriteError_.isEmpty()) {
        setError(error, lastWriteError_);
        return false;
    }
    return true;
}

bool WorkbenchDocument::writeRoles(const QString& dataset, const RoleAssignment& roles) {
    if (!project_) return false;
    try {
        const auto info = project_->dataset(toUtf8(dataset));
        {
            twinbench::Project::Transaction tx(*project_);
            for (const auto& [column, role] : roles) project_->set_role(info.id, column, role);
            tx.commit();
        }
        if (dataset_ && dataset_->id == info.id) {
            auto table = std::make_shared<twinbench::Table>(project_->read_dataset(info));
            table_ = std::move(table);
            emit rolesChanged();
        }
        return true;
    } catch (const std::exception& e) {
        lastWriteError_ = toQString(e.what());
        emit errorOccurred(lastWriteError_);
        return false;
    }
}

bool WorkbenchDocument::storeModels(const twinbench::TwinFitResult& fit, QString* error) {
    if (!project_ || !dataset_) {
        setError(error, tr("no dataset is open"));
        return false;
    }
    try {
        twinbench::store_twin_fit(*project_, *dataset_, fit);  // one transaction
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return false;
    }
    emit modelsStored();
    return true;
}

std::optional<twinbench::ProcessGraph> WorkbenchDocument::storedGraph() const {
    if (!project_ || !dataset_) return std::nullopt;
    try {
        return twinbench::load_graph(*project_, *dataset_);
    } catch (const std::exception&) {
        return std::nullopt;  // a damaged stored graph: the fit proposes a new one
    }
}

QStringList WorkbenchDocument::storedModelKeys() const {
    QStringList keys;
    if (!project_ || !dataset_) return keys;
    try {
        const auto models = twinbench::stored_models(*project_, dataset_->id);
        for (auto it = models.begin(); it != models.end(); ++it) keys << toQString(it.key());
    } catch (const std::exception&) {
        // A damaged stored model: the page offers a fresh fit, which replaces it.
    }
    return keys;
}

std::optional<twinbench::ProcessGraph> WorkbenchDocument::currentGraph(QStringList* notes, QString* error) const {
    if (!project_ || !dataset_) {
        setError(error, tr("no dataset is open"));
        return std::nullopt;
    }
    try {
        std::vector<std::string> engineNotes;
        auto graph = twinbench::dataset_graph(*project_, *dataset_, *table_, false, engineNotes);
        if (notes)
            for (const auto& n : engineNotes) *notes << toQString(n);
        return graph;
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return std::nullopt;
    }
}

BackgroundJob* WorkbenchDocument::proposeGraph(const std::shared_ptr<std::optional<twinbench::ProcessGraph>>& out,
                                              QString* error) {
    if (!project_ || !dataset_) {
        setError(error, tr("no dataset is open"));
        return nullptr;
    }
    auto* job = new BackgroundJob(
        tr("Proposing the process graph"),
        [path = project_->path(), dataset = *dataset_, table = table_, out](const twinbench::ProgressCallback&) {
            const twinbench::Project project(path, twinbench::Project::Mode::read_only);
            std::vector<std::string> notes;
            *out = twinbench::dataset_graph(project, dataset, *table, false, notes);
        },
        this);
    job->start();
    return job;
}

bool WorkbenchDocument::writeGraph(const QString& dataset, const twinbench::ProcessGraph& graph) {
    if (!project_) return false;
    try {
        const auto info = project_->dataset(toUtf8(dataset));
        twinbench::save_graph(*project_, info, graph);
        if (dataset_ && dataset_->id == info.id) emit graphChanged();
        return true;
    } catch (const std::exception& e) {
        emit errorOccurred(toQString(e.what()));
        return false;
    }
}

std::vector<std::shared_ptr<const twinbench::OutputModel>> WorkbenchDocument::storedOutputModels(
    QString* error) const {
    std::vector<std::shared_ptr<const twinbench::OutputModel>> models;
    if (!project_ || !dataset_) return models;
    try {
        // A fit always stores its graph with its models: no graph, no models.
        const auto stored = twinbench::load_graph(*project_, *dataset_);
        if (!stored) return models;
        return twinbench::load_graph_twin(*project_, *dataset_, *stored).models;
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return models;
    }
}

std::vector<twinbench::KpiDefinition> WorkbenchDocument::storedKpis() const {
    if (!project_ || !dataset_) return {};
    try {
        return twinbench::stored_kpis(*project_, *dataset_);
    } catch (const std::exception&) {
        return {};  // damaged definitions: the What-if page reports them where they are edited
    }
}

bool WorkbenchDocument::storeKpis(const std::vector<twinbench::KpiDefinition>& kpis, QString* error) {
    if (!project_ || !dataset_) return false;
    try {
        twinbench::store_kpis(*project_, *dataset_, kpis);
    } catch (const std::exception& e) {
        setError(error, toQString(e.what()));
        return false;
    }
    emit kpisChanged();
    return true;
}

std::vector<twinbench::Condition> WorkbenchDocument::conditions() const {
    if (!project_ || !dataset_) return {};
    try {
        return project_->conditions(dataset_->id);
    } catch (const std::exception&) {
        return {};
    }
}

BackgroundJob* WorkbenchDocument::startExplain(twinbench::ExplainRequest request,
                                               const std::shared_ptr<twinbench::ExplainResult>& result,
                                               QObject* owner, QString* error,
                                               const std::shared_ptr<std::vector<std::uint8_t>>& excursionRows) {
    if (!project_ || !dataset_) {
        setError(error, tr("import data first (Import page)"));
        return nullptr;
    }
    request.dataset = dataset_->name;
    const auto path = project_->path();
    return new BackgroundJob(
        tr("Explaining the excursion"),
        [path, request, result, excursionRows](const twinbench::ProgressCallback&) {
            const twinbench::Project project(path, twinbench::Project::Mode::read_only);
            // explain_dataset in two steps, to keep the rows it chose for the chart.
            const twinbench::DatasetExplainInput prepared = twinbench::dataset_explain_input(project, request);
            *result = twinbench::explain_excursion(prepared.input);
            result->notes.insert(result->notes.begin(), prepared.notes.begin(), prepared.notes.end());
            if (excursionRows) *excursionRows = prepared.input.excursion;
        },
        owner);
}

BackgroundJob* WorkbenchDocument::startImport(twinbench::ImportOptions options, QString* error) {
    if (!project_) {
        setError(error, tr("create or open a project first (File > New project...)"));
        return nullptr;
    }
    if (importJob_) {
        setError(error, tr("an import is already running"));
        return nullptr;
    }
    const auto path = project_->path();
    auto result = std::make_shared<twinbench::ImportResult>();
    auto* job = new BackgroundJob(
        tr("Importing %n file(s)", nullptr, static_cast<int>(options.files.size())),
        [path, options, result](const twinbench::ProgressCallback& progress) mutable {
            // A second connection: the GUI's stays free for reading, and SQLite (WAL)
            // keeps the two apart until the import's single transaction commits.
            twinbench::Project project(path, twinbench::Project::Mode::open_existing);
            // The caller's own progress callback (if any) is asked too: it may stop the
            // import or hold it (tests hold it at a known point instead of racing it).
            options.progress = [progress, caller = options.progress](double fraction,
                                                                     std::string_view what) {
                if (caller && !caller(fraction, what)) return false;
                return progress(fraction, what);
            };
            *result = twinbench::import_files(project, options);
        },
        this);
    connect(job, &BackgroundJob::succeeded, this, [this, result, path] {
        // The engineer may have opened another project meanwhile; the import went to `path`.
        if (!project_ || project_->path() != path) return;
        lastImport_ = *result;
        emit datasetsChanged();
        try {
            loadDataset(project_->dataset(result->dataset));
        } catch (const std::exception& e) {
            emit errorOccurred(toQString(e.what()));
        }
        emit importSucceeded();
    });
    adoptImportJob(job);
    return job;
}

BackgroundJob* WorkbenchDocument::openSamplePlant(QString* error) {
    const QString target = samplePlantProjectPath();
    if (samplePlantProjectReady(target)) {
        openProject(target, error);
        return nullptr;
    }
    if (importJob_) {
        setError(error, tr("an import is already running"));
        return nullptr;
    }
    const QString dataDir = findSampleDataDir();
    if (dataDir.isEmpty()) {
        setError(error, tr("The sample plant data is not installed: no sample_data/plant folder next to the "
                           "program or in the source tree."));
        return nullptr;
    }
    auto* job = new BackgroundJob(
        tr("Importing the sample plant"),
        [dataDir, target](const twinbench::ProgressCallback& progress) {
            buildSamplePlantProject(dataDir, target, progress);
        },
        this);
    connect(job, &BackgroundJob::succeeded, this, [this, target] {
        QString message;
        if (!openProject(target, &message)) emit errorOccurred(message);
    });
    adoptImportJob(job);
    return job;
}

BackgroundJob* WorkbenchDocument::runningImport() const { return importJob_.data(); }

void WorkbenchDocument::adoptImportJob(BackgroundJob* job) {
    importJob_ = job;
    // Not running any more as soon as it finished, not only once deleteLater ran.
    connect(job, &BackgroundJob::finished, this, [this, job] {
        if (importJob_ == job) importJob_ = nullptr;
    });
    connect(job, &BackgroundJob::finished, job, &QObject::deleteLater);
    emit importStarted(job);
    job->start();
}

}  // namespace twinbench::ui
