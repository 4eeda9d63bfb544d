#include "sim/horizon.h"

#include <cmath>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {

double parse_horizon_hours(const std::string& text) {
    if (text.empty()) return 168.0;
    double value = 0.0;
    const auto r = fast_float::from_chars(text.data(), text.data() + text.size(), value);
    const std::string unit(r.ptr, text.data() + text.size());
    double hours = NAN;
    if (r.ec == std::errc{}) {
        if (unit.empty() || unit == "h")
            hours = value;
        else if (unit == "d")
            hours = value * 24.0;
        else if (unit == "w")
            hours = value * 168.0;
        else if (unit == "m" || unit == "min")
            hours = value / 60.0;
    }
    if (!(hours > 0.0) || !std::isfinite(hours))
        throw UsageError(fmt::format(
            "--horizon '{}': use a positive number with d, h, w or m (e.g. 7d, 36h)", text));
    return hours;
}

}  // namespace twinbench
