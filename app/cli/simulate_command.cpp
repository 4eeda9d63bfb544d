#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "sim/horizon.h"
#include "sim/kpi_definition.h"
#include "sim/scenario_store.h"
#include "sim/series_csv.h"
#include "sim/twin_study.h"
#include "sim/twin_what_if.h"

namespace twinbench::cli {
namespace {

// A KPI the twin does not compute (no soft sensor: no core temperature) reads "n/a", not "nan".
std::string kpi(double v, int width, int decimals) {
    return std::isfinite(v) ? fmt::format("{:{}.{}f}", v, width, decimals) : fmt::format("{:>{}}", "n/a", width);
}

void print_kpis(const std::string& title, const Kpis& k) {
    std::cout << fmt::format(
        "{:<10} throughput {} parts/h  scrap {} %  energy {} kWh  {} kWh/part  cost {}  core {} °C  "
        "availability {} %\n",
        title, kpi(k.throughput_per_h, 8, 1), kpi(100.0 * k.scrap_rate, 6, 3), kpi(k.energy_kwh, 9, 1),
        kpi(k.energy_kwh_per_part, 6, 4), kpi(k.energy_cost, 8, 2), kpi(k.core_temp_c, 6, 1),
        kpi(100.0 * k.availability, 5, 1));
}

std::string figure(const std::map<std::string, double>* values, const std::string& name) {
    if (values == nullptr) return "";
    const auto it = values->find(name);
    return it == values->end() ? "" : fmt::format("{:.5g}", it->second);
}

// The graph's outputs and KPIs, one row each: baseline, scenario, change, P10-P90.
void print_outcomes(const TwinWhatIfResult& r) {
    const auto table = [&](const char* what, std::map<std::string, double> GraphOutcome::*member,
                           std::map<std::string, double> OutcomeBand::*band) {
        if ((r.baseline.*member).empty()) return;
        std::cout << fmt::format("{:<28} {:>12} {:>12} {:>12} {:>25}\n", what, "baseline", r.scenario.name, "change",
                                 r.p10 ? "P10 .. P90" : "");
        for (const auto& [name, base] : r.baseline.*member) {
            const double scen = (r.result.*member).at(name);
            std::cout << fmt::format("{:<28} {:>12.5g} {:>12.5g} {:>+12.4g} {:>25}\n", name, base, scen, scen - base,
                                     r.p10 ? fmt::format("{} .. {}", figure(&((*r.p10).*band), name),
                                                         figure(&((*r.p90).*band), name))
                                           : "");
        }
    };
    table("output (mean)", &GraphOutcome::outputs, &OutcomeBand::outputs);
    table("rate (count / total)", &GraphOutcome::rates, &OutcomeBand::rates);
    table("KPI", &GraphOutcome::kpis, &OutcomeBand::kpis);
    for (const auto& [output, verdict] : r.trust) std::cout << fmt::format("trust '{}': {}\n", output, verdict.message);
}

class SimulateCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("simulate",
                                  "Simulate the process over a horizon: baseline (everything stays "
                                  "the same) and a scenario");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option(
            "--set", sets_,
            "Change a control by role or column name: NAME=VALUE, NAME=+DELTA, NAME=+P%, optionally @HH:MM-HH:MM; "
            "NAME=LEVEL for a categorical control");
        sub_->add_option("--scenario", scenario_,
                         "Scenario: a JSON file, or the name of a scenario stored in the project");
        sub_->add_option("--limit", limits_,
                         "Limit on a series or output, e.g. furnace_temp<=210, scrap_rate<=0.03, NOX<=80");
        sub_->add_option("--kpi", kpis_, "A KPI: 'NAME=EXPRESSION' over mean(S), sum(S), min(S), max(S), p10(S), "
                                         "p90(S) and hours, e.g. 'gas_per_t=sum(\"Gas energy\")/sum(Powder)'");
        sub_->add_flag("--save-kpis", save_kpis_, "Store the --kpi definitions with the dataset");
        sub_->add_option("--horizon", horizon_,
                         "Horizon, e.g. 7d, 36h (default 7d); for data without a time axis a number of rows");
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
        const bool writes = !save_as_.empty() || save_kpis_;
        Project project(path_from_utf8(project_),
                        writes ? Project::Mode::open_existing : Project::Mode::read_only);
        const TwinStudy study = open_twin_study(project, dataset_);
        if (study.fitted_now)
            std::cerr << "note: no models stored in the project; fitted them for this run (run "
                         "`fit` to store them)\n";
        const bool per_item = !study.history.has_time();
        std::size_t rows = 0;
        double horizon_h = 168.0;
        if (per_item && !horizon_.empty()) {
            rows = parse_rows(horizon_);
        } else if (!per_item) {
            horizon_h = parse_horizon_hours(horizon_);
        }
        if (backtest_) return backtest(study, horizon_h, rows);

