#include "data/parsed_file.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/cell_parsing.h"
#include "data/column_inference.h"
#include "data/csv_dialect.h"
#include "data/csv_reader.h"
#include "data/header_units.h"
#include "data/text_decoding.h"

namespace twinbench {
namespace {

constexpr std::size_t max_raw_length = 1000;
constexpr double first_plausible_year_s = -2208988800.0;  // 1900-01-01
constexpr double last_plausible_year_s = 7258118400.0;    // 2200-01-01

std::string cut(std::string_view s, std::size_t limit = max_raw_length) {
    std::string out(s.substr(0, limit));
    for (auto& c : out)
        if (c == '\0') c = ' ';
    return out;
}

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Interns categorical labels; consecutive rows usually repeat, so the last label is cached.
class LevelIndex {
  public:
    std::int32_t code(std::string_view label, std::vector<std::string>& levels) {
        if (last_code_ >= 0 && levels[static_cast<std::size_t>(last_code_)] == label)
            return last_code_;
        auto it = index_.find(label);
        if (it == index_.end()) {
            levels.emplace_back(label);
            it = index_.emplace(levels.back(), static_cast<std::int32_t>(levels.size() - 1)).first;
        }
        last_code_ = it->second;
        return last_code_;
    }

  private:
    std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> index_;
    std::int32_t last_code_ = -1;
};

struct ColumnPlan {
    NameAndUnit name;
    std::string header;
    ColumnType type = ColumnType::numeric;
    std::optional<TimestampFormat> timestamp_format;
    bool is_time_axis = false;
};

// Names must be unique and non-empty inside one table.
std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& headers,
                                     const std::string& file, std::vector<ImportNote>& notes) {
    std::vector<ColumnPlan> plans(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) {
        plans[i].header = headers[i];
        plans[i].name = split_header(headers[i]);
        if (plans[i].name.name.empty()) {
            plans[i].name.name = "column_" + std::to_string(i + 1);
            if (!headers[i].empty() || headers.size() > 1)
                notes.push_back({file, fmt::format("column {} has no name; called it '{}'", i + 1,
                                                   plans[i].name.name)});
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (plans[j].name.name != plans[i].name.name) continue;
            const std::string original = plans[i].name.name;
            for (int k = 2;; ++k) {
                const std::string candidate = fmt::format("{} ({})", original, k);
                const bool used =
                    std::any_of(plans.begin(), plans.begin() + static_cast<std::ptrdiff_t>(i),
                                [&](const ColumnPlan& p) { return p.name.name == candidate; });
                if (!used) {
                    plans[i].name.name = candidate;
                    break;
                }
            }
            notes.push_back({file, fmt::format("column {} repeats the name '{}'; called it '{}'",
                                               i + 1, original, plans[i].name.name)});
            break;
        }
    }
    return plans;
}

bool record_width_ok(const CsvRecord& record, std::size_t columns) {
    const std::size_t n = record.fields.size();
    if (n == columns) return true;
    // A trailing delimiter adds one empty field; tolerate it.
    return n == columns + 1 && trim_cell(record.fields.back()).empty();
}

class FileParser {
  public:
    FileParser(DecodedText decoded, std::string file, const ParseOptions& options)
        : decoded_(std::move(decoded)), file_(std::move(file)), options_(options) {}

    ParsedFile run();

  private:
    void read_header();
    void infer_types();
    std::optional<TimestampFormatGuess> redetect_over_whole_file(std::size_t column) const;
    // One full pass over the data rows; returns the columns to demote (empty = done).
    std::vector<std::size_t> parse_rows();
    void finish_time_axis();
    void check_progress(std::size_t position);
    [[noreturn]] void fail(std::int64_t line, std::int64_t column,
                           const std::string& reason) const {
        throw BadInputError({file_, line, column}, reason);
    }

