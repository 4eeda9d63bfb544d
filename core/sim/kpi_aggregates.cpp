#include "sim/kpi_aggregates.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/missing_value.h"
#include "data/robust_stats.h"

namespace twinbench {

std::string_view kpi_aggregate_name(KpiAggregate aggregate) {
    return kpi_aggregate_names[static_cast<std::size_t>(aggregate)];
}

std::optional<KpiAggregate> find_kpi_aggregate(std::string_view name) {
    for (std::size_t i = 0; i < kpi_aggregate_names.size(); ++i)
        if (kpi_aggregate_names[i] == name) return static_cast<KpiAggregate>(i);
    return std::nullopt;
}

void kpi_aggregates(std::span<const double> values, std::span<const KpiAggregate> wanted,
                    std::span<double> out, std::vector<double>& scratch) {
    if (out.size() < wanted.size())
        throw std::invalid_argument("kpi_aggregates: fewer outputs than aggregates");
    bool moments = false;
    bool want_p10 = false;
    bool want_p90 = false;
    for (KpiAggregate a : wanted) {
        want_p10 = want_p10 || a == KpiAggregate::p10;
        want_p90 = want_p90 || a == KpiAggregate::p90;
        moments = moments || (a != KpiAggregate::p10 && a != KpiAggregate::p90);
    }

    std::size_t n = 0;
    double sum = 0.0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    if (moments) {
        for (double v : values) {
            if (std::isnan(v)) continue;
            ++n;
            sum += v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    }
    // Only the quantiles asked for: each is an nth_element over the copy.
    double p10 = nan;
    double p90 = nan;
    if (want_p10 || want_p90) {
        copy_finite(values, scratch);
        double probabilities[2];
        double q[2] = {nan, nan};
        std::size_t k = 0;
        if (want_p10) probabilities[k++] = 0.1;
        if (want_p90) probabilities[k++] = 0.9;
        quantiles_inplace(scratch, std::span<const double>(probabilities, k), std::span<double>(q, k));
        p10 = want_p10 ? q[0] : nan;
        p90 = want_p90 ? q[k - 1] : nan;
    }
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        switch (wanted[i]) {
            case KpiAggregate::mean: out[i] = n == 0 ? nan : sum / static_cast<double>(n); break;
            case KpiAggregate::sum: out[i] = n == 0 ? nan : sum; break;
            case KpiAggregate::min: out[i] = n == 0 ? nan : lo; break;
            case KpiAggregate::max: out[i] = n == 0 ? nan : hi; break;
            case KpiAggregate::p10: out[i] = p10; break;
            case KpiAggregate::p90: out[i] = p90; break;
        }
    }
}

double kpi_aggregate(KpiAggregate aggregate, std::span<const double> values) {
    std::vector<double> scratch;
    double out = 0.0;
    kpi_aggregates(values, std::span<const KpiAggregate>(&aggregate, 1), std::span<double>(&out, 1),
                   scratch);
    return out;
}

}  // namespace twinbench
