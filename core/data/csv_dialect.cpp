#include "data/csv_dialect.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "data/csv_reader.h"
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
        if (trim(lines[i]).empty()) continue;
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

}  // namespace

bool looks_numeric(std::string_view cell, char decimal_mark) {
    cell = trim(cell);
    if (cell.empty()) return false;
    std::size_t i = 0;
    if (cell[i] == '+' || cell[i] == '-') ++i;
    bool digits = false, mark = false, exponent = false;
    for (; i < cell.size(); ++i) {
        const char c = cell[i];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if (c == decimal_mark && !mark && !exponent) {
            mark = true;
        } else if ((c == 'e' || c == 'E') && digits && !exponent) {
            exponent = true;
            if (i + 1 < cell.size() && (cell[i + 1] == '+' || cell[i + 1] == '-')) ++i;
        } else {
            return false;
        }
    }
    return digits;
}

CsvDialect sniff_dialect(std::string_view text) {
    const auto lines = first_lines(text);
    CsvDialect dialect;
    if (lines.empty()) return dialect;

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
    dialect.delimiter = best.delimiter;
    dialect.field_count = std::max<std::size_t>(best.modal_count, 1);
    dialect.first_table_line = best.modal_count >= 2 ? best.first_modal_line : 1;
    // Rows that end in a delimiter have one field more than their header: the header is
    // the line just before, not preamble.
    if (best.modal_count >= 2 && dialect.first_table_line > 1) {
        const auto header = lines[static_cast<std::size_t>(dialect.first_table_line - 2)];
        const auto first_row = lines[static_cast<std::size_t>(dialect.first_table_line - 1)];
        if (!first_row.empty() && first_row.back() == dialect.delimiter &&
            count_fields(header, dialect.delimiter) + 1 == best.modal_count)
            --dialect.first_table_line;
    }
    if (best.modal_count < 2) {
        // One column: skip leading blank lines only.
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (!trim(lines[i]).empty()) {
                dialect.first_table_line = static_cast<std::int64_t>(i) + 1;
                break;
            }
    }

    // Decimal comma: only possible when ',' is not the delimiter; decided by the cells.
    std::size_t comma_numbers = 0, dot_numbers = 0;
    std::vector<std::string_view> header_cells, first_row_cells;
    for (std::size_t i = static_cast<std::size_t>(dialect.first_table_line - 1); i < lines.size(); ++i) {
        CsvReader reader(lines[i], dialect.delimiter);
        CsvRecord record;
        if (!reader.next(record)) continue;
        for (const auto cell : record.fields) {
            if (dialect.delimiter != ',' && looks_numeric(cell, ',') && cell.find(',') != std::string_view::npos)
                ++comma_numbers;
            else if (looks_numeric(cell, '.') && cell.find('.') != std::string_view::npos)
                ++dot_numbers;
        }
        if (i + 1 == static_cast<std::size_t>(dialect.first_table_line)) {
            // Header decision: a first line whose every non-empty cell is a number or a
            // timestamp is data, not names.
            std::size_t data_like = 0, non_empty = 0;
            for (const auto cell : record.fields) {
                const auto t = trim(cell);
                if (t.empty()) continue;
                ++non_empty;
                const std::array<std::string_view, 1> one{t};
                if (looks_numeric(t, '.') || looks_numeric(t, ',') || detect_timestamp_format(one))
                    ++data_like;
            }
            dialect.has_header = non_empty == 0 || data_like < non_empty;
        }
    }
    dialect.decimal_mark = comma_numbers > dot_numbers ? ',' : '.';
    return dialect;
}

}  // namespace twinbench
