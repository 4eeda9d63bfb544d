#include "models/furnace_reading_smoother.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

constexpr double spike_sigmas = 6.0;

struct Pass {
    std::vector<double> predicted, predicted_var, filtered, filtered_var;
    double log_likelihood = 0.0;
    std::size_t spikes = 0;
};

// The forward pass (drive: the steady state the furnace heads for from each step, NaN
// where an input is missing).
void filter(double a, const std::vector<double>& drive, const std::vector<double>& readings, double q, double r,
            bool keep, Pass& p) {
    const std::size_t n = readings.size();
    if (keep) {
        p.predicted.assign(n, 0.0);
        p.predicted_var.assign(n, 0.0);
        p.filtered.assign(n, 0.0);
        p.filtered_var.assign(n, 0.0);
    }
    p.log_likelihood = 0.0;
    p.spikes = 0;
    double x = std::numeric_limits<double>::quiet_NaN(), v = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        if (k > 0 && std::isfinite(x)) {
            if (std::isfinite(drive[k - 1])) {
                x = a * x + (1.0 - a) * drive[k - 1];
                v = a * a * v + q;
            } else {
                v += q + r;
            }
        }
        const double y = readings[k];
        if (!std::isfinite(x) && std::isfinite(y)) {
            x = y;  // the first reading starts the filter
            v = r;
        } else if (std::isfinite(y)) {
            const double s = v + r, e = y - x;
            if (e * e > spike_sigmas * spike_sigmas * s) {
                ++p.spikes;
            } else {
                p.log_likelihood -= 0.5 * (std::log(s) + e * e / s);
                const double gain = v / s;
                if (keep) {
                    p.predicted[k] = x;
                    p.predicted_var[k] = v;
                }
                x += gain * e;
                v *= 1.0 - gain;
                if (keep) {
                    p.filtered[k] = x;
                    p.filtered_var[k] = v;
                }
                continue;
            }
        }
        if (keep) {
            p.predicted[k] = x;
            p.predicted_var[k] = v;
            p.filtered[k] = x;
            p.filtered_var[k] = v;
        }
    }
}

// q and r by maximum likelihood of the filter's innovations over a grid around the
// readings' own noise: half the variance of their step-to-step differences, by the median
// absolute difference (setpoint steps and spikes do not inflate it).
std::pair<double, double> most_likely_noise(double a, const std::vector<double>& drive,
                                            const std::vector<double>& readings_degC, Pass& pass) {
    const std::size_t n = readings_degC.size();
    std::vector<double> differences;
    for (std::size_t k = 1; k < n; ++k)
        if (std::isfinite(readings_degC[k]) && std::isfinite(readings_degC[k - 1]))
            differences.push_back(std::abs(readings_degC[k] - readings_degC[k - 1]));
    if (differences.size() < 100) throw ModelError("too few consecutive furnace readings to judge their noise");
    const auto mid = differences.begin() + static_cast<std::ptrdiff_t>(differences.size() / 2);
    std::nth_element(differences.begin(), mid, differences.end());
    const double sd = 1.4826 * *mid / std::sqrt(2.0);
    const double r0 = std::max(sd * sd, 1e-6);
    double best = -std::numeric_limits<double>::infinity(), best_q = r0 * 1e-2, best_r = r0;
    for (const double rf : {0.5, 0.7, 1.0, 1.4})
        for (const double qf : {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1}) {
            filter(a, drive, readings_degC, qf * r0, rf * r0, false, pass);
            if (pass.log_likelihood > best) {
                best = pass.log_likelihood;
                best_q = qf * r0;
                best_r = rf * r0;
            }
        }
    return {best_q, best_r};
}

}  // namespace

std::vector<double> running_median(const std::vector<double>& v, std::size_t width) {
    std::vector<double> out(v.size(), std::numeric_limits<double>::quiet_NaN()), window;
    const std::size_t half = width / 2;
    for (std::size_t k = 0; k < v.size(); ++k) {
        window.clear();
        for (std::size_t j = k >= half ? k - half : 0; j <= std::min(v.size() - 1, k + half); ++j)
            if (std::isfinite(v[j])) window.push_back(v[j]);
        if (window.empty()) continue;
        const auto mid = window.begin() + static_cast<std::ptrdiff_t>(window.size() / 2);
        std::nth_element(window.begin(), mid, window.end());
        out[k] = *mid;
    }
    return out;
}

