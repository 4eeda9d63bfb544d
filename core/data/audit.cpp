// The audit's analysis: which rows are audited, the time axis (sampling interval, gaps,
// duplicate and backward timestamps), each column (missing cells, flatlines, outliers,
// statistics) and the operating envelope. Scoring is in audit_score.cpp, JSON output in
// audit_json.cpp.
#include "data/audit.h"
#include "common/missing_value.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "common/error.h"
#include "data/audit_internal.h"
#include "data/robust_stats.h"
#include "data/timestamp_parser.h"

namespace twinbench {
namespace {

// The audited rows in table order. A break marks an audited row whose predecessor in the
// table was masked out: runs and time steps must not bridge it.
struct Selection {
    std::vector<std::size_t> rows;
    std::vector<std::uint8_t> breaks;
};

Selection select_rows(const Table& table, const AuditOptions& options) {
    const std::size_t n = table.row_count();
    Selection sel;
    if (options.row_mask && options.row_mask->size() != n)
        throw UsageError("audit of '" + table.name + "': the condition mask has " +
                         std::to_string(options.row_mask->size()) + " rows, the table " +
                         std::to_string(n));
    sel.rows.reserve(n);
    sel.breaks.reserve(n);
    std::size_t previous = std::numeric_limits<std::size_t>::max();
    for (std::size_t i = 0; i < n; ++i) {
        if (options.row_mask && !(*options.row_mask)[i]) continue;
        sel.breaks.push_back(!sel.rows.empty() && previous + 1 != i);
        sel.rows.push_back(i);
        previous = i;
    }
    return sel;
}

double median_inplace(std::vector<double>& v) {
    return v.empty() ? nan : quantile_inplace(v, 0.5);
}

void audit_time(const Table& table, const Selection& sel, const AuditOptions& options,
                AuditReport& report) {
    report.has_time = table.has_time();
    report.start_s = report.end_s = report.sampling_interval_s = nan;
    if (!report.has_time) return;
    const auto& ts = table.time_s;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    double prev = nan;
    for (std::size_t k = 0; k < sel.rows.size(); ++k) {
        const double t = ts[sel.rows[k]];
        if (!std::isfinite(t)) continue;
        lo = std::min(lo, t);
        hi = std::max(hi, t);
        if (t < prev) ++report.non_monotonic_timestamps;
        prev = t;
    }
    if (lo > hi) return;
    report.start_s = lo;
    report.end_s = hi;

    // (time, row) in time order with a flag telling whether the step from the previous
    // entry is a real step of the record (not across a masked-out stretch).
    struct Stamp {
        double t;
        std::size_t row;
        bool bridge;
    };
    std::vector<Stamp> stamps;
    stamps.reserve(sel.rows.size());
    for (std::size_t k = 0; k < sel.rows.size(); ++k)
        if (std::isfinite(ts[sel.rows[k]]))
            stamps.push_back({ts[sel.rows[k]], sel.rows[k], sel.breaks[k] != 0});
    if (report.non_monotonic_timestamps > 0) {
        // Out-of-order rows (appended imports) are judged in time order; mask breaks
        // cannot be told apart there, so every step counts.
        std::stable_sort(stamps.begin(), stamps.end(),
                         [](const Stamp& a, const Stamp& b) { return a.t < b.t; });
        for (auto& s : stamps) s.bridge = false;
    }
    std::vector<double> steps;
    steps.reserve(stamps.size());
    for (std::size_t k = 1; k < stamps.size(); ++k) {
        const double d = stamps[k].t - stamps[k - 1].t;
        if (d == 0.0)
            ++report.duplicate_timestamps;
        else if (!stamps[k].bridge)
            steps.push_back(d);
    }
    report.sampling_interval_s = median_inplace(steps);
    const double interval = report.sampling_interval_s;
    if (!std::isfinite(interval)) return;
    for (std::size_t k = 1; k < stamps.size(); ++k) {
        const double d = stamps[k].t - stamps[k - 1].t;
        if (!stamps[k].bridge && d > options.gap_factor * interval) {
            report.gaps.push_back(Gap{stamps[k - 1].t, stamps[k].t, d, stamps[k].row});
            report.gap_total_s += d;
        }
    }
}

ColumnKind classify(const Column& c, std::span<const double> values) {
    if (c.type == ColumnType::categorical) return ColumnKind::categorical;
    // Entries of a sparse source spread onto the table's rows are checks, not a signal.
    if (!c.aligned_from.empty() && c.type == ColumnType::numeric) return ColumnKind::manual;
    if (c.type == ColumnType::timestamp || c.role == Role::time) return ColumnKind::timestamp;
    if (c.type == ColumnType::boolean) return ColumnKind::discrete;
    switch (c.role) {
        case Role::speed:
        case Role::setpoint:
            return ColumnKind::control;
        case Role::produced:
        case Role::scrap:
            return ColumnKind::count;
        case Role::core_temp_check:
            return ColumnKind::manual;
        case Role::defect:
        case Role::state:
        case Role::material:
            return ColumnKind::discrete;
        // Measured by a sensor whatever the cardinality: a thermocouple that shows one
        // value for the whole dataset is the worst flatline, not a code column.
        case Role::furnace_temp:
        case Role::ambient_temp:
        case Role::humidity:
        case Role::energy:
            return ColumnKind::sensor;
        default:
            break;
    }
    // Other numeric columns (factor, none) by cardinality on an even sample of at most
    // 2048 values: enough to tell a noisy measurement from a handful of codes or setpoint
    // levels, and cheap.
    std::vector<double> sample;
    const std::size_t m = values.size();
    const std::size_t stride = std::max<std::size_t>(1, m / 2048);
    for (std::size_t i = 0; i < m; i += stride) sample.push_back(values[i]);
    std::sort(sample.begin(), sample.end());
    const auto distinct =
        static_cast<double>(std::unique(sample.begin(), sample.end()) - sample.begin());
    const double needed = std::max(10.0, std::min(50.0, 0.05 * static_cast<double>(sample.size())));
    return distinct >= needed ? ColumnKind::sensor : ColumnKind::discrete;
}

void find_flatlines(const Table& table, const Selection& sel, std::span<const double> v,
                    double interval, const AuditOptions& options,
                    const std::vector<std::uint8_t>* running, ColumnAudit& col) {
    std::size_t min_run = options.flatline_min_samples;
    if (std::isfinite(interval) && interval > 0)
        min_run = std::max(
            min_run, static_cast<std::size_t>(std::ceil(options.flatline_min_s / interval - 1e-9)));
    struct Run {
        std::size_t first, last, len;
    };
    std::vector<Run> long_runs;
    // Repeat rate per block of steps; its median is the column's normal repeat rate,
    // which stuck stretches (a minority of blocks) cannot inflate.
    const std::size_t block = std::max<std::size_t>(64, 4 * min_run);
    std::vector<double> block_rates;
    std::size_t steps = 0, repeats = 0, block_steps = 0, block_repeats = 0;
    Run run{0, 0, 0};
    double value = nan;
    auto close = [&] {
        if (run.len >= min_run) long_runs.push_back(run);
    };
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (sel.breaks[k]) {  // a masked-out stretch ends any run
            close();
            run.len = 0;
            value = nan;
        }
        const double x = v[k];
        if (std::isnan(x)) continue;  // a dropout inside a stuck stretch does not unstick it
        if (run.len > 0) {
            ++steps;
            repeats += x == value;
            block_repeats += x == value;
            if (++block_steps == block) {
                block_rates.push_back(static_cast<double>(block_repeats) /
                                      static_cast<double>(block));
                block_steps = block_repeats = 0;
            }
        }
        if (run.len > 0 && x == value) {
            run.last = k;
            ++run.len;
            continue;
        }
        close();
        run = Run{k, k, 1};
        value = x;
    }
    close();
    // A signal that repeats often anyway (slow, coarsely quantised) must repeat long
    // enough to be improbable from its own repeat rate p: p^(L-1) * steps < 1 %. p is
    // capped so that a stuck stretch of a day or so is still found in such a signal.
    const double rate =
        block_rates.empty()
            ? (steps ? static_cast<double>(repeats) / static_cast<double>(steps) : 0.0)
            : median_inplace(block_rates);
    const double p = std::min(0.98, rate);
    if (p > 0 && steps > 0)
        min_run = std::max(
            min_run, static_cast<std::size_t>(
                         1 + std::ceil(std::log(0.01 / static_cast<double>(steps)) / std::log(p))));
    col.flatline_checked = true;
    col.flatline_min_run = min_run;
    col.flatline_duration_s = table.has_time() ? 0.0 : nan;
    for (const Run& r : long_runs) {
        if (r.len < min_run) continue;
        // While the line stands still many signals rightly hold one value (energy at base
        // load, wear that only grows while running): only stretches that are mostly
        // running time say the sensor is stuck.
        if (running) {
            std::size_t running_rows_in_run = 0;
            for (std::size_t k = r.first; k <= r.last; ++k)
                running_rows_in_run += (*running)[sel.rows[k]];
            if (2 * running_rows_in_run < r.last - r.first + 1) continue;
        }
        const std::size_t a = sel.rows[r.first], b = sel.rows[r.last];
        const double ta = table.has_time() ? table.time_s[a] : nan,
                     tb = table.has_time() ? table.time_s[b] : nan;
        col.flatline_ranges.push_back(TimeRange{ta, tb, a, b});
        col.flatline_rows += r.len;
        if (table.has_time()) col.flatline_duration_s += tb - ta;
    }
}

double med3(double a, double b, double c) {
    return std::max(std::min(a, b), std::min(std::max(a, b), c));
}

// Median of 9 by a 19-exchange network (N. Devillard, "Fast median search"); branch-free.
double med9(double* p) {
    auto op = [p](int a, int b) {
        const double lo = std::min(p[a], p[b]);
        p[b] = std::max(p[a], p[b]);
        p[a] = lo;
    };
    op(1, 2);
    op(4, 5);
    op(7, 8);
    op(0, 1);
    op(3, 4);
    op(6, 7);
    op(1, 2);
    op(4, 5);
    op(7, 8);
    op(0, 3);
    op(5, 8);
    op(4, 7);
    op(3, 6);
    op(1, 4);
    op(2, 5);
    op(4, 7);
    op(4, 2);
    op(6, 4);
    op(4, 2);
    return p[4];
}

// Robust level of v[lo, hi): the median of 9 medians of 3 neighbouring samples, 27
// samples spread over the window (a "remedian"). It ignores isolated spikes and runs of a
// few bad samples like the exact median does, at a tenth of the cost of nth_element on
// small windows, which would dominate the whole audit. Exact median near the ends of the
// series and around dropouts.
double window_level(std::span<const double> v, std::size_t lo, std::size_t hi,
                    std::vector<double>& scratch) {
    const std::size_t len = hi - lo;
    if (len >= 27) {
        double m[9];
        bool complete = true;
        for (std::size_t g = 0; g < 9 && complete; ++g) {
            const double a = v[lo + (3 * g) * len / 27], b = v[lo + (3 * g + 1) * len / 27],
                         c = v[lo + (3 * g + 2) * len / 27];
            complete = !std::isnan(a) && !std::isnan(b) && !std::isnan(c);
            m[g] = med3(a, b, c);
        }
        if (complete) return med9(m);
    }
    scratch.clear();
    for (std::size_t i = lo; i < hi; ++i)
        if (!std::isnan(v[i])) scratch.push_back(v[i]);
    return scratch.size() >= 3 ? quantile_inplace(scratch, 0.5) : nan;
}

// A sensor that switches between operating regimes (a gas turbine's exhaust temperature
// held at its 550 degC limit at full load, 510-546 degC at part load) leaves every sample
// of the rarer regime outside the local band of a quiet stretch, yet an engineer's normal
// regime is not an outlier. The values outside their band are grouped where they lie
// within `limit` of each other; a group is an operating regime, not counted, when it holds
// at least `regime_share` of the rows (and 10 rows) and the process stays in it: most of
// its samples lie in runs of at least 3 consecutive samples outside the band. Spikes are
// single samples and scattered noise (a band made too narrow by a stuck stretch) is
// outside it a sample here and there, so both still count.
constexpr double regime_share = 0.02;
constexpr std::size_t regime_run = 3;

struct Outside {
    double value;
    std::size_t row;
    std::size_t run = 1;  // consecutive rows outside the band this one belongs to
};

std::size_t count_outside_regimes(std::vector<Outside>& outside, std::size_t rows, double limit) {
    // Rows come in order: the runs first, then the groups by value.
    for (std::size_t a = 0; a < outside.size();) {
        std::size_t b = a + 1;
        while (b < outside.size() && outside[b].row == outside[b - 1].row + 1) ++b;
        for (std::size_t i = a; i < b; ++i) outside[i].run = b - a;
        a = b;
    }
    std::sort(outside.begin(), outside.end(), [](const Outside& x, const Outside& y) { return x.value < y.value; });
    const auto regime_rows = std::max<std::size_t>(
        10, static_cast<std::size_t>(std::ceil(regime_share * static_cast<double>(rows))));
    std::size_t count = 0;
    for (std::size_t a = 0; a < outside.size();) {
        std::size_t b = a + 1, staying = outside[a].run >= regime_run;
        for (; b < outside.size() && outside[b].value - outside[b - 1].value <= limit; ++b)
            staying += outside[b].run >= regime_run;
        const bool regime = b - a >= regime_rows && 2 * staying >= b - a;
        if (!regime) count += b - a;
        a = b;
    }
    return count;
}

// Running median at knots every half window, each over the whole window. A sample is an
// outlier when it lies farther than k sigma outside the band spanned by the two knots
// around it: the band follows drifts, and a level change between two knots leaves the
// samples on either side close to one of them.
void find_outliers_local(std::span<const double> v, double interval, double k_sigma,
                         ColumnAudit& col, std::vector<double>& scratch) {
    const std::size_t n = v.size();
    std::size_t window = 31;
    if (std::isfinite(interval) && interval > 0)
        window = std::max<std::size_t>(
            11, 2 * static_cast<std::size_t>(std::llround(900.0 / interval)) + 1);
    window = std::min(window, std::max<std::size_t>(n, 1) | 1);
    const std::size_t half = window / 2;
    const std::size_t stride = std::max<std::size_t>(1, half);
    if (n < 3) return;
    const std::size_t knots = (n - 1 + stride - 1) / stride + 1;
    std::vector<double> center(knots), level(knots);
    for (std::size_t j = 0; j < knots; ++j) {
        const std::size_t c = std::min(j * stride, n - 1);
        const std::size_t lo = c >= half ? c - half : 0, hi = std::min(n, c + half + 1);
        center[j] = static_cast<double>(c);
        level[j] = window_level(v, lo, hi, scratch);
    }
    // Windows that were all dropouts borrow their neighbour's level.
    for (std::size_t j = 1; j < knots; ++j)
        if (std::isnan(level[j])) level[j] = level[j - 1];
    for (std::size_t j = knots - 1; j-- > 0;)
        if (std::isnan(level[j])) level[j] = level[j + 1];
    if (std::isnan(level[0])) return;

    auto around = [&](std::size_t i) {
        const std::size_t j = std::min(i / stride, knots - 1);
        const std::size_t j2 = std::min(j + 1, knots - 1);
        const double w =
            j2 == j ? 0.0 : (static_cast<double>(i) - center[j]) / (center[j2] - center[j]);
        return std::pair<std::size_t, double>{j, w};
    };
    // The noise scale from at most ~16k residuals: precise to well under 1 %, and the
    // full-length selection would cost as much as the rest of the column's audit.
    const std::size_t every = std::max<std::size_t>(1, n / 16384);
    scratch.clear();
    for (std::size_t i = 0; i < n; i += every) {
        if (std::isnan(v[i])) continue;
        const auto [j, w] = around(i);
        const std::size_t j2 = std::min(j + 1, knots - 1);
        scratch.push_back(std::abs(v[i] - (level[j] + w * (level[j2] - level[j]))));
    }
    double sigma = mad_normal_scale * median_inplace(scratch);
    if (!(sigma > 0)) {
        // Quantised signals can have more than half their residuals at exactly 0.
        double sum = 0;
        for (double r : scratch) sum += r;
        sigma = scratch.empty() ? 0.0 : 1.2533 * sum / static_cast<double>(scratch.size());
    }
    col.outlier_rule = "local median +- " + std::to_string(static_cast<int>(k_sigma)) + " MAD (" +
                       std::to_string(window) + " samples)";
    if (!(sigma > 0)) return;
    const double limit = k_sigma * sigma;
    std::vector<Outside> outside;
    for (std::size_t j = 0; j < knots; ++j) {  // knot by knot: no division per sample
        const std::size_t j2 = std::min(j + 1, knots - 1);
        const auto first = static_cast<std::size_t>(center[j]);
        const std::size_t last = j2 == j ? n : static_cast<std::size_t>(center[j2]);
        const double lo = std::min(level[j], level[j2]) - limit;
        const double hi = std::max(level[j], level[j2]) + limit;
        for (std::size_t i = first; i < last; ++i)
            if (v[i] < lo || v[i] > hi) outside.push_back({v[i], i});  // NaN: no
    }
    col.outlier_count += count_outside_regimes(outside, n, limit);
}

void count_outside(std::span<const double> v, double lo, double hi, ColumnAudit& col) {
    for (double x : v)
        if (x < lo || x > hi) ++col.outlier_count;  // NaN compares false
}

void audit_column(const Table& table, const Column& c, const Selection& sel, double interval,
                  const AuditOptions& options, const std::vector<std::uint8_t>* running,
                  ColumnAudit& col, std::vector<double>& v, std::vector<double>& f,
                  std::vector<double>& scratch) {
    col.name = c.name;
    col.unit = c.unit;
    col.role = c.role;
    col.type = c.type;
    col.sparse = !c.aligned_from.empty() || c.role == Role::core_temp_check;
    col.min = col.max = col.p01 = col.p99 = col.mean = col.std = nan;
    const std::size_t rows = sel.rows.size();
    std::size_t missing = 0;
    if (c.type == ColumnType::categorical) {
        col.kind = ColumnKind::categorical;
        for (std::size_t r : sel.rows) missing += c.codes[r] == missing_code;
    } else {
        v.resize(rows);
        for (std::size_t k = 0; k < rows; ++k) v[k] = c.values[sel.rows[k]];
        copy_finite(v, f);
        missing = rows - f.size();
        col.kind = classify(c, f);
    }
    col.n = rows - missing;
    col.missing_fraction = rows ? static_cast<double>(missing) / static_cast<double>(rows) : 0.0;
    if (c.type == ColumnType::timestamp)
        col.open_end_rows = static_cast<std::size_t>(std::count_if(f.begin(), f.end(), is_open_end_utc));
    if (col.kind == ColumnKind::categorical || col.kind == ColumnKind::timestamp || f.empty())
        return;

    const Moments m = moments(f);
    col.min = m.min;
    col.max = m.max;
    col.mean = m.mean;
    col.std = m.std;
    const double probs[2] = {0.01, 0.99};
    double q[2];
    quantiles_inplace(f, probs, q);
    col.p01 = q[0];
    col.p99 = q[1];

    const double k = options.outlier_k;
    if (col.kind == ColumnKind::sensor) {
        find_flatlines(table, sel, v, interval, options, running, col);
        // Interval energy steps with the whole parts heated in each interval, a jump the
        // local noise band takes for an outlier; like counts, only gross errors count.
        if (c.role == Role::energy) {
            const double range = q[1] - q[0];
            col.outlier_rule = "beyond p01/p99 by 3x their distance";
            if (range > 0) count_outside(f, q[0] - 3 * range, q[1] + 3 * range, col);
        } else {
            find_outliers_local(v, interval, k, col, scratch);
        }
    } else if (col.kind == ColumnKind::manual) {
        const double center = quantile_inplace(f, 0.5);
        const double spread = mad(f, center);
        col.outlier_rule = "median +- " + std::to_string(static_cast<int>(k)) + " MAD";
        if (spread > 0) count_outside(f, center - k * spread, center + k * spread, col);
    } else if (col.kind == ColumnKind::control || col.kind == ColumnKind::count) {
        const double range = q[1] - q[0];
        col.outlier_rule = "beyond p01/p99 by 3x their distance";
        if (range > 0) count_outside(f, q[0] - 3 * range, q[1] + 3 * range, col);
    }
    if (rows) {
        col.flatline_fraction = static_cast<double>(col.flatline_rows) / static_cast<double>(rows);
        col.outlier_fraction = static_cast<double>(col.outlier_count) / static_cast<double>(rows);
    }
}

void audit_envelope(const Table& table, const Selection& sel, const AuditOptions& options,
                    AuditReport& report) {
    ConditionContext context;
    context.running_label = options.running_label;
    const auto running = running_rows(table, context);
    std::vector<std::size_t> basis;
    if (running)
        for (std::size_t r : sel.rows)
            if ((*running)[r]) basis.push_back(r);
    report.envelope_basis = basis.empty() ? "all rows" : "running rows";
    if (basis.empty()) basis = sel.rows;
    report.envelope_rows = basis.size();
    for (Role role : {Role::speed, Role::setpoint, Role::material}) {
        const Column* c = table.find_role(role);
        if (!c) continue;
        EnvelopeEntry e;
        e.role = role;
        e.column = c->name;
        e.unit = c->unit;
        e.min = e.max = e.p01 = e.p99 = e.median = nan;
        e.categorical = c->type == ColumnType::categorical;
        if (e.categorical) {
            std::vector<std::size_t> counts(c->levels.size(), 0);
            std::size_t total = 0;
            for (std::size_t r : basis)
                if (c->codes[r] != missing_code)
                    ++counts[static_cast<std::size_t>(c->codes[r])], ++total;
            for (std::size_t i = 0; i < counts.size(); ++i)
                if (counts[i] > 0)
                    e.levels.push_back(
                        {c->levels[i], counts[i],
                         static_cast<double>(counts[i]) / static_cast<double>(total)});
        } else {
            std::vector<double> values;
            values.reserve(basis.size());
            for (std::size_t r : basis)
                if (!std::isnan(c->values[r])) values.push_back(c->values[r]);
            const Moments m = moments(values);
            const double probs[3] = {0.01, 0.5, 0.99};
            double q[3];
            quantiles_inplace(values, probs, q);
            e.min = m.min;
            e.max = m.max;
            e.p01 = q[0];
            e.median = q[1];
            e.p99 = q[2];
        }
        report.envelope.push_back(std::move(e));
    }
}

}  // namespace

