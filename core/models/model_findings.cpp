#include "models/model_findings.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

constexpr int sweep_points = 25;
// Steps simulated per sweep point: a day on a one-minute grid, so a dynamic model settles;
// the second half is averaged (a calendar term's day is covered whole).
constexpr std::size_t window_steps_max = 1440;

// Three significant digits, without an exponent for thousands (1190 kg/h, not 1.19e+03).
std::string number(double v) { return std::abs(v) >= 1000.0 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v); }

double median_of(std::vector<double> v) {
    std::erase_if(v, [](double x) { return !std::isfinite(x); });
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

double commonest_code(const FrameSignal& s) {
    std::map<double, std::size_t> counts;
    for (double v : s.values)
        if (std::isfinite(v)) ++counts[v];
    double best = std::numeric_limits<double>::quiet_NaN();
    std::size_t most = 0;
    for (const auto& [code, n] : counts)
        if (n > most) {
            most = n;
            best = code;
        }
    return best;
}

// A stretch of the history's clock with every input held at one value: the frame a sweep
// point is simulated on.
class SweepFrame {
  public:
    SweepFrame(const OutputModel& model, const SignalFrame& history) : model_(model) {
        const std::size_t n = std::min(window_steps_max, history.steps());
        frame_.step_min = history.step_min;
        frame_.time_zone = history.time_zone;
        const auto tail = [&](const auto& v) { return std::vector(v.end() - static_cast<std::ptrdiff_t>(n), v.end()); };
        if (history.has_time()) frame_.time_s = tail(history.time_s);
        if (history.local_hour.size() == history.steps()) frame_.local_hour = tail(history.local_hour);
        if (history.weekend.size() == history.steps()) frame_.weekend = tail(history.weekend);
        for (const auto& name : model.inputs()) {
            const FrameSignal* h = history.find(name);
            FrameSignal s;
            s.name = name;
            if (h != nullptr) {
                s.unit = h->unit;
                s.type = h->type;
                s.levels = h->levels;
            }
            const double usual = name == model.total_signal() ? 1.0
                                 : h == nullptr           ? std::numeric_limits<double>::quiet_NaN()
                                 : h->categorical()       ? commonest_code(*h)
                                                          : median_of(h->values);
            s.values.assign(n, usual);
            usual_[name] = usual;
            frame_.add(std::move(s));
        }
        out_.resize(n);
    }

    // The output's settled mean with every input where the process usually runs.
    double usual_output() { return settled_output(); }

    // The same with `input` held at `value`; a 0/1 or count output as a rate in percent.
    double output_with(const std::string& input, double value) {
        FrameSignal& s = frame_.at(input);
        std::fill(s.values.begin(), s.values.end(), value);
        const double y = settled_output();
        std::fill(s.values.begin(), s.values.end(), usual_.at(input));
        return y;
    }

  private:
    const OutputModel& model_;
    SignalFrame frame_;
    std::map<std::string, double> usual_;
    std::vector<double> out_;

    double settled_output() {
        model_.simulate(frame_, out_);
        double sum = 0.0;
        std::size_t count = 0;
        for (std::size_t k = out_.size() / 2; k < out_.size(); ++k)
            if (std::isfinite(out_[k])) {
                sum += out_[k];
                ++count;
            }
        const double mean = count > 0 ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
        return model_.output_kind() == OutputKind::continuous ? mean : 100.0 * mean;
    }
};

}  // namespace

