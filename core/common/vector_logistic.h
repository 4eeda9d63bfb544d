// p[i] = 1 / (1 + exp(-z[i])) over whole arrays: the scrap probability of every step. It
// is half of a simulation's outcome pass when done with scalar exp or Eigen's SSE2 exp, so
// on Linux x86-64 with GCC it is vectorised with glibc's libmvec (AVX2 when the CPU has
// it, picked at load time), accurate to a few ulp; elsewhere it is a plain loop.
#pragma once

#include <cstddef>

namespace twinbench {

void vector_logistic(const double* z, double* p, std::size_t n);

}  // namespace twinbench
