// The engine's "no value": a cell nobody measured, a figure nothing could be computed from.
// NaN, so that it propagates through arithmetic and every check for it is std::isnan.
#pragma once

#include <limits>

namespace twinbench {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace twinbench