    DecodedText decoded_;
    std::string file_;
    const ParseOptions& options_;
    ParsedFile result_;
    CsvDialect dialect_;
    std::vector<ColumnPlan> plans_;
    std::size_t data_position_ = 0;
    std::int64_t data_line_ = 1;
    std::int64_t time_index_ = -1;
    // Per timestamp column and row: 1 when the cell carried a UTC offset. Cells without
    // one hold naive local seconds until finish_time_axis() resolves them.
    std::vector<std::vector<std::uint8_t>> has_offset_;
    std::size_t records_since_progress_ = 0;
    std::size_t expected_rows_ = 0;  // estimated by infer_types(); 0 = unknown
};

ParsedFile FileParser::run() {
    const std::string_view text = decoded_.view();
    if (text.find_first_not_of(" \t\r\n\f") == std::string_view::npos)
        fail(1, 1, "file holds only blank space; nothing to import");
    result_.info.file = file_;
    result_.info.encoding = decoded_.encoding;
    result_.info.gzip = decoded_.gzip;
    if (decoded_.bom_missing)
        result_.notes.push_back(
            {file_,
             decoded_.encoding + " without a byte-order mark, recognised from its NUL bytes"});
    dialect_ = sniff_dialect(text);
    result_.info.delimiter = dialect_.delimiter;
    result_.info.decimal_mark = dialect_.decimal_mark;
    result_.info.has_header = dialect_.has_header;

    read_header();
    infer_types();
    // Each pass can only loosen types (boolean -> numeric -> categorical), so this ends.
    while (true) {
        const auto demote = parse_rows();
        if (demote.empty()) break;
        for (const auto i : demote) {
            auto& plan = plans_[i];
            const ColumnType from = plan.type;
            plan.type = from == ColumnType::boolean ? ColumnType::numeric : ColumnType::categorical;
            plan.timestamp_format.reset();
            result_.notes.push_back(
                {file_, fmt::format(
                            "column '{}' looked {} in the first rows but is {} further down; "
                            "read it as {}",
                            plan.name.name, column_type_name(from),
                            plan.type == ColumnType::numeric ? "not 0/1" : "not consistently typed",
                            column_type_name(plan.type))});
        }
    }
    finish_time_axis();

    result_.info.rows_read = result_.table.row_count();
    result_.info.rows_rejected = result_.rejected.size();
    if (result_.info.rows_read == 0) {
        if (result_.rejected.empty())
            fail(data_line_, 1,
                 "no data rows after the header; export the rows too, not only the column names");
        const auto& first = result_.rejected.front();
        fail(first.line, 1,
             fmt::format("none of the {} data rows could be read; first problem: {}",
                         result_.rejected.size(), first.reason));
    }
    return std::move(result_);
}

void FileParser::read_header() {
    CsvReader reader(decoded_.view(), dialect_.delimiter);
    CsvRecord record;
    std::size_t position = 0;
    std::int64_t skipped = 0;
    while (true) {
        position = reader.position();
        if (!reader.next(record)) fail(1, 1, "file has no table (no line with fields)");
        if (record.line >= dialect_.first_table_line && !record.blank()) break;
        skipped += record.blank() ? 0 : 1;
    }
    if (skipped > 0)
        result_.notes.push_back(
            {file_, fmt::format("skipped {} line(s) before the table (export preamble)", skipped)});

    std::vector<std::string> headers;
    if (dialect_.has_header) {
        for (const auto f : record.fields) headers.emplace_back(trim_cell(f));
        // A trailing delimiter on the header line gives an empty last name: drop it.
        if (headers.size() > 1 && headers.back().empty() && headers.size() == dialect_.field_count)
            headers.pop_back();
        result_.info.header_line = record.line;
        data_position_ = reader.position();
        data_line_ = reader.line();
    } else {
        for (std::size_t i = 0; i < record.fields.size(); ++i)
            headers.push_back("column_" + std::to_string(i + 1));
        result_.info.header_line = 0;
        data_position_ = position;
        data_line_ = record.line;
        result_.notes.push_back({file_,
                                 "the first line holds data, not column names; columns are called "
                                 "column_1, column_2, ..."});
    }
    plans_ = plan_columns(headers, file_, result_.notes);
}

void FileParser::infer_types() {
    // Enough rows to see the data, bounded in cells so a 10,000-column file stays cheap.
    const std::size_t sample_rows =
        std::clamp<std::size_t>(400000 / std::max<std::size_t>(plans_.size(), 1), 50, 5000);
    std::vector<std::vector<std::string>> samples(plans_.size());
    CsvReader reader(decoded_.view(), dialect_.delimiter);
    reader.rewind_to(data_position_, data_line_);
    CsvRecord record;
    std::size_t rows = 0;
    while (rows < sample_rows && reader.next(record)) {
        if (record.blank() || record.unterminated_quote || record.has_nul ||
            !record_width_ok(record, plans_.size()))
            continue;
        for (std::size_t c = 0; c < plans_.size(); ++c)
            samples[c].emplace_back(trim_cell(record.fields[c]));
        ++rows;
    }
    // Rows to expect, from the sample's bytes per row. Reserving them spares the doublings
    // of every column at once (a copy of all values so far, hundreds of milliseconds no
    // cancel can interrupt and twice the memory for that moment). Bounded by one byte per
    // field so an odd first sample cannot reserve much more than the file can hold.
    const std::size_t remaining = decoded_.view().size() - data_position_;
    const std::size_t sampled_bytes = reader.position() - data_position_;
    if (rows > 0 && sampled_bytes > 0) {
        const double per_row = static_cast<double>(sampled_bytes) / static_cast<double>(rows);
        const auto estimate =
            static_cast<std::size_t>(1.01 * static_cast<double>(remaining) / per_row) + 64;
        expected_rows_ =
            std::min(estimate, remaining / std::max<std::size_t>(plans_.size(), 1) + 1);
        if (options_.max_rows > 0) expected_rows_ = std::min(expected_rows_, options_.max_rows);
    }
    for (std::size_t c = 0; c < plans_.size(); ++c) {
        const auto inferred =
            infer_column_type(samples[c], plans_[c].name.name, dialect_.decimal_mark);
        plans_[c].type = inferred.type;
        if (inferred.timestamp) {
            auto guess = *inferred.timestamp;
            // The first rows of a 1-minute export cover a few days only; the whole column
            // usually tells day from month.
            if (guess.day_month_ambiguous) guess = redetect_over_whole_file(c).value_or(guess);
            plans_[c].timestamp_format = guess.format;
            if (guess.day_month_ambiguous)
                result_.notes.push_back(
                    {file_, fmt::format("column '{}': no day above 12 anywhere, so day and month "
                                        "order is assumed ({}); check the dates",
                                        plans_[c].name.name, timestamp_format_name(guess.format))});
        }
    }
    // The time axis: the requested column, else the first timestamp column.
    for (std::size_t c = 0; c < plans_.size(); ++c) {
        const bool requested =
            !options_.time_column.empty() && plans_[c].name.name == options_.time_column;
        if (requested && plans_[c].type != ColumnType::timestamp)
            throw UsageError(fmt::format("{}: column '{}' does not hold dates/times", file_,
                                         options_.time_column));
        if (requested ||
            (options_.time_column.empty() && plans_[c].type == ColumnType::timestamp)) {
            time_index_ = static_cast<std::int64_t>(c);
            plans_[c].is_time_axis = true;
            break;
        }
    }
    if (!options_.time_column.empty() && time_index_ < 0)
        throw UsageError(fmt::format("{}: no column named '{}'", file_, options_.time_column));
}

std::optional<TimestampFormatGuess> FileParser::redetect_over_whole_file(std::size_t column) const {
    // Tallied cell by cell: holding the column's cells as strings would cost more memory
    // than the parsed file itself.
    TimestampFormatTally tally;
    CsvReader reader(decoded_.view(), dialect_.delimiter);
    reader.rewind_to(data_position_, data_line_);
    CsvRecord record;
    std::size_t records = 0;
    while (reader.next(record)) {
        if (++records % 16384 == 0) {
            decoded_.release_before(reader.position());
            // A whole pass over the file before parsing starts: stay cancellable (fraction
            // 0, since the parse pass reports the file's progress from its start).
            if (options_.progress && !options_.progress(0.0, file_)) throw Cancelled();
        }
        if (record.blank() || record.unterminated_quote || !record_width_ok(record, plans_.size()))
            continue;
        tally.add(trim_cell(record.fields[column]));
    }
    return tally.result();
}

void FileParser::check_progress(std::size_t position) {
    if (++records_since_progress_ < 16384) return;
    records_since_progress_ = 0;
    decoded_.release_before(position);  // every field before it has been copied out
    if (!options_.progress) return;
    const std::size_t size = decoded_.view().size();
    const double fraction =
        size == 0 ? 1.0 : static_cast<double>(position) / static_cast<double>(size);
    if (!options_.progress(fraction, file_)) throw Cancelled();
}

std::vector<std::size_t> FileParser::parse_rows() {
    const std::size_t ncols = plans_.size();
    auto& table = result_.table;
    table = Table{};
    table.name = utf8_path_string(path_from_utf8(file_).stem());
    if (table.name.ends_with(".csv") || table.name.ends_with(".txt") ||
        table.name.ends_with(".tsv"))
        table.name = utf8_path_string(path_from_utf8(table.name).stem());
    result_.rejected.clear();
    result_.row_lines.clear();
    has_offset_.assign(ncols, {});

    table.columns.resize(ncols);
    std::vector<LevelIndex> level_index(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
        auto& column = table.columns[c];
        column.name = plans_[c].name.name;
        column.header = plans_[c].header;
        column.unit = plans_[c].name.unit;
        column.type = plans_[c].type;
        if (column.type == ColumnType::categorical)
            column.codes.reserve(expected_rows_);
        else
            column.values.reserve(expected_rows_);
        if (column.type == ColumnType::timestamp) has_offset_[c].reserve(expected_rows_);
    }
    std::vector<std::size_t> failures(ncols, 0);
    std::size_t present_rows = 0;
    std::size_t spreadsheet_errors = 0;

    // A row is parsed into these first and only stored when every cell is usable.
    std::vector<double> row_values(ncols);
    std::vector<std::int32_t> row_codes(ncols);
    std::vector<std::uint8_t> row_offsets(ncols, 0);

    CsvReader reader(decoded_.view(), dialect_.delimiter);
    reader.rewind_to(data_position_, data_line_);
    CsvRecord record;
    const std::size_t max_rows = options_.max_rows;
    while (reader.next(record)) {
        check_progress(reader.position());
        if (record.blank()) continue;
        auto reject = [&](std::string reason) {
            result_.rejected.push_back({file_, record.line, std::move(reason), cut(record.raw)});
        };
        if (record.unterminated_quote) {
            reject("a quote opened on this line is never closed");
            continue;
        }
        if (record.has_nul) {
            reject("the line contains NUL bytes (damaged export)");
            continue;
        }
        if (!record_width_ok(record, ncols)) {
            reject(fmt::format("expected {} fields, found {}", ncols, record.fields.size()));
            continue;
        }
        ++present_rows;
        std::string problem;
        for (std::size_t c = 0; c < ncols && problem.empty(); ++c) {
            const auto cell = trim_cell(record.fields[c]);
            const auto& plan = plans_[c];
            auto& column = table.columns[c];
            row_values[c] = missing_value;
            row_codes[c] = missing_code;
            if (plan.type == ColumnType::categorical) {
                if (!is_missing_token(cell))
                    row_codes[c] = level_index[c].code(cell, column.levels);
                else
                    spreadsheet_errors += is_spreadsheet_error(cell);
                continue;
            }
            if (is_missing_token(cell)) {
                if (plan.is_time_axis)
                    problem = fmt::format("column '{}': no timestamp", column.name);
                spreadsheet_errors += is_spreadsheet_error(cell);
                continue;
            }
            switch (plan.type) {
                case ColumnType::numeric: {
                    const auto number = parse_number(cell, dialect_.decimal_mark);
                    if (number.status == NumberStatus::ok) {
                        row_values[c] = number.value;
                    } else {
                        ++failures[c];
                        problem = number.status == NumberStatus::not_finite
                                      ? fmt::format("column '{}': '{}' is not a finite number",
                                                    column.name, cut(cell, 40))
                                      : fmt::format("column '{}': '{}' is not a number",
                                                    column.name, cut(cell, 40));
                    }
                    break;
                }
                case ColumnType::boolean: {
                    const auto number = parse_number(cell, dialect_.decimal_mark);
                    if (number.status == NumberStatus::ok &&
                        (number.value == 0.0 || number.value == 1.0)) {
                        row_values[c] = number.value;
                    } else if (const auto flag = parse_boolean_word(cell)) {
                        row_values[c] = *flag ? 1.0 : 0.0;
                    } else {
                        ++failures[c];
                        problem = fmt::format("column '{}': '{}' is not a yes/no value",
                                              column.name, cut(cell, 40));
                    }
                    break;
                }
                case ColumnType::timestamp: {
                    const auto parsed = parse_timestamp(cell, *plan.timestamp_format);
                    if (!parsed) {
                        ++failures[c];
                        problem = fmt::format("column '{}': '{}' is not a date/time like {}",
                                              column.name, cut(cell, 40),
                                              timestamp_format_name(*plan.timestamp_format));
                    } else if (parsed->seconds < first_plausible_year_s ||
                               parsed->seconds >= last_plausible_year_s) {
                        problem = fmt::format("column '{}': '{}' is outside the years 1900 to 2199",
                                              column.name, cut(cell, 40));
                    } else {
                        row_values[c] = parsed->seconds;
                        row_offsets[c] = parsed->has_offset ? 1 : 0;
                    }
                    break;
                }
                case ColumnType::categorical:
                    break;
            }
        }
        if (!problem.empty()) {
            reject(std::move(problem));
            continue;
        }
        for (std::size_t c = 0; c < ncols; ++c) {
            auto& column = table.columns[c];
            if (plans_[c].type == ColumnType::categorical)
                column.codes.push_back(row_codes[c]);
            else
                column.values.push_back(row_values[c]);
            if (plans_[c].type == ColumnType::timestamp) has_offset_[c].push_back(row_offsets[c]);
        }
        if (options_.keep_row_lines) result_.row_lines.push_back(record.line);
        if (max_rows > 0 && table.columns.front().size() >= max_rows) break;
    }

    std::erase_if(result_.notes, [](const ImportNote& n) {
        return n.message.find("spreadsheet error") != std::string::npos;
    });
    if (spreadsheet_errors > 0)
        result_.notes.push_back(
            {file_,
             fmt::format("{} cells hold spreadsheet error values (#DIV/0!, #WERT!, #N/A...); "
                         "they are read as missing values",
                         spreadsheet_errors)});

    // Columns that disagree with their sampled type too often are re-read with a looser
    // type instead of rejecting most of the file. The time axis never demotes: a row
    // without a readable time cannot be placed.
    std::vector<std::size_t> demote;
    for (std::size_t c = 0; c < ncols; ++c) {
        if (plans_[c].is_time_axis || failures[c] == 0) continue;
        const bool boolean = plans_[c].type == ColumnType::boolean;
        if (boolean || static_cast<double>(failures[c]) >
                           0.1 * static_cast<double>(std::max<std::size_t>(present_rows, 1)))
            demote.push_back(c);
    }
    return demote;
}

void FileParser::finish_time_axis() {
    auto& table = result_.table;
    const std::string zone = options_.time_zone.empty() ? "UTC" : options_.time_zone;
    for (std::size_t c = 0; c < plans_.size(); ++c) {
        if (plans_[c].type != ColumnType::timestamp) continue;
        auto& values = table.columns[c].values;
        const auto& offsets = has_offset_[c];
        if (std::all_of(offsets.begin(), offsets.end(), [](auto f) { return f != 0; })) continue;
        if (plans_[c].is_time_axis) {
            result_.info.time_zone = zone;
            if (const auto moved = fix_end_of_day_midnights(values); moved > 0)
                result_.notes.push_back(
                    {file_, fmt::format("{} rows stamped 00:00 follow 23:xx of the same date "
                                        "(end-of-day readings); read them as 24:00",
                                        moved)});
        }
        LocalTimeResolver resolver(zone);
        std::size_t ambiguous = 0, nonexistent = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            // Millions of local times take a while to resolve: stay cancellable.
            if (i % 65536 == 65535 && options_.progress && !options_.progress(1.0, file_))
                throw Cancelled();
            if (offsets[i] || std::isnan(values[i])) continue;
            const auto resolved = resolver.resolve(values[i]);
            values[i] = resolved.utc_seconds;
            ambiguous += resolved.status == LocalTimeStatus::ambiguous_first ||
                         resolved.status == LocalTimeStatus::ambiguous_second;
            nonexistent += resolved.status == LocalTimeStatus::nonexistent;
        }
        const auto& name = table.columns[c].name;
        if (ambiguous > 0)
            result_.notes.push_back(
                {file_, fmt::format("column '{}': {} local times fall in the hour repeated when "
                                    "clocks go back (end of DST, {}); resolved by row order",
                                    name, ambiguous, zone)});
        if (nonexistent > 0)
            result_.notes.push_back(
                {file_,
                 fmt::format("column '{}': {} local times fall in the hour skipped when "
                             "clocks go forward (start of DST, {}); moved forward by the gap",
                             name, nonexistent, zone)});
    }
    if (time_index_ < 0) {
        result_.notes.push_back(
            {file_, "no date/time column: rows are indexed by their order in the file"});
        return;
    }
    auto& time_column = table.columns[static_cast<std::size_t>(time_index_)];
    result_.info.time_column = time_column.name;
    result_.info.timestamp_format = plans_[static_cast<std::size_t>(time_index_)].timestamp_format;
    time_column.role = Role::time;
    table.time_s = time_column.values;
}

}  // namespace

ParsedFile parse_decoded_text(DecodedText decoded, const std::string& file_name,
                              const ParseOptions& options) {
    FileParser parser(std::move(decoded), file_name, options);
    return parser.run();
}

ParsedFile parse_file(const std::filesystem::path& path, const ParseOptions& options) {
    return parse_decoded_text(read_text_file(path, options.progress), utf8_path_string(path),
                              options);
}

}  // namespace twinbench
