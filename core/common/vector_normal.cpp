// Compiled with -ffast-math -fopenmp-simd (core/CMakeLists.txt) so that GCC may call
// libmvec's vector log, sin and cos; nothing else lives in this file. The uniforms are in
// (0, 1) (half-integer offsets), so log never sees 0.
#include "common/vector_normal.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace twinbench {
namespace {

// Three plain loops (log, cos, sin) rather than one: GCC fuses a sin and a cos of one
// angle into a scalar sincos call that libmvec does not vectorise.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
void box_muller(const double* __restrict u1, const double* __restrict u2, double* __restrict out,
                std::size_t pairs) {
    double* __restrict radius = out + 2 * pairs;  // scratch after the two halves
#pragma omp simd
    for (std::size_t i = 0; i < pairs; ++i) radius[i] = std::sqrt(-2.0 * std::log(u1[i]));
#pragma omp simd
    for (std::size_t i = 0; i < pairs; ++i) out[i] = radius[i] * std::cos(2.0 * std::numbers::pi * u2[i]);
#pragma omp simd
    for (std::size_t i = 0; i < pairs; ++i) out[pairs + i] = radius[i] * std::sin(2.0 * std::numbers::pi * u2[i]);
}

}  // namespace

void fill_standard_normals(std::mt19937_64& rng, double* out, std::size_t n) {
    const std::size_t pairs = (n + 1) / 2;
    thread_local std::vector<double> scratch;
    scratch.resize(5 * pairs);
    double* u1 = scratch.data();
    double* u2 = u1 + pairs;
    double* z = u2 + pairs;
    constexpr double to_unit = 1.0 / 4294967296.0;
    for (std::size_t i = 0; i < pairs; ++i) {
        const std::uint64_t bits = rng();
        u1[i] = (static_cast<double>(bits >> 32) + 0.5) * to_unit;
        u2[i] = (static_cast<double>(bits & 0xffffffffULL) + 0.5) * to_unit;
    }
    box_muller(u1, u2, z, pairs);
    for (std::size_t i = 0; i < n; ++i) out[i] = z[i];
}

}  // namespace twinbench
