// Shared helpers for the libFuzzer targets: an invariant check that aborts (so libFuzzer
// records the input as a crash) with a message saying which invariant broke.
#pragma once

#include <cstdio>
#include <cstdlib>

#define TWINBENCH_FUZZ_CHECK(cond)                                                     \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, \
                         __LINE__);                                                    \
            std::abort();                                                              \
        }                                                                              \
    } while (0)
