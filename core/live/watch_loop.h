// The loop behind `twinbench-cli watch`: poll the source, validate into the ingest, commit
// when due, report progress, stop cleanly (a last commit) when asked or when the time is up.
// The divergence monitor joins through WatchHooks::on_commit, which sees each commit's new
// rows after they are safely stored.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "live/live_ingest.h"
#include "live/live_source.h"

namespace twinbench {

struct WatchOptions {
    std::optional<double> for_seconds;  // nullopt: until stop_requested says so
    std::chrono::milliseconds progress_interval{10000};
    std::chrono::milliseconds poll_wait{200};
};

struct WatchHooks {
    // After every commit, with the rows it stored (the lead's divergence monitor).
    std::function<void(const AppendedRows&)> on_commit;
    // At least every progress_interval and once at the end.
    std::function<void(std::size_t rows_appended, std::size_t rows_rejected)> on_progress;
    // The source's notes (new file, rotation, unknown column) and link state changes.
    std::function<void(const std::string&)> on_note;
    // Asked between polls (a Ctrl-C flag); true ends the loop after a last commit.
    std::function<bool()> stop_requested;
};

struct WatchSummary {
    std::size_t rows_appended = 0;
    std::size_t rows_rejected = 0;
    std::size_t rows_duplicate = 0;
    std::size_t commits = 0;
};

// Restores the source from the ingest's saved checkpoint, then runs. Exceptions from the
// project (a full disk) propagate after the project is left at its last commit.
WatchSummary run_watch(LiveSource& source, LiveIngest& ingest, const WatchOptions& options, const WatchHooks& hooks);

}  // namespace twinbench
