#include "models/model_diagnostics.h"

#include <cmath>
#include <limits>

namespace twinbench {
namespace {

nlohmann::json finite_or_null(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<std::size_t> thin_evenly(std::size_t n, std::size_t max_points) {
    std::vector<std::size_t> out;
    if (n == 0 || max_points == 0) return out;
    if (n <= max_points) {
        out.resize(n);
        for (std::size_t i = 0; i < n; ++i) out[i] = i;
        return out;
    }
    if (max_points == 1) return {0};
    // i * (n - 1) / (m - 1) rounded down: strictly increasing because n > m, first 0, last n - 1.
    out.reserve(max_points);
    for (std::size_t i = 0; i < max_points; ++i) out.push_back(i * (n - 1) / (max_points - 1));
    return out;
}

nlohmann::json diagnostics_json(const HoldoutDiagnostics& d, std::size_t max_points) {
    auto pva = nlohmann::json::array();
    auto rot = nlohmann::json::array();
    for (const std::size_t i : thin_evenly(d.points.size(), max_points)) {
        const auto& p = d.points[i];
        pva.push_back({finite_or_null(p.predicted), finite_or_null(p.actual)});
        rot.push_back({finite_or_null(p.time_s), finite_or_null(p.actual - p.predicted)});
    }
    return {{"predicted_vs_actual", pva},
            {"residuals_over_time", rot},
            {"unit", d.unit},
            {"time_axis", d.time_is_row ? "hold_out_row" : "utc_seconds"},
            {"points", d.points.size()}};
}

HoldoutDiagnostics diagnostics_from_json(const nlohmann::json& j) {
    HoldoutDiagnostics d;
    if (!j.is_object()) return d;
    d.unit = j.value("unit", "");
    d.time_is_row = j.value("time_axis", "") == "hold_out_row";
    const auto& pva = j.value("predicted_vs_actual", nlohmann::json::array());
    const auto& rot = j.value("residuals_over_time", nlohmann::json::array());
    for (std::size_t i = 0; i < pva.size() && i < rot.size(); ++i) {
        const auto value = [](const nlohmann::json& v) {
            return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
        };
        d.add(value(rot[i][0]), value(pva[i][0]), value(pva[i][1]));
    }
    return d;
}

}  // namespace twinbench
