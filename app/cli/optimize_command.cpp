#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "opt/graph_optimizer.h"
#include "opt/optimizer.h"
#include "sim/horizon.h"
#include "sim/kpi_definition.h"
#include "sim/replay.h"
#include "sim/study.h"
#include "sim/twin_study.h"

namespace twinbench::cli {
namespace {

std::pair<double, double> parse_range(const std::string& text, const char* what) {
    const auto colon = text.find(':');
    try {
        if (colon != std::string::npos)
            return {std::stod(text.substr(0, colon)), std::stod(text.substr(colon + 1))};
    } catch (const std::exception&) {
    }
    throw UsageError(fmt::format("--{}-range '{}': use MIN:MAX", what, text));
}

class OptimizeCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand(
            "optimize", "Find the control settings that minimise an output or KPI under constraints");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option(
            "--minimize", minimize_,
            "KPI or weighted sum, e.g. energy_kwh_per_part or 0.7*energy_cost+0.3*scrap_rate");
        sub_->add_option("--maximize", maximize_, "KPI to maximise instead, e.g. throughput_per_h");
        sub_->add_option("--constraint", constraints_, "KPI<=VALUE, KPI>=VALUE or P(KPI>VALUE)<=P");
        sub_->add_option("--horizon", horizon_, "Horizon of the evaluation, e.g. 7d (default 7d)");
        sub_->add_option("--speed-range", speed_range_,
                         "Speed bounds MIN:MAX in m/min (default: the data's range)");
        sub_->add_option("--setpoint-range", setpoint_range_,
                         "Setpoint bounds MIN:MAX in °C (default: the data's range)");
        sub_->add_option("--pareto", pareto_,
                         "Second KPI of the Pareto front (default scrap_rate)");
        sub_->add_option("--control", controls_, "A control to set (repeatable; default: every numeric control)");
        sub_->add_option("--range", ranges_, "Bounds of a control: NAME=MIN:MAX (default: the data's range)");
        sub_->add_option("--kpi", kpis_, "A KPI 'NAME=EXPRESSION' to use in the objective or a constraint");
        sub_->add_option("--runs", runs_, "Monte Carlo runs behind chance constraints")
            ->check(CLI::Range(10, 100000));
        sub_->add_option("--seed", seed_, "Seed of the Monte Carlo runs");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        Project project(path_from_utf8(project_), Project::Mode::read_only);
        const TwinStudy twin = open_twin_study(project, dataset_);
        if (twin.fitted_now)
            std::cerr << "note: no models stored in the project; fitted them for this run (run "
                         "`fit` to store them)\n";
        if (!maximize_.empty() && !minimize_.empty())
            throw UsageError("give --minimize or --maximize, not both");
        if (!twin.furnace) return run_graph(twin);
        const Study& study = *twin.furnace;
        const auto window =
            replay_latest_window(study.table, study.twin, parse_horizon_hours(horizon_),
                                 ReplayControls::median, study.tariff);
        OptimizeOptions options;
        options.objective = parse_objective(!maximize_.empty()  ? maximize_
                                            : minimize_.empty() ? "energy_kwh_per_part"
                                                                : minimize_);
        options.objective.maximize = !maximize_.empty();
        for (const auto& c : constraints_) options.constraints.push_back(parse_constraint(c));
        for (const auto& e : window.envelope) {
            if (e.control == "speed")
                std::tie(options.bounds.speed_min, options.bounds.speed_max) =
                    std::pair{e.min, e.max};
            if (e.control == "setpoint")
                std::tie(options.bounds.setpoint_min, options.bounds.setpoint_max) =
                    std::pair{e.min, e.max};
        }
        if (!speed_range_.empty())
            std::tie(options.bounds.speed_min, options.bounds.speed_max) =
                parse_range(speed_range_, "speed");
        if (!setpoint_range_.empty())
            std::tie(options.bounds.setpoint_min, options.bounds.setpoint_max) =
                parse_range(setpoint_range_, "setpoint");
        options.pareto_kpi = pareto_;
        options.chance_runs = runs_;
        options.seed = seed_;
        const OptimizeResult r = optimize_controls(study.twin, window.inputs, options);
        if (json_) {
            std::cout << to_json(r).dump(2) << '\n';
        } else {
            std::cout << fmt::format(
                "best: speed {:.3f} m/min, setpoint {:.1f} °C, constraints {}\n",
                r.best.speed_m_per_min, r.best.setpoint_degC,
                r.best.constraints_met ? "met" : "NOT met");
            std::cout << to_json(r.best.kpis).dump() << '\n';
            std::cout << fmt::format("baseline (speed {:.3f}, setpoint {:.1f}): {}\n",
                                     window.baseline_speed_m_per_min, window.baseline_setpoint_degC,
                                     to_json(r.baseline).dump());
            std::cout << fmt::format("Pareto front ({} points, {} vs objective), {} evaluations\n",
                                     r.pareto.size(), r.pareto_kpi, r.evaluations);
        }
        if (!r.best.constraints_met) {
            std::cerr << "error: " << r.message << '\n';
            return static_cast<int>(ExitCode::model_failure);
        }
        return 0;
    }

