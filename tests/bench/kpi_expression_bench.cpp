// KPI expression benchmark (issue 14, item 6): the engineer's KPI
//   sum("Gas energy")/(mean(Powder)*hours) + p90(NOX)
// (three aggregates over three signals of a 7-day, 1-minute horizon = 10,080 rows, NOX with
// a missing value every 10th row) evaluated once per Monte Carlo run, 1,000 runs:
//   (a) from the series on one thread (the aggregates computed on every call);
//   (b) the same split over two threads sharing one KpiExpression;
//   (c) from precomputed aggregates only (evaluate_terms: muparser's bytecode and the pool);
//   (d) compiling the KPI (muparser included);
//   (e) three KPIs that share p90(NOX) and mean(Powder): each on its own vs one KpiSet.
// Goal: (a) far below a second (a Monte Carlo of 1,000 runs must stay < 1 s in total).
// The series are 16 generated sets used in turn (a simulator hands over fresh ones; 16 sets
// of 3 x 80 kB do not stay in the L2 cache).
//
//   twinbench_kpi_expression_bench [--rows N] [--runs R] [--repeat K]
#include <algorithm>
#include <cmath>
#include <chrono>
#include <ctime>
#include <iostream>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "sim/kpi_expression.h"
#include "sim/kpi_set.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the calling thread: on a machine shared with builds the wall clock also counts
// the time other processes had the core.
double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct RunSeries {
    std::vector<double> gas, powder, nox;
};

}  // namespace

