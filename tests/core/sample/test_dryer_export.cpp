// The dryer sample's files: determinism, format, planted defects where truth.json says,
// the truth round trip, and the files through the project's importer (the lab file a
// sparse source aligned by time).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "data/timestamp_parser.h"
#include "sample/dryer_columns.h"
#include "sample/dryer_export.h"
#include "sample/dryer_graph.h"
#include "sample/plant_export.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::TempDir;

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t next = s.find(sep, pos);
        if (next == std::string::npos) {
            out.push_back(s.substr(pos));
            return out;
        }
        out.push_back(s.substr(pos, next - pos));
        pos = next + 1;
    }
}

// Lines of a text file without the trailing empty one; index 0 = line 1.
std::vector<std::string> lines_of(const fs::path& p) {
    auto lines = split(read_bytes(p), '\n');
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

double utc_of(const std::string& iso) {
    const auto parsed = parse_timestamp(iso, TimestampFormat::iso8601);
    if (!parsed || !parsed->has_offset) throw std::runtime_error("not an ISO time with offset: " + iso);
    return parsed->seconds;
}

class DryerSampleFiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        const auto start = std::chrono::steady_clock::now();
        summary_ = new DryerSampleSummary(write_dryer_sample(dir_->path(), DryerSampleOptions{}));
        std::printf("60-day dryer sample written in %.3f s\n",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        truth_ = new nlohmann::json(nlohmann::json::parse(read_bytes(*dir_ / "truth" / "truth.json")));
        historian_ = new std::vector<std::string>(lines_of(*dir_ / "historian.csv"));
    }
    static void TearDownTestSuite() {
        delete historian_;
        delete truth_;
        delete summary_;
        delete dir_;
    }
    // Field `column` (header) of historian line `line` (1-based).
    static std::string field(std::int64_t line, std::string_view column) {
        const auto header = split(historian_->at(0), ',');
        const auto cells = split(historian_->at(static_cast<std::size_t>(line - 1)), ',');
        for (std::size_t c = 0; c < header.size(); ++c)
            if (header[c] == column) return cells.at(c);
        ADD_FAILURE() << "no column " << column;
        return {};
    }
    static TempDir* dir_;
    static DryerSampleSummary* summary_;
    static nlohmann::json* truth_;
    static std::vector<std::string>* historian_;
};

TempDir* DryerSampleFiles::dir_ = nullptr;
DryerSampleSummary* DryerSampleFiles::summary_ = nullptr;
nlohmann::json* DryerSampleFiles::truth_ = nullptr;
std::vector<std::string>* DryerSampleFiles::historian_ = nullptr;

TEST_F(DryerSampleFiles, WritesTheExpectedFilesAndRows) {
    for (const char* name : {"historian.csv", "lab_moisture.csv", "bagging_15min.csv", "truth/truth.json",
                             "truth/truth_series.csv", "truth/truth_bagging.csv"})
        EXPECT_TRUE(fs::exists(*dir_ / name)) << name;
    EXPECT_EQ(summary_->steps, 60 * 1440);
    EXPECT_EQ(summary_->bag_intervals, 60 * 96);
    EXPECT_EQ(static_cast<std::int64_t>(historian_->size()) - 1, summary_->historian_rows);
    const auto& gaps = truth_->at("planted_defects").at("gaps");
    ASSERT_EQ(gaps.size(), 1u);
    EXPECT_EQ(summary_->historian_rows + gaps[0].at("rows_missing").get<std::int64_t>(), summary_->steps);
    for (const auto& f : summary_->files) EXPECT_EQ(fs::file_size(*dir_ / f.name), f.bytes) << f.name;
    EXPECT_EQ(static_cast<std::int64_t>(lines_of(*dir_ / "lab_moisture.csv").size()) - 1, summary_->lab_samples);
    EXPECT_EQ(static_cast<std::int64_t>(lines_of(*dir_ / "bagging_15min.csv").size()) - 1, summary_->bag_intervals);
    EXPECT_EQ(summary_->planted_defects, 5);
}

