// GUI cancel benchmark (issue 8: "the GUI stays responsive while a large import runs, cancel
// works within 200 ms"). Offscreen, with the code the Import page runs: WorkbenchDocument::
// startImport() on a BackgroundJob, the event loop on this thread. A generated historian
// CSV (the 12-column layout of large_import_bench, default 2,000,000 rows) is appended to a
// project that already holds a small import of the same layout, so a cancel has to roll an
// append to an existing source back.
//
// 1. One import runs to the end on a copy of the project: its duration T, the rows, and the
//    event loop's responsiveness (a 10 ms QTimer; the gaps between its ticks).
// 2. K imports into the project itself are cancelled at seeded random moments in
//    [0.02 T, 0.95 T] (reading, parsing and storing alike): the time from cancel() until the job
//    reports finished, and a digest of every table must equal the one before.
// Prints p50/p95/max of the cancel latency and p50/p99/max of the tick gaps; exits 1 when a
// cancelled import changed the project or did not end cancelled, and (unless --no-goal)
// when the worst cancel took longer than the goal.
//
//   twinbench_import_cancel_bench [--rows N] [--cancels K] [--seed S] [--latest F] [--goal-ms M]
//                                 [--keep DIR] [--no-goal]
//   defaults: 2,000,000 rows, 8 cancels in [0.02 T, 0.95 T], goal 200 ms. A cancel that
//   arrives while the import commits comes too late and the import succeeds: such runs are
//   counted, not timed, and the project is restored; all of them too late fails.
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>

#include <fmt/format.h>

#include "data/importer.h"
#include "historian_csv.h"
#include "ui/app/background_job.h"
#include "ui/app/workbench_document.h"

namespace {

namespace fs = std::filesystem;
using twinbench::ui::BackgroundJob;
using twinbench::ui::WorkbenchDocument;

// FNV-1a over every row of every table (tables by name, rows by rowid), through a
// connection of its own: "unchanged" means the same content, whatever the page layout.
std::string project_digest(const fs::path& project) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(project.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open";
    }
    std::uint64_t hash = 1469598103934665603ull;
    const auto mix = [&hash](const void* data, std::size_t bytes) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < bytes; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
    };
    std::size_t rows = 0;
    std::vector<std::string> tables;
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                       &list, nullptr);
    while (sqlite3_step(list) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    sqlite3_finalize(list);
    for (const auto& table : tables) {
        mix(table.data(), table.size());
        sqlite3_stmt* s = nullptr;
        const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY rowid";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) continue;
        while (sqlite3_step(s) == SQLITE_ROW) {
            ++rows;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                const int type = sqlite3_column_type(s, c);
                mix(&type, sizeof type);
                const void* data = sqlite3_column_blob(s, c);
                if (data) mix(data, static_cast<std::size_t>(sqlite3_column_bytes(s, c)));
            }
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return fmt::format("{:016x} ({} rows in {} tables)", hash, rows, tables.size());
}

struct Run {
    BackgroundJob::Outcome outcome = BackgroundJob::Outcome::pending;
    QString error;
    double duration_ms = 0.0;         // start to finished
    double cancel_latency_ms = -1.0;  // cancel() to finished; < 0 without a cancel
    std::vector<double> gaps_ms;      // between ticks of the 10 ms timer
};

// Starts the import the Import page starts and runs the event loop until the job reports
// finished, cancelling it after `cancel_after_ms` (< 0: never).
Run run_import(WorkbenchDocument& document, const fs::path& csv, double cancel_after_ms) {
    Run run;
    twinbench::ImportOptions options;
    options.files = {csv};
    options.dataset = "line";
    options.time_zone = "Europe/Berlin";
    QString error;
    QElapsedTimer clock;
    clock.start();
    BackgroundJob* job = document.startImport(std::move(options), &error);
    if (!job) {
        run.error = error;
        return run;
    }
    QEventLoop loop;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(10);
    qint64 last_tick_ns = clock.nsecsElapsed();
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        run.gaps_ms.push_back(static_cast<double>(now - last_tick_ns) / 1e6);
        last_tick_ns = now;
    });
    qint64 cancelled_at_ns = -1;
    QTimer canceller;
    canceller.setSingleShot(true);
    canceller.setTimerType(Qt::PreciseTimer);
    QObject::connect(&canceller, &QTimer::timeout, [&] {
        cancelled_at_ns = clock.nsecsElapsed();
        job->cancel();
    });
    QObject::connect(job, &BackgroundJob::finished, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        run.outcome = job->outcome();
        run.error = job->errorMessage();
        run.duration_ms = static_cast<double>(now) / 1e6;
        if (cancelled_at_ns >= 0)
            run.cancel_latency_ms = static_cast<double>(now - cancelled_at_ns) / 1e6;
        loop.quit();
    });
    ticker.start();
    if (cancel_after_ms >= 0) canceller.start(static_cast<int>(cancel_after_ms));
    loop.exec();
    return run;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

