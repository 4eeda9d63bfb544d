#include "opt/optimizer.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <fmt/format.h>
#include <nlopt.hpp>

#include "common/error.h"
#include "common/json_number.h"
#include "common/typed_number.h"
#include "opt/chance_runs.h"
#include "sim/coarse_inputs.h"
#include "sim/simulator.h"

namespace twinbench {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

double to_number(const std::string& text, const std::string& context) {
    std::size_t used = 0;
    double v = NAN;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v))
        throw UsageError(fmt::format("'{}': '{}' is not a number", context, text));
    return v;
}

std::string known_kpis() {
    std::string s;
    for (auto k : kpi_keys) s += (s.empty() ? "" : ", ") + std::string(k);
    return s;
}

// A name with spaces is written in double quotes, as in KPI expressions ("Gas energy").
std::string unquoted(const std::string& name) {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') return name.substr(1, name.size() - 2);
    return name;
}

void check_kpi(const std::string& kpi, const std::string& context) {
    if (kpi_index(kpi) < 0)
        throw UsageError(
            fmt::format("'{}': '{}' is not a KPI (KPIs: {})", context, kpi, known_kpis()));
}

// The bound of a constraint as typed: a share (scrap_rate, availability; the tiles show
// them in %) in percent ("3%") or as a fraction ("0.03"); another furnace KPI in its own
// unit, which may follow the number ("0.26 kWh/part"). A share above 1 without '%' is
// refused rather than guessed. Any process's outputs and KPIs: "%" divides by 100.
double constraint_value(const std::string& value_text, const std::string& kpi, const std::string& context,
                        bool furnace_kpis) {
    const auto n = parse_typed_number(value_text);
    if (!n)
        throw UsageError(fmt::format("'{}': '{}' is not a number (write e.g. {}<=3% or {}<=0.03{})", context,
                                     value_text, kpi, kpi,
                                     furnace_kpis ? "; KPIs: " + known_kpis() : std::string{}));
    if (n->percent()) return n->as_fraction();
    const int index = kpi_index(kpi);
    if (!furnace_kpis || index < 0) return n->value;
    const bool share = kpi == "scrap_rate" || kpi == "availability";
    const std::string unit = kpi_unit(static_cast<std::size_t>(index), "");
    if (share && !n->unit.empty())
        throw UsageError(fmt::format("'{}': {} is a share: write it in % ({}<=3%) or as a fraction ({}<=0.03)",
                                     context, kpi, kpi, kpi));
    if (share && std::abs(n->value) > 1.0)
        throw UsageError(fmt::format("'{}': {} is a share: {} reads as {} % of the parts; write {}% for "
                                     "{} percent (or {:g} as a fraction)",
                                     context, kpi, n->value, 100.0 * n->value, n->value, n->value,
                                     n->value / 100.0));
    if (!n->unit.empty() && !unit.empty() && kpi != "energy_cost" && n->unit != unit)
        throw UsageError(fmt::format("'{}': {} is in {}, not {}", context, kpi, unit, n->unit));
    return n->value;
}

struct Evaluation {
    Kpis kpis;
    std::vector<double> constraint;  // <= 0 when met, relative to the bound
    double objective = 0.0;
    bool all_runs = true;  // the chance constraints' quantiles over every run
};

// Which inputs an evaluation simulates: the data's grid (the answer), or the 10-minute
// copy that the search with chance constraints scans and polishes on first.
enum class Fidelity { fine, coarse };

// Steps of the coarse copy (sim/coarse_inputs.h): KPIs within about 1 % of the 1-minute
// grid at a tenth of the cost.
constexpr double coarse_step_min = 10.0;
// First step of the polish on the data's grid: the coarse optimum is within about a
// hundredth of the range of the fine one.
constexpr double fine_initial_step = 0.01;
constexpr double coarse_tolerance = 1e-3;

