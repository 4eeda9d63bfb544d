// The two shapes every model's JSON uses: a number that may be missing (NaN and infinity
// become null, which JSON can hold) and a covariance as row-major nested arrays.
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "common/json_number.h"

namespace twinbench {

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
