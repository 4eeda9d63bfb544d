// The shipped sample plant (sample_data/plant/*.csv.gz, local times in Europe/Berlin) and
// the project it is imported into once per user (<AppDataLocation>/sample_plant.twin),
// so "Open sample plant" is instant after the first time.
#pragma once

#include <filesystem>
#include <vector>

#include <QString>
#include <QStringList>

#include "common/progress.h"

namespace twinbench::ui {

inline constexpr char sample_plant_time_zone[] = "Europe/Berlin";
inline constexpr char sample_plant_dataset[] = "plant";

// Where the sample_data folder is looked for, in order: $TWINBENCH_SAMPLE_DATA_DIR when set
// (and then only it); else ../share/twinbench/sample_data next to the executable (the
// .deb's /usr, an unpacked .tar.gz, the Windows install folder), twinbench/sample_data in
// the XDG data folders (/usr/local/share, ~/.local/share, ...), then the source tree's (a
// build tree run).
QStringList sampleDataCandidates();

// The first of sampleDataCandidates() with a plant/ folder, cleaned; "" if none has one.
QString findSampleDataDir();

// The plant export files in <sample_data>/plant, historian files first. Empty if missing.
std::vector<std::filesystem::path> samplePlantFiles(const QString& sampleDataDir);

// <AppDataLocation>/sample_plant.twin (the folder is created).
QString samplePlantProjectPath();

// True when the file exists and holds an imported dataset (an earlier, interrupted
// import leaves nothing usable behind, see buildSamplePlantProject).
bool samplePlantProjectReady(const QString& projectPath);

// Imports the sample files into a fresh project at projectPath. Works on a side file and
// renames it at the end, so a cancelled or failed run never leaves a half project that a
// later "Open sample plant" would reuse. Throws twinbench::Error / Cancelled.
void buildSamplePlantProject(const QString& sampleDataDir, const QString& projectPath,
                             const twinbench::ProgressCallback& progress);

}  // namespace twinbench::ui