class Problem {
  public:
    Problem(const PlantTwin& twin, const SimulationInputs& inputs, const OptimizeOptions& options)
        : twin_(twin), options_(options) {
        fine_.work = inputs;
        baseline_ = simulate(twin, inputs).kpis;
        for (const auto& t : options.objective.terms) {
            const double b = kpi_value(baseline_, static_cast<std::size_t>(kpi_index(t.kpi)));
            if (!std::isfinite(b))
                throw ModelError(fmt::format(
                    "the objective needs {}, which the models do not simulate (see `fit`)", t.kpi));
            scale_.push_back(std::abs(b) > 0.0 ? std::abs(b) : 1.0);
        }
        for (const auto& c : options.constraints) {
            const auto k = static_cast<std::size_t>(kpi_index(c.kpi));
            if (!std::isfinite(kpi_value(baseline_, k)))
                throw ModelError(fmt::format(
                    "the constraint on {} cannot be evaluated: the models do not simulate it",
                    c.kpi));
            if (c.probability) chance_.push_back({k, c.at_most, c.value, *c.probability});
        }
        if (chance_.empty()) return;
        // The runs are drawn once for each grid (common random numbers: run r is the same
        // plant at every setting), not at every evaluation.
        fine_.runs.emplace(twin, inputs, options.chance_runs, options.seed, chance_);
        const int factor = static_cast<int>(std::lround(coarse_step_min / inputs.step_min));
        if (factor > 1 && inputs.steps() >= 24 * static_cast<std::size_t>(factor)) {
            coarse_.emplace();
            coarse_->work = coarsen_inputs(inputs, factor);
            coarse_->runs.emplace(twin, coarse_->work, options.chance_runs, options.seed, chance_);
        }
    }

    const Kpis& baseline() const { return baseline_; }
    int evaluations() const { return evaluations_; }
    long long chance_runs_simulated() const { return chance_runs_simulated_; }
    bool has_coarse() const { return coarse_.has_value(); }

    // extra: an additional upper bound (pareto sweep) on extra_kpi. all_runs: the chance
    // constraints over every run even where a prefix decides them (chance_runs.h).
    Evaluation evaluate(double speed, double setpoint, Fidelity fidelity,
                        const std::string& extra_kpi = {}, double extra_max = NAN,
                        bool all_runs = false) {
        ++evaluations_;
        Grid& grid = fidelity == Fidelity::coarse && coarse_ ? *coarse_ : fine_;
        set_controls(grid, speed, setpoint);
        const Kpis kpis = simulate(twin_, grid.work).kpis;
        ChanceEstimate chance;
        if (grid.runs) {
            chance = grid.runs->estimate(grid.work, chance_, !all_runs);
            chance_runs_simulated_ += chance.runs_used;
        }
        Evaluation e = score(kpis, chance, extra_kpi, extra_max);
        e.all_runs = !grid.runs || chance.runs_used >= grid.runs->runs();
        return e;
    }

  private:
    struct Grid {
        SimulationInputs work;           // controls overwritten by each evaluation
        std::optional<ChanceRuns> runs;  // with chance constraints
    };

    static void set_controls(Grid& grid, double speed, double setpoint) {
        std::fill(grid.work.speed_m_per_min.begin(), grid.work.speed_m_per_min.end(), speed);
        std::fill(grid.work.setpoint_degC.begin(), grid.work.setpoint_degC.end(), setpoint);
    }

    Evaluation score(const Kpis& kpis, const ChanceEstimate& chance, const std::string& extra_kpi,
                     double extra_max) const {
        Evaluation e;
        e.kpis = kpis;
        std::size_t next_chance = 0;
        for (const auto& c : options_.constraints) {
            const auto k = static_cast<std::size_t>(kpi_index(c.kpi));
            // P(kpi breaks the bound) <= p  <=>  the (1 - p) quantile (or p for >=) keeps it.
            const double v = c.probability ? chance.quantile[next_chance++] : kpi_value(e.kpis, k);
            const double scale = std::abs(c.value) > 0.0 ? std::abs(c.value) : 1.0;
            e.constraint.push_back(
                std::isfinite(v) ? (c.at_most ? v - c.value : c.value - v) / scale : 1e6);
        }
        if (!extra_kpi.empty()) {
            const double v = kpi_value(e.kpis, static_cast<std::size_t>(kpi_index(extra_kpi)));
            const double scale = std::abs(extra_max) > 0.0 ? std::abs(extra_max) : 1.0;
            e.constraint.push_back(std::isfinite(v) ? (v - extra_max) / scale : 1e6);
        }
        double f = 0.0;
        for (std::size_t t = 0; t < options_.objective.terms.size(); ++t) {
            const auto& term = options_.objective.terms[t];
            f += term.weight * kpi_value(e.kpis, static_cast<std::size_t>(kpi_index(term.kpi))) /
                 scale_[t];
        }
        e.objective = options_.objective.maximize ? -f : f;
        if (!std::isfinite(e.objective)) e.objective = 1e6;
        return e;
    }
    const PlantTwin& twin_;
    const OptimizeOptions& options_;
    Grid fine_;
    std::optional<Grid> coarse_;
    std::vector<ChanceBound> chance_;
    Kpis baseline_;
    std::vector<double> scale_;
    int evaluations_ = 0;
    long long chance_runs_simulated_ = 0;
};