std::vector<ModelFinding> model_findings(const OutputModel& model, const SignalFrame& history) {
    std::vector<ModelFinding> findings;
    if (history.steps() == 0) return findings;
    const bool rate = model.output_kind() != OutputKind::continuous;
    const std::string output = rate ? model.output() + " rate" : model.output();
    const std::string output_unit = rate ? "%" : model.unit();
    const auto with_unit = [](const std::string& value, const std::string& unit) {
        return fmt::format("{}{}{}", value, unit.empty() || unit == "%" ? "" : " ", unit);
    };
    SweepFrame sweep(model, history);
    const double usual_level = std::abs(sweep.usual_output());
    const double negligible = 1e-3 * std::max(usual_level, 1e-9);
    for (const auto& name : model.inputs()) {
        if (name == model.total_signal()) continue;
        const FrameSignal* h = history.find(name);
        if (h == nullptr) continue;
        ModelFinding f;
        f.input = name;
        if (h->categorical()) {
            double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
            std::string low_level, high_level;
            for (std::size_t code = 0; code < h->levels.size(); ++code) {
                const double y = sweep.output_with(name, static_cast<double>(code));
                if (!std::isfinite(y)) continue;
                if (y < lowest) std::tie(lowest, low_level) = std::tie(y, h->levels[code]);
                if (y > highest) std::tie(highest, high_level) = std::tie(y, h->levels[code]);
            }
            if (!std::isfinite(lowest) || highest - lowest <= negligible) continue;
            f.effect = highest - lowest;
            f.sentence = fmt::format("{} is highest with {} {} ({}) and lowest with {} ({})", output, name, high_level,
                                     with_unit(number(highest), output_unit), low_level,
                                     with_unit(number(lowest), output_unit));
            findings.push_back(std::move(f));
            continue;
        }
        const auto& envelope = model.report().envelope;
        const auto range = std::find_if(envelope.begin(), envelope.end(), [&](const EnvelopeInput& e) { return e.input == name; });
        if (range == envelope.end() || !(range->max > range->min)) continue;
        std::vector<double> x(sweep_points), y(sweep_points);
        for (int i = 0; i < sweep_points; ++i) {
            x[static_cast<std::size_t>(i)] = range->min + (range->max - range->min) * i / (sweep_points - 1);
            y[static_cast<std::size_t>(i)] = sweep.output_with(name, x[static_cast<std::size_t>(i)]);
        }
        if (std::any_of(y.begin(), y.end(), [](double v) { return !std::isfinite(v); })) continue;
        const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
        f.effect = *hi - *lo;
        if (f.effect <= negligible) continue;
        const std::string input_unit = range->unit.empty() ? h->unit : range->unit;
        const auto inside = [&](std::vector<double>::const_iterator it) {
            // An optimum inside the range, clear of both ends by 3 % of the effect (less is
            // the sweep's grid or noise, not a turn of the output).
            return it != y.begin() && it != y.end() - 1 &&
                   std::min(std::abs(y.front() - *it), std::abs(y.back() - *it)) > 0.03 * f.effect;
        };
        const auto at = [&](std::vector<double>::const_iterator it) { return x[static_cast<std::size_t>(it - y.begin())]; };
        if (inside(lo) || inside(hi)) {
            const bool lowest = inside(lo);
            const auto it = lowest ? lo : hi;
            f.has_optimum = true;
            f.optimum_input = at(it);
            f.optimum_output = *it;
            f.sentence = fmt::format("{} is {} at {} {} ({})", output, lowest ? "lowest" : "highest",
                                     with_unit(number(f.optimum_input), input_unit), name,
                                     with_unit(number(*it), output_unit));
        } else {
            const bool rises = y.back() > y.front();
            f.sentence = fmt::format("{} {} by {} as {} goes from {} to {}", output, rises ? "rises" : "falls",
                                     with_unit(number(f.effect), rate ? "points" : output_unit), name,
                                     number(x.front()), with_unit(number(x.back()), input_unit));
        }
        findings.push_back(std::move(f));
    }
    std::sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) { return a.effect > b.effect; });
    return findings;
}

std::vector<ModelFinding> model_findings(const OutputModel& model, const Table& table, const std::string& time_zone) {
    std::vector<std::string> signals = model.inputs();
    signals.push_back(model.output());
    try {
        return model_findings(model, history_frame(table, signals, time_zone));
    } catch (const ModelError&) {
        return {};
    }
}

}  // namespace twinbench
