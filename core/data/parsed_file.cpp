#include "data/parsed_file.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/cell_parsing.h"
#include "data/column_inference.h"
#include "data/column_number_formats.h"
#include "data/column_plan.h"
#include "data/csv_dialect.h"
#include "data/csv_reader.h"
#include "data/number_format.h"
#include "data/text_decoding.h"

namespace twinbench {
namespace {

constexpr std::size_t max_raw_length = 1000;

std::string cut(std::string_view s, std::size_t limit = max_raw_length) {
    std::string out(s.substr(0, limit));
    for (auto& c : out)
        if (c == '\0') c = ' ';
    return out;
}

std::string line_list(const std::vector<SkippedLine>& lines) {
    const auto first = lines.front().line, last = lines.back().line;
    if (lines.size() == 1) return fmt::format("line {}", first);
    if (last - first + 1 == static_cast<std::int64_t>(lines.size())) return fmt::format("lines {}-{}", first, last);
    return fmt::format("{} lines between {} and {}", lines.size(), first, last);
}

class FileParser {
  public:
    FileParser(DecodedText decoded, std::string file, const ParseOptions& options)
        : decoded_(std::move(decoded)), file_(std::move(file)), options_(options) {}

    ParsedFile run();

  private:
    void read_header();
    void infer_types();
    void decide_number_formats(const std::vector<std::vector<std::string>>& samples,
                               const std::vector<std::int64_t>& sample_lines);
    void rescan_decimal_evidence(const std::vector<std::size_t>& columns,
                                 std::vector<DecimalMarkTally>& tallies, std::uint8_t allowed) const;
    std::optional<TimestampFormatGuess> redetect_over_whole_file(std::size_t column) const;
    template <typename OnRecord, typename Done>
    void for_each_data_record(OnRecord&& on_record, Done&& done) const;
    // One full pass over the data rows; returns the columns to demote (empty = done).
    std::vector<std::size_t> parse_rows();
    void add_pass_notes();
    void finish_time_axis();
    void check_progress(std::size_t position);
    bool width_ok(const CsvRecord& record) const {
        const std::size_t n = record.fields.size(), columns = plans_.size();
        if (n == columns) return true;
        // A trailing delimiter adds one empty field; tolerate it.
        if (n == columns + 1 && trim_cell(record.fields.back()).empty()) return true;
        return short_rows_ok_ && n >= 1 && n < columns;
    }
    // A field the row left out (header wider than the rows) is a missing value.
    static std::string_view cell_of(const CsvRecord& record, std::size_t column) {
        return column < record.fields.size() ? trim_cell(record.fields[column]) : std::string_view{};
    }
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
    bool short_rows_ok_ = false;
    std::size_t data_position_ = 0;
    std::int64_t data_line_ = 1;
    std::int64_t time_index_ = -1;
    // Per timestamp column and row: 1 when the cell carried a UTC offset. Cells without
    // one hold naive local seconds until finish_time_axis() resolves them.
    std::vector<std::vector<std::uint8_t>> has_offset_;
    std::size_t records_since_progress_ = 0;
    std::size_t expected_rows_ = 0;  // estimated by infer_types(); 0 = unknown
    // Counted by the last pass over the rows, for its notes.
    std::size_t spreadsheet_errors_ = 0;
    std::size_t short_rows_ = 0;
    std::vector<std::uint8_t> grouping_used_;   // per column, separators that grouped thousands
    std::vector<std::size_t> open_ends_;        // per column, "valid until further notice" dates kept
    std::vector<std::size_t> empty_dates_;      // per column, placeholder dates read as missing
};

ParsedFile FileParser::run() {
    const std::string_view text = decoded_.view();
    if (text.find_first_not_of(" \t\r\n\f") == std::string_view::npos)
        fail(1, 1, "file holds only blank space; nothing to import");
    const auto& overrides = options_.overrides;
    result_.info.file = file_;
    result_.info.encoding = decoded_.encoding;
    result_.info.gzip = decoded_.gzip;
    result_.info.given = overrides.given();
    if (decoded_.bom_missing)
        result_.notes.push_back(
            {file_,
             decoded_.encoding + " without a byte-order mark, recognised from its NUL bytes"});
    dialect_ = sniff_dialect(text, {overrides.delimiter, overrides.header_line});
    if (dialect_.skipped_line_like_data > 0)
        fail(dialect_.skipped_line_like_data, 1,
             fmt::format("this line comes before the table (which starts on line {}) but reads like a data "
                         "row, so skipping it would lose the row; if the header is on another line, say which "
                         "with --header-line N (0 = no header)",
                         dialect_.first_table_line));
    result_.info.delimiter = dialect_.delimiter;
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
    add_pass_notes();
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
    while (true) {
        position = reader.position();
        if (!reader.next(record)) {
            if (options_.overrides.header_line)
                fail(reader.line(), 1,
                     fmt::format("--header-line {}: the file has no table from that line on",
                                 *options_.overrides.header_line));
            fail(1, 1, "file has no table (no line with fields)");
        }
        if (record.line >= dialect_.first_table_line && !record.blank()) break;
        if (!record.blank()) result_.skipped.push_back({file_, record.line, cut(record.raw)});
    }
    if (!result_.skipped.empty())
        result_.notes.push_back(
            {file_, fmt::format("skipped {} line(s) before the table (export preamble, {}); their text is kept "
                                "with the import",
                                result_.skipped.size(), line_list(result_.skipped))});

    std::vector<std::string> headers;
    const std::size_t width = dialect_.field_count;
    if (dialect_.has_header) {
        for (const auto f : record.fields) headers.emplace_back(trim_cell(f));
        // A trailing delimiter on the header line gives an empty last name: drop it (and
        // any empty names a wide header ends with).
        if (headers.size() > 1 && headers.back().empty() && headers.size() == width) headers.pop_back();
        while (headers.size() > width && headers.back().empty()) headers.pop_back();
        // A header line the engineer named may be narrower than the rows.
        if (options_.overrides.header_line && headers.size() < width) headers.resize(width);
        result_.info.header_line = record.line;
        data_position_ = reader.position();
        data_line_ = reader.line();
        short_rows_ok_ = dialect_.rows_drop_trailing_fields && headers.size() > width;
    } else {
        for (std::size_t i = 0; i < std::max(width, std::size_t{1}); ++i)
            headers.push_back("column_" + std::to_string(i + 1));
        result_.info.header_line = 0;
        data_position_ = position;
        data_line_ = record.line;
        result_.notes.push_back({file_,
                                 "the first line holds data, not column names; columns are called "
                                 "column_1, column_2, ..."});
    }
    result_.info.rows_drop_trailing_fields = short_rows_ok_;
    plans_ = plan_columns(headers, file_, result_.notes);
}

void FileParser::infer_types() {
    // Enough rows to see the data, bounded in cells so a 10,000-column file stays cheap.
    const std::size_t sample_rows =
        std::clamp<std::size_t>(400000 / std::max<std::size_t>(plans_.size(), 1), 50, 5000);
    std::vector<std::vector<std::string>> samples(plans_.size());
    std::vector<std::int64_t> sample_lines;
    CsvReader reader(decoded_.view(), dialect_.delimiter);
    reader.rewind_to(data_position_, data_line_);
    CsvRecord record;
    std::size_t rows = 0;
    while (rows < sample_rows && reader.next(record)) {
        if (record.blank() || record.unterminated_quote || record.has_nul || !width_ok(record)) continue;
        for (std::size_t c = 0; c < plans_.size(); ++c) samples[c].emplace_back(cell_of(record, c));
        sample_lines.push_back(record.line);
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
    decide_number_formats(samples, sample_lines);
    for (std::size_t c = 0; c < plans_.size(); ++c) {
        const auto inferred = infer_column_type(samples[c], plans_[c].name.name, plans_[c].number_format);
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

// Each column's decimal mark from its own cells, else from the file's other columns, else
// (a column of "1.234"s and nothing to tell) the engineer is asked. Never a vote.
void FileParser::decide_number_formats(const std::vector<std::vector<std::string>>& samples,
                                       const std::vector<std::int64_t>& sample_lines) {
    std::vector<std::string> names;
    for (const auto& plan : plans_) names.push_back(plan.name.name);
    const std::uint8_t allowed = options_.overrides.thousands.value_or(all_thousands_separators);
    const auto chosen = choose_number_formats(
        samples, sample_lines, names, options_.overrides,
        [&](const std::vector<std::size_t>& columns, std::vector<DecimalMarkTally>& tallies) {
            rescan_decimal_evidence(columns, tallies, allowed);
        });
    for (std::size_t c = 0; c < plans_.size(); ++c) plans_[c].number_format = chosen.formats[c];
    result_.info.decimal_mark = chosen.file_mark;
    if (!chosen.mixed_note.empty()) result_.notes.push_back({file_, chosen.mixed_note});
    if (chosen.ambiguous.empty()) return;
    if (!options_.allow_ambiguous_numbers) throw UsageError(ambiguous_numbers_message(file_, chosen.ambiguous));
    result_.ambiguous_numbers = chosen.ambiguous;
    for (const auto& a : chosen.ambiguous)
        result_.notes.push_back(
            {file_, fmt::format("column '{}': numbers such as '{}' (line {}) read two ways; say which decimal mark "
                                "the file uses",
                                a.column, a.example, a.line)});
}

// One more pass over the data rows before parsing starts (evidence the first rows did not
// give): each usable record to `on_record`; every 16384 records the decoded text before
// the reader is released, the pass stays cancellable (fraction 0: the parse pass reports
// the file's progress from its start) and `done()` may end it early.
template <typename OnRecord, typename Done>
void FileParser::for_each_data_record(OnRecord&& on_record, Done&& done) const {
    CsvReader reader(decoded_.view(), dialect_.delimiter);
    reader.rewind_to(data_position_, data_line_);
    CsvRecord record;
    std::size_t records = 0;
    while (reader.next(record)) {
        if (++records % 16384 == 0) {
            decoded_.release_before(reader.position());
            if (options_.progress && !options_.progress(0.0, file_)) throw Cancelled();
            if (done()) return;
        }
        if (record.blank() || record.unterminated_quote || !width_ok(record)) continue;
        on_record(record);
    }
}

void FileParser::rescan_decimal_evidence(const std::vector<std::size_t>& columns,
                                         std::vector<DecimalMarkTally>& tallies, std::uint8_t allowed) const {
    for (const auto c : columns) tallies[c] = DecimalMarkTally(allowed);
    for_each_data_record(
        [&](const CsvRecord& record) {
            for (const auto c : columns) {
                const auto cell = cell_of(record, c);
                if (!is_missing_token(cell)) tallies[c].add(cell, record.line);
            }
        },
        // Every column has decided: the rest of the file cannot undo that.
        [&] {
            return std::all_of(columns.begin(), columns.end(), [&](std::size_t c) {
                const auto e = tallies[c].evidence();
                return e == DecimalEvidence::point || e == DecimalEvidence::comma;
            });
        });
}

std::optional<TimestampFormatGuess> FileParser::redetect_over_whole_file(std::size_t column) const {
    // Tallied cell by cell: holding the column's cells as strings would cost more memory
    // than the parsed file itself.
    TimestampFormatTally tally;
    for_each_data_record([&](const CsvRecord& record) { tally.add(cell_of(record, column)); }, [] { return false; });
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
    spreadsheet_errors_ = 0;
    short_rows_ = 0;
    grouping_used_.assign(ncols, 0);
    open_ends_.assign(ncols, 0);
    empty_dates_.assign(ncols, 0);

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

    // A row is parsed into these first and only stored when every cell is usable.
    std::vector<double> row_values(ncols);
    std::vector<std::int32_t> row_codes(ncols);
    std::vector<std::uint8_t> row_offsets(ncols, 0);
    // Placeholder dates of the row (rare): counted only once the row is stored.
    std::vector<PlaceholderDate> row_placeholders;
    std::vector<std::size_t> row_placeholder_columns;
    std::size_t row_spreadsheet_errors = 0;

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
        if (!width_ok(record)) {
            reject(fmt::format("expected {} fields, found {}", ncols, record.fields.size()));
            continue;
        }
        ++present_rows;
        row_spreadsheet_errors = 0;
        row_placeholders.clear();
        row_placeholder_columns.clear();
        std::string problem;
        for (std::size_t c = 0; c < ncols && problem.empty(); ++c) {
            const auto cell = cell_of(record, c);
            const auto& plan = plans_[c];
            auto& column = table.columns[c];
            row_values[c] = missing_value;
            row_codes[c] = missing_code;
            if (plan.type == ColumnType::categorical) {
                if (!is_missing_token(cell))
                    row_codes[c] = level_index[c].code(cell, column.levels);
                else
                    row_spreadsheet_errors += is_spreadsheet_error(cell);
                continue;
            }
            if (is_missing_token(cell)) {
                if (plan.is_time_axis)
                    problem = fmt::format("column '{}': no timestamp", column.name);
                row_spreadsheet_errors += is_spreadsheet_error(cell);
                continue;
            }
            switch (plan.type) {
                case ColumnType::numeric: {
                    const auto number = parse_number(cell, plan.number_format);
                    if (number.status == NumberStatus::ok) {
                        row_values[c] = number.value;
                        grouping_used_[c] |= number.grouping_used;
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
                    const auto number = parse_number(cell, plan.number_format);
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
                        break;
                    }
                    const auto placeholder = placeholder_date(parsed->seconds);
                    if (placeholder != PlaceholderDate::none && plan.is_time_axis) {
                        // A row needs a real time to be placed; the marker says there is none.
                        problem = fmt::format(
                            "column '{}': '{}' is {}, not a time the row can be placed at", column.name,
                            cut(cell, 40),
                            placeholder == PlaceholderDate::open_end
                                ? "an open-end date (valid until further notice)"
                                : "a placeholder for an empty date (such as Excel's day zero)");
                    } else {
                        if (placeholder != PlaceholderDate::none) {
                            row_placeholders.push_back(placeholder);
                            row_placeholder_columns.push_back(c);
                        }
                        // An empty date is no date: a missing value.
                        if (placeholder != PlaceholderDate::empty_date) {
                            row_values[c] = parsed->seconds;
                            row_offsets[c] = parsed->has_offset ? 1 : 0;
                        }
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
        for (std::size_t k = 0; k < row_placeholders.size(); ++k)
            ++(row_placeholders[k] == PlaceholderDate::open_end ? open_ends_ : empty_dates_)[row_placeholder_columns[k]];
        spreadsheet_errors_ += row_spreadsheet_errors;
        short_rows_ += record.fields.size() < ncols;
        if (options_.keep_row_lines) result_.row_lines.push_back(record.line);
        if (max_rows > 0 && table.columns.front().size() >= max_rows) break;
    }

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

void FileParser::add_pass_notes() {
    if (spreadsheet_errors_ > 0)
        result_.notes.push_back(
            {file_,
             fmt::format("{} cells hold spreadsheet error values (#DIV/0!, #WERT!, #N/A...); "
                         "they are read as missing values",
                         spreadsheet_errors_)});
    if (short_rows_ > 0)
        result_.notes.push_back(
            {file_, fmt::format("the header on line {} has {} fields but the export leaves out empty trailing "
                                "fields: {} rows are shorter, their missing fields read as missing values",
                                result_.info.header_line, plans_.size(), short_rows_)});
    std::uint8_t grouping = 0;
    for (std::size_t c = 0; c < plans_.size(); ++c) {
        if (plans_[c].type == ColumnType::numeric) grouping |= grouping_used_[c];
        if (open_ends_[c] > 0)
            result_.notes.push_back(
                {file_, fmt::format("column '{}': {} dates are open ends (such as 9999-12-31: valid until further "
                                    "notice); kept as written",
                                    plans_[c].name.name, open_ends_[c])});
        if (empty_dates_[c] > 0)
            result_.notes.push_back(
                {file_, fmt::format("column '{}': {} dates are placeholders for an empty date (such as Excel's "
                                    "day zero, 1899-12-30); read as missing values",
                                    plans_[c].name.name, empty_dates_[c])});
    }
    result_.info.thousands = thousands_separator_names(grouping);
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
    check_overrides(options.overrides);
    FileParser parser(std::move(decoded), file_name, options);
    return parser.run();
}

ParsedFile parse_file(const std::filesystem::path& path, const ParseOptions& options) {
    check_overrides(options.overrides);
    return parse_decoded_text(read_text_file(path, options.progress, options.overrides.encoding),
                              utf8_path_string(path), options);
}

}  // namespace twinbench