// Relative violation still counted as met: COBYLA ends on the active constraint, within
// its own tolerance of it.
constexpr double feasible_tolerance = 1e-6;

double worst(const Evaluation& e) {
    double w = 0.0;
    for (double c : e.constraint) w = std::max(w, c);
    return w;
}

struct Candidate {
    double u0 = 0.0, u1 = 0.0;
    Evaluation eval;
};

// Better: feasible beats infeasible; among feasible the lower objective; among
// infeasible the smaller violation.
bool better(const Evaluation& a, const Evaluation& b) {
    const double wa = worst(a), wb = worst(b);
    const bool fa = wa <= feasible_tolerance, fb = wb <= feasible_tolerance;
    if (fa != fb) return fa;
    return fa ? a.objective < b.objective : wa < wb;
}

class Search {
  public:
    Search(Problem& problem, const DecisionBounds& b, double tolerance)
        : p_(problem), b_(b), tolerance_(tolerance), tol_(tolerance) {}

    // The grid the next scans and polishes evaluate on, and the first step of a polish (on
    // the normalised controls). The coarse grid's optimum is a start for the fine one,
    // a few hundredths of the range from it: no need to pin it down to the tolerance.
    void use(Fidelity fidelity, double initial_step = 0.05) {
        fidelity_ = fidelity;
        initial_step_ = initial_step;
        tol_ = fidelity == Fidelity::coarse ? std::max(tolerance_, coarse_tolerance) : tolerance_;
    }
    Evaluation evaluate(double u0, double u1, const std::string& extra_kpi = {},
                        double extra_max = NAN, bool all_runs = false) {
        return p_.evaluate(speed(u0), setpoint(u1), fidelity_, extra_kpi, extra_max, all_runs);
    }

    double speed(double u) const { return b_.speed_min + u * (b_.speed_max - b_.speed_min); }
    double setpoint(double u) const {
        return b_.setpoint_min + u * (b_.setpoint_max - b_.setpoint_min);
    }

    std::vector<Candidate> grid(int points, const std::string& extra_kpi = {},
                                double extra_max = NAN) {
        std::vector<Candidate> out;
        for (int i = 0; i < points; ++i)
            for (int j = 0; j < points; ++j) {
                const double u0 = points > 1 ? double(i) / (points - 1) : 0.5;
                const double u1 = points > 1 ? double(j) / (points - 1) : 0.5;
                out.push_back({u0, u1, evaluate(u0, u1, extra_kpi, extra_max)});
            }
        return out;
    }

