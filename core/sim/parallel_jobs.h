// Runs jobs 0..count-1 on a few threads (the calling one included), each job once, in no
// fixed order. For the simulation's embarrassingly parallel loops (Monte Carlo runs,
// profile points) whose results go to a slot per job, so no ordering is needed.
#pragma once

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace twinbench {

// make_worker() is called once per thread and returns that thread's job function
// (void(int job)), so a thread can keep its own scratch state. threads 0 = all cores.
template <typename MakeWorker>
void run_parallel_jobs(int count, int threads, MakeWorker make_worker) {
    std::atomic<int> next{0};
    const auto loop = [&] {
        auto job = make_worker();
        for (int j = next++; j < count; j = next++) job(j);
    };
    int n =
        threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    n = std::max(1, std::min(n, count));
    std::vector<std::thread> pool;
    for (int t = 1; t < n; ++t) pool.emplace_back(loop);
    loop();
    for (auto& t : pool) t.join();
}

}  // namespace twinbench
