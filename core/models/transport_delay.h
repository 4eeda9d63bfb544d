// Transport delays (issue 4, model 5): how long after a change of one signal another one
// answers, e.g. the furnace temperature after a setpoint step, or the scrap rate after
// the furnace temperature (one residence time later when the parts carry the furnace's
// history with them).
//
// Method (Box-Jenkins): both series are put on the regular time axis (the median row
// spacing; gaps stay missing), differenced (levels drift slowly and would correlate at
// every lag), and pre-whitened with an AR model of the differenced INPUT applied to both.
// The cross-correlation of the whitened series is then proportional to the impulse
// response from input to response, so its largest magnitude marks the delay. How sure
// the estimate is: the peak against the band that independent series would stay inside
// (95 %, Bonferroni over the lags tried; widened to the largest correlation at the
// anticausal lags, which shows how far these data stray without a cause), and against the
// next peak outside the main lobe (the lags around the peak where the correlation stays
// above half of it).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace twinbench {

struct TransportDelayOptions {
    double min_lag_min = 0.0;
    double max_lag_min = 60.0;
    // AR order of the pre-whitening filter fitted on the differenced input; 0 = plain
    // differencing.
    std::size_t prewhiten_order = 5;
    // Fewer valid pairs at the peak lag than this: ModelError (not enough data).
    std::size_t min_pairs = 200;
    // The peak must exceed the next peak outside its main lobe by this factor to count
    // as distinct.
    double distinct_ratio = 1.5;
};

struct TransportDelay {
    std::string from, to;  // signal (column) names, filled by the caller
    double step_min = 0.0;
    double delay_min = std::numeric_limits<double>::quiet_NaN();
    double correlation = std::numeric_limits<double>::quiet_NaN();  // signed, at the peak
    double next_peak_correlation = std::numeric_limits<double>::quiet_NaN();
    double next_peak_delay_min = std::numeric_limits<double>::quiet_NaN();
    // |r| independent series stay below (95 %, Bonferroni over the lags), or the largest
    // |r| at the anticausal lags (response leading input) when that is higher.
    double significance_band = 0.0;
    double anticausal_max = 0.0;
    std::size_t pairs = 0;                       // valid pairs at the peak lag
    bool significant = false;                    // |peak| above the band
    bool distinct = false;                       // |peak| >= distinct_ratio * |next peak|
    std::vector<double> lags_min, correlations;  // the whole function, for plots

    // "significant and distinct", "significant, but a second peak at 14 min is close", ...
    std::string confidence() const;
};

// time_s ascending (UTC seconds, NaN rows skipped), input and response one value per row
// (NaN = missing). Throws ModelError when the series differ in length, the time axis has
// no positive spacing, the lag range is empty or fewer than min_pairs pairs remain.
TransportDelay estimate_transport_delay(const std::vector<double>& time_s,
                                        const std::vector<double>& input,
                                        const std::vector<double>& response,
                                        const TransportDelayOptions& options = {});

// Standard normal quantile (inverse CDF) for 0 < p < 1.
double normal_quantile(double p);

}  // namespace twinbench