TEST_F(DryerSampleFiles, HistorianIsACommaExportWithIsoOffsetsAcrossTheDstChange) {
    EXPECT_EQ(historian_->at(0),
              "Timestamp,Inlet air temp SP [\xC2\xB0" "C],Outlet air temp [\xC2\xB0" "C],Feed rate [kg/h],"
              "Feed solids [%],Ambient temp [\xC2\xB0" "C],Ambient humidity [g/kg],Gas energy [kWh]");
    EXPECT_EQ(historian_->at(1).substr(0, 26), "2026-03-02T00:00:00+01:00,");
    EXPECT_EQ(historian_->at(2).substr(0, 26), "2026-03-02T00:01:00+01:00,");
    EXPECT_EQ(split(historian_->at(1), ',').size(), 8u);
    EXPECT_EQ(read_bytes(*dir_ / "historian.csv").find('\r'), std::string::npos);
    std::size_t before = 0;
    for (std::size_t i = 1; i < historian_->size(); ++i)
        if (historian_->at(i).rfind("2026-03-29T01:59:00+01:00,", 0) == 0) before = i;
    ASSERT_GT(before, 0u);
    EXPECT_EQ(historian_->at(before + 1).substr(0, 26), "2026-03-29T03:00:00+02:00,");
    // Consecutive rows are one minute apart in UTC except at the planted gap.
    const auto& gap = truth_->at("planted_defects").at("gaps")[0];
    const auto gap_line = gap.at("line_before").get<std::size_t>();
    for (std::size_t i = 2; i < historian_->size(); ++i) {
        const double dt = utc_of(historian_->at(i).substr(0, 25)) - utc_of(historian_->at(i - 1).substr(0, 25));
        if (i == gap_line) {  // index i is line i + 1: the line after the gap
            EXPECT_EQ(dt, 60.0 * (gap.at("rows_missing").get<double>() + 1));
        } else {
            ASSERT_EQ(dt, 60.0) << i;
        }
    }
}

TEST_F(DryerSampleFiles, PlantedDefectsAreWhereTruthJsonSaysTheyAre) {
    const auto& pd = truth_->at("planted_defects");
    const auto& gap = pd.at("gaps")[0];
    EXPECT_EQ(gap.at("line_after").get<std::int64_t>(), gap.at("line_before").get<std::int64_t>() + 1);
    EXPECT_GE(gap.at("rows_missing").get<int>(), 60);
    EXPECT_LE(gap.at("rows_missing").get<int>(), 180);
    EXPECT_EQ(historian_->at(gap.at("line_after").get<std::size_t>() - 1).substr(0, 25).size(), 25u);
    EXPECT_EQ(utc_of(historian_->at(gap.at("line_after").get<std::size_t>() - 1).substr(0, 25)),
              utc_of(gap.at("end_utc").get<std::string>()));

    const auto& stuck = pd.at("stuck_sensor");
    ASSERT_EQ(stuck.size(), 1u);
    const std::string humidity(dryer_columns::humidity.header);
    EXPECT_EQ(stuck[0].at("column"), humidity);
    const auto first = stuck[0].at("first_line").get<std::int64_t>(), last = stuck[0].at("last_line").get<std::int64_t>();
    EXPECT_GE(last - first + 1, 180);
    EXPECT_LE(last - first + 1, 300);
    const std::string frozen = field(first, humidity);
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.2f", stuck[0].at("value").get<double>());
    EXPECT_EQ(frozen, expected);
    for (std::int64_t l = first; l <= last; ++l) ASSERT_EQ(field(l, humidity), frozen) << l;
    EXPECT_NE(field(last + 1, humidity), frozen);
    EXPECT_NE(field(first - 1, humidity), frozen);

    const auto& cells = pd.at("malformed_cells");
    ASSERT_EQ(cells.size(), 3u);
    int rejected = 0;
    for (const auto& c : cells) {
        EXPECT_EQ(field(c.at("line").get<std::int64_t>(), c.at("column").get<std::string>()),
                  c.at("text").get<std::string>());
        rejected += c.at("importer_effect").get<std::string>().rfind("row rejected", 0) == 0;
    }
    EXPECT_EQ(rejected, 2);
    // No other cell of the historian is empty or text.
    std::size_t odd_cells = 0;
    for (std::size_t i = 1; i < historian_->size(); ++i) {
        const auto row = split(historian_->at(i), ',');
        for (std::size_t c = 1; c < row.size(); ++c)
            odd_cells += row[c].empty() || !(std::isdigit(static_cast<unsigned char>(row[c][0])) || row[c][0] == '-');
    }
    EXPECT_EQ(odd_cells, 3u);
}

