// A number that may be missing, as JSON holds it: NaN and infinity become null.
#pragma once

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

namespace twinbench {

inline nlohmann::json json_number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// The number under key, NaN where the key is missing or holds no number (json_number's null).
inline double json_number_at(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace twinbench
