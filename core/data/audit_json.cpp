// The audit report as JSON for the CLI and the project file (keys in data/audit.h).
#include "data/audit.h"
#include "common/json_number.h"

#include <cmath>
#include <utility>

#include "common/time_format.h"

namespace twinbench {
namespace {

nlohmann::json iso(double utc_seconds) {
    return std::isfinite(utc_seconds) ? nlohmann::json(format_utc_iso(utc_seconds))
                                      : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json audit_to_json(const AuditReport& report) {
    using nlohmann::json;
    json columns = json::array(), flat = json::array(), gaps = json::array();
    for (const auto& c : report.columns) {
        columns.push_back({{"name", c.name},
                           {"role", role_name(c.role)},
                           {"type", column_type_name(c.type)},
                           {"unit", c.unit},
                           {"kind", column_kind_name(c.kind)},
                           {"sparse", c.sparse},
                           {"n", c.n},
                           {"missing_fraction", c.missing_fraction},
                           {"open_end_rows", c.open_end_rows},
                           {"flatline_checked", c.flatline_checked},
                           {"flatline_fraction", c.flatline_fraction},
                           {"flatline_min_run", c.flatline_min_run},
                           {"outlier_fraction", c.outlier_fraction},
                           {"outlier_count", c.outlier_count},
                           {"outlier_rule", c.outlier_rule},
                           {"min", json_number(c.min)},
                           {"max", json_number(c.max)},
                           {"p01", json_number(c.p01)},
                           {"p99", json_number(c.p99)},
                           {"mean", json_number(c.mean)},
                           {"std", json_number(c.std)}});
        for (const auto& r : c.flatline_ranges)
            flat.push_back({{"column", c.name},
                            {"start", iso(r.start_s)},
                            {"end", iso(r.end_s)},
                            {"duration_s", json_number(r.end_s - r.start_s)},
                            {"first_row", r.first_row},
                            {"last_row", r.last_row}});
    }
    for (const auto& g : report.gaps)
        gaps.push_back({{"start", iso(g.start_s)},
                        {"end", iso(g.end_s)},
                        {"duration_s", json_number(g.duration_s)}});
    json controls = json::array();
    for (const auto& e : report.envelope) {
        json entry = {{"role", role_name(e.role)}, {"column", e.column}, {"unit", e.unit}};
        if (!e.categorical) {
            for (auto [key, value] : {std::pair{"min", e.min},
                                      {"max", e.max},
                                      {"p01", e.p01},
                                      {"p99", e.p99},
                                      {"median", e.median}})
                entry[key] = json_number(value);
        } else {
            json levels = json::array();
            for (const auto& l : e.levels)
                levels.push_back({{"level", l.level}, {"rows", l.rows}, {"fraction", l.fraction}});
            entry["levels"] = std::move(levels);
        }
        controls.push_back(std::move(entry));
    }
    json penalties = json::array();
    for (const auto& p : report.penalties)
        penalties.push_back({{"category", p.category},
                             {"column", p.column},
                             {"points", p.points},
                             {"reason", p.reason}});
    json out = {{"table", report.table},
                {"rows", report.rows},
                {"table_rows", report.table_rows},
                {"rows_rejected", report.rows_rejected},
                {"time_range", {{"start", iso(report.start_s)}, {"end", iso(report.end_s)}}},
                {"sampling_interval_s", json_number(report.sampling_interval_s)},
                {"columns", std::move(columns)},
                {"gaps", std::move(gaps)},
                {"gap_total_s", json_number(report.gap_total_s)},
                {"duplicate_timestamps", report.duplicate_timestamps},
                {"non_monotonic_timestamps", report.non_monotonic_timestamps},
                {"flatline_ranges", std::move(flat)},
                {"envelope",
                 {{"basis", report.envelope_basis},
                  {"rows", report.envelope_rows},
                  {"controls", std::move(controls)}}},
                {"score", json_number(report.score)},
                {"reasons", report.reasons()},
                {"penalties", std::move(penalties)}};
    if (!report.condition.empty()) out["condition"] = report.condition;
    return out;
}

}  // namespace twinbench
