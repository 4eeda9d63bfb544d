// The report's content, independent of the output format: a title page and numbered
// sections holding paragraphs, key-value tables, data tables and charts. build_report
// (report_builder.h) is the only place that puts numbers into it; the HTML, XLSX and PDF
// renderers only lay it out, so the three formats cannot disagree.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "report/chart.h"

namespace twinbench::report {

// A table cell: the text as the report prints it, and for numbers the value itself so that
// the spreadsheet holds a number people can continue to calculate with.
struct Cell {
    std::string text;
    std::optional<double> value;

    Cell() = default;
    Cell(std::string t) : text(std::move(t)) {}  // NOLINT(google-explicit-constructor)
    Cell(const char* t) : text(t) {}             // NOLINT(google-explicit-constructor)
    Cell(std::string t, double v) : text(std::move(t)), value(v) {}
};

enum class ParagraphStyle { body, note, warning };

struct Paragraph {
    std::string text;
    ParagraphStyle style = ParagraphStyle::body;
};

struct KeyValueTable {
    std::string caption;
    std::vector<std::pair<std::string, Cell>> rows;
};

// Spreadsheet sheets a table is also written to (PRODUCT issue 7: KPIs, scenario
// settings, model terms, time series).
enum class Sheet { none, kpis, scenario_settings, model_terms };

struct DataTable {
    std::string caption;
    std::vector<std::string> header;  // with units: "Estimate [min]"
    std::vector<std::vector<Cell>> rows;
    Sheet sheet = Sheet::none;
    // Leading columns that identify the row on the sheet (e.g. model, scenario), written
    // before the table's own columns.
    std::vector<std::pair<std::string, std::string>> sheet_keys;
};

using Block = std::variant<Paragraph, KeyValueTable, DataTable, Chart>;

struct Section {
    std::string number;  // "2", "3.1"
    std::string title;
    int level = 1;       // 1 = chapter, 2 = sub-section
    std::string anchor;  // unique id for links in the HTML and the PDF outline
    std::vector<Block> blocks;
};

struct TitlePage {
    std::string title;    // "Furnace line study"
    std::string project;  // project file name
    std::string dataset;
    std::string author;
    std::string date;      // "2026-11-23"
    std::string question;  // the question studied
    std::string twinbench_version;
};

struct TocEntry {
    std::string number;
    std::string title;
    int level = 1;
    std::string anchor;
};

struct ReportDocument {
    TitlePage title;
    std::vector<Section> sections;

    std::vector<TocEntry> table_of_contents() const {
        std::vector<TocEntry> toc;
        for (const auto& s : sections) toc.push_back({s.number, s.title, s.level, s.anchor});
        return toc;
    }
};

}  // namespace twinbench::report
