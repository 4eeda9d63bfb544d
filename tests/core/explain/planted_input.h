// The planted plant (planted_plant.h) as the explainer's input, with the twin's own
// prediction: a binomial GLM of scrap out of produced on humidity and speed (the process
// signals; it knows nothing of lots or operators), fitted by core/models.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "explain/explainer.h"
#include "explain/planted_plant.h"
#include "models/logistic_regression.h"

namespace twinbench::test {

inline ContextCandidate labels_of(const std::string& variable, const std::vector<std::string>& values) {
    ContextCandidate c;
    c.variable = variable;
    std::map<std::string, std::int32_t> codes;
    for (const auto& v : values) {
        const auto [it, added] = codes.emplace(v, static_cast<std::int32_t>(c.levels.size()));
        if (added) c.levels.push_back(v);
        c.codes.push_back(it->second);
    }
    return c;
}

// The twin's expected scrap count per row.
inline std::vector<double> twin_prediction(const PlantedPlant& p) {
    const auto n = static_cast<Eigen::Index>(p.rows());
    Eigen::MatrixXd x(n, 3);
    Eigen::VectorXd y(n), trials(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto r = static_cast<std::size_t>(i);
        x(i, 0) = 1.0;
        x(i, 1) = p.humidity[r];
        x(i, 2) = p.speed[r];
        y(i) = p.scrap[r];
        trials(i) = p.produced[r];
    }
    const LogisticFit fit = fit_logistic_counts(x, {"(Intercept)", "Humidity", "Speed"}, y, trials);
    const Eigen::VectorXd prob = fit.predict(x);
    std::vector<double> expected(p.rows());
    for (std::size_t i = 0; i < p.rows(); ++i) expected[i] = prob(static_cast<Eigen::Index>(i)) * p.produced[i];
    return expected;
}

inline ExplainInput planted_input(const PlantedPlant& p, const std::vector<double>& predicted) {
    ExplainInput in;
    in.time_s = p.time_s;
    in.outcome_name = "Scrap";
    in.outcome = p.scrap;
    in.outcome_total = p.produced;
    in.predicted = predicted;
    in.context = {labels_of("Line", p.line), labels_of("Lot", p.lot), labels_of("Operator", p.operator_name),
                  labels_of("Shift", p.shift)};
    in.numeric_signals = {{"Humidity", "%", p.humidity, true}, {"Speed", "m/min", p.speed, true}};
    return in;
}

// Rows whose scrap is above the twin's 95 % band: Pearson residual > 1.96.
inline std::vector<std::uint8_t> above_band(const PlantedPlant& p, const std::vector<double>& predicted) {
    std::vector<std::uint8_t> rows(p.rows(), 0);
    for (std::size_t i = 0; i < p.rows(); ++i) {
        const double prob = predicted[i] / p.produced[i];
        rows[i] = (p.scrap[i] - predicted[i]) / std::sqrt(p.produced[i] * prob * (1.0 - prob)) > 1.96;
    }
    return rows;
}

inline std::vector<std::uint8_t> in_time(const PlantedPlant& p, double start_s, double end_s) {
    std::vector<std::uint8_t> rows(p.rows(), 0);
    for (std::size_t i = 0; i < p.rows(); ++i) rows[i] = p.time_s[i] >= start_s && p.time_s[i] < end_s;
    return rows;
}

}  // namespace twinbench::test
