// Reading the furnace template's stored fit JSON (core/models/model_fitting.cpp writes it):
// a term's estimate by name, optional numbers and strings, a square covariance. Shared by
// the plant twin and the typed furnace models, which both rebuild the models from it.
#pragma once

#include <string>

#include <Eigen/Core>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace twinbench::stored_fit {

inline double number_or(const nlohmann::json& j, const char* key, double fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

inline std::string string_or(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// Term estimate by name; ModelError when a stored model lacks it (a damaged or foreign
// project: refit).
inline double term(const nlohmann::json& model, const std::string& model_key, const std::string& name) {
    for (const auto& t : model.at("terms"))
        if (t.value("name", "") == name && t.at("estimate").is_number()) return t.at("estimate").get<double>();
    throw ModelError(fmt::format("the stored {} model has no term '{}'; run `fit` again", model_key, name));
}

inline double term_se(const nlohmann::json& model, const std::string& name) {
    for (const auto& t : model.at("terms"))
        if (t.value("name", "") == name && t.at("std_error").is_number()) return t.at("std_error").get<double>();
    return 0.0;
}

// An n x n matrix, or an empty one when the JSON is not exactly that.
inline Eigen::MatrixXd matrix(const nlohmann::json& j, Eigen::Index n) {
    if (!j.is_array() || static_cast<Eigen::Index>(j.size()) != n) return {};
    Eigen::MatrixXd m(n, n);
    for (Eigen::Index r = 0; r < n; ++r) {
        const auto& row = j[static_cast<std::size_t>(r)];
        if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != n) return {};
        for (Eigen::Index c = 0; c < n; ++c) {
            const auto& v = row[static_cast<std::size_t>(c)];
            if (!v.is_number()) return {};
            m(r, c) = v.get<double>();
        }
    }
    return m;
}

}  // namespace twinbench::stored_fit
