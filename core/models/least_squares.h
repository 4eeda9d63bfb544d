// Ordinary least squares as the generic static and dynamic models need it: solved by
// column-pivoting QR on a column-scaled copy of the design (QR works on X, not X'X, so an
// ambient pressure of 1013 mbar beside the intercept costs a few digits at most), mapped
// back exactly to the original units, with the coefficient covariance sigma² (X'X)^-1. Collinear
// columns are dropped (coefficient and variance 0) and named, never returned as NaN.
//
// Term selection compares many subsets of one candidate design on a validation part; a
// GramSubsets object answers "validation SSE of this subset" from the cross products
// alone, in microseconds, without touching the rows again (every subset must hold the
// intercept: the cross products are of columns centred on the fit part's means).
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Core>

namespace twinbench {

struct LeastSquaresFit {
    Eigen::VectorXd coefficients;  // original units; 0 for a dropped column
    Eigen::MatrixXd covariance;    // sigma² (X'X)^-1 in original units; 0 rows/cols for dropped ones
    Eigen::VectorXd residuals;     // y - X b, per row
    double sigma = 0.0;            // residual sd, n - rank degrees of freedom
    std::vector<std::size_t> dropped_columns;  // collinear with the others
};

// Throws ModelError when there are fewer rows than columns.
LeastSquaresFit fit_least_squares(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

// Cross products of a candidate design on a fit part and a validation part of the rows.
class GramSubsets {
  public:
    GramSubsets(const Eigen::MatrixXd& x_fit, const Eigen::VectorXd& y_fit, const Eigen::MatrixXd& x_validate,
                const Eigen::VectorXd& y_validate);
    // Validation mean squared error of the least-squares fit on the columns in `subset`
    // (fitted on the fit part); +infinity when that subset is singular.
    double validation_mse(const std::vector<int>& subset) const;

  private:
    Eigen::VectorXd mean_, scale_;
    Eigen::MatrixXd gram_fit_, gram_validate_;
    Eigen::VectorXd xty_fit_, xty_validate_;
    double yy_validate_ = 0.0;
    double n_validate_ = 0.0;
};

}  // namespace twinbench
