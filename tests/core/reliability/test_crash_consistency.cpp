// Crash consistency (issue 8): the real twinbench-cli imports into an existing project, or
// fits and stores the models, and is killed with SIGKILL at a random moment (power cut,
// OOM killer, a user ending the task). Afterwards the project must pass
// PRAGMA integrity_check and hold exactly the state before or the state after the
// operation, never something in between.
//
// The moments are drawn from a fixed seed over the measured length of an uninterrupted
// run: half uniformly over the whole run, half over its last fifth, where the rows are
// written and committed. TWINBENCH_CRASH_KILLS (default 50 kills that land mid-run, shared
// by the two operations) and TWINBENCH_CRASH_SEED change the run; the seed is printed (on
// a busy machine the timing still varies from run to run).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "reliability/project_state.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;
using test::ProjectState;
using test::TempDir;
using Clock = std::chrono::steady_clock;

const std::string cli_path = TWINBENCH_CLI_PATH;
const fs::path plant_dir = fs::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    if (!value || !*value) return fallback;
    return std::strtoull(value, nullptr, 10);
}

std::vector<std::string> plant_files(std::initializer_list<const char*> names) {
    std::vector<std::string> files;
    for (const char* n : names) files.push_back((plant_dir / n).string());
    return files;
}

// Runs the CLI to its end; fails the test on a non-zero exit.
void run_to_end(const TempDir& dir, const std::vector<std::string>& args) {
    const pid_t pid = test::start_child(cli_path, args, dir / "out.txt", dir / "err.txt");
    const auto end = test::wait_child(pid);
    ASSERT_TRUE(end.exited && end.exit_code == 0)
        << "twinbench-cli " << args.front() << " failed (exit " << end.exit_code << ", signal "
        << end.signal << "): " << test::read_bytes(dir / "err.txt");
}

struct KillTally {
    int killed = 0;             // SIGKILL arrived while the operation ran
    int finished_first = 0;     // the operation ended before the kill
    int before = 0, after = 0;  // state found after a kill
};

// Operation ARGS (with PROJECT as the project argument) applied to a copy of START until
// KILLS kills have landed mid-run (at most 3 x KILLS attempts). BEFORE and AFTER are the
// digests of the two allowed states. The machine's load changes while the test runs: a run
// that ends before its kill moment pulls the estimate of the run's length towards it.
KillTally kill_repeatedly(const TempDir& dir, const fs::path& start,
                          const std::vector<std::string>& args, const fs::path& project,
                          const ProjectState& before, const ProjectState& after, int kills,
                          std::mt19937_64& rng, double run_seconds) {
    KillTally tally;
    std::uniform_real_distribution<double> whole(0.0, 1.0);
    std::uniform_real_distribution<double> tail(0.8, 1.05);
    for (int k = 0; tally.killed < kills && k < 3 * kills; ++k) {
        test::copy_project(start, project);
        const double delay_s = run_seconds * ((k % 2 == 0) ? whole(rng) : tail(rng));
        const auto t0 = Clock::now();
        const pid_t pid = test::start_child(cli_path, args, dir / "out.txt", dir / "err.txt");
        test::ChildEnd end;
        bool ended = false;
        double elapsed_s = 0.0;
        while (!(ended = test::poll_child(pid, end)) && elapsed_s < delay_s) {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
            elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
        }
        if (!ended) {
            kill(pid, SIGKILL);
            end = test::wait_child(pid);
        }
        if (!end.exited && end.signal == SIGKILL) {
            ++tally.killed;
        } else {
            ++tally.finished_first;
            run_seconds = 0.5 * run_seconds + 0.5 * elapsed_s;
            EXPECT_EQ(end.exit_code, 0)
                << "run " << k
                << " ended on its own but failed: " << test::read_bytes(dir / "err.txt");
        }
        const ProjectState state = test::read_project_state(project);
        EXPECT_EQ(state.integrity, "ok")
            << args.front() << " killed after " << delay_s << " s (run " << k << ")";
        const bool is_before = state.digest == before.digest,
                   is_after = state.digest == after.digest;
        tally.before += is_before;
        tally.after += is_after;
        EXPECT_TRUE(is_before || is_after)
            << args.front() << " killed after " << delay_s << " s (run " << k
            << ") left a state that is neither "
            << "before nor after.\n  found:  " << state.summary << "\n  before: " << before.summary
            << "\n  after:  " << after.summary;
        if (::testing::Test::HasFailure()) break;  // one clear failure, not fifty
    }
    return tally;
}

