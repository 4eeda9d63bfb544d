// An engineer's normal operating regime is not an outlier (issue 15, fault 9): the UCI gas
// turbine's exhaust temperature (TAT) sits at its 550 degC limit at full load and runs at
// 510-546 degC at part load, about a third of the rows of 2011. The audit used to call
// 18.5 % of them outliers; spikes planted into the same column must still be found.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "data/audit.h"
#include "data/importer.h"
#include "data/project.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

const ColumnAudit& column(const AuditReport& r, const std::string& name) {
    const auto it = std::find_if(r.columns.begin(), r.columns.end(),
                                 [&](const ColumnAudit& c) { return c.name == name; });
    if (it == r.columns.end()) throw std::runtime_error("no column " + name);
    return *it;
}

Table gas_turbine_2011(const test::TempDir& dir) {
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {fs::path(TWINBENCH_TEST_DATA_DIR) / "real" / "gas_turbine_emissions" / "gt_2011.csv.gz"};
    options.time_zone = "UTC";
    import_files(project, options);
    return project.read_dataset(project.dataset(""));
}

Column& column(Table& t, const std::string& name) {
    for (auto& c : t.columns)
        if (c.name == name) return c;
    throw std::runtime_error("no column " + name);
}

TEST(AuditRegimes, GasTurbinePartLoadIsNotAnOutlierButPlantedSpikesAre) {
    test::TempDir dir;
    Table table = gas_turbine_2011(dir);
    const AuditReport before = audit_table(table, {});
    const ColumnAudit& tat = column(before, "TAT");
    ASSERT_GT(tat.n, 7000u);
    // Part load (TAT below 546 degC) holds about a third of the rows.
    auto& values = column(table, "TAT").values;
    const auto part_load = std::count_if(values.begin(), values.end(), [](double v) { return v < 546.0; });
    EXPECT_GT(static_cast<double>(part_load), 0.25 * static_cast<double>(values.size()));
    EXPECT_LT(tat.outlier_fraction, 0.01) << tat.outlier_count << " outliers, rule " << tat.outlier_rule;
    // The turbine inlet temperature switches with the load too (172 outliers before).
    EXPECT_LT(column(before, "TIT").outlier_fraction, 0.005) << column(before, "TIT").outlier_count;

    // Five failed readings (a thermocouple open circuit reads far above, a short far
    // below), planted into full-load stretches where TAT holds 549-551 degC.
    const double planted[] = {720.0, 15.0, 880.0, 690.0, 0.5};
    std::size_t at = 0;
    for (std::size_t row = 200; row < values.size() && at < std::size(planted); row += 1300) {
        while (row < values.size() && std::abs(values[row] - 550.0) > 1.0) ++row;
        ASSERT_LT(row, values.size());
        values[row] = planted[at++];
    }
    ASSERT_EQ(at, std::size(planted));
    const AuditReport after = audit_table(table, {});
    EXPECT_EQ(column(after, "TAT").outlier_count, tat.outlier_count + std::size(planted));
}

}  // namespace
}  // namespace twinbench
