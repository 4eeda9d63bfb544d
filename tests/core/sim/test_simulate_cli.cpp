// `twinbench-cli simulate` and `optimize` end to end on a copy of the fitted sample
// project: the JSON keys of PRODUCT.md, the same numbers as the engine in-process, exit
// codes 2/3/4 with one `error:` line, and the project left byte for byte as it was when
// a command fails.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/sample_study.h"
#include "sim/what_if.h"
#include "support/cli_runner.h"

namespace twinbench {
namespace {

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class SimulateCli : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_ / "plant.twin";
        std::filesystem::copy_file(test::sample_study().project_path, project_);
    }
    test::CliRun cli(std::vector<std::string> args) {
        args.insert(args.begin() + 1, project_.string());
        return test::run_cli(TWINBENCH_CLI_PATH, dir_, args);
    }
    test::TempDir dir_;
    std::filesystem::path project_;
};

TEST_F(SimulateCli, JsonKeysAndTheEnginesNumbers) {
    const auto run =
        cli({"simulate", "--set", "speed=+5%", "--set", "setpoint=+2", "--runs", "50", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto j = nlohmann::json::parse(run.out);
    for (const char* part : {"baseline", "scenario", "p10", "p90"})
        for (auto key : kpi_keys)
            EXPECT_TRUE(j.at(part).contains(std::string(key))) << part << "." << key;
    Scenario s;
    s.name = "scenario";
    s.changes = {parse_set_argument("speed=+5%"), parse_set_argument("setpoint=+2")};
    // The same runs (the CLI's seed is 1): the headline is their median.
    WhatIfOptions options;
    options.runs = 50;
    options.seed = 1;
    const auto r = run_what_if(*test::sample_study().study, s, options);
    EXPECT_DOUBLE_EQ(j["scenario"]["energy_kwh"].get<double>(), r.result.kpis.energy_kwh);
    EXPECT_DOUBLE_EQ(j["baseline"]["scrap_rate"].get<double>(), r.baseline.kpis.scrap_rate);
    EXPECT_LE(j["p10"]["scrap_rate"].get<double>(), j["p90"]["scrap_rate"].get<double>());

    const auto back = cli({"simulate", "--backtest", "--horizon", "7d", "--json"});
    ASSERT_EQ(back.exit, 0) << back.err_excerpt();
    const auto b = nlohmann::json::parse(back.out);
    for (auto key : kpi_keys) {
        EXPECT_TRUE(b.at("simulated").contains(std::string(key)));
        EXPECT_TRUE(b.at("actual").contains(std::string(key)));
    }
}

TEST_F(SimulateCli, CsvAndStoredScenario) {
    const auto csv = dir_ / "series.csv";
    const auto run = cli({"simulate", "--set", "setpoint=-3", "--horizon", "24h", "--csv",
                          csv.string(), "--save-scenario", "cooler", "--note", "review"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto lines = test::lines_of(bytes_of(csv));
    EXPECT_EQ(lines.size(), 1u + 24u * 60u);  // header + one row per minute
    EXPECT_NE(lines.front().find("scenario furnace [°C]"), std::string::npos);
    const auto again = cli({"simulate", "--scenario", "cooler", "--json"});
    ASSERT_EQ(again.exit, 0) << again.err_excerpt();
    EXPECT_EQ(nlohmann::json::parse(again.out)["name"], "cooler");
}

TEST_F(SimulateCli, BadInputsGiveExitCodesAndLeaveTheProject) {
    const std::string before = bytes_of(project_);
    const auto broken = dir_.write(
        "broken.json",
        "{\"name\": \"x\",\n \"changes\": [\n  {\"control\": \"speed\", \"value\": }\n]}\n");
    struct Case {
        std::vector<std::string> args;
        int exit;
        std::string needle;
    };
    const std::vector<Case> cases{
        {{"simulate", "--scenario", broken.string()}, 3, "broken.json:3:"},
        {{"simulate", "--set", "flux=3"}, 2, "not a control"},
        {{"simulate", "--set", "speed=fast"}, 2, "not a number"},
        {{"simulate", "--horizon", "7x"}, 2, "--horizon"},
        {{"simulate", "--horizon", "900d"}, 2, "longer than the data"},
        {{"simulate", "--set", "speed=-100", "--save-scenario", "never"}, 2, "above 0"},
        {{"optimize", "--constraint", "scrap_rate<=0.0001", "--json"}, 4, "no setting"},
        {{"optimize", "--constraint", "scrap<=0.02"}, 2, "not a KPI"},
    };
    for (const auto& c : cases) {
        const auto run = cli(c.args);
        EXPECT_EQ(run.exit, c.exit) << run.command << "\n" << run.err_excerpt();
        ASSERT_EQ(run.error_lines().size(), 1u) << run.command << "\n" << run.err_excerpt();
        EXPECT_NE(run.error_lines().front().find(c.needle), std::string::npos)
            << run.error_lines().front();
        EXPECT_EQ(bytes_of(project_), before) << run.command;
    }
}

TEST_F(SimulateCli, OptimizeJson) {
    const auto run = cli({"optimize", "--minimize", "energy_kwh_per_part", "--constraint",
                          "scrap_rate<=0.02", "--horizon", "3d", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_TRUE(j["constraints_met"].get<bool>());
    EXPECT_LE(j["kpis"]["scrap_rate"].get<double>(), 0.02 * (1 + 1e-6));
    EXPECT_TRUE(j["settings"].contains("speed"));
    EXPECT_TRUE(j["settings"].contains("setpoint"));
    ASSERT_FALSE(j["pareto"].empty());
    EXPECT_TRUE(j["pareto"][0].contains("kpis"));
}

}  // namespace
}  // namespace twinbench
