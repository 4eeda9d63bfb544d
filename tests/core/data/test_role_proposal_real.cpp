// The roles the importer proposes on the real data sets in the repo and on the furnace
// exports, with their reasons (printed, so a run shows the engineer's view). The furnace
// sample must keep exactly the roles the furnace models were built on.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "data/importer.h"
#include "data/project.h"
#include "sample/plant_export.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

const fs::path sample_dir = TWINBENCH_SAMPLE_DATA_DIR;
const fs::path test_data_dir = TWINBENCH_TEST_DATA_DIR;

struct Imported {
    std::map<std::string, Role> roles;
    std::map<std::string, std::string> reasons;
};

Imported import_and_print(const std::vector<fs::path>& files,
                          const std::string& time_zone = "UTC") {
    test::TempDir dir;
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = files;
    options.time_zone = time_zone;
    const ImportResult result = import_files(project, options);
    Imported out;
    for (const auto& c : result.columns) {
        std::printf("  %-38s %-16s %s\n", c.name.c_str(), std::string(role_name(c.role)).c_str(),
                    c.role_reason.c_str());
        EXPECT_EQ(c.role, c.proposed_role) << c.name << ": no --map was given";
        EXPECT_FALSE(c.role_reason.empty()) << c.name;
        EXPECT_NE(c.role_reason.find("-> " + std::string(role_name(c.role))), std::string::npos)
            << c.role_reason;
        out.roles[c.name] = c.role;
        out.reasons[c.name] = c.role_reason;
    }
    return out;
}

TEST(RoleProposalReal, GasTurbineAmbientDisturbancesAndEmissionOutputs) {
    std::vector<fs::path> files;
    for (int year = 2011; year <= 2015; ++year)
        files.push_back(test_data_dir / "real" / "gas_turbine_emissions" /
                        ("gt_" + std::to_string(year) + ".csv.gz"));
    const Imported r = import_and_print(files);
    // Ambient temperature, pressure, humidity and the air filter's pressure drop drift
    // smoothly from hour to hour (lag-1 autocorrelation 0.92 .. 1.00).
    for (const char* name : {"AT", "AP", "AH", "AFDP"}) {
        EXPECT_EQ(r.roles.at(name), Role::disturbance) << name;
        EXPECT_NE(r.reasons.at(name).find("drifts smoothly"), std::string::npos) << name;
    }
    for (const char* name : {"CO", "NOX"}) {
        EXPECT_EQ(r.roles.at(name), Role::output) << name;
        EXPECT_NE(r.reasons.at(name).find("emission"), std::string::npos) << name;
    }
    // The load (TEY) and what follows it move alike (lag-1 autocorrelation about 0.85):
    // nothing in names or movement marks TEY as the one the operator sets, so all are
    // proposed as outputs and the engineer maps TEY with --map control=TEY.
    for (const char* name : {"GTEP", "TIT", "TAT", "TEY", "CDP"}) {
        EXPECT_EQ(r.roles.at(name), Role::output) << name;
        EXPECT_NE(r.reasons.at(name).find("noisy continuous signal"), std::string::npos) << name;
    }
}

TEST(RoleProposalReal, SteelIndustryEnergy) {
    const Imported r = import_and_print(
        {sample_dir / "steel_energy" / "Steel_industry_data.csv.gz"}, "Asia/Seoul");
    EXPECT_EQ(r.roles.at("date"), Role::time);
    EXPECT_EQ(r.roles.at("Usage_kWh"), Role::energy);
    for (const char* name :
         {"Lagging_Current_Reactive.Power_kVarh", "Leading_Current_Reactive_Power_kVarh", "CO2",
          "Lagging_Current_Power_Factor", "Leading_Current_Power_Factor"})
        EXPECT_EQ(r.roles.at(name), Role::output) << name;
    // Seconds from midnight: counts up and resets every day of 2018.
    EXPECT_EQ(r.roles.at("NSM"), Role::none);
    EXPECT_NE(r.reasons.at("NSM").find("resets 365 times"), std::string::npos);
    for (const char* name : {"WeekStatus", "Day_of_week", "Load_Type"})
        EXPECT_EQ(r.roles.at(name), Role::disturbance) << name;
}

