// A small project for the live tests: a dataset "line" imported from 10 rows at 1 s
// (time, two numbers, a yes/no flag and a category), as `twinbench-cli import` makes it.
#pragma once

#include <cmath>
#include <filesystem>
#include <string>

#include <date/date.h>
#include <fmt/format.h>

#include "data/importer.h"
#include "data/project.h"
#include "data/sqlite_statement.h"
#include "support/temp_dir.h"

namespace twinbench::test {

// 2026-12-01T00:00:00Z
inline constexpr double live_start_utc_s = 1796083200.0;

inline std::string iso_utc(double seconds) {
    const auto t = date::sys_seconds(std::chrono::seconds(static_cast<std::int64_t>(std::floor(seconds))));
    return date::format("%FT%TZ", t);
}

// The value the tests write for column `c` at second `t`: tells rows apart exactly.
inline double live_value(double t, int c) { return (t - live_start_utc_s) * 0.5 + c * 1000.0; }

inline std::string live_csv_row(double t) {
    return fmt::format("{},{},{},{},{}\n", iso_utc(t), live_value(t, 1), live_value(t, 2),
                       static_cast<long>(t) % 2 == 0 ? "yes" : "no", static_cast<long>(t) % 3 == 0 ? "A" : "B");
}

inline const char* live_csv_header = "time,Temp [°C],Speed [m/min],Running,Grade\n";

inline std::filesystem::path make_live_project(const TempDir& dir, int rows = 10) {
    std::string csv = live_csv_header;
    for (int i = 0; i < rows; ++i) csv += live_csv_row(live_start_utc_s + i);
    const auto file = dir.write("line.csv", csv);
    const auto path = dir / "live.twin";
    Project project(path, Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {file};
    options.dataset = "line";
    options.time_zone = "UTC";
    import_files(project, options);
    return path;
}

// Column chunks stored in the project (all columns, all sources).
inline std::size_t count_chunks(const Project& project) {
    Statement count(project.handle(), "SELECT count(*) FROM column_chunk");
    return count.step() ? static_cast<std::size_t>(count.int64(0)) : 0;
}

}  // namespace twinbench::test