TEST_F(DryerSampleFiles, LabAndBaggingFilesMatchTheTruth) {
    const auto lab = lines_of(*dir_ / "lab_moisture.csv");
    EXPECT_EQ(lab.at(0), "Sample time,Residual moisture [%]");
    const DryerScenario sc = dryer_scenario_from_truth_json(*truth_);
    const DryerRun run = simulate_dryer(sc.truth, sc.inputs, sc.seed);
    ASSERT_EQ(lab.size() - 1, run.lab.size());
    double previous = 0;
    for (std::size_t k = 0; k < run.lab.size(); ++k) {
        const auto cells = split(lab[k + 1], ',');
        ASSERT_EQ(cells.size(), 2u);
        const double t = utc_of(cells[0]);
        EXPECT_EQ(t, static_cast<double>(run.lab[k].time_utc));
        if (k > 0) {
            EXPECT_GE(t - previous, 3600.0);
            EXPECT_LE(t - previous, 200.0 * 60);
        }
        previous = t;
        EXPECT_NEAR(std::stod(cells[1]), run.lab[k].moisture_measured_pct, 0.005 + 1e-9);
    }
    const auto bags = lines_of(*dir_ / "bagging_15min.csv");
    EXPECT_EQ(bags.at(0), "Interval start,Bags filled [count],Bags off-spec [count]");
    EXPECT_EQ(bags.at(1).substr(0, 26), "2026-03-02T00:00:00+01:00,");
    EXPECT_EQ(bags.at(2).substr(0, 26), "2026-03-02T00:15:00+01:00,");
    std::int64_t filled = 0, offspec = 0;
    for (std::size_t j = 1; j < bags.size(); ++j) {
        const auto cells = split(bags[j], ',');
        filled += std::stoll(cells.at(1));
        offspec += std::stoll(cells.at(2));
    }
    EXPECT_EQ(filled, truth_->at("summary").at("bags_filled").get<std::int64_t>());
    EXPECT_EQ(offspec, truth_->at("summary").at("bags_offspec").get<std::int64_t>());
}

TEST_F(DryerSampleFiles, TruthJsonRoundTripsIntoTheSameScenario) {
    const auto& j = *truth_;
    EXPECT_EQ(j.at("generator").at("template"), "dryer");
    EXPECT_EQ(j.at("options").at("time_zone"), "Europe/Amsterdam");
    EXPECT_EQ(j.at("options").at("start_utc"), "2026-03-01T23:00:00Z");
    EXPECT_EQ(to_json(dryer_truth_from_json(j)), to_json(default_dryer_truth()));
    const DryerScenario sc = dryer_scenario_from_truth_json(j);
    const DryerScenario made = make_dryer_scenario(DryerSampleOptions{});
    EXPECT_EQ(sc.seed, made.seed);
    EXPECT_EQ(sc.inputs.inlet_setpoint_degC, made.inputs.inlet_setpoint_degC);
    EXPECT_EQ(sc.inputs.feed_solids_pct, made.inputs.feed_solids_pct);
    EXPECT_EQ(sc.inputs.lab_sample_utc, made.inputs.lab_sample_utc);
    const DryerOutputMeans m = dryer_output_means(simulate_dryer(sc.truth, sc.inputs, sc.seed));
    EXPECT_EQ(m.outlet_air_temp_degC, j.at("summary").at("mean_outlet_air_temp_degC").get<double>());
    EXPECT_EQ(m.offspec_rate_expected, j.at("summary").at("offspec_rate_expected").get<double>());
    EXPECT_EQ(m.gas_energy_kwh_per_step, j.at("summary").at("outputs").at("Gas energy").get<double>());
    // The graph names only columns the files have, with the roles of the signals list.
    const auto& g = j.at("graph");
    std::map<std::string, std::string> roles;
    for (const auto& s : g.at("signals")) {
        const std::string file = s.at("file");
        const std::string header_line = lines_of(*dir_ / file).at(0);
        EXPECT_NE(header_line.find(s.at("header").get<std::string>()), std::string::npos) << s;
        roles[s.at("name")] = s.at("role");
    }
    for (const auto& e : g.at("edges")) {
        EXPECT_TRUE(roles.count(e.at("from"))) << e;
        EXPECT_EQ(roles[e.at("to")], "output") << e;
        EXPECT_NE(roles[e.at("from")], "") << e;
    }
}

