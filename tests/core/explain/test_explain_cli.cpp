// `twinbench-cli explain` end to end on the planted plant (PRODUCT.md section 5): import
// with context roles, fit, explain an output's band, a window and a condition; JSON keys,
// exit codes, and the project left as it was.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explain/planted_plant.h"
#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::run_cli;
using test::TempDir;

const std::string cli = TWINBENCH_CLI_PATH;

class ExplainCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        test::write_planted_historian(test::make_planted_plant(2), (*dir_ / "line.csv").string());
        const auto imported = run_cli(cli, *dir_, {"import", project(), (*dir_ / "line.csv").string(), "--timezone", "UTC",
                                                   "--map", "output=Scrap", "--map", "control=Speed", "--map",
                                                   "disturbance=Humidity", "--map", "context=Line", "--map", "context=Lot",
                                                   "--map", "context=Operator", "--json"});
        ASSERT_EQ(imported.exit, 0) << imported.err_excerpt();
        const auto fitted = run_cli(cli, *dir_, {"fit", project()});
        ASSERT_EQ(fitted.exit, 0) << fitted.err_excerpt();
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string project() { return (*dir_ / "p.twin").string(); }
    static nlohmann::json explain(const std::vector<std::string>& mode) {
        std::vector<std::string> args{"explain", project()};
        args.insert(args.end(), mode.begin(), mode.end());
        args.push_back("--json");
        const auto run = run_cli(cli, *dir_, args);
        EXPECT_EQ(run.exit, 0) << run.err_excerpt();
        return run.exit == 0 ? nlohmann::json::parse(run.out) : nlohmann::json();
    }
    static TempDir* dir_;
};

TempDir* ExplainCli::dir_ = nullptr;

TEST_F(ExplainCli, OutputAboveItsBandPutsTheBadLotFirstWithTheSpecKeys) {
    const std::string before = test::read_bytes(*dir_ / "p.twin");
    const auto out = explain({"--output", "Scrap"});
    ASSERT_TRUE(out.contains("causes")) << out.dump();
    EXPECT_GT(out["excursion"]["rows"].get<int>(), 50);
    EXPECT_TRUE(out["excursion"].contains("rate") && out["excursion"].contains("reference_rate")) << out["excursion"].dump();
    ASSERT_TRUE(out["explained_by_process"].is_number());
    EXPECT_LT(out["explained_by_process"].get<double>(), 0.3);
    ASSERT_FALSE(out["causes"].empty());
    for (const auto& c : out["causes"])
        for (const char* key : {"name", "kind", "lift", "share_explained", "p_value", "conditional_p_value", "rows"})
            EXPECT_TRUE(c.contains(key)) << key << " in " << c.dump();
    EXPECT_EQ(out["causes"][0]["name"], "Lot=B-05");
    EXPECT_EQ(out["causes"][0]["kind"], "context");
    for (const auto& c : out["causes"])
        if (c["name"] == "Operator=Olsen") {
            EXPECT_FALSE(c["supported"].get<bool>());
        }
    EXPECT_EQ(test::read_bytes(*dir_ / "p.twin"), before);  // explain only reads
}

TEST_F(ExplainCli, HumidWeekWindowIsExplainedByTheProcess) {
    const auto out = explain({"--window", "2026-03-29..2026-04-05"});
    ASSERT_TRUE(out["explained_by_process"].is_number()) << out.dump();
    EXPECT_GT(out["explained_by_process"].get<double>(), 0.7);
    EXPECT_EQ(out["excursion"]["rows"].get<int>(), 7 * 48);
    bool humidity = false;
    for (const auto& c : out["causes"]) humidity |= c["name"] == "Humidity" && c["kind"] == "signal";
    EXPECT_TRUE(humidity);
}

TEST_F(ExplainCli, ConditionAndExitCodes) {
    const auto out = explain({"--condition", "Scrap > 25"});
    EXPECT_GT(out["excursion"]["rows"].get<int>(), 0);

    const auto none = run_cli(cli, *dir_, {"explain", project()});
    EXPECT_EQ(none.exit, 2);
    EXPECT_EQ(none.error_lines().size(), 1u) << none.err;
    const auto two = run_cli(cli, *dir_, {"explain", project(), "--output", "Scrap", "--condition", "Scrap > 25"});
    EXPECT_EQ(two.exit, 2);
    const auto bad_window = run_cli(cli, *dir_, {"explain", project(), "--window", "yesterday"});
    EXPECT_EQ(bad_window.exit, 2);
    const auto unknown = run_cli(cli, *dir_, {"explain", project(), "--output", "Nothing"});
    EXPECT_EQ(unknown.exit, 2);
    const auto empty = run_cli(cli, *dir_, {"explain", project(), "--window", "2030-01-01..2030-01-02"});
    EXPECT_EQ(empty.exit, 4);
    const auto missing = run_cli(cli, *dir_, {"explain", (*dir_ / "none.twin").string(), "--output", "Scrap"});
    EXPECT_EQ(missing.exit, 5);
}

}  // namespace
}  // namespace twinbench
