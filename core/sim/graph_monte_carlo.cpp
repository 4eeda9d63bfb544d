#include "sim/graph_monte_carlo.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <random>

#include "common/error.h"
#include "common/vector_normal.h"
#include "data/robust_stats.h"
#include "sim/parallel_jobs.h"
#include "sim/run_seed.h"

namespace twinbench {
namespace {

// Binomial(n, p) by inversion of the CDF for the small counts a step holds (expected
// n p + 1 iterations, no set-up per draw, which std::binomial_distribution pays for every
// new p); the library's sampler beyond.
double binomial_draw(double n, double p, std::mt19937_64& rng) {
    if (!(p > 0.0)) return 0.0;
    if (!(p < 1.0)) return n;
    if (n * std::min(p, 1.0 - p) > 30.0)
        return static_cast<double>(std::binomial_distribution<long long>(static_cast<long long>(n), p)(rng));
    const bool flip = p > 0.5;
    const double q = flip ? 1.0 - p : p;
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    double pk = std::pow(1.0 - q, n), cdf = pk, k = 0.0;
    while (u > cdf && k < n) {
        pk *= (n - k) / (k + 1.0) * q / (1.0 - q);
        k += 1.0;
        cdf += pk;
    }
    return flip ? n - k : k;
}

// The scatter of one output around its model in one run.
void add_output_noise(const GraphTwin& twin, const SignalFrame& frame, const OutputModel& model,
                      std::vector<double>& series, std::vector<double>& z, std::mt19937_64& rng) {
    switch (model.output_kind()) {
        case OutputKind::continuous: {
            z.resize(series.size());
            fill_standard_normals(rng, z.data(), z.size());
            if (const auto it = twin.sparse.find(model.output()); it != twin.sparse.end()) {
                // The bias walks on from its last measured value (no measurement ahead).
                const double sd_per_step = std::sqrt(std::max(0.0, it->second.walk_var_per_h) * frame.step_min / 60.0);
                double bias = 0.0;
                for (std::size_t k = 0; k < series.size(); ++k) {
                    bias += sd_per_step * z[k];
                    series[k] += bias;
                }
                return;
            }
            const double sd = model.noise_sd(), rho = model.noise_ar1();
            if (!(sd > 0.0)) return;
            const double innovation = sd * std::sqrt(std::max(0.0, 1.0 - rho * rho));
            double e = sd * z[0];
            if (model.log_scale()) {
                // Multiplicative scatter with mean 1 (lognormal), around the model's mean.
                const double offset = model.log_offset(), mean_shift = 0.5 * sd * sd;
                for (std::size_t k = 0; k < series.size(); ++k) {
                    const double y = (series[k] + offset) * std::exp(e - mean_shift) - offset;
                    series[k] = y < 0.0 ? 0.0 : y;  // a NaN step (missing input) stays NaN
                    if (k + 1 < series.size()) e = rho * e + innovation * z[k + 1];
                }
                return;
            }
            const double floor = model.never_negative() ? 0.0 : -std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < series.size(); ++k) {
                const double y = series[k] + e;
                series[k] = y < floor ? floor : y;
                if (k + 1 < series.size()) e = rho * e + innovation * z[k + 1];
            }
            return;
        }
        case OutputKind::count: {
            const auto& total = frame.at(model.total_signal()).values;
            for (std::size_t k = 0; k < series.size(); ++k) {
                const double n = std::round(total[k]);
                if (!std::isfinite(series[k]) || !(n > 0.0)) continue;
                series[k] = binomial_draw(n, std::clamp(series[k] / total[k], 0.0, 1.0), rng);
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

// Step by step P10/P50/P90 of each modelled output over the runs (missing values skipped).
void series_quantiles(const GraphTwin& twin, const std::vector<std::vector<std::vector<double>>>& runs,
                      std::size_t steps, std::map<std::string, StepBand>& out) {
    std::vector<double> v;
    const double q[3] = {0.1, 0.5, 0.9};
    for (std::size_t m = 0; m < twin.models.size(); ++m) {
        StepBand band;
        band.p10.assign(steps, std::nan(""));
        band.p50.assign(steps, std::nan(""));
        band.p90.assign(steps, std::nan(""));
        for (std::size_t k = 0; k < steps; ++k) {
            v.clear();
            for (const auto& run : runs)
                if (m < run.size() && k < run[m].size() && std::isfinite(run[m][k])) v.push_back(run[m][k]);
            if (v.empty()) continue;
            double values[3];
            quantiles_inplace(v, q, values);
            band.p10[k] = values[0];
            band.p50[k] = values[1];
            band.p90[k] = values[2];
        }
        out[twin.models[m]->output()] = std::move(band);
    }
}

}  // namespace

GraphRunDraw draw_graph_run(const GraphTwin& twin, std::uint64_t seed, int run) {
    std::mt19937_64 rng(run_seed(seed, run));
    GraphTwin drawn = perturbed_graph_twin(twin, rng);
    return {std::move(drawn), rng};
}

GraphOutcome simulate_graph_run(const TwinStudy& study, const GraphRunDraw& draw, SignalFrame frame,
                                const KpiSet& kpis, SignalFrame* kept) {
    std::mt19937_64 rng = draw.noise;
    std::vector<double> z;
    simulate_graph(draw.twin, frame, [&](const OutputModel& model, std::vector<double>& series) {
        add_output_noise(draw.twin, frame, model, series, z, rng);
    });
    GraphOutcome o = graph_outcome(study, std::move(frame), &kpis);
    if (kept != nullptr) *kept = std::move(o.frame);
    o.frame = SignalFrame{};
    return o;
}

GraphMonteCarloResult run_graph_monte_carlo(const TwinStudy& study, const SignalFrame& inputs, const KpiSet& kpis,
                                            const GraphMonteCarloOptions& options) {
    const int runs = std::max(options.runs, 1);
    GraphMonteCarloResult result;
    result.runs.resize(static_cast<std::size_t>(runs));
    std::mutex progress_mutex;
    int finished = 0;
    std::atomic<bool> cancelled{false};
    // With series_band: each run's modelled outputs, [run][model].
    std::vector<std::vector<std::vector<double>>> kept_outputs(options.series_band ? static_cast<std::size_t>(runs) : 0);
    run_parallel_jobs(runs, options.threads, [&] {
        return [&](int r) {
            if (cancelled.load(std::memory_order_relaxed)) return;
            SignalFrame frame;
            result.runs[static_cast<std::size_t>(r)] = simulate_graph_run(
                study, draw_graph_run(study.twin, options.seed, r), inputs, kpis, options.series_band ? &frame : nullptr);
            if (options.series_band)
                for (const auto& m : study.twin.models)
                    kept_outputs[static_cast<std::size_t>(r)].push_back(std::move(frame.at(m->output()).values));
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
    if (options.series_band) series_quantiles(study.twin, kept_outputs, inputs.steps(), result.series);
    return result;
}

}  // namespace twinbench