std::string_view column_kind_name(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::sensor:
            return "sensor";
        case ColumnKind::control:
            return "control";
        case ColumnKind::count:
            return "count";
        case ColumnKind::manual:
            return "manual";
        case ColumnKind::discrete:
            return "discrete";
        case ColumnKind::categorical:
            return "categorical";
        case ColumnKind::timestamp:
            return "timestamp";
    }
    return "sensor";
}

AuditReport audit_table(const Table& table, const AuditOptions& options) {
    AuditReport report;
    report.table = table.name;
    report.condition = options.row_mask ? options.condition_name : std::string{};
    report.table_rows = table.row_count();
    report.rows_rejected = options.rows_rejected;
    const Selection sel = select_rows(table, options);
    report.rows = sel.rows.size();
    audit_time(table, sel, options, report);

    ConditionContext context;
    context.running_label = options.running_label;
    const auto running = running_rows(table, context);
    std::vector<double> v, f, scratch;
    report.columns.reserve(table.columns.size());
    for (const auto& c : table.columns) {
        if (c.size() != report.table_rows)
            throw UsageError("audit of '" + table.name + "': column '" + c.name + "' has " +
                             std::to_string(c.size()) + " rows, the table " +
                             std::to_string(report.table_rows));
        ColumnAudit col;
        audit_column(table, c, sel, report.sampling_interval_s, options,
                     running ? &*running : nullptr, col, v, f, scratch);
        report.columns.push_back(std::move(col));
    }
    audit_envelope(table, sel, options, report);
    audit_detail::score(report);
    return report;
}

}  // namespace twinbench
