// A full disk and a read-only project (issue 8): import and fit fail with one clear
// `error:` line and exit code 5, and the project file is unchanged byte for byte.
//
// The full disk is simulated twice: for the real twinbench-cli with RLIMIT_FSIZE (the
// kernel refuses writes past a file size, as a full disk refuses them), and in-process with
// PRAGMA max_page_count (SQLite reports SQLITE_FULL at an exact page). Read-only means a
// 0444 project file and, separately, a writable file in a 0555 folder (no room for the
// write-ahead log). As root, permissions stop nothing, so the CLI then runs as 'nobody'.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "data/sqlite_statement.h"
#include "models/model_fitting.h"
#include "reliability/project_state.h"
#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string cli_path = TWINBENCH_CLI_PATH;
const fs::path plant_dir = fs::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";

std::string plant(const char* name) {
    return (plant_dir / name).string();
}

struct Outcome {
    test::ChildEnd end;
    std::vector<std::string> error_lines;
    std::string err;
};

Outcome run(const TempDir& dir, const std::vector<std::string>& args,
            const test::ChildLimits& limits = {}) {
    // The output files live outside the folder under test (it may be read-only).
    Outcome outcome;
    const pid_t pid = test::start_child(cli_path, args, dir / "out.txt", dir / "err.txt", limits);
    outcome.end = test::wait_child(pid);
    outcome.err = test::read_bytes(dir / "err.txt");
    for (const auto& line : test::lines_of(outcome.err))
        if (line.rfind("error:", 0) == 0) outcome.error_lines.push_back(line);
    return outcome;
}

// As root the read-only cases run the CLI as 'nobody'; a checkout 'nobody' cannot enter
// (e.g. under /root) makes that impossible, which is a fact about the machine, not a bug.
bool nobody_can_run_cli(const TempDir& dir) {
    if (geteuid() != 0) return true;
    const auto r = run(dir, {"--version"}, test::ChildLimits{0, true});
    return r.end.exited && r.end.exit_code == 0;
}

class FullDiskReadOnly : public ::testing::Test {
  protected:
    void SetUp() override {
        // 0755 on the test folder so that 'nobody' reaches the files in it.
        fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read |
                                         fs::perms::group_exec | fs::perms::others_read |
                                         fs::perms::others_exec);
        fs::create_directories(work_);
        fs::permissions(work_, fs::perms::owner_all | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read |
                                   fs::perms::others_exec);
        const auto r = run(dir_, {"import", project_.string(), "--dataset", "plant", "--timezone",
                                  "Europe/Berlin", plant("historian_2026-02.csv.gz"),
                                  plant("manual_checks.csv.gz"), plant("batches.csv.gz")});
        ASSERT_TRUE(r.end.exited && r.end.exit_code == 0) << r.err;
        bytes_ = test::read_bytes(project_);
        ASSERT_FALSE(bytes_.empty());
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(work_, fs::perms::owner_all, fs::perm_options::add, ec);
    }

    // The failure the engineer sees, and nothing lost or half-written.
    void expect_refused(const Outcome& r, const std::string& what,
                        std::initializer_list<const char*> any_of_words) {
        EXPECT_TRUE(r.end.exited) << what << ": ended by signal " << r.end.signal;
        EXPECT_EQ(r.end.exit_code, 5) << what << ": stderr: " << r.err;
        ASSERT_EQ(r.error_lines.size(), 1u) << what << ": stderr: " << r.err;
        bool named = false;
        for (const char* word : any_of_words)
            named |= r.error_lines.front().find(word) != std::string::npos;
        EXPECT_TRUE(named) << what << ": the error line does not say what is wrong: "
                           << r.error_lines.front();
        EXPECT_TRUE(test::read_bytes(project_) == bytes_) << what << ": the project file changed";
        for (const char* suffix : {"-wal", "-journal"}) {
            const fs::path side = project_.string() + suffix;
            EXPECT_TRUE(!fs::exists(side) || fs::file_size(side) == 0)
                << what << ": left " << side.filename() << " of " << fs::file_size(side)
                << " bytes";
        }
        EXPECT_EQ(test::read_project_state(project_).integrity, "ok") << what;
    }

    // Finding F4: whatever SQLite calls it (SQLITE_FULL, or SQLITE_IOERR_WRITE when the
    // kernel says EFBIG), a failed write names the project and says what to do.
    void expect_names_project_and_hint(const Outcome& r, const std::string& what) {
        ASSERT_EQ(r.error_lines.size(), 1u) << what << ": stderr: " << r.err;
        const std::string& line = r.error_lines.front();
        const bool named = line.find(project_.string()) != std::string::npos ||
                           line.find(fs::canonical(project_).string()) != std::string::npos;
        EXPECT_TRUE(named) << what << ": the error line does not name " << project_ << ": " << line;
        EXPECT_NE(line.find("the disk may be full or the file too large; free space and retry"),
                  std::string::npos)
            << what << ": " << line;
        EXPECT_NE(line.find("the project is unchanged"), std::string::npos) << what << ": " << line;
    }

    TempDir dir_;
    fs::path work_ = dir_ / "work";
    fs::path project_ = work_ / "plant.twin";
    std::string bytes_;
};

TEST_F(FullDiskReadOnly, ImportAndFitOnAFullDiskFailCleanly) {
    // Room for the write-ahead log's first pages only: the import needs megabytes.
    const test::ChildLimits full{64 * 1024, false};
    const auto import = run(dir_,
                            {"import", project_.string(), "--dataset", "plant", "--timezone",
                             "Europe/Berlin", plant("historian_2026-03.csv.gz")},
                            full);
    expect_refused(import, "import on a full disk", {"full", "disk"});
    expect_names_project_and_hint(import, "import on a full disk");
    // fit writes little (the models' JSON): leave no room at all beyond the shared-memory index.
    const test::ChildLimits very_full{32 * 1024, false};
    const auto fit = run(dir_, {"fit", project_.string()}, very_full);
    expect_refused(fit, "fit on a full disk", {"full", "disk"});
    expect_names_project_and_hint(fit, "fit on a full disk");
}

