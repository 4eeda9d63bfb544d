// The folder source follows growing CSV exports: new lines, a half-written last line, a
// rotation (rename and a new file), a truncation in place, a new file, and a restart from
// its checkpoint, without handing a row out twice or losing one.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "live/folder_source.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::TempDir;
using namespace std::chrono_literals;

void append(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << text;
}

std::string cell(const LiveRow& row, const std::string& column) {
    for (const auto& c : row.cells)
        if (c.column == column) return c.text;
    return "<none>";
}

std::vector<std::string> values(const LiveBatch& batch, const std::string& column) {
    std::vector<std::string> out;
    for (const auto& row : batch.rows) out.push_back(cell(row, column));
    return out;
}

using Strings = std::vector<std::string>;

TEST(LiveFolderSource, FollowsGrowthAndWaitsForAHalfWrittenLine) {
    TempDir dir;
    const auto file = dir.write("data.csv", "time;value\n2026-12-01 00:00:00;1,5\n");
    FolderSource source(dir.path());
    auto batch = source.poll(0ms);
    EXPECT_EQ(values(batch, "value"), (Strings{"1,5"}));
    EXPECT_EQ(batch.rows.at(0).decimal_mark, ',');
    EXPECT_EQ(batch.rows.at(0).line, 2);

    append(file, "2026-12-01 00:00:01;2,5\n2026-12-01 00:00:02;3");  // the last line is not finished
    batch = source.poll(0ms);
    EXPECT_EQ(values(batch, "value"), (Strings{"2,5"}));
    EXPECT_TRUE(source.poll(0ms).rows.empty()) << "a line without its line end must wait";

    append(file, ",75\n");
    batch = source.poll(0ms);
    EXPECT_EQ(values(batch, "value"), (Strings{"3,75"}));
    EXPECT_EQ(batch.rows.at(0).line, 4);
    EXPECT_TRUE(source.poll(0ms).rows.empty());
}

TEST(LiveFolderSource, FollowsARotatedFileAndTheNewOne) {
    TempDir dir;
    const auto file = dir.write("data.csv", "time,value\n2026-12-01T00:00:00Z,1\n");
    FolderSource source(dir.path());
    EXPECT_EQ(values(source.poll(0ms), "value"), (Strings{"1"}));
    // The logger writes one more row, renames the file and starts a new one.
    append(file, "2026-12-01T00:00:01Z,2\n");
    std::filesystem::rename(file, dir / "data.csv.1");
    dir.write("data.csv", "time,value\n2026-12-01T00:00:02Z,3\n");
    const auto batch = source.poll(0ms);
    // Both files changed within the clock's resolution: their order is not fixed.
    auto got = values(batch, "value");
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (Strings{"2", "3"}));
    bool rename_noted = false;
    for (const auto& note : batch.notes) rename_noted |= note.find("renamed to data.csv.1") != std::string::npos;
    EXPECT_TRUE(rename_noted);
    EXPECT_TRUE(source.poll(0ms).rows.empty());
}

TEST(LiveFolderSource, RereadsATruncatedFileFromItsStart) {
    TempDir dir;
    const auto file = dir.write("data.csv", "time,value\n2026-12-01T00:00:00Z,1\n2026-12-01T00:00:01Z,2\n");
    FolderSource source(dir.path());
    EXPECT_EQ(source.poll(0ms).rows.size(), 2u);
    // copytruncate: the same file, emptied, then written again from its header.
    std::filesystem::resize_file(file, 0);
    append(file, "time,value\n2026-12-01T00:00:02Z,3\n");
    const auto batch = source.poll(0ms);
    EXPECT_EQ(values(batch, "value"), (Strings{"3"}));
    bool truncation_noted = false;
    for (const auto& note : batch.notes) truncation_noted |= note.find("truncated") != std::string::npos;
    EXPECT_TRUE(truncation_noted);
}

TEST(LiveFolderSource, ReadsANewFileByItsOwnHeader) {
    TempDir dir;
    dir.write("a.csv", "time,value\n2026-12-01T00:00:00Z,1\n");
    FolderSource source(dir.path());
    EXPECT_EQ(source.poll(0ms).rows.size(), 1u);
    dir.write("b.csv", "value,time,extra\n7,2026-12-01T00:00:01Z,x\n");
    const auto batch = source.poll(0ms);
    ASSERT_EQ(batch.rows.size(), 1u);
    EXPECT_EQ(cell(batch.rows[0], "value"), "7");
    EXPECT_EQ(cell(batch.rows[0], "time"), "2026-12-01T00:00:01Z");
    EXPECT_EQ(batch.rows[0].origin, "b.csv");
}

TEST(LiveFolderSource, CountsRowsOfTheWrongWidthAsRejected) {
    TempDir dir;
    dir.write("data.csv", "time,a,b\n2026-12-01T00:00:00Z,1,2\n2026-12-01T00:00:01Z,1\n2026-12-01T00:00:02Z,3,4\n");
    FolderSource source(dir.path());
    const auto batch = source.poll(0ms);
    EXPECT_EQ(values(batch, "a"), (Strings{"1", "3"}));
    ASSERT_EQ(batch.rejected.size(), 1u);
    EXPECT_EQ(batch.rejected[0].line, 3);
    EXPECT_EQ(batch.rejected[0].reason, "expected 3 fields, found 2");
}

TEST(LiveFolderSource, GoesOnFromItsCheckpoint) {
    TempDir dir;
    const auto file = dir.write("data.csv", "time,value\n2026-12-01T00:00:00Z,1\n");
    std::string checkpoint;
    {
        FolderSource source(dir.path());
        EXPECT_EQ(source.poll(0ms).rows.size(), 1u);
        checkpoint = source.checkpoint();
    }
    append(file, "2026-12-01T00:00:01Z,2\n");
    FolderSource again(dir.path());
    again.restore(checkpoint);
    EXPECT_EQ(values(again.poll(0ms), "value"), (Strings{"2"}));
}

}  // namespace
}  // namespace twinbench
