#include "opt/chance_runs.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

#include "data/robust_stats.h"
#include "sim/parallel_jobs.h"

namespace twinbench {
namespace {

// A prefix keeps a bound when its quantile is this many standard errors inside it.
constexpr double decided_standard_errors = 3.0;

enum class Verdict { open, kept, broken };

// Standard normal quantile z with Phi(z) = p, by Newton's method from 0 (monotone: Phi is
// concave on the side of the root).
double normal_quantile(double p) {
    double z = 0.0;
    for (int i = 0; i < 60; ++i) {
        const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
        const double step = (0.5 * std::erfc(-z / std::sqrt(2.0)) - p) / density;
        z -= step;
        if (std::abs(step) < 1e-12) break;
    }
    return z;
}

// Whether the first n of `total` runs already decide the bound (see the header). `values`
// are the prefix's KPI values (reordered).
Verdict decide(std::vector<double>& values, std::size_t total, const ChanceBound& b) {
    const std::size_t n = values.size();
    if (n >= total) return Verdict::open;
    // In the at-most form: x = kpi (or -kpi), breaking is x > limit, the level 1 - p.
    const double sign = b.at_most ? 1.0 : -1.0, limit = sign * b.value;
    const double q = 1.0 - b.probability;
    std::size_t breaking = 0;
    double sum = 0.0, sum2 = 0.0;
    for (double& v : values) {
        if (!std::isfinite(v)) return Verdict::open;  // the full count of finite runs matters
        v *= sign;
        if (v > limit) ++breaking;
        sum += v;
        sum2 += v * v;
    }
    const auto lo = static_cast<std::size_t>(std::floor(static_cast<double>(total - 1) * q));
    if (breaking >= total - lo) return Verdict::broken;
    // How far the N-run quantile can still move from the prefix's: the standard error of
    // a sample quantile of a normal KPI with the prefix's spread, for the runs not yet
    // simulated (the prefix is part of the N).
    const double mean = sum / static_cast<double>(n);
    const double sd = std::sqrt(std::max(sum2 / static_cast<double>(n) - mean * mean, 0.0) *
                                static_cast<double>(n) / static_cast<double>(n - 1));
    const double z = normal_quantile(q);
    const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
    const double se = sd * std::sqrt(q * (1.0 - q)) / density *
                      std::sqrt(1.0 / static_cast<double>(n) - 1.0 / static_cast<double>(total));
    const double quantile = quantile_inplace(values, q);
    return quantile + decided_standard_errors * se <= limit ? Verdict::kept : Verdict::open;
}

}  // namespace

ChanceRuns::ChanceRuns(const PlantTwin& twin, const SimulationInputs& inputs, int runs,
                       std::uint64_t seed, const std::vector<ChanceBound>& bounds,
                       double stored_bytes_max)
    : twin_(twin), seed_(seed), runs_(std::max(runs, 1)) {
    energy_ = std::any_of(bounds.begin(), bounds.end(), [](const ChanceBound& b) {
        const std::string_view k = kpi_keys[b.kpi];
        return k == "energy_kwh" || k == "energy_kwh_per_part" || k == "energy_cost";
    });
    if (static_cast<double>(runs_) * static_cast<double>(inputs.steps()) * sizeof(double) >
        stored_bytes_max)
        return;
    draws_.resize(static_cast<std::size_t>(runs_));
    run_parallel_jobs(runs_, 0, [&] {
        return [&](int r) { draw(inputs, r, draws_[static_cast<std::size_t>(r)]); };
    });
}

void ChanceRuns::draw(const SimulationInputs& inputs, int run, MonteCarloDraw& out) const {
    draw_monte_carlo_run(twin_, inputs, seed_, run, out);
    // A tenth of a run's time, and no bound reads it.
    if (!energy_) out.twin.energy.available = false;
}

void ChanceRuns::simulate_runs(const SimulationInputs& inputs, int first, int last,
                               std::vector<Kpis>& kpis) const {
    kpis.resize(static_cast<std::size_t>(runs_));
    run_parallel_jobs(last - first, 0, [&] {
        return [&, scratch = MonteCarloDraw{}](int j) mutable {
            const int r = first + j;
            const auto slot = static_cast<std::size_t>(r);
            if (draws_.empty()) draw(inputs, r, scratch);
            kpis[slot] =
                simulate_monte_carlo_run(draws_.empty() ? scratch : draws_[slot], inputs).kpis;
        };
    });
}

ChanceEstimate ChanceRuns::estimate(const SimulationInputs& inputs,
                                    const std::vector<ChanceBound>& bounds, bool adaptive) const {
    const int total = runs();
    std::vector<Kpis> kpis;
    std::vector<double> values;
    const auto collect = [&](std::size_t bound, int runs_done) {
        values.clear();
        for (int r = 0; r < runs_done; ++r)
            values.push_back(kpi_value(kpis[static_cast<std::size_t>(r)], bounds[bound].kpi));
    };
    int done = 0;
    int prefix = adaptive ? std::min(total, std::max(20, total / 8)) : total;
    std::vector<Verdict> verdicts(bounds.size(), Verdict::open);
    for (;;) {
        simulate_runs(inputs, done, prefix, kpis);
        done = prefix;
        bool decided = true;
        for (std::size_t i = 0; i < bounds.size() && decided && done < total; ++i) {
            collect(i, done);
            verdicts[i] = decide(values, static_cast<std::size_t>(total), bounds[i]);
            decided = verdicts[i] != Verdict::open;
        }
        if (done >= total || decided) break;
        prefix = std::min(total, 2 * prefix);
    }
    ChanceEstimate e;
    e.runs_used = done;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        const ChanceBound& b = bounds[i];
        collect(i, done);
        std::erase_if(values, [](double v) { return !std::isfinite(v); });
        double q = values.empty() ? NAN : quantile_inplace(values, b.level());
        if (done < total && verdicts[i] == Verdict::broken &&
            !(b.at_most ? q > b.value : q < b.value)) {
            // Broken by the count of breaking runs while the prefix's own quantile is
            // inside (a short prefix with a few far breaks): report the nearest break.
            double nearest = b.at_most ? INFINITY : -INFINITY;
            for (double v : values)
                if (b.at_most ? v > b.value : v < b.value)
                    nearest = b.at_most ? std::min(nearest, v) : std::max(nearest, v);
            q = nearest;
        }
        e.quantile.push_back(q);
    }
    return e;
}

}  // namespace twinbench
