#include "sim/graph_monte_carlo.h"

#include <atomic>
#include <cmath>
#include <mutex>
#include <random>

#include "common/error.h"
#include "data/robust_stats.h"
#include "sim/parallel_jobs.h"
#include "sim/run_seed.h"

namespace twinbench {
namespace {

// The scatter of one output around its model in one run.
void add_output_noise(const GraphTwin& twin, const SignalFrame& frame, const OutputModel& model,
                      std::vector<double>& series, std::mt19937_64& rng) {
    std::normal_distribution<double> z(0.0, 1.0);
    switch (model.output_kind()) {
        case OutputKind::continuous: {
            if (const auto it = twin.sparse.find(model.output()); it != twin.sparse.end()) {
                // The bias walks on from its last measured value (no measurement ahead).
                const double sd_per_step = std::sqrt(std::max(0.0, it->second.walk_var_per_h) * frame.step_min / 60.0);
                double bias = 0.0;
                for (double& v : series) {
                    bias += sd_per_step * z(rng);
                    v += bias;
                }
                return;
            }
            const double sd = model.noise_sd(), rho = model.noise_ar1();
            if (!(sd > 0.0)) return;
            const double innovation = sd * std::sqrt(std::max(0.0, 1.0 - rho * rho));
            double e = sd * z(rng);
            for (double& v : series) {
                v += e;
                e = rho * e + innovation * z(rng);
            }
            return;
        }
        case OutputKind::count: {
            const auto& total = frame.at(model.total_signal()).values;
            for (std::size_t k = 0; k < series.size(); ++k) {
                const double n = std::round(total[k]);
                if (!std::isfinite(series[k]) || !(n > 0.0)) continue;
                const double p = std::clamp(series[k] / total[k], 0.0, 1.0);
                series[k] = static_cast<double>(std::binomial_distribution<long long>(static_cast<long long>(n), p)(rng));
            }
            return;
        }
        case OutputKind::binary: {
            std::uniform_real_distribution<double> u(0.0, 1.0);
            for (double& v : series)
                if (std::isfinite(v)) v = u(rng) < v ? 1.0 : 0.0;
            return;
        }
    }
}

void quantiles_of(const std::vector<GraphOutcome>& runs, std::map<std::string, double> GraphOutcome::*member,
                  std::map<std::string, double> OutcomeBand::*target, OutcomeBand& p10, OutcomeBand& p50,
                  OutcomeBand& p90) {
    if (runs.empty()) return;
    std::vector<double> v;
    for (const auto& [name, ignored] : runs.front().*member) {
        v.clear();
        for (const auto& r : runs)
            if (const auto it = (r.*member).find(name); it != (r.*member).end() && std::isfinite(it->second))
                v.push_back(it->second);
        const double q[3] = {0.1, 0.5, 0.9};
        double out[3] = {std::nan(""), std::nan(""), std::nan("")};
        if (!v.empty()) quantiles_inplace(v, q, out);
        (p10.*target)[name] = out[0];
        (p50.*target)[name] = out[1];
        (p90.*target)[name] = out[2];
    }
}

}  // namespace

GraphMonteCarloResult run_graph_monte_carlo(const TwinStudy& study, const SignalFrame& inputs, const KpiSet& kpis,
                                            const GraphMonteCarloOptions& options) {
    const int runs = std::max(options.runs, 1);
    GraphMonteCarloResult result;
    result.runs.resize(static_cast<std::size_t>(runs));
    std::mutex progress_mutex;
    int finished = 0;
    std::atomic<bool> cancelled{false};
    run_parallel_jobs(runs, options.threads, [&] {
        return [&](int r) {
            if (cancelled.load(std::memory_order_relaxed)) return;
            std::mt19937_64 rng(run_seed(options.seed, r));
            const GraphTwin twin = perturbed_graph_twin(study.twin, rng);
            SignalFrame frame = inputs;
            simulate_graph(twin, frame, [&](const OutputModel& model, std::vector<double>& series) {
                add_output_noise(twin, frame, model, series, rng);
            });
            GraphOutcome o = graph_outcome(study, std::move(frame), &kpis);
            o.frame = SignalFrame{};
            result.runs[static_cast<std::size_t>(r)] = std::move(o);
            if (options.progress) {
                const std::lock_guard<std::mutex> lock(progress_mutex);
                ++finished;
                if (!options.progress(static_cast<double>(finished) / runs, "Monte Carlo"))
                    cancelled.store(true, std::memory_order_relaxed);
            }
        };
    });
    if (cancelled.load()) throw Cancelled();
    quantiles_of(result.runs, &GraphOutcome::outputs, &OutcomeBand::outputs, result.p10, result.p50, result.p90);
    quantiles_of(result.runs, &GraphOutcome::rates, &OutcomeBand::rates, result.p10, result.p50, result.p90);
    quantiles_of(result.runs, &GraphOutcome::kpis, &OutcomeBand::kpis, result.p10, result.p50, result.p90);
    return result;
}

}  // namespace twinbench
