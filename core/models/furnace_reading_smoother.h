// The furnace air temperature the parts saw, from the thermocouple's readings and the
// furnace model. The scrap model without manual checks reads the furnace temperature;
// fitted on noisy readings, its curvature comes out flat (errors in a regressor attenuate
// its effect): on a generated two-year line the scrap window's Tf² and Tf x ln(residence)
// terms were 2.6-2.8 % below the truth's with an 11-minute running median of readings with
// 1.5 degC of noise, 0.3-1.1 % with the true temperature, and every what-if on speed came
// out 1-7 % too small. The furnace model knows how the furnace moves (its time constant,
// the setpoint, the load, the ambient): a Kalman filter and Rauch-Tung-Striebel smoother
// over that first-order model leaves a small part of the readings' noise (on the
// generated line, 0.15-0.3 degC against the median's 0.56).
//
//   T[k+1] = a T[k] + (1 - a) (g SP[k] + b_load load[k] + b_amb Tamb[k] + c) + w,  w ~ N(0, q)
//   reading[k] = T[k] + v,  v ~ N(0, r)
//
// q and r by maximum likelihood of the filter's innovations over a grid around the
// readings' own noise (from their first differences). A step whose inputs are missing
// lets the temperature wander (variance + r); a reading more than 6 standard deviations off
// the prediction is taken for a spike and not used.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/furnace_template_parts.h"

namespace twinbench {

// The fitted furnace dynamics and how well they follow the readings (their free-run
// hold-out RMSE).
struct FurnaceReadingModel {
    FurnaceTwin furnace;
    double holdout_rmse_degC = std::numeric_limits<double>::quiet_NaN();
};

struct FurnaceReadingSmoothing {
    std::vector<double> estimate_degC;  // per step; NaN where the reading is missing
    double reading_sd_degC = 0.0;       // sqrt(r)
    double wander_sd_degC = 0.0;        // sqrt(q), per step
    std::size_t spikes = 0;             // readings left out as spikes
};

// The readings' running median over `width` steps (missing ones skipped; NaN where none
// is present): what the scrap fit reads where the furnace model does not serve. Spikes
// and most of the noise go, and a clean series stays as it is.
inline constexpr std::size_t furnace_reading_median_width = 11;
std::vector<double> running_median(const std::vector<double>& v, std::size_t width);

// Smoothing through the model helps only where the model follows the furnace to within
// the readings' noise: its own errors, which go with the setpoint and the load, would
// otherwise enter the scrap fit in place of the noise (on 60-day lines, free-run hold-out
// RMSE 1.7-2.0 degC against 1.5 of noise, the what-ifs on the setpoint came out 15-30 %
// off, against 5-9 % with the median; on two years, 1.53 degC, they came within 4 %).
// True where the model's error beyond the noise, sqrt(rmse^2 - sd^2), has less variance
// than what the running median of furnace_reading_median_width readings leaves of the
// noise (pi / (2 width) of its variance, the median of that many normal readings); why:
// the figures either way.
bool smoothing_beats_running_median(double model_holdout_rmse_degC, double reading_sd_degC, std::string& why);

// The readings' noise and the furnace's wander per step, as a smoothing estimated them.
struct FurnaceReadingNoise {
    double reading_sd_degC = 0.0;
    double wander_sd_degC = 0.0;
};

// furnace: a first-order model (second order: throws ModelError, the caller keeps its
// own filter); produced_per_step: parts made in each step (the load is that over
// step_min). All series per step, NaN where missing. noise: use these instead of the
// maximum-likelihood grid (a replay of an earlier smoothing).
FurnaceReadingSmoothing smooth_furnace_readings(const FurnaceTwin& furnace, double step_min,
                                                const std::vector<double>& setpoint_degC,
                                                const std::vector<double>& produced_per_step,
                                                const std::vector<double>& ambient_degC,
                                                const std::vector<double>& readings_degC,
                                                std::optional<FurnaceReadingNoise> noise = std::nullopt);

}  // namespace twinbench
