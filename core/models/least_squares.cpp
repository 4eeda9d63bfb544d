#include "models/least_squares.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

// Column means and scales: constant columns (the intercept) keep mean 0 and scale 1, so
// with an intercept every other column may be centred.
void standardisation(const Eigen::MatrixXd& x, Eigen::VectorXd& mean, Eigen::VectorXd& scale, bool& has_intercept) {
    const Eigen::Index p = x.cols();
    mean = Eigen::VectorXd::Zero(p);
    scale = Eigen::VectorXd::Ones(p);
    has_intercept = false;
    std::vector<bool> constant(static_cast<std::size_t>(p), false);
    for (Eigen::Index j = 0; j < p; ++j) {
        const double lo = x.col(j).minCoeff(), hi = x.col(j).maxCoeff();
        if (lo == hi) {
            constant[static_cast<std::size_t>(j)] = true;
            if (lo != 0.0) has_intercept = true;
        }
    }
    for (Eigen::Index j = 0; j < p; ++j) {
        if (constant[static_cast<std::size_t>(j)]) continue;
        const double m = x.col(j).mean();
        const double sd = std::sqrt((x.col(j).array() - m).square().mean());
        mean(j) = has_intercept ? m : 0.0;
        scale(j) = sd > 0.0 ? sd : 1.0;
    }
}

}  // namespace

LeastSquaresFit fit_least_squares(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
    const Eigen::Index n = x.rows(), p = x.cols();
    if (n <= p)
        throw ModelError(fmt::format("least squares: {} rows for {} terms; more data are needed", n, p));
    // Scaled, not centred: QR works on X itself (not X'X), so a 1013 mbar column beside
    // the intercept costs a few digits at most, and no intercept bookkeeping is needed.
    Eigen::VectorXd scale(p);
    for (Eigen::Index j = 0; j < p; ++j) {
        const double rms = x.col(j).norm() / std::sqrt(static_cast<double>(n));
        scale(j) = rms > 0.0 ? rms : 1.0;
    }
    const Eigen::MatrixXd z = x * scale.cwiseInverse().asDiagonal();

    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(z);
    qr.setThreshold(1e-10);
    const Eigen::Index rank = qr.rank();
    LeastSquaresFit fit;
    std::vector<Eigen::Index> kept;
    for (Eigen::Index i = 0; i < rank; ++i) kept.push_back(qr.colsPermutation().indices()(i));
    for (Eigen::Index i = rank; i < p; ++i)
        fit.dropped_columns.push_back(static_cast<std::size_t>(qr.colsPermutation().indices()(i)));
    std::sort(kept.begin(), kept.end());
    std::sort(fit.dropped_columns.begin(), fit.dropped_columns.end());

    const auto r = static_cast<Eigen::Index>(kept.size());
    Eigen::MatrixXd zk(n, r);
    for (Eigen::Index i = 0; i < r; ++i) zk.col(i) = z.col(kept[static_cast<std::size_t>(i)]);
    const Eigen::HouseholderQR<Eigen::MatrixXd> qk(zk);
    const Eigen::VectorXd bz = qk.solve(y);
    const Eigen::MatrixXd rr = qk.matrixQR().topLeftCorner(r, r).triangularView<Eigen::Upper>();
    const Eigen::MatrixXd rinv = rr.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(r, r));

    fit.coefficients = Eigen::VectorXd::Zero(p);
    fit.covariance = Eigen::MatrixXd::Zero(p, p);
    for (Eigen::Index i = 0; i < r; ++i) fit.coefficients(kept[static_cast<std::size_t>(i)]) = bz(i) / scale(kept[static_cast<std::size_t>(i)]);
    fit.residuals = y - x * fit.coefficients;
    fit.sigma = std::sqrt(fit.residuals.squaredNorm() / static_cast<double>(n - r));
    const Eigen::MatrixXd cov_z = fit.sigma * fit.sigma * rinv * rinv.transpose();
    for (Eigen::Index a = 0; a < r; ++a)
        for (Eigen::Index b = 0; b < r; ++b) {
            const Eigen::Index ja = kept[static_cast<std::size_t>(a)], jb = kept[static_cast<std::size_t>(b)];
            fit.covariance(ja, jb) = cov_z(a, b) / (scale(ja) * scale(jb));
        }
    return fit;
}

GramSubsets::GramSubsets(const Eigen::MatrixXd& x_fit, const Eigen::VectorXd& y_fit,
                         const Eigen::MatrixXd& x_validate, const Eigen::VectorXd& y_validate) {
    bool has_intercept = false;
    standardisation(x_fit, mean_, scale_, has_intercept);
    const auto standardise = [&](const Eigen::MatrixXd& x) {
        Eigen::MatrixXd z = x;
        for (Eigen::Index j = 0; j < x.cols(); ++j) z.col(j) = (x.col(j).array() - mean_(j)) / scale_(j);
        return z;
    };
    const Eigen::MatrixXd zf = standardise(x_fit), zv = standardise(x_validate);
    gram_fit_ = zf.transpose() * zf;
    gram_validate_ = zv.transpose() * zv;
    xty_fit_ = zf.transpose() * y_fit;
    xty_validate_ = zv.transpose() * y_validate;
    yy_validate_ = y_validate.squaredNorm();
    n_validate_ = static_cast<double>(y_validate.size());
}

// Subsets must hold the intercept: the columns are centred on the fit part's means, which
// only reparametrises a model that has one.
double GramSubsets::validation_mse(const std::vector<int>& subset) const {
    const auto k = static_cast<Eigen::Index>(subset.size());
    Eigen::MatrixXd g(k, k), gv(k, k);
    Eigen::VectorXd b(k), bv(k);
    for (Eigen::Index i = 0; i < k; ++i) {
        b(i) = xty_fit_(subset[static_cast<std::size_t>(i)]);
        bv(i) = xty_validate_(subset[static_cast<std::size_t>(i)]);
        for (Eigen::Index j = 0; j < k; ++j) {
            g(i, j) = gram_fit_(subset[static_cast<std::size_t>(i)], subset[static_cast<std::size_t>(j)]);
            gv(i, j) = gram_validate_(subset[static_cast<std::size_t>(i)], subset[static_cast<std::size_t>(j)]);
        }
    }
    Eigen::LDLT<Eigen::MatrixXd> ldlt(g);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
        ldlt.vectorD().minCoeff() <= 1e-12 * std::max(1.0, ldlt.vectorD().maxCoeff()))
        return std::numeric_limits<double>::infinity();
    const Eigen::VectorXd beta = ldlt.solve(b);
    const double sse = yy_validate_ - 2.0 * beta.dot(bv) + beta.dot(gv * beta);
    return n_validate_ > 0.0 ? std::max(0.0, sse) / n_validate_ : std::numeric_limits<double>::infinity();
}

}  // namespace twinbench
