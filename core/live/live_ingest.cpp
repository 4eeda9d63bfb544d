#include "live/live_ingest.h"

#include <algorithm>
#include <cmath>

#include <date/date.h>
#include <fmt/format.h>

#include "common/error.h"
#include "data/cell_parsing.h"
#include "data/number_format.h"
#include "data/project.h"

namespace twinbench {
namespace {

// Formats tried, in order, for a time text whose source could not tell its format.
constexpr TimestampFormat fallback_formats[] = {
    TimestampFormat::iso8601,  TimestampFormat::dmy_dot,      TimestampFormat::ymd_slash,
    TimestampFormat::dmy_dash, TimestampFormat::dmy_slash,    TimestampFormat::mdy_slash,
    TimestampFormat::epoch_millis, TimestampFormat::epoch_seconds,
};

std::string clipped(std::string_view text, std::size_t max = 40) { return std::string(text.substr(0, max)); }

std::string iso_utc(double seconds) {
    const auto t = date::sys_seconds(std::chrono::seconds(static_cast<std::int64_t>(std::floor(seconds))));
    return date::format("%FT%TZ", t);
}

}  // namespace

LiveIngest::LiveIngest(Project& project, const std::string& dataset, const std::string& stream_name,
                       LiveIngestOptions options)
    : project_(project), stream_name_(stream_name), options_(options) {
    const DatasetInfo info = project.dataset(dataset);
    dataset_name_ = info.name;
    if (info.sources.empty())
        throw UsageError(fmt::format("dataset '{}' holds no source yet; import a file first", info.name));
    // The main source: the first with a time axis (import puts the densest first).
    const SourceInfo* main = nullptr;
    for (const auto& s : info.sources)
        if (s.has_time) {
            main = &s;
            break;
        }
    if (main == nullptr)
        throw UsageError(fmt::format("dataset '{}' has no time column: live rows need time stamps to be placed",
                                     info.name));
    appender_ = std::make_unique<SourceAppender>(project, main->id, options_.recent_rows_kept);
    try {
        local_time_ = std::make_unique<LocalTimeResolver>(info.time_zone);
    } catch (const std::invalid_argument&) {
        local_time_ = std::make_unique<LocalTimeResolver>("UTC");
    }
    const auto& columns = appender_->layout().columns;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        column_by_name_.emplace(columns[c].header, c);
        if (columns[c].name == appender_->time_column()) time_column_ = c;
    }
    // Names win over headers where one column's header is another's name.
    for (std::size_t c = 0; c < columns.size(); ++c) column_by_name_[columns[c].name] = c;
    checkpoint_key_ = fmt::format("live_checkpoint:{}:{}", info.id, stream_name_);
}

LiveIngest::~LiveIngest() = default;

std::string LiveIngest::saved_checkpoint() const { return project_.document(checkpoint_key_).value_or(""); }

double LiveIngest::usual_step_s() const {
    const auto times = appender_->recent_times().kept();
    if (times.size() < 3) return 0.0;
    const std::size_t n = std::min<std::size_t>(times.size() - 1, 1000);
    std::vector<double> steps;
    steps.reserve(n);
    for (std::size_t i = times.size() - n; i < times.size(); ++i)
        if (times[i] > times[i - 1]) steps.push_back(times[i] - times[i - 1]);
    if (steps.empty()) return 0.0;
    std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
    return steps[steps.size() / 2];
}

void LiveIngest::reject(const std::string& origin, std::int64_t line, std::string reason, const std::string& raw) {
    pending_rejects_.push_back({origin, line, std::move(reason), raw});
}

std::optional<double> LiveIngest::parse_time(std::string_view text, std::optional<TimestampFormat> hint,
                                             std::string& problem) {
    const auto cell = trim_cell(text);
    std::optional<ParsedTimestamp> parsed;
    if (hint) parsed = parse_timestamp(cell, *hint);
    for (std::size_t i = 0; !parsed && i < std::size(fallback_formats); ++i)
        parsed = parse_timestamp(cell, fallback_formats[i]);
    if (!parsed) {
        problem = fmt::format("'{}' is not a date/time", clipped(cell));
        return std::nullopt;
    }
    if (placeholder_date(parsed->seconds) != PlaceholderDate::none) {
        problem = fmt::format("'{}' is a placeholder date, not a time the row can be placed at", clipped(cell));
        return std::nullopt;
    }
    if (parsed->has_offset) return parsed->seconds;
    return local_time_->resolve(parsed->seconds).utc_seconds;
}

