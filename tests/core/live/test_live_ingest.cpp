// Rows appended to a stored dataset as they arrive: validated like the importer validates,
// placed by time (late rows between stored ones), de-duplicated, gaps noted, and read back
// by the project exactly as an import would be.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "live/live_ingest.h"
#include "live/live_test_project.h"

namespace twinbench {
namespace {

using test::live_start_utc_s;
using test::live_value;
using test::TempDir;

LiveRow row_at(double t, double temp, const std::string& running = "yes") {
    LiveRow row;
    row.origin = "test";
    // A fractional time goes in as a number (UTC seconds), a whole one as ISO 8601 text.
    const bool whole = t == std::floor(t);
    row.cells = {{"time", whole ? test::iso_utc(t) : "", whole ? std::nullopt : std::optional<double>(t), std::nullopt},
                 {"Temp [°C]", "", temp, std::nullopt},
                 {"Speed", fmt::format("{}", live_value(t, 2)), std::nullopt, std::nullopt},
                 {"Running", running, std::nullopt, std::nullopt},
                 {"Grade", "C", std::nullopt, std::nullopt}};
    return row;
}

Table read_line(const std::filesystem::path& path) {
    Project project(path, Project::Mode::read_only);
    return project.read_dataset(project.dataset("line"));
}

TEST(LiveIngest, PlacesLateRowsByTimeAndDropsRepeats) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    {
        Project project(path, Project::Mode::open_existing);
        LiveIngest ingest(project, "line", "test-stream");
        LiveBatch batch;
        // New rows after the stored ones, out of order, one repeated within the batch,
        // one repeating a stored time, and one late row between stored times.
        batch.rows = {row_at(live_start_utc_s + 12, 12.0), row_at(live_start_utc_s + 10, 10.0),
                      row_at(live_start_utc_s + 12, 12.0), row_at(live_start_utc_s + 3, -1.0),
                      row_at(live_start_utc_s + 4.5, 4.5), row_at(live_start_utc_s + 11, 11.0)};
        ingest.add(batch);
        ingest.commit("{}");
        EXPECT_EQ(ingest.rows_appended(), 4u);  // 10, 11, 12 and the late 4.5
        EXPECT_EQ(ingest.rows_duplicate(), 2u);
        EXPECT_EQ(ingest.rows_rejected(), 0u);
    }
    const Table table = read_line(path);
    ASSERT_EQ(table.row_count(), 14u);
    EXPECT_TRUE(std::is_sorted(table.time_s.begin(), table.time_s.end()));
    const Column* temp = table.find("Temp");
    ASSERT_NE(temp, nullptr);
    // The stored row at +3 keeps its value: a repeat never overwrites.
    EXPECT_EQ(temp->values[3], live_value(live_start_utc_s + 3, 1));
    EXPECT_EQ(table.time_s[5], live_start_utc_s + 4.5);
    EXPECT_EQ(temp->values[5], 4.5);
    EXPECT_EQ(temp->values[13], 12.0);
    const Column* grade = table.find("Grade");
    ASSERT_NE(grade, nullptr);
    EXPECT_EQ(grade->label(13), "C");  // a new category joins the stored ones
    EXPECT_EQ(grade->label(0), table.find("Grade")->label(0));
    const Column* running = table.find("Running");
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->values[13], 1.0);
}

TEST(LiveIngest, RejectsBadCellsLikeTheImporterAndReportsUnknownColumns) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    Project project(path, Project::Mode::open_existing);
    LiveIngest ingest(project, "line", "test-stream");
    LiveBatch batch;
    auto not_a_number = row_at(live_start_utc_s + 20, 0.0);
    not_a_number.cells[2].text = "fast";
    auto not_a_flag = row_at(live_start_utc_s + 21, 0.0, "maybe");
    auto no_time = row_at(live_start_utc_s + 22, 0.0);
    no_time.cells[0].text = "";
    auto bad_time = row_at(live_start_utc_s + 23, 0.0);
    bad_time.cells[0].text = "2026-13-45T99:00:00Z";
    auto unknown = row_at(live_start_utc_s + 24, 24.0);
    unknown.cells.push_back({"Pressure", "1.2", std::nullopt, std::nullopt});
    batch.rows = {not_a_number, not_a_flag, no_time, bad_time, unknown};
    batch.rejected.push_back({"data.csv", 7, "expected 5 fields, found 4", "x,y"});
    ingest.add(batch);
    ingest.commit("{}");
    EXPECT_EQ(ingest.rows_appended(), 1u);
    EXPECT_EQ(ingest.rows_rejected(), 5u);
    EXPECT_EQ(ingest.unknown_columns(), (std::set<std::string>{"Pressure"}));
    const auto dataset = project.dataset("line");
    const auto rejected = project.rejected_rows(dataset.id);
    ASSERT_EQ(rejected.size(), 5u);
    std::vector<std::string> reasons;
    for (const auto& r : rejected) reasons.push_back(r.reason);
    EXPECT_NE(std::find(reasons.begin(), reasons.end(), "test: column 'Speed': 'fast' is not a number"), reasons.end());
    EXPECT_NE(std::find(reasons.begin(), reasons.end(), "test: column 'Running': 'maybe' is not a yes/no value"),
              reasons.end());
    EXPECT_NE(std::find(reasons.begin(), reasons.end(), "test: column 'time': no timestamp"), reasons.end());
    EXPECT_EQ(dataset.rows_rejected, 5u);
    bool noted = false;
    for (const auto& n : project.import_notes(dataset.id)) noted |= n.message.find("'Pressure'") != std::string::npos;
    EXPECT_TRUE(noted);
}

