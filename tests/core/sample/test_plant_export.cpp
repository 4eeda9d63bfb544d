// The sample files: determinism, format, planted defects as truth.json records them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "sample/plant_export.h"
#include "sample/sample_clock.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

fs::path unique_dir(const std::string& tag) {
    std::random_device rd;
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return fs::temp_directory_path() /
           ("twinbench_sample_" + tag + "_" + std::to_string(rd()) + "_" + std::to_string(ticks));
}

std::string read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t next = s.find(sep, pos);
        if (next == std::string::npos) {
            out.push_back(s.substr(pos));
            return out;
        }
        out.push_back(s.substr(pos, next - pos));
        pos = next + sep.size();
    }
}

// Lines of a historian file, index 0 = line 1 (the header, BOM stripped).
std::vector<std::string> historian_lines(const fs::path& p) {
    std::string text = read_bytes(p);
    EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << p;
    text.erase(0, 3);
    std::vector<std::string> lines = split(text, "\r\n");
    if (!lines.empty() && lines.back().empty()) {
        lines.pop_back();
    }
    return lines;
}

std::string german(double value, int decimals) {
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s.setf(std::ios::fixed);
    s.precision(decimals);
    s << value;
    std::string out = s.str();
    for (char& c : out) {
        if (c == '.') {
            c = ',';
        }
    }
    return out;
}

// Wall seconds of "dd.mm.yyyy HH:MM:SS".
std::int64_t wall_of(const std::string& stamp) {
    const int d = std::stoi(stamp.substr(0, 2)), m = std::stoi(stamp.substr(3, 2));
    const int y = std::stoi(stamp.substr(6, 4)), hh = std::stoi(stamp.substr(11, 2));
    const int mm = std::stoi(stamp.substr(14, 2)), ss = std::stoi(stamp.substr(17, 2));
    return sample::seconds_from_civil(y, m, d, hh, mm, ss);
}

bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) >> 6) != 0x2) {
                return false;
            }
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

class SamplePlantFiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(unique_dir("suite"));
        options_ = new SampleOptions();
        options_->days = 45;  // Feb 16 .. Apr 2: three monthly files and the DST change
        summary_ = new SampleSummary(write_sample_plant(*dir_, *options_));
        truth_ = new nlohmann::json(nlohmann::json::parse(read_bytes(*dir_ / "truth" / "truth.json")));
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(*dir_, ec);
        delete truth_;
        delete summary_;
        delete options_;
        delete dir_;
    }
    const std::vector<std::string>& lines(const std::string& file) {
        auto it = cache_.find(file);
        if (it == cache_.end()) {
            it = cache_.emplace(file, historian_lines(*dir_ / file)).first;
        }
        return it->second;
    }
    // Field `column` (header name) of line `line` (1-based).
    std::string field(const std::string& file, std::int64_t line, const std::string& column) {
        const auto& ls = lines(file);
        const auto header = split(ls.at(0), ";");
        const auto cells = split(ls.at(static_cast<std::size_t>(line - 1)), ";");
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (header[c] == column) {
                return cells.at(c);
            }
        }
        ADD_FAILURE() << "no column " << column;
        return {};
    }

    static fs::path* dir_;
    static SampleOptions* options_;
    static SampleSummary* summary_;
    static nlohmann::json* truth_;
    std::map<std::string, std::vector<std::string>> cache_;
};

fs::path* SamplePlantFiles::dir_ = nullptr;
SampleOptions* SamplePlantFiles::options_ = nullptr;
SampleSummary* SamplePlantFiles::summary_ = nullptr;
nlohmann::json* SamplePlantFiles::truth_ = nullptr;

