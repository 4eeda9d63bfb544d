// Import benchmark: a generated historian CSV (default 2,000,000 rows x 12 columns, like a
// 1-minute export over ~4 years) imported by Twinbench (types, timestamps with DST, roles,
// columnar store, then the audit) against sqlite3's own `.import` of the same file into a
// table (text only, no type or time parsing). Prints rows/s of both and the ratio.
//
//   twinbench_import_bench [--rows N] [--keep DIR] [--no-sqlite]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "data/audit.h"
#include "data/importer.h"
#include "data/project.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Semicolon, decimal comma, dd.mm.yyyy local times: what a European historian writes.
void write_historian(const std::filesystem::path& file, std::size_t rows) {
    std::ofstream out(file, std::ios::binary);
    out << "Zeitstempel;Line speed [m/min];Furnace setpoint [°C];Furnace temperature [°C];Ambient temperature [°C];"
           "Relative humidity [%];Parts produced [count];Parts scrapped [count];Energy [kWh];Line state;"
           "Conveyor wear [%];Material grade\n";
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> noise(-1.0, 1.0);
    // 2022-01-01 00:00 local, one row a minute; local time goes through DST changes.
    long long minute = 0;
    std::string line;
    char buffer[64];
    for (std::size_t i = 0; i < rows; ++i, ++minute) {
        const long long day = minute / 1440, m = minute % 1440;
        // Civil date from days since 2022-01-01 (proleptic Gregorian).
        long long z = day + 18993 + 719468;  // days since 1970 + epoch shift
        const long long era = z / 146097, doe = z - era * 146097;
        const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const long long mp = (5 * doy + 2) / 153;
        const long long d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
        const long long y = yoe + era * 400 + (mo <= 2);
        line.clear();
        std::snprintf(buffer, sizeof buffer, "%02lld.%02lld.%04lld %02lld:%02lld:00;", d, mo, y, m / 60, m % 60);
        line += buffer;
        const double speed = 2.0 + 0.2 * noise(rng);
        std::snprintf(buffer, sizeof buffer, "%.3f;%.1f;%.2f;%.2f;%.1f;%d;%d;%.4f;%s;%.2f;%c\n", speed, 185.0,
                      183.0 + 2.0 * noise(rng), 15.0 + 8.0 * noise(rng), 55.0 + 20.0 * noise(rng), 4,
                      noise(rng) > 0.9 ? 1 : 0, 1.1 + 0.1 * noise(rng), i % 500 < 480 ? "RUN" : "STOP",
                      static_cast<double>(i % 20000) / 200.0, "ABC"[(i / 600) % 3]);
        for (char* p = buffer; *p; ++p)
            if (*p == '.') *p = ',';
        line += buffer;
        out << line;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t rows = 2'000'000;
    bool run_sqlite = true;
    std::filesystem::path dir;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) rows = std::stoull(argv[++i]);
        else if (arg == "--keep" && i + 1 < argc) dir = argv[++i];
        else if (arg == "--no-sqlite") run_sqlite = false;
        else {
            std::cerr << "usage: twinbench_import_bench [--rows N] [--keep DIR] [--no-sqlite]\n";
            return 2;
        }
    }
    const bool temporary = dir.empty();
    if (temporary) dir = std::filesystem::temp_directory_path() / fmt::format("twinbench-bench-{}", std::random_device{}());
    std::filesystem::create_directories(dir);
    const auto csv = dir / "historian.csv";
    const auto project_file = dir / "bench.twin";
    const auto sqlite_file = dir / "sqlite_import.db";
    std::filesystem::remove(project_file);
    std::filesystem::remove(sqlite_file);

    auto start = Clock::now();
    write_historian(csv, rows);
    const auto bytes = std::filesystem::file_size(csv);
    std::cout << fmt::format("generated {} rows x 12 columns ({:.1f} MB) in {:.2f} s\n", rows, static_cast<double>(bytes) / 1e6,
                             seconds_since(start));

    // Both sides start from a file already on disk, and each runs twice in turns so that
    // disk write-back of one does not land in the other's time; the best run counts.
    std::system("sync");
    twinbench::ImportOptions options;
    options.files = {csv};
    options.time_zone = "Europe/Berlin";
    std::size_t imported = 0;
    double best_twinbench = 1e300, best_import = 1e300, best_sqlite = 1e300;
    for (int round = 0; round < 2; ++round) {
        std::filesystem::remove(project_file);
        start = Clock::now();
        double import_s = 0.0;
        {
            twinbench::Project project(project_file, twinbench::Project::Mode::create_if_missing);
            const auto result = twinbench::import_files(project, options);
            imported = result.rows_imported;
            import_s = seconds_since(start);
            const auto table = project.read_dataset(project.dataset(result.dataset));
            const auto report = twinbench::audit_table(table, twinbench::AuditOptions{});
            if (round == 0) std::cout << fmt::format("audit score {:.0f}, {} columns\n", report.score, report.columns.size());
        }
        const double total_s = seconds_since(start);
        std::cout << fmt::format("twinbench: import {:.2f} s, with read-back and audit {:.2f} s\n", import_s, total_s);
        best_import = std::min(best_import, import_s);
        best_twinbench = std::min(best_twinbench, total_s);
        std::system("sync");
        if (!run_sqlite) continue;
        std::filesystem::remove(sqlite_file);
        start = Clock::now();
        const std::string command = fmt::format("sqlite3 '{}' -cmd '.separator \";\"' '.import \"{}\" historian'",
                                                sqlite_file.string(), csv.string());
        if (std::system(command.c_str()) != 0) {
            std::cerr << "sqlite3 .import failed (is the sqlite3 command installed?)\n";
            return 1;
        }
        const double sqlite_s = seconds_since(start);
        std::cout << fmt::format("sqlite3 .import: {:.2f} s\n", sqlite_s);
        best_sqlite = std::min(best_sqlite, sqlite_s);
        std::system("sync");
    }
    const auto rate = [&](double s) { return static_cast<double>(rows) / s; };
    std::cout << fmt::format("best: twinbench import {:.2f} s ({:.0f} rows/s); import + read-back + audit {:.2f} s "
                             "({:.0f} rows/s)\n",
                             best_import, rate(best_import), best_twinbench, rate(best_twinbench));
    if (run_sqlite)
        std::cout << fmt::format("best: sqlite3 .import {:.2f} s ({:.0f} rows/s); ratio sqlite3 / twinbench (with audit) "
                                 "{:.2f}x\n",
                                 best_sqlite, rate(best_sqlite), best_sqlite / best_twinbench);
    if (temporary) std::filesystem::remove_all(dir);
    return imported == rows ? 0 : 1;
}
