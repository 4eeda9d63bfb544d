#include "sim/monte_carlo.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>

#include "common/error.h"
#include "data/robust_stats.h"
#include "sim/parallel_jobs.h"

namespace twinbench {
namespace {

// A run's part as its typed model draws it (OutputModel::draw's numbers and clamps),
// written into the run's copy of the part rather than into a copy of the model.
template <class Model, class Part>
void draw_part(const std::shared_ptr<const Model>& model, Part& part, std::mt19937_64& rng) {
    if (!model) return;
    if (const auto drawn = model->drawn_parameters(rng)) model->write_parameters(*drawn, part);
}

std::uint64_t run_seed(std::uint64_t seed, int run) {
    // splitmix64 of (seed, run): independent streams per run whatever the thread count.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(run + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

struct RunOutput {
    Kpis kpis;
    std::vector<double> furnace, core, scrap_rate, energy;  // hourly
};

void hourly(const SimulationInputs& in, const SimulationSeries& s, RunOutput& out) {
    const auto per_hour =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(60.0 / in.step_min)));
    const std::size_t hours = (in.steps() + per_hour - 1) / per_hour;
    out.furnace.assign(hours, 0.0);
    out.core.assign(hours, 0.0);
    out.scrap_rate.assign(hours, NAN);
    out.energy.assign(hours, 0.0);
    for (std::size_t h = 0; h < hours; ++h) {
        const std::size_t a = h * per_hour, b = std::min(in.steps(), a + per_hour);
        double f = 0, c = 0, p = 0, sc = 0, e = 0;
        std::size_t cn = 0;
        for (std::size_t i = a; i < b; ++i) {
            f += s.furnace_degC[i];
            if (std::isfinite(s.core_degC[i])) {
                c += s.core_degC[i];
                ++cn;
            }
            p += s.produced[i];
            sc += s.scrap[i];
            e += s.energy_kwh[i];
        }
        out.furnace[h] = f / static_cast<double>(b - a);
        out.core[h] = cn ? c / static_cast<double>(cn) : NAN;
        out.scrap_rate[h] = p > 0.0 ? sc / p : NAN;
        out.energy[h] = e;
    }
}

SeriesBand band_of(const std::vector<RunOutput>& runs, std::vector<double> RunOutput::*member,
                   const SimulationInputs& in) {
    SeriesBand b;
    if (runs.empty()) return b;
    const std::size_t hours = (runs.front().*member).size();
    const auto per_hour =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(60.0 / in.step_min)));
    std::vector<double> values;
    const double probabilities[] = {0.1, 0.5, 0.9};
    for (std::size_t h = 0; h < hours; ++h) {
        values.clear();
        for (const auto& r : runs)
            if (std::isfinite((r.*member)[h])) values.push_back((r.*member)[h]);
        b.time_s.push_back(in.time_s[std::min(h * per_hour, in.steps() - 1)]);
        if (values.empty()) {
            b.p10.push_back(NAN);
            b.p50.push_back(NAN);
            b.p90.push_back(NAN);
            continue;
        }
        double q[3];
        quantiles_inplace(values, probabilities, q);
        b.p10.push_back(q[0]);
        b.p50.push_back(q[1]);
        b.p90.push_back(q[2]);
    }
    return b;
}

// Hourly knots between two manual core checks (0: no checks over the horizon).
std::size_t knots_between_checks(double check_interval_h) {
    if (!std::isfinite(check_interval_h) || check_interval_h <= 0.0) return 0;
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(check_interval_h)));
}

}  // namespace

PlantTwin perturbed_twin(const PlantTwin& twin, std::mt19937_64& rng) {
    PlantTwin t = twin;
    // The furnace parts are drawn by the typed models they were read from: the models define
    // the distribution (means, covariances factored once per study, clamps). A twin without
    // them (the reference plant's truth) is exact in these parts.
    const FurnaceOutputModels& m = twin.models;
    draw_part(m.temperature, t.furnace, rng);
    draw_part(m.core, t.core, rng);
    draw_part(m.scrap, t.defect, rng);
    draw_part(m.energy, t.energy, rng);
    draw_part(m.throughput, t.throughput, rng);
    return t;
}

Kpis kpi_quantile(const std::vector<Kpis>& runs, double p) {
    Kpis out;
    std::vector<double> v;
    for (std::size_t k = 0; k < kpi_keys.size(); ++k) {
        v.clear();
        for (const auto& r : runs)
            if (std::isfinite(kpi_value(r, k))) v.push_back(kpi_value(r, k));
        kpi_ref(out, k) = v.empty() ? NAN : quantile_inplace(v, p);
    }
    return out;
}

