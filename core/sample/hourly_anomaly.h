// A smooth "weather" anomaly for the reference plants' disturbances: an AR(1) series on
// hourly knots, linearly interpolated. Weather is then the same for any step size, so a
// 5-minute sample sees the same weather as a 1-minute one.
#pragma once

#include <cstddef>
#include <vector>

#include "sample/sample_random.h"

namespace twinbench::sample {

class HourlyAnomaly {
  public:
    // Draws hours + 2 knots from rng: the first from N(0, sd), then AR(1) with the lag-one
    // correlation exp(-1 / correlation_h) and the same stationary sd.
    HourlyAnomaly(RandomStream& rng, double sd, double correlation_h, std::size_t hours);

    // Linear interpolation between the knots; clamped to the knots' span.
    double at(double hours_since_start) const;

  private:
    std::vector<double> knots_;
};

}  // namespace twinbench::sample