TEST(RoleProposalReal, Ai4iPerItemRecords) {
    const Imported r = import_and_print({sample_dir / "ai4i2020" / "ai4i2020.csv.gz"});
    EXPECT_EQ(r.roles.at("UDI"), Role::none);
    EXPECT_NE(r.reasons.at("UDI").find("row counter"), std::string::npos);
    EXPECT_EQ(r.roles.at("Product ID"), Role::none);
    EXPECT_EQ(r.roles.at("Type"), Role::material);
    EXPECT_EQ(r.roles.at("Machine failure"), Role::defect);
    EXPECT_EQ(r.roles.at("Tool wear"), Role::factor);
    EXPECT_EQ(r.roles.at("Rotational speed"), Role::control);
    // Not a furnace: "Air temperature" and "Process temperature" are not the furnace roles.
    EXPECT_EQ(r.roles.at("Air temperature"), Role::disturbance);
    EXPECT_EQ(r.roles.at("Process temperature"), Role::disturbance);
    EXPECT_EQ(r.roles.at("Torque"), Role::disturbance);
    EXPECT_NE(r.reasons.at("Torque").find("property of each record"), std::string::npos);
    // The failure modes are parts of the outcome: they must not become its predictors.
    for (const char* name : {"TWF", "HDF", "PWF", "OSF", "RNF"}) {
        EXPECT_EQ(r.roles.at(name), Role::none) << name;
        EXPECT_NE(r.reasons.at(name).find("beside the outcome 'Machine failure'"),
                  std::string::npos)
            << name;
    }
}

TEST(RoleProposalReal, ShippedFurnaceSampleKeepsItsRoles) {
    std::vector<fs::path> files;
    for (const char* name : {"historian_2026-02.csv.gz", "historian_2026-03.csv.gz",
                             "historian_2026-04.csv.gz", "historian_2026-05.csv.gz",
                             "manual_checks.csv.gz", "batches.csv.gz", "maintenance_log.csv.gz"})
        files.push_back(sample_dir / "plant" / name);
    const Imported r = import_and_print(files, "Europe/Berlin");
    // The roles the furnace models were built and tested on (before the generic roles).
    const std::map<std::string, Role> expected{
        {"Zeitstempel", Role::time},
        {"Line speed", Role::speed},
        {"Furnace setpoint", Role::setpoint},
        {"Furnace temperature", Role::furnace_temp},
        {"Ambient temperature", Role::ambient_temp},
        {"Relative humidity", Role::humidity},
        {"Parts produced", Role::produced},
        {"Parts scrapped", Role::scrap},
        {"Energy", Role::energy},
        {"Line state", Role::state},
        {"Conveyor wear", Role::factor},
        {"Batch start", Role::time},
        {"Batch", Role::context},  // side files' labels: the explainer's context (issue 17)
        {"Material grade", Role::material},
        {"Time", Role::time},
        {"Core temperature", Role::core_temp_check},
        {"Operator", Role::context},
        {"Comment", Role::none},
        {"Start", Role::time},
        {"Ende", Role::none},
        {"Art", Role::context},
        {"Bemerkung", Role::none},
    };
    EXPECT_EQ(r.roles, expected);
}

TEST(RoleProposalReal, GermanFurnaceExport) {
    test::TempDir dir;
    SampleOptions o;
    o.days = 10;
    o.seed = 4;
    apply_sample_variant(o, "german");
    write_sample_plant(dir / "plant", o);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir / "plant"))
        if (entry.path().extension() == ".csv") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    const Imported r = import_and_print(files, o.time_zone);
    EXPECT_EQ(r.roles.at("Datum/Uhrzeit"), Role::time);
    EXPECT_EQ(r.roles.at("Bandgeschwindigkeit"), Role::speed);
    EXPECT_EQ(r.roles.at("Ofen Sollwert"), Role::setpoint);
    EXPECT_EQ(r.roles.at("Ofentemperatur"), Role::furnace_temp);
    EXPECT_EQ(r.roles.at("Hallentemperatur"), Role::ambient_temp);
    EXPECT_EQ(r.roles.at("rel. Feuchte"), Role::humidity);
    EXPECT_EQ(r.roles.at("Teile"), Role::produced);
    EXPECT_EQ(r.roles.at("Ausschuss"), Role::scrap);
    EXPECT_EQ(r.roles.at("Energie"), Role::energy);
    EXPECT_EQ(r.roles.at("Status"), Role::state);
    // Belt wear: the head noun of the German compound comes last. The English export's
    // "Conveyor wear" is a factor too.
    EXPECT_EQ(r.roles.at("Bandverschleiß"), Role::factor);
    EXPECT_EQ(r.roles.at("Materialsorte"), Role::material);
    // Side files' labels are the explainer's context (issue 17); remarks and the end time are not.
    EXPECT_EQ(r.roles.at("Charge"), Role::context);
    EXPECT_EQ(r.roles.at("Art"), Role::context);
    for (const char* side : {"Bemerkung", "Ende"})
        EXPECT_EQ(r.roles.at(side), Role::none) << side;
}

}  // namespace
}  // namespace twinbench
