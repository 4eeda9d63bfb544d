// Audit benchmark: a 130,000-row x 12-column table (90 days of 1-minute data) with the
// roles of a furnace line. Goal: well under 100 ms, so the audit page refreshes at once.
//
//   twinbench_audit_bench [--rows N] [--repeat R]
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "data/audit.h"

int main(int argc, char** argv) {
    std::size_t n = 130000;
    int repeat = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) n = std::stoull(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc) repeat = std::stoi(argv[++i]);
        else {
            std::cerr << "usage: twinbench_audit_bench [--rows N] [--repeat R]\n";
            return 2;
        }
    }
    using twinbench::Role;
    std::mt19937 rng(9);
    std::normal_distribution<double> unit(0.0, 1.0);
    twinbench::Table t;
    t.name = "bench";
    const Role roles[12] = {Role::furnace_temp, Role::ambient_temp, Role::humidity, Role::energy,
                            Role::setpoint,     Role::speed,        Role::produced, Role::scrap,
                            Role::factor,       Role::factor,       Role::factor,   Role::core_temp_check};
    for (std::size_t i = 0; i < n; ++i) t.time_s.push_back(1771196400.0 + 60.0 * static_cast<double>(i));
    for (int c = 0; c < 12; ++c) {
        twinbench::Column column;
        column.name = fmt::format("c{}", c);
        column.role = roles[c];
        column.values.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const double x = static_cast<double>(i);
            column.values[i] = roles[c] == Role::setpoint ? 180.0 + 10.0 * static_cast<double>((i / 3000) % 3)
                               : roles[c] == Role::core_temp_check
                                   ? (i % 1440 == 0 ? 120 + unit(rng) : std::nan(""))
                                   : 50.0 + 10.0 * std::sin(x / 2000.0) + unit(rng);
        }
        t.columns.push_back(std::move(column));
    }
    double best_ms = 1e300, best_cpu_ms = 1e300;
    double score = 0.0;
    for (int rep = 0; rep < repeat; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        score = twinbench::audit_table(t, {}).score;
        const std::clock_t cpu_stop = std::clock();
        best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        best_cpu_ms = std::min(best_cpu_ms, 1000.0 * static_cast<double>(cpu_stop - cpu_start) / CLOCKS_PER_SEC);
    }
    std::cout << fmt::format("audit of {} rows x 12 columns: best of {}: {:.1f} ms wall, {:.1f} ms CPU (score {:.1f})\n", n,
                             repeat, best_ms, best_cpu_ms, score);
    return 0;
}