    Candidate polish(const Candidate& start, const std::string& extra_kpi = {},
                     double extra_max = NAN) {
        const std::size_t constraints = start.eval.constraint.size();
        nlopt::opt opt(nlopt::LN_COBYLA, 2);
        opt.set_lower_bounds(std::vector<double>{0.0, 0.0});
        opt.set_upper_bounds(std::vector<double>{1.0, 1.0});
        opt.set_xtol_abs(tol_);
        opt.set_maxeval(400);
        opt.set_initial_step(initial_step_);
        // One evaluation serves the objective and every constraint at the same point, and
        // no point is evaluated twice (the start, COBYLA's answer).
        struct Cache {
            Search* s;
            std::string extra_kpi;
            double extra_max;
            std::vector<Candidate> seen;
            const Evaluation& at(const double* x) {
                for (auto it = seen.rbegin(); it != seen.rend(); ++it)
                    if (it->u0 == x[0] && it->u1 == x[1]) return it->eval;
                seen.push_back({x[0], x[1], s->evaluate(x[0], x[1], extra_kpi, extra_max)});
                return seen.back().eval;
            }
        } cache{this, extra_kpi, extra_max, {start}};
        struct ConstraintData {
            Cache* cache;
            std::size_t index;
        };
        std::vector<ConstraintData> data;
        data.reserve(constraints);
        for (std::size_t c = 0; c < constraints; ++c) data.push_back({&cache, c});
        opt.set_min_objective([](unsigned, const double* x, double*,
                                 void* d) { return static_cast<Cache*>(d)->at(x).objective; },
                              &cache);
        for (auto& d : data)
            opt.add_inequality_constraint(
                [](unsigned, const double* x, double*, void* v) {
                    auto* cd = static_cast<ConstraintData*>(v);
                    return cd->cache->at(x).constraint[cd->index];
                },
                &d, 1e-7);
        std::vector<double> x{start.u0, start.u1};
        double f = 0.0;
        try {
            opt.optimize(x, f);
        } catch (const nlopt::roundoff_limited&) {
            // Converged as far as floating point allows: x holds the best point.
        } catch (const std::runtime_error&) {
            return start;
        }
        Candidate c{x[0], x[1], cache.at(x.data())};
        // The best feasible point COBYLA visited: where the constraint is a quantile over
        // runs (kinks where two runs swap places) it can end on an infeasible point after
        // passing a better feasible one.
        Candidate visited = start;
        for (const auto& v : cache.seen)
            if (worst(v.eval) <= feasible_tolerance && better(v.eval, visited.eval)) visited = v;
        if (worst(c.eval) > feasible_tolerance && worst(start.eval) <= feasible_tolerance) {
            // COBYLA ends on the active constraint from either side; step back toward the
            // feasible start by bisection to the last feasible point on that segment, to
            // well below the tolerance (each step costs an evaluation, with chance
            // constraints a Monte Carlo).
            Candidate feasible = start;
            double lo = 0.0, hi = 1.0;  // fraction of the way from start to x
            const double length = std::hypot(x[0] - start.u0, x[1] - start.u1);
            for (int k = 0; k < 30 && (hi - lo) * length > 0.1 * tol_; ++k) {
                const double mid = 0.5 * (lo + hi);
                Candidate m{
                    start.u0 + mid * (x[0] - start.u0), start.u1 + mid * (x[1] - start.u1), {}};
                m.eval = evaluate(m.u0, m.u1, extra_kpi, extra_max);
                if (worst(m.eval) <= feasible_tolerance) {
                    lo = mid;
                    feasible = m;
                } else {
                    hi = mid;
                }
            }
            c = feasible;
        }
        if (better(visited.eval, c.eval)) c = visited;
        return better(c.eval, start.eval) ? c : start;
    }

  private:
    Problem& p_;
    DecisionBounds b_;
    double tolerance_, tol_;
    Fidelity fidelity_ = Fidelity::fine;
    double initial_step_ = 0.05;
};

OptimizedPoint point(const Search& s, const Candidate& c, std::size_t user_constraints) {
    OptimizedPoint p;
    p.speed_m_per_min = s.speed(c.u0);
    p.setpoint_degC = s.setpoint(c.u1);
    p.kpis = c.eval.kpis;
    p.objective = c.eval.objective;
    double w = 0.0;
    for (std::size_t i = 0; i < std::min(user_constraints, c.eval.constraint.size()); ++i)
        w = std::max(w, c.eval.constraint[i]);
    p.worst_violation = w;
    p.constraints_met = w <= feasible_tolerance;
    return p;
}

}  // namespace