void LiveIngest::add(const LiveBatch& batch) {
    for (const auto& r : batch.rejected) reject(r.origin, r.line, r.reason, r.raw);
    for (const auto& note : batch.notes) pending_notes_.push_back(note);
    for (const auto& row : batch.rows) add_row(row);
    if (!pending_.empty() && oldest_pending_ == std::chrono::steady_clock::time_point{})
        oldest_pending_ = std::chrono::steady_clock::now();
}

void LiveIngest::add_row(const LiveRow& row) {
    const auto& columns = appender_->layout().columns;
    const auto& time_name = columns[time_column_].name;
    std::string problem;
    std::optional<double> time;
    if (row.time_utc_s) {
        time = row.time_utc_s;
    } else if (!row.time_text.empty()) {
        time = parse_time(row.time_text, std::nullopt, problem);
    } else {
        const LiveCell* time_cell = nullptr;
        for (const auto& cell : row.cells) {
            const auto it = column_by_name_.find(cell.column);
            if (it != column_by_name_.end() && it->second == time_column_) time_cell = &cell;
        }
        if (time_cell == nullptr || (!time_cell->number && is_missing_token(trim_cell(time_cell->text)))) {
            problem = fmt::format("column '{}': no timestamp", time_name);
        } else if (time_cell->number) {
            time = *time_cell->number;
        } else {
            time = parse_time(time_cell->text, time_cell->time_format, problem);
            if (!time) problem = fmt::format("column '{}': {}", time_name, problem);
        }
    }
    if (!time) {
        reject(row.origin, row.line, problem.empty() ? "no time stamp" : problem, row.raw);
        return;
    }

    PendingRow values;
    values.values.assign(columns.size(), missing_value);
    // Labels only where a column holds categories: 50 empty strings a row would be most of
    // the memory of 10,000 waiting rows of numbers.
    const bool any_categorical = std::any_of(columns.begin(), columns.end(), [](const Column& column) {
        return column.type == ColumnType::categorical;
    });
    values.labels.assign(any_categorical ? columns.size() : 0, std::string());
    values.values[time_column_] = *time;
    const NumberFormat number_format{row.decimal_mark, 0};
    std::size_t known = 0;
    for (const auto& cell : row.cells) {
        const auto it = column_by_name_.find(cell.column);
        if (it == column_by_name_.end()) {
            if (unknown_.insert(cell.column).second)
                pending_notes_.push_back(fmt::format(
                    "'{}' ({}) is no column of dataset '{}': its values are not stored (the columns are "
                    "those `twinbench-cli roles` lists)",
                    cell.column, row.origin, dataset_name_));
            continue;
        }
        const std::size_t c = it->second;
        if (c == time_column_) continue;
        const Column& column = columns[c];
        const auto text = trim_cell(cell.text);
        if (!cell.number && is_missing_token(text)) continue;
        ++known;
        switch (column.type) {
            case ColumnType::categorical:
                values.labels[c] = cell.number ? fmt::format("{}", *cell.number) : std::string(text);
                break;
            case ColumnType::numeric: {
                if (cell.number) {
                    values.values[c] = *cell.number;
                    break;
                }
                const auto number = parse_number(text, number_format);
                if (number.status == NumberStatus::ok)
                    values.values[c] = number.value;
                else
                    problem = number.status == NumberStatus::not_finite
                                  ? fmt::format("column '{}': '{}' is not a finite number", column.name, clipped(text))
                                  : fmt::format("column '{}': '{}' is not a number", column.name, clipped(text));
                break;
            }
            case ColumnType::boolean: {
                double v = cell.number.value_or(missing_value);
                if (!cell.number) {
                    const auto number = parse_number(text, number_format);
                    if (number.status == NumberStatus::ok)
                        v = number.value;
                    else if (const auto flag = parse_boolean_word(text))
                        v = *flag ? 1.0 : 0.0;
                }
                if (v == 0.0 || v == 1.0)
                    values.values[c] = v;
                else
                    problem = fmt::format("column '{}': '{}' is not a yes/no value", column.name,
                                          cell.number ? fmt::format("{}", *cell.number) : clipped(text));
                break;
            }
            case ColumnType::timestamp: {
                if (cell.number) {
                    values.values[c] = *cell.number;
                    break;
                }
                std::string why;
                if (const auto t = parse_time(text, cell.time_format, why))
                    values.values[c] = *t;
                else
                    problem = fmt::format("column '{}': {}", column.name, why);
                break;
            }
        }
        if (!problem.empty()) break;
    }
    if (problem.empty() && known == 0) problem = "no value for any column of the dataset";
    if (!problem.empty()) {
        reject(row.origin, row.line, problem, row.raw);
        return;
    }
    auto [slot, added] = pending_.try_emplace(*time, std::move(values));
    if (added) return;
    // The same time again before the commit: its new cells fill the missing ones.
    bool filled = false;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (std::isnan(slot->second.values[c]) && !std::isnan(values.values[c])) {
            slot->second.values[c] = values.values[c];
            filled = true;
        }
        if (!values.labels.empty() && slot->second.labels[c].empty() && !values.labels[c].empty()) {
            slot->second.labels[c] = values.labels[c];
            filled = true;
        }
    }
    if (!filled) ++pending_duplicates_;
}

