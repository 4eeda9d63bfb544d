// What the benchmarks time with: wall time since a moment, the CPU time of the whole
// process (all threads: what a run costs whatever else the machine does; on an idle
// 2-core machine the wall time of two busy threads is about half of it), and percentiles.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

namespace twinbench::bench {

using clock_type = std::chrono::steady_clock;

inline double ms_since(clock_type::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

inline double process_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// The p-quantile by rank (p50: the middle value), of a copy.
inline double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace twinbench::bench