TEST_F(DryerSampleFiles, TruthOfAnotherTemplateOrWithAKeyMissingIsRefused) {
    nlohmann::json furnace = *truth_;
    furnace["generator"]["template"] = "furnace";
    EXPECT_THROW(dryer_scenario_from_truth_json(furnace), BadInputError);
    nlohmann::json missing = *truth_;
    missing["outlet_dynamics"].erase("water_load_dead_time_min");
    try {
        dryer_scenario_from_truth_json(missing);
        FAIL() << "expected BadInputError";
    } catch (const BadInputError& e) {
        EXPECT_NE(std::string(e.what()).find("outlet_dynamics.water_load_dead_time_min"), std::string::npos)
            << e.what();
    }
    nlohmann::json bad_tau = *truth_;
    bad_tau["outlet_dynamics"]["inlet_tau_min"] = 0.0;
    EXPECT_THROW(dryer_scenario_from_truth_json(bad_tau), BadInputError);
}

TEST_F(DryerSampleFiles, ImportedFilesGiveTheHistorianWithTheLabAndBaggingAlignedByTime) {
    TempDir project_dir;
    Project project(project_dir / "dryer.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {*dir_ / "historian.csv", *dir_ / "lab_moisture.csv", *dir_ / "bagging_15min.csv"};
    options.dataset = "dryer";
    const ImportResult result = import_files(project, options);
    const auto& pd = truth_->at("planted_defects");
    // Every historian row but the two with status text, every lab and bagging row.
    EXPECT_EQ(result.rows_rejected, 2u);
    for (const auto& r : result.rejected) {
        EXPECT_NE(r.file.find("historian.csv"), std::string::npos) << r.file;
        EXPECT_NE(r.reason.find("is not a number"), std::string::npos) << r.reason;
    }
    EXPECT_EQ(result.rows_imported, static_cast<std::size_t>(summary_->historian_rows - 2 + summary_->lab_samples +
                                                             summary_->bag_intervals));
    std::printf("import proposes roles:\n");
    for (const auto& c : result.columns)
        std::printf("  %-18s %-22s [%s] -> %s\n", c.source.c_str(), c.name.c_str(), c.unit.c_str(),
                    std::string(role_name(c.role)).c_str());

    const DatasetInfo dataset = project.dataset("dryer");
    ASSERT_EQ(dataset.sources.size(), 3u);
    EXPECT_EQ(dataset.sources[0].rows, static_cast<std::size_t>(summary_->historian_rows - 2));
    const Table table = project.read_dataset(dataset);
    ASSERT_EQ(table.row_count(), dataset.sources[0].rows);
    for (const auto* c : {&dryer_columns::inlet, &dryer_columns::outlet, &dryer_columns::feed,
                          &dryer_columns::solids, &dryer_columns::ambient, &dryer_columns::humidity,
                          &dryer_columns::gas, &dryer_columns::moisture, &dryer_columns::bags_filled,
                          &dryer_columns::bags_offspec}) {
        const Column* col = table.find(c->name);
        ASSERT_NE(col, nullptr) << c->name;
        EXPECT_EQ(col->unit, c->unit) << c->name;
    }
    // The lab's results land on the historian rows of their sample times and nowhere
    // else (the samples inside the gap or on a rejected row have no row to land on).
    const DryerScenario sc = dryer_scenario_from_truth_json(*truth_);
    const DryerRun run = simulate_dryer(sc.truth, sc.inputs, sc.seed);
    std::map<double, double> lab_at;
    for (const auto& s : run.lab) lab_at[static_cast<double>(s.time_utc)] = std::round(s.moisture_measured_pct * 100) / 100;
    const Column* moisture = table.find(dryer_columns::moisture.name);
    ASSERT_NE(moisture, nullptr);
    EXPECT_EQ(moisture->aligned_from, "lab_moisture");
    std::size_t landed = 0;
    for (std::size_t i = 0; i < table.row_count(); ++i) {
        if (moisture->is_missing(i)) continue;
        ++landed;
        const auto it = lab_at.find(table.time_s[i]);
        ASSERT_NE(it, lab_at.end()) << i;
        EXPECT_NEAR(moisture->values[i], it->second, 1e-9);
    }
    const double gap_start = utc_of(pd.at("gaps")[0].at("start_utc").get<std::string>());
    const double gap_end = utc_of(pd.at("gaps")[0].at("end_utc").get<std::string>());
    std::size_t in_gap = 0;
    for (const auto& [t, v] : lab_at) in_gap += t >= gap_start && t < gap_end;
    EXPECT_LE(landed + in_gap, run.lab.size());
    EXPECT_GE(landed + in_gap + 2, run.lab.size());
    // Bag counts on the rows that start their 15-minute interval.
    const Column* filled = table.find(dryer_columns::bags_filled.name);
    ASSERT_NE(filled, nullptr);
    std::size_t bag_rows = 0;
    for (std::size_t i = 0; i < table.row_count(); ++i) {
        if (filled->is_missing(i)) continue;
        ++bag_rows;
        ASSERT_EQ(std::fmod(table.time_s[i], 900.0), 0.0) << i;
    }
    EXPECT_GE(bag_rows + 12 + 2, static_cast<std::size_t>(summary_->bag_intervals));
    EXPECT_LE(bag_rows, static_cast<std::size_t>(summary_->bag_intervals));
}

TEST(DryerSampleDeterminism, SameOptionsSameBytesOtherSeedOtherBytes) {
    DryerSampleOptions o;
    o.days = 5;
    TempDir a, b, c;
    write_dryer_sample(a.path(), o);
    write_dryer_sample(b.path(), o);
    o.seed = 2;
    write_dryer_sample(c.path(), o);
    std::size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator(a.path())) {
        if (!entry.is_regular_file()) continue;
        const auto name = fs::relative(entry.path(), a.path());
        const std::string bytes = read_bytes(entry.path());
        EXPECT_EQ(bytes, read_bytes(b / name)) << name;
        EXPECT_NE(bytes, read_bytes(c / name)) << name;
        ++compared;
    }
    EXPECT_EQ(compared, 6u);
}

