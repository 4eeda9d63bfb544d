// The audit score: every finding of the analysis becomes a penalty with a sentence saying
// what it cost, and the score is 100 minus their sum (rules in data/audit.h).
#include "data/audit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "data/audit_internal.h"

namespace twinbench {
namespace {

std::string format(const char* pattern, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, pattern, value);
    return buf;
}

std::string percent(double fraction) {
    const double p = 100.0 * fraction;
    return format(p >= 10 ? "%.0f %%" : p >= 1 ? "%.1f %%" : "%.2g %%", p);
}

std::string duration(double seconds) {
    if (seconds >= 72 * 3600.0) return format("%.1f d", seconds / 86400.0);
    if (seconds >= 3600.0) return format("%.1f h", seconds / 3600.0);
    if (seconds >= 60.0) return format("%.0f min", seconds / 60.0);
    return format("%.0f s", seconds);
}

std::string count_of(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Findings of one category share a cap; the biggest findings are charged first so the
// sentences add up to exactly what the score lost.
void charge(std::vector<AuditPenalty> found, double cap, AuditReport& report) {
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.points > b.points; });
    double left = cap;
    for (auto& p : found) {
        // Every finding costs at least 0.1 so that it is listed, and penalties are kept
        // to one decimal so the list adds up to the score.
        p.points = std::min(left, std::round(std::max(0.1, p.points) * 10.0) / 10.0);
        if (p.points <= 0) break;
        left -= p.points;
        p.reason += " (-" + format("%g", p.points) + ")";
        report.penalties.push_back(std::move(p));
    }
}

}  // namespace

namespace audit_detail {

void score(AuditReport& report) {
    if (report.rows == 0) {
        report.penalties.push_back({"rows", "", 100.0, "no rows to audit (-100)"});
        report.score = 0.0;
        return;
    }
    const double rows = static_cast<double>(report.rows);
    std::vector<AuditPenalty> missing, stuck, outliers;
    for (const auto& c : report.columns) {
        if (c.missing_fraction > 0 && !c.sparse)
            missing.push_back({"missing", c.name, std::min(8.0, 50.0 * c.missing_fraction),
                               c.name + ": " + percent(c.missing_fraction) + " of values missing"});
        if (c.flatline_rows > 0) {
            const std::size_t times = c.flatline_ranges.size();
            std::string text = c.name;
            text += times == 1 ? ": stuck for " : ": stuck " + std::to_string(times) + " times, ";
            text += std::isfinite(c.flatline_duration_s) ? duration(c.flatline_duration_s)
                                                         : count_of(c.flatline_rows, "row", "rows");
            if (times != 1) text += " in total";
            text += " (";
            text += percent(c.flatline_fraction);
            text += " of rows)";
            stuck.push_back({"flatline", c.name, std::min(10.0, 3.0 + 200.0 * c.flatline_fraction),
                             std::move(text)});
        }
        if (c.outlier_count > 0)
            outliers.push_back({"outliers", c.name, std::min(6.0, 500.0 * c.outlier_fraction),
                                c.name + ": " + count_of(c.outlier_count, "outlier", "outliers") +
                                    " (" + percent(c.outlier_fraction) + " of rows)"});
    }
    charge(std::move(missing), 25.0, report);
    charge(std::move(stuck), 25.0, report);
    charge(std::move(outliers), 15.0, report);
    if (!report.gaps.empty()) {
        const double span = report.end_s - report.start_s;
        const double share = span > 0 ? report.gap_total_s / span : 0.0;
        charge({{"gaps", "",
                 std::min(15.0, 0.5 * static_cast<double>(report.gaps.size()) + 100.0 * share),
                 count_of(report.gaps.size(), "gap", "gaps") + " in the time axis, " +
                     duration(report.gap_total_s) + " in total (" + percent(share) +
                     " of the time range)"}},
               15.0, report);
    }
    if (report.duplicate_timestamps > 0) {
        const double share = static_cast<double>(report.duplicate_timestamps) / rows;
        charge(
            {{"duplicates", "", 1.0 + 100.0 * share,
              count_of(report.duplicate_timestamps, "duplicate timestamp", "duplicate timestamps") +
                  " (" + percent(share) + " of rows)"}},
            10.0, report);
    }
    if (report.non_monotonic_timestamps > 0) {
        const double share = static_cast<double>(report.non_monotonic_timestamps) / rows;
        charge({{"non_monotonic", "", 1.0 + 100.0 * share,
                 count_of(report.non_monotonic_timestamps, "timestamp is", "timestamps are") +
                     " earlier than the row before (" + percent(share) + " of rows)"}},
               10.0, report);
    }
    if (report.rows_rejected > 0) {
        const double share = static_cast<double>(report.rows_rejected) /
                             static_cast<double>(report.table_rows + report.rows_rejected);
        charge({{"rejected", "", 0.5 + 100.0 * share,
                 count_of(report.rows_rejected, "row", "rows") + " rejected at import (" +
                     percent(share) + ")"}},
               15.0, report);
    }
    std::stable_sort(report.penalties.begin(), report.penalties.end(),
                     [](const auto& a, const auto& b) { return a.points > b.points; });
    double lost = 0;
    for (const auto& p : report.penalties) lost += p.points;
    report.score = std::max(0.0, std::round((100.0 - lost) * 10.0) / 10.0);
}

}  // namespace audit_detail

std::vector<std::string> AuditReport::reasons() const {
    std::vector<std::string> out;
    for (const auto& p : penalties) out.push_back(p.reason);
    return out;
}

}  // namespace twinbench
