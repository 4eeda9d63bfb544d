// Standard normal draws in bulk for Monte Carlo process noise: a run draws one per step
// for every continuous output (tens of thousands), which std::normal_distribution makes
// the largest cost of a run. Box-Muller over whole arrays, with log, sin and cos
// vectorised by libmvec on Linux x86-64 with GCC (as vector_logistic), and uniforms from
// the caller's generator (two 32-bit halves of each 64-bit word).
#pragma once

#include <cstddef>
#include <random>

namespace twinbench {

// out[0..n) ~ N(0, 1), independent; uses n / 2 (rounded up) words of rng.
void fill_standard_normals(std::mt19937_64& rng, double* out, std::size_t n);

}  // namespace twinbench