// Median length of N uninterrupted runs on copies of START (the kill moments scale with it).
double measure_run_seconds(const TempDir& dir, const fs::path& start, const fs::path& project,
                           const std::vector<std::string>& args, int n = 3) {
    std::vector<double> seconds;
    for (int i = 0; i < n; ++i) {
        test::copy_project(start, project);
        const auto t0 = Clock::now();
        run_to_end(dir, args);
        seconds.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

class CrashConsistency : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        kills_ = static_cast<int>(env_number("TWINBENCH_CRASH_KILLS", 50));
        seed_ = env_number("TWINBENCH_CRASH_SEED", 20261123);
        std::cout << "crash consistency: " << kills_ << " kills in all, seed " << seed_
                  << " (TWINBENCH_CRASH_KILLS, TWINBENCH_CRASH_SEED)\n";
    }
    static int kills_;
    static std::uint64_t seed_;
    TempDir dir_;
};
int CrashConsistency::kills_ = 50;
std::uint64_t CrashConsistency::seed_ = 0;

// Two historian months already in the project; the next two months are appended to the
// same source in one transaction (chunks, row count, file records, rejected rows).
TEST_F(CrashConsistency, ImportIntoExistingProjectIsAllOrNothing) {
    const fs::path start = dir_ / "start.twin", project = dir_ / "plant.twin",
                   done = dir_ / "done.twin";
    std::vector<std::string> base{"import", start.string(), "--dataset",
                                  "plant",  "--timezone",   "Europe/Berlin"};
    for (auto& f :
         plant_files({"historian_2026-02.csv.gz", "historian_2026-03.csv.gz",
                      "manual_checks.csv.gz", "maintenance_log.csv.gz", "batches.csv.gz"}))
        base.push_back(f);
    run_to_end(dir_, base);
    ASSERT_FALSE(HasFatalFailure());

    std::vector<std::string> op{"import", project.string(), "--dataset",
                                "plant",  "--timezone",     "Europe/Berlin"};
    for (auto& f : plant_files({"historian_2026-04.csv.gz", "historian_2026-05.csv.gz"}))
        op.push_back(f);
    const double run_seconds = measure_run_seconds(dir_, start, project, op);
    ASSERT_FALSE(HasFatalFailure());
    test::copy_project(project, done);  // the last uninterrupted run: the "after" state

    const auto before = test::read_project_state(start);
    const auto after = test::read_project_state(done);
    ASSERT_EQ(before.integrity, "ok");
    ASSERT_EQ(after.integrity, "ok");
    ASSERT_NE(before.digest, after.digest)
        << "the import changed nothing, so the test could not tell states apart";

    std::mt19937_64 rng(seed_);
    const auto tally = kill_repeatedly(dir_, start, op, project, before, after, kills_ - kills_ / 2,
                                       rng, run_seconds);
    std::cout << "import: uninterrupted run " << run_seconds << " s; " << tally.killed
              << " killed mid-run, " << tally.finished_first << " finished first; found before "
              << tally.before << ", after " << tally.after << "\n";
    // The kills must land while the process runs, or the test proves little.
    EXPECT_EQ(tally.killed, kills_ - kills_ / 2);
}

// The whole plant imported; fit replaces the dataset's models in one transaction.
TEST_F(CrashConsistency, FitAndStoreModelsIsAllOrNothing) {
    const fs::path start = dir_ / "start.twin", project = dir_ / "plant.twin",
                   done = dir_ / "done.twin";
    std::vector<std::string> base{"import", start.string(), "--dataset",
                                  "plant",  "--timezone",   "Europe/Berlin"};
    for (const auto& entry : fs::directory_iterator(plant_dir))
        if (entry.path().string().ends_with(".csv.gz")) base.push_back(entry.path().string());
    run_to_end(dir_, base);
    ASSERT_FALSE(HasFatalFailure());

    const std::vector<std::string> op{"fit", project.string()};
    const double run_seconds = measure_run_seconds(dir_, start, project, op);
    ASSERT_FALSE(HasFatalFailure());
    test::copy_project(project, done);

    const auto before = test::read_project_state(start);
    const auto after = test::read_project_state(done);
    ASSERT_EQ(before.integrity, "ok");
    ASSERT_EQ(after.integrity, "ok");
    ASSERT_NE(before.digest, after.digest)
        << "fit stored nothing, so the test could not tell states apart";
    // The stored models must not depend on the run (else "after" would be a moving target).
    test::copy_project(start, project);
    run_to_end(dir_, op);
    ASSERT_EQ(test::read_project_state(project).digest, after.digest)
        << "two fits of the same data stored different models";

    std::mt19937_64 rng(seed_ + 1);
    const auto tally =
        kill_repeatedly(dir_, start, op, project, before, after, kills_ / 2, rng, run_seconds);
    std::cout << "fit: uninterrupted run " << run_seconds << " s; " << tally.killed
              << " killed mid-run, " << tally.finished_first << " finished first; found before "
              << tally.before << ", after " << tally.after << "\n";
    EXPECT_EQ(tally.killed, kills_ / 2);
}

}  // namespace
}  // namespace twinbench