int main(int argc, char** argv) {
    int rows = 10080, runs = 1000, repeat = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc)
            rows = std::stoi(argv[++i]);
        else if (arg == "--runs" && i + 1 < argc)
            runs = std::stoi(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc)
            repeat = std::stoi(argv[++i]);
        else {
            std::cerr << "usage: twinbench_kpi_expression_bench [--rows N] [--runs R] [--repeat K]\n";
            return 2;
        }
    }
    using namespace twinbench;
    const std::vector<std::string> signals = {"Gas energy", "Powder", "NOX", "CO", "TEY"};
    const KpiDefinition definition{"gas_per_powder_h",
                                   R"(sum("Gas energy")/(mean(Powder)*hours) + p90(NOX))"};
    const double hours = rows / 60.0;

    std::mt19937_64 rng(20261214);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<RunSeries> sets(16);
    for (auto& s : sets) {
        for (int r = 0; r < rows; ++r) {
            s.gas.push_back(120.0 + 8.0 * noise(rng));
            s.powder.push_back(3.5 + 0.2 * noise(rng));
            s.nox.push_back(r % 10 == 3 ? std::nan("") : 45.0 + 5.0 * noise(rng));
        }
    }

    // (d) compile
    double compile_s = 1e9;
    for (int k = 0; k < std::max(repeat, 1) * 20; ++k) {
        const auto start = Clock::now();
        const KpiExpression kpi(definition, signals);
        compile_s = std::min(compile_s, seconds_since(start));
    }
    const KpiExpression kpi(definition, signals);
    if (kpi.signals_used() != std::vector<std::string>{"Gas energy", "Powder", "NOX"}) {
        std::cerr << "unexpected signal order\n";
        return 1;
    }
    auto evaluate_run = [&](int run) {
        const RunSeries& s = sets[static_cast<std::size_t>(run) % sets.size()];
        const std::span<const double> series[3] = {s.gas, s.powder, s.nox};
        return kpi.evaluate(series, hours);
    };

    // (a) one thread
    std::vector<double> one(static_cast<std::size_t>(runs));
    double single_s = 1e9;
    double single_cpu_s = 1e9;
    for (int k = 0; k < repeat; ++k) {
        const auto start = Clock::now();
        const double cpu_start = thread_cpu_seconds();
        for (int run = 0; run < runs; ++run) one[static_cast<std::size_t>(run)] = evaluate_run(run);
        single_cpu_s = std::min(single_cpu_s, thread_cpu_seconds() - cpu_start);
        single_s = std::min(single_s, seconds_since(start));
    }

    // (b) two threads, the runs interleaved
    std::vector<double> two(static_cast<std::size_t>(runs));
    double threads_s = 1e9;
    for (int k = 0; k < repeat; ++k) {
        const auto start = Clock::now();
        std::vector<std::thread> workers;
        for (int t = 0; t < 2; ++t)
            workers.emplace_back([&, t] {
                for (int run = t; run < runs; run += 2) two[static_cast<std::size_t>(run)] = evaluate_run(run);
            });
        for (auto& w : workers) w.join();
        threads_s = std::min(threads_s, seconds_since(start));
    }
    if (one != two) {
        std::cerr << "two threads gave other values than one\n";
        return 1;
    }

    // (c) precomputed aggregates
    std::vector<std::vector<double>> terms(sets.size(), std::vector<double>(kpi.terms().size()));
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const std::span<const double> series[3] = {sets[i].gas, sets[i].powder, sets[i].nox};
        kpi.compute_terms(series, terms[i]);
    }
    double terms_s = 1e9;
    double check = 0.0;
    for (int k = 0; k < repeat; ++k) {
        const auto start = Clock::now();
        for (int run = 0; run < runs; ++run)
            check += kpi.evaluate_terms(terms[static_cast<std::size_t>(run) % sets.size()], hours);
        terms_s = std::min(terms_s, seconds_since(start));
    }
    // (e) three KPIs with shared aggregates
    const std::vector<KpiDefinition> three = {
        definition, {"nox_per_powder", "p90(NOX) / mean(Powder)"}, {"powder_spread", "max(Powder) - mean(Powder)"}};
    const KpiSet set(three, signals);
    double separate_cpu_s = 1e9;
    double set_cpu_s = 1e9;
    std::vector<double> values(3);
    double check_set = 0.0;
    for (int k = 0; k < repeat; ++k) {
        double start = thread_cpu_seconds();
        for (int run = 0; run < runs; ++run) {
            const RunSeries& s = sets[static_cast<std::size_t>(run) % sets.size()];
            for (const KpiExpression& one_kpi : set.kpis()) {
                std::vector<std::span<const double>> series;
                for (const auto& name : one_kpi.signals_used())
                    series.emplace_back(name == "NOX" ? s.nox : name == "Powder" ? s.powder : s.gas);
                check_set += one_kpi.evaluate(series, hours);
            }
        }
        separate_cpu_s = std::min(separate_cpu_s, thread_cpu_seconds() - start);
        start = thread_cpu_seconds();
        for (int run = 0; run < runs; ++run) {
            const RunSeries& s = sets[static_cast<std::size_t>(run) % sets.size()];
            const std::span<const double> series[3] = {s.gas, s.powder, s.nox};  // set.signals_used()
            set.evaluate(series, hours, values);
            check_set -= values[0] + values[1] + values[2];
        }
        set_cpu_s = std::min(set_cpu_s, thread_cpu_seconds() - start);
    }
    if (set.signals_used() != std::vector<std::string>{"Gas energy", "Powder", "NOX"} ||
        std::abs(check_set) > 1e-6 * runs) {
        std::cerr << "KpiSet disagrees with the KPIs on their own\n";
        return 1;
    }

    fmt::print("KPI {}\n  {} rows x {} runs, 3 aggregates over 3 signals, best of {}\n", definition.expression,
               rows, runs, repeat);
    fmt::print("  (a) from the series, 1 thread:     {:8.1f} ms  ({:.1f} us per run)  goal < 1 s: {}\n",
               single_s * 1e3, single_s / runs * 1e6, single_s < 1.0 ? "ok" : "MISSED");
    fmt::print("      the same in CPU time of the thread: {:8.1f} ms\n", single_cpu_s * 1e3);
    fmt::print("  (b) from the series, 2 threads:    {:8.1f} ms\n", threads_s * 1e3);
    fmt::print("  (c) precomputed aggregates only:   {:8.3f} ms  ({:.0f} ns per evaluation)\n",
               terms_s * 1e3, terms_s / runs * 1e9);
    fmt::print("  (d) compiling the KPI:             {:8.1f} us\n", compile_s * 1e6);
    fmt::print("  (e) 3 KPIs sharing aggregates, CPU: {:8.1f} ms each on its own, {:.1f} ms as one KpiSet\n",
               separate_cpu_s * 1e3, set_cpu_s * 1e3);
    fmt::print("  checksum {:.6f}\n", check / repeat);
    return 0;
}