  private:
    // Any process: the graph's controls, any output or KPI as objective and constraint.
    int run_graph(const TwinStudy& study) const {
        GraphOptimizeOptions options;
        const std::string target = !maximize_.empty() ? maximize_ : minimize_;
        if (target.empty()) {
            std::string outputs;
            for (const auto& o : study.graph.outputs()) outputs += (outputs.empty() ? "" : ", ") + o;
            throw UsageError("give the objective: --minimize NAME or --maximize NAME, an output or a KPI (outputs: " +
                             outputs + ")");
        }
        const Objective objective = parse_objective(target, false);
        if (objective.terms.size() != 1)
            throw UsageError(fmt::format("'{}': give one output or KPI (define a weighted sum as a KPI with --kpi)", target));
        options.objective = objective.terms.front().kpi;
        options.maximize = !maximize_.empty();
        for (const auto& c : constraints_) options.constraints.push_back(parse_constraint(c, false));
        options.controls = controls_;
        for (const auto& r : ranges_) {
            const auto eq = r.find('=');
            if (eq == std::string::npos) throw UsageError(fmt::format("--range '{}': use NAME=MIN:MAX", r));
            options.bounds[r.substr(0, eq)] = parse_range(r.substr(eq + 1), "range");
        }
        for (const auto& k : kpis_) options.kpis.push_back(parse_kpi_argument(k));
        if (!study.history.has_time()) {
            if (!horizon_.empty()) options.horizon_rows = static_cast<std::size_t>(std::stoul(horizon_));
        } else {
            options.horizon_h = parse_horizon_hours(horizon_);
        }
        options.runs = runs_;
        options.seed = seed_;
        const GraphOptimizeResult r = optimize_graph_controls(study, options);
        if (json_) {
            std::cout << to_json(r).dump(2) << '\n';
        } else {
            for (const auto& [name, value] : r.settings)
                std::cout << fmt::format("{:<28} {:>12.5g}  (baseline {:.5g})\n", name, value, r.baseline_settings.at(name));
            std::cout << fmt::format("{} {}: {:.5g} (baseline {:.5g}), constraints {}, {} evaluations\n",
                                     options.maximize ? "maximised" : "minimised", options.objective, r.objective,
                                     r.baseline_objective, r.constraints_met ? "met" : "NOT met", r.evaluations);
            for (const auto& c : r.constraints)
                std::cout << fmt::format("  {} {} {:.5g}{}: {:.5g} ({})\n", c.constraint.kpi,
                                         c.constraint.at_most ? "<=" : ">=", c.constraint.value,
                                         c.constraint.probability ? fmt::format(" with probability {:g}", 1.0 - *c.constraint.probability) : "",
                                         c.value, c.met ? "met" : "NOT met");
            for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
        }
        if (!r.constraints_met) {
            std::cerr << "error: " << r.message << '\n';
            return static_cast<int>(ExitCode::model_failure);
        }
        return 0;
    }

    std::string project_, dataset_, minimize_, maximize_, horizon_, speed_range_, setpoint_range_,
        pareto_;
    std::vector<std::string> constraints_, controls_, ranges_, kpis_;
    int runs_ = 200;
    std::uint64_t seed_ = 1;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_optimize_command() {
    return std::make_unique<OptimizeCommand>();
}

}  // namespace twinbench::cli
