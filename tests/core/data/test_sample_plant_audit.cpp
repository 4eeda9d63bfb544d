// The shipped 90-day reference plant, imported as a user would and audited: the defects
// the generator planted (truth/truth.json) must be found where they are, and nothing of
// the plant's normal behaviour may be taken for a defect of the furnace thermocouple.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "data/audit.h"
#include "data/importer.h"
#include "data/project.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

const std::filesystem::path plant_dir = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";

double utc(const std::string& iso) {
    const auto parsed = parse_timestamp(iso, TimestampFormat::iso8601);
    if (!parsed || !parsed->has_offset) throw std::runtime_error("bad ISO time in truth.json: " + iso);
    return parsed->seconds;
}

class SamplePlantAudit : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        std::ifstream in(plant_dir / "truth" / "truth.json");
        truth_ = new nlohmann::json(nlohmann::json::parse(in));
        Project project(*dir_ / "plant.twin", Project::Mode::create_if_missing);
        ImportOptions options;
        for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
            if (entry.is_regular_file() && entry.path().extension() == ".gz") options.files.push_back(entry.path());
        std::sort(options.files.begin(), options.files.end());
        options.dataset = "plant";
        options.time_zone = "Europe/Berlin";
        result_ = new ImportResult(import_files(project, options));
        const auto dataset = project.dataset("plant");
        table_ = new Table(project.read_dataset(dataset));
        AuditOptions audit_options;
        audit_options.rows_rejected = dataset.rows_rejected;
        report_ = new AuditReport(audit_table(*table_, audit_options));
    }
    static void TearDownTestSuite() {
        delete report_;
        delete table_;
        delete result_;
        delete truth_;
        delete dir_;
    }
    static const ColumnAudit& column(const std::string& name) {
        for (const auto& c : report_->columns)
            if (c.name == name) return c;
        throw std::runtime_error("no audited column " + name);
    }
    static test::TempDir* dir_;
    static nlohmann::json* truth_;
    static ImportResult* result_;
    static Table* table_;
    static AuditReport* report_;
};
test::TempDir* SamplePlantAudit::dir_ = nullptr;
nlohmann::json* SamplePlantAudit::truth_ = nullptr;
ImportResult* SamplePlantAudit::result_ = nullptr;
Table* SamplePlantAudit::table_ = nullptr;
AuditReport* SamplePlantAudit::report_ = nullptr;

TEST_F(SamplePlantAudit, MalformedLinesAreTheRejectedRows) {
    const auto& malformed = (*truth_)["planted_defects"]["malformed_lines"];
    ASSERT_EQ(result_->rejected.size(), malformed.size());
    for (const auto& m : malformed) {
        const auto file = m["file"].get<std::string>();
        const auto line = m["line"].get<std::int64_t>();
        const bool found = std::any_of(result_->rejected.begin(), result_->rejected.end(), [&](const RejectedRow& r) {
            return r.line == line && r.file.find(file) != std::string::npos;
        });
        EXPECT_TRUE(found) << file << ":" << line << " (" << m["kind"] << ") was not rejected";
    }
}

TEST_F(SamplePlantAudit, RolesOfThePlantAreDetected) {
    for (const Role role : {Role::speed, Role::setpoint, Role::furnace_temp, Role::ambient_temp, Role::humidity,
                            Role::produced, Role::scrap, Role::energy, Role::state, Role::material, Role::core_temp_check})
        EXPECT_NE(table_->find_role(role), nullptr) << role_name(role);
    // One manual check a day lands on the historian rows.
    const auto* checks = table_->find_role(Role::core_temp_check);
    const auto present = std::count_if(checks->values.begin(), checks->values.end(), [](double v) { return !std::isnan(v); });
    EXPECT_GE(present, 85);
    EXPECT_LE(present, 97);
}

TEST_F(SamplePlantAudit, PlantedGapsAreFoundExactly) {
    const auto& gaps = (*truth_)["planted_defects"]["gaps"];
    ASSERT_EQ(report_->gaps.size(), gaps.size());
    EXPECT_DOUBLE_EQ(report_->sampling_interval_s, 60.0);
    for (const auto& g : gaps) {
        const double first_missing = utc(g["start_utc"]);
        const double first_after = utc(g["end_utc"]);
        const bool found = std::any_of(report_->gaps.begin(), report_->gaps.end(), [&](const Gap& gap) {
            return gap.start_s + 60.0 == first_missing && gap.end_s == first_after;
        });
        EXPECT_TRUE(found) << "gap " << g["start_utc"] << " .. " << g["end_utc"];
    }
    // The spring DST change is not a gap: the historian's local clock skips an hour, UTC does not.
    EXPECT_EQ(report_->duplicate_timestamps, 0u);
    EXPECT_EQ(report_->non_monotonic_timestamps, 0u);
}

TEST_F(SamplePlantAudit, StuckThermocoupleIsFoundWhereItWasPlanted) {
    const auto& stuck = (*truth_)["planted_defects"]["stuck_sensor"];
    ASSERT_EQ(stuck.size(), 1u);
    const double start = utc(stuck[0]["start_utc"]), end = utc(stuck[0]["end_utc"]);
    const auto& furnace = column("Furnace temperature");
    ASSERT_TRUE(furnace.flatline_checked);
    ASSERT_EQ(furnace.flatline_ranges.size(), 1u) << "only the planted stretch is stuck";
    const auto& range = furnace.flatline_ranges.front();
    // The frozen value may by chance equal the reading just before the freeze: one step slack.
    EXPECT_NEAR(range.start_s, start, 60.0);
    EXPECT_NEAR(range.end_s, end - 60.0, 60.0);
}

TEST_F(SamplePlantAudit, SpikesAreTheFurnaceOutliers) {
    const auto spikes = (*truth_)["planted_defects"]["spikes"].size();
    const auto& furnace = column("Furnace temperature");
    EXPECT_GE(furnace.outlier_count, spikes - 1);
    EXPECT_LE(furnace.outlier_count, spikes + 3);
    // Smooth disturbances are not outliers.
    EXPECT_EQ(column("Ambient temperature").outlier_count, 0u);
    EXPECT_EQ(column("Relative humidity").outlier_count, 0u);
}

TEST_F(SamplePlantAudit, ScoreReflectsTheDefectsWithReasons) {
    EXPECT_GT(report_->score, 50.0);
    EXPECT_LT(report_->score, 100.0);
    const auto reasons = report_->reasons();
    const bool names_stuck = std::any_of(reasons.begin(), reasons.end(), [](const std::string& r) {
        return r.find("Furnace temperature") != std::string::npos && r.find("stuck") != std::string::npos;
    });
    EXPECT_TRUE(names_stuck);
}

}  // namespace
}  // namespace twinbench
