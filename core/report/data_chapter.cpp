// The data chapter: where the numbers come from (sources, files, time ranges, rows imported
// and rejected), how clean they are (audit score and its main findings) and where the
// plant was operated (envelope), with an overview chart of the main process signals.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "common/time_format.h"
#include "common/utf8_path.h"
#include "data/audit.h"
#include "report/number_format.h"
#include "report/report_builder.h"

namespace twinbench::report {
namespace {

struct FileRow {
    std::string source;
    std::string file;
    double imported = 0.0;
    double rejected = 0.0;
    std::string encoding;
};

std::vector<FileRow> file_rows(const Project& project, const DatasetInfo& dataset) {
    std::vector<FileRow> rows;
    for (const SourceFileRecord& f : project.source_files(dataset.id))
        rows.push_back({f.source_name, utf8_path_string(path_from_utf8(f.path).filename()),
                        static_cast<double>(f.rows_imported), static_cast<double>(f.rows_rejected), f.encoding});
    return rows;
}

std::string local_time(double utc_s, const std::string& zone) {
    if (!std::isfinite(utc_s)) return "\xE2\x80\x93";
    // Whole minutes read better without ":00" seconds ("2026-02-16 00:00 CET").
    std::string s = format_local(utc_s, zone);
    if (s.size() > 19 && s.compare(16, 3, ":00") == 0) s.erase(16, 3);
    return s;
}

std::pair<double, double> time_range(const std::vector<double>& t) {
    double lo = NAN, hi = NAN;
    for (const double v : t) {
        if (!std::isfinite(v)) continue;
        lo = std::isfinite(lo) ? std::min(lo, v) : v;
        hi = std::isfinite(hi) ? std::max(hi, v) : v;
    }
    return {lo, hi};
}

// Means over buckets of whole hours, at most ~1,500 per series: enough for a page-wide
// chart of months of data, and the same values go to the spreadsheet.
ChartSeries bucket_means(const Table& table, const Column& column, int color) {
    ChartSeries s{column.name, SeriesKind::line, {}, {}, {}, color};
    const auto [lo, hi] = time_range(table.time_s);
    if (!std::isfinite(lo) || column.type != ColumnType::numeric) return s;
    const double bucket_s = 3600.0 * std::max(1.0, std::ceil((hi - lo) / 1500.0 / 3600.0));
    const double origin = std::floor(lo / 3600.0) * 3600.0;
    const auto n = static_cast<std::size_t>((hi - origin) / bucket_s) + 1;
    std::vector<double> sum(n, 0.0), count(n, 0.0);
    for (std::size_t r = 0; r < table.time_s.size() && r < column.values.size(); ++r) {
        const double t = table.time_s[r], v = column.values[r];
        if (!std::isfinite(t) || !std::isfinite(v)) continue;
        const auto b = static_cast<std::size_t>((t - origin) / bucket_s);
        sum[b] += v;
        count[b] += 1.0;
    }
    for (std::size_t b = 0; b < n; ++b) {
        s.x.push_back(origin + (static_cast<double>(b) + 0.5) * bucket_s);
        s.y.push_back(count[b] > 0 ? sum[b] / count[b] : NAN);  // a gap stays a gap
    }
    return s;
}

std::optional<Chart> overview_chart(const Table& table, const std::string& zone, Role main,
                                    Role companion, const std::string& title,
                                    const std::string& y_label) {
    const Column* m = table.find_role(main);
    if (m == nullptr || !table.has_time()) return std::nullopt;
    Chart c;
    c.title = title;
    c.x = {"Time", "", true, zone};
    c.y = {y_label, m->unit, false, ""};
    c.series.push_back(bucket_means(table, *m, 0));
    const Column* comp = companion == Role::none ? nullptr : table.find_role(companion);
    if (comp != nullptr && comp->unit == m->unit) c.series.push_back(bucket_means(table, *comp, 1));
    const double bucket_h =
        c.series[0].x.size() > 1 ? (c.series[0].x[1] - c.series[0].x[0]) / 3600.0 : 1.0;
    for (auto& s : c.series) s.name += fmt::format(" ({} h mean)", format_significant(bucket_h, 2));
    c.caption =
        fmt::format("{} over the whole dataset, averaged over {} h; gaps in the data stay gaps.",
                    title, format_significant(bucket_h, 2));
    c.export_series = true;
    return c;
}

}  // namespace

void append_data_chapter(ReportDocument& document, const std::string& chapter,
                         const Project& project, const DatasetInfo& dataset) {
    const Table table = project.read_dataset(dataset);
    Section sec{chapter, "Data", 1, "data", {}};
    const auto [start, end] = time_range(table.time_s);
    const double total = static_cast<double>(dataset.rows_imported + dataset.rows_rejected);

    KeyValueTable summary{"Dataset", {}};
    summary.rows.push_back({"Dataset", dataset.name});
    summary.rows.push_back({"Time zone", dataset.time_zone.empty() ? "UTC" : dataset.time_zone});
    if (std::isfinite(start)) {
        summary.rows.push_back({"First row", local_time(start, dataset.time_zone)});
        summary.rows.push_back({"Last row", local_time(end, dataset.time_zone)});
    }
    summary.rows.push_back(
        {"Rows imported", count_cell(static_cast<double>(dataset.rows_imported))});
    summary.rows.push_back(
        {"Rows rejected", count_cell(static_cast<double>(dataset.rows_rejected))});
    if (total > 0)
        summary.rows.push_back(
            {"Share rejected",
             // Two significant digits: a handful of bad rows in 100,000 is not "0.00 %".
             Cell(
                 format_significant(100.0 * static_cast<double>(dataset.rows_rejected) / total, 2) +
                     " %",
                 static_cast<double>(dataset.rows_rejected) / total)});
    sec.blocks.push_back(std::move(summary));

    DataTable sources;
    sources.caption = "Sources";
    sources.header = {"Source", "Files", "Rows", "From", "To"};
    for (std::size_t i = 0; i < dataset.sources.size(); ++i) {
        const auto& src = dataset.sources[i];
        std::pair<double, double> range{NAN, NAN};
        if (i == 0)
            range = time_range(table.time_s);
        else if (src.has_time)
            range = time_range(project.read_source(src.id).time_s);
        std::string files;
        for (const auto& f : src.files)
            files += (files.empty() ? "" : ", ") + utf8_path_string(path_from_utf8(f).filename());
        sources.rows.push_back({src.name, files, count_cell(static_cast<double>(src.rows)),
                                local_time(range.first, dataset.time_zone),
                                local_time(range.second, dataset.time_zone)});
    }
    sec.blocks.push_back(std::move(sources));

    DataTable files;
    files.caption = "Files";
    files.header = {"File", "Source", "Encoding", "Rows imported", "Rows rejected"};
    for (const auto& f : file_rows(project, dataset))
        files.rows.push_back(
            {f.file, f.source, f.encoding, count_cell(f.imported), count_cell(f.rejected)});
    sec.blocks.push_back(std::move(files));

    AuditOptions options;
    options.rows_rejected = dataset.rows_rejected;
    options.running_label = dataset.running_state;
    const auto audit = audit_table(table, options);
    Section quality{chapter + ".1", "Data quality", 2, "data-quality", {}};
    KeyValueTable score{"Audit", {}};
    score.rows.push_back({"Audit score (0-100)", fixed_cell(audit.score, 1)});
    if (std::isfinite(audit.sampling_interval_s))
        score.rows.push_back({"Sampling interval",
                              Cell(format_significant(audit.sampling_interval_s / 60.0, 3) + " min",
                                   audit.sampling_interval_s / 60.0)});
    score.rows.push_back({"Gaps", count_cell(static_cast<double>(audit.gaps.size()))});
    score.rows.push_back(
        {"Duplicate timestamps", count_cell(static_cast<double>(audit.duplicate_timestamps))});
    quality.blocks.push_back(std::move(score));
    if (!audit.penalties.empty()) {
        DataTable findings;
        findings.caption = "Main findings (largest first)";
        findings.header = {"Finding", "Column", "Points lost"};
        const std::size_t shown = std::min<std::size_t>(audit.penalties.size(), 8);
        for (std::size_t i = 0; i < shown; ++i) {
            const auto& p = audit.penalties[i];
            findings.rows.push_back({p.reason, p.column, fixed_cell(p.points, 1)});
        }
        quality.blocks.push_back(std::move(findings));
        if (audit.penalties.size() > shown)
            quality.blocks.push_back(Paragraph{
                fmt::format("{} smaller findings are not listed; `twinbench-cli audit` lists all.",
                            audit.penalties.size() - shown),
                ParagraphStyle::note});
    } else {
        quality.blocks.push_back(Paragraph{"The audit found nothing that costs score points."});
    }

    Section envelope{chapter + ".2", "Operating envelope", 2, "envelope", {}};
    envelope.blocks.push_back(
        Paragraph{fmt::format("Where the controls were operated ({}, {} rows). Model predictions "
                              "outside these ranges are "
                              "extrapolations.",
                              audit.envelope_basis.empty() ? "all rows" : audit.envelope_basis,
                              format_count(static_cast<double>(audit.envelope_rows)))});
    DataTable ranges;
    ranges.header = {"Control", "Column", "Unit", "P1", "Median", "P99"};
    for (const auto& e : audit.envelope) {
        if (e.categorical) {
            std::string levels;
            for (const auto& l : e.levels)
                levels += fmt::format("{}{} ({})", levels.empty() ? "" : ", ", l.level,
                                      format_percent(l.fraction, 0));
            ranges.rows.push_back({std::string(role_name(e.role)), e.column, "", levels, "", ""});
        } else {
            const int d = decimals_for(std::max(std::abs(e.p01), std::abs(e.p99)), 3);
            ranges.rows.push_back({std::string(role_name(e.role)), e.column, e.unit,
                                   fixed_cell(e.p01, d), fixed_cell(e.median, d),
                                   fixed_cell(e.p99, d)});
        }
    }
    if (!ranges.rows.empty()) envelope.blocks.push_back(std::move(ranges));

    if (auto c = overview_chart(table, dataset.time_zone, Role::furnace_temp, Role::setpoint,
                                "Furnace temperature and setpoint", "Temperature"))
        sec.blocks.push_back(std::move(*c));
    if (auto c = overview_chart(table, dataset.time_zone, Role::speed, Role::none, "Line speed",
                                "Line speed"))
        sec.blocks.push_back(std::move(*c));

    document.sections.push_back(std::move(sec));
    document.sections.push_back(std::move(quality));
    document.sections.push_back(std::move(envelope));
}

}  // namespace twinbench::report
