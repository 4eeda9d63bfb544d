// The two shapes every model's JSON uses: a number that may be missing (NaN and infinity
// become null, which JSON can hold) and a covariance as row-major nested arrays.
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>
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

inline nlohmann::json matrix_json(const Eigen::MatrixXd& m) {
    auto out = nlohmann::json::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        auto row = nlohmann::json::array();
        for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(json_number(m(r, c)));
        out.push_back(row);
    }
    return out;
}

}  // namespace twinbench
