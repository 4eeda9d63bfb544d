#include "opt/graph_optimizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlopt.hpp>

#include "common/error.h"
#include "data/robust_stats.h"
#include "models/model_json.h"
#include "sim/graph_monte_carlo.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"
#include "sim/parallel_jobs.h"

namespace twinbench {
namespace {

constexpr double feasible_tolerance = 1e-6;

struct Evaluation {
    double objective = 0.0;          // to minimise (the figure, negated when maximising)
    std::vector<double> constraint;  // <= 0 when met, relative to the bound
    std::vector<double> value;       // the constraint's figure (quantile for chance ones)
    std::map<std::string, double> figures;
    double worst() const {
        double w = 0.0;
        for (const double c : constraint) w = std::max(w, c);
        return w;
    }
};

std::map<std::string, double> figures_of(const GraphOutcome& o) {
    std::map<std::string, double> f = o.outputs;
    for (const auto& [name, v] : o.rates) f["rate(" + name + ")"] = v;
    for (const auto& [name, v] : o.kpis) f[name] = v;
    return f;
}

class GraphSearch {
  public:
    GraphSearch(const TwinStudy& study, const GraphOptimizeOptions& options)
        : study_(study), options_(options), window_(make_window(study, options)), kpis_(make_kpis()) {
        // The search runs on a 10-minute copy of the horizon (a tenth of the work on
        // 1-minute data), the answer on the data's own grid.
        const double step = window_.baseline.step_min;
        factor_ = step > 0.0 && step < 10.0 && window_.baseline.steps() > 1000 && !options.simulate_settings
                      ? static_cast<std::size_t>(std::lround(10.0 / step))
                      : 1;
        coarse_ = coarse_frame(window_.baseline, factor_);
        for (const auto& range : window_.controls) {
            if (range.categorical) continue;
            if (!options.controls.empty() &&
                std::find(options.controls.begin(), options.controls.end(), range.name) == options.controls.end())
                continue;
            double lo = range.min, hi = range.max;
            if (const auto b = options.bounds.find(range.name); b != options.bounds.end()) std::tie(lo, hi) = b->second;
            if (!(lo < hi))
                throw UsageError(fmt::format("the bounds of '{}' are empty or inverted ({:g} to {:g})", range.name, lo, hi));
            controls_.push_back(range.name);
            lo_.push_back(lo);
            hi_.push_back(hi);
            const auto held = options.baseline.find(range.name);
            baseline_.push_back(held != options.baseline.end() ? held->second : range.baseline);
        }
        for (const auto& c : options.controls)
            if (std::find(controls_.begin(), controls_.end(), c) == controls_.end())
                throw UsageError(fmt::format("'{}' is not a numeric control of the process graph (controls: {})", c,
                                             fmt::join(numeric_controls(), ", ")));
        for (const auto& [name, range] : options.bounds)
            if (std::find(controls_.begin(), controls_.end(), name) == controls_.end())
                throw UsageError(fmt::format("--range {}: not a numeric control (controls: {})", name,
                                             fmt::join(numeric_controls(), ", ")));
        if (controls_.empty())
            throw UsageError("the process graph has no numeric control to optimise; give a column the role control");
        // Every name the objective and the constraints use must be a figure of the twin.
        const auto probe = figures_of(graph_outcome(study, simulated_at(baseline_u()), &kpis_));
        const auto known = [&](const std::string& name) { return probe.count(name) != 0; };
        std::string names;
        for (const auto& [name, v] : probe) names += (names.empty() ? "" : ", ") + name;
        if (!known(options.objective))
            throw UsageError(fmt::format("--minimize/--maximize '{}': not an output or KPI of the twin (known: {})",
                                         options.objective, names));
        for (const auto& c : options.constraints)
            if (!known(c.kpi))
                throw UsageError(fmt::format("--constraint on '{}': not an output or KPI of the twin (known: {})", c.kpi,
                                             names));
        const bool chance = std::any_of(options.constraints.begin(), options.constraints.end(),
                                        [](const KpiConstraint& c) { return c.probability.has_value(); });
        if (chance && options.simulate_settings)
            throw UsageError("a chance constraint is judged over the history's window; this search runs on a plant of its "
                             "own (give the constraint without P(...))");
        if (chance)
            for (int r = 0; r < std::max(10, options.runs); ++r) draws_.push_back(draw_graph_run(study.twin, options.seed, r));
    }

    std::size_t dimensions() const { return controls_.size(); }
    const std::vector<std::string>& controls() const { return controls_; }
    int evaluations() const { return evaluations_; }

