#include "models/interval_records.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "models/output_likelihood.h"

namespace twinbench {
namespace {

// Each step's mean over [k + from, k + to] (steps outside the frame and missing values
// skipped; NaN where none is present).
std::vector<double> window_means(const std::vector<double>& values, std::ptrdiff_t from, std::ptrdiff_t to) {
    const auto n = static_cast<std::ptrdiff_t>(values.size());
    std::vector<double> sum(values.size() + 1, 0.0), count(values.size() + 1, 0.0);
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        const bool present = std::isfinite(values[static_cast<std::size_t>(k)]);
        sum[static_cast<std::size_t>(k) + 1] = sum[static_cast<std::size_t>(k)] +
                                               (present ? values[static_cast<std::size_t>(k)] : 0.0);
        count[static_cast<std::size_t>(k) + 1] = count[static_cast<std::size_t>(k)] + (present ? 1.0 : 0.0);
    }
    std::vector<double> out(values.size(), std::nan(""));
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        const auto a = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(k + from, 0, n));
        const auto b = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(k + to + 1, 0, n));
        if (b <= a) continue;
        const double c = count[b] - count[a];
        if (c > 0.0) out[static_cast<std::size_t>(k)] = (sum[b] - sum[a]) / c;
    }
    return out;
}

}  // namespace

std::string IntervalAlignment::describe() const {
    if (stamp == IntervalStamp::instant) return "";
    return fmt::format("recorded every {} steps and stamped at the interval's {}: fitted on its inputs' means over the "
                       "interval (likelihood ratio {:.0f} over their values at the stamp)",
                       interval_steps, stamp == IntervalStamp::start ? "start" : "end", likelihood_ratio);
}

std::size_t regular_interval_steps(const std::vector<double>& values) {
    std::map<std::size_t, std::size_t> spacings;
    std::size_t last = values.size(), total = 0;
    for (std::size_t k = 0; k < values.size(); ++k) {
        if (!std::isfinite(values[k])) continue;
        if (last < values.size()) {
            ++spacings[k - last];
            ++total;
        }
        last = k;
    }
    if (total == 0) return 0;
    const auto common = std::max_element(spacings.begin(), spacings.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
    if (common->first < 2 || 5 * common->second < 4 * total) return 0;
    return common->first;
}

void average_over_intervals(SignalFrame& frame, const std::vector<std::string>& inputs,
                            const IntervalAlignment& alignment) {
    if (alignment.stamp == IntervalStamp::instant || alignment.interval_steps < 2) return;
    const auto steps = static_cast<std::ptrdiff_t>(alignment.interval_steps);
    const std::ptrdiff_t from = alignment.stamp == IntervalStamp::start ? 0 : -steps;
    const std::ptrdiff_t to = alignment.stamp == IntervalStamp::start ? steps - 1 : -1;
    for (const auto& name : inputs) {
        FrameSignal& s = frame.at(name);
        if (!s.categorical()) s.values = window_means(s.values, from, to);
    }
}

ScopedIntervalMeans::ScopedIntervalMeans(SignalFrame& frame, const std::vector<std::string>& inputs,
                                         const IntervalAlignment& alignment)
    : frame_(frame) {
    if (alignment.stamp == IntervalStamp::instant) return;
    for (const auto& name : inputs)
        if (const FrameSignal* s = frame.find(name); s != nullptr && !s->categorical()) saved_.emplace_back(name, s->values);
    average_over_intervals(frame, inputs, alignment);
}

ScopedIntervalMeans::~ScopedIntervalMeans() {
    for (auto& [name, values] : saved_)
        if (FrameSignal* s = frame_.find(name)) s->values = std::move(values);
}

IntervalAlignment choose_interval_stamp(const SignalFrame& history, const std::string& output, OutputKind kind,
                                        const std::string& total, const std::vector<std::string>& inputs,
                                        double critical) {
    IntervalAlignment best;
    const FrameSignal* out = history.find(output);
    if (out == nullptr) return best;
    const std::size_t steps = regular_interval_steps(out->values);
    std::vector<std::string> numeric;
    for (const auto& name : inputs)
        if (const FrameSignal* s = history.find(name); s != nullptr && !s->categorical()) numeric.push_back(name);
    if (steps == 0 || numeric.empty()) return best;
    // Per row, as the windows may leave a row or two without a value at the frame's ends.
    const auto per_row = [&](const SignalFrame& frame, std::size_t& rows) {
        const OutputLikelihood likelihood(frame, output, kind, total, numeric);
        rows = likelihood.rows();
        return rows > numeric.size() + 20 ? likelihood.log_likelihood_all_inputs() / static_cast<double>(rows)
                                          : std::nan("");
    };
    // The screening reads only these signals: a frame of them, not a copy of the history.
    SignalFrame screened;
    screened.step_min = history.step_min;
    screened.add(*out);
    if (const FrameSignal* t = history.find(total)) screened.add(*t);
    for (const auto& name : numeric) screened.add(history.at(name));
    std::size_t rows = 0;
    const double at_stamp = per_row(screened, rows);
    if (!std::isfinite(at_stamp)) return best;
    for (const IntervalStamp stamp : {IntervalStamp::start, IntervalStamp::end}) {
        const IntervalAlignment candidate{stamp, steps, 0.0};
        std::size_t candidate_rows = 0;
        SignalFrame averaged = screened;
        average_over_intervals(averaged, numeric, candidate);
        const double mean = per_row(averaged, candidate_rows);
        if (!std::isfinite(mean)) continue;
        const double ratio = 2.0 * (mean - at_stamp) * static_cast<double>(std::min(rows, candidate_rows));
        if (ratio > critical && ratio > best.likelihood_ratio) best = {stamp, steps, ratio};
    }
    return best;
}

}  // namespace twinbench
