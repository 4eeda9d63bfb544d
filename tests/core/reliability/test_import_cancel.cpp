// Cancelling an import (issue 8: the GUI's Cancel must work within 200 ms and leave the
// project as it was). The GUI's BackgroundJob answers the progress callback with false once
// Cancel was pressed; here the callback does that at chosen moments: while parsing, between
// parsing and storing, and in the middle of storing a file, so an append to a source that
// already holds rows has to be rolled back. The speed of a cancel is measured by
// tests/bench/import_cancel_bench.cpp; this test checks what a cancel leaves behind and
// that storing asks often enough (after each chunk, not once per file).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "data/column_chunks.h"
#include "data/importer.h"
#include "data/project.h"
#include "reliability/project_state.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

const fs::path plant_dir = fs::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";

struct Call {
    double fraction;
    std::string what;
};

ImportOptions march_options() {
    ImportOptions options;
    options.files = {plant_dir / "historian_2026-03.csv.gz", plant_dir / "batches.csv.gz"};
    options.dataset = "plant";
    options.time_zone = "Europe/Berlin";
    return options;
}

class ImportCancel : public ::testing::Test {
  protected:
    void SetUp() override {
        Project project(project_, Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {plant_dir / "historian_2026-02.csv.gz", plant_dir / "batches.csv.gz"};
        options.dataset = "plant";
        options.time_zone = "Europe/Berlin";
        import_files(project, options);
    }

    // Every progress call of an import that runs to the end (into a copy).
    std::vector<Call> calls_of_a_whole_import() {
        const fs::path copy = dir_ / "copy.twin";
        test::copy_project(project_, copy);
        std::vector<Call> calls;
        Project project(copy, Project::Mode::open_existing);
        auto options = march_options();
        options.progress = [&](double fraction, std::string_view what) {
            calls.push_back({fraction, std::string(what)});
            return true;
        };
        import_files(project, options);
        return calls;
    }

    test::TempDir dir_;
    fs::path project_ = dir_ / "plant.twin";
};

TEST_F(ImportCancel, StoringAsksAfterEveryChunk) {
    const auto calls = calls_of_a_whole_import();
    std::size_t storing = 0;
    double last = 0.0;
    for (const auto& call : calls) {
        EXPECT_GE(call.fraction, last - 1e-12) << "progress went back at '" << call.what << "'";
        EXPECT_LE(call.fraction, 1.0 + 1e-12);
        last = call.fraction;
        storing += call.what == "storing";
    }
    // One historian month (about 44,500 rows: one chunk per column, rows_per_chunk is larger)
    // of 11 columns, and the batch list of 3: at least one call per stored column.
    static_assert(rows_per_chunk >= 44640);  // 31 days of minutes
    EXPECT_GE(storing, 14u);
    EXPECT_NEAR(calls.back().fraction, 1.0, 1e-9);
}

TEST_F(ImportCancel, CancelAtAnyMomentLeavesTheProjectUnchanged) {
    const auto before = test::read_project_state(project_);
    ASSERT_EQ(before.integrity, "ok");
    const auto calls = calls_of_a_whole_import();
    ASSERT_GE(calls.size(), 15u);

    // The first call, the first storing call, the middle of storing, the last call, and a
    // spread over the rest.
    std::vector<std::size_t> moments = {0, calls.size() - 1};
    std::size_t first_storing = calls.size();
    for (std::size_t i = 0; i < calls.size(); ++i)
        if (calls[i].what == "storing" && first_storing == calls.size()) first_storing = i;
    ASSERT_LT(first_storing, calls.size());
    moments.push_back(first_storing);
    moments.push_back((first_storing + calls.size()) / 2);
    for (std::size_t i = 1; i < 6; ++i) moments.push_back(i * calls.size() / 6);

    for (const auto moment : moments) {
        {
            Project project(project_, Project::Mode::open_existing);
            auto options = march_options();
            std::size_t call = 0;
            options.progress = [&](double, std::string_view) { return call++ < moment; };
            EXPECT_THROW(import_files(project, options), Cancelled)
                << "cancel at call " << moment << " of " << calls.size() << " ('"
                << calls[moment].what << "')";
            EXPECT_EQ(call, moment + 1) << "the import went on after the cancel at call " << moment;
        }
        const auto after = test::read_project_state(project_);
        EXPECT_EQ(after.integrity, "ok") << "cancel at call " << moment;
        EXPECT_EQ(after.digest, before.digest)
            << "cancel at call " << moment << " ('" << calls[moment].what
            << "') changed the project: " << before.summary << " -> " << after.summary;
    }
}

}  // namespace
}  // namespace twinbench
