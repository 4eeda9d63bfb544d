#include "models/output_likelihood.h"

#include <cmath>
#include <limits>

#include "common/error.h"
#include "models/least_squares.h"
#include "models/logistic_regression.h"

namespace twinbench {

OutputLikelihood::OutputLikelihood(const SignalFrame& history, const std::string& output, OutputKind kind,
                                   const std::string& total, const std::vector<std::string>& inputs)
    : kind_(kind) {
    const auto& y = history.at(output).values;
    const FrameSignal* trials = kind == OutputKind::count && !total.empty() ? history.find(total) : nullptr;
    count_ = trials != nullptr;
    std::vector<const std::vector<double>*> columns;
    columns.reserve(inputs.size());
    for (const auto& name : inputs) columns.push_back(&history.at(name).values);
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < y.size(); ++k) {
        bool ok = std::isfinite(y[k]) && (trials == nullptr || (trials->values[k] > 0.0 && y[k] <= trials->values[k]));
        for (const auto* c : columns) ok = ok && std::isfinite((*c)[k]);
        if (ok) rows.push_back(k);
    }
    const auto n = static_cast<Eigen::Index>(rows.size());
    const auto p = static_cast<Eigen::Index>(columns.size());
    x_.resize(n, p);
    y_.resize(n);
    trials_.resize(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        const std::size_t k = rows[static_cast<std::size_t>(r)];
        for (Eigen::Index j = 0; j < p; ++j) x_(r, j) = (*columns[static_cast<std::size_t>(j)])[k];
        y_(r) = y[k];
        trials_(r) = trials != nullptr ? trials->values[k] : 1.0;
    }
}

double OutputLikelihood::log_likelihood(const std::vector<Eigen::Index>& use) const {
    const Eigen::Index n = y_.size();
    Eigen::MatrixXd design(n, static_cast<Eigen::Index>(use.size()) + 1);
    design.col(0).setOnes();
    for (std::size_t j = 0; j < use.size(); ++j) design.col(static_cast<Eigen::Index>(j) + 1) = x_.col(use[j]);
    try {
        if (kind_ != OutputKind::continuous) {
            const std::vector<std::string> names(static_cast<std::size_t>(design.cols()), "x");
            return count_ ? fit_logistic_counts(design, names, y_, trials_).log_likelihood
                          : fit_logistic(design, names, y_).log_likelihood;
        }
        const double rss = fit_least_squares(design, y_).residuals.squaredNorm();
        const auto rows = static_cast<double>(n);
        return rss > 0.0 ? -0.5 * rows * std::log(rss / rows) : std::numeric_limits<double>::quiet_NaN();
    } catch (const ModelError&) {
        return std::numeric_limits<double>::quiet_NaN();
    }
}

double OutputLikelihood::log_likelihood_all_inputs() const {
    std::vector<Eigen::Index> all(inputs());
    for (std::size_t j = 0; j < all.size(); ++j) all[j] = static_cast<Eigen::Index>(j);
    return log_likelihood(all);
}

}  // namespace twinbench
