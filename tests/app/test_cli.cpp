// twinbench-cli as a user runs it: exit codes, the one-line `error:` messages and the JSON
// keys that PRODUCT.md section 3 promises.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace {

using twinbench::test::read_bytes;
using twinbench::test::TempDir;
namespace test = twinbench::test;

test::CliRun cli(const TempDir& dir, const std::vector<std::string>& args) {
    return test::run_cli(TWINBENCH_CLI_PATH, dir, args);
}

constexpr std::string_view historian =
    "Zeitstempel;Ofentemperatur [°C];Bandgeschwindigkeit [m/min];Luftfeuchte [%]\n"
    "16.02.2026 00:00:00;181,5;2,0;55\n"
    "16.02.2026 00:01:00;181,7;2,0;55\n"
    "16.02.2026 00:02:00;181,6;2,0;56\n"
    "16.02.2026 00:03:00;kaputt;2,0;56\n"
    "16.02.2026 00:04:00;181,8;2,1;56\n"
    "16.02.2026 00:05:00;181,9;2,1;56\n"
    "16.02.2026 00:06:00;181,8;2,1;57\n"
    "16.02.2026 00:07:00;181,7;2,1;57\n"
    "16.02.2026 00:08:00;181,6;2,1;57\n"
    "16.02.2026 00:09:00;181,6;2,1;57\n"
    "16.02.2026 00:10:00;181,5;2,1;57\n"
    "16.02.2026 00:11:00;181,4;2,1;57\n"
    "16.02.2026 00:12:00;181,4;2,1;58\n";