bool smoothing_beats_running_median(double model_holdout_rmse_degC, double reading_sd_degC, std::string& why) {
    const double noise_var = reading_sd_degC * reading_sd_degC;
    const double model_var = std::max(0.0, model_holdout_rmse_degC * model_holdout_rmse_degC - noise_var);
    const double median_var = std::numbers::pi / (2.0 * static_cast<double>(furnace_reading_median_width)) * noise_var;
    const bool better = std::isfinite(model_holdout_rmse_degC) && std::isfinite(reading_sd_degC) && model_var < median_var;
    why = fmt::format("the furnace model's own error beyond the readings' noise is {:.2f} degC (hold-out RMSE {:.2f}, "
                      "noise {:.2f}), a running median leaves {:.2f} degC of the noise",
                      std::sqrt(model_var), model_holdout_rmse_degC, reading_sd_degC, std::sqrt(median_var));
    return better;
}

FurnaceReadingSmoothing smooth_furnace_readings(const FurnaceTwin& furnace, double step_min,
                                                const std::vector<double>& setpoint_degC,
                                                const std::vector<double>& produced_per_step,
                                                const std::vector<double>& ambient_degC,
                                                const std::vector<double>& readings_degC,
                                                std::optional<FurnaceReadingNoise> noise) {
    if (furnace.second_order())
        throw ModelError("the furnace readings' smoother follows a first-order furnace model only");
    if (!(step_min > 0.0) || !(furnace.tau_min > 0.0))
        throw ModelError("the furnace readings' smoother needs a time axis and the furnace's time constant");
    const std::size_t n = readings_degC.size();
    if (setpoint_degC.size() != n || produced_per_step.size() != n || ambient_degC.size() != n)
        throw ModelError("the furnace readings' smoother needs the setpoint, parts and ambient on every step");
    std::vector<double> drive(n);
    for (std::size_t k = 0; k < n; ++k)
        drive[k] = furnace.steady_state_degC(setpoint_degC[k], produced_per_step[k] / step_min, ambient_degC[k]);

    const double a = std::exp(-step_min / furnace.tau_min);
    Pass pass;
    double best_q = 0.0, best_r = 0.0;
    if (noise && noise->reading_sd_degC > 0.0 && noise->wander_sd_degC >= 0.0) {
        best_q = noise->wander_sd_degC * noise->wander_sd_degC;
        best_r = noise->reading_sd_degC * noise->reading_sd_degC;
    } else {
        std::tie(best_q, best_r) = most_likely_noise(a, drive, readings_degC, pass);
    }
    filter(a, drive, readings_degC, best_q, best_r, true, pass);

    // Rauch-Tung-Striebel, backwards over the filtered steps.
    FurnaceReadingSmoothing out;
    out.estimate_degC = pass.filtered;
    for (std::size_t k = n - 1; k-- > 0;) {
        const double next_var = pass.predicted_var[k + 1];
        if (!(next_var > 0.0) || !std::isfinite(out.estimate_degC[k + 1])) continue;
        const double transition = std::isfinite(drive[k]) ? a : 1.0;
        const double j = pass.filtered_var[k] * transition / next_var;
        out.estimate_degC[k] = pass.filtered[k] + j * (out.estimate_degC[k + 1] - pass.predicted[k + 1]);
    }
    for (std::size_t k = 0; k < n; ++k)
        if (!std::isfinite(readings_degC[k])) out.estimate_degC[k] = std::numeric_limits<double>::quiet_NaN();
    out.reading_sd_degC = std::sqrt(best_r);
    out.wander_sd_degC = std::sqrt(best_q);
    out.spikes = pass.spikes;
    return out;
}

}  // namespace twinbench
