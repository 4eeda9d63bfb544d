#include "models/regressor_design.h"

#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"

namespace twinbench {
namespace {

std::string ordinal(int n) {
    switch (n) {
        case 1: return "1/day";
        default: return fmt::format("{}/day", n);
    }
}

std::string kind_name(Regressor::Kind k) {
    switch (k) {
        case Regressor::Kind::intercept: return "intercept";
        case Regressor::Kind::linear: return "linear";
        case Regressor::Kind::square: return "square";
        case Regressor::Kind::interaction: return "interaction";
        case Regressor::Kind::level: return "level";
        case Regressor::Kind::level_slope: return "level_slope";
        case Regressor::Kind::day_sine: return "day_sine";
        case Regressor::Kind::day_cosine: return "day_cosine";
        case Regressor::Kind::weekend: return "weekend";
        case Regressor::Kind::hour: return "hour";
    }
    return "linear";
}

Regressor::Kind kind_from_name(const std::string& s) {
    for (const auto k : {Regressor::Kind::intercept, Regressor::Kind::linear, Regressor::Kind::square,
                         Regressor::Kind::interaction, Regressor::Kind::level, Regressor::Kind::level_slope,
                         Regressor::Kind::day_sine,
                         Regressor::Kind::day_cosine, Regressor::Kind::weekend, Regressor::Kind::hour})
        if (kind_name(k) == s) return k;
    throw nlohmann::json::other_error::create(501, "unknown regressor kind '" + s + "'", nullptr);
}

std::string per(const std::string& output_unit, const std::string& input_unit) {
    if (input_unit.empty()) return output_unit;
    if (output_unit.empty()) return "per " + input_unit;
    return output_unit + " per " + input_unit;
}

}  // namespace

std::string Regressor::name() const {
    switch (kind) {
        case Kind::intercept: return "(Intercept)";
        case Kind::linear: return signal;
        case Kind::square: return signal + "²";
        case Kind::interaction: return signal + " × " + signal2;
        case Kind::level: return signal + " = " + level;
        case Kind::level_slope: return signal + " × (" + signal2 + " = " + level + ")";
        case Kind::day_sine: return "time of day (" + ordinal(harmonic) + ", sine)";
        case Kind::day_cosine: return "time of day (" + ordinal(harmonic) + ", cosine)";
        case Kind::weekend: return "weekend";
        case Kind::hour: return fmt::format("hour {:02d}", harmonic);
    }
    return signal;
}

std::string Regressor::coefficient_unit(const std::string& output_unit, const std::string& unit,
                                        const std::string& unit2) const {
    switch (kind) {
        case Kind::linear:
        case Kind::level_slope: return per(output_unit, unit);
        case Kind::square: return per(output_unit, unit.empty() ? "" : "(" + unit + ")²");
        case Kind::interaction:
            return per(output_unit, unit.empty() && unit2.empty() ? "" : "(" + unit + " × " + unit2 + ")");
        default: return output_unit;
    }
}

nlohmann::json to_json(const Regressor& r) {
    nlohmann::json j{{"kind", kind_name(r.kind)}};
    if (!r.signal.empty()) j["signal"] = r.signal;
    if (!r.signal2.empty()) j["signal2"] = r.signal2;
    if (r.kind == Regressor::Kind::level || r.kind == Regressor::Kind::level_slope) j["level"] = r.level;
    if (r.lag_steps != 0) j["lag_steps"] = r.lag_steps;
    if (r.lag_steps2 != 0) j["lag_steps2"] = r.lag_steps2;
    if (r.kind == Regressor::Kind::day_sine || r.kind == Regressor::Kind::day_cosine ||
        r.kind == Regressor::Kind::hour)
        j["harmonic"] = r.harmonic;
    if (r.kind == Regressor::Kind::square || r.kind == Regressor::Kind::interaction ||
        r.kind == Regressor::Kind::level_slope)
        j["center"] = r.center;
    if (r.kind == Regressor::Kind::interaction) j["center2"] = r.center2;
    return j;
}

Regressor regressor_from_json(const nlohmann::json& j) {
    Regressor r;
    r.kind = kind_from_name(j.at("kind").get<std::string>());
    r.signal = j.value("signal", "");
    r.signal2 = j.value("signal2", "");
    r.level = j.value("level", "");
    r.lag_steps = j.value("lag_steps", 0);
    r.lag_steps2 = j.value("lag_steps2", 0);
    r.harmonic = j.value("harmonic", 1);
    r.center = j.value("center", 0.0);
    r.center2 = j.value("center2", 0.0);
    return r;
}

BoundDesign::BoundDesign(const std::vector<Regressor>& regressors, const SignalFrame& frame, double lag_scale,
                         BeforeStart before_start)
    : steps_(frame.steps()), before_start_(before_start) {
    const auto scaled = [&](int lag) { return static_cast<int>(std::lround(lag * lag_scale)); };
    terms_.reserve(regressors.size());
    for (const auto& r : regressors) {
        Term t;
        t.kind = r.kind;
        t.lag = scaled(r.lag_steps);
        t.lag2 = scaled(r.lag_steps2);
        t.center = r.center;
        t.center2 = r.center2;
        t.harmonic = r.harmonic;
        if (!r.signal.empty()) t.values = frame.at(r.signal).values.data();
        if (!r.signal2.empty()) t.values2 = frame.at(r.signal2).values.data();
        if (r.kind == Regressor::Kind::level) t.code = frame.at(r.signal).level_code(r.level);
        if (r.kind == Regressor::Kind::level_slope) t.code = frame.at(r.signal2).level_code(r.level);
        if (r.kind == Regressor::Kind::day_sine || r.kind == Regressor::Kind::day_cosine ||
            r.kind == Regressor::Kind::weekend || r.kind == Regressor::Kind::hour) {
            const auto& calendar = r.kind == Regressor::Kind::weekend ? frame.weekend : frame.local_hour;
            if (calendar.size() != frame.steps())
                throw ModelError("the term '" + r.name() + "' needs the time of day, and these data have no time axis");
            t.calendar = calendar.data();
        }
        terms_.push_back(t);
    }
}

double BoundDesign::value(const Term& t, std::size_t k, BeforeStart before_start) const {
    const auto at = [&](const double* v, int lag) -> double {
        if (lag < 0) return nan;
        if (static_cast<std::size_t>(lag) > k) return before_start == BeforeStart::hold_first ? v[0] : nan;
        return v[k - static_cast<std::size_t>(lag)];
    };
    switch (t.kind) {
        case Regressor::Kind::intercept: return 1.0;
        case Regressor::Kind::linear: return at(t.values, t.lag);
        case Regressor::Kind::square: {
            const double d = at(t.values, t.lag) - t.center;
            return d * d;
        }
        case Regressor::Kind::interaction:
            return (at(t.values, t.lag) - t.center) * (at(t.values2, t.lag2) - t.center2);
        case Regressor::Kind::level: {
            const double code = at(t.values, t.lag);
            if (!std::isfinite(code) || t.code < 0) return nan;
            return code == t.code ? 1.0 : 0.0;
        }
        case Regressor::Kind::level_slope: {
            const double code = at(t.values2, t.lag2);
            if (!std::isfinite(code) || t.code < 0) return nan;
            return code == t.code ? at(t.values, t.lag) - t.center : 0.0;
        }
        case Regressor::Kind::day_sine: return std::sin(2.0 * std::numbers::pi * t.harmonic * t.calendar[k] / 24.0);
        case Regressor::Kind::day_cosine: return std::cos(2.0 * std::numbers::pi * t.harmonic * t.calendar[k] / 24.0);
        case Regressor::Kind::weekend: return t.calendar[k];
        case Regressor::Kind::hour: return std::floor(t.calendar[k]) == t.harmonic ? 1.0 : 0.0;
    }
    return nan;
}

bool BoundDesign::row(std::size_t k, double* x) const {
    for (std::size_t j = 0; j < terms_.size(); ++j) {
        const double v = value(terms_[j], k, BeforeStart::missing);
        if (!std::isfinite(v)) return false;
        x[j] = v;
    }
    return true;
}

void BoundDesign::accumulate(std::size_t j, double b, std::span<double> eta) const {
    const Term& t = terms_[j];
    const std::size_t n = std::min(eta.size(), steps_);
    const auto lag = static_cast<std::size_t>(std::max(0, t.lag));
    const auto lag2 = static_cast<std::size_t>(std::max(0, t.lag2));
    const bool two_inputs = t.kind == Regressor::Kind::interaction || t.kind == Regressor::Kind::level_slope;
    const std::size_t first = std::max(lag, two_inputs ? lag2 : 0);
    for (std::size_t k = 0; k < std::min(first, n); ++k)
        if (t.kind != Regressor::Kind::intercept && t.calendar == nullptr)
            eta[k] = before_start_ == BeforeStart::hold_first ? eta[k] + b * value(t, k, before_start_) : nan;
    switch (t.kind) {
        case Regressor::Kind::intercept:
            for (std::size_t k = 0; k < n; ++k) eta[k] += b;
            return;
        case Regressor::Kind::linear:
            for (std::size_t k = first; k < n; ++k) eta[k] += b * t.values[k - lag];
            return;
        case Regressor::Kind::square:
            for (std::size_t k = first; k < n; ++k) {
                const double d = t.values[k - lag] - t.center;
                eta[k] += b * d * d;
            }
            return;
        case Regressor::Kind::interaction:
            for (std::size_t k = first; k < n; ++k)
                eta[k] += b * (t.values[k - lag] - t.center) * (t.values2[k - lag2] - t.center2);
            return;
        case Regressor::Kind::level:
            for (std::size_t k = first; k < n; ++k) {
                const double code = t.values[k - lag];
                eta[k] = std::isfinite(code) && t.code >= 0 ? eta[k] + (code == t.code ? b : 0.0) : nan;
            }
            return;
        case Regressor::Kind::level_slope:
            for (std::size_t k = first; k < n; ++k) {
                const double code = t.values2[k - lag2];
                eta[k] = std::isfinite(code) && t.code >= 0
                             ? eta[k] + (code == t.code ? b * (t.values[k - lag] - t.center) : 0.0)
                             : nan;
            }
            return;
        case Regressor::Kind::day_sine:
        case Regressor::Kind::day_cosine: {
            const double w = 2.0 * std::numbers::pi * t.harmonic / 24.0;
            const bool sine = t.kind == Regressor::Kind::day_sine;
            for (std::size_t k = 0; k < n; ++k) eta[k] += b * (sine ? std::sin(w * t.calendar[k]) : std::cos(w * t.calendar[k]));
            return;
        }
        case Regressor::Kind::weekend:
            for (std::size_t k = 0; k < n; ++k) eta[k] += b * t.calendar[k];
            return;
        case Regressor::Kind::hour:
            for (std::size_t k = 0; k < n; ++k) eta[k] += std::floor(t.calendar[k]) == t.harmonic ? b : 0.0;
            return;
    }
}

Eigen::MatrixXd BoundDesign::rows(std::span<const std::size_t> steps, std::vector<std::size_t>& kept) const {
    kept.clear();
    Eigen::MatrixXd x(static_cast<Eigen::Index>(steps.size()), static_cast<Eigen::Index>(terms_.size()));
    std::vector<double> buffer(terms_.size());
    Eigen::Index n = 0;
    for (const std::size_t k : steps) {
        if (k >= steps_ || !row(k, buffer.data())) continue;
        for (std::size_t j = 0; j < terms_.size(); ++j) x(n, static_cast<Eigen::Index>(j)) = buffer[j];
        kept.push_back(k);
        ++n;
    }
    x.conservativeResize(n, Eigen::NoChange);
    return x;
}

}  // namespace twinbench
