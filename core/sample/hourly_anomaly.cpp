#include "sample/hourly_anomaly.h"

#include <algorithm>
#include <cmath>

namespace twinbench::sample {

HourlyAnomaly::HourlyAnomaly(RandomStream& rng, double sd, double correlation_h,
                             std::size_t hours) {
    const double phi = std::exp(-1.0 / correlation_h);
    const double innovation = sd * std::sqrt(1.0 - phi * phi);
    knots_.resize(hours + 2);
    knots_[0] = sd * rng.normal();
    for (std::size_t h = 1; h < knots_.size(); ++h) {
        knots_[h] = phi * knots_[h - 1] + innovation * rng.normal();
    }
}

double HourlyAnomaly::at(double hours_since_start) const {
    const double clamped =
        std::clamp(hours_since_start, 0.0, static_cast<double>(knots_.size() - 1));
    const auto h = static_cast<std::size_t>(clamped);
    if (h + 1 >= knots_.size()) {
        return knots_.back();
    }
    const double f = clamped - static_cast<double>(h);
    return knots_[h] * (1.0 - f) + knots_[h + 1] * f;
}

}  // namespace twinbench::sample
