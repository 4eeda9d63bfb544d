// The synthetic historian export the import benchmarks read: one row a minute from
// 2020-01-01 00:00 local time, semicolons, decimal comma, dd.mm.yyyy (what a European
// historian writes; DST changes every year), German time-stamp header. Streams one line at
// a time, so 10,000,000 rows need no memory.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <date/date.h>

namespace twinbench::bench {

// Rows first_minute .. first_minute + rows - 1 (a later part of the same history can be
// appended to an earlier file's project).
inline void write_historian(const std::filesystem::path& file, std::size_t first_minute,
                            std::size_t rows) {
    std::ofstream out(file, std::ios::binary);
    std::vector<char> buffer_space(1 << 20);
    out.rdbuf()->pubsetbuf(buffer_space.data(), static_cast<std::streamsize>(buffer_space.size()));
    out << "Zeitstempel;Line speed [m/min];Furnace setpoint [°C];Furnace temperature [°C];Ambient "
           "temperature [°C];"
           "Relative humidity [%];Parts produced [count];Parts scrapped [count];Energy [kWh];Line "
           "state;"
           "Conveyor wear [%];Material grade\n";
    std::mt19937_64 rng(first_minute + 7);
    std::uniform_real_distribution<double> noise(-1.0, 1.0);
    char line[256];
    const long long first_day = 18262;  // 2020-01-01
    for (std::size_t i = first_minute; i < first_minute + rows; ++i) {
        const long long minute = static_cast<long long>(i), day = first_day + minute / 1440,
                        m = minute % 1440;
        const date::year_month_day ymd{date::sys_days{date::days{day}}};
        int n = std::snprintf(line, sizeof line, "%02u.%02u.%04d %02lld:%02lld:00;",
                              static_cast<unsigned>(ymd.day()), static_cast<unsigned>(ymd.month()),
                              static_cast<int>(ymd.year()), m / 60, m % 60);
        char* values = line + n;
        n += std::snprintf(
            values, sizeof line - static_cast<std::size_t>(n),
            "%.3f;%.1f;%.2f;%.2f;%.1f;%d;%d;%.4f;%s;%.2f;%c\n", 2.0 + 0.2 * noise(rng), 185.0,
            183.0 + 2.0 * noise(rng), 15.0 + 8.0 * noise(rng), 55.0 + 20.0 * noise(rng), 4,
            noise(rng) > 0.9 ? 1 : 0, 1.1 + 0.1 * noise(rng), i % 500 < 480 ? "RUN" : "STOP",
            static_cast<double>(i % 20000) / 200.0, "ABC"[(i / 600) % 3]);
        for (char* p = values; *p; ++p)
            if (*p == '.') *p = ',';
        out.write(line, n);
    }
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace twinbench::bench