bool single_error_line(const std::string& err) {
    return err.rfind("error: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

TEST(Cli, VersionAndUsage) {
    TempDir dir;
    const auto version = cli(dir, {"--version"});
    EXPECT_EQ(version.exit, 0);
    EXPECT_NE(version.out.find("twinbench-cli " TWINBENCH_VERSION), std::string::npos) << version.out;
    const auto none = cli(dir, {});
    EXPECT_EQ(none.exit, 2);
    EXPECT_TRUE(single_error_line(none.err)) << none.err;
    const auto bad_option = cli(dir, {"import", "--frobnicate"});
    EXPECT_EQ(bad_option.exit, 2);
}

TEST(Cli, ImportJsonKeysAndRejectedRow) {
    TempDir dir;
    const auto file = dir.write("ofen.csv", historian);
    const auto run = cli(dir, {"import", (dir / "p.twin").string(), file.string(), "--timezone", "Europe/Berlin", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto json = nlohmann::json::parse(run.out);
    EXPECT_EQ(json["dataset"], "ofen");
    EXPECT_EQ(json["rows_imported"], 12);
    EXPECT_EQ(json["rows_rejected"], 1);
    ASSERT_EQ(json["rejected"].size(), 1u);
    EXPECT_EQ(json["rejected"][0]["line"], 5);
    EXPECT_NE(json["rejected"][0]["file"].get<std::string>().find("ofen.csv"), std::string::npos);
    EXPECT_NE(json["rejected"][0]["reason"].get<std::string>().find("kaputt"), std::string::npos);
    ASSERT_EQ(json["columns"].size(), 4u);
    for (const auto& c : json["columns"])
        for (const char* key : {"name", "type", "role", "unit"}) EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_EQ(json["columns"][1]["name"], "Ofentemperatur");
    EXPECT_EQ(json["columns"][1]["role"], "furnace_temp");
    EXPECT_EQ(json["columns"][1]["unit"], "°C");
    EXPECT_EQ(json["columns"][2]["role"], "speed");
    EXPECT_EQ(json["columns"][3]["role"], "humidity");
    EXPECT_EQ(json["columns"][0]["type"], "timestamp");
}

TEST(Cli, MapOverridesAndBadMappingsAreUsageErrors) {
    TempDir dir;
    const auto file = dir.write("ofen.csv", historian);
    const auto project = (dir / "p.twin").string();
    const auto mapped = cli(dir, {"import", project, file.string(), "--map", "ambient_temp=Ofentemperatur", "--json"});
    ASSERT_EQ(mapped.exit, 0) << mapped.err;
    const auto json = nlohmann::json::parse(mapped.out);
    EXPECT_EQ(json["columns"][1]["role"], "ambient_temp");
    const auto before = read_bytes(dir / "p.twin");
    const auto unknown_role = cli(dir, {"import", project, file.string(), "--map", "temperature=Ofentemperatur"});
    EXPECT_EQ(unknown_role.exit, 2);
    EXPECT_TRUE(single_error_line(unknown_role.err)) << unknown_role.err;
    const auto unknown_column = cli(dir, {"import", project, file.string(), "--map", "humidity=Feuchte"});
    EXPECT_EQ(unknown_column.exit, 2);
    EXPECT_NE(unknown_column.err.find("Feuchte"), std::string::npos);
    EXPECT_TRUE(read_bytes(dir / "p.twin") == before) << "a failed import changed the project";
}

TEST(Cli, BadInputNamesFileLineColumnAndCreatesNothing) {
    TempDir dir;
    const auto header_only = dir.write("leer.csv", "Zeit;Temperatur\n");
    const auto run = cli(dir, {"import", (dir / "p.twin").string(), header_only.string()});
    EXPECT_EQ(run.exit, 3);
    EXPECT_TRUE(single_error_line(run.err)) << run.err;
    EXPECT_NE(run.err.find("leer.csv:2:1: "), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "p.twin"));
    const auto missing = cli(dir, {"import", (dir / "p.twin").string(), (dir / "nope.csv").string()});
    EXPECT_EQ(missing.exit, 3);
    EXPECT_NE(missing.err.find("nope.csv"), std::string::npos);
}

// Issue 18: a column whose numbers read two ways is asked about, never guessed; the
// engineer's settings are checked before anything is written and recorded with the file.
TEST(Cli, ImportAsksForTheDecimalMarkAndTakesTheFormatOptions) {
    TempDir dir;
    const auto file = dir.write("waage.csv",
                                "Export Waage 3\n"
                                "Zeit;Gewicht [kg];Status\n"
                                "2026-01-14 06:00;1.234;OK\n"
                                "2026-01-14 06:15;2.500;OK\n"
                                "2026-01-14 06:30;;OK\n");
    const auto project = (dir / "p.twin").string();
    const auto asked = cli(dir, {"import", project, file.string(), "--timezone", "UTC"});
    EXPECT_EQ(asked.exit, 2);
    EXPECT_TRUE(single_error_line(asked.err)) << asked.err;
    EXPECT_NE(asked.err.find("waage.csv:3:2: "), std::string::npos) << asked.err;
    EXPECT_NE(asked.err.find("'Gewicht'"), std::string::npos) << asked.err;
    EXPECT_NE(asked.err.find("--decimal"), std::string::npos) << asked.err;
    EXPECT_FALSE(std::filesystem::exists(project));

    for (const auto& bad : std::vector<std::vector<std::string>>{{"--delimiter", "::"},
                                                                 {"--decimal", ";"},
                                                                 {"--thousands", "_"},
                                                                 {"--encoding", "no-such-encoding"},
                                                                 {"--decimal", ".", "--thousands", "."},
                                                                 {"--header-line", "-1"}}) {
        std::vector<std::string> args = {"import", project, file.string()};
        args.insert(args.end(), bad.begin(), bad.end());
        const auto run = cli(dir, args);
        EXPECT_EQ(run.exit, 2) << bad.front() << ": " << run.err;
        EXPECT_TRUE(single_error_line(run.err)) << run.err;
        EXPECT_NE(run.err.find(bad.front() == "--decimal" && bad.size() == 4 ? "--thousands" : bad.front()),
                  std::string::npos)
            << run.err;
        EXPECT_FALSE(std::filesystem::exists(project)) << bad.front();
    }

    const auto told = cli(dir, {"import", project, file.string(), "--timezone", "UTC", "--decimal", ",", "--json"});
    ASSERT_EQ(told.exit, 0) << told.err;
    const auto json = nlohmann::json::parse(told.out);
    EXPECT_EQ(json["files"][0]["decimal_mark"], ",");
    EXPECT_EQ(json["files"][0]["thousands"], ".");
    EXPECT_EQ(json["files"][0]["given"], "--decimal ','");
    EXPECT_EQ(json["files"][0]["header_line"], 2);
    ASSERT_EQ(json["skipped"].size(), 1u);
    EXPECT_EQ(json["skipped"][0]["line"], 1);
    EXPECT_EQ(json["skipped"][0]["text"], "Export Waage 3");
    EXPECT_EQ(json["columns"][1]["name"], "Gewicht");
    EXPECT_EQ(json["columns"][1]["missing"], 1);

    const auto text = cli(dir, {"import", (dir / "q.twin").string(), file.string(), "--decimal", "comma"});
    ASSERT_EQ(text.exit, 0) << text.err;
    EXPECT_NE(text.out.find("skipped: "), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("as given: --decimal ','"), std::string::npos) << text.out;
    const auto help = cli(dir, {"import", "--help"});
    for (const char* option : {"--encoding", "--delimiter", "--decimal", "--thousands", "--header-line"})
        EXPECT_NE(help.out.find(option), std::string::npos) << option;
}

TEST(Cli, AuditShowsOpenEnds) {
    TempDir dir;
    const auto file = dir.write("lose.csv",
                                "Los;Gueltig ab;Gueltig bis\n"
                                "L1;2026-01-05;9999-12-31\n"
                                "L2;2026-01-12;2026-03-31\n"
                                "L3;2026-01-19;9999-12-31\n");
    const auto project = (dir / "p.twin").string();
    ASSERT_EQ(cli(dir, {"import", project, file.string(), "--timezone", "Europe/Berlin"}).exit, 0);
    const auto run = cli(dir, {"audit", project, "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    bool seen = false;
    const auto json = nlohmann::json::parse(run.out);
    for (const auto& c : json["columns"])
        if (c["name"] == "Gueltig bis") {
            EXPECT_EQ(c["open_end_rows"], 2);
            seen = true;
        }
    EXPECT_TRUE(seen) << run.out;
    const auto text = cli(dir, {"audit", project});
    EXPECT_NE(text.out.find("open end in 2 rows"), std::string::npos) << text.out;
}

TEST(Cli, ProjectErrorsExitFive) {
    TempDir dir;
    const auto not_a_project = dir.write("x.twin", "hello");
    const auto audit = cli(dir, {"audit", not_a_project.string()});
    EXPECT_EQ(audit.exit, 5);
    EXPECT_TRUE(single_error_line(audit.err)) << audit.err;
    EXPECT_EQ(read_bytes(not_a_project), "hello");
    const auto absent = cli(dir, {"audit", (dir / "absent.twin").string()});
    EXPECT_EQ(absent.exit, 5);
}

TEST(Cli, AuditJsonKeysAndConditions) {
    TempDir dir;
    const auto file = dir.write("ofen.csv", historian);
    const auto project = (dir / "p.twin").string();
    ASSERT_EQ(cli(dir, {"import", project, file.string(), "--timezone", "UTC"}).exit, 0);
    const auto run = cli(dir, {"audit", project, "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto json = nlohmann::json::parse(run.out);
    for (const char* key : {"columns", "gaps", "duplicate_timestamps", "score"}) EXPECT_TRUE(json.contains(key)) << key;
    for (const auto& c : json["columns"])
        for (const char* key : {"missing_fraction", "flatline_fraction", "outlier_fraction", "min", "max", "p01", "p99"})
            EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_GE(json["score"].get<double>(), 0.0);
    EXPECT_LE(json["score"].get<double>(), 100.0);

    const auto humid = cli(dir, {"audit", project, "--condition", "humidity >= 57", "--save-condition", "humid", "--json"});
    ASSERT_EQ(humid.exit, 0) << humid.err;
    EXPECT_EQ(nlohmann::json::parse(humid.out)["rows"], 7);
    const auto stored = cli(dir, {"audit", project, "--condition", "humid", "--json"});
    ASSERT_EQ(stored.exit, 0) << stored.err;
    EXPECT_EQ(nlohmann::json::parse(stored.out)["rows"], 7);
    const auto typo = cli(dir, {"audit", project, "--condition", "humidty > 3"});
    EXPECT_EQ(typo.exit, 2);
    EXPECT_NE(typo.err.find("humidity"), std::string::npos) << typo.err;
}

TEST(Cli, SampleWritesThePlantAndItImports) {
    TempDir dir;
    const auto out = dir / "plant";
    const auto run = cli(dir, {"sample", out.string(), "--days", "3", "--seed", "7", "--step-minutes", "5"});
    ASSERT_EQ(run.exit, 0) << run.err;
    EXPECT_TRUE(std::filesystem::exists(out / "truth" / "truth.json"));
    std::vector<std::string> args = {"import", (dir / "p.twin").string()};
    for (const auto& e : std::filesystem::directory_iterator(out))
        if (e.path().extension() == ".csv") args.push_back(e.path().string());
    args.insert(args.end(), {"--dataset", "plant", "--timezone", "Europe/Berlin", "--json"});
    const auto imported = cli(dir, args);
    ASSERT_EQ(imported.exit, 0) << imported.err;
    const auto json = nlohmann::json::parse(imported.out);
    // Every exported row is imported but the malformed lines the generator planted.
    const auto truth = nlohmann::json::parse(read_bytes(out / "truth" / "truth.json"));
    std::int64_t exported = 0;
    for (const auto& f : truth["files"])
        if (f["name"].get<std::string>().rfind("truth/", 0) != 0) exported += f["rows"].get<std::int64_t>();
    const auto malformed = static_cast<std::int64_t>(truth["planted_defects"]["malformed_lines"].size());
    EXPECT_EQ(json["rows_imported"].get<std::int64_t>(), exported - malformed);
    EXPECT_EQ(json["rows_rejected"].get<std::int64_t>(), malformed);
    const auto bad_days = cli(dir, {"sample", out.string(), "--days", "0"});
    EXPECT_EQ(bad_days.exit, 2);
}

TEST(Cli, SampleVariantsAndTheirErrors) {
    TempDir dir;
    const auto out = dir / "line2";
    const auto run = cli(dir, {"sample", out.string(), "--days", "2", "--variant", "independent",
                               "--physics-seed", "5"});
    ASSERT_EQ(run.exit, 0) << run.err;
    EXPECT_NE(run.out.find("variant independent"), std::string::npos) << run.out;
    EXPECT_TRUE(std::filesystem::exists(out / "ofenlinie_export.csv"));
    EXPECT_FALSE(std::filesystem::exists(out / "manual_checks.csv"));
    const auto truth = nlohmann::json::parse(read_bytes(out / "truth" / "truth.json"));
    EXPECT_EQ(truth["options"]["variant"], "independent");
    EXPECT_EQ(truth["options"]["physics_seed"], 5);
    EXPECT_EQ(truth["physics"]["seed"], 5);
    EXPECT_EQ(truth["scrap_model"], "direct");
    EXPECT_EQ(truth["time_zone"], "Europe/Vienna");
    // --physics-seed alone: a perturbed plant, recorded as such.
    const auto perturbed = cli(dir, {"sample", (dir / "p").string(), "--days", "1", "--physics-seed", "2"});
    ASSERT_EQ(perturbed.exit, 0) << perturbed.err;
    EXPECT_EQ(nlohmann::json::parse(read_bytes(dir / "p" / "truth" / "truth.json"))["options"]["variant"],
              "perturbed");
    const auto unknown = cli(dir, {"sample", (dir / "x").string(), "--variant", "no-checks,dryer"});
    EXPECT_EQ(unknown.exit, 2);
    EXPECT_TRUE(single_error_line(unknown.err)) << unknown.err;
    EXPECT_NE(unknown.err.find("'dryer'"), std::string::npos) << unknown.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "x"));
}

TEST(Cli, SampleDryerTemplateWritesTheDryerAndItImports) {
    TempDir dir;
    const auto out = dir / "dryer";
    const auto run = cli(dir, {"sample", out.string(), "--template", "dryer", "--days", "3", "--seed", "7"});
    ASSERT_EQ(run.exit, 0) << run.err;
    EXPECT_NE(run.out.find("reference spray dryer: 3 days"), std::string::npos) << run.out;
    const auto truth = nlohmann::json::parse(read_bytes(out / "truth" / "truth.json"));
    EXPECT_EQ(truth["generator"]["template"], "dryer");
    EXPECT_EQ(truth["options"]["seed"], 7);
    std::vector<std::string> args = {"import", (dir / "d.twin").string()};
    for (const auto& e : std::filesystem::directory_iterator(out))
        if (e.path().extension() == ".csv") args.push_back(e.path().string());
    args.insert(args.end(), {"--dataset", "dryer", "--json"});
    const auto imported = cli(dir, args);
    ASSERT_EQ(imported.exit, 0) << imported.err;
    const auto json = nlohmann::json::parse(imported.out);
    std::int64_t exported = 0;
    for (const auto& f : truth["files"])
        if (f["name"].get<std::string>().rfind("truth/", 0) != 0) exported += f["rows"].get<std::int64_t>();
    // The two status texts in numeric cells reject their rows; the empty cell does not.
    EXPECT_EQ(json["rows_imported"].get<std::int64_t>(), exported - 2);
    EXPECT_EQ(json["rows_rejected"].get<std::int64_t>(), 2);
    // An unknown template, or a furnace variant asked of the dryer, is a usage error.
    const auto bad = cli(dir, {"sample", (dir / "x").string(), "--template", "kiln"});
    EXPECT_EQ(bad.exit, 2);
    const auto variant = cli(dir, {"sample", (dir / "y").string(), "--template", "dryer", "--variant", "german"});
    EXPECT_EQ(variant.exit, 2);
    EXPECT_NE(variant.err.find("--variant"), std::string::npos) << variant.err;
}

TEST(Cli, FitReportsEveryModelTheSamplePlantSupports) {
    TempDir dir;
    const std::filesystem::path plant = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
    std::vector<std::string> args = {"import", (dir / "p.twin").string()};
    for (const auto& e : std::filesystem::directory_iterator(plant))
        if (e.path().extension() == ".gz") args.push_back(e.path().string());
    args.insert(args.end(), {"--dataset", "plant", "--timezone", "Europe/Berlin"});
    ASSERT_EQ(cli(dir, args).exit, 0);
    const auto run = cli(dir, {"fit", (dir / "p.twin").string(), "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto json = nlohmann::json::parse(run.out);
    for (const char* key : {"temperature", "defect", "energy", "throughput"}) {
        ASSERT_TRUE(json["models"].contains(key)) << key;
        const auto& m = json["models"][key];
        for (const char* field : {"kind", "terms", "metrics", "n_train", "n_test"}) EXPECT_TRUE(m.contains(field)) << field;
        for (const auto& t : m["terms"])
            for (const char* field : {"name", "estimate", "std_error"}) EXPECT_TRUE(t.contains(field)) << field;
    }
    EXPECT_EQ(json["models"]["defect"]["terms"][0]["name"], "(Intercept)");
    // The process defect model: the scrap minimum lies in the core-temperature window
    // (true centre 168 °C, truth/truth.json).
    EXPECT_NEAR(json["models"]["defect"]["core_temperature_optimum"]["estimate"].get<double>(), 168.0, 3.0);
    for (const char* metric : {"log_loss", "brier", "auc"}) EXPECT_TRUE(json["models"]["defect"]["metrics"].contains(metric));
    for (const char* metric : {"rmse", "mae", "r2"}) EXPECT_TRUE(json["models"]["energy"]["metrics"].contains(metric));
    // The furnace time constant of the reference plant is 25 min (truth/truth.json).
    double tau = 0.0;
    for (const auto& t : json["models"]["temperature"]["terms"])
        if (t["name"] == "tau") tau = t["estimate"].get<double>();
    EXPECT_NEAR(tau, 25.0, 2.5);
    // The soft sensor answers the furnace question: daily checks are enough, weekly ones
    // (which miss the rare grade) are not, at a 5 °C tolerance.
    const auto& curve = json["models"]["temperature"]["soft_sensor"]["check_interval_curve"]["points"];
    ASSERT_EQ(curve.size(), 3u);
    EXPECT_EQ(curve[0]["interval_h"], 24.0);
    EXPECT_TRUE(curve[0]["meets_tolerance"].get<bool>()) << curve.dump();
    EXPECT_LT(curve[0]["rmse"].get<double>(), curve[2]["rmse"].get<double>());

    // A data set without any model's roles: exit 4 and the reasons, nothing stored.
    const auto file = dir.write("only_time.csv", "time,x\n2026-01-01 00:00,1\n2026-01-01 00:01,2\n");
    ASSERT_EQ(cli(dir, {"import", (dir / "q.twin").string(), file.string()}).exit, 0);
    const auto before = read_bytes(dir / "q.twin");
    const auto none = cli(dir, {"fit", (dir / "q.twin").string()});
    EXPECT_EQ(none.exit, 4);
    EXPECT_TRUE(single_error_line(none.err)) << none.err;
    EXPECT_NE(none.err.find("--map"), std::string::npos);
    EXPECT_TRUE(read_bytes(dir / "q.twin") == before);
}

}  // namespace
