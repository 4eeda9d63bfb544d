// Seeds of Monte Carlo runs: run r of a study seeded with `seed` gets its own generator
// seeded from splitmix64(seed, r), so the result is the same whatever the number of
// threads and in whatever order the runs finish.
#pragma once

#include <cstdint>

namespace twinbench {

inline std::uint64_t run_seed(std::uint64_t seed, int run) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(run + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace twinbench
