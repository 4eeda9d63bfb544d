#include "ui/app/sample_plant.h"

#include <algorithm>
#include <system_error>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/importer.h"
#include "data/project.h"
#include "ui/app/qt_strings.h"

#ifndef TWINBENCH_SAMPLE_DATA_DIR
#define TWINBENCH_SAMPLE_DATA_DIR ""
#endif

namespace twinbench::ui {
namespace {

bool hasPlantFolder(const QString& dir) {
    return !dir.isEmpty() && QFileInfo(dir + QStringLiteral("/plant")).isDir();
}

void removeProjectFiles(const std::filesystem::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        auto sibling = file;  // p.twin-wal beside p.twin: appended to the name, not to the text
        std::filesystem::remove(sibling += suffix, ec);
    }
}

}  // namespace

QStringList sampleDataCandidates() {
    // An explicit folder is the only one looked at: tests and packagers rely on that.
    const QString fromEnvironment = qEnvironmentVariable("TWINBENCH_SAMPLE_DATA_DIR");
    if (!fromEnvironment.isEmpty()) return {QDir::cleanPath(fromEnvironment)};
    QStringList candidates;
    // Relative to the program first, so a second installed copy (another prefix, an
    // unpacked .tar.gz) uses its own data, not the system one.
    candidates << QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                  QStringLiteral("/../share/twinbench/sample_data"));
    for (const auto& dataDir :
         QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation))
        candidates << QDir::cleanPath(dataDir + QStringLiteral("/twinbench/sample_data"));
    const QString sourceTree = QString::fromUtf8(TWINBENCH_SAMPLE_DATA_DIR);
    if (!sourceTree.isEmpty()) candidates << QDir::cleanPath(sourceTree);
    candidates.removeDuplicates();
    return candidates;
}

QString findSampleDataDir() {
    for (const auto& dir : sampleDataCandidates())
        if (hasPlantFolder(dir)) return dir;
    return {};
}

std::vector<std::filesystem::path> samplePlantFiles(const QString& sampleDataDir) {
    std::vector<std::filesystem::path> files;
    if (sampleDataDir.isEmpty()) return files;
    const QDir plant(sampleDataDir + QStringLiteral("/plant"));
    const auto entries = plant.entryInfoList({QStringLiteral("*.csv"), QStringLiteral("*.csv.gz")},
                                             QDir::Files, QDir::Name);
    for (const auto& entry : entries) files.push_back(toPath(entry.absoluteFilePath()));
    // The historian is the main source; listing it first also names progress sensibly.
    std::stable_partition(files.begin(), files.end(), [](const auto& f) {
        return utf8_path_string(f.filename()).rfind("historian", 0) == 0;
    });
    return files;
}

QString samplePlantProjectPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/sample_plant.twin");
}

bool samplePlantProjectReady(const QString& projectPath) {
    if (!QFileInfo::exists(projectPath)) return false;
    try {
        const twinbench::Project project(toPath(projectPath), twinbench::Project::Mode::read_only);
        const auto datasets = project.datasets();
        return !datasets.empty() && datasets.front().rows_imported > 0;
    } catch (const std::exception&) {
        return false;
    }
}

void buildSamplePlantProject(const QString& sampleDataDir, const QString& projectPath,
                             const twinbench::ProgressCallback& progress) {
    twinbench::ImportOptions options;
    options.files = samplePlantFiles(sampleDataDir);
    if (options.files.empty())
        throw twinbench::ProjectError(
            "the sample plant data is not installed: no plant/ folder with CSV files in " +
            toUtf8(sampleDataDir.isEmpty() ? sampleDataCandidates().join(QStringLiteral(", "))
                                           : sampleDataDir) +
            " (reinstall the package, or set TWINBENCH_SAMPLE_DATA_DIR to a sample_data folder)");
    options.dataset = sample_plant_dataset;
    options.time_zone = sample_plant_time_zone;
    options.progress = progress;

    const auto target = toPath(projectPath);
    auto partial = target;
    partial += ".partial";
    removeProjectFiles(partial);
    try {
        {
            twinbench::Project project(partial, twinbench::Project::Mode::create_if_missing);
            twinbench::import_files(project, options);
        }  // closed: the WAL is checkpointed into the file before it moves
        removeProjectFiles(target);
        std::filesystem::rename(partial, target);
    } catch (const std::filesystem::filesystem_error& e) {
        removeProjectFiles(partial);
        throw twinbench::ProjectError(std::string("cannot store the sample project: ") + e.what());
    } catch (...) {
        removeProjectFiles(partial);
        throw;
    }
}

}  // namespace twinbench::ui