TEST(DryerSampleOptionsCheck, InvalidOptionsAreUsageErrorsAndWriteNothing) {
    TempDir parent;
    const fs::path dir = parent / "out";
    DryerSampleOptions o;
    o.days = 0;
    EXPECT_THROW(write_dryer_sample(dir, o), UsageError);
    o = DryerSampleOptions{};
    o.step_minutes = 0;
    EXPECT_THROW(write_dryer_sample(dir, o), UsageError);
    o = DryerSampleOptions{};
    o.start_local = "02.03.2026";
    EXPECT_THROW(write_dryer_sample(dir, o), UsageError);
    o = DryerSampleOptions{};
    o.time_zone = "Nowhere/City";
    EXPECT_THROW(write_dryer_sample(dir, o), UsageError);
    EXPECT_FALSE(fs::exists(dir));
}

TEST(DryerSampleOptionsCheck, ShortAndCoarseSamplesStillWork) {
    TempDir dir;
    DryerSampleOptions o;
    o.days = 1;
    o.step_minutes = 60;
    const DryerSampleSummary s = write_dryer_sample(dir.path(), o);
    EXPECT_EQ(s.steps, 24);
    EXPECT_EQ(s.bag_intervals, 24);  // one step per bagging interval when a step is longer
    EXPECT_TRUE(fs::exists(dir / "truth" / "truth.json"));
    const auto truth = nlohmann::json::parse(read_bytes(dir / "truth" / "truth.json"));
    EXPECT_EQ(truth.at("graph").at("outputs").at("Bags filled").at("sampling_min"), 60.0);
}

TEST(DryerSampleFurnaceUnchanged, FurnaceTruthIsNotADryerTruth) {
    TempDir dir;
    SampleOptions o;
    o.days = 1;
    write_sample_plant(dir.path(), o);
    const auto furnace_truth = nlohmann::json::parse(read_bytes(dir / "truth" / "truth.json"));
    EXPECT_THROW(dryer_scenario_from_truth_json(furnace_truth), BadInputError);
}

}  // namespace
}  // namespace twinbench
