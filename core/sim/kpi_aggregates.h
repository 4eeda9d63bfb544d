// The aggregates a KPI expression takes of one simulated signal over the horizon's rows
// (PRODUCT.md section 4): mean, sum, min, max, p10, p90. Every aggregate skips NaN (a row
// where a sparse signal has no value) and is NaN when no value is left, so a signal that is
// missing over the whole horizon gives a NaN KPI (JSON null), never a crash or a made-up 0.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace twinbench {

enum class KpiAggregate : std::uint8_t { mean, sum, min, max, p10, p90 };

// In the order of the enum, as the engineer types them.
inline constexpr std::array<std::string_view, 6> kpi_aggregate_names{"mean", "sum", "min",
                                                                     "max",  "p10", "p90"};

std::string_view kpi_aggregate_name(KpiAggregate aggregate);
std::optional<KpiAggregate> find_kpi_aggregate(std::string_view name);

// One aggregate of values. p10 and p90 are quantiles of type 7 (data/robust_stats.h, R's
// default), like every other quantile in Twinbench.
double kpi_aggregate(KpiAggregate aggregate, std::span<const double> values);

// Several aggregates of the same values with one pass for mean, sum, min and max and one
// copy (into scratch, reused between calls) for the quantiles: out[i] is wanted[i]'s value.
void kpi_aggregates(std::span<const double> values, std::span<const KpiAggregate> wanted,
                    std::span<double> out, std::vector<double>& scratch);

}  // namespace twinbench
