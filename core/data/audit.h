// The data audit: "is the data clean, or too leaky?". Per column it measures missing
// cells, stuck sensors (flatlines) and outliers; per table the time axis (sampling
// interval, gaps, duplicate and backward timestamps) and the operating envelope of the
// controls; and it condenses everything into a 0..100 score whose every lost point is
// listed with its reason.
//
// Choices a reviewer should know:
// - Flatline: a continuous sensor that repeats exactly the same value for at least
//   max(10 samples, 30 min) is stuck. A signal that often repeats anyway (slow and coarsely
//   quantised) must repeat long enough to be improbable (< 1 % chance over the column
//   given its typical repeat rate, the median over blocks, capped at 0.98). Sensor roles
//   (furnace_temp, ambient_temp, humidity, energy) are always checked; factor and
//   unmapped columns only when they have many distinct values. Controls (speed,
//   setpoint), counts, manual checks, categorical and low-cardinality columns are never
//   flatline-checked: holding still is their job.
// - Outliers of sensors: farther than 5 robust sigma outside the band between the local
//   medians before and after the sample. Local medians are taken every half window over a
//   window of max(11 samples, 30 min) (median of 9 medians of 3 spread over the window,
//   which ignores spikes like the exact median does at a fraction of the cost); sigma is
//   the MAD of the samples around the interpolated local median. A slow drift (daily or
//   seasonal cycle) moves the local median and is not an outlier; a level change (a stop,
//   a setpoint step) leaves every sample near one of the two local medians; a deviation
//   that lasts about the window or longer is a level change, not an outlier. An operating
//   regime is not an outlier either: the samples outside their band that lie within
//   5 sigma of one another form a group, and a group holding at least 2 % of the rows
//   (and 10 rows), most of it in runs of 3 or more consecutive samples, is a regime the
//   process runs in (a gas turbine's part load), not counted. Manual
//   checks use the global median +- 5 MAD. Controls and counts have legitimate jumps
//   (stops at 0, setpoint steps), so only gross errors count for them: values beyond
//   p01 - 3 (p99 - p01) or p99 + 3 (p99 - p01).
// - Score: 100 minus penalties that only grow with the defect (monotone), each rounded to
//   0.1 and at least 0.1 so every finding is listed:
//     missing     50 x fraction per column, at most 8 (not for sparse columns: manual
//                 checks and sparse sources aligned onto the rows)
//     flatline    3 + 200 x fraction per column, at most 10
//     outliers    500 x fraction per column, at most 6
//     gaps        0.5 per gap + 100 x share of the time range
//     duplicates, backward timestamps   1 + 100 x fraction of rows
//     rejected    0.5 + 100 x rejected / (rows + rejected)
//   with caps per category of 25 (missing, flatline), 15 (outliers, gaps, rejected) and
//   10 (duplicates, backward timestamps). The penalties add up to 100 - score (floored at 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/condition.h"
#include "data/table.h"

namespace twinbench {

struct AuditOptions {
    // Audit only the rows where the mask is non-zero (a named condition); one byte per
    // table row. Time steps across excluded rows are not gaps.
    std::optional<std::vector<std::uint8_t>> row_mask;
    std::string condition_name;  // shown in the report when a mask is given
    // Rows the importer rejected for this table; they cost score points.
    std::size_t rows_rejected = 0;
    // Which state value means running, for the operating envelope ("" = most frequent).
    std::string running_label;
    double outlier_k = 5.0;
    double flatline_min_s = 1800.0;
    std::size_t flatline_min_samples = 10;
    double gap_factor = 3.0;  // a time step longer than this many sampling intervals
};

// What the audit did with a column, by role, type and cardinality.
enum class ColumnKind { sensor, control, count, manual, discrete, categorical, timestamp };

std::string_view column_kind_name(ColumnKind kind);

struct ColumnAudit {
    std::string name;
    std::string unit;
    Role role = Role::none;
    ColumnType type = ColumnType::numeric;
    ColumnKind kind = ColumnKind::sensor;

