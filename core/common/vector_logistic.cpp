// Compiled with -ffast-math -fopenmp-simd (core/CMakeLists.txt) so that GCC may call
// libmvec's vector exp; nothing else lives in this file, so the relaxed rules reach no
// other code. 1 / (1 + e^-z) needs no care at the ends: e^-z = inf gives 0, e^-z = 0
// gives 1, in hardware whatever the flags.
#include "common/vector_logistic.h"

#include <cmath>

namespace twinbench {

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
void vector_logistic(const double* z, double* p, std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) p[i] = 1.0 / (1.0 + std::exp(-z[i]));
}

}  // namespace twinbench
