#include "data/csv_dialect.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "data/cell_parsing.h"
#include "data/csv_reader.h"
#include "data/number_format.h"
#include "data/timestamp_parser.h"

namespace twinbench {
namespace {

constexpr std::size_t sniff_lines = 200;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> first_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size() && lines.size() < sniff_lines) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(pos, end - pos));
        pos = end;
        if (pos < text.size() && text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
    }
    return lines;
}

bool blank(std::string_view line) {
    return trim(line).empty();
}

struct DelimiterScore {
    char delimiter;
    std::size_t modal_count = 1;
    std::size_t lines_with_modal = 0;
    std::int64_t first_modal_line = 1;
};

DelimiterScore score_delimiter(const std::vector<std::string_view>& lines, char delimiter) {
    DelimiterScore score{delimiter};
    // count -> (lines with it, first line with it)
    std::map<std::size_t, std::pair<std::size_t, std::size_t>> histogram;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (blank(lines[i])) continue;
        const auto count = count_fields(lines[i], delimiter);
        auto [it, added] = histogram.try_emplace(count, 0, i);
        ++it->second.first;
    }
    // The most frequent count wins; on a tie, the one seen first (the header's).
    std::size_t best_first = lines.size();
    for (const auto& [count, seen] : histogram) {
        const auto [lines_with, first] = seen;
        if (lines_with > score.lines_with_modal || (lines_with == score.lines_with_modal && first < best_first)) {
            score.modal_count = count;
            score.lines_with_modal = lines_with;
            best_first = first;
        }
    }
    score.first_modal_line = static_cast<std::int64_t>(best_first) + 1;
    return score;
}

DelimiterScore sniff_delimiter(const std::vector<std::string_view>& lines) {
    DelimiterScore best{','};
    for (const char candidate : {',', ';', '\t', '|'}) {
        const auto score = score_delimiter(lines, candidate);
        if (score.modal_count < 2) continue;
        // More lines agreeing wins; on a tie, more fields (a ';' file whose cells hold
        // decimal commas agrees on ';' and on ',' but ',' splits numbers apart).
        const bool better = best.modal_count < 2 || score.lines_with_modal > best.lines_with_modal ||
                            (score.lines_with_modal == best.lines_with_modal &&
                             candidate != ',' && best.delimiter == ',');
        if (better) best = score;
    }
    return best;
}

bool reads_as_number(std::string_view cell) {
    return parse_number(cell, NumberFormat::with_grouping('.')).status != NumberStatus::not_a_number ||
           parse_number(cell, NumberFormat::with_grouping(',')).status != NumberStatus::not_a_number;
}

bool reads_as_time(std::string_view cell) {
    const std::array<std::string_view, 1> one{cell};
    return detect_timestamp_format(one).has_value();
}

enum class CellKind { text, number, time };

// The lines of the sniffed part split into fields (quote-aware within a line).
class SniffedLines {
  public:
    SniffedLines(const std::vector<std::string_view>& lines, char delimiter) {
        fields_.resize(lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (blank(lines[i])) continue;
            CsvReader reader(lines[i], delimiter);
            CsvRecord record;
            if (!reader.next(record)) continue;
            for (const auto f : record.fields) fields_[i].emplace_back(trim_cell(f));
        }
        // A header (or a repeated one) below says nothing about what the columns hold.
        names_.resize(lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i) names_[i] = reads_like_names(i);
    }
    std::size_t width(std::size_t i) const { return fields_[i].size(); }

    // What the columns of the rows of `width` fields after line `after` hold (numbers,
    // times or text), from their non-missing cells (90 % of them, as for the types).
    std::vector<CellKind> column_kinds(std::size_t after, std::size_t width) const {
        std::vector<CellKind> kinds(width, CellKind::text);
        for (std::size_t c = 0; c < width; ++c) {
            std::vector<std::string_view> cells;
            for (std::size_t i = after + 1; i < fields_.size(); ++i)
                if (fields_[i].size() == width && !is_missing_token(fields_[i][c]) && !names_[i])
                    cells.push_back(fields_[i][c]);
            if (cells.empty()) continue;
            const auto numbers = static_cast<std::size_t>(std::count_if(cells.begin(), cells.end(), reads_as_number));
            if (10 * numbers >= 9 * cells.size())
                kinds[c] = CellKind::number;
            else if (detect_timestamp_format(cells))
                kinds[c] = CellKind::time;
        }
        return kinds;
    }

    // A line reads like a data row when, in the columns where the rows hold numbers or
    // times, it holds numbers or times too (or nothing) and at least one of them. Without
    // such columns: when every non-empty cell is a number or a time (header names are not).
    bool reads_like_data(std::size_t i, const std::vector<CellKind>& kinds) const {
        const auto& cells = fields_[i];
        const bool typed = std::any_of(kinds.begin(), kinds.end(), [](CellKind k) { return k != CellKind::text; });
        std::size_t checked = 0, non_empty = 0, data_like = 0;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const auto& cell = cells[c];
            if (cell.empty()) continue;
            ++non_empty;
            const bool number = reads_as_number(cell), time = !number && reads_as_time(cell);
            data_like += number || time;
            if (!typed || c >= kinds.size() || kinds[c] == CellKind::text || is_missing_token(cell)) continue;
            if (kinds[c] == CellKind::number && !number) return false;
            if (kinds[c] == CellKind::time && !time) return false;
            ++checked;
        }
        return typed ? checked > 0 : non_empty > 0 && data_like == non_empty;
    }

    // Names, not a damaged row: at least two cells, none of them a number or a time.
    bool reads_like_names(std::size_t i) const {
        std::size_t names = 0;
        for (const auto& cell : fields_[i]) {
            if (is_missing_token(cell)) continue;
            if (reads_as_number(cell) || reads_as_time(cell)) return false;
            ++names;
        }
        return names >= 2;
    }

  private:
    std::vector<std::vector<std::string>> fields_;
    std::vector<bool> names_;
};

