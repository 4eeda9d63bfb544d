#include "models/irls_pass.h"

#include <algorithm>
#include <thread>

namespace twinbench {

namespace {

// Rows per block: the block of X scaled by sqrt(w) (block x p doubles) stays in L2 cache.
constexpr Eigen::Index block_rows = 4096;
// Below this many rows per thread, starting a thread costs more than it saves.
constexpr Eigen::Index min_rows_per_thread = 50000;

}  // namespace

IrlsPass::IrlsPass(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& trials,
                   std::size_t threads)
    : x_(x), y_(y), trials_(trials) {
    const Eigen::Index n = x.rows(), p = x.cols();
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const auto useful = static_cast<std::size_t>(std::max<Eigen::Index>(1, n / min_rows_per_thread));
    threads = std::min(threads, useful);
    workers_.resize(threads);
    for (std::size_t t = 0; t < threads; ++t) {
        auto& w = workers_[t];
        w.begin = n * static_cast<Eigen::Index>(t) / static_cast<Eigen::Index>(threads);
        w.end = n * static_cast<Eigen::Index>(t + 1) / static_cast<Eigen::Index>(threads);
        const Eigen::Index b = std::min(block_rows, std::max<Eigen::Index>(1, w.end - w.begin));
        w.information.resize(p, p);
        w.score.resize(p);
        w.eta.resize(b);
        w.mu.resize(b);
        w.e.resize(b);
        w.inv.resize(b);
        w.sqrt_w.resize(b);
        w.residual.resize(b);
        w.weighted.resize(b, p);
    }
}

void IrlsPass::run_worker(Worker& w, const Eigen::VectorXd& beta, bool information) const {
    if (information) w.information.setZero();
    w.score.setZero();
    double log_likelihood = 0.0, max_abs_eta = 0.0;
    const bool counts = trials_.size() != 0;
    for (Eigen::Index start = w.begin; start < w.end; start += block_rows) {
        const Eigen::Index len = std::min(block_rows, w.end - start);
        const auto xb = x_.middleRows(start, len);
        auto eta = w.eta.head(len);
        auto mu = w.mu.head(len);
        auto sqrt_w = w.sqrt_w.head(len);
        auto residual = w.residual.head(len);
        eta.noalias() = xb * beta;
        // mu and log(1 + e^eta) from e = exp(-|eta|) <= 1: no overflow for any eta, and one
        // exp per row serves both. Written as array expressions so that Eigen vectorizes
        // exp, log and sqrt: they cost more than the flops of X^T W X.
        auto e = w.e.head(len).array();
        auto inv = w.inv.head(len).array();
        const auto yb = y_.segment(start, len).array();
        e = (-eta.array().abs()).exp();
        inv = 1.0 / (1.0 + e);
        mu.array() = (eta.array() >= 0.0).select(inv, e * inv);
        if (counts) {
            const auto m = trials_.segment(start, len).array();
            sqrt_w.array() = (m * e).sqrt() * inv;  // sqrt(m p (1 - p)) = sqrt(m e) / (1 + e)
            residual.array() = yb - m * mu.array();
            log_likelihood += (yb * eta.array() - m * (eta.array().max(0.0) + (1.0 + e).log())).sum();
        } else {
            sqrt_w.array() = e.sqrt() * inv;
            residual.array() = yb - mu.array();
            log_likelihood += (yb * eta.array() - eta.array().max(0.0) - (1.0 + e).log()).sum();
        }
        max_abs_eta = std::max(max_abs_eta, eta.cwiseAbs().maxCoeff());
        if (information) {
            auto weighted = w.weighted.topRows(len);
            weighted.noalias() = sqrt_w.asDiagonal() * xb;
            // Lower triangle by column dot products: with a dozen columns, a general
            // rank update spends as much time packing panels as multiplying.
            const Eigen::Index p = weighted.cols();
            for (Eigen::Index j = 0; j < p; ++j) {
                const auto cj = weighted.col(j);
                for (Eigen::Index k = j; k < p; ++k) w.information(k, j) += cj.dot(weighted.col(k));
            }
        }
        w.score.noalias() += xb.transpose() * residual;
    }
    w.log_likelihood = log_likelihood;
    w.max_abs_eta = max_abs_eta;
}

void IrlsPass::run(const Eigen::VectorXd& beta, IrlsPassResult& out, bool information) {
    if (workers_.size() == 1) {
        run_worker(workers_[0], beta, information);
    } else {
        std::vector<std::thread> threads;
        threads.reserve(workers_.size() - 1);
        for (std::size_t t = 1; t < workers_.size(); ++t)
            threads.emplace_back([this, t, &beta, information] { run_worker(workers_[t], beta, information); });
        run_worker(workers_[0], beta, information);
        for (auto& th : threads) th.join();
    }
    // Summed in worker order so that a given thread count always gives the same bits.
    if (information) out.information = workers_[0].information;
    out.score = workers_[0].score;
    out.log_likelihood = workers_[0].log_likelihood;
    out.max_abs_eta = workers_[0].max_abs_eta;
    for (std::size_t t = 1; t < workers_.size(); ++t) {
        if (information) out.information += workers_[t].information;
        out.score += workers_[t].score;
        out.log_likelihood += workers_[t].log_likelihood;
        out.max_abs_eta = std::max(out.max_abs_eta, workers_[t].max_abs_eta);
    }
}

}  // namespace twinbench