bool LiveIngest::commit_due() const {
    if (pending_.size() >= options_.commit_rows) return true;
    const bool waiting = !pending_.empty() || !pending_rejects_.empty() || !pending_notes_.empty();
    return waiting && oldest_pending_ != std::chrono::steady_clock::time_point{} &&
           std::chrono::steady_clock::now() - oldest_pending_ >= options_.commit_interval;
}

void LiveIngest::commit(const std::string& checkpoint) {
    const auto& layout = appender_->layout();
    AppendedRows appended;
    Table& block = appended.rows;
    block.name = layout.name;
    block.time_s.reserve(pending_.size());
    for (const auto& [time, row] : pending_) block.time_s.push_back(time);
    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        Column column;
        column.name = layout.columns[c].name;
        column.header = layout.columns[c].header;
        column.unit = layout.columns[c].unit;
        column.type = layout.columns[c].type;
        column.role = layout.columns[c].role;
        if (column.type == ColumnType::categorical) {
            std::unordered_map<std::string, std::int32_t> codes;
            column.codes.reserve(pending_.size());
            for (const auto& [time, row] : pending_) {
                const auto& label = row.labels[c];
                if (label.empty()) {
                    column.codes.push_back(missing_code);
                    continue;
                }
                auto [it, added] = codes.emplace(label, static_cast<std::int32_t>(column.levels.size()));
                if (added) column.levels.push_back(label);
                column.codes.push_back(it->second);
            }
        } else {
            column.values.reserve(pending_.size());
            for (const auto& [time, row] : pending_) column.values.push_back(row.values[c]);
        }
        block.columns.push_back(std::move(column));
    }

    // Gaps: between the last stored time and the new rows after it.
    const double step = usual_step_s();
    double previous = appender_->recent_times().empty() ? block.time_s.empty() ? 0.0 : block.time_s.front()
                                                        : appender_->recent_times().back();
    if (step > 0.0)
        for (const double t : block.time_s) {
            if (t <= previous) continue;
            if (t - previous > 5.0 * step) appended.gaps.push_back({previous, t});
            previous = t;
        }

    Project::Transaction tx(project_);
    if (stream_record_ == 0) stream_record_ = appender_->stream_record(stream_name_, local_time_->time_zone());
    appended.merge = appender_->merge(block);
    std::size_t kept = 0;
    for (const auto& r : pending_rejects_) {
        if (rejected_kept_ + kept >= options_.rejected_rows_kept) break;
        appender_->add_rejected(stream_record_, r.line, r.origin.empty() ? r.reason : r.origin + ": " + r.reason, r.raw);
        ++kept;
    }
    for (const auto& note : pending_notes_) appender_->add_note(stream_record_, note);
    for (const auto& gap : appended.gaps)
        appender_->add_note(stream_record_,
                            fmt::format("no samples from {} to {} ({:.0f} s; the usual step is {:g} s)",
                                        iso_utc(gap.from_utc_s), iso_utc(gap.to_utc_s),
                                        gap.to_utc_s - gap.from_utc_s, step));
    const std::size_t new_rows = appended.merge.appended + appended.merge.inserted;
    appender_->count_stream(stream_record_, new_rows, pending_rejects_.size());
    project_.set_document(checkpoint_key_, checkpoint);
    tx.commit();

    rejected_kept_ += kept;
    rows_appended_ += new_rows;
    rows_rejected_ += pending_rejects_.size();
    rows_duplicate_ += pending_duplicates_ + appended.merge.duplicates;
    appended.rows_appended_total = rows_appended_;
    appended.rows_rejected_total = rows_rejected_;
    pending_.clear();
    pending_rejects_.clear();
    pending_notes_.clear();
    pending_duplicates_ = 0;
    oldest_pending_ = {};
    if (observer_ && !block.time_s.empty()) observer_(appended);
}

}  // namespace twinbench