KpiConstraint parse_constraint(const std::string& text, bool furnace_kpis) {
    KpiConstraint c;
    std::string body = trim(text);
    // Chance form: P(kpi>value)<=p  or  P(kpi<value)<=p
    if (body.rfind("P(", 0) == 0) {
        const auto close = body.find(')');
        const auto le = body.find("<=", close == std::string::npos ? 0 : close);
        if (close == std::string::npos || le == std::string::npos)
            throw UsageError(fmt::format(
                "--constraint '{}': a chance constraint reads P(scrap_rate>0.02)<=0.05", text));
        const std::string inner = body.substr(2, close - 2);
        const auto gt = inner.find('>'), lt = inner.find('<');
        const auto pos = gt != std::string::npos ? gt : lt;
        if (pos == std::string::npos)
            throw UsageError(
                fmt::format("--constraint '{}': inside P(...) use KPI>VALUE or KPI<VALUE", text));
        c.kpi = unquoted(trim(inner.substr(0, pos)));
        c.at_most = gt != std::string::npos;
        if (furnace_kpis) check_kpi(c.kpi, text);
        c.value = constraint_value(trim(inner.substr(pos + 1)), c.kpi, text, furnace_kpis);
        const auto p = parse_typed_number(trim(body.substr(le + 2)));
        if (!p || !(p->unit.empty() || p->percent()))
            throw UsageError(fmt::format("--constraint '{}': the probability is a number such as 0.05 or 5%", text));
        c.probability = p->as_fraction();
        if (!(*c.probability > 0.0 && *c.probability < 1.0))
            throw UsageError(
                fmt::format("--constraint '{}': the probability must be between 0 and 1 (0 % and 100 %)", text));
        return c;
    }
    for (const char* op : {"<=", ">="}) {
        const auto pos = body.find(op);
        if (pos == std::string::npos) continue;
        c.kpi = unquoted(trim(body.substr(0, pos)));
        c.at_most = std::string_view(op) == "<=";
        if (furnace_kpis) check_kpi(c.kpi, text);
        c.value = constraint_value(trim(body.substr(pos + 2)), c.kpi, text, furnace_kpis);
        return c;
    }
    throw UsageError(
        fmt::format("--constraint '{}': use KPI<=VALUE, KPI>=VALUE or P(KPI>VALUE)<=P (KPIs: {})",
                    text, known_kpis()));
}

Objective parse_objective(const std::string& text, bool furnace_kpis) {
    Objective o;
    std::size_t pos = 0;
    const std::string s = trim(text);
    while (pos < s.size()) {
        const auto plus = std::min(s.find('+', pos), s.size());
        const std::string part = trim(s.substr(pos, plus - pos));
        Objective::Term t;
        if (const auto star = part.find('*'); star != std::string::npos) {
            t.weight = to_number(trim(part.substr(0, star)), text);
            t.kpi = unquoted(trim(part.substr(star + 1)));
        } else {
            t.kpi = unquoted(part);
        }
        if (furnace_kpis) check_kpi(t.kpi, text);
        if (!(t.weight > 0.0))
            throw UsageError(fmt::format("'{}': weights must be positive", text));
        o.terms.push_back(t);
        pos = plus + 1;
    }
    if (o.terms.empty())
        throw UsageError("the objective is empty; name a KPI such as energy_kwh_per_part");
    return o;
}