TEST_F(SamplePlantFiles, WritesTheExpectedFiles) {
    for (const char* name :
         {"historian_2026-02.csv", "historian_2026-03.csv", "historian_2026-04.csv",
          "manual_checks.csv", "maintenance_log.csv", "batches.csv", "truth/truth.json",
          "truth/truth_series.csv"}) {
        EXPECT_TRUE(fs::exists(*dir_ / name)) << name;
    }
    EXPECT_EQ(summary_->steps, 45 * 1440);
    std::int64_t rows = 0;
    for (const auto& f : summary_->files) {
        if (f.name.rfind("historian_", 0) == 0) {
            rows += f.rows;
            EXPECT_EQ(static_cast<std::int64_t>(lines(f.name).size()) - 1, f.rows) << f.name;
            EXPECT_EQ(fs::file_size(*dir_ / f.name), f.bytes);
        }
    }
    EXPECT_EQ(rows, summary_->historian_rows);
    std::int64_t missing = 0;
    for (const auto& g : truth_->at("planted_defects").at("gaps")) {
        missing += g.at("rows_missing").get<std::int64_t>();
    }
    EXPECT_EQ(rows + missing, summary_->steps);
}

TEST_F(SamplePlantFiles, HistorianHasThePlantExportFormat) {
    const auto& ls = lines("historian_2026-02.csv");
    EXPECT_EQ(ls.at(0),
              "Zeitstempel;Line speed [m/min];Furnace setpoint [\xC2\xB0" "C];Furnace temperature "
              "[\xC2\xB0" "C];Ambient temperature [\xC2\xB0" "C];Relative humidity [%];Parts "
              "produced [count];Parts scrapped [count];Energy [kWh];Line state;Conveyor wear [%]");
    EXPECT_EQ(ls.at(1).substr(0, 20), "16.02.2026 00:00:00;");
    EXPECT_EQ(ls.at(2).substr(0, 20), "16.02.2026 00:01:00;");
    const auto cells = split(ls.at(1), ";");
    ASSERT_EQ(cells.size(), 11u);
    EXPECT_NE(cells[3].find(','), std::string::npos);  // decimal comma
    EXPECT_TRUE(cells[9] == "RUN" || cells[9] == "STOP" || cells[9] == "MAINT");
    std::map<std::string, int> states;
    for (std::size_t i = 1; i < ls.size(); ++i) {
        const auto c = split(ls[i], ";");
        if (c.size() == 11) {
            states[c[9]]++;
        }
    }
    EXPECT_GT(states["RUN"], 0);
    EXPECT_GT(states["STOP"], 0);
    EXPECT_GT(states["MAINT"], 0);
}

TEST_F(SamplePlantFiles, DstGapIsVisibleInTheHistorian) {
    const auto& ls = lines("historian_2026-03.csv");
    std::size_t before = 0;
    for (std::size_t i = 1; i < ls.size(); ++i) {
        ASSERT_NE(ls[i].rfind("29.03.2026 02:", 0), 0u) << "02:xx does not exist that night";
        if (ls[i].rfind("29.03.2026 01:59:00;", 0) == 0) {
            before = i;
        }
    }
    ASSERT_GT(before, 0u);
    EXPECT_EQ(ls.at(before + 1).substr(0, 20), "29.03.2026 03:00:00;");
}