    // Missing cells are expected (manual checks, a sparse source aligned onto the rows)
    // and cost no score.
    bool sparse = false;

    std::size_t n = 0;  // non-missing audited cells
    double missing_fraction = 0.0;
    // Timestamp columns: dates that mean "valid until further notice" (9999-12-31 and the
    // like, timestamp_parser.h). Kept by the importer and shown here; they cost no score.
    std::size_t open_end_rows = 0;

    bool flatline_checked = false;
    std::size_t flatline_min_run = 0;  // samples a repeat must last to count as stuck
    double flatline_fraction = 0.0;    // stuck cells / audited rows
    double flatline_duration_s = 0.0;  // sum over stretches of (end - start); NaN without time
    std::size_t flatline_rows = 0;
    std::vector<TimeRange> flatline_ranges;

    std::size_t outlier_count = 0;
    double outlier_fraction = 0.0;  // outlier cells / audited rows
    std::string outlier_rule;       // "local median +- 5 MAD (31 samples)", "" if not checked

    // Over non-missing audited cells; NaN for categorical and timestamp columns.
    double min = 0.0, max = 0.0, p01 = 0.0, p99 = 0.0, mean = 0.0, std = 0.0;
};

struct Gap {
    double start_s = 0.0;  // last timestamp before the gap
    double end_s = 0.0;    // first timestamp after it
    double duration_s = 0.0;
    std::size_t row = 0;  // table row right after the gap
};

struct EnvelopeLevel {
    std::string level;
    std::size_t rows = 0;
    double fraction = 0.0;
};

// Where the controls were operated: numeric ones as a range, material as its grades.
struct EnvelopeEntry {
    Role role = Role::none;
    std::string column;
    std::string unit;
    double min = 0.0, max = 0.0, p01 = 0.0, p99 = 0.0, median = 0.0;
    bool categorical = false;
    std::vector<EnvelopeLevel> levels;  // categorical controls only
};

struct AuditPenalty {
    std::string category;  // missing, flatline, outliers, gaps, duplicates, non_monotonic, rejected
    std::string column;    // "" for table-wide findings
    double points = 0.0;   // what it cost, > 0
    std::string reason;    // a sentence ending "(-4)"
};

struct AuditReport {
    std::string table;
    std::string condition;       // the condition name when a mask was applied
    std::size_t table_rows = 0;  // rows in the table
    std::size_t rows = 0;        // rows audited (after the mask)
    std::size_t rows_rejected = 0;

    bool has_time = false;
    double start_s = 0.0, end_s = 0.0;  // NaN without a time axis
    double sampling_interval_s = 0.0;   // median positive step; NaN when unknown
    std::vector<Gap> gaps;
    double gap_total_s = 0.0;
    std::size_t duplicate_timestamps = 0;      // rows whose timestamp an earlier row already had
    std::size_t non_monotonic_timestamps = 0;  // rows earlier than the row before

    std::vector<ColumnAudit> columns;

    std::string envelope_basis;  // "running rows" or "all rows"
    std::size_t envelope_rows = 0;
    std::vector<EnvelopeEntry> envelope;

    double score = 100.0;
    std::vector<AuditPenalty> penalties;  // largest first

    std::vector<std::string> reasons() const;
};

// Throws UsageError when the row mask does not have one entry per table row.
AuditReport audit_table(const Table& table, const AuditOptions& options);

// The PRODUCT.md `audit` keys (columns, gaps, duplicate_timestamps, score) plus rows,
// sampling_interval_s, reasons, penalties, envelope, non_monotonic_timestamps,
// flatline_ranges and time_range. Times are ISO 8601 UTC strings ("2026-03-29T01:00:00Z");
// non-finite numbers are written as null.
nlohmann::json audit_to_json(const AuditReport& report);

}  // namespace twinbench
