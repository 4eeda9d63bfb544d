// One pass of the binomial IRLS / Newton iteration over all rows: at coefficients beta it
// accumulates the Fisher information X^T W X (lower triangle), the score X^T (y - m mu)
// and the log-likelihood kernel. This is where a fit spends its time (millions of rows,
// a dozen columns), so it works on row blocks with preallocated buffers (no allocation
// per iteration), builds only the lower triangle of X^T W X (half the flops of a general
// product, by column dot products: no panel packing for a dozen columns) and splits the
// rows over threads.
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Core>

namespace twinbench {

struct IrlsPassResult {
    Eigen::MatrixXd information;  // X^T W X, lower triangle filled (use selfadjointView<Lower>)
    Eigen::VectorXd score;        // X^T (y - m mu)
    // sum y eta - m log(1 + e^eta): the binomial log-likelihood without log C(m, y)
    double log_likelihood = 0.0;
    double max_abs_eta = 0.0;  // linear predictor furthest from 0 (separation symptom)
};

class IrlsPass {
public:
    // x: n x p (already standardized by the caller), y: successes, trials: m per row
    // (empty = all 1, per-item 0/1 data). The references must outlive this object.
    IrlsPass(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& trials, std::size_t threads);

    // Evaluates at beta; the result object is reused between calls. Without information
    // only the score and log-likelihood are computed (out.information keeps what it had):
    // near the optimum Newton can reuse an earlier X^T W X, the costliest part of a pass.
    void run(const Eigen::VectorXd& beta, IrlsPassResult& out, bool information = true);

    std::size_t thread_count() const { return workers_.size(); }

private:
    struct Worker {
        Eigen::Index begin = 0, end = 0;  // rows [begin, end)
        Eigen::MatrixXd information;
        Eigen::VectorXd score;
        double log_likelihood = 0.0;
        double max_abs_eta = 0.0;
        // Block buffers, sized once.
        Eigen::VectorXd eta, mu, sqrt_w, residual, e, inv;
        Eigen::MatrixXd weighted;  // block rows of X scaled by sqrt(w)
    };

    void run_worker(Worker& worker, const Eigen::VectorXd& beta, bool information) const;

    const Eigen::MatrixXd& x_;
    const Eigen::VectorXd& y_;
    const Eigen::VectorXd& trials_;
    std::vector<Worker> workers_;
};

}  // namespace twinbench
