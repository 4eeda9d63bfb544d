// The regressors of the generic output models, computed from the signals of a frame:
// what a term means ("Feed rate", "Feed rate²", "Feed rate × Inlet temp", "Load type =
// Maximum_Load", "time of day, 1st harmonic (sine)", "weekend"), how it is computed at a
// step (the inputs' values, each a dead time earlier), and its readable name and unit.
//
// Squares and interactions use inputs centred on their training means, so that the
// linear terms keep their meaning (the slope at the typical operating point) and the
// normal equations stay well conditioned.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "models/signal_frame.h"

namespace twinbench {

struct Regressor {
    enum class Kind {
        intercept,
        linear,
        square,
        interaction,
        level,
        level_slope,  // a numeric input's extra slope for one level of a categorical one
        day_sine,
        day_cosine,
        weekend,
        hour
    };
    Kind kind = Kind::linear;
    std::string signal;   // "" for intercept and calendar terms
    std::string signal2;  // interaction: the second input; level_slope: the categorical input
    std::string level;    // level, level_slope: the label the dummy is 1 for
    int lag_steps = 0;    // dead time of signal (steps of the frame)
    int lag_steps2 = 0;   // dead time of signal2
    int harmonic = 1;     // day_sine / day_cosine: cycles per day; hour: the clock hour (0..23)
    double center = 0.0;  // square, interaction: subtracted from signal
    double center2 = 0.0; // interaction: subtracted from signal2

    // "Feed rate", "Feed rate²", "Feed rate × Inlet temp", "Load type = Maximum_Load",
    // "Feed rate × (Grade = B)", "time of day (1/day, sine)", "hour 07", "weekend", "(Intercept)".
    std::string name() const;
    // Unit of the coefficient, given the output's unit and the inputs' units.
    std::string coefficient_unit(const std::string& output_unit, const std::string& unit,
                                 const std::string& unit2) const;
    bool uses(const std::string& name) const { return signal == name || signal2 == name; }

    static Regressor of(Kind kind, std::string signal = {}, std::string signal2 = {}) {
        Regressor r;
        r.kind = kind;
        r.signal = std::move(signal);
        r.signal2 = std::move(signal2);
        return r;
    }
};

nlohmann::json to_json(const Regressor& r);
Regressor regressor_from_json(const nlohmann::json& j);  // throws nlohmann exceptions on bad keys

// The regressors resolved against one frame's signals, so that rows are computed without
// name lookups (a Monte Carlo run evaluates them 10,000 times per output).
class BoundDesign {
  public:
    // What a lag reaching before the frame's first step reads. A fit has no such row
    // (missing); a simulation of a window starts from the plant as it was at the window's
    // start, so a dead time reads the first step's value there (hold_first), as the
    // dynamic models start at the first step's steady state.
    enum class BeforeStart { missing, hold_first };

    // lag_scale: frame steps per step of the frame the regressors' lags were counted on
    // (a model fitted on 1-minute data simulating a 10-minute frame: 0.1).
    BoundDesign(const std::vector<Regressor>& regressors, const SignalFrame& frame, double lag_scale = 1.0,
                BeforeStart before_start = BeforeStart::missing);

    std::size_t size() const { return terms_.size(); }
    // Writes the regressors of step k into x (size() values); false when an input is
    // missing there, its lag reaches before the first step, or a level is unknown.
    bool row(std::size_t k, double* x) const;
    // The rows of the given steps that are complete, as a matrix; kept: their steps.
    Eigen::MatrixXd rows(std::span<const std::size_t> steps, std::vector<std::size_t>& kept) const;
    // Adds coefficient * regressor j at every step to eta (eta.size() steps): a whole
    // column at a time, so a simulation's loop vectorises. A step where the regressor is
    // not defined (missing input, lag before the start unless held, unknown level) becomes NaN.
    void accumulate(std::size_t j, double coefficient, std::span<double> eta) const;

  private:
    struct Term {
        Regressor::Kind kind;
        const double* values = nullptr;
        const double* values2 = nullptr;
        int lag = 0, lag2 = 0;
        double center = 0.0, center2 = 0.0;
        double code = -1.0;  // level: the code of the level in this frame (-1 unknown)
        const double* calendar = nullptr;
        double harmonic = 1.0;
    };
    // Regressor t at step k; NaN where it is not defined.
    double value(const Term& t, std::size_t k, BeforeStart before_start) const;

    std::vector<Term> terms_;
    std::size_t steps_ = 0;
    BeforeStart before_start_ = BeforeStart::missing;
};

}  // namespace twinbench
