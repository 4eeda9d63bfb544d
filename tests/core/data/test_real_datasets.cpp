// The real public data sets shipped in sample_data/ (CC BY 4.0, see their SOURCE.md),
// imported end to end. Reference sums were computed from the original CSV files with
// python3's csv module (see tests/data/README.md).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "data/audit.h"
#include "data/importer.h"
#include "data/project.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

const std::filesystem::path sample_dir = TWINBENCH_SAMPLE_DATA_DIR;

double sum_present(const std::vector<double>& values) {
    double total = 0.0;
    for (const double v : values)
        if (!std::isnan(v)) total += v;
    return total;
}

TEST(RealDatasets, Ai4i2020PerItemRecordsWithoutTimestamps) {
    test::TempDir dir;
    Project project(dir / "ai4i.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {sample_dir / "ai4i2020" / "ai4i2020.csv.gz"};
    const auto result = import_files(project, options);
    EXPECT_EQ(result.dataset, "ai4i2020");
    EXPECT_EQ(result.rows_imported, 10000u);
    EXPECT_EQ(result.rows_rejected, 0u);
    ASSERT_EQ(result.files.size(), 1u);
    EXPECT_EQ(result.files[0].encoding, "UTF-8 with BOM");
    EXPECT_TRUE(result.files[0].gzip);

    const auto table = project.read_dataset(project.dataset(""));
    EXPECT_FALSE(table.has_time());
    ASSERT_EQ(table.columns.size(), 14u);
    const auto* failure = table.find("Machine failure");
    ASSERT_NE(failure, nullptr);
    EXPECT_EQ(failure->type, ColumnType::boolean);
    EXPECT_EQ(failure->role, Role::defect);
    EXPECT_DOUBLE_EQ(sum_present(failure->values), 339.0);
    const auto* torque = table.find("Torque");
    ASSERT_NE(torque, nullptr);
    EXPECT_EQ(torque->unit, "Nm");
    EXPECT_NEAR(sum_present(torque->values), 399869.1, 1e-6);
    EXPECT_EQ(table.find("Air temperature")->unit, "K");
    const auto* type = table.find("Type");
    EXPECT_EQ(type->type, ColumnType::categorical);
    EXPECT_EQ(type->role, Role::material);
    EXPECT_EQ(std::count(type->codes.begin(), type->codes.end(),
                         static_cast<std::int32_t>(std::find(type->levels.begin(), type->levels.end(), "H") - type->levels.begin())),
              1003);
    // A product serial number is an identifier, not a material grade.
    EXPECT_EQ(table.find("Product ID")->role, Role::none);

    const auto report = audit_table(table, AuditOptions{});
    EXPECT_EQ(report.rows, 10000u);
    EXPECT_FALSE(report.has_time);
    EXPECT_TRUE(report.gaps.empty());
}

TEST(RealDatasets, SteelEnergyEndOfDayMidnightsAndQuarterHours) {
    test::TempDir dir;
    Project project(dir / "steel.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {sample_dir / "steel_energy" / "Steel_industry_data.csv.gz"};
    options.dataset = "steel";
    options.time_zone = "Asia/Seoul";
    const auto result = import_files(project, options);
    EXPECT_EQ(result.rows_imported, 35040u);
    EXPECT_EQ(result.rows_rejected, 0u);
    ASSERT_TRUE(result.files[0].timestamp_format.has_value());
    EXPECT_EQ(*result.files[0].timestamp_format, TimestampFormat::dmy_slash);
    const bool end_of_day_noted = std::any_of(result.notes.begin(), result.notes.end(), [](const ImportNote& n) {
        return n.message.find("365 rows stamped 00:00") != std::string::npos;
    });
    EXPECT_TRUE(end_of_day_noted);

    const auto table = project.read_dataset(project.dataset("steel"));
    ASSERT_EQ(table.row_count(), 35040u);
    // 01/01/2018 00:15 in Seoul (UTC+9) is 2017-12-31 15:15 UTC; every step is 15 minutes.
    EXPECT_DOUBLE_EQ(table.time_s.front(), 1514733300.0);
    for (std::size_t i = 1; i < table.time_s.size(); ++i) ASSERT_DOUBLE_EQ(table.time_s[i] - table.time_s[i - 1], 900.0) << i;
    const auto* energy = table.find_role(Role::energy);
    ASSERT_NE(energy, nullptr);
    EXPECT_EQ(energy->name, "Usage_kWh");
    EXPECT_EQ(energy->unit, "kWh");
    EXPECT_NEAR(sum_present(energy->values), 959636.71, 1e-4);

    const auto report = audit_table(table, AuditOptions{});
    EXPECT_EQ(report.duplicate_timestamps, 0u);
    EXPECT_EQ(report.non_monotonic_timestamps, 0u);
    EXPECT_TRUE(report.gaps.empty());
    EXPECT_DOUBLE_EQ(report.sampling_interval_s, 900.0);
}

}  // namespace
}  // namespace twinbench
