#include "models/output_fit_spec.h"

#include <cmath>

namespace twinbench {

HoldoutSplit holdout_split(const SignalFrame& frame, const OutputFitSpec& spec) {
    const FrameSignal& y = frame.at(spec.output);
    const FrameSignal* total = spec.kind == OutputKind::count ? &frame.at(spec.total_signal) : nullptr;
    std::vector<std::size_t> usable;
    usable.reserve(frame.steps());
    for (std::size_t k = 0; k < frame.steps(); ++k) {
        const double v = y.values[k];
        if (!std::isfinite(v)) continue;
        if (total != nullptr) {
            const double m = total->values[k];
            if (!std::isfinite(m) || m <= 0.0 || v < 0.0 || v > m) continue;
        }
        usable.push_back(k);
    }
    HoldoutSplit split;
    const auto n_train = static_cast<std::size_t>(std::floor(spec.train_fraction * static_cast<double>(usable.size())));
    split.train.assign(usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(n_train));
    split.test.assign(usable.begin() + static_cast<std::ptrdiff_t>(n_train), usable.end());
    return split;
}

}  // namespace twinbench
