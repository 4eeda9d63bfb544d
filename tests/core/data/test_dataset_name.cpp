// A multi-file import without a dataset name is named after its main source (the largest
// table with a time axis), not after whichever file came first: the sample plant's batch
// list must not name the plant "batches".
#include <gtest/gtest.h>

#include "data/importer.h"
#include "data/project.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

TEST(DatasetName, MultiFileImportIsNamedAfterTheMainSource) {
    test::TempDir dir;
    const auto batches = dir.write("batches.csv", "Batch start,Material grade\n2026-01-31 23:59,B\n");
    const auto feb = dir.write("historian_2026-02.csv",
                               "time,temp\n2026-02-01 00:00,182\n2026-02-01 00:01,183\n2026-02-01 00:02,184\n");
    const auto mar = dir.write("historian_2026-03.csv", "time,temp\n2026-03-01 00:00,185\n2026-03-01 00:01,186\n");
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {batches, feb, mar};  // the batch list first, as `ls` lists them
    options.time_zone = "UTC";
    const ImportResult result = import_files(project, options);
    // The monthly historian exports are the main source; their common name, not a month's.
    EXPECT_EQ(result.dataset, "historian");
    EXPECT_NO_THROW(project.dataset("historian"));
}

TEST(DatasetName, OneFileKeepsItsNameAndAGivenNameWins) {
    test::TempDir dir;
    const auto file = dir.write("line 3 export.csv", "time,temp\n2026-02-01 00:00,182\n");
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {file};
    options.time_zone = "UTC";
    EXPECT_EQ(import_files(project, options).dataset, "line 3 export");
    options.dataset = "plant";
    EXPECT_EQ(import_files(project, options).dataset, "plant");
}

}  // namespace
}  // namespace twinbench