OptimizeResult optimize_controls(const PlantTwin& twin, const SimulationInputs& inputs,
                                 const OptimizeOptions& options) {
    const auto& b = options.bounds;
    if (!(b.speed_min > 0.0 && b.speed_max >= b.speed_min && b.setpoint_max >= b.setpoint_min))
        throw UsageError(
            "optimiser bounds are empty or inverted; check the speed and setpoint ranges");
    if (options.objective.terms.empty()) throw UsageError("the optimiser needs an objective KPI");
    Problem problem(twin, inputs, options);
    Search search(problem, b, options.tolerance);
    OptimizeResult r;
    r.baseline = problem.baseline();

    // With chance constraints every evaluation is a Monte Carlo: the scan and the
    // multistart polish run on the 10-minute copy of the inputs, then one short polish
    // on the data's grid from the best point found gives the answer.
    const bool staged = problem.has_coarse();
    if (staged) search.use(Fidelity::coarse);
    auto grid = search.grid(std::max(options.grid_points, 2));
    std::vector<Candidate> ranked = grid;
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& x, const auto& y) { return better(x.eval, y.eval); });
    Candidate best = ranked.front();
    for (int s = 0; s < std::min<int>(std::max(options.starts, 1), static_cast<int>(ranked.size()));
         ++s) {
        const Candidate c = search.polish(ranked[static_cast<std::size_t>(s)]);
        if (better(c.eval, best.eval)) best = c;
    }
    if (staged) {
        search.use(Fidelity::fine, fine_initial_step);
        best = search.polish({best.u0, best.u1, search.evaluate(best.u0, best.u1)});
    }
    if (!best.eval.all_runs) best.eval = search.evaluate(best.u0, best.u1, {}, NAN, true);
    r.best = point(search, best, options.constraints.size());
    if (!r.best.constraints_met)
        r.message = fmt::format(
            "no setting within the bounds meets every constraint; the closest misses by {:.1f} % "
            "of a bound",
            100.0 * r.best.worst_violation);

    // Pareto front: minimise the objective with the second KPI capped at levels between
    // the best it can be and its value at the optimum.
    r.pareto_kpi = options.pareto_kpi;
    const bool objective_is_scrap =
        options.objective.terms.size() == 1 && options.objective.terms[0].kpi == "scrap_rate";
    if (r.pareto_kpi.empty())
        r.pareto_kpi = objective_is_scrap ? "energy_kwh_per_part" : "scrap_rate";
    check_kpi(r.pareto_kpi, "pareto");
    const auto k2 = static_cast<std::size_t>(kpi_index(r.pareto_kpi));
    if (options.pareto_points > 0 && std::isfinite(kpi_value(r.best.kpis, k2))) {
        double low = INFINITY;
        for (const auto& g : grid)
            if (worst(g.eval) <= feasible_tolerance || options.constraints.empty())
                low = std::min(low, kpi_value(g.eval.kpis, k2));
        const double high = kpi_value(r.best.kpis, k2);
        if (std::isfinite(low) && high > low) {
            for (int i = 0; i < options.pareto_points; ++i) {
                const double level =
                    low + (high - low) * (i + 1) / double(options.pareto_points + 1);
                if (staged) search.use(Fidelity::coarse);
                const auto sub = search.grid(5, r.pareto_kpi, level);
                const auto s = *std::min_element(
                    sub.begin(), sub.end(),
                    [](const auto& x, const auto& y) { return better(x.eval, y.eval); });
                Candidate c = search.polish(s, r.pareto_kpi, level);
                if (worst(c.eval) > feasible_tolerance) continue;
                if (staged) {
                    // Found on the coarse grid, shown as the data's grid simulates it.
                    search.use(Fidelity::fine);
                    c.eval = search.evaluate(c.u0, c.u1);
                }
                const OptimizedPoint p = point(search, c, options.constraints.size());
                if (p.constraints_met) r.pareto.push_back(p);
            }
        }
        r.pareto.push_back(r.best);
        std::sort(r.pareto.begin(), r.pareto.end(), [&](const auto& x, const auto& y) {
            return kpi_value(x.kpis, k2) < kpi_value(y.kpis, k2);
        });
        // A front holds no dominated point: a polish that stopped in another basin can
        // return one that a point with less of the second KPI beats on the objective too.
        std::vector<OptimizedPoint> front;
        for (const auto& p : r.pareto)
            if (front.empty() ||
                p.objective <= front.back().objective + 1e-4 * std::abs(front.back().objective))
                front.push_back(p);
        r.pareto = std::move(front);
    }
    r.evaluations = problem.evaluations();
    r.chance_runs = problem.chance_runs_simulated();
    return r;
}

nlohmann::json to_json(const OptimizeResult& r) {
    const auto settings = [](const OptimizedPoint& p) {
        return nlohmann::json{{"speed", json_number(p.speed_m_per_min)},
                              {"setpoint", json_number(p.setpoint_degC)}};
    };
    nlohmann::json j;
    j["settings"] = settings(r.best);
    j["kpis"] = to_json(r.best.kpis);
    j["constraints_met"] = r.best.constraints_met;
    j["baseline"] = to_json(r.baseline);
    j["pareto_kpi"] = r.pareto_kpi;
    j["pareto"] = nlohmann::json::array();
    for (const auto& p : r.pareto)
        j["pareto"].push_back({{"settings", settings(p)},
                               {"kpis", to_json(p.kpis)},
                               {"constraints_met", p.constraints_met}});
    j["evaluations"] = r.evaluations;
    if (!r.message.empty()) j["message"] = r.message;
    return j;
}

}  // namespace twinbench
