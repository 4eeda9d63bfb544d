#include "live/watch_loop.h"

namespace twinbench {

WatchSummary run_watch(LiveSource& source, LiveIngest& ingest, const WatchOptions& options, const WatchHooks& hooks) {
    using Clock = std::chrono::steady_clock;
    source.restore(ingest.saved_checkpoint());
    WatchSummary summary;
    std::function<void(const AppendedRows&)> observer = [&](const AppendedRows& rows) {
        ++summary.commits;
        if (hooks.on_commit) hooks.on_commit(rows);
    };
    ingest.set_observer(observer);
    const auto start = Clock::now();
    const auto end = options.for_seconds
                         ? start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*options.for_seconds))
                         : Clock::time_point::max();
    auto last_progress = start;
    std::string link = source.link_state();
    if (hooks.on_note) hooks.on_note(link);
    const auto note = [&](const std::string& text) {
        if (hooks.on_note) hooks.on_note(text);
    };
    while (true) {
        const auto now = Clock::now();
        const bool stop = now >= end || (hooks.stop_requested && hooks.stop_requested());
        if (!stop) {
            const auto wait = std::min<Clock::duration>(options.poll_wait, end - now);
            LiveBatch batch = source.poll(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
            for (const auto& n : batch.notes) note(n);
            ingest.add(batch);
            const auto state = source.link_state();
            if (state != link) note(link = state);
        }
        // The checkpoint always goes with the rows read up to it: a commit is due when
        // rows wait, or the source moved on (rows that were all rejected or duplicates).
        if (stop || ingest.commit_due()) ingest.commit(source.checkpoint());
        const auto after = Clock::now();
        if (hooks.on_progress && (stop || after - last_progress >= options.progress_interval)) {
            hooks.on_progress(ingest.rows_appended(), ingest.rows_rejected());
            last_progress = after;
        }
        if (stop) break;
    }
    summary.rows_appended = ingest.rows_appended();
    summary.rows_rejected = ingest.rows_rejected();
    summary.rows_duplicate = ingest.rows_duplicate();
    return summary;
}

}  // namespace twinbench
