// Benchmarks of the twin of any process (issue 14) on a generated 6-output process with
// known answers (tests/core/models/synthetic_process.h): two controls, a drifting
// disturbance, a grade; outputs of every family (two chained dynamic temperatures, a
// sparse lab value, a static power, a 0/1 failure, a count out of a total):
//   (a) fit of every output of the graph on 60 days of 1-minute rows; goal < 2 s for 4
//       outputs;
//   (b) one 7-day, 1-minute simulation of the 6-output graph; goal < 1 ms;
//   (c) 1,000 Monte Carlo runs of 7 days on all cores; goal < 1 s;
//   (d) a chance-constrained optimisation of the two controls: minimise the power subject
//       to P(temp < 79) <= 0.05 over 100 runs; goal < 2 s.
//
//   twinbench_twin_bench [--days N] [--runs R] [--repeat K]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../core/models/synthetic_process.h"
#include "bench_clock.h"
#include "opt/graph_optimizer.h"
#include "sim/graph_monte_carlo.h"
#include "sim/graph_twin.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"
#include "sim/twin_fitting.h"

namespace {

using twinbench::bench::clock_type;
using twinbench::bench::ms_since;
using twinbench::bench::percentile;
using twinbench::bench::process_cpu_ms;

twinbench::ProcessGraph synthetic_graph() {
    using namespace twinbench;
    ProcessGraph g;
    const auto signal = [&](const char* name, Role role, const char* unit, ColumnType type = ColumnType::numeric) {
        GraphSignal s;
        s.name = name;
        s.role = role;
        s.kind = signal_kind(role);
        s.unit = unit;
        s.type = type;
        g.set_signal(s);
    };
    signal("valve", Role::control, "%");
    signal("feed", Role::control, "kg/h");
    signal("ambient", Role::disturbance, "°C");
    signal("grade", Role::disturbance, "", ColumnType::categorical);
    signal("made", Role::disturbance, "count");
    signal("temp", Role::output, "°C");
    signal("wall", Role::output, "°C");
    signal("moist", Role::output, "%");
    signal("power", Role::output, "kW");
    signal("fail", Role::output, "");
    signal("bad", Role::output, "count");
    GraphSignal moist = *g.find("moist");
    moist.sparse = true;
    g.set_signal(moist);
    GraphSignal fail = *g.find("fail");
    fail.output_kind = OutputKind::binary;
    g.set_signal(fail);
    GraphSignal bad = *g.find("bad");
    bad.output_kind = OutputKind::count;
    bad.total = "made";
    g.set_signal(bad);
    const auto edge = [&](const char* from, const char* to, double delay_min = std::nan("")) {
        GraphEdge e;
        e.from = from;
        e.to = to;
        e.delay_min = delay_min;
        g.add_edge(e);
    };
    edge("valve", "temp", 3.0);
    edge("feed", "temp", 6.0);
    edge("ambient", "temp");
    edge("grade", "temp");
    edge("temp", "wall");
    edge("temp", "moist");
    edge("ambient", "moist");
    edge("valve", "power");
    edge("feed", "power");
    edge("ambient", "power");
    edge("temp", "fail");
    edge("grade", "fail");
    edge("moist", "bad");
    edge("made", "bad");
    return g;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace twinbench;
    int days = 60, runs = 1000, repeat = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--days") days = std::stoi(argv[i + 1]);
        else if (a == "--runs") runs = std::stoi(argv[i + 1]);
        else if (a == "--repeat") repeat = std::stoi(argv[i + 1]);
    }
    const SignalFrame history = test::synthetic_frame(days, 7);
    ProcessGraph graph = synthetic_graph();

    // (a) Fit.
    std::vector<double> wall_ms, cpu_ms;
    GraphTwin twin;
    for (int r = 0; r < repeat; ++r) {
        SignalFrame h = history;
        ProcessGraph g = graph;
        std::vector<SkippedModel> skipped;
        const double cpu0 = process_cpu_ms();
        const auto t0 = clock_type::now();
        twin = fit_graph_outputs(h, g, {}, false, skipped);
        wall_ms.push_back(ms_since(t0));
        cpu_ms.push_back(process_cpu_ms() - cpu0);
        for (const auto& s : skipped) std::cerr << "skipped " << s.key << ": " << s.reason << '\n';
    }
    twin.graph = graph;
    std::cout << fmt::format("fit of {} outputs on {} days of 1-minute rows ({} steps): p50 {:.0f} ms wall, {:.0f} ms CPU\n",
                             twin.models.size(), days, history.steps(), percentile(wall_ms, 0.5),
                             percentile(cpu_ms, 0.5));
    for (const auto& m : twin.models)
        std::cout << fmt::format("  {:<6} {:<18} {}\n", m->output(), m->kind(), m->report().trust.message);

