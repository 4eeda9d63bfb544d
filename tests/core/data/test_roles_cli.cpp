// `twinbench-cli import` and `twinbench-cli roles` as an engineer uses them on a process
// that is not the furnace line: the proposed roles with their reasons, --map by name or
// by the header as written, role changes in one go, and errors (exit 2, one `error:`
// line naming what is wrong) that leave the project byte for byte as it was.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "data/project.h"
#include "support/cli_runner.h"

namespace twinbench {
namespace {

// Two days of a dryer at one-minute rows: the operator steps the inlet setpoint and the
// feed; the outlet follows both; the ambient drifts; a row number the historian added.
std::string dryer_csv() {
    std::mt19937 rng(17);
    std::normal_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> hold(40, 200);
    std::string csv =
        "Timestamp,Inlet air temp SP [°C],Outlet air temp [°C],Feed rate [kg/h],Ambient temp [°C],"
        "Gas energy [kWh],Row\n";
    double inlet = 190.0, feed = 900.0, outlet = 0.0, ambient = 8.0;
    int next_inlet = hold(rng), next_feed = hold(rng) + 15;
    for (int i = 0; i < 2880; ++i) {
        if (i == next_inlet) {
            inlet += 5.0 * std::round(unit(rng));
            if (std::abs(inlet - 190.0) > 20.0) inlet = 190.0;
            next_inlet += hold(rng);
        }
        if (i == next_feed) {
            feed += 50.0 * (unit(rng) > 0 ? 1.0 : -1.0);
            next_feed += hold(rng);
        }
        ambient += 0.02 * unit(rng);
        const double target = 0.55 * inlet - 0.03 * feed + 0.2 * ambient + 10.0;
        outlet = i == 0 ? target : outlet + (target - outlet) / 12.0;
        const double gas = 0.012 * feed + 0.02 * inlet + 0.05 * unit(rng);
        csv += fmt::format(
            "2026-03-{:02d}T{:02d}:{:02d}:00+01:00,{:.1f},{:.2f},{:.0f},{:.2f},{:.3f},{}\n",
            2 + i / 1440, (i / 60) % 24, i % 60, inlet, outlet + 0.3 * unit(rng), feed, ambient,
            gas, i + 1);
    }
    return csv;
}

class RolesCli : public ::testing::Test {
  protected:
    void SetUp() override {
        file_ = dir_.write("dryer.csv", dryer_csv());
        project_ = dir_ / "dryer.twin";
    }
    test::CliRun cli(const std::vector<std::string>& args) {
        return test::run_cli(TWINBENCH_CLI_PATH, dir_, args);
    }
    std::string bytes() const { return test::read_bytes(project_); }
    nlohmann::json roles_json() {
        const auto run = cli({"roles", project_.string(), "--json"});
        EXPECT_EQ(run.exit, 0) << run.err_excerpt();
        return nlohmann::json::parse(run.out);
    }
    static const nlohmann::json& column(const nlohmann::json& j, const std::string& name) {
        for (const auto& c : j.at("columns"))
            if (c.at("name") == name) return c;
        throw std::runtime_error("no column " + name);
    }
    static bool single_error_line(const std::string& err) {
        return err.rfind("error: ", 0) == 0 && err.find('\n') == err.size() - 1;
    }

