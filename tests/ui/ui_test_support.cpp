#include "ui_test_support.h"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>

#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/processmap/process_map_page.h"
#include "ui/whatif/kpi_tiles.h"

namespace twinbench::ui::test {
namespace {

QString stamp(double utc) {
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(utc), QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

}  // namespace

QString writeTextFile(const QString& dir, const QString& fileName, const QByteArray& content) {
    const QString path = dir + QLatin1Char('/') + fileName;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return path;
}

PlantCsv writePlantCsv(const QString& dir, const QString& fileName, const PlantCsvSpec& spec) {
    PlantCsv csv;
    QByteArray text =
        "Timestamp,Furnace temperature [\xC2\xB0"
        "C],Furnace setpoint [\xC2\xB0"
        "C],Line speed [m/min],"
        "Parts produced [count],Parts scrapped [count],Hall temperature [\xC2\xB0"
        "C],Extra signal\n";
    qint64 line = 1;
    int written = 0;
    for (int i = 0; written < spec.rows; ++i) {
        const double t = csv_start_utc + csv_step_s * i;
        if (i >= spec.gapFrom && i < spec.gapFrom + spec.gapRows) continue;
        const bool stuck = i >= spec.stuckFrom && i < spec.stuckFrom + spec.stuckRows;
        const double furnace =
            stuck ? 183.25 : 180.0 + 5.0 * std::sin(i / 17.0) + 0.37 * std::cos(i * 1.3);
        if (stuck && csv.stuckStartUtc == 0) csv.stuckStartUtc = t;
        if (stuck) csv.stuckEndUtc = t;
        const double setpoint = i < 120 ? 180.0 : 185.0;
        const double speed = 2.0 + 0.2 * std::sin(i / 40.0);
        const int scrap = i % 7 == 0 ? 2 : (i % 11 == 0 ? 1 : 0);  // counts, not a 0/1 flag
        const double hall = 20.0 + std::sin(i / 90.0);
        text += QStringLiteral("%1,%2,%3,%4,10,%5,%6,%7\n")
                    .arg(stamp(t))
                    .arg(furnace, 0, 'f', 3)
                    .arg(setpoint, 0, 'f', 1)
                    .arg(speed, 0, 'f', 3)
                    .arg(scrap)
                    .arg(hall, 0, 'f', 3)
                    .arg(i * 0.5, 0, 'f', 1)
                    .toUtf8();
        ++line;
        ++written;
        if (written == spec.badRowAfter) {
            text += stamp(t + 30.0).toUtf8() + ",abc,180.0,2.0,10,0,20.0,1.0\n";
            csv.badLine = ++line;
        }
    }
    csv.rowsWritten = written;
    csv.path = writeTextFile(dir, fileName, text);
    return csv;
}

QString writeManualChecksCsv(const QString& dir, const QString& fileName,
                             const QList<int>& rowIndices) {
    QByteArray text =
        "Timestamp,Core temperature check [\xC2\xB0"
        "C]\n";
    for (const int i : rowIndices)
        text += QStringLiteral("%1,%2\n")
                    .arg(stamp(csv_start_utc + csv_step_s * i))
                    .arg(150.0 + i * 0.01, 0, 'f', 2)
                    .toUtf8();
    return writeTextFile(dir, fileName, text);
}

void isolateSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TwinbenchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("twinbench-ui-tests"));
}

bool createProject(WorkbenchDocument& document, const QString& projectPath) {
    QString error;
    const bool ok = document.createProject(projectPath, &error);
    if (!ok) qWarning("createProject: %s", qPrintable(error));
    return ok;
}

bool importTurbineAndFit(WorkbenchDocument& document, const QString& csvGz, const QStringList& moreControls) {
    if (!importFiles(document, {csvGz}, QStringLiteral("turbine"))) return false;
    const std::pair<const char*, twinbench::Role> roles[] = {
        {"NOX", twinbench::Role::output},       {"CO", twinbench::Role::output},
        {"TEY", twinbench::Role::control},      {"AT", twinbench::Role::disturbance},
        {"AP", twinbench::Role::disturbance},   {"AH", twinbench::Role::disturbance},
        {"AFDP", twinbench::Role::disturbance}, {"GTEP", twinbench::Role::none},
        {"TIT", twinbench::Role::none},         {"TAT", twinbench::Role::none},
        {"CDP", twinbench::Role::none}};
    for (const auto& [column, role] : roles) {
        QString error;
        const QString name = QString::fromLatin1(column);
        if (!document.changeRole(name, moreControls.contains(name) ? twinbench::Role::control : role, &error)) {
            qWarning("role of %s: %s", column, qPrintable(error));
            return false;
        }
    }
    const auto fit = twinbench::fit_twin(*document.table(), *document.dataset(), document.storedGraph());
    QString error;
    if (!document.storeModels(fit, &error)) {
        qWarning("storing the models: %s", qPrintable(error));
        return false;
    }
    return true;
}

bool refitAndWait(ProcessMapPage& page) {
    QSignalSpy finished(&page, &ProcessMapPage::refitFinished);
    QTest::mouseClick(page.refitButton(), Qt::LeftButton);
    if (!page.refitJob()) return false;
    return finished.wait(120000) && !page.refitJob();
}

bool importFiles(WorkbenchDocument& document, const QStringList& files, const QString& dataset) {
    twinbench::ImportOptions options;
    for (const auto& f : files) options.files.push_back(toPath(f));
    options.dataset = toUtf8(dataset);
    options.time_zone = "UTC";
    QString error;
    auto* job = document.startImport(options, &error);
    if (!job) {
        qWarning("startImport: %s", qPrintable(error));
        return false;
    }
    QSignalSpy finished(job, &BackgroundJob::finished);
    QSignalSpy failed(job, &BackgroundJob::failed);
    if (!finished.wait(60000)) return false;
    if (!failed.isEmpty())
        qWarning("import failed: %s", qPrintable(failed.front().front().toString()));
    return failed.isEmpty() && document.hasDataset();
}

twinbench::Role storedRole(const QString& projectPath, const QString& dataset,
                           const QString& column) {
    const twinbench::Project project(toPath(projectPath), twinbench::Project::Mode::read_only);
    const auto info = project.dataset(toUtf8(dataset));
    for (const auto& source : info.sources) {
        const auto table = project.read_source(source.id);
        if (const auto* c = table.find(toUtf8(column))) return c->role;
    }
    qFatal("no column %s", qPrintable(column));
}

std::size_t storedRows(const QString& projectPath) {
    const twinbench::Project project(toPath(projectPath), twinbench::Project::Mode::read_only);
    std::size_t rows = 0;
    for (const auto& d : project.datasets())
        for (const auto& s : d.sources) rows += s.rows;
    return rows;
}

QString tileMismatch(const KpiTiles& tiles, const twinbench::Kpis& engine) {
    const auto indices = KpiTiles::kpiIndices();
    for (int i = 0; i < static_cast<int>(indices.size()); ++i) {
        const double shown = tiles.shownValue(i);
        const double want = twinbench::kpi_value(
            engine, static_cast<std::size_t>(indices[static_cast<std::size_t>(i)]));
        const bool same = std::isnan(shown) || std::isnan(want)
                              ? std::isnan(shown) && std::isnan(want)
                              : std::abs(shown - want) <= 1e-9 * std::max(1.0, std::abs(want));
        if (!same) return QStringLiteral("tile %1: %2 vs engine %3").arg(i).arg(shown).arg(want);
    }
    return {};
}

}  // namespace twinbench::ui::test
