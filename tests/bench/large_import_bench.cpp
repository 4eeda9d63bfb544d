// Large-import benchmark (issue 8): a 10,000,000-row historian CSV (12 columns, one row a
// minute over 19 years, the layout of import_bench) written to a temporary folder line by
// line, then imported by the real importer into a new project in a child process, so that
// the child's peak resident memory (getrusage ru_maxrss: the high-water mark, page cache of
// mapped files included) is the import's alone. Prints rows/s and peak RSS against the goal
// and exits 1 when the goal is missed or a row went missing.
//
//   twinbench_large_import_bench [--rows N] [--limit-mb M] [--keep DIR]
//   defaults: 10,000,000 rows, goal 1024 MB
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "data/importer.h"
#include "data/project.h"
#include "historian_csv.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct ChildReport {
    double import_s = 0.0;
    std::uint64_t rows_imported = 0;
    std::uint64_t rows_rejected = 0;
};

}  // namespace

int main(int argc, char** argv) {
    std::size_t rows = 10'000'000;
    double limit_mb = 1024.0;
    std::filesystem::path dir;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc)
            rows = std::stoull(argv[++i]);
        else if (arg == "--limit-mb" && i + 1 < argc)
            limit_mb = std::stod(argv[++i]);
        else if (arg == "--keep" && i + 1 < argc)
            dir = argv[++i];
        else {
            std::cerr
                << "usage: twinbench_large_import_bench [--rows N] [--limit-mb M] [--keep DIR]\n";
            return 2;
        }
    }
    const bool temporary = dir.empty();
    if (temporary)
        dir = std::filesystem::temp_directory_path() /
              fmt::format("twinbench-large-{}", std::random_device{}());
    std::filesystem::create_directories(dir);
    const auto csv = dir / "historian.csv";
    const auto project_file = dir / "large.twin";
    std::filesystem::remove(project_file);

    auto start = Clock::now();
    // --keep DIR reuses the CSV of an earlier run (generating 10M rows takes a while).
    if (temporary || !std::filesystem::exists(csv)) twinbench::bench::write_historian(csv, 0, rows);
    const auto bytes = std::filesystem::file_size(csv);
    std::cout << fmt::format("generated {} rows x 12 columns ({:.1f} MB) in {:.1f} s\n", rows,
                             static_cast<double>(bytes) / 1e6, seconds_since(start));
    std::cout.flush();

    // The import runs in a child: its ru_maxrss is the import's peak alone.
    int report_pipe[2];
    if (pipe(report_pipe) != 0) return 1;
    const pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
        close(report_pipe[0]);
        ChildReport report;
        int status = 0;
        try {
            twinbench::ImportOptions options;
            options.files = {csv};
            options.time_zone = "Europe/Berlin";
            const auto t0 = Clock::now();
            twinbench::Project project(project_file, twinbench::Project::Mode::create_if_missing);
            const auto result = twinbench::import_files(project, options);
            report.import_s = seconds_since(t0);
            report.rows_imported = result.rows_imported;
            report.rows_rejected = result.rows_rejected;
        } catch (const std::exception& e) {
            std::cerr << "import failed: " << e.what() << '\n';
            status = 1;
        }
        if (write(report_pipe[1], &report, sizeof report) != static_cast<ssize_t>(sizeof report))
            status = 1;
        _exit(status);
    }
    close(report_pipe[1]);
    ChildReport report;
    const bool got_report =
        read(report_pipe[0], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
    close(report_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    const double peak_mb =
        static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss: KiB on Linux
    // Wall time on a shared machine is mostly waiting for the disk (the project is written
    // twice: write-ahead log, then checkpoint); the CPU time says what the import costs.
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
    };
    const double cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);

    const bool imported_ok = got_report && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (imported_ok) {
        std::cout << fmt::format(
            "import: {} rows ({} rejected) in {:.1f} s = {:.0f} rows/s, {:.1f} MB/s; CPU {:.1f} s "
            "(user + system) = {:.0f} rows per CPU second\n",
            report.rows_imported, report.rows_rejected, report.import_s,
            static_cast<double>(report.rows_imported) / report.import_s,
            static_cast<double>(bytes) / 1e6 / report.import_s, cpu_s,
            static_cast<double>(report.rows_imported) / cpu_s);
    }
    std::cout << fmt::format("peak RSS of the import: {:.0f} MB (goal < {:.0f} MB): {}\n", peak_mb,
                             limit_mb, peak_mb < limit_mb ? "met" : "NOT MET");
    std::error_code ec;
    if (std::filesystem::exists(project_file, ec))
        std::cout << fmt::format(
            "project file {:.1f} MB\n",
            static_cast<double>(std::filesystem::file_size(project_file)) / 1e6);
    if (temporary) std::filesystem::remove_all(dir, ec);
    if (!imported_ok || report.rows_imported != rows) {
        std::cerr << "expected " << rows << " rows imported\n";
        return 1;
    }
    return peak_mb < limit_mb ? 0 : 1;
}