void draw_monte_carlo_run(const PlantTwin& twin, const SimulationInputs& inputs, std::uint64_t seed,
                          int run, MonteCarloDraw& draw) {
    std::mt19937_64 rng(run_seed(seed, run));
    draw.twin = perturbed_twin(twin, rng);
    auto& walk = draw.core_bias_offset_degC;
    walk.resize(inputs.steps());
    // Error of the core-temperature estimate, the soft sensor's bias: a random walk
    // from today's value, drawn on hourly knots and interpolated (smooth at the
    // scale of a step; 168 draws a week cost far less than 10,080), plus an offset
    // that a manual check resets. The checks re-anchor the soft sensor, so between
    // two of them the estimate is off by one draw with the sd the check-interval
    // curve measured for this spacing, and the walk starts again from 0. Spacing
    // the checks therefore widens the core-temperature and scrap bands and, scrap
    // being convex around its optimum, raises the expected scrap: the seeds'
    // question of how far the checks can be spaced.
    const double q_per_step = twin.core.bias_q_degC2_per_h * inputs.step_min / 60.0;
    std::normal_distribution<double> z;
    const auto knot_steps =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(60.0 / inputs.step_min)));
    const double knot_sd = std::sqrt(std::max(q_per_step, 0.0) * static_cast<double>(knot_steps));
    const std::size_t check_knots = knots_between_checks(inputs.check_interval_h);
    const double check_sd = twin.core.soft_sensor_error_degC(
        check_knots > 0 ? static_cast<double>(check_knots)
                        : static_cast<double>(walk.size()) * inputs.step_min / 60.0);
    double offset = check_sd * z(rng);
    double from = 0.0, to = knot_sd > 0.0 ? knot_sd * z(rng) : 0.0;
    for (std::size_t i = 0, knot = 0; i < walk.size(); ++i) {
        const std::size_t k = i % knot_steps;
        if (k == 0 && i > 0) {
            ++knot;
            from = to;
            if (check_knots > 0 && knot % check_knots == 0) {
                from = 0.0;
                offset = check_sd * z(rng);
            }
            to = from + (knot_sd > 0.0 ? knot_sd * z(rng) : 0.0);
        }
        walk[i] =
            offset + from + (to - from) * static_cast<double>(k) / static_cast<double>(knot_steps);
    }
    // From a fresh distribution, as the scatter has always been drawn: z * sd + mean is
    // exactly what std::normal_distribution(mean, sd)(rng) returns for it.
    draw.scrap_scatter_z = std::normal_distribution<double>()(rng);
}

Kpis scatter_scrap(const Kpis& simulated, double expected_scrap_variance, double z) {
    Kpis k = simulated;
    // Binomial scatter of the scrap count (normal approximation: thousands of parts).
    if (std::isfinite(k.scrap) && k.produced > 0.0) {
        const double sd = std::sqrt(expected_scrap_variance);
        const double drawn = sd > 0.0 ? z * sd + k.scrap : k.scrap;
        const double scrap = std::clamp(drawn, 0.0, k.produced);
        const double good = k.produced - scrap;
        k.scrap = scrap;
        k.scrap_rate = scrap / k.produced;
        if (k.hours > 0.0) k.throughput_per_h = good / k.hours;
        if (std::isfinite(k.energy_kwh) && good > 0.0) k.energy_kwh_per_part = k.energy_kwh / good;
    }
    return k;
}

SimulationResult simulate_monte_carlo_run(const MonteCarloDraw& draw,
                                          const SimulationInputs& inputs,
                                          SimulationOptions options) {
    options.core_bias_offset_degC = &draw.core_bias_offset_degC;
    SimulationResult sim = simulate(draw.twin, inputs, options);
    sim.kpis = scatter_scrap(sim.kpis, sim.expected_scrap_variance, draw.scrap_scatter_z);
    return sim;
}

MonteCarloResult run_monte_carlo(const PlantTwin& twin, const SimulationInputs& inputs,
                                 const MonteCarloOptions& options) {
    const int runs = std::max(options.runs, 1);
    std::vector<RunOutput> out(static_cast<std::size_t>(runs));
    std::mutex progress_mutex;
    int finished = 0;
    std::atomic<bool> cancelled{false};
    run_parallel_jobs(runs, options.threads, [&] {
        return [&, draw = MonteCarloDraw{}](int r) mutable {
            if (cancelled.load(std::memory_order_relaxed)) return;
            draw_monte_carlo_run(twin, inputs, options.seed, r, draw);
            SimulationOptions so;
            so.keep_series = options.bands;
            so.kpi_mask = options.kpi_mask;
            const SimulationResult sim = simulate_monte_carlo_run(draw, inputs, so);
            RunOutput& o = out[static_cast<std::size_t>(r)];
            o.kpis = sim.kpis;
            if (options.bands) hourly(inputs, sim.series, o);
            if (options.progress) {
                const std::lock_guard lock(progress_mutex);
                ++finished;
                if (!options.progress(static_cast<double>(finished) / runs, "Monte Carlo"))
                    cancelled = true;
            }
        };
    });
    if (cancelled) throw Cancelled();

    MonteCarloResult result;
    result.runs.reserve(out.size());
    for (const auto& o : out) result.runs.push_back(o.kpis);
    result.p10 = kpi_quantile(result.runs, 0.1);
    result.p50 = kpi_quantile(result.runs, 0.5);
    result.p90 = kpi_quantile(result.runs, 0.9);
    if (options.bands) {
        result.furnace_degC = band_of(out, &RunOutput::furnace, inputs);
        result.core_degC = band_of(out, &RunOutput::core, inputs);
        result.scrap_rate = band_of(out, &RunOutput::scrap_rate, inputs);
        result.energy_kwh = band_of(out, &RunOutput::energy, inputs);
    }
    return result;
}

}  // namespace twinbench
