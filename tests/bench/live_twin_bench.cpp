// The twin alongside (issue 16) on a 50-signal process: 10 controls, 10 disturbances and
// 30 dynamic outputs (each from 3 of the inputs, time constants 2-20 min, dead times
// 0-3 min), 1 Hz rows as the broker benchmark sends them. Rows go through the
// divergence monitor (live twin + a 3-sigma rule per output) in blocks:
//   (a) throughput, rows per second, for blocks of 1, 10 and 60 rows;
//   (b) per-block latency p50/p95/max for 1-row blocks: what the monitor adds to the
//       sample -> alert path (goal of the whole path with the broker: p95 < 1 s).
//   (c) resident memory after the first hour of rows and at the end (issue 16: growth
//       < 20 % from hour 1 to hour 24 with --rows 86400), 1-row blocks.
// Dynamic models carry their state across blocks (core/live/live_twin_state.h): a block
// costs its own rows plus the dead times to look back on.
//
//   twinbench_live_twin_bench [--rows N] [--step-s S]
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_clock.h"
#include "live/divergence_monitor.h"
#include "models/dynamic_output_model.h"

namespace {

using namespace twinbench;
using bench::clock_type;
using bench::ms_since;
using bench::percentile;

constexpr int controls = 10, disturbances = 10, outputs = 30;

std::string input_name(int i) { return i < controls ? fmt::format("C{:02}", i) : fmt::format("D{:02}", i - controls); }

struct Plant {
    GraphTwin twin;
    SignalFrame history;
    LiveRows live;
};

Plant make_plant(std::size_t history_rows, std::size_t live_rows, double step_s) {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Plant p;
    const std::size_t n = history_rows + live_rows;
    std::vector<std::vector<double>> inputs(controls + disturbances, std::vector<double>(n));
    for (auto& u : inputs) {
        double v = 0.0;
        for (auto& x : u) x = (v = 0.999 * v + 0.05 * normal(rng));
    }
    SignalFrame all;
    all.step_min = step_s / 60.0;
    all.time_zone = "UTC";
    for (std::size_t k = 0; k < n; ++k) all.time_s.push_back(1.8e9 + static_cast<double>(k) * step_s);
    for (int i = 0; i < controls + disturbances; ++i) all.add({input_name(i), "", ColumnType::numeric, {}, inputs[i]});
    for (int o = 0; o < outputs; ++o) {
        DynamicOutputModel::Spec spec;
        spec.output = fmt::format("Y{:02}", o);
        spec.offset = 50.0;
        for (int j = 0; j < 3; ++j) {
            const int i = static_cast<int>(uniform(rng) * (controls + disturbances)) % (controls + disturbances);
            spec.paths.push_back({input_name(i), "", 1.0 + uniform(rng), 2.0 + 18.0 * uniform(rng), 3.0 * uniform(rng), 0.0});
        }
        const auto params = static_cast<Eigen::Index>(1 + 2 * spec.paths.size());
        spec.covariance = Eigen::MatrixXd::Identity(params, params) * 1e-4;
        spec.noise_sd = 0.1;
        auto model = std::make_shared<DynamicOutputModel>(spec);
        std::vector<double> y(n);
        model->simulate(all, y);
        for (double& v : y) v += 0.1 * normal(rng);
        all.add({spec.output, "", ColumnType::numeric, {}, y});
        p.twin.models.push_back(model);
    }
    fill_local_clock(all);
    p.history = all;
    p.history.time_s.resize(history_rows);
    p.history.local_hour.resize(history_rows);
    p.history.weekend.resize(history_rows);
    for (auto& s : p.history.series) s.values.resize(history_rows);
    p.live.time_s.assign(all.time_s.begin() + static_cast<std::ptrdiff_t>(history_rows), all.time_s.end());
    for (const auto& s : all.series)
        p.live.columns.push_back({s.name, std::vector<double>(s.values.begin() + static_cast<std::ptrdiff_t>(history_rows),
                                                              s.values.end()), {}});
    return p;
}

LiveRows slice(const LiveRows& rows, std::size_t first, std::size_t count) {
    LiveRows out;
    out.time_s.assign(rows.time_s.begin() + static_cast<std::ptrdiff_t>(first),
                      rows.time_s.begin() + static_cast<std::ptrdiff_t>(first + count));
    for (const auto& c : rows.columns)
        out.columns.push_back({c.name, std::vector<double>(c.values.begin() + static_cast<std::ptrdiff_t>(first),
                                                           c.values.begin() + static_cast<std::ptrdiff_t>(first + count)),
                               {}});
    return out;
}

double resident_mb() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key)
        if (key == "VmRSS:") {
            double kb = 0.0;
            status >> kb;
            return kb / 1024.0;
        }
    return std::nan("");
}

DivergenceMonitor make_monitor(const Plant& p) {
    LiveTwinOptions options;
    options.parameter_draws = 4;
    options.parameter_window_h = 1.0;
    LiveTwin twin(p.twin, p.history, options);
    return DivergenceMonitor(std::move(twin), default_divergence_rules(p.twin, {}), "UTC");
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t rows = 3600;
    double step_s = 1.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--rows") rows = std::stoul(argv[i + 1]);
        else if (a == "--step-s") step_s = std::stod(argv[i + 1]);
    }
    const Plant plant = make_plant(20000, rows, step_s);
    std::printf("live twin bench: %d signals (%d outputs), %.0f s steps, %zu live rows\n", controls + disturbances + outputs,
                outputs, step_s, rows);
    const auto t_build = clock_type::now();
    DivergenceMonitor probe = make_monitor(plant);
    std::printf("  monitor built in %.0f ms; trailing window %zu steps\n", ms_since(t_build),
                probe.twin().window_steps());
    for (const std::size_t block : {std::size_t{1}, std::size_t{10}, std::size_t{60}}) {
        DivergenceMonitor monitor = make_monitor(plant);
        std::vector<LiveRows> blocks;
        for (std::size_t r = 0; r + block <= rows; r += block) blocks.push_back(slice(plant.live, r, block));
        std::vector<double> latency_ms;
        std::size_t alerts = 0;
        double hour_one_mb = std::nan("");
        const auto t0 = clock_type::now();
        for (const auto& b : blocks) {
            const auto tb = clock_type::now();
            alerts += monitor.append(b).size();
            latency_ms.push_back(ms_since(tb));
            if (latency_ms.size() * block == static_cast<std::size_t>(3600.0 / step_s)) hour_one_mb = resident_mb();
        }
        const double total_ms = ms_since(t0);
        const double done = static_cast<double>(blocks.size() * block);
        std::printf("  blocks of %2zu rows: %8.0f rows/s (%.0f samples/s), per block p50 %.2f ms p95 %.2f ms max %.2f ms, "
                    "%zu alerts (clean data)\n",
                    block, done / (total_ms / 1e3), done * (controls + disturbances + outputs) / (total_ms / 1e3),
                    percentile(latency_ms, 0.5), percentile(latency_ms, 0.95), percentile(latency_ms, 1.0), alerts);
        if (std::isfinite(hour_one_mb))
            std::printf("    resident memory after hour 1: %.1f MB, at the end: %.1f MB (the rows' blocks held by the bench "
                        "included)\n",
                        hour_one_mb, resident_mb());
    }
    return 0;
}