const char* outcome_name(BackgroundJob::Outcome outcome) {
    switch (outcome) {
        case BackgroundJob::Outcome::succeeded:
            return "succeeded";
        case BackgroundJob::Outcome::failed:
            return "failed";
        case BackgroundJob::Outcome::cancelled:
            return "cancelled";
        case BackgroundJob::Outcome::pending:
        case BackgroundJob::Outcome::running:
            break;
    }
    return "not finished";
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    // Recent-project lists and the like go to a throw-away location, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("twinbench-bench"));

    std::size_t rows = 2'000'000;
    int cancels = 8;
    unsigned seed = 20261123;
    double goal_ms = 200.0;
    double latest = 0.95;  // cancels fall in [0.02 T, latest T]
    bool check_goal = true;
    fs::path dir;
    const QStringList args = QApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString arg = args[i];
        const bool has_value = i + 1 < args.size();
        if (arg == QLatin1String("--rows") && has_value)
            rows = args[++i].toULongLong();
        else if (arg == QLatin1String("--cancels") && has_value)
            cancels = args[++i].toInt();
        else if (arg == QLatin1String("--seed") && has_value)
            seed = args[++i].toUInt();
        else if (arg == QLatin1String("--latest") && has_value)
            latest = std::clamp(args[++i].toDouble(), 0.03, 1.0);
        else if (arg == QLatin1String("--goal-ms") && has_value)
            goal_ms = args[++i].toDouble();
        else if (arg == QLatin1String("--keep") && has_value)
            dir = args[++i].toStdString();
        else if (arg == QLatin1String("--no-goal"))
            check_goal = false;
        else {
            std::cerr << "usage: twinbench_import_cancel_bench [--rows N] [--cancels K] [--seed S] "
                         "[--latest F] [--goal-ms M] [--keep DIR] [--no-goal]\n";
            return 2;
        }
    }
    const bool temporary = dir.empty();
    if (temporary)
        dir =
            fs::temp_directory_path() / fmt::format("twinbench-cancel-{}", std::random_device{}());
    fs::create_directories(dir);
    const fs::path seed_csv = dir / "historian_first_week.csv", csv = dir / "historian.csv";
    const fs::path project = dir / "line.twin", full_copy = dir / "line_full.twin",
                   seeded_backup = dir / "line_before.twin";
    const std::size_t seed_rows = 10'080;  // one week before the large export
    QElapsedTimer timer;
    timer.start();
    twinbench::bench::write_historian(seed_csv, 0, seed_rows);
    if (temporary || !fs::exists(csv)) twinbench::bench::write_historian(csv, seed_rows, rows);
    std::cout << fmt::format("generated {} rows ({:.1f} MB) in {:.1f} s\n", rows,
                             static_cast<double>(fs::file_size(csv)) / 1e6,
                             static_cast<double>(timer.elapsed()) / 1e3);

    int status = 0;
    {
        WorkbenchDocument document;
        QString error;
        for (const auto& file : {project, full_copy, seeded_backup}) {
            for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
        }
        if (!document.createProject(QString::fromStdString(project.string()), &error)) {
            std::cerr << "cannot create the project: " << error.toStdString() << '\n';
            return 1;
        }
        const Run first = run_import(document, seed_csv, -1);
        if (first.outcome != BackgroundJob::Outcome::succeeded) {
            std::cerr << "the first week did not import: " << first.error.toStdString() << '\n';
            return 1;
        }
        document.closeProject();
        fs::copy_file(project, full_copy);
        fs::copy_file(project, seeded_backup);
        const std::string before = project_digest(project);

        // 1. To the end, on the copy: T and responsiveness over a whole import.
        document.openProject(QString::fromStdString(full_copy.string()));
        const Run full = run_import(document, csv, -1);
        document.closeProject();
        std::cout << fmt::format(
            "full import: {} in {:.1f} s; event loop: {} ticks, gap p50 {:.1f} ms, "
            "p99 {:.1f} ms, max {:.1f} ms\n",
            outcome_name(full.outcome), full.duration_ms / 1e3, full.gaps_ms.size(),
            percentile(full.gaps_ms, 0.5), percentile(full.gaps_ms, 0.99),
            percentile(full.gaps_ms, 1.0));
        if (full.outcome != BackgroundJob::Outcome::succeeded) {
            std::cerr << "the full import did not succeed: " << full.error.toStdString() << '\n';
            return 1;
        }

        // 2. Cancels at random moments, into the project itself.
        document.openProject(QString::fromStdString(project.string()));
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> moment(0.02, latest);
        std::vector<double> latencies, gaps;
        int too_late = 0;
        for (int k = 0; k < cancels; ++k) {
            const double at_ms = moment(rng) * full.duration_ms;
            const Run run = run_import(document, csv, at_ms);
            gaps.insert(gaps.end(), run.gaps_ms.begin(), run.gaps_ms.end());
            const std::string after = project_digest(project);
            std::cout << fmt::format(
                "cancel {} at {:6.0f} ms ({:4.1f}% of T): {} after {:6.1f} ms, max tick gap "
                "{:5.1f} ms, project {}\n",
                k + 1, at_ms, 100.0 * at_ms / full.duration_ms, outcome_name(run.outcome),
                run.cancel_latency_ms, percentile(run.gaps_ms, 1.0),
                after == before ? "unchanged" : "CHANGED");
            if (run.outcome == BackgroundJob::Outcome::succeeded) {
                // The cancel came after the import's last check (the commit): not a cancel
                // that failed, but not one to time either. Back to the state before.
                ++too_late;
                document.closeProject();
                for (const char* suffix : {"-wal", "-shm"}) fs::remove(project.string() + suffix);
                fs::copy_file(seeded_backup, project, fs::copy_options::overwrite_existing);
                document.openProject(QString::fromStdString(project.string()));
                continue;
            }
            if (run.outcome != BackgroundJob::Outcome::cancelled || after != before) {
                std::cerr << "cancel " << k + 1
                          << " did not end cancelled with the project unchanged (" << after
                          << " vs " << before << ") " << run.error.toStdString() << '\n';
                status = 1;
                break;
            }
            latencies.push_back(run.cancel_latency_ms);
        }
        document.closeProject();
        if (too_late > 0)
            std::cout << fmt::format("{} of {} imports had committed before their cancel arrived\n",
                                     too_late, cancels);
        if (too_late == cancels && cancels > 0) {
            std::cerr << "every cancel came too late: does the import ignore cancel?\n";
            status = 1;
        }
        if (!latencies.empty()) {
            const double worst = percentile(latencies, 1.0);
            std::cout << fmt::format(
                "cancel latency over {} cancels: p50 {:.1f} ms, p95 {:.1f} ms, max {:.1f} ms "
                "(goal < {:.0f} ms: {}); event loop during them: gap p50 {:.1f} ms, p99 "
                "{:.1f} ms, max {:.1f} ms\n",
                latencies.size(), percentile(latencies, 0.5), percentile(latencies, 0.95), worst,
                goal_ms, worst < goal_ms ? "met" : "NOT MET", percentile(gaps, 0.5),
                percentile(gaps, 0.99), percentile(gaps, 1.0));
            if (check_goal && worst >= goal_ms) status = 1;
        }
    }
    std::error_code ec;
    if (temporary) fs::remove_all(dir, ec);
    return status;
}
