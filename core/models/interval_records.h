// Outputs recorded once per interval. A count per 15 minutes (bags filled, bags
// off-spec), a shift's yield, a daily tonnage: the record counts what happened over the
// interval, and the historian stamps it at the interval's start or at its end. Fitted on
// its inputs' values at the stamp, such an output reads them up to a whole interval off
// what made it: the inputs that lead within the interval (a setpoint stepped at its start)
// then seem to act on their own beside the quality that carries their effect. Fitted on
// the inputs' means over the interval the record covers, it reads what the items saw.
//
// Which stamp a plant uses is not written in its files: the data decide, by the
// likelihood of the output on its inputs at the stamp, over the interval after it and
// over the interval before it. A spot sample (a lab value every 2 hours) stays at its
// stamp unless a mean over an interval explains it far better.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "models/output_model.h"
#include "models/signal_frame.h"

namespace twinbench {

enum class IntervalStamp {
    instant,  // the record holds at its stamp (a spot sample, or dense data)
    start,    // it covers the interval from its stamp on
    end       // it covers the interval up to its stamp
};

struct IntervalAlignment {
    IntervalStamp stamp = IntervalStamp::instant;
    std::size_t interval_steps = 0;  // the records' regular spacing (0: none)
    // 2 (log L with the inputs' interval means - log L at the stamp), on the screening
    // model of output_likelihood.h; 0 when the stamp was kept.
    double likelihood_ratio = 0.0;

    // "recorded every 15 steps and stamped at the interval's start: fitted on its inputs'
    // means over the interval (likelihood ratio 212 over their values at the stamp)"; ""
    // for an instant record.
    std::string describe() const;
};

// The records' spacing in steps where it is regular: the most common spacing between
// measured steps, when at least 80 % of the spacings are that and it is at least 2 steps;
// 0 otherwise (dense data, irregular samples).
std::size_t regular_interval_steps(const std::vector<double>& values);

// The stamp the data support for `output` on `inputs` (see above): an interval stamp is
// chosen when its likelihood ratio over the instant values exceeds `critical` (10.83,
// p < 0.001 were the two nested; they are not, so it is a margin, not a test).
IntervalAlignment choose_interval_stamp(const SignalFrame& history, const std::string& output, OutputKind kind,
                                        const std::string& total, const std::vector<std::string>& inputs,
                                        double critical = 10.83);

// Replaces each of `inputs` in the frame by its mean over the interval a record stamped
// at each step covers (missing values skipped; the window cut at the frame's ends). An
// instant alignment leaves the frame as it is.
void average_over_intervals(SignalFrame& frame, const std::vector<std::string>& inputs,
                            const IntervalAlignment& alignment);

// The inputs averaged over the intervals for as long as it lives (a fit, a screening),
// the history as it was afterwards, also when the fit throws.
class ScopedIntervalMeans {
  public:
    ScopedIntervalMeans(SignalFrame& frame, const std::vector<std::string>& inputs, const IntervalAlignment& alignment);
    ~ScopedIntervalMeans();
    ScopedIntervalMeans(const ScopedIntervalMeans&) = delete;
    ScopedIntervalMeans& operator=(const ScopedIntervalMeans&) = delete;

  private:
    SignalFrame& frame_;
    std::vector<std::pair<std::string, std::vector<double>>> saved_;
};

}  // namespace twinbench