TEST(LiveIngest, RecordsAGapAndTellsTheObserverWhatWasStored) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    Project project(path, Project::Mode::open_existing);
    LiveIngest ingest(project, "line", "test-stream");
    std::vector<double> seen;
    std::size_t gaps = 0;
    ingest.set_observer([&](const AppendedRows& rows) {
        seen.insert(seen.end(), rows.rows.time_s.begin(), rows.rows.time_s.end());
        gaps += rows.gaps.size();
        EXPECT_EQ(rows.rows.columns.size(), 5u);
    });
    LiveBatch batch;
    batch.rows = {row_at(live_start_utc_s + 10, 1.0), row_at(live_start_utc_s + 100, 2.0)};  // 90 s of silence
    ingest.add(batch);
    ingest.commit("{}");
    EXPECT_EQ(seen, (std::vector<double>{live_start_utc_s + 10, live_start_utc_s + 100}));
    EXPECT_EQ(gaps, 1u);
    bool noted = false;
    for (const auto& n : project.import_notes(project.dataset("line").id))
        noted |= n.message.find("no samples from 2026-12-01T00:00:10Z to 2026-12-01T00:01:40Z") != std::string::npos;
    EXPECT_TRUE(noted);
}

TEST(LiveIngest, ManySmallCommitsReadBackWholeAndStayFewChunks) {
    TempDir dir;
    const auto path = test::make_live_project(dir);
    {
        Project project(path, Project::Mode::open_existing);
        LiveIngest ingest(project, "line", "test-stream");
        for (int commit = 0; commit < 200; ++commit) {
            LiveBatch batch;
            for (int i = 0; i < 3; ++i) {
                const double t = live_start_utc_s + 10 + commit * 3 + i;
                batch.rows.push_back(row_at(t, live_value(t, 1)));
            }
            if (commit % 50 == 7)  // now and then a late row between stored ones
                batch.rows.push_back(row_at(live_start_utc_s + commit * 3 + 0.5, -5.0));
            ingest.add(batch);
            ingest.commit(fmt::format("{{\"commit\": {}}}", commit));
        }
        EXPECT_EQ(ingest.saved_checkpoint(), "{\"commit\": 199}");
    }
    const Table table = read_line(path);
    ASSERT_EQ(table.row_count(), 10u + 600u + 4u);
    EXPECT_TRUE(std::is_sorted(table.time_s.begin(), table.time_s.end()));
    const Column* temp = table.find("Temp");
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        const double t = table.time_s[r];
        const double expected = t == std::floor(t) ? live_value(t, 1) : -5.0;
        ASSERT_EQ(temp->values[r], expected) << "row " << r;
    }
    Project project(path, Project::Mode::read_only);
    EXPECT_LE(test::count_chunks(project), 5u * 20u) << "small commits are folded into larger chunks";
}

// A watcher keeps only the last few row times in memory; a late row older than those is
// placed by searching the stored time column. With 4 times kept the stored dataset must
// be the same, row for row, as with the whole hour kept (every late row within the window).
TEST(LiveIngest, LateRowsOlderThanTheKeptTimesLandWhereTheyBelong) {
    const auto run = [](const std::filesystem::path& path, std::size_t recent_rows_kept) {
        Project project(path, Project::Mode::open_existing);
        LiveIngestOptions options;
        options.recent_rows_kept = recent_rows_kept;
        LiveIngest ingest(project, "line", "test-stream", options);
        for (int commit = 0; commit < 40; ++commit) {
            LiveBatch batch;
            for (int i = 0; i < 3; ++i) {
                const double t = live_start_utc_s + 10 + commit * 3 + i;
                batch.rows.push_back(row_at(t, live_value(t, 1)));
            }
            if (commit == 20) {
                // Into the imported rows, into an early commit's chunk, onto a stored time.
                batch.rows.push_back(row_at(live_start_utc_s + 2.5, -2.5));
                batch.rows.push_back(row_at(live_start_utc_s + 30.5, -30.5));
                batch.rows.push_back(row_at(live_start_utc_s + 15, -15.0));
            }
            if (commit == 30) batch.rows.push_back(row_at(live_start_utc_s - 0.25, 0.25));  // before the first row
            ingest.add(batch);
            ingest.commit("{}");
        }
        return std::pair{ingest.rows_appended(), ingest.rows_duplicate()};
    };
    TempDir dir;
    TempDir whole_dir;
    const auto path = test::make_live_project(dir);
    const auto whole_path = test::make_live_project(whole_dir);
    const auto [appended, duplicates] = run(path, 4);
    const auto [whole_appended, whole_duplicates] = run(whole_path, RecentTimes::default_rows_kept);
    EXPECT_EQ(appended, 120u + 3u);
    EXPECT_EQ(duplicates, 1u);
    EXPECT_EQ(whole_appended, appended);
    EXPECT_EQ(whole_duplicates, duplicates);

    const Table table = read_line(path);
    const Table whole = read_line(whole_path);
    ASSERT_EQ(table.row_count(), 10u + 120u + 3u);
    EXPECT_EQ(table.time_s, whole.time_s);
    EXPECT_TRUE(std::is_sorted(table.time_s.begin(), table.time_s.end()));
    const Column* temp = table.find("Temp");
    ASSERT_NE(temp, nullptr);
    EXPECT_EQ(temp->values, whole.find("Temp")->values);
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        const double t = table.time_s[r];
        const double expected = t == std::floor(t) ? live_value(t, 1) : -(t - live_start_utc_s);
        ASSERT_EQ(temp->values[r], expected) << "row " << r;
    }
    EXPECT_EQ(table.time_s[0], live_start_utc_s - 0.25);
    EXPECT_EQ(table.time_s[4], live_start_utc_s + 2.5);
    EXPECT_EQ(table.find("Grade")->label(4), "C");
}

}  // namespace
}  // namespace twinbench