    std::vector<double> baseline_u() const {
        std::vector<double> u(controls_.size());
        for (std::size_t i = 0; i < u.size(); ++i) u[i] = std::clamp((baseline_[i] - lo_[i]) / (hi_[i] - lo_[i]), 0.0, 1.0);
        return u;
    }
    double setting(std::size_t i, double u) const { return lo_[i] + u * (hi_[i] - lo_[i]); }

    bool has_coarse() const { return factor_ > 1; }

    SignalFrame frame_at(const std::vector<double>& u, bool coarse = false) const {
        SignalFrame f = coarse ? coarse_ : window_.baseline;
        for (std::size_t i = 0; i < controls_.size(); ++i) {
            auto& v = f.at(controls_[i]).values;
            std::fill(v.begin(), v.end(), setting(i, u[i]));
        }
        return f;
    }

    // The twin's simulation at a setting: the window's, or the caller's plant.
    SignalFrame simulated_at(const std::vector<double>& u, bool coarse = false) const {
        if (options_.simulate_settings) {
            std::map<std::string, double> settings;
            for (std::size_t i = 0; i < controls_.size(); ++i) settings[controls_[i]] = setting(i, u[i]);
            return options_.simulate_settings(settings);
        }
        SignalFrame f = frame_at(u, coarse);
        simulate_graph(study_.twin, f);
        return f;
    }

    // The deterministic twin only (the scan); a chance constraint judged by its figure.
    Evaluation deterministic(const std::vector<double>& u, bool coarse = false) {
        ++evaluations_;
        report_progress();
        Evaluation e;
        e.figures = figures_of(graph_outcome(study_, simulated_at(u, coarse), &kpis_));
        e.objective = (options_.maximize ? -1.0 : 1.0) * e.figures.at(options_.objective);
        if (!std::isfinite(e.objective)) e.objective = std::numeric_limits<double>::max();
        for (const auto& c : options_.constraints) add_constraint(e, c, e.figures.at(c.kpi));
        return e;
    }

    // With the chance constraints over the runs drawn once.
    Evaluation full(const std::vector<double>& u, bool coarse = false) {
        Evaluation e = deterministic(u, coarse);
        if (draws_.empty()) return e;
        const SignalFrame f = frame_at(u, coarse);
        std::vector<std::map<std::string, double>> runs(draws_.size());
        run_parallel_jobs(static_cast<int>(draws_.size()), 0, [&] {
            return [&](int r) { runs[static_cast<std::size_t>(r)] = figures_of(simulate_graph_run(study_, draws_[static_cast<std::size_t>(r)], f, kpis_)); };
        });
        for (std::size_t k = 0; k < options_.constraints.size(); ++k) {
            const auto& c = options_.constraints[k];
            if (!c.probability) continue;
            std::vector<double> v;
            for (const auto& r : runs)
                if (const auto it = r.find(c.kpi); it != r.end() && std::isfinite(it->second)) v.push_back(it->second);
            // P(x > bound) <= p  <=>  the (1 - p) quantile <= bound; P(x < bound) <= p <=> the p quantile >= bound.
            const double q = v.empty() ? std::nan("") : quantile_inplace(v, c.at_most ? 1.0 - *c.probability : *c.probability);
            e.value[k] = q;
            e.constraint[k] = violation(c, q);
        }
        return e;
    }

    // Set once the caller asked to stop (nlopt swallows what its callbacks throw).
    bool cancelled() const { return cancelled_; }

  private:
    void report_progress() {
        if (cancelled_) throw Cancelled();
        if (!options_.progress) return;
        // The scan plus two polishes of up to 150 evaluations per control, and the final one.
        const double expected = options_.scan_points + 81.0 + 340.0 * static_cast<double>(controls_.size());
        if (!options_.progress(std::min(0.99, evaluations_ / expected), "optimising")) {
            cancelled_ = true;
            throw Cancelled();
        }
    }

    static GraphWindow make_window(const TwinStudy& study, const GraphOptimizeOptions& options) {
        // A plant of the caller's own may simulate outputs of its own (the furnace template's).
        if (study.twin.models.empty() && !options.simulate_settings)
            throw ModelError("nothing to optimise: no output of the process graph has a model (run fit)");
        WindowSpec spec;
        spec.horizon_h = options.horizon_h;
        spec.rows = options.horizon_rows;
        return graph_window(study.history, study.graph, spec);
    }

    KpiSet make_kpis() const {
        std::vector<KpiDefinition> definitions = study_.kpis;
        for (const auto& k : options_.kpis) {
            std::erase_if(definitions, [&](const KpiDefinition& d) { return d.name == k.name; });
            definitions.push_back(k);
        }
        std::vector<std::string> known;
        for (const auto& s : window_.baseline.series) known.push_back(s.name);
        return KpiSet(definitions, known);
    }