        Scenario scenario;
        if (!scenario_.empty()) scenario = load_scenario(project, study.dataset, scenario_);
        if (scenario.name.empty()) scenario.name = save_as_.empty() ? "scenario" : save_as_;
        if (!horizon_.empty() || scenario_.empty()) scenario.horizon_h = horizon_h;
        for (const auto& s : sets_) scenario.changes.push_back(parse_set_argument(s));
        for (const auto& l : limits_) scenario.limits.push_back(parse_limit_argument(l, limit_units(study)));
        if (!note_.empty()) scenario.note = note_;

        TwinWhatIfOptions options;
        options.runs = runs_;
        options.seed = seed_;
        options.horizon_rows = rows;
        for (const auto& k : kpis_) options.extra_kpis.push_back(parse_kpi_argument(k));
        const TwinWhatIfResult r = run_twin_what_if(study, scenario, options);
        if (!csv_.empty()) {
            // The furnace template's own series where it simulates the line (furnace, core,
            // scrap, energy, state), else every signal of the graph's frames.
            if (r.furnace) write_series_csv(csv_, *r.furnace, study.dataset.time_zone);
            else write_series_csv(csv_, r, study.dataset.time_zone);
        }
        if (writes) {
            Project::Transaction tx(project);
            if (!save_as_.empty()) {
                scenario.name = save_as_;
                save_scenario(project, study.dataset, scenario);
            }
            if (save_kpis_) {
                std::vector<KpiDefinition> kpis = study.kpis;
                for (const auto& k : options.extra_kpis) {
                    std::erase_if(kpis, [&](const KpiDefinition& d) { return d.name == k.name; });
                    kpis.push_back(k);
                }
                store_kpis(project, study.dataset, kpis);
            }
            tx.commit();
        }
        if (json_) {
            std::cout << to_json(r).dump(2) << '\n';
            return 0;
        }
        if (r.furnace) {
            const auto& f = *r.furnace;
            std::cout << fmt::format(
                "window {} h ending at the last data row; baseline controls: speed {:.3g}, setpoint "
                "{:.4g}\n",
                scenario.horizon_h, f.window.baseline_speed_m_per_min, f.window.baseline_setpoint_degC);
            print_kpis("baseline", f.baseline.kpis);
            print_kpis(scenario.name, f.result.kpis);
            if (f.band) {
                print_kpis("P10", f.band->p10);
                print_kpis("P90", f.band->p90);
            }
            for (const auto& c : f.limits)
                std::cout << (c.crossed ? fmt::format("limit {}: crossed after {:.1f} h\n", c.limit.series,
                                                      c.hours_from_start)
                                        : fmt::format("limit {}: not crossed (worst {:.4g})\n", c.limit.series,
                                                      c.worst));
            for (const auto& e : f.extrapolation) std::cout << e.message << '\n';
        }
        print_outcomes(r);
        for (const auto& c : r.limits)
            std::cout << (c.crossed ? fmt::format("limit {}: crossed after {:.1f} {}\n", c.limit.series,
                                                  c.hours_from_start, per_item ? "rows" : "h")
                                    : fmt::format("limit {}: not crossed (worst {:.4g})\n", c.limit.series, c.worst));
        for (const auto& f : r.extrapolation) std::cout << f.message << '\n';
        for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
        if (r.furnace)
            for (const auto& w : r.furnace->warnings) std::cerr << "warning: " << w << '\n';
        return 0;
    }

  private:
    static std::size_t parse_rows(const std::string& text) {
        std::size_t rows = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), rows);
        if (ec != std::errc{} || ptr != text.data() + text.size() || rows == 0)
            throw UsageError(fmt::format("--horizon '{}': these data have no time axis, so the horizon is a number of "
                                         "rows (e.g. --horizon 2000)",
                                         text));
        return rows;
    }

    int backtest(const TwinStudy& study, double horizon_h, std::size_t rows) const {
        const TwinBacktest r = run_twin_backtest(study, horizon_h, rows);
        if (json_) {
            std::cout << to_json(r).dump(2) << '\n';
            return 0;
        }
        if (r.furnace) {
            print_kpis("simulated", r.furnace->simulated.kpis);
            print_kpis("actual", r.furnace->window.actual);
            for (const auto& w : r.furnace->warnings) std::cerr << "warning: " << w << '\n';
        }
        if (!r.simulated.empty())
            std::cout << fmt::format("{:<28} {:>12} {:>12} {:>10}\n", "output (mean)", "simulated", "actual", "rows");
        for (const auto& [name, s] : r.simulated)
            std::cout << fmt::format("{:<28} {:>12.5g} {:>12.5g} {:>10}\n", name, s, r.actual.at(name),
                                     r.compared.at(name));
        for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
        return 0;
    }

    std::string project_, dataset_, scenario_, horizon_, csv_, save_as_, note_;
    std::vector<std::string> sets_, limits_, kpis_;
    int runs_ = 1;
    std::uint64_t seed_ = 1;
    bool backtest_ = false;
    bool save_kpis_ = false;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_simulate_command() {
    return std::make_unique<SimulateCommand>();
}

}  // namespace twinbench::cli
