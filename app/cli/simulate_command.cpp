#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "data/project.h"
#include "sim/horizon.h"
#include "sim/scenario_store.h"
#include "sim/series_csv.h"
#include "sim/what_if.h"

namespace twinbench::cli {
namespace {

void print_kpis(const std::string& title, const Kpis& k) {
    std::cout << fmt::format(
        "{:<10} throughput {:8.1f} parts/h  scrap {:6.3f} %  energy {:9.1f} kWh  {:6.4f} kWh/part  "
        "cost {:8.2f}  "
        "core {:6.1f} °C  availability {:5.1f} %\n",
        title, k.throughput_per_h, 100.0 * k.scrap_rate, k.energy_kwh, k.energy_kwh_per_part,
        k.energy_cost, k.core_temp_c, 100.0 * k.availability);
}

class SimulateCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("simulate",
                                  "Simulate the plant over a horizon: baseline (everything stays "
                                  "the same) and a scenario");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option(
            "--set", sets_,
            "Change a control: ROLE=VALUE, ROLE=+DELTA, ROLE=+P%, optionally @HH:MM-HH:MM");
        sub_->add_option("--scenario", scenario_,
                         "Scenario: a JSON file, or the name of a scenario stored in the project");
        sub_->add_option("--limit", limits_,
                         "Limit on a series, e.g. furnace_temp<=210, scrap_rate<=0.03, wear<=90");
        sub_->add_option("--horizon", horizon_, "Horizon, e.g. 7d, 36h (default 7d)");
        sub_->add_option("--runs", runs_, "Monte Carlo runs (P10/P90 when > 1)")
            ->check(CLI::Range(1, 100000));
        sub_->add_option("--seed", seed_, "Seed of the Monte Carlo runs");
        sub_->add_option("--csv", csv_,
                         "Write the time series (baseline and scenario) to this CSV file");
        sub_->add_option("--save-scenario", save_as_,
                         "Store the scenario in the project under this name");
        sub_->add_option("--note", note_, "Note stored with --save-scenario");
        sub_->add_flag("--backtest", backtest_,
                       "Replay the latest horizon with the controls as recorded and compare");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        const bool writes = !save_as_.empty();
        Project project(project_, writes ? Project::Mode::open_existing : Project::Mode::read_only);
        const Study study = open_study(project, dataset_);
        if (study.models_fitted_now)
            std::cerr << "note: no models stored in the project; fitted them for this run (run "
                         "`fit` to store them)\n";
        const double horizon_h = parse_horizon_hours(horizon_);
        if (backtest_) return backtest(study, horizon_h);

        Scenario scenario;
        if (!scenario_.empty()) scenario = load_scenario(project, study.dataset, scenario_);
        if (scenario.name.empty()) scenario.name = save_as_.empty() ? "scenario" : save_as_;
        if (!horizon_.empty() || scenario_.empty()) scenario.horizon_h = horizon_h;
        for (const auto& s : sets_) scenario.changes.push_back(parse_set_argument(s));
        for (const auto& l : limits_) scenario.limits.push_back(parse_limit_argument(l));
        if (!note_.empty()) scenario.note = note_;

        WhatIfOptions options;
        options.runs = runs_;
        options.seed = seed_;
        options.keep_series = !csv_.empty();
        const WhatIfResult r = run_what_if(study, scenario, options);
        if (!csv_.empty()) write_series_csv(csv_, r, study.dataset.time_zone);
        if (writes) {
            scenario.name = save_as_;
            save_scenario(project, study.dataset, scenario);
        }
        if (json_) {
            std::cout << to_json(r).dump(2) << '\n';
            return 0;
        }
        std::cout << fmt::format(
            "window {} h ending at the last data row; baseline controls: speed {:.3g}, setpoint "
            "{:.4g}\n",
            scenario.horizon_h, r.window.baseline_speed_m_per_min, r.window.baseline_setpoint_degC);
        print_kpis("baseline", r.baseline.kpis);
        print_kpis(scenario.name, r.result.kpis);
        if (r.band) {
            print_kpis("P10", r.band->p10);
            print_kpis("P90", r.band->p90);
        }
        for (const auto& c : r.limits)
            std::cout << (c.crossed ? fmt::format("limit {}: crossed after {:.1f} h\n",
                                                  c.limit.series, c.hours_from_start)
                                    : fmt::format("limit {}: not crossed (worst {:.4g})\n",
                                                  c.limit.series, c.worst));
        for (const auto& f : r.extrapolation) std::cout << f.message << '\n';
        for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
        return 0;
    }

  private:
    int backtest(const Study& study, double horizon_h) const {
        const BacktestResult r = run_backtest(study, horizon_h);
        if (json_) {
            std::cout << to_json(r).dump(2) << '\n';
            return 0;
        }
        print_kpis("simulated", r.simulated.kpis);
        print_kpis("actual", r.window.actual);
        for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
        return 0;
    }

    std::string project_, dataset_, scenario_, horizon_, csv_, save_as_, note_;
    std::vector<std::string> sets_, limits_;
    int runs_ = 1;
    std::uint64_t seed_ = 1;
    bool backtest_ = false;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_simulate_command() {
    return std::make_unique<SimulateCommand>();
}

}  // namespace twinbench::cli