TEST_F(FullDiskReadOnly, ImportAndFitIntoAReadOnlyFileFailCleanly) {
    if (!nobody_can_run_cli(dir_))
        GTEST_SKIP() << "user 'nobody' cannot run " << cli_path << " (folder permissions)";
    // The folder stays writable for whoever runs the CLI (SQLite may place its -shm there).
    if (geteuid() == 0) {
        ASSERT_EQ(chown(work_.c_str(), 65534, 65534), 0);
    }
    fs::permissions(project_,
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const test::ChildLimits nobody{0, true};
    expect_refused(
        run(dir_,
            {"import", project_.string(), "--dataset", "plant", plant("historian_2026-03.csv.gz")},
            nobody),
        "import into a 0444 project", {"read-only", "readonly"});
    expect_refused(run(dir_, {"fit", project_.string()}, nobody), "fit into a 0444 project",
                   {"read-only", "readonly"});
}

TEST_F(FullDiskReadOnly, ImportAndFitInAReadOnlyFolderFailCleanly) {
    if (!nobody_can_run_cli(dir_))
        GTEST_SKIP() << "user 'nobody' cannot run " << cli_path << " (folder permissions)";
    // The file itself is writable (by whoever runs the CLI); its folder is not.
    if (geteuid() == 0) {
        ASSERT_EQ(chown(project_.c_str(), 65534, 65534), 0);
    }
    fs::permissions(work_, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                               fs::perms::group_exec | fs::perms::others_read |
                               fs::perms::others_exec);
    const test::ChildLimits nobody{0, true};
    expect_refused(
        run(dir_,
            {"import", project_.string(), "--dataset", "plant", plant("historian_2026-03.csv.gz")},
            nobody),
        "import in a read-only folder", {"read-only", "readonly", "cannot open", "folder"});
    expect_refused(run(dir_, {"fit", project_.string()}, nobody), "fit in a read-only folder",
                   {"read-only", "readonly", "cannot open", "folder"});
}

// Finding F3 (docs/RELIABILITY.md, fixed): in a read-only folder SQLite cannot create the
// write-ahead log; Project's constructor used to call that "not a Twinbench project (not a
// readable SQLite database: attempt to write a readonly database)", which sent the engineer
// the wrong way. Now the error names the file and the folder and says what to do.
TEST_F(FullDiskReadOnly, ReadOnlyFolderIsNotCalledAForeignFile) {
    if (!nobody_can_run_cli(dir_))
        GTEST_SKIP() << "user 'nobody' cannot run " << cli_path << " (folder permissions)";
    if (geteuid() == 0) {
        ASSERT_EQ(chown(project_.c_str(), 65534, 65534), 0);
    }
    fs::permissions(work_, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                               fs::perms::group_exec | fs::perms::others_read |
                               fs::perms::others_exec);
    for (const char* command : {"fit", "audit"}) {
        const auto r = run(dir_, {command, project_.string()}, test::ChildLimits{0, true});
        EXPECT_EQ(r.end.exit_code, 5) << command << ": " << r.err;
        ASSERT_EQ(r.error_lines.size(), 1u) << command << ": " << r.err;
        const std::string& line = r.error_lines.front();
        EXPECT_EQ(line.find("not a Twinbench project"), std::string::npos)
            << command << ": " << line;
        EXPECT_NE(line.find("cannot open the project " + project_.string() +
                            ": its folder is read-only (Twinbench needs to create " +
                            project_.string() + "-wal beside it)"),
                  std::string::npos)
            << command << ": " << line;
        EXPECT_NE(line.find("copy the project to a folder you can write to"), std::string::npos)
            << command << ": " << line;
    }
}

// In-process, SQLite's own page limit: the exact moment the file cannot grow.
TEST_F(FullDiskReadOnly, CoreOperationsHitThePageLimitAndRollBack) {
    {
        Project project(project_, Project::Mode::open_existing);
        Statement pages(project.handle(), "PRAGMA page_count");
        ASSERT_TRUE(pages.step());
        const auto limit = pages.int64(0);
        set_integer_pragma(project.handle(), "max_page_count", limit);

        ImportOptions options;
        options.files = {plant("historian_2026-03.csv.gz")};
        options.dataset = "plant";
        options.time_zone = "Europe/Berlin";
        try {
            import_files(project, options);
            ADD_FAILURE() << "import succeeded although the file could not grow";
        } catch (const ProjectError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("full"), std::string::npos) << what;
            EXPECT_NE(what.find(fs::canonical(project_).string()), std::string::npos) << what;
            EXPECT_NE(what.find("free space and retry"), std::string::npos) << what;
        }

        const auto dataset = project.dataset("plant");
        const auto result = fit_all_models(project.read_dataset(dataset), dataset.time_zone);
        EXPECT_THROW(store_models(project, dataset.id, result), ProjectError);
        // The connection stays usable: the same read works after both failures.
        EXPECT_EQ(project.dataset("plant").rows_imported, dataset.rows_imported);
    }
    EXPECT_TRUE(test::read_bytes(project_) == bytes_) << "the project file changed";
    EXPECT_EQ(test::read_project_state(project_).integrity, "ok");
}

}  // namespace
}  // namespace twinbench