    test::TempDir dir_;
    std::filesystem::path file_;
    std::filesystem::path project_;
};

TEST_F(RolesCli, ImportProposesRolesWithReasons) {
    const auto run =
        cli({"import", project_.string(), file_.string(), "--timezone", "Europe/Berlin", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto j = nlohmann::json::parse(run.out);
    for (const auto& c : j.at("columns"))
        for (const char* key : {"name", "type", "role", "unit", "proposed_role", "role_reason"})
            EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_EQ(column(j, "Inlet air temp SP").at("role"), "control");
    EXPECT_EQ(column(j, "Outlet air temp").at("role"), "output");
    EXPECT_EQ(column(j, "Feed rate").at("role"), "control");
    EXPECT_EQ(column(j, "Ambient temp").at("role"), "disturbance");
    EXPECT_EQ(column(j, "Row").at("role"), "none");
    EXPECT_NE(column(j, "Row").at("role_reason").get<std::string>().find("row counter"),
              std::string::npos);
    EXPECT_NE(column(j, "Feed rate").at("role_reason").get<std::string>().find("-> control"),
              std::string::npos);

    // The text output lists each reason beside the role.
    const auto again = dir_ / "text.twin";
    const auto text =
        cli({"import", again.string(), file_.string(), "--timezone", "Europe/Berlin"});
    ASSERT_EQ(text.exit, 0) << text.err_excerpt();
    EXPECT_NE(text.out.find("named like a setpoint (sp)"), std::string::npos) << text.out;
}

TEST_F(RolesCli, ImportMapWinsAndTakesTheHeaderAsWritten) {
    const auto run = cli({"import", project_.string(), file_.string(), "--json", "--map",
                          "output=Feed rate [kg/h]", "--map", "disturbance=Row", "--map",
                          "control=Outlet air temp"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(column(j, "Feed rate").at("role"), "output");
    EXPECT_EQ(column(j, "Feed rate").at("proposed_role"), "control");
    const std::string reason = column(j, "Feed rate").at("role_reason");
    EXPECT_NE(reason.find("set with --map output=Feed rate [kg/h]"), std::string::npos) << reason;
    EXPECT_NE(reason.find("proposed:"), std::string::npos) << reason;
    EXPECT_EQ(column(j, "Row").at("role"), "disturbance");
    EXPECT_EQ(column(j, "Outlet air temp").at("role"), "control");
}

TEST_F(RolesCli, ListsRolesAndProposals) {
    ASSERT_EQ(
        cli({"import", project_.string(), file_.string(), "--map", "output=Ambient temp"}).exit, 0);
    const auto before = bytes();
    const auto j = roles_json();
    EXPECT_EQ(j.at("dataset"), "dryer");
    EXPECT_EQ(j.at("columns").size(), 7u);
    for (const auto& c : j.at("columns"))
        for (const char* key : {"name", "type", "unit", "role", "proposed_role", "role_reason"})
            EXPECT_TRUE(c.contains(key)) << key;
    const auto& ambient = column(j, "Ambient temp");
    EXPECT_EQ(ambient.at("role"), "output");
    EXPECT_EQ(ambient.at("proposed_role"), "disturbance");
    EXPECT_EQ(ambient.at("unit"), "°C");
    EXPECT_EQ(column(j, "Timestamp").at("role"), "time");

    const auto text = cli({"roles", project_.string()});
    ASSERT_EQ(text.exit, 0) << text.err_excerpt();
    // Where the stored role differs from the proposal, the proposal and its reason.
    EXPECT_NE(
        text.out.find(
            "proposed disturbance: named like an ambient condition (ambient, °C) -> disturbance"),
        std::string::npos)
        << text.out;
    EXPECT_EQ(bytes(), before) << "listing must not change the project";
}

TEST_F(RolesCli, MapSetsSeveralRolesAtOnceAndNotesStaleModels) {
    ASSERT_EQ(cli({"import", project_.string(), file_.string()}).exit, 0);
    {
        // A project that holds fitted models (what `fit` stores).
        Project project(project_, Project::Mode::open_existing);
        project.replace_models(project.dataset("").id, {{"output:Outlet air temp", "", "{}"}});
    }
    const auto run = cli({"roles", project_.string(), "--map", "disturbance=Feed rate [kg/h]",
                          "--map", "output=Gas energy", "--map", "none=Ambient temp", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(column(j, "Feed rate").at("role"), "disturbance");
    EXPECT_EQ(column(j, "Gas energy").at("role"), "output");
    EXPECT_EQ(column(j, "Ambient temp").at("role"), "none");
    EXPECT_EQ(j.at("changed").size(), 3u);
    ASSERT_EQ(j.at("notes").size(), 1u);
    EXPECT_NE(j.at("notes")[0].get<std::string>().find("run twinbench-cli fit"), std::string::npos);

    // Stored: a later listing (and fit) sees them.
    const auto listed = roles_json();
    EXPECT_EQ(column(listed, "Feed rate").at("role"), "disturbance");
    EXPECT_EQ(column(listed, "Feed rate").at("proposed_role"), "control");
    EXPECT_EQ(column(listed, "Gas energy").at("role"), "output");
    EXPECT_EQ(column(listed, "Ambient temp").at("role"), "none");

    // Setting what is already set changes nothing and says so.
    const auto same = cli({"roles", project_.string(), "--map", "output=Gas energy"});
    ASSERT_EQ(same.exit, 0) << same.err_excerpt();
    EXPECT_NE(same.out.find("no role changed"), std::string::npos) << same.out;
}

TEST_F(RolesCli, ErrorsAreUsageErrorsAndLeaveTheProjectAsItWas) {
    ASSERT_EQ(cli({"import", project_.string(), file_.string()}).exit, 0);
    const auto before = bytes();
    struct Case {
        std::vector<std::string> args;
        std::string must_name;
    };
    const std::vector<Case> cases{
        // The good mapping first: nothing of it may be stored when a later one fails.
        {{"--map", "output=Gas energy", "--map", "control=Fan speed"}, "'Fan speed'"},
        {{"--map", "control=Fan speed"}, "'Feed rate'"},  // the columns are listed
        {{"--map", "actuator=Feed rate"}, "unknown role 'actuator'"},
        {{"--map", "Feed rate"}, "ROLE=COLUMN"},
        {{"--map", "time=Row"}, "time axis"},
        {{"--map", "control=Timestamp"}, "'Timestamp' is the time axis"},
        {{"--map", "speed=Feed rate", "--map", "speed=Row"}, "one speed column"},
        {{"--dataset", "kiln", "--map", "control=Row"}, "kiln"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"roles", project_.string()};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto run = cli(args);
        EXPECT_EQ(run.exit, 2) << run.command << "\n" << run.err;
        EXPECT_TRUE(single_error_line(run.err)) << run.err;
        EXPECT_NE(run.err.find(c.must_name), std::string::npos) << run.err;
        EXPECT_EQ(bytes(), before) << run.command << " changed the project";
    }
    const auto missing = cli({"roles", (dir_ / "nope.twin").string()});
    EXPECT_EQ(missing.exit, 5) << missing.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "nope.twin"));
}

}  // namespace
}  // namespace twinbench