TEST_F(SamplePlantFiles, PlantedDefectsAreWhereTruthJsonSaysTheyAre) {
    const auto& pd = truth_->at("planted_defects");
    const std::string furnace = "Furnace temperature [\xC2\xB0" "C]";

    const auto& gaps = pd.at("gaps");
    ASSERT_GE(gaps.size(), 2u);
    ASSERT_LE(gaps.size(), 3u);
    for (const auto& g : gaps) {
        const auto& ls = lines(g.at("file").get<std::string>());
        const auto before = g.at("line_before").get<std::size_t>();
        const auto after = g.at("line_after").get<std::size_t>();
        EXPECT_EQ(after, before + 1);
        const auto rows = g.at("rows_missing").get<std::int64_t>();
        EXPECT_GE(rows, 60);
        EXPECT_LE(rows, 360);
        const std::int64_t jump = wall_of(ls.at(after - 1)) - wall_of(ls.at(before - 1));
        EXPECT_EQ(jump, (rows + 1) * 60);
    }

    const auto& stuck = pd.at("stuck_sensor");
    ASSERT_EQ(stuck.size(), 1u);
    {
        const auto& s = stuck[0];
        const std::string file = s.at("file");
        const auto first = s.at("first_line").get<std::int64_t>();
        const auto last = s.at("last_line").get<std::int64_t>();
        EXPECT_NEAR(static_cast<double>(last - first + 1), 600.0, 61.0);
        const std::string frozen = german(s.at("value").get<double>(), 2);
        for (std::int64_t l = first; l <= last; ++l) {
            ASSERT_EQ(field(file, l, furnace), frozen) << l;
        }
        EXPECT_NE(field(file, last + 1, furnace), frozen);
    }

    const auto& spikes = pd.at("spikes");
    EXPECT_EQ(spikes.size(), 10u);
    for (const auto& s : spikes) {
        const std::string v = field(s.at("file"), s.at("line").get<std::int64_t>(), furnace);
        EXPECT_EQ(v, german(s.at("value").get<double>(), 2));
        EXPECT_GT(std::abs(s.at("value").get<double>() - s.at("true_value").get<double>()), 30.0);
    }

    const auto& malformed = pd.at("malformed_lines");
    ASSERT_EQ(malformed.size(), 4u);
    std::map<std::string, int> kinds;
    for (const auto& m : malformed) {
        const auto& ls = lines(m.at("file"));
        const std::string& text = ls.at(m.at("line").get<std::size_t>() - 1);
        EXPECT_EQ(text, m.at("text").get<std::string>());
        const std::string kind = m.at("kind");
        kinds[kind]++;
        const auto n_fields = split(text, ";").size();
        if (kind == "missing_field") {
            EXPECT_EQ(n_fields, 10u);
        } else if (kind == "extra_field") {
            EXPECT_EQ(n_fields, 12u);
        } else if (kind == "text_in_numeric_field") {
            EXPECT_NE(text.find(";1,04,87;"), std::string::npos);
        } else if (kind == "impossible_date") {
            EXPECT_EQ(text.rfind("31.02.", 0), 0u);
        }
    }
    EXPECT_EQ(kinds.size(), 4u);

    // Every empty sensor cell is a recorded dropout and vice versa.
    const auto& drops = pd.at("dropouts");
    std::int64_t recorded = 0;
    for (const auto& c : drops.at("cells")) {
        ASSERT_EQ(field(c.at("file"), c.at("line").get<std::int64_t>(), c.at("column")), "");
        ++recorded;
    }
    EXPECT_EQ(recorded, drops.at("count").get<std::int64_t>());
    std::int64_t empty = 0;
    for (const auto& f : summary_->files) {
        if (f.name.rfind("historian_", 0) != 0) {
            continue;
        }
        const auto& ls = lines(f.name);
        for (std::size_t i = 1; i < ls.size(); ++i) {
            for (const auto& cell : split(ls[i], ";")) {
                empty += cell.empty() ? 1 : 0;
            }
        }
    }
    EXPECT_EQ(empty, recorded);
    const double fraction = drops.at("fraction_of_sensor_cells").get<double>();
    EXPECT_GT(fraction, 0.0012);
    EXPECT_LT(fraction, 0.0028);
}

TEST_F(SamplePlantFiles, MaintenanceLogIsWindows1252) {
    const std::string bytes = read_bytes(*dir_ / "maintenance_log.csv");
    EXPECT_EQ(bytes.rfind("Start;Ende;Art;Bemerkung\r\n", 0), 0u);
    EXPECT_NE(bytes.find('\xF6'), std::string::npos);  // ö
    EXPECT_FALSE(valid_utf8(bytes));
    EXPECT_NE(bytes.find("F\xF6rderband gereinigt, Kette ge\xF6lt"), std::string::npos);
    EXPECT_NE(bytes.find(";Wartung;"), std::string::npos);
    // The other text files are valid UTF-8.
    EXPECT_TRUE(valid_utf8(read_bytes(*dir_ / "manual_checks.csv")));
    EXPECT_TRUE(valid_utf8(read_bytes(*dir_ / "historian_2026-03.csv")));
}