std::int64_t first_non_blank(const std::vector<std::string_view>& lines, std::size_t from) {
    for (std::size_t i = from; i < lines.size(); ++i)
        if (!blank(lines[i])) return static_cast<std::int64_t>(i) + 1;
    return static_cast<std::int64_t>(from) + 1;
}

}  // namespace

CsvDialect sniff_dialect(std::string_view text, const DialectOverrides& overrides) {
    const auto lines = first_lines(text);
    CsvDialect dialect;
    if (lines.empty()) return dialect;

    DelimiterScore best = sniff_delimiter(lines);
    if (overrides.delimiter) best = score_delimiter(lines, *overrides.delimiter);
    dialect.delimiter = best.delimiter;
    dialect.field_count = std::max<std::size_t>(best.modal_count, 1);
    const SniffedLines sniffed(lines, dialect.delimiter);
    const std::size_t width = dialect.field_count;

    if (overrides.header_line) {
        const std::int64_t header = *overrides.header_line;
        dialect.has_header = header > 0;
        dialect.first_table_line = header > 0 ? header : first_non_blank(lines, 0);
        if (header > 0 && static_cast<std::size_t>(header) <= lines.size())
            dialect.rows_drop_trailing_fields = sniffed.width(static_cast<std::size_t>(header - 1)) > width;
        return dialect;
    }
    if (best.modal_count < 2) {
        // One column: skip leading blank lines only.
        dialect.first_table_line = first_non_blank(lines, 0);
        const auto first = static_cast<std::size_t>(dialect.first_table_line - 1);
        dialect.has_header = first >= lines.size() || !sniffed.reads_like_data(first, sniffed.column_kinds(first, 1));
        return dialect;
    }

    // The first line of the modal width is the header, or the first data row when the
    // header is wider (rows that leave out empty trailing fields) or there is none.
    const auto modal_line = static_cast<std::size_t>(best.first_modal_line - 1);
    const auto kinds = sniffed.column_kinds(modal_line, width);
    std::size_t table_start = modal_line;
    dialect.has_header = !sniffed.reads_like_data(modal_line, kinds);
    std::size_t header_width = width;
    if (!dialect.has_header) {
        // Rows ending in a delimiter have one (empty) field more than their header.
        const bool rows_end_empty = !lines[modal_line].empty() && lines[modal_line].back() == dialect.delimiter;
        const auto could_be_header = [&](std::size_t k) {
            const std::size_t w = sniffed.width(k);
            return w >= 2 && w + (rows_end_empty ? 1 : 0) >= width && !sniffed.reads_like_data(k, kinds);
        };
        // Rows of another width may come first; the header, if any, is the line above them.
        std::size_t first_row = modal_line;
        std::optional<std::size_t> above;
        for (std::size_t k = modal_line; k-- > 0;) {
            if (blank(lines[k])) continue;
            if (!sniffed.reads_like_data(k, kinds)) {
                above = k;
                break;
            }
            first_row = k;
        }
        // ...or, with none above, a header further down with rows after it (a row pasted
        // above a file's own header): the check below then refuses to skip the row.
        std::optional<std::size_t> below;
        if (!above || !could_be_header(*above)) {
            for (std::size_t k = modal_line + 1; k < lines.size() && !below; ++k) {
                if (blank(lines[k]) || !could_be_header(k) || !sniffed.reads_like_names(k)) continue;
                std::size_t next = k + 1;
                while (next < lines.size() && blank(lines[next])) ++next;
                if (next < lines.size() && sniffed.reads_like_data(next, kinds)) below = k;
            }
        }
        const auto header = above && could_be_header(*above) ? above : below;
        if (header) {
            dialect.has_header = true;
            table_start = *header;
            header_width = sniffed.width(*header);
        } else {
            table_start = first_row;
        }
    }
    dialect.first_table_line = static_cast<std::int64_t>(table_start) + 1;
    dialect.rows_drop_trailing_fields = dialect.has_header && header_width > width;

    // What comes before the table is skipped; a line there shaped and typed like the rows
    // would be a lost data row.
    const std::size_t widest = dialect.rows_drop_trailing_fields ? header_width : width;
    for (std::size_t k = 0; k < table_start; ++k) {
        const std::size_t w = sniffed.width(k);
        if (w < 2 || (w != width && !(dialect.rows_drop_trailing_fields && w <= widest))) continue;
        if (sniffed.reads_like_data(k, kinds)) {
            dialect.skipped_line_like_data = static_cast<std::int64_t>(k) + 1;
            break;
        }
    }
    return dialect;
}

}  // namespace twinbench
