// PRODUCT.md section 4 end to end with the real twinbench-cli on a process that is not the
// furnace line (the generated spray dryer): import with generic roles, fit (models.outputs
// with kind, inputs, terms, metrics, n_train, n_test), graph, simulate by control name
// (baseline/scenario outputs and kpis, p10/p90 with runs), --kpi, optimize, and the exit
// codes: an unknown control or a broken KPI expression exit 2 naming it (and the
// position), an output that cannot be modelled exit 4 naming what to map; the project byte
// for byte as it was after each failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/dryer_export.h"
#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

class AnyProcessCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        DryerSampleOptions options;
        options.days = 21;
        write_dryer_sample(*dir_ / "data", options);
        std::vector<std::string> args{"import", (*dir_ / "dryer.twin").string()};
        for (const char* f : {"historian.csv", "lab_moisture.csv", "bagging_15min.csv"})
            args.push_back((*dir_ / "data" / f).string());
        for (const char* m : {"control=Inlet air temp SP", "control=Feed rate", "disturbance=Feed solids",
                              "disturbance=Ambient humidity", "disturbance=Ambient temp", "output=Outlet air temp",
                              "output=Gas energy", "output=Residual moisture", "output=Bags filled",
                              "output=Bags off-spec"}) {
            args.emplace_back("--map");
            args.emplace_back(m);
        }
        args.emplace_back("--timezone");
        args.emplace_back(options.time_zone);
        const auto run = test::run_cli(TWINBENCH_CLI_PATH, *dir_, args);
        ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    test::CliRun cli(std::vector<std::string> args) const {
        args.insert(args.begin() + 1, (*dir_ / "dryer.twin").string());
        return test::run_cli(TWINBENCH_CLI_PATH, *dir_, args);
    }
    std::string project_bytes() const { return test::read_bytes(*dir_ / "dryer.twin"); }
    static test::TempDir* dir_;
};

test::TempDir* AnyProcessCli::dir_ = nullptr;

TEST_F(AnyProcessCli, FitGraphSimulateAndOptimizeByName) {
    const auto fit = cli({"fit", "--json"});
    ASSERT_EQ(fit.exit, 0) << fit.err_excerpt();
    const auto f = nlohmann::json::parse(fit.out);
    for (const char* output : {"Outlet air temp", "Gas energy", "Residual moisture", "Bags off-spec"}) {
        const auto& m = f["models"]["outputs"][output];
        for (const char* key : {"kind", "inputs", "terms", "metrics", "n_train", "n_test", "trust"})
            EXPECT_TRUE(m.contains(key)) << output << "." << key;
        EXPECT_GT(m["n_test"].get<int>(), 0) << output;
        for (const auto& t : m["terms"])
            for (const char* key : {"name", "estimate", "std_error"}) EXPECT_TRUE(t.contains(key));
    }
    EXPECT_EQ(f["models"]["outputs"]["Outlet air temp"]["kind"], "dynamic");
    EXPECT_EQ(f["models"]["outputs"]["Bags off-spec"]["kind"], "binomial");
    EXPECT_TRUE(f["models"]["outputs"]["Residual moisture"]["inputs"].dump().find("Outlet air temp") !=
                std::string::npos)
        << "the lab moisture follows the outlet temperature (a chained output)";

    const auto graph = cli({"graph", "--json"});
    ASSERT_EQ(graph.exit, 0) << graph.err_excerpt();
    const auto g = nlohmann::json::parse(graph.out);
    const auto order = g["simulation_order"].get<std::vector<std::string>>();
    const auto at = [&](const char* name) { return std::find(order.begin(), order.end(), name) - order.begin(); };
    EXPECT_LT(at("Outlet air temp"), at("Residual moisture"));

    const auto sim = cli({"simulate", "--set", "Inlet air temp SP=+5", "--runs", "50", "--kpi",
                          "gas_per_bag=sum(\"Gas energy\")/sum(\"Bags filled\")", "--json"});
    ASSERT_EQ(sim.exit, 0) << sim.err_excerpt();
    const auto s = nlohmann::json::parse(sim.out);
    for (const char* part : {"baseline", "scenario", "p10", "p90"}) {
        EXPECT_TRUE(s[part]["outputs"].contains("Outlet air temp")) << part;
        EXPECT_TRUE(s[part]["kpis"].contains("gas_per_bag")) << part;
    }
    EXPECT_GT(s["scenario"]["outputs"]["Outlet air temp"].get<double>(),
              s["baseline"]["outputs"]["Outlet air temp"].get<double>() + 2.0);
    EXPECT_LE(s["p10"]["outputs"]["Outlet air temp"].get<double>(), s["p90"]["outputs"]["Outlet air temp"].get<double>());
    EXPECT_TRUE(s["trust"].contains("Outlet air temp"));

    const auto back = cli({"simulate", "--backtest", "--horizon", "3d", "--json"});
    ASSERT_EQ(back.exit, 0) << back.err_excerpt();
    const auto b = nlohmann::json::parse(back.out);
    EXPECT_NEAR(b["simulated"]["outputs"]["Outlet air temp"].get<double>(),
                b["actual"]["outputs"]["Outlet air temp"].get<double>(), 1.0);

    const auto opt = cli({"optimize", "--minimize", "Gas energy", "--constraint", "Residual moisture<=3.6", "--json"});
    ASSERT_EQ(opt.exit, 0) << opt.err_excerpt();
    const auto o = nlohmann::json::parse(opt.out);
    EXPECT_TRUE(o["constraints_met"].get<bool>());
    EXPECT_LE(o["kpis"]["Residual moisture"].get<double>(), 3.6 + 1e-6);
    EXPECT_LE(o["kpis"]["Gas energy"].get<double>(), o["baseline"]["kpis"]["Gas energy"].get<double>());
    EXPECT_TRUE(o["settings"].contains("Feed rate"));
}