TEST_F(SamplePlantFiles, ManualChecksAreSparseAndNearTheTruth) {
    const std::string text = read_bytes(*dir_ / "manual_checks.csv");
    EXPECT_NE(text.substr(0, 3), "\xEF\xBB\xBF");
    auto rows = split(text, "\n");
    ASSERT_EQ(rows.at(0), "Time,Core temperature (degC),Operator,Comment");
    rows.erase(rows.begin());
    if (!rows.empty() && rows.back().empty()) {
        rows.pop_back();
    }
    EXPECT_GT(rows.size(), 35u);
    EXPECT_LT(rows.size(), 55u);
    // Truth series by UTC time.
    std::map<std::string, double> core;
    for (const auto& l : split(read_bytes(*dir_ / "truth" / "truth_series.csv"), "\n")) {
        const auto c = split(l, ",");
        if (c.size() == 6 && c[0] != "Time (UTC)") {
            core[c[0]] = std::stod(c[2]);
        }
    }
    bool saw_summer_time = false;
    for (const auto& r : rows) {
        // 2026-02-16T09:41:00+01:00
        ASSERT_GE(r.size(), 26u);
        const std::string offset = r.substr(19, 6);
        ASSERT_TRUE(offset == "+01:00" || offset == "+02:00") << r;
        saw_summer_time |= offset == "+02:00";
        const int hour = std::stoi(r.substr(11, 2));
        EXPECT_GE(hour, 6);
        EXPECT_LT(hour, 15);
        const std::int64_t wall = sample::seconds_from_civil(
            std::stoi(r.substr(0, 4)), std::stoi(r.substr(5, 2)), std::stoi(r.substr(8, 2)),
            hour, std::stoi(r.substr(14, 2)), 0);
        const std::int64_t utc = wall - (offset == "+01:00" ? 3600 : 7200);
        const auto it = core.find(sample::format_iso_utc(utc));
        ASSERT_NE(it, core.end()) << r;
        const double value = std::stod(split(r, ",").at(1));
        EXPECT_NEAR(value, it->second, 5 * 2.5) << r;
    }
    EXPECT_TRUE(saw_summer_time);
}

TEST_F(SamplePlantFiles, BatchesAndTruthSeriesHaveTheirFormats) {
    const auto batches = split(read_bytes(*dir_ / "batches.csv"), "\n");
    EXPECT_EQ(batches.at(0), "Batch start,Batch,Material grade");
    EXPECT_EQ(batches.at(1).substr(0, 17), "2026-02-16 00:00,");
    std::map<char, int> grades;
    for (std::size_t i = 1; i < batches.size(); ++i) {
        if (!batches[i].empty()) {
            grades[batches[i].back()]++;
        }
    }
    EXPECT_EQ(grades.size(), 3u);
    EXPECT_GT(grades['A'], grades['C']);

    const auto series = split(read_bytes(*dir_ / "truth" / "truth_series.csv"), "\n");
    EXPECT_EQ(series.at(1).substr(0, 21), "2026-02-15T23:00:00Z,");
    EXPECT_EQ(series.size(), 45u * 1440u + 2u);  // header + rows + trailing empty
}

TEST_F(SamplePlantFiles, TruthJsonHasOptionsTruthAndPlausibleSummary) {
    const auto& j = *truth_;
    EXPECT_EQ(j.at("options").at("days"), 45);
    EXPECT_EQ(j.at("options").at("seed"), 1);
    EXPECT_EQ(j.at("options").at("time_zone"), "Europe/Berlin");
    EXPECT_EQ(j.at("options").at("start_utc"), "2026-02-15T23:00:00Z");
    EXPECT_EQ(to_json(truth_from_json(j)), to_json(default_truth()));
    const auto& s = j.at("summary");
    EXPECT_GT(s.at("overall_scrap_rate").get<double>(), 0.01);
    EXPECT_LT(s.at("overall_scrap_rate").get<double>(), 0.04);
    EXPECT_GT(s.at("availability").get<double>(), 0.88);
    EXPECT_LT(s.at("availability").get<double>(), 0.99);
    EXPECT_GT(s.at("energy_kwh_per_good_part").get<double>(), 0.2);
    EXPECT_LT(s.at("energy_kwh_per_good_part").get<double>(), 0.35);
    EXPECT_GT(s.at("mean_core_temp_degC").get<double>(), 160.0);
    EXPECT_LT(s.at("mean_core_temp_degC").get<double>(), 176.0);
    EXPECT_EQ(s.at("parts_produced").get<std::int64_t>(), summary_->kpis.produced);
}

