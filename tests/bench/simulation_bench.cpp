// Simulation benchmarks (issue 5) on the reference plant: a 90-day sample is generated,
// imported and fitted (setup, not timed), then
//   (a) one 7-day, 1-minute simulation of all models (10,080 steps); goal < 1 ms, so a
//       slider drag can re-simulate every frame;
//   (b) 1,000 Monte Carlo runs of 7 days on all cores; goal < 1 s;
//   (c) a full profile grid: every numeric control (speed, setpoint, maintenance
//       interval) x 50 points x every KPI; goal < 16 ms.
//
//   twinbench_simulation_bench [--days N] [--runs R] [--repeat K]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

#include "bench_clock.h"
#include "data/importer.h"
#include "data/project.h"
#include "models/model_fitting.h"
#include "sample/plant_export.h"
#include "sim/coarse_inputs.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/sensitivity.h"
#include "sim/simulator.h"
#include "sim/study.h"

namespace {

using twinbench::bench::clock_type;
using twinbench::bench::ms_since;
using twinbench::bench::process_cpu_ms;

struct Stats {
    double p50, p95, min;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.front()};
}

}  // namespace

int main(int argc, char** argv) {
    int days = 90, runs = 1000, repeat = 200;
    double horizon_h = 168.0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--days" && i + 1 < argc)
            days = std::stoi(argv[++i]);
        else if (arg == "--runs" && i + 1 < argc)
            runs = std::stoi(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc)
            repeat = std::stoi(argv[++i]);
        else if (arg == "--horizon-h" && i + 1 < argc)
            horizon_h = std::stod(argv[++i]);
        else {
            std::cerr << "usage: twinbench_simulation_bench [--days N] [--runs R] [--repeat K] "
                         "[--horizon-h H]\n";
            return 2;
        }
    }
    using namespace twinbench;
    const auto dir =
        std::filesystem::temp_directory_path() / fmt::format("twinbench-simbench-{}", ::getpid());
    std::filesystem::create_directories(dir);
    SampleOptions sample;
    sample.days = days;
    write_sample_plant(dir / "plant", sample);
    {
        Project project(dir / "plant.twin", Project::Mode::create_if_missing);
        ImportOptions options;
        for (const auto& e : std::filesystem::directory_iterator(dir / "plant"))
            if (e.is_regular_file() && e.path().extension() == ".csv")
                options.files.push_back(e.path());
        std::sort(options.files.begin(), options.files.end());
        options.dataset = "plant";
        options.time_zone = sample.time_zone;
        import_files(project, options);
        const auto ds = project.dataset("plant");
        store_models(project, ds.id, fit_all_models(project.read_dataset(ds), ds.time_zone));
    }
    Project project(dir / "plant.twin", Project::Mode::read_only);
    const Study study = open_study(project, "plant");
    const auto window = replay_latest_window(study.table, study.twin, horizon_h,
                                             ReplayControls::median, study.tariff);
    const auto& in = window.inputs;

    // (a) one simulation
    std::vector<double> one;
    double sink = 0.0;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = clock_type::now();
        sink += simulate(study.twin, in).kpis.energy_kwh;
        one.push_back(ms_since(t0));
    }
    const auto a = stats(one);
    fmt::print(
        "(a) one simulation, {} steps, all models: p50 {:.3f} ms, p95 {:.3f} ms, min {:.3f} ms "
        "(goal < 1 ms)\n",
        in.steps(), a.p50, a.p95, a.min);

    // (b) Monte Carlo
    std::vector<double> mc_ms;
    for (int r = 0; r < std::max(1, repeat / 50); ++r) {
        MonteCarloOptions mc;
        mc.runs = runs;
        mc.seed = static_cast<std::uint64_t>(r + 1);
        const auto t0 = clock_type::now();
        sink += run_monte_carlo(study.twin, in, mc).p50.energy_kwh;
        mc_ms.push_back(ms_since(t0));
    }
    const auto b = stats(mc_ms);
    fmt::print(
        "(b) {} Monte Carlo runs of {} h on {} threads: p50 {:.1f} ms, min {:.1f} ms (goal < 1000 "
        "ms)\n",
        runs, horizon_h, std::thread::hardware_concurrency(), b.p50, b.min);

    // (c) profile grid
    std::vector<ProfileAxis> axes;
    for (const auto& e : window.envelope)
        axes.push_back({e.control == "speed" ? Control::speed : Control::setpoint, e.min, e.max});
    axes.push_back({Control::maintenance_interval, 12.0, 240.0});
    const auto grid_time = [&](const SimulationInputs& grid_inputs, const char* label) {
        std::vector<double> grid_ms, grid_cpu_ms;
        std::vector<ProfileTrace> traces;
        for (int r = 0; r < std::max(1, repeat / 4); ++r) {
            const auto t0 = clock_type::now();
            const double cpu0 = process_cpu_ms();
            traces = profile_traces(study.twin, grid_inputs, axes, 50);
            grid_cpu_ms.push_back(process_cpu_ms() - cpu0);
            grid_ms.push_back(ms_since(t0));
        }
        const auto c = stats(grid_ms);
        fmt::print(
            "(c) profile grid {} controls x 50 points x {} KPIs, {}: p50 {:.2f} ms, p95 {:.2f} ms "
            "(goal < 16 ms); CPU time p50 {:.2f} ms on {} threads\n",
            axes.size(), kpi_keys.size(), label, c.p50, c.p95, stats(grid_cpu_ms).p50,
            std::thread::hardware_concurrency());
        return traces;
    };
    const auto fine = grid_time(in, "1-minute steps");
    const int factor = std::max(1, static_cast<int>(std::lround(10.0 / in.step_min)));
    const auto coarse = grid_time(coarsen_inputs(in, factor), "10-minute steps");
    // How far the coarse grid is from the full one: the largest relative difference per KPI.
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) {
        double worst = 0.0;
        for (std::size_t axis = 0; axis < fine.size(); ++axis)
            for (std::size_t p = 0; p < fine[axis].kpis.size(); ++p) {
                const double f = kpi_value(fine[axis].kpis[p], k),
                             c = kpi_value(coarse[axis].kpis[p], k);
                if (std::isfinite(f) && f != 0.0)
                    worst = std::max(worst, std::abs(c - f) / std::abs(f));
            }
        fmt::print("    10-minute vs 1-minute grid, {}: largest relative difference {:.2f} %\n",
                   kpi_keys[k], 100.0 * worst);
    }
    std::filesystem::remove_all(dir);
    return sink == 0.123 ? 1 : 0;
}
