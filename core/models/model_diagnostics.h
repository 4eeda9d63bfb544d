// Residual diagnostics of a model on its hold-out part (issue 4, validation): the pairs
// an engineer plots to judge a fit, predicted against actual and the residual over time.
// Every model collects its hold-out comparison in the unit it predicts (furnace degC per
// row, kWh per window, parts per hour, scrapped parts per hour); the fit JSON carries a
// thinned copy so that a 90-day hold-out stays a few hundred kilobytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinbench {

struct HoldoutPoint {
    double time_s = 0.0;  // UTC seconds of the row or window start (the row index when time_is_row)
    double predicted = 0.0;
    double actual = 0.0;
};

struct HoldoutDiagnostics {
    std::string unit;  // of predicted and actual
    // Data without a time axis (e.g. per-item tables): time_s is the hold-out position.
    bool time_is_row = false;
    std::vector<HoldoutPoint> points;  // in time order

    void add(double time_s, double predicted, double actual) {
        points.push_back({time_s, predicted, actual});
    }
};

// Indices of at most max_points of n items, evenly spaced, ascending, always including the
// first and the last item (all of them when n <= max_points).
std::vector<std::size_t> thin_evenly(std::size_t n, std::size_t max_points);

// {"predicted_vs_actual": [[p, a], ...], "residuals_over_time": [[t, a - p], ...], "unit",
//  "time_axis": "utc_seconds" | "hold_out_row", "points": n before thinning}; non-finite
// values become null.
nlohmann::json diagnostics_json(const HoldoutDiagnostics& d, std::size_t max_points = 2000);
// Restores what diagnostics_json wrote (the points it kept); empty for anything else.
HoldoutDiagnostics diagnostics_from_json(const nlohmann::json& j);

}  // namespace twinbench