TEST_F(SamplePlantFiles, ScenarioFromTruthJsonReproducesTheRun) {
    const SampleScenario sc = sample_scenario_from_truth_json(*truth_);
    const PlantRun run = simulate_plant(sc.truth, sc.inputs, sc.seed);
    const PlantKpis k = summarize_run(sc.truth, sc.inputs, run);
    EXPECT_EQ(k.produced, truth_->at("summary").at("parts_produced").get<std::int64_t>());
    EXPECT_EQ(k.scrapped, truth_->at("summary").at("parts_scrapped").get<std::int64_t>());
    EXPECT_EQ(k.energy_kwh, truth_->at("summary").at("energy_kwh").get<double>());
}

TEST(SamplePlantDeterminism, SameSeedSameBytesDifferentSeedDifferentBytes) {
    SampleOptions o;
    o.days = 14;  // into March: two historian files
    o.step_minutes = 2;
    const fs::path a = unique_dir("a"), b = unique_dir("b"), c = unique_dir("c");
    write_sample_plant(a, o);
    write_sample_plant(b, o);
    o.seed = 2;
    write_sample_plant(c, o);
    std::size_t compared = 0;
    bool any_difference = false;
    for (const auto& entry : fs::recursive_directory_iterator(a)) {
        if (!entry.is_regular_file()) continue;
        const auto name = fs::relative(entry.path(), a);
        const std::string bytes = read_bytes(entry.path());
        EXPECT_EQ(bytes, read_bytes(b / name)) << name;
        if (fs::exists(c / name)) {
            any_difference |= bytes != read_bytes(c / name);
        }
        ++compared;
    }
    EXPECT_EQ(compared, 7u);  // 2 historian files + 5 others
    EXPECT_TRUE(any_difference);
    EXPECT_NE(read_bytes(a / "historian_2026-02.csv"), read_bytes(c / "historian_2026-02.csv"));
    EXPECT_NE(read_bytes(a / "truth" / "truth.json"), read_bytes(c / "truth" / "truth.json"));
    std::error_code ec;
    fs::remove_all(a, ec);
    fs::remove_all(b, ec);
    fs::remove_all(c, ec);
}

TEST(SamplePlantOptions, InvalidOptionsAreUsageErrors) {
    const fs::path dir = unique_dir("bad");
    SampleOptions o;
    o.days = 0;
    EXPECT_THROW(write_sample_plant(dir, o), UsageError);
    o = SampleOptions{};
    o.step_minutes = 0;
    EXPECT_THROW(write_sample_plant(dir, o), UsageError);
    o = SampleOptions{};
    o.start_local = "16.02.2026";
    EXPECT_THROW(write_sample_plant(dir, o), UsageError);
    o = SampleOptions{};
    o.time_zone = "Nowhere/City";
    EXPECT_THROW(write_sample_plant(dir, o), UsageError);
    EXPECT_FALSE(fs::exists(dir));
}

TEST(SamplePlantOptions, ShortAndCoarseSamplesStillWork) {
    const fs::path dir = unique_dir("short");
    SampleOptions o;
    o.days = 1;
    o.step_minutes = 60;
    const SampleSummary s = write_sample_plant(dir, o);
    EXPECT_EQ(s.steps, 24);
    EXPECT_TRUE(fs::exists(dir / "truth" / "truth.json"));
    std::error_code ec;
    fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace twinbench
