#include "support/corpus_values.h"

#include <cmath>
#include <optional>

#include "common/time_format.h"
#include "data/timestamp_parser.h"

namespace twinbench::test {
namespace {

using nlohmann::json;

std::string show(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

const Column* find_column(const std::vector<Table>& tables, const std::string& name) {
    for (const auto& t : tables)
        if (const auto* c = t.find(name)) return c;
    return nullptr;
}

// The cell as the manifest writes it: null, a number, a label or an ISO 8601 UTC time.
json actual_cell(const Column& column, std::size_t row) {
    if (column.is_missing(row)) return nullptr;
    switch (column.type) {
        case ColumnType::categorical:
            return std::string(column.label(row));
        case ColumnType::timestamp:
            return format_utc_iso(column.values[row]);
        default:
            return column.values[row];
    }
}

bool same_cell(const json& expected, const json& actual) {
    if (expected.is_null() || actual.is_null()) return expected.is_null() && actual.is_null();
    if (expected.is_number() && actual.is_number()) return expected.get<double>() == actual.get<double>();
    if (expected.is_string() && actual.is_string()) {
        const auto e = expected.get<std::string>(), a = actual.get<std::string>();
        if (e == a) return true;
        // Times: the same instant, whatever the spelling of the fraction.
        const auto te = parse_timestamp(e, TimestampFormat::iso8601);
        const auto ta = parse_timestamp(a, TimestampFormat::iso8601);
        return te && ta && te->has_offset && ta->has_offset && std::fabs(te->seconds - ta->seconds) < 5e-4;
    }
    return false;
}

}  // namespace

std::vector<std::string> check_cells(const json& expected, const std::vector<Table>& tables) {
    std::vector<std::string> problems;
    for (const auto& [name, cells] : expected.items()) {
        const Column* column = find_column(tables, name);
        if (!column) {
            problems.push_back("cells." + name + ": no such column");
            continue;
        }
        if (column->size() != cells.size()) {
            json all = json::array();
            for (std::size_t r = 0; r < column->size(); ++r) all.push_back(actual_cell(*column, r));
            problems.push_back("cells." + name + ": expected " + std::to_string(cells.size()) + " rows " +
                               show(cells) + ", actual " + std::to_string(column->size()) + " " + show(all));
            continue;
        }
        for (std::size_t r = 0; r < cells.size(); ++r) {
            const json actual = actual_cell(*column, r);
            if (!same_cell(cells[r], actual))
                problems.push_back("cells." + name + "[" + std::to_string(r) + "]: expected " + show(cells[r]) +
                                   ", actual " + show(actual) + " (" + std::string(column_type_name(column->type)) +
                                   ")");
        }
    }
    return problems;
}

std::vector<std::string> check_skipped_lines(const json& expected, const std::vector<SkippedLine>& lines) {
    json actual = json::array();
    for (const auto& l : lines) actual.push_back({{"line", l.line}, {"text", l.raw}});
    if (actual == expected) return {};
    return {"skipped_lines: expected " + show(expected) + ", actual " + show(actual)};
}

std::vector<std::string> check_source_file(const json& expected, const std::vector<SourceFileRecord>& files) {
    if (files.empty()) return {"source_file: the project records no file"};
    const auto& f = files.front();
    const json actual = {{"encoding", f.encoding},   {"delimiter", f.delimiter},
                         {"decimal_mark", f.decimal_mark}, {"thousands", f.thousands},
                         {"header_line", f.header_line ? json(*f.header_line) : json(nullptr)},
                         {"given", f.given}};
    std::vector<std::string> problems;
    for (const auto& [key, value] : expected.items())
        if (!actual.contains(key) || actual[key] != value)
            problems.push_back("source_file." + key + ": expected " + show(value) + ", actual " +
                               (actual.contains(key) ? show(actual[key]) : std::string("no such field")));
    return problems;
}

}  // namespace twinbench::test