// simulate --csv on a process without the furnace template: every signal of both frames,
// one row per step, so that a spreadsheet continues where the twin stops.
TEST_F(AnyProcessCli, CsvHoldsEverySignalOfBaselineAndScenario) {
    ASSERT_EQ(cli({"fit"}).exit, 0);
    const auto csv_path = *dir_ / "whatif.csv";
    const auto run = cli({"simulate", "--set", "Inlet air temp SP=+5", "--horizon", "1d", "--csv", csv_path.string()});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    std::istringstream file(test::read_bytes(csv_path));
    const auto split = [](const std::string& line) {
        std::vector<std::string> cells;
        std::stringstream in(line);
        for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
        return cells;
    };
    std::string line;
    std::getline(file, line);
    const auto header = split(line);
    const auto column = [&](const std::string& name) {
        const auto it = std::find(header.begin(), header.end(), name);
        EXPECT_NE(it, header.end()) << name << " not in " << line;
        return static_cast<std::size_t>(it - header.begin());
    };
    EXPECT_EQ(header[0], "time_local");
    EXPECT_EQ(header[1], "time_utc");
    const std::size_t base_inlet = column("baseline Inlet air temp SP [°C]");
    const std::size_t scenario_inlet = column("scenario Inlet air temp SP [°C]");
    const std::size_t base_outlet = column("baseline Outlet air temp [°C]");
    const std::size_t scenario_outlet = column("scenario Outlet air temp [°C]");
    column("scenario Bags off-spec [count]");
    column("baseline Ambient humidity [g/kg]");
    std::size_t rows = 0;
    double outlet_rise = 0.0;
    while (std::getline(file, line)) {
        const auto cells = split(line + ",");  // a trailing empty cell stays a cell
        ASSERT_GE(cells.size(), header.size()) << line;
        EXPECT_NEAR(std::stod(cells[scenario_inlet]), std::stod(cells[base_inlet]) + 5.0, 1e-6) << line;
        if (!cells[base_outlet].empty() && !cells[scenario_outlet].empty())
            outlet_rise += std::stod(cells[scenario_outlet]) - std::stod(cells[base_outlet]);
        ++rows;
    }
    EXPECT_EQ(rows, 1440u);  // a day of one-minute steps
    EXPECT_GT(outlet_rise / static_cast<double>(rows), 2.0);  // the outlet follows the inlet
}

TEST_F(AnyProcessCli, ErrorsNameTheProblemAndLeaveTheProjectUnchanged) {
    ASSERT_EQ(cli({"fit"}).exit, 0);
    struct Case {
        std::vector<std::string> args;
        int exit;
        std::string needle;
    };
    const std::vector<Case> cases{
        {{"simulate", "--set", "Feed rat=+5%"}, 2, "'Feed rat' is not a control"},
        {{"simulate", "--set", "Gas energy=3", "--save-scenario", "x"}, 2, "'Gas energy' is an output, not a control"},
        {{"simulate", "--kpi", "x=sum(\"Gas enrgy\")", "--save-kpis"}, 2, "at character 5"},
        {{"simulate", "--kpi", "x=mean(NOX", "--save-kpis"}, 2, "KPI 'x'"},
        {{"simulate", "--limit", "Flux<=3"}, 2, "'Flux' is not a simulated series"},
        {{"optimize", "--minimize", "Flux"}, 2, "not an output or KPI"},
        {{"graph", "--add-edge", "Residual moisture->Outlet air temp"}, 2, "would close the cycle"},
        {{"graph", "--add-edge", "Outlet air temp->Feed rate"}, 2, "only outputs have inputs"},
    };
    for (const auto& c : cases) {
        const std::string before = project_bytes();
        const auto run = cli(c.args);
        EXPECT_EQ(run.exit, c.exit) << run.command << "\n" << run.err_excerpt();
        ASSERT_EQ(run.error_lines().size(), 1u) << run.command << "\n" << run.err_excerpt();
        EXPECT_NE(run.error_lines().front().find(c.needle), std::string::npos) << run.error_lines().front();
        EXPECT_EQ(project_bytes(), before) << run.command;
    }
}

TEST_F(AnyProcessCli, AnOutputThatCannotBeModelledIsExitFourNamingWhatToMap) {
    // A project whose only output has nothing to learn from (no control, no disturbance).
    test::TempDir dir;
    const auto csv = dir.write("flat.csv", "time,Outlet\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,2\n"
                                           "2026-01-01T00:02:00Z,3\n");
    const auto project = dir / "flat.twin";
    ASSERT_EQ(test::run_cli(TWINBENCH_CLI_PATH, dir, {"import", project.string(), csv.string(), "--map", "output=Outlet"})
                  .exit,
              0);
    const std::string before = test::read_bytes(project);
    const auto run = test::run_cli(TWINBENCH_CLI_PATH, dir, {"fit", project.string()});
    EXPECT_EQ(run.exit, 4) << run.err_excerpt();
    ASSERT_EQ(run.error_lines().size(), 1u) << run.err_excerpt();
    EXPECT_NE(run.error_lines().front().find("role control or disturbance"), std::string::npos)
        << run.error_lines().front();
    EXPECT_EQ(test::read_bytes(project), before);
}

}  // namespace
}  // namespace twinbench
