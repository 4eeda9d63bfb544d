// Shared by the GUI tests: small plant-like CSV files with known defects (one bad row,
// a stuck furnace thermocouple, a gap) and a document with them imported, so each test
// can assert exact line numbers and time ranges.
#pragma once

#include <memory>

#include <QString>
#include <QTemporaryDir>

#include "data/project.h"
#include "sim/kpis.h"
#include "ui/app/workbench_document.h"

namespace twinbench::ui {
class KpiTiles;
class ProcessMapPage;
}

namespace twinbench::ui::test {

inline constexpr double csv_start_utc = 1771200000.0;  // 2026-02-16 00:00:00 UTC
inline constexpr double csv_step_s = 60.0;

struct PlantCsvSpec {
    int rows = 240;       // good data rows written
    int badRowAfter = 4;  // a row with "abc" as furnace temperature after this many rows (-1: none)
    int stuckFrom = 100;  // furnace temperature stuck from this row index...
    int stuckRows = 45;   // ...for this many rows (0: none)
    int gapFrom = 180;    // rows with these indices are missing (a historian outage)
    int gapRows = 20;
};

struct PlantCsv {
    QString path;
    int rowsWritten = 0;       // good rows in the file
    qint64 badLine = 0;        // 1-based line of the bad row (0 if none)
    double stuckStartUtc = 0;  // first and last timestamp of the stuck stretch
    double stuckEndUtc = 0;
};

// Columns: Timestamp, Furnace temperature [°C], Furnace setpoint [°C], Line speed [m/min],
// Parts produced [count], Parts scrapped [count], Hall temperature [°C], Extra signal.
PlantCsv writePlantCsv(const QString& dir, const QString& fileName, const PlantCsvSpec& spec = {});
// Sparse manual checks ("Core temperature check [°C]") at the given row indices of the plant grid.
QString writeManualChecksCsv(const QString& dir, const QString& fileName,
                             const QList<int>& rowIndices);
QString writeTextFile(const QString& dir, const QString& fileName, const QByteArray& content);

// Makes QSettings and QStandardPaths point at a throw-away place.
void isolateSettings();

// Creates a project in dir and imports the files through the document's background job
// (time zone UTC), waiting for it. Fails the calling test (QVERIFY) on error: use with
// QVERIFY(importInto(...)).
bool createProject(WorkbenchDocument& document, const QString& projectPath);
// The UCI gas turbine's file (a .csv.gz) imported as dataset "turbine" with the roles an
// engineer gives it on the Project page (NOX and CO outputs, TEY the control, AT, AP, AH,
// AFDP disturbances, the rest none; one undo step each), fitted and stored as the Models
// page does. False (with a warning naming the step) when a step fails. moreControls: columns
// set to Control as well (TIT, the turbine inlet temperature, for a two-control map).
bool importTurbineAndFit(WorkbenchDocument& document, const QString& csvGz, const QStringList& moreControls = {});
bool importFiles(WorkbenchDocument& document, const QStringList& files,
                 const QString& dataset = {});

// Clicks the process map's Refit (every output fitted and stored in the background) and
// waits up to two minutes for it; false when no refit started or it did not finish.
bool refitAndWait(ProcessMapPage& page);

// The roles stored in the project file, read through a fresh read-only connection: what
// a later session (or the CLI) would see.
twinbench::Role storedRole(const QString& projectPath, const QString& dataset,
                           const QString& column);
std::size_t storedRows(const QString& projectPath);

// Empty when every KPI tile shows the engine's value (1e-9 relative, NaN = NaN); else
// which tile differs and by what, for QVERIFY2.
QString tileMismatch(const KpiTiles& tiles, const twinbench::Kpis& engine);

}  // namespace twinbench::ui::test