    // (b) One 7-day simulation of the graph.
    WindowSpec spec;
    spec.horizon_h = std::min(168.0, 24.0 * days / 2.0);
    const GraphWindow window = graph_window(history, graph, spec);
    std::vector<double> sim_ms;
    const int sims = std::max(20, repeat * 40);
    for (int r = 0; r < sims; ++r) {
        SignalFrame f = window.baseline;
        const auto t0 = clock_type::now();
        simulate_graph(twin, f);
        sim_ms.push_back(ms_since(t0));
    }
    std::cout << fmt::format("one {:.0f} h simulation of {} outputs ({} steps): p50 {:.3f} ms, p95 {:.3f} ms\n",
                             spec.horizon_h, twin.models.size(), window.baseline.steps(), percentile(sim_ms, 0.5),
                             percentile(sim_ms, 0.95));

    // (c) Monte Carlo.
    TwinStudy study;
    study.graph = graph;
    study.twin = twin;
    study.history = history;
    const KpiSet kpis({{"bad_rate", "sum(bad)/sum(made)"}, {"power_per_h", "sum(power)/hours"}},
                      {"valve", "feed", "ambient", "grade", "made", "temp", "wall", "moist", "power", "fail", "bad"});
    std::vector<double> mc_ms, mc_cpu;
    for (int r = 0; r < std::max(1, repeat / 2); ++r) {
        GraphMonteCarloOptions options;
        options.runs = runs;
        const double cpu0 = process_cpu_ms();
        const auto t0 = clock_type::now();
        const GraphMonteCarloResult result = run_graph_monte_carlo(study, window.baseline, kpis, options);
        mc_ms.push_back(ms_since(t0));
        mc_cpu.push_back(process_cpu_ms() - cpu0);
        if (r == 0)
            std::cout << fmt::format("  temp P10-P90 {:.2f}..{:.2f}, bad_rate P10-P90 {:.4f}..{:.4f}\n",
                                     result.p10.outputs.at("temp"), result.p90.outputs.at("temp"),
                                     result.p10.kpis.at("bad_rate"), result.p90.kpis.at("bad_rate"));
    }
    std::cout << fmt::format("{} Monte Carlo runs of {:.0f} h: p50 {:.0f} ms wall, {:.0f} ms CPU\n", runs, spec.horizon_h,
                             percentile(mc_ms, 0.5), percentile(mc_cpu, 0.5));

    // (d) Chance-constrained optimisation.
    GraphOptimizeOptions opt;
    opt.objective = "power";
    opt.constraints = {parse_constraint("P(temp<79)<=0.05", false)};
    opt.horizon_h = spec.horizon_h;
    opt.runs = std::min(100, runs);
    std::vector<double> opt_ms, opt_cpu;
    GraphOptimizeResult best;
    for (int r = 0; r < std::max(1, repeat / 2); ++r) {
        const double cpu0 = process_cpu_ms();
        const auto t0 = clock_type::now();
        best = optimize_graph_controls(study, opt);
        opt_ms.push_back(ms_since(t0));
        opt_cpu.push_back(process_cpu_ms() - cpu0);
    }
    std::cout << fmt::format("chance-constrained optimisation of valve and feed (minimise power, P(temp<79)<=0.05, {} "
                             "runs): p50 {:.0f} ms wall, {:.0f} ms CPU; power {:.3f} kW (baseline {:.3f}), temp 5 % "
                             "quantile {:.3f}, {} evaluations\n",
                             opt.runs, percentile(opt_ms, 0.5), percentile(opt_cpu, 0.5), best.objective,
                             best.baseline_objective, best.constraints.front().value, best.evaluations);
    return 0;
}
