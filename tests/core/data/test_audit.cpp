#include "data/audit.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <date/date.h>
#include <gtest/gtest.h>

#include "common/error.h"

namespace twinbench {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t rows_n = 20000;

Column numeric(std::string name, Role role, std::string unit = {}) {
    Column c;
    c.name = c.header = std::move(name);
    c.role = role;
    c.unit = std::move(unit);
    return c;
}

Column categorical(std::string name, Role role, std::vector<std::string> levels) {
    Column c;
    c.name = c.header = std::move(name);
    c.role = role;
    c.type = ColumnType::categorical;
    c.levels = std::move(levels);
    return c;
}

double t0() {
    const date::sys_days day{date::year{2026} / 1 / 5};
    return static_cast<double>(
        std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count());
}

// 20,000 rows at 1 min with planted defects:
//   time: the step into row 8000 is 121 min, into row 15000 31 min (two gaps); rows 3000,
//         12000 and 17000 repeat the previous timestamp (three duplicates)
//   Furnace temperature: 180 +- 1, stuck at exactly 181.25 on rows [5000, 5600)
//   Ambient: 10 + 8 sin(day) +- 0.3, a drift that is not an outlier
//   Humidity: 60 +- 2, +40 spikes on rows 1000 + 700 k (25 outliers), missing where row % 100 == 50
//   Setpoint: 180/190/200 steps every 2000 rows; Zone 2 SP (no role): 4 levels, 1500 rows each
//   Speed 2.0 +- 0.02, 0 during maintenance [9000, 9300); State, Produced, Material
//   Energy 50 +- 1 running, 20 +- 0.5 during maintenance (a level change, not outliers)
//   Core temp check: one manual value a day
Table plant_table() {
    std::mt19937 rng(42);
    std::normal_distribution<double> unit(0.0, 1.0);
    Table t;
    t.name = "historian";
    Column furnace = numeric("Furnace temperature", Role::furnace_temp, "°C");
    Column ambient = numeric("Ambient", Role::ambient_temp, "°C");
    Column humidity = numeric("Humidity", Role::humidity, "%");
    Column setpoint = numeric("Setpoint", Role::setpoint, "°C");
    Column zone_sp = numeric("Zone 2 SP", Role::none, "°C");
    Column speed = numeric("Speed", Role::speed, "m/min");
    Column state = categorical("State", Role::state, {"running", "maintenance"});
    Column produced = numeric("Produced", Role::produced, "count");
    Column energy = numeric("Energy", Role::energy, "kWh");
    Column core = numeric("Core temp check", Role::core_temp_check, "°C");
    Column material = categorical("Material", Role::material, {"A", "B"});
    double extra = 0.0;
    for (std::size_t i = 0; i < rows_n; ++i) {
        if (i == 8000) extra += 120 * 60.0;
        if (i == 15000) extra += 30 * 60.0;
        const bool dup = i == 3000 || i == 12000 || i == 17000;
        t.time_s.push_back(dup ? t.time_s.back() : t0() + 60.0 * static_cast<double>(i) + extra);
        const double x = static_cast<double>(i);
        const bool maint = i >= 9000 && i < 9300;
        furnace.values.push_back(i >= 5000 && i < 5600 ? 181.25 : 180.0 + unit(rng));
        ambient.values.push_back(10.0 + 8.0 * std::sin(2 * std::numbers::pi * x / 1440.0) +
                                 0.3 * unit(rng));
        double h = 60.0 + 2.0 * unit(rng);
        if (i >= 1000 && (i - 1000) % 700 == 0 && i < 1000 + 25 * 700) h += 40.0;
        humidity.values.push_back(i % 100 == 50 ? nan : h);
        setpoint.values.push_back(180.0 + 10.0 * static_cast<double>((i / 2000) % 3));
        zone_sp.values.push_back(150.0 + 5.0 * static_cast<double>((i / 1500) % 4));
        speed.values.push_back(maint ? 0.0 : std::round((2.0 + 0.02 * unit(rng)) * 100) / 100);
        state.codes.push_back(maint ? 1 : 0);
        produced.values.push_back(maint ? 0.0 : 40.0);
        energy.values.push_back(maint ? 20.0 + 0.5 * unit(rng) : 50.0 + unit(rng));
        core.values.push_back(i % 1440 == 700 ? 120.0 + 5.0 * unit(rng) : nan);
        material.codes.push_back(static_cast<std::int32_t>((i / 5000) % 2));
    }
    for (auto* c : {&furnace, &ambient, &humidity, &setpoint, &zone_sp, &speed, &state, &produced,
                    &energy, &core, &material})
        t.columns.push_back(std::move(*c));
    return t;
}

const ColumnAudit& col(const AuditReport& r, const std::string& name) {
    for (const auto& c : r.columns)
        if (c.name == name) return c;
    throw std::runtime_error("no column " + name);
}

TEST(Audit, FindsPlantedDefectsExactly) {
    const Table t = plant_table();
    const AuditReport r = audit_table(t, {});
    EXPECT_EQ(r.rows, rows_n);
    EXPECT_DOUBLE_EQ(r.sampling_interval_s, 60.0);
    EXPECT_EQ(r.duplicate_timestamps, 3u);
    EXPECT_EQ(r.non_monotonic_timestamps, 0u);
    ASSERT_EQ(r.gaps.size(), 2u);
    EXPECT_DOUBLE_EQ(r.gaps[0].start_s, t.time_s[7999]);
    EXPECT_DOUBLE_EQ(r.gaps[0].end_s, t.time_s[8000]);
    EXPECT_DOUBLE_EQ(r.gaps[0].duration_s, 121 * 60.0);
    EXPECT_EQ(r.gaps[0].row, 8000u);
    EXPECT_DOUBLE_EQ(r.gaps[1].start_s, t.time_s[14999]);
    EXPECT_DOUBLE_EQ(r.gaps[1].end_s, t.time_s[15000]);
    EXPECT_DOUBLE_EQ(r.start_s, t0());
    EXPECT_DOUBLE_EQ(r.end_s, t.time_s.back());

    const auto& furnace = col(r, "Furnace temperature");
    EXPECT_EQ(furnace.kind, ColumnKind::sensor);
    EXPECT_TRUE(furnace.flatline_checked);
    EXPECT_EQ(furnace.flatline_min_run, 30u);  // 30 min at 1 min
    EXPECT_EQ(furnace.flatline_rows, 600u);
    EXPECT_DOUBLE_EQ(furnace.flatline_fraction, 600.0 / rows_n);
    ASSERT_EQ(furnace.flatline_ranges.size(), 1u);
    EXPECT_EQ(furnace.flatline_ranges[0].first_row, 5000u);
    EXPECT_EQ(furnace.flatline_ranges[0].last_row, 5599u);
    EXPECT_DOUBLE_EQ(furnace.flatline_ranges[0].start_s, t.time_s[5000]);
    EXPECT_DOUBLE_EQ(furnace.flatline_ranges[0].end_s, t.time_s[5599]);
    EXPECT_EQ(furnace.outlier_count, 0u);
    EXPECT_NEAR(furnace.mean, 180.0, 0.05);
    EXPECT_NEAR(furnace.std, 1.0, 0.05);

    const auto& ambient = col(r, "Ambient");
    EXPECT_EQ(ambient.outlier_count, 0u) << "a slow daily drift is not an outlier";
    EXPECT_EQ(ambient.flatline_rows, 0u);
    EXPECT_NEAR(ambient.p99, 18.0, 0.5);
    EXPECT_NEAR(ambient.p01, 2.0, 0.5);

    const auto& humidity = col(r, "Humidity");
    EXPECT_EQ(humidity.outlier_count, 25u);
    EXPECT_DOUBLE_EQ(humidity.outlier_fraction, 25.0 / rows_n);
    EXPECT_DOUBLE_EQ(humidity.missing_fraction, 200.0 / rows_n);
    EXPECT_EQ(humidity.n, rows_n - 200);
    EXPECT_EQ(humidity.flatline_rows, 0u);

    for (const char* name : {"Setpoint", "Zone 2 SP", "Speed", "Produced"}) {
        const auto& c = col(r, name);
        EXPECT_FALSE(c.flatline_checked) << name;
        EXPECT_EQ(c.flatline_fraction, 0.0) << name;
        EXPECT_EQ(c.outlier_count, 0u) << name << " (steps and stops are not outliers)";
    }
    EXPECT_EQ(col(r, "Setpoint").kind, ColumnKind::control);
    EXPECT_EQ(col(r, "Zone 2 SP").kind, ColumnKind::discrete);
    EXPECT_EQ(col(r, "Produced").kind, ColumnKind::count);
    EXPECT_EQ(col(r, "Energy").outlier_count, 0u) << "a 5 h stop is a level change";
    EXPECT_EQ(col(r, "Energy").flatline_rows, 0u);
    EXPECT_EQ(col(r, "Core temp check").kind, ColumnKind::manual);
    EXPECT_EQ(col(r, "Core temp check").outlier_count, 0u);
    EXPECT_EQ(col(r, "Material").kind, ColumnKind::categorical);
    EXPECT_TRUE(std::isnan(col(r, "Material").p01));
    EXPECT_DOUBLE_EQ(col(r, "Setpoint").min, 180.0);
    EXPECT_DOUBLE_EQ(col(r, "Setpoint").max, 200.0);
}

TEST(Audit, ScoreIsExplained) {
    const Table t = plant_table();
    AuditOptions options;
    options.rows_rejected = 37;
    const AuditReport r = audit_table(t, options);
    const auto reasons = r.reasons();
    auto has = [&](const std::string& text) {
        return std::find(reasons.begin(), reasons.end(), text) != reasons.end();
    };
    // 599 min between first and last stuck sample; penalty 3 + 200 * 3 %.
    EXPECT_TRUE(has("Furnace temperature: stuck for 10.0 h (3.0 % of rows) (-9)"));
    EXPECT_TRUE(has("Humidity: 1.0 % of values missing (-0.5)"));
    EXPECT_TRUE(has("Humidity: 25 outliers (0.12 % of rows) (-0.6)"));
    // 121 + 31 min of gaps over 20,149 min: 0.5 per gap + 100 * 0.754 %.
    EXPECT_TRUE(has("2 gaps in the time axis, 2.5 h in total (0.75 % of the time range) (-1.8)"));
    EXPECT_TRUE(has("3 duplicate timestamps (0.015 % of rows) (-1)"));
    EXPECT_TRUE(has("37 rows rejected at import (0.18 %) (-0.7)"));
    EXPECT_EQ(reasons.size(), 6u) << ::testing::PrintToString(reasons);
    double lost = 0;
    for (const auto& p : r.penalties) lost += p.points;
    EXPECT_NEAR(r.score, 100.0 - lost, 1e-9);
    EXPECT_NEAR(r.score, 100.0 - 9 - 0.5 - 0.6 - 1.8 - 1 - 0.7, 1e-9);
    EXPECT_EQ(reasons.front(),
              "Furnace temperature: stuck for 10.0 h (3.0 % of rows) (-9)");  // biggest first
}

TEST(Audit, ScoreIsMonotone) {
    Table t = plant_table();
    double previous = audit_table(t, {}).score;
    // Each step makes the data worse; the score must never go up.
    auto& furnace = t.columns[0].values;
    for (std::size_t end : {5700u, 6500u, 9000u, 14000u}) {
        for (std::size_t i = 5600; i < end; ++i) furnace[i] = 181.25;
        const double s = audit_table(t, {}).score;
        EXPECT_LE(s, previous);
        previous = s;
    }
    auto& humidity = t.columns[2].values;
    for (std::size_t i = 0; i < 4000; i += 7) humidity[i] = missing_value;
    const double s = audit_table(t, {}).score;
    EXPECT_LT(s, previous);
    EXPECT_GE(s, 0.0);
}

TEST(Audit, LocalMedianFindsSpikesInsideTheDrift) {
    Table t = plant_table();
    // +3 degC is within the daily range (a global rule would not see it) but 10 sigma locally.
    auto& ambient = t.columns[1].values;
    for (std::size_t i : {2000u, 4000u, 6000u, 11000u, 13000u}) ambient[i] += 3.0;
    EXPECT_EQ(col(audit_table(t, {}), "Ambient").outlier_count, 5u);
}

TEST(Audit, QuantisedSlowSignalIsNotStuckButALongStretchIs) {
    Table t = plant_table();
    // An ambient thermometer that reports whole degrees, without noise.
    auto& v = t.columns[1].values;
    for (std::size_t i = 0; i < rows_n; ++i)
        v[i] = std::round(10.0 +
                          8.0 * std::sin(2 * std::numbers::pi * static_cast<double>(i) / 1440.0));
    // It holds one value for up to ~2.7 h at the crests: normal for this signal.
    EXPECT_EQ(col(audit_table(t, {}), "Ambient").flatline_rows, 0u);
    for (std::size_t i = 10000; i < 11440; ++i) v[i] = 99.0;  // a whole day on one value
    const AuditReport r = audit_table(t, {});
    const auto& c = col(r, "Ambient");
    EXPECT_EQ(c.kind, ColumnKind::sensor);
    ASSERT_EQ(c.flatline_ranges.size(), 1u);
    EXPECT_EQ(c.flatline_ranges[0].first_row, 10000u);
    EXPECT_EQ(c.flatline_ranges[0].last_row, 11439u);
}

TEST(Audit, SensorStuckForTheWholeDataset) {
    Table t = plant_table();
    auto& furnace = t.columns[0].values;
    std::fill(furnace.begin(), furnace.end(), 180.0);
    const AuditReport r = audit_table(t, {});
    const auto& c = col(r, "Furnace temperature");
    EXPECT_EQ(c.kind, ColumnKind::sensor);
    EXPECT_EQ(c.flatline_rows, rows_n);
    EXPECT_DOUBLE_EQ(c.flatline_fraction, 1.0);
    EXPECT_EQ(r.penalties.front().category, "flatline");
    EXPECT_EQ(r.penalties.front().points, 10.0);  // the per-column cap
}

TEST(Audit, SparseSourcesAreNotMissingData) {
    Table t = plant_table();
    Column lab = numeric("Lab viscosity", Role::factor, "mPa s");
    lab.aligned_from = "lab_checks";
    for (std::size_t i = 0; i < rows_n; ++i)
        lab.values.push_back(i % 500 == 0 ? 300.0 + static_cast<double>(i % 7) : nan);
    t.columns.push_back(lab);
    const AuditReport r = audit_table(t, {});
    const auto& c = col(r, "Lab viscosity");
    EXPECT_EQ(c.kind, ColumnKind::manual);
    EXPECT_TRUE(c.sparse);
    EXPECT_TRUE(col(r, "Core temp check").sparse);
    EXPECT_DOUBLE_EQ(c.missing_fraction, 1.0 - 40.0 / rows_n);
    for (const auto& p : r.penalties) EXPECT_NE(p.column, "Lab viscosity") << p.reason;
    for (const auto& p : r.penalties) EXPECT_NE(p.column, "Core temp check") << p.reason;
}

TEST(Audit, MaskAuditsOnlyTheCondition) {
    const Table t = plant_table();
    AuditOptions options;
    options.row_mask = std::vector<std::uint8_t>(rows_n, 1);
    for (std::size_t i = 7000; i < 9000; ++i) (*options.row_mask)[i] = 0;
    options.condition_name = "no January 10";
    const AuditReport r = audit_table(t, options);
    EXPECT_EQ(r.rows, rows_n - 2000);
    EXPECT_EQ(r.condition, "no January 10");
    ASSERT_EQ(r.gaps.size(), 1u);  // the step across the excluded rows is no gap
    EXPECT_DOUBLE_EQ(r.gaps[0].start_s, t.time_s[14999]);
    EXPECT_EQ(col(r, "Humidity").outlier_count, 22u);  // spikes at 7300, 8000, 8700 excluded
    EXPECT_DOUBLE_EQ(col(r, "Humidity").missing_fraction, 180.0 / 18000.0);
    EXPECT_EQ(col(r, "Furnace temperature").flatline_rows, 600u);
    EXPECT_EQ(r.envelope_basis, "running rows");
    EXPECT_EQ(r.envelope_rows, rows_n - 2000 - 300);  // audited rows while running

    options.row_mask->resize(10);
    EXPECT_THROW(audit_table(t, options), UsageError);
}

TEST(Audit, EnvelopeOfControlsWhileRunning) {
    const AuditReport r = audit_table(plant_table(), {});
    EXPECT_EQ(r.envelope_basis, "running rows");
    EXPECT_EQ(r.envelope_rows, rows_n - 300);
    ASSERT_EQ(r.envelope.size(), 3u);
    EXPECT_EQ(r.envelope[0].role, Role::speed);
    EXPECT_GT(r.envelope[0].min, 1.8);  // stops at 0 are not part of the operating range
    EXPECT_NEAR(r.envelope[0].median, 2.0, 0.01);
    EXPECT_EQ(r.envelope[1].role, Role::setpoint);
    EXPECT_DOUBLE_EQ(r.envelope[1].p01, 180.0);
    EXPECT_DOUBLE_EQ(r.envelope[1].p99, 200.0);
    EXPECT_EQ(r.envelope[2].role, Role::material);
    ASSERT_EQ(r.envelope[2].levels.size(), 2u);
    EXPECT_EQ(r.envelope[2].levels[0].level, "A");
    EXPECT_EQ(r.envelope[2].levels[0].rows + r.envelope[2].levels[1].rows, rows_n - 300);
}

TEST(Audit, BackwardTimestamps) {
    Table t = plant_table();
    std::swap(t.time_s[100], t.time_s[101]);
    const AuditReport r = audit_table(t, {});
    EXPECT_EQ(r.non_monotonic_timestamps, 1u);
    EXPECT_EQ(r.duplicate_timestamps, 3u);
    EXPECT_EQ(r.gaps.size(), 2u);
    EXPECT_DOUBLE_EQ(r.sampling_interval_s, 60.0);
}

TEST(Audit, TableWithoutTimeAxis) {
    Table t;
    t.name = "items";
    std::mt19937 rng(3);
    std::normal_distribution<double> unit(0.0, 1.0);
    Column thickness = numeric("Thickness", Role::factor, "mm");
    Column defect = numeric("Defect", Role::defect);
    for (std::size_t i = 0; i < 2000; ++i) {
        thickness.values.push_back(i >= 500 && i < 550 ? 2.5 : 2.0 + 0.1 * unit(rng));
        defect.values.push_back(i % 9 == 0 ? 1.0 : 0.0);
    }
    thickness.values[1500] = 9.0;
    t.columns = {thickness, defect};
    const AuditReport r = audit_table(t, {});
    EXPECT_FALSE(r.has_time);
    EXPECT_TRUE(r.gaps.empty());
    EXPECT_EQ(r.duplicate_timestamps, 0u);
    EXPECT_TRUE(std::isnan(r.sampling_interval_s));
    const auto& c = col(r, "Thickness");
    EXPECT_EQ(c.flatline_min_run, 10u);
    ASSERT_EQ(c.flatline_ranges.size(), 1u);
    EXPECT_EQ(c.flatline_ranges[0].first_row, 500u);
    EXPECT_EQ(c.flatline_ranges[0].last_row, 549u);
    EXPECT_EQ(c.outlier_count, 1u);
    EXPECT_FALSE(col(r, "Defect").flatline_checked);

    const auto j = audit_to_json(r);
    EXPECT_TRUE(j["sampling_interval_s"].is_null());
    EXPECT_TRUE(j["time_range"]["start"].is_null());
    EXPECT_TRUE(j["flatline_ranges"][0]["start"].is_null());
    EXPECT_EQ(j["flatline_ranges"][0]["first_row"], 500);
    EXPECT_EQ(j["reasons"][0], "Thickness: stuck for 50 rows (2.5 % of rows) (-8)");
}

TEST(Audit, JsonHasTheProductKeysAndNoNaN) {
    const AuditReport r = audit_table(plant_table(), {});
    const nlohmann::json j = audit_to_json(r);
    for (const char* key :
         {"columns", "gaps", "duplicate_timestamps", "score", "reasons", "rows",
          "sampling_interval_s", "envelope", "non_monotonic_timestamps", "flatline_ranges"})
        EXPECT_TRUE(j.contains(key)) << key;
    ASSERT_EQ(j["columns"].size(), 11u);
    for (const auto& c : j["columns"])
        for (const char* key :
             {"name", "role", "type", "unit", "missing_fraction", "flatline_fraction",
              "outlier_fraction", "min", "max", "p01", "p99"})
            EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_EQ(j["columns"][0]["name"], "Furnace temperature");
    EXPECT_EQ(j["columns"][0]["role"], "furnace_temp");
    EXPECT_EQ(j["columns"][0]["type"], "numeric");
    EXPECT_TRUE(j["columns"][10]["min"].is_null());            // Material is categorical
    EXPECT_EQ(j["gaps"][0]["start"], "2026-01-10T13:19:00Z");  // row 7999: t0 + 7999 min
    EXPECT_EQ(j["gaps"][0]["end"], "2026-01-10T15:20:00Z");    // row 8000: t0 + 8000 min + 2 h
    EXPECT_EQ(j["gaps"][0]["duration_s"], 7260.0);
    EXPECT_EQ(j["duplicate_timestamps"], 3);
    EXPECT_EQ(j["sampling_interval_s"], 60.0);
    EXPECT_EQ(j["flatline_ranges"][0]["column"], "Furnace temperature");
    EXPECT_EQ(j["flatline_ranges"][0]["start"],
              "2026-01-08T11:20:00Z");  // row 5000 = t0 + 3 d 11 h 20 min
    EXPECT_TRUE(j["score"].is_number());
    const std::string text = j.dump();
    EXPECT_EQ(text.find("NaN"), std::string::npos);
    EXPECT_EQ(text.find("nan"), std::string::npos);
    EXPECT_EQ(text.find("inf"), std::string::npos);
}

TEST(Audit, EmptyTable) {
    Table t;
    t.name = "empty";
    const AuditReport r = audit_table(t, {});
    EXPECT_EQ(r.rows, 0u);
    EXPECT_EQ(r.score, 0.0);
    EXPECT_NO_THROW(audit_to_json(r).dump());
}


}  // namespace
}  // namespace twinbench