    std::vector<std::string> numeric_controls() const {
        std::vector<std::string> out;
        for (const auto& r : window_.controls)
            if (!r.categorical) out.push_back(r.name);
        return out;
    }

    static double violation(const KpiConstraint& c, double v) {
        if (!std::isfinite(v)) return 1e9;
        const double scale = std::max(std::abs(c.value), 1e-12);
        return (c.at_most ? v - c.value : c.value - v) / scale;
    }

    void add_constraint(Evaluation& e, const KpiConstraint& c, double v) const {
        e.value.push_back(v);
        e.constraint.push_back(violation(c, v));
    }

    const TwinStudy& study_;
    const GraphOptimizeOptions& options_;
    GraphWindow window_;
    std::size_t factor_ = 1;
    SignalFrame coarse_;
    KpiSet kpis_;
    std::vector<std::string> controls_;
    std::vector<double> lo_, hi_, baseline_;
    std::vector<GraphRunDraw> draws_;
    int evaluations_ = 0;
    bool cancelled_ = false;
};

bool better(const Evaluation& a, const Evaluation& b) {
    const bool fa = a.worst() <= feasible_tolerance, fb = b.worst() <= feasible_tolerance;
    if (fa != fb) return fa;
    return fa ? a.objective < b.objective : a.worst() < b.worst();
}

struct Point {
    std::vector<double> u;
    Evaluation eval;
};

// The starting points: a grid for up to two controls, a Latin hypercube beyond, and the
// baseline.
std::vector<std::vector<double>> scan_points(std::size_t d, int points, std::uint64_t seed) {
    std::vector<std::vector<double>> out;
    if (d <= 2) {
        const int n = d == 1 ? 17 : 9;
        const int total = d == 1 ? n : n * n;
        for (int i = 0; i < total; ++i) {
            std::vector<double> u(d);
            const int column = i % n, row = i / n;  // grid indices, whole numbers on purpose
            u[0] = static_cast<double>(column) / (n - 1);
            if (d == 2) u[1] = static_cast<double>(row) / (n - 1);
            out.push_back(u);
        }
        return out;
    }
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int>> strata(d, std::vector<int>(static_cast<std::size_t>(points)));
    for (auto& s : strata) {
        for (int i = 0; i < points; ++i) s[static_cast<std::size_t>(i)] = i;
        std::shuffle(s.begin(), s.end(), rng);
    }
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    for (int i = 0; i < points; ++i) {
        std::vector<double> u(d);
        for (std::size_t j = 0; j < d; ++j) u[j] = (strata[j][static_cast<std::size_t>(i)] + jitter(rng)) / points;
        out.push_back(u);
    }
    return out;
}

Point polish(GraphSearch& search, const Point& start, double tolerance, bool coarse, double initial_step, int max_per_dimension) {
    const std::size_t d = search.dimensions();
    const std::size_t constraints = start.eval.constraint.size();
    nlopt::opt opt(nlopt::LN_COBYLA, static_cast<unsigned>(d));
    opt.set_lower_bounds(std::vector<double>(d, 0.0));
    opt.set_upper_bounds(std::vector<double>(d, 1.0));
    opt.set_xtol_abs(tolerance);
    opt.set_maxeval(static_cast<int>(max_per_dimension) * static_cast<int>(d));
    opt.set_initial_step(initial_step);
    struct Cache {
        GraphSearch* search;
        bool coarse;
        std::vector<Point> seen;
        const Evaluation& at(const double* x) {
            for (auto it = seen.rbegin(); it != seen.rend(); ++it)
                if (std::equal(it->u.begin(), it->u.end(), x)) return it->eval;
            std::vector<double> u(x, x + dimensions);
            seen.push_back({u, search->full(u, coarse)});
            return seen.back().eval;
        }
        std::size_t dimensions = 0;
    } cache{&search, coarse, {start}, d};
    struct ConstraintData {
        Cache* cache;
        std::size_t index;
    };
    std::vector<ConstraintData> data;
    data.reserve(constraints);
    for (std::size_t c = 0; c < constraints; ++c) data.push_back({&cache, c});
    opt.set_min_objective([](unsigned, const double* x, double*, void* c) { return static_cast<Cache*>(c)->at(x).objective; },
                          &cache);
    for (auto& dd : data)
        opt.add_inequality_constraint(
            [](unsigned, const double* x, double*, void* v) {
                auto* cd = static_cast<ConstraintData*>(v);
                return cd->cache->at(x).constraint[cd->index];
            },
            &dd, 1e-7);
    std::vector<double> x = start.u;
    double f = 0.0;
    try {
        opt.optimize(x, f);
    } catch (const nlopt::roundoff_limited&) {
    } catch (const std::runtime_error&) {
    }
    if (search.cancelled()) throw Cancelled();
    Point best = start;
    for (const auto& p : cache.seen)
        if (better(p.eval, best.eval)) best = p;
    return best;
}

}  // namespace

GraphOptimizeResult optimize_graph_controls(const TwinStudy& study, const GraphOptimizeOptions& options) {
    GraphSearch search(study, options);
    const std::size_t d = search.dimensions();
    const bool coarse = search.has_coarse();
    std::vector<Point> scanned;
    for (const auto& u : scan_points(d, options.scan_points, options.seed))
        scanned.push_back({u, search.deterministic(u, coarse)});
    scanned.push_back({search.baseline_u(), search.deterministic(search.baseline_u(), coarse)});
    std::stable_sort(scanned.begin(), scanned.end(), [](const Point& a, const Point& b) { return better(a.eval, b.eval); });
    Point best;
    bool have = false;
    for (std::size_t i = 0; i < std::min<std::size_t>(2, scanned.size()); ++i) {
        Point start{scanned[i].u, search.full(scanned[i].u, coarse)};
        Point p = polish(search, start, options.tolerance, coarse, 0.1, 150);
        if (!have || better(p.eval, best.eval)) {
            best = p;
            have = true;
        }
    }
    // The answer on the data's own grid: a short polish from the coarse optimum.
    if (coarse) best = polish(search, {best.u, search.full(best.u)}, options.tolerance, false, 0.02, 40);
    const Evaluation base = search.full(search.baseline_u());

    GraphOptimizeResult r;
    for (std::size_t i = 0; i < d; ++i) {
        r.settings[search.controls()[i]] = search.setting(i, best.u[i]);
        r.baseline_settings[search.controls()[i]] = search.setting(i, search.baseline_u()[i]);
    }
    r.figures = best.eval.figures;
    r.baseline_figures = base.figures;
    r.objective = best.eval.figures.at(options.objective);
    r.baseline_objective = base.figures.at(options.objective);
    for (std::size_t k = 0; k < options.constraints.size(); ++k)
        r.constraints.push_back({options.constraints[k], best.eval.value[k], best.eval.constraint[k] <= feasible_tolerance});
    r.constraints_met = best.eval.worst() <= feasible_tolerance;
    if (!r.constraints_met)
        r.message = fmt::format("no setting of {} within its bounds meets the constraints; the closest misses by {:.1f} % "
                                "of the bound",
                                fmt::join(search.controls(), ", "), 100.0 * best.eval.worst());
    r.evaluations = search.evaluations();
    for (const auto& m : study.twin.models) {
        r.trust[m->output()] = m->report().trust;
        if (m->report().trust.level == TrustVerdict::Level::not_trusted)
            r.warnings.push_back(fmt::format("'{}' comes from a model that is {}", m->output(), m->report().trust.message));
    }
    return r;
}

nlohmann::json to_json(const GraphOptimizeResult& r) {
    const auto number = json_number;
    const auto figures = [&](const std::map<std::string, double>& m) {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [k, v] : m) j[k] = number(v);
        return j;
    };
    nlohmann::json j;
    j["settings"] = figures(r.settings);
    j["kpis"] = figures(r.figures);
    j["constraints_met"] = r.constraints_met;
    j["pareto"] = nlohmann::json::array();
    j["objective"] = number(r.objective);
    j["baseline"] = {{"settings", figures(r.baseline_settings)},
                     {"kpis", figures(r.baseline_figures)},
                     {"objective", number(r.baseline_objective)}};
    j["constraints"] = nlohmann::json::array();
    for (const auto& c : r.constraints) {
        nlohmann::json cj{{"name", c.constraint.kpi}, {"bound", c.constraint.value},
                          {"at_most", c.constraint.at_most}, {"value", number(c.value)}, {"met", c.met}};
        if (c.constraint.probability) cj["probability"] = *c.constraint.probability;
        j["constraints"].push_back(cj);
    }
    nlohmann::json trust = nlohmann::json::object();
    for (const auto& [o, v] : r.trust) trust[o] = twinbench::to_json(v);
    j["trust"] = trust;
    j["evaluations"] = r.evaluations;
    j["message"] = r.message;
    j["warnings"] = r.warnings;
    return j;
}

}  // namespace twinbench
