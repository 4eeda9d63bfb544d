// The continuous estimate of a sparse output (a lab value every few hours, a daily
// check): the output's model predicts it at every step from the dense inputs, and the
// measurements correct that prediction through a bias that wanders as a random walk,
// estimated by a scalar Kalman filter and Rauch-Tung-Striebel smoother over the
// measurement times (the core-temperature soft sensor's fusion, generalised):
//
//   estimate(t) = prediction(t) + b(t),   b a random walk (q per hour)
//   measurement y_j = prediction(t_j) + b(t_j) + e_j,   e ~ N(0, r)
//
// q and r are chosen by maximum likelihood of the filter's innovations over a grid. The
// smoothed bias is linear between measurements (the smoother's estimate of a random
// walk), flat before the first, and the filtered value after the last: that value and
// q carry over into a simulation of what comes next.
#pragma once

#include <vector>

namespace twinbench {

struct SparseFusion {
    std::vector<double> estimate;     // prediction + smoothed bias, per step
    std::vector<double> estimate_sd;  // sd of the bias estimate, per step
    double latest_bias = 0.0;
    double walk_var_per_h = 0.0;
    double measurement_sd = 0.0;
    double interval_h = 0.0;  // median time between measurements
    std::size_t measurements = 0;
};

// time_h: the steps' times in hours (any origin; without a time axis the row index);
// prediction and measured: per step (measured NaN between measurements).
SparseFusion fuse_sparse_output(const std::vector<double>& time_h, const std::vector<double>& prediction,
                                const std::vector<double>& measured);

}  // namespace twinbench
